/* fleet.h - the summary of a collection over several accounts and regions:
 * where throttling happened and which quotas bit, per account and region.
 *
 * Each collected directory is analysed as render analyses it (analysis.h),
 * so the figures here are the ones its case would carry; the summary only
 * gathers them.  It is written beside the evidence directories as
 * fleet.json and fleet.txt, and is never part of a case: a case stays one
 * account and one region. */
#ifndef QC_FLEET_H
#define QC_FLEET_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

struct qc_redactor;

typedef struct qc_fleet_target {
    const char *account; /* NULL when the identity could not be had */
    const char *region;
    const char *source;  /* "profile dev", "role arn:...", "the default credentials" */
    const char *dir;     /* the evidence directory's name in the fleet directory, or NULL */
    const char *result;  /* "collected", "partial", "failed", "interrupted", "skipped" */
    const char *error;   /* what went wrong, one line, or NULL */
} qc_fleet_target;

/* Writes fleet_dir/fleet.json and fleet_dir/fleet.txt (each atomically,
 * through the redactor) and sets *text to fleet.txt's content (free() it). */
int qc_fleet_summarise(const char *fleet_dir, const qc_fleet_target *t, size_t n, int64_t now_ms,
                       struct qc_redactor *r, char **text, qc_err *err);

#endif
