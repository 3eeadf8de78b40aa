/* buf.c - bounded growable buffer; see buf.h. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void qc_buf_init(qc_buf *b, size_t max)
{
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : QC_BUF_DEFAULT_MAX;
    b->overflow = 0;
}

void qc_buf_free(qc_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

void qc_buf_reset(qc_buf *b)
{
    b->len = 0;
    b->overflow = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

static int S_reserve(qc_buf *b, size_t extra)
{
    if (extra > b->max - b->len) {
        b->overflow = 1; /* sticky: whoever wrote past the ceiling is told later */
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    if (cap > b->max + 1)
        cap = b->max + 1;
    b->ptr = qc_realloc(b->ptr, cap);
    b->cap = cap;
    return 0;
}

int qc_buf_add(qc_buf *b, const void *p, size_t n)
{
    if (S_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return 0;
}

int qc_buf_adds(qc_buf *b, const char *s)
{
    return qc_buf_add(b, s, strlen(s));
}

int qc_buf_addc(qc_buf *b, char c)
{
    return qc_buf_add(b, &c, 1);
}

int qc_buf_vprintf(qc_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || S_reserve(b, (size_t)n) < 0)
        return -1;
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int qc_buf_printf(qc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = qc_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *qc_buf_take(qc_buf *b)
{
    char *p = b->ptr ? b->ptr : qc_strdup("");
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->overflow = 0;
    return p;
}

void qc_buf_truncate(qc_buf *b, size_t n)
{
    if (n < b->len) {
        b->len = n;
        b->ptr[n] = '\0';
    }
}
