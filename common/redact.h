/* redact.h - the one redactor every written and printed byte passes through.
 *
 * A run has one qc_redactor.  It replaces what the detectors (detect.h) and
 * the user's own words and patterns find with a placeholder that names the
 * kind and a number, "[email-3]", "[aws-key-id-1]": the same value gets the
 * same placeholder in every file of the run, so a support engineer can still
 * see that two records came from one key.  A prompt or completion becomes
 * "[prompt-2: 1532 chars, sha256 3f2a9c01]" (a keyed hash: nobody holding
 * the evidence can test a guess of a short prompt against it).
 *
 * The placeholders come from a map (redmap.h) that can be loaded from and
 * saved to a file outside the evidence, so later runs map alike. */
#ifndef QC_REDACT_H
#define QC_REDACT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/detect.h"
#include "common/err.h"

typedef struct qc_redactor qc_redactor;

typedef struct qc_redact_counts {
    uint64_t n[QC_SK_NKINDS];
} qc_redact_counts;

qc_redactor *qc_redactor_new(void);
void qc_redactor_free(qc_redactor *r);

/* A word to redact wherever it appears (case-insensitive, at least 3
 * characters), or a PCRE2 pattern.  err names the pattern's problem. */
int qc_redactor_add_word(qc_redactor *r, const char *word, qc_err *err);
int qc_redactor_add_pattern(qc_redactor *r, const char *pattern, qc_err *err);
/* A file of one word per line; "re:" starts a pattern; "#" a comment. */
int qc_redactor_load_words(qc_redactor *r, const char *path, qc_err *err);

/* Loads the placeholders of an earlier run (a missing file is an empty map),
 * and writes them back (mode 0600, atomically; nothing when the map is empty). */
int qc_redactor_load_map(qc_redactor *r, const char *path, qc_err *err);
int qc_redactor_save_map(const qc_redactor *r, const char *path, qc_err *err);
/* Where the map of evidence directory `dir` lives by default: beside it,
 * "<dir>.redaction-map.json", never inside it (free() the result). */
char *qc_redactor_default_map_path(const char *dir);

/* Appends s[0..n) to out with every secret replaced.  counts (may be NULL)
 * gets one per replacement.  Returns -1 only when out would pass its limit. */
int qc_redact_buf(qc_redactor *r, const char *s, size_t n, qc_buf *out,
                  qc_redact_counts *counts);
/* s redacted, as a new string (free() it). */
char *qc_redact_str(qc_redactor *r, const char *s);
/* Redacts every string (and object key) of doc in place. */
void qc_redact_json(qc_redactor *r, json_t *doc);

/* Distinct values this run has replaced, per kind, as {"email": 3, ...}
 * (kinds with none left out; new reference). */
json_t *qc_redactor_values_json(const qc_redactor *r);
/* The same as a count per kind. */
void qc_redactor_values(const qc_redactor *r, qc_redact_counts *out);
/* Per-kind counts as JSON ({"email": 3, ...}, zeros left out). */
json_t *qc_redact_counts_json(const qc_redact_counts *c);

#endif
