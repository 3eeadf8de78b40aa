/* err.h - errors as values.
 *
 * Library code returns a status and fills a qc_err with one line that names
 * where the problem is (file:line:column, or the AWS operation).  The first
 * message set wins: callers may add context with qc_err_prefix, but never
 * replace what the code closest to the problem said.  Only cli/ prints. */
#ifndef QC_ERR_H
#define QC_ERR_H

#include <stdarg.h>

enum qc_errcode {
    QC_OK = 0,
    QC_EUSAGE,   /* bad command line or option value */
    QC_EINPUT,   /* malformed or unreadable input file */
    QC_EIO,      /* failed to write output */
    QC_EEXIST,   /* output exists and --force was not given */
    QC_EVERIFY,  /* checksum mismatch, missing or extra file */
    QC_EPARTIAL, /* some source failed; the others completed */
    QC_EAWS,     /* an AWS call failed, or no credentials could be found */
    QC_ECHECK,   /* render --strict: the completeness checklist has open items */
    QC_ELEAK,    /* the leak gate found something secret-shaped in a written file */
};

typedef struct qc_err {
    int code;
    char msg[1024];
} qc_err;

void qc_err_clear(qc_err *err);
/* Sets the error unless one is already set; returns -1 for `return qc_err_set(...)`. */
int qc_err_set(qc_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int qc_err_setv(qc_err *err, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Puts "prefix: " in front of an existing message (context from a caller). */
void qc_err_prefix(qc_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
