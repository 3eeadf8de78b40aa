/* live.h - collecting from AWS: CloudWatch AWS/Bedrock metrics, Service
 * Quotas and CloudWatch Logs, into the same structures the importers fill
 * (answers go through the importers themselves, so a live collection and an
 * import of the equivalent aws CLI exports give the same evidence). */
#ifndef QC_LIVE_H
#define QC_LIVE_H

#include <jansson.h>
#include <stdint.h>

#include "collector/aws/client.h"
#include "collector/quotas.h"
#include "collector/series.h"
#include "common/progress.h"
#include "common/stop.h"

typedef struct qc_live_opts {
    const char *const *models; /* ids, or one "all": every ModelId with data (ListMetrics) */
    size_t nmodels;
    int64_t start_ms, end_ms;
    int period_s; /* requested; raised when CloudWatch keeps no data that fine */
    qc_stop_flag *interrupted;
    qc_progress_fn progress;
    void *progress_ud;
} qc_live_opts;

/* What a plan or a run would cost: queries, datapoints, calls. */
typedef struct qc_live_plan {
    size_t models, queries, datapoints, calls;
    int period_s;
    char note[256]; /* why the period differs from the one asked for */
} qc_live_plan;

/* The period CloudWatch can serve for a window starting at start_ms (1-minute
 * data is kept 15 days, 5-minute 63 days, hourly 455 days). */
int qc_live_period(int64_t start_ms, int64_t now_ms, int requested_s, char note[256]);

/* Models to collect: --model ids, or ListMetrics for "all". */
int qc_live_models(qc_aws *aws, const qc_live_opts *o, json_t **models, qc_err *err);
void qc_live_plan_metrics(const qc_live_opts *o, size_t nmodels, int64_t now_ms, qc_live_plan *p);

/* GetMetricData with up to 500 queries and 100,800 datapoints a call,
 * following NextToken. */
int qc_live_metrics(qc_aws *aws, const qc_live_opts *o, const json_t *models, int64_t now_ms,
                    qc_series_set *out, qc_err *err);
/* ListServiceQuotas, ListAWSDefaultServiceQuotas and the change history for
 * "bedrock", each followed through NextToken. */
int qc_live_quotas(qc_aws *aws, const qc_live_opts *o, qc_quota_set *out, qc_err *err);
/* The FilterLogEvents pattern: the same strings the scanner's prefilter
 * looks for. */
#define QC_LOGS_FILTER \
    "?ThrottlingException ?\"Too many requests\" ?\"Too many tokens\" ?\"Too many connections\" " \
    "?ServiceUnavailableException ?ServiceQuotaExceededException"

/* Where FilterLogEvents' messages go: CloudWatch's time for each, the name
 * it is shown under ("group:stream") and its text.  -1 (err set) stops. */
typedef int (*qc_live_log_fn)(void *ud, int64_t ts_ms, const char *name, const char *msg,
                              size_t len, qc_err *err);
/* FilterLogEvents over the window with a throttling filter pattern; every
 * message goes to fn (collect scans them, in order, once all are in). */
int qc_live_logs(qc_aws *aws, const qc_live_opts *o, const char *group, qc_live_log_fn fn,
                 void *ud, qc_err *err);

#endif
