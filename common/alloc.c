/* alloc.c - abort-on-failure allocation wrappers; see alloc.h. */
#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_oom(size_t n)
{
    fprintf(stderr, "quotacase: out of memory (%zu bytes)\n", n);
    abort();
}

void *qc_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        S_oom(n);
    return p;
}

void *qc_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        S_oom(count * size);
    return p;
}

void *qc_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        S_oom(n);
    return q;
}

void *qc_grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 8;
    while (c < need)
        c *= 2;
    if (c > (size_t)-1 / size)
        S_oom(c);
    p = qc_realloc(p, c * size);
    *cap = c;
    return p;
}

char *qc_strndup(const char *s, size_t n)
{
    char *d = qc_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *qc_strdup(const char *s)
{
    return qc_strndup(s, strlen(s));
}
