/* schema.h - checks a JSON document against a table of fields, with errors
 * that name file:line:column.
 *
 * Used by the files a user writes: the case file and the price table.  Each
 * field has a type; objects and lists of objects point to their own tables,
 * so the check, the normalisation and the list of allowed keys in error
 * messages all come from one place.  Unknown keys are errors; a null value
 * counts as absent; absent fields are allowed unless marked required. */
#ifndef QC_SCHEMA_H
#define QC_SCHEMA_H

#include <jansson.h>

#include "common/err.h"

enum {
    QC_F_STRING,
    QC_F_NUMBER, /* >= 0 */
    QC_F_ENUM,   /* a string from `allowed` */
    QC_F_OBJECT,
    QC_F_OBJECTS,
    QC_F_STRINGS,
    QC_F_NUM_OR_AUTO,  /* > 0, or "auto" */
    QC_F_NUM_OR_RANGE, /* >= 0, or {"min": a, "max": b} */
    QC_F_REQUIRED = 0x100 /* or-ed with a type */
};

typedef struct qc_schema_field {
    const char *key; /* NULL ends a table */
    int type;
    const struct qc_schema_field *sub; /* QC_F_OBJECT, QC_F_OBJECTS */
    const char *const *allowed;        /* QC_F_ENUM, NULL-terminated */
} qc_schema_field;

/* Checks doc (parsed from text, kept for positions) against the table of
 * a top-level object; what names the document in "a WHAT is a JSON object". */
int qc_schema_check(const char *name, const char *text, size_t len, const json_t *doc,
                    const qc_schema_field *fs, const char *what, qc_err *err);
/* Reads, parses and checks a file; the result is a new reference. */
json_t *qc_schema_load(const char *path, const qc_schema_field *fs, const char *what, qc_err *err);
/* The document with every field of the table present (null where absent,
 * empty lists where absent), so templates can name any field. */
json_t *qc_schema_normalize(const json_t *doc, const qc_schema_field *fs);

#endif
