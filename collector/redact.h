/* redact.h - secrets out of text before anything is written.
 *
 * Log lines are the one input that may carry credentials (a debug dump of a
 * signed request, an exported environment).  Every line quotacase keeps
 * passes through qc_redact first; what it replaced is counted per kind so
 * the manifest can say what was removed without saying what it was. */
#ifndef QC_REDACT_H
#define QC_REDACT_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

enum qc_redact_kind {
    QC_RED_ACCESS_KEY_ID,
    QC_RED_SECRET_KEY,
    QC_RED_SESSION_TOKEN,
    QC_RED_AUTHORIZATION,
    QC_RED_SIGNATURE,
    QC_RED_EMAIL,
    QC_RED_NKINDS
};

typedef struct qc_redact_counts {
    uint64_t n[QC_RED_NKINDS];
} qc_redact_counts;

/* "access_key_id", "secret_access_key", ... as used in the manifest. */
const char *qc_redact_kind_name(int kind);

/* Appends s[0..n) to out with each secret replaced by "[REDACTED:<kind>]".
 * counts may be NULL.  Returns -1 only when out would pass its limit. */
int qc_redact(const char *s, size_t n, qc_buf *out, qc_redact_counts *counts);

#endif
