/* err.c - first-error-wins messages; see err.h. */
#include "err.h"

#include <stdio.h>
#include <string.h>

void qc_err_clear(qc_err *err)
{
    err->code = QC_OK;
    err->msg[0] = '\0';
}

int qc_err_setv(qc_err *err, int code, const char *fmt, va_list ap)
{
    if (err->code != QC_OK)
        return -1;
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    /* One line, always: a message may quote input that held a newline. */
    for (char *p = err->msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return -1;
}

int qc_err_set(qc_err *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qc_err_setv(err, code, fmt, ap);
    va_end(ap);
    return -1;
}

void qc_err_prefix(qc_err *err, const char *fmt, ...)
{
    char pre[512], old[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof pre, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    /* Built by hand: the message is cut at the buffer's end on purpose. */
    size_t n = strlen(pre), m = strlen(old), cap = sizeof err->msg - 1;
    if (n > cap - 2)
        n = cap - 2;
    memcpy(err->msg, pre, n);
    memcpy(err->msg + n, ": ", 2);
    if (m > cap - n - 2)
        m = cap - n - 2;
    memcpy(err->msg + n + 2, old, m);
    err->msg[n + 2 + m] = '\0';
}
