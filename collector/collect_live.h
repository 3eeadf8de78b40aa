/* collect_live.h - the live sources of one collection: the identity first,
 * then CloudWatch metrics, Service Quotas and each CloudWatch Logs group at
 * once, each on a client of its own (AWS's rate limits are per API, and
 * each client slows down on its own when its API throttles).  What they
 * bring is merged in a fixed order, so the evidence does not depend on
 * which answer came first. */
#ifndef QC_COLLECT_LIVE_H
#define QC_COLLECT_LIVE_H

#include <jansson.h>

#include "collector/collect.h"
#include "collector/logscan.h"
#include "collector/quotas.h"
#include "collector/series.h"

#define QC_LIVE_PARALLEL_DEFAULT 4

/* Appends one record per source to `sources` (status, error, its calls),
 * sets *account from the identity, and marks r partial or interrupted. */
void qc_collect_live(const qc_collect_opts *o, qc_logscan *scan, qc_series_set *ss,
                     qc_quota_set *qs, json_t *sources, char **account, qc_collect_result *r);

#endif
