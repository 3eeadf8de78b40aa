/* redmap.h - which placeholder each redacted value has.
 *
 * Values are known by a keyed hash (HMAC-SHA-256 under the map's own random
 * key), so the map file need not hold a credential to recognise it again;
 * it keeps the value itself only for personal data and the user's words,
 * where the user may want to read back who "[email-3]" was.  The file is
 * the user's: mode 0600, outside the evidence, never bundled. */
#ifndef QC_REDMAP_H
#define QC_REDMAP_H

#include <stddef.h>

#include "common/err.h"

typedef struct qc_redmap qc_redmap;

qc_redmap *qc_redmap_new(void);
void qc_redmap_free(qc_redmap *m);

/* A missing file leaves the map as it is; anything else unreadable fails. */
int qc_redmap_load(qc_redmap *m, const char *path, qc_err *err);
/* Nothing is written for a map without entries. */
int qc_redmap_save(const qc_redmap *m, const char *path, qc_err *err);

/* The placeholder number of v[0..n) (a new one, the next of its kind, when
 * first seen); *kind becomes the kind it was first seen as, so a value has
 * one placeholder whichever detector finds it later. */
unsigned qc_redmap_number(qc_redmap *m, int *kind, const char *v, size_t n);
/* 8 hex digits of the keyed hash of v, for a prompt's placeholder. */
void qc_redmap_short_hash(const qc_redmap *m, const char *v, size_t n, char out[9]);
/* Distinct values of each kind met since the map was made (not loaded). */
size_t qc_redmap_seen(const qc_redmap *m, int kind);

#endif
