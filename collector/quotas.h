/* quotas.h - Service Quotas values and increase requests, merged by quota code.
 *
 * Applied values (ListServiceQuotas / GetServiceQuota) and AWS defaults
 * (ListAWSDefaultServiceQuotas / GetAWSDefaultServiceQuota) are kept apart:
 * an account whose applied value is under the AWS default is a finding, and
 * ListServiceQuotas omits quotas that have no applied value of their own. */
#ifndef QC_QUOTAS_H
#define QC_QUOTAS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct qc_quota {
    char *service_code, *code, *name, *unit, *arn;
    int has_applied;
    double applied;
    int has_default;
    double default_value;
    int adjustable; /* -1 unknown */
    int global;     /* -1 unknown */
    int period_value;
    char *period_unit;
    json_t *usage_metric; /* owned; NULL when absent */
    char *applied_source, *default_source;
} qc_quota;

typedef struct qc_quota_request {
    char *id, *case_id, *service_code, *quota_code, *quota_name, *status, *unit, *requester;
    double desired;
    int64_t created_ms, updated_ms; /* QC_TIME_NONE when absent */
    char *source;
} qc_quota_request;

typedef struct qc_quota_set {
    qc_quota *q;
    size_t n, cap;
    qc_quota_request *r;
    size_t nr, rcap;
} qc_quota_set;

/* The quota with this service and code, created empty when new.  Borrowed. */
qc_quota *qc_quota_get(qc_quota_set *set, const char *service_code, const char *code);
qc_quota_request *qc_quota_request_add(qc_quota_set *set);
/* Sorts quotas by code and requests by creation time, for stable output. */
void qc_quota_finish(qc_quota_set *set);
void qc_quota_set_free(qc_quota_set *set);
/* service_quotas_<service>.json for one service code (new reference); each
 * quota lists which of the given models it governs. */
json_t *qc_quota_to_json(const qc_quota_set *set, const char *service_code,
                         const char *const *models, size_t nmodels);

/* Does a Bedrock quota (by its name) govern calls to this model or
 * inference profile, in either tier?  The rule is collector/quotamap.h's;
 * the render maps again at its own time, with the case file's quota_map. */
int qc_quota_governs(const char *quota_name, const char *model_id);

#endif
