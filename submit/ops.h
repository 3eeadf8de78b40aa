/* ops.h - the Service Quotas and AWS Support calls that file and follow a
 * quota increase, each recorded, each failure explained.
 *
 * Shapes from the botocore models service-quotas 2019-06-24 (awsJson 1.1,
 * ServiceQuotasV20190624, signed as "servicequotas" in the quota's region)
 * and support 2013-04-15 (awsJson 1.1, AWSSupport_20130415, signed as
 * "support"; one endpoint per partition: us-east-1, cn-north-1,
 * us-gov-west-1).  Retries (throttling, 5xx, timeouts) are the client's
 * (collector/aws/client.h).  What a failure means for the user is said
 * here, once: "AttachmentSetExpired" becomes "the attachment set expired
 * (sets last an hour): `submit --resume` makes a new one". */
#ifndef QC_OPS_H
#define QC_OPS_H

#include <jansson.h>
#include <stdint.h>

#include "collector/aws/client.h"
#include "common/err.h"

enum qc_api { QC_API_QUOTAS, QC_API_SUPPORT };

typedef struct qc_ops {
    qc_aws *aws;        /* borrowed */
    const char *region; /* the quota's region (Service Quotas calls) */
    json_t *calls;      /* every call made: {at, api, operation, outcome, message, request_id} */
    qc_aws_error last;  /* the last call's AWS error (code empty when it succeeded) */
    /* The last call failed without saying it did nothing: no answer, or a
     * 5xx.  A call that files something may then have been done. */
    int maybe_done;
    /* The clock for "at" (ms); tests leave it NULL for the real one. */
    int64_t (*now_ms)(void);
} qc_ops;

void qc_ops_init(qc_ops *o, qc_aws *aws, const char *region);
void qc_ops_free(qc_ops *o);

/* The region AWS Support's endpoint is signed for, from any region. */
const char *qc_ops_support_region(const char *region);
/* The IAM action a call needs: "servicequotas:GetServiceQuota". */
void qc_ops_iam_action(int api, const char *op, char out[128]);

/* One call: body is taken (decref'd), *out is the answer (new reference).
 * On failure err says what it means and o->last holds the AWS code. */
int qc_ops_call(qc_ops *o, int api, const char *op, json_t *body, json_t **out, qc_err *err);
/* Did the last call fail with this AWS error code? */
int qc_ops_failed_with(const qc_ops *o, const char *code);

/* The value in force: GetServiceQuota, else (no applied value of its own)
 * GetAWSDefaultServiceQuota.  *adjustable -1 when not said. */
int qc_ops_quota_value(qc_ops *o, const char *service, const char *code, double *value,
                       int *adjustable, qc_err *err);
/* Every increase request for one quota (ListRequestedServiceQuotaChangeHistoryByQuota,
 * through NextToken), as a new array. */
int qc_ops_quota_requests(qc_ops *o, const char *service, const char *code, json_t **list,
                          qc_err *err);
/* Is a request's status one that is still open (PENDING, CASE_OPENED)? */
int qc_ops_request_open(const char *status);
/* The newest open request of a list, borrowed; NULL when none. */
json_t *qc_ops_newest_open(const json_t *requests);

/* AddAttachmentsToSet with these files (at most 3, each at most 5 MB, read
 * and base64-encoded here): a new set (*set_id NULL) or more in one.
 * *set_id and *expiry are new strings. */
int qc_ops_attach(qc_ops *o, const char *const *paths, const char *const *names, size_t n,
                  char **set_id, char **expiry, qc_err *err);

#endif
