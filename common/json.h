/* json.h - reading JSON files with located errors, and writing JSON in the
 * one stable layout every evidence file uses.
 *
 * Layout: two-space indent, keys in insertion order, arrays of scalars on one
 * line, arrays of small scalar arrays (time series points) one per line, whole
 * numbers printed without a fraction, others in their shortest exact form.
 * The same document always gives the same bytes, which the checksums in the
 * manifest and the golden tests rely on. */
#ifndef QC_JSON_H
#define QC_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* Loads a JSON file; errors read "path:line:column: what". Caller owns the
 * result (json_decref). */
json_t *qc_json_load_file(const char *path, qc_err *err);
json_t *qc_json_load_mem(const char *name, const char *data, size_t len, qc_err *err);

/* Appends the stable layout of j (and a final newline) to out. */
int qc_json_dump(const json_t *j, qc_buf *out);
/* The same layout for a value nested `depth` levels deep (its inner lines
 * indented for that depth), without the final newline: for files written
 * element by element. */
int qc_json_dump_at(const json_t *j, qc_buf *out, int depth);

/* Builders that never fail: the strings are made valid UTF-8 first
 * (each bad byte becomes U+FFFD), so hostile log bytes cannot make jansson
 * refuse a value.  Each returns a new reference. */
json_t *qc_json_str(const char *s);
json_t *qc_json_strn(const char *s, size_t n);
/* NULL gives JSON null. */
json_t *qc_json_str_or_null(const char *s);

/* A number as JSON and templates print it: whole numbers without a
 * fraction, others in the shortest form that reads back exactly. */
void qc_json_format_number(double v, char out[40]);

/* An instant as "2026-01-12T09:51:00Z", or JSON null for QC_TIME_NONE. */
json_t *qc_json_time(int64_t ms);

/* Borrowed lookups that return NULL/0 on a missing key or wrong type. */
const char *qc_json_get_str(const json_t *obj, const char *key);
int qc_json_get_num(const json_t *obj, const char *key, double *out);
/* The first object of an array whose string member key equals value. */
const json_t *qc_json_find(const json_t *list, const char *key, const char *value);

/* Appends s as valid UTF-8: invalid sequences become U+FFFD, and so do NUL
 * and the other C0 controls except tab and newline (they are never meaningful
 * in the text we keep and would break the plain-text outputs). */
int qc_utf8_sanitize(const char *s, size_t n, qc_buf *out);
/* Returns 1 when s[0..n) is valid UTF-8. */
int qc_utf8_valid(const char *s, size_t n);

#endif
