/* config.h - the aws CLI's shared files (~/.aws/config, ~/.aws/credentials).
 *
 * INI as botocore reads it: [section] headers, "key = value" (or ':'),
 * full-line comments with # or ;, key names lower-cased, indented lines
 * continuing the previous key (a nested "s3 =\n  max_attempts = 3" becomes
 * "s3.max_attempts").  A duplicate section or key, or a key outside a
 * section, is an error naming file:line. */
#ifndef QC_AWS_CONFIG_H
#define QC_AWS_CONFIG_H

#include <stddef.h>

#include "common/err.h"

typedef struct qc_ini qc_ini;

qc_ini *qc_ini_parse(const char *name, const char *text, size_t len, qc_err *err);
/* A missing file is an empty result, not an error. */
qc_ini *qc_ini_load(const char *path, qc_err *err);
void qc_ini_free(qc_ini *ini);
/* The value, or NULL.  Section names as written: "default", "profile dev". */
const char *qc_ini_get(const qc_ini *ini, const char *section, const char *key);
int qc_ini_has_section(const qc_ini *ini, const char *section);

#endif
