/* checklist.h - the completeness checklist: what the case still lacks
 * (application logs, 1-minute metrics, data in the collection window, a
 * mapped quota, a justification, a case file edited from the `quotacase
 * init` example, logs and metrics that share minutes, one region, one
 * account) and what would make the request wrong (a quota Service Quotas
 * cannot raise, a value not above the one in force, arithmetic in another
 * unit, a value the evidence does not back, an increase request for the
 * quota already open).  `render --strict` fails on any open item. */
#ifndef QC_CHECKLIST_H
#define QC_CHECKLIST_H

#include <jansson.h>
#include <stddef.h>

#include "report/evidx.h"
#include "report/minutes.h"

/* The items for model, given its diagnosis.models (dmodels); *open counts
 * the items that do not hold.  A new reference. */
json_t *qc_checklist_build(const json_t *model, const json_t *dmodels, const qc_mintabs *tabs,
                           const qc_evidx *idx, size_t *open);

#endif
