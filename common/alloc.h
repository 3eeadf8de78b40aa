/* alloc.h - allocation that never returns NULL.
 *
 * Out of memory is the one condition quotacase does not try to recover from:
 * these wrappers abort, so every other function can treat allocation as
 * infallible (cmark, jq and redis make the same choice). */
#ifndef QC_ALLOC_H
#define QC_ALLOC_H

#include <stddef.h>

void *qc_malloc(size_t n);
void *qc_calloc(size_t count, size_t size);
void *qc_realloc(void *p, size_t n);
/* Grows an array of `*cap` elements of `size` bytes so it holds `need`. */
void *qc_grow(void *p, size_t *cap, size_t need, size_t size);
char *qc_strdup(const char *s);
char *qc_strndup(const char *s, size_t n);

#endif
