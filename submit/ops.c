/* ops.c - Service Quotas and AWS Support calls; see ops.h. */
#include "ops.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/qtime.h"

#define QC_ATTACH_LIMIT ((size_t)5 * 1000 * 1000)

static int64_t S_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void qc_ops_init(qc_ops *o, qc_aws *aws, const char *region)
{
    memset(o, 0, sizeof *o);
    o->aws = aws;
    o->region = region;
    o->calls = json_array();
}

void qc_ops_free(qc_ops *o)
{
    json_decref(o->calls);
    o->calls = NULL;
}

const char *qc_ops_support_region(const char *region)
{
    if (region && !strncmp(region, "cn-", 3))
        return "cn-north-1";
    if (region && !strncmp(region, "us-gov-", 7))
        return "us-gov-west-1";
    return "us-east-1";
}

void qc_ops_iam_action(int api, const char *op, char out[128])
{
    snprintf(out, 128, "%s:%s", api == QC_API_SUPPORT ? "support" : "servicequotas", op);
}

/* What an AWS error code means for someone filing a quota increase. */
static const struct { const char *code, *hint; } S_hints[] = {
    {"IllegalArgumentException",
     "Service Quotas refused the request: the quota is not adjustable, or the value asked for is "
     "not above the value in force"},
    {"QuotaExceededException",
     "the account has as many quota increase requests open as Service Quotas allows; wait for "
     "one to close"},
    {"ResourceAlreadyExistsException",
     "a request for this quota is already open; `quotacase status` shows it"},
    {"NoSuchResourceException", "Service Quotas does not know this quota in this region"},
    {"InvalidResourceStateException", "the quota cannot take a request in its present state"},
    {"DependencyAccessDeniedException",
     "Service Quotas could not reach AWS Support or Organizations for this account"},
    {"AttachmentSetSizeLimitExceeded",
     "an attachment set holds at most 3 files of at most 5 MB each"},
    {"AttachmentLimitExceeded",
     "too many attachment sets were made in a short time; wait a few minutes and run "
     "`quotacase submit --resume`"},
    {"AttachmentSetExpired",
     "the attachment set expired (sets last one hour); `quotacase submit --resume` makes a new "
     "one"},
    {"AttachmentSetIdNotFound",
     "AWS Support does not know the attachment set (it expired or was used); "
     "`quotacase submit --resume` makes a new one"},
    {"CaseIdNotFound",
     "AWS Support has no such case in this account (cases older than 12 months are not listed)"},
    {"CaseCreationLimitExceeded", "AWS Support refuses more new cases for now; try again later"},
    {"SubscriptionRequiredException",
     "AWS Support's API needs a Business, Enterprise On-Ramp or Enterprise support plan"},
    {"TooManyRequestsException", "still throttled after every retry; try again in a few minutes"},
    {"ThrottlingException", "still throttled after every retry; try again in a few minutes"},
};

static const char *S_hint(const char *op, const char *code)
{
    if (!strcmp(code, "NoSuchResourceException") && strstr(op, "RequestedServiceQuotaChange") &&
        !strstr(op, "History"))
        return "Service Quotas does not know this request in this account and region";
    for (size_t i = 0; i < sizeof S_hints / sizeof *S_hints; i++)
        if (!strcmp(S_hints[i].code, code))
            return S_hints[i].hint;
    return NULL;
}

static void S_log(qc_ops *o, int api, const char *op, int ok, const qc_err *err)
{
    json_t *c = json_object();
    json_object_set_new(c, "at", qc_json_time(o->now_ms ? o->now_ms() : S_clock_ms()));
    json_object_set_new(c, "api", json_string(api == QC_API_SUPPORT ? "support" : "service-quotas"));
    json_object_set_new(c, "operation", json_string(op));
    json_object_set_new(c, "outcome", qc_json_str(ok ? "ok" : o->last.code[0] ? o->last.code
                                                                              : "failed"));
    if (!ok)
        json_object_set_new(c, "message", qc_json_str(err->msg));
    if (o->last.request_id[0])
        json_object_set_new(c, "request_id", qc_json_str(o->last.request_id));
    json_array_append_new(o->calls, c);
}

/* The calls that file something: sent once (client.h), since a second
 * copy would be a second request, case or communication. */
static int S_files_something(const char *op)
{
    return !strcmp(op, "RequestServiceQuotaIncrease") || !strcmp(op, "CreateCase") ||
           !strcmp(op, "AddCommunicationToCase");
}

int qc_ops_call(qc_ops *o, int api, const char *op, json_t *body, json_t **out, qc_err *err)
{
    const qc_aws_service *svc = api == QC_API_SUPPORT ? &qc_svc_support : &qc_svc_quotas;
    const char *region = api == QC_API_SUPPORT ? qc_ops_support_region(o->region) : o->region;
    const char *prefix = api == QC_API_SUPPORT ? "AWSSupport_20130415" : "ServiceQuotasV20190624";
    json_t *answer = NULL;
    memset(&o->last, 0, sizeof o->last);
    int rc = S_files_something(op)
                 ? qc_aws_json_call_once(o->aws, svc, region, prefix, "1.1", op, body, &answer,
                                         &o->last, err)
                 : qc_aws_json_call(o->aws, svc, region, prefix, "1.1", op, body, &answer,
                                    &o->last, err);
    json_decref(body);
    o->maybe_done = 0;
    if (rc < 0 && (!strcmp(o->last.code, "ConnectionError") || !strcmp(o->last.code, "Timeout"))) {
        o->last.code[0] = '\0'; /* no answer from AWS: not an AWS error code */
        o->maybe_done = 1;
    } else if (rc < 0 && o->last.http_status >= 500) {
        o->maybe_done = 1;
    }
    const char *hint = rc < 0 ? S_hint(op, o->last.code) : NULL;
    if (hint) {
        /* The client's message names the call and AWS's words; the hint says
         * what they mean here. */
        char first[sizeof err->msg];
        snprintf(first, sizeof first, "%s", err->msg);
        int code = err->code;
        qc_err_clear(err);
        qc_err_set(err, code, "%s: %s", first, hint);
    }
    S_log(o, api, op, rc == 0, err);
    if (rc < 0) {
        json_decref(answer);
        return -1;
    }
    if (!json_is_object(answer)) {
        json_decref(answer);
        return qc_err_set(err, QC_EAWS, "%s %s: the answer is not a JSON object", svc->name, op);
    }
    *out = answer;
    return 0;
}

int qc_ops_failed_with(const qc_ops *o, const char *code)
{
    return !strcmp(o->last.code, code);
}

static json_t *S_quota_body(const char *service, const char *code)
{
    return json_pack("{s:s, s:s}", "ServiceCode", service, "QuotaCode", code);
}

int qc_ops_quota_value(qc_ops *o, const char *service, const char *code, double *value,
                       int *adjustable, qc_err *err)
{
    json_t *a = NULL;
    int rc = qc_ops_call(o, QC_API_QUOTAS, "GetServiceQuota", S_quota_body(service, code), &a, err);
    if (rc < 0 && qc_ops_failed_with(o, "NoSuchResourceException")) {
        /* A quota without an applied value of its own is at the AWS default. */
        qc_err_clear(err);
        rc = qc_ops_call(o, QC_API_QUOTAS, "GetAWSDefaultServiceQuota", S_quota_body(service, code),
                         &a, err);
    }
    if (rc < 0)
        return -1;
    json_t *q = json_object_get(a, "Quota");
    json_t *adj = json_object_get(q, "Adjustable");
    *adjustable = json_is_boolean(adj) ? json_is_true(adj) : -1;
    if (!qc_json_get_num(q, "Value", value)) {
        json_decref(a);
        return qc_err_set(err, QC_EAWS, "service-quotas GetServiceQuota: the answer for %s has no "
                          "Quota.Value", code);
    }
    json_decref(a);
    return 0;
}

int qc_ops_quota_requests(qc_ops *o, const char *service, const char *code, json_t **list,
                          qc_err *err)
{
    json_t *all = json_array();
    char *token = NULL;
    int rc = 0;
    do {
        json_t *body = S_quota_body(service, code), *a = NULL;
        if (token)
            json_object_set_new(body, "NextToken", json_string(token));
        free(token);
        token = NULL;
        rc = qc_ops_call(o, QC_API_QUOTAS, "ListRequestedServiceQuotaChangeHistoryByQuota", body, &a,
                         err);
        if (rc == 0) {
            json_array_extend(all, json_object_get(a, "RequestedQuotas"));
            if (qc_json_get_str(a, "NextToken"))
                token = qc_strdup(qc_json_get_str(a, "NextToken"));
        }
        json_decref(a);
    } while (rc == 0 && token);
    free(token);
    if (rc < 0) {
        json_decref(all);
        return -1;
    }
    *list = all;
    return 0;
}

int qc_ops_request_open(const char *status)
{
    return status && (!strcmp(status, "PENDING") || !strcmp(status, "CASE_OPENED"));
}

json_t *qc_ops_newest_open(const json_t *requests)
{
    json_t *best = NULL, *r;
    double best_t = -1, t;
    size_t i;
    json_array_foreach(requests, i, r)
    {
        if (!qc_ops_request_open(qc_json_get_str(r, "Status")))
            continue;
        if (!qc_json_get_num(r, "Created", &t))
            t = 0;
        if (!best || t > best_t) {
            best = r;
            best_t = t;
        }
    }
    return best;
}

/* A file as base64, read whole: each is at most 5 MB (checked first). */
static json_t *S_attachment(const char *path, const char *name, qc_err *err)
{
    qc_buf raw;
    qc_buf_init(&raw, QC_ATTACH_LIMIT);
    if (qc_fs_read(path, &raw, err) < 0) {
        qc_buf_free(&raw);
        qc_err_clear(err);
        qc_err_set(err, QC_EINPUT, "%s: cannot be attached: it is missing, unreadable or over "
                   "AWS Support's 5 MB an attachment", path);
        return NULL;
    }
    size_t n = 4 * ((raw.len + 2) / 3) + 1;
    unsigned char *b64 = qc_malloc(n);
    EVP_EncodeBlock(b64, (const unsigned char *)(raw.ptr ? raw.ptr : ""), (int)raw.len);
    json_t *a = json_pack("{s:s, s:s}", "fileName", name, "data", (char *)b64);
    free(b64);
    qc_buf_free(&raw);
    return a;
}

int qc_ops_attach(qc_ops *o, const char *const *paths, const char *const *names, size_t n,
                  char **set_id, char **expiry, qc_err *err)
{
    if (n == 0 || n > 3)
        return qc_err_set(err, QC_EUSAGE, "an attachment set takes 1 to 3 files, not %zu", n);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *a = S_attachment(paths[i], names[i], err);
        if (!a) {
            json_decref(list);
            return -1;
        }
        json_array_append_new(list, a);
    }
    json_t *body = json_object(), *ans = NULL;
    if (*set_id)
        json_object_set_new(body, "attachmentSetId", json_string(*set_id));
    json_object_set_new(body, "attachments", list);
    if (qc_ops_call(o, QC_API_SUPPORT, "AddAttachmentsToSet", body, &ans, err) < 0)
        return -1;
    const char *id = qc_json_get_str(ans, "attachmentSetId");
    if (!id) {
        json_decref(ans);
        return qc_err_set(err, QC_EAWS, "support AddAttachmentsToSet: the answer has no "
                          "attachmentSetId");
    }
    free(*set_id);
    *set_id = qc_strdup(id);
    *expiry = qc_json_get_str(ans, "expiryTime") ? qc_strdup(qc_json_get_str(ans, "expiryTime"))
                                                 : NULL;
    json_decref(ans);
    return 0;
}
