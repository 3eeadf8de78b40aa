/* buf.h - the one growable byte buffer, with a ceiling.
 *
 * Every string that quotacase builds goes through qc_buf.  Each buffer knows
 * the most it may hold, so hostile input (a 2 GiB line, a runaway template)
 * fails with an error instead of taking the machine's memory.  The content is
 * always NUL-terminated, so ptr can be handed to C string functions. */
#ifndef QC_BUF_H
#define QC_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct qc_buf {
    char *ptr;
    size_t len;
    size_t cap;
    size_t max; /* most bytes it may hold, not counting the NUL */
    int overflow; /* an add was refused for max: the content is incomplete */
} qc_buf;

#define QC_BUF_DEFAULT_MAX ((size_t)256 << 20)

void qc_buf_init(qc_buf *b, size_t max);
void qc_buf_free(qc_buf *b);
void qc_buf_reset(qc_buf *b);
/* Each returns 0, or -1 (leaving the buffer as it was) when max would be passed. */
int qc_buf_add(qc_buf *b, const void *p, size_t n);
int qc_buf_adds(qc_buf *b, const char *s);
int qc_buf_addc(qc_buf *b, char c);
int qc_buf_printf(qc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int qc_buf_vprintf(qc_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the content to the caller (free() it) and leaves the buffer empty. */
char *qc_buf_take(qc_buf *b);
/* Drops everything after the first n bytes. */
void qc_buf_truncate(qc_buf *b, size_t n);

#endif
