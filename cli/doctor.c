/* doctor.c - the checks of `quotacase doctor`; see doctor.h.  Every AWS
 * call here reads: ListMetrics, GetMetricData (two metrics a model),
 * the Service Quotas lists with one page, FilterLogEvents with limit 1,
 * and with submit GetServiceQuota, DescribeSeverityLevels, DescribeCases. */
#include "doctor.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/aws/sts.h"
#include "collector/live.h"
#include "common/alloc.h"
#include "common/json.h"
#include "common/qtime.h"
#include "report/analysis.h"
#include "submit/ops.h"

#define S_POLICY_FIX "quotacase iam-policy prints the policy to attach"
/* AWS refuses a signature whose time is 15 minutes off its own; a minute
 * is what a synchronised clock stays within. */
#define S_SKEW_WARN_S 60
#define S_SKEW_FAIL_S 900
/* GetMetricData: 500 queries a call, two a model. */
#define S_MAX_MODELS 250

typedef struct doc {
    qc_aws *aws;
    const qc_doc_opts *o;
    size_t fails;
} doc;

static void S_say(doc *d, qc_doc_level lv, const char *check, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void S_say(doc *d, qc_doc_level lv, const char *check, const char *fix, const char *fmt, ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (lv == QC_DOC_FAIL)
        d->fails++;
    qc_doc_line l = {lv, check, detail, fix};
    d->o->emit(d->o->ud, &l);
}

/* A failed call's line: the client's message already names the IAM action
 * to grant when AWS refused it. */
static void S_call_failed(doc *d, const char *check, const qc_err *err)
{
    S_say(d, QC_DOC_FAIL, check, strstr(err->msg, "grant the IAM action") ? S_POLICY_FIX : NULL,
          "%s", err->msg);
}

static int64_t S_wall_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The last four characters of the key id, as `aws configure list` shows it. */
static const char *S_key_tail(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    return n > 4 ? key + n - 4 : "";
}

static const qc_creds *S_credentials(doc *d)
{
    qc_err err;
    qc_err_clear(&err);
    const qc_creds *c = qc_aws_credentials(d->aws, &err);
    if (!c) {
        S_say(d, QC_DOC_FAIL, "credentials", NULL, "%s", err.msg);
        return NULL;
    }
    char exp[128] = "";
    qc_doc_level lv = QC_DOC_OK;
    if (c->expires_ms != QC_TIME_NONE) {
        long long min = (long long)((c->expires_ms - S_wall_ms()) / 60000);
        snprintf(exp, sizeof exp, "; they expire in %lld min", min);
        /* Environment keys cannot be renewed by us; a profile's are. */
        if (min < 15 && !strcmp(c->source, "environment"))
            lv = QC_DOC_WARN;
    }
    S_say(d, lv, "credentials", lv == QC_DOC_WARN ? "renew them before a long collection" : NULL,
          "%s%s%s%s, key ...%s%s", c->source, c->detail ? " (" : "", c->detail ? c->detail : "",
          c->detail ? ")" : "", S_key_tail(c->access_key), exp);
    return c;
}

/* The credentials a role is assumed with: the role's own may come from the
 * cache while these are already broken, and the next AssumeRole fails. */
static void S_base(doc *d)
{
    qc_err err;
    qc_err_clear(&err);
    const qc_creds *c = qc_aws_credentials(d->o->base, &err);
    qc_sts_identity id;
    if (c && qc_sts_get_caller_identity(d->o->base, c, &id, &err) == 0)
        S_say(d, QC_DOC_OK, "role source", NULL, "%s, account %s, %s", c->source, id.account,
              id.arn);
    else
        S_say(d, QC_DOC_FAIL, "role source", "fix these credentials: the role is assumed with them",
              "%s", err.msg);
}

static int S_region(doc *d)
{
    const char *r = qc_aws_region(d->aws);
    if (!r) {
        S_say(d, QC_DOC_FAIL, "region",
              "give --region, set AWS_REGION, or add region to the profile",
              "none: collect would not know where the Bedrock calls were made");
        return -1;
    }
    S_say(d, QC_DOC_OK, "region", NULL, "%s (from %s)", r,
          d->o->region_origin ? d->o->region_origin : "the profile");
    return 0;
}

static void S_clock(doc *d, const qc_sts_identity *id)
{
    if (id->server_ms == QC_TIME_NONE) {
        S_say(d, QC_DOC_WARN, "clock", NULL, "not checked: %s",
              id->local_ms == QC_TIME_NONE ? "no answer from AWS" : "AWS's answer carried no Date");
        return;
    }
    /* The Date header has whole seconds, cut down: its middle is half a
     * second later, and a second either way is noise. */
    long long skew = (long long)llround((double)(id->local_ms - id->server_ms - 500) / 1000.0);
    long long a = skew < 0 ? -skew : skew;
    const char *way = skew < 0 ? "behind" : "ahead of";
    if (a <= S_SKEW_WARN_S)
        S_say(d, QC_DOC_OK, "clock", NULL, "within %lld s of AWS's", a < 2 ? 1 : a);
    else
        S_say(d, a > S_SKEW_FAIL_S ? QC_DOC_FAIL : QC_DOC_WARN, "clock",
              "synchronise the system clock (timedatectl set-ntp true)",
              "%lld s %s AWS's: AWS refuses signatures 15 minutes off, and the window's "
              "edges move with the clock", a, way);
}

/* ---- CloudWatch ---- */

static json_t *S_listed_models(doc *d, int *ok)
{
    static const char *const all[] = {"all"};
    qc_live_opts lo = {all, 1, d->o->start_ms, d->o->end_ms, d->o->period_s, NULL, NULL, NULL};
    json_t *models = NULL;
    qc_err err;
    qc_err_clear(&err);
    *ok = qc_live_models(d->aws, &lo, &models, &err) == 0;
    if (!*ok) {
        S_call_failed(d, "cloudwatch:ListMetrics", &err);
        json_decref(models);
        return NULL;
    }
    S_say(d, QC_DOC_OK, "cloudwatch:ListMetrics", NULL,
          "%zu model%s with AWS/Bedrock Invocations in the last two weeks", json_array_size(models),
          json_array_size(models) == 1 ? "" : "s");
    return models;
}

typedef struct model_data {
    size_t periods; /* with calls */
    double calls, throttles;
    int64_t first, last;
} model_data;

static json_t *S_query(const char *model, size_t mi, const char *metric, int period)
{
    char id[32];
    snprintf(id, sizeof id, "m%zu_%c", mi, metric[0] == 'I' && metric[10] == 'T' ? 't' : 'c');
    return json_pack("{s:s, s:b, s:{s:{s:s, s:s, s:[{s:s, s:s}]}, s:i, s:s}}", "Id", id,
                     "ReturnData", 1, "MetricStat", "Metric", "Namespace", "AWS/Bedrock",
                     "MetricName", metric, "Dimensions", "Name", "ModelId", "Value", model,
                     "Period", period, "Stat", "Sum");
}

static void S_tally(const json_t *resp, model_data *md, size_t n)
{
    size_t i, k;
    json_t *r, *v;
    json_array_foreach(json_object_get(resp, "MetricDataResults"), i, r)
    {
        const char *id = qc_json_get_str(r, "Id");
        char kind;
        size_t mi;
        if (!id || sscanf(id, "m%zu_%c", &mi, &kind) != 2 || mi >= n)
            continue;
        const json_t *ts = json_object_get(r, "Timestamps");
        json_array_foreach(json_object_get(r, "Values"), k, v)
        {
            double x = json_number_value(v);
            if (kind == 't') {
                md[mi].throttles += x;
                continue;
            }
            if (x <= 0)
                continue;
            md[mi].periods++;
            md[mi].calls += x;
            int64_t t = (int64_t)(json_number_value(json_array_get(ts, k)) * 1000);
            if (md[mi].first == QC_TIME_NONE || t < md[mi].first)
                md[mi].first = t;
            if (md[mi].last == QC_TIME_NONE || t > md[mi].last)
                md[mi].last = t;
        }
    }
}

/* Invocations and InvocationThrottles of every model over the window, at
 * the period collect would use, every page. */
static int S_metric_data(doc *d, const json_t *models, int period, model_data *md)
{
    json_t *q = json_array();
    size_t i, n = json_array_size(models);
    for (i = 0; i < n; i++) {
        const char *m = json_string_value(json_array_get(models, i));
        json_array_append_new(q, S_query(m, i, "Invocations", period));
        json_array_append_new(q, S_query(m, i, "InvocationThrottles", period));
        md[i].first = md[i].last = QC_TIME_NONE;
    }
    int64_t p = (int64_t)period * 1000, start = d->o->start_ms - d->o->start_ms % p;
    json_t *req = json_pack("{s:o, s:I, s:I, s:s}", "MetricDataQueries", q, "StartTime",
                            (json_int_t)(start / 1000), "EndTime",
                            (json_int_t)(d->o->end_ms / 1000),
                            "ScanBy", "TimestampAscending");
    qc_err err;
    qc_err_clear(&err);
    int rc = 0;
    for (;;) {
        json_t *resp = NULL;
        qc_aws_error aerr;
        rc = qc_aws_json_call(d->aws, &qc_svc_cloudwatch, qc_aws_region(d->aws),
                              "GraniteServiceVersion20100801", "1.0", "GetMetricData", req, &resp,
                              &aerr, &err);
        if (rc < 0)
            break;
        S_tally(resp, md, n);
        const char *tok = qc_json_get_str(resp, "NextToken");
        if (tok)
            json_object_set_new(req, "NextToken", json_string(tok));
        json_decref(resp);
        if (!tok)
            break;
    }
    json_decref(req);
    if (rc < 0)
        S_call_failed(d, "cloudwatch:GetMetricData", &err);
    return rc;
}

static void S_model_line(doc *d, const char *model, const model_data *m, int period,
                         const json_t *listed)
{
    char check[300];
    snprintf(check, sizeof check, "data %s", model);
    if (!m->periods) {
        /* A model ListMetrics gave has data in the last two weeks: the
         * window missed it.  A named one may be misspelt. */
        S_say(d, QC_DOC_WARN, check,
              listed ? "widen the window (--days, --start) to when it was called"
                     : "check the id and the region: a cross-region inference profile "
                       "(us.anthropic...) is a ModelId of its own; doctor without --model "
                       "lists the models with data",
              "no AWS/Bedrock Invocations in the window");
        return;
    }
    char a[QC_TIME_STR_MAX], b[QC_TIME_STR_MAX], n[48], c[48], t[48];
    qc_time_format(m->first, a);
    qc_time_format(m->last, b);
    qc_analysis_fmt((double)m->periods, n);
    qc_analysis_fmt(m->calls, c);
    qc_analysis_fmt(m->throttles, t);
    S_say(d, QC_DOC_OK, check, NULL,
          "%s %d-second period%s with calls (%s calls, %s throttled), %s to %s",
          n, period, m->periods == 1 ? "" : "s", c, t, a, b);
}

static void S_cloudwatch(doc *d)
{
    /* With the models named collect never lists them: neither does this. */
    int named = d->o->nmodels && strcmp(d->o->models[0], "all") != 0, listed_ok = 0;
    json_t *listed = named ? NULL : S_listed_models(d, &listed_ok);
    json_t *models = json_array();
    for (size_t i = 0; named && i < d->o->nmodels; i++)
        json_array_append_new(models, json_string(d->o->models[i]));
    if (!named && listed)
        json_array_extend(models, listed);
    if (!json_array_size(models)) {
        if (listed_ok)
            S_say(d, QC_DOC_WARN, "data", "check the region; or name the models with --model",
                  "no model has AWS/Bedrock data in the last two weeks in %s",
                  qc_aws_region(d->aws));
        json_decref(models);
        json_decref(listed);
        return;
    }
    if (json_array_size(models) > S_MAX_MODELS) {
        S_say(d, QC_DOC_NOTE, "data", NULL, "only the first %d of %zu models are looked at",
              S_MAX_MODELS, json_array_size(models));
        while (json_array_size(models) > S_MAX_MODELS)
            json_array_remove(models, S_MAX_MODELS);
    }
    char note[256];
    int period = qc_live_period(d->o->start_ms, d->o->now_ms, d->o->period_s, note);
    if (note[0])
        S_say(d, QC_DOC_NOTE, "period", NULL, "%s", note);
    size_t n = json_array_size(models);
    model_data *md = qc_calloc(n, sizeof *md);
    if (S_metric_data(d, models, period, md) == 0) {
        S_say(d, QC_DOC_OK, "cloudwatch:GetMetricData", NULL, "allowed");
        for (size_t i = 0; i < n; i++)
            S_model_line(d, json_string_value(json_array_get(models, i)), &md[i], period, listed);
    }
    free(md);
    json_decref(models);
    json_decref(listed);
}

/* ---- Service Quotas, CloudWatch Logs ---- */

/* One page of an operation, its answer or NULL (the line said). */
static json_t *S_one(doc *d, const qc_aws_service *svc, const char *prefix, const char *op,
                     json_t *body)
{
    json_t *resp = NULL;
    qc_aws_error aerr;
    qc_err err;
    qc_err_clear(&err);
    char check[128];
    snprintf(check, sizeof check, "%s:%s", svc->iam_prefix, op);
    int rc = qc_aws_json_call(d->aws, svc, qc_aws_region(d->aws), prefix, "1.1", op, body, &resp,
                              &aerr, &err);
    json_decref(body);
    if (rc < 0) {
        S_call_failed(d, check, &err);
        return NULL;
    }
    return resp;
}

static json_t *S_quota_page(doc *d, const char *op)
{
    json_t *r = S_one(d, &qc_svc_quotas, "ServiceQuotasV20190624", op,
                      json_pack("{s:s, s:i}", "ServiceCode", "bedrock", "MaxResults", 100));
    if (!r)
        return NULL;
    char check[128];
    snprintf(check, sizeof check, "servicequotas:%s", op);
    const json_t *list = json_object_get(r, "Quotas") ? json_object_get(r, "Quotas")
                                                      : json_object_get(r, "RequestedQuotas");
    size_t n = json_array_size(list);
    S_say(d, QC_DOC_OK, check, NULL, "allowed (%zu %s%s on the first page)", n,
          json_object_get(r, "Quotas") ? "quota" : "increase request", n == 1 ? "" : "s");
    return r;
}

/* Returns the code of a quota ListServiceQuotas gave (for the submit
 * checks), or NULL; free() it. */
static char *S_quotas(doc *d)
{
    json_t *applied = S_quota_page(d, "ListServiceQuotas");
    json_decref(S_quota_page(d, "ListAWSDefaultServiceQuotas"));
    json_decref(S_quota_page(d, "ListRequestedServiceQuotaChangeHistory"));
    const char *code = qc_json_get_str(json_array_get(json_object_get(applied, "Quotas"), 0),
                                       "QuotaCode");
    char *out = code ? qc_strdup(code) : NULL;
    json_decref(applied);
    return out;
}

static void S_log_group(doc *d, const char *group)
{
    json_t *body = json_pack("{s:s, s:I, s:I, s:s, s:i}", "logGroupName", group, "startTime",
                             (json_int_t)d->o->start_ms, "endTime", (json_int_t)d->o->end_ms,
                             "filterPattern", QC_LOGS_FILTER, "limit", 1);
    json_t *resp = NULL;
    qc_aws_error aerr;
    qc_err err;
    qc_err_clear(&err);
    char check[600];
    snprintf(check, sizeof check, "logs:FilterLogEvents %s", group);
    int rc = qc_aws_json_call(d->aws, &qc_svc_logs, qc_aws_region(d->aws), "Logs_20140328", "1.1",
                              "FilterLogEvents", body, &resp, &aerr, &err);
    json_decref(body);
    if (rc < 0 && !strcmp(aerr.code, "ResourceNotFoundException"))
        S_say(d, QC_DOC_FAIL, check, "check the name and the region (aws logs describe-log-groups)",
              "no such log group in %s", qc_aws_region(d->aws));
    else if (rc < 0)
        S_call_failed(d, check, &err);
    else
        S_say(d, QC_DOC_OK, check, NULL, "allowed; %s",
              json_array_size(json_object_get(resp, "events"))
                  ? "throttling errors in the window"
                  : "no throttling error on the first page of the window");
    json_decref(resp);
}

/* ---- submit ---- */

static void S_ops(doc *d, qc_ops *ops, int api, const char *op, json_t *body, const char *ok)
{
    char check[128];
    qc_ops_iam_action(api, op, check);
    json_t *ans = NULL;
    qc_err err;
    qc_err_clear(&err);
    /* A quota without a value of its own answers NoSuchResource: the
     * permission is there all the same. */
    if (qc_ops_call(ops, api, op, body, &ans, &err) == 0 ||
        qc_ops_failed_with(ops, "NoSuchResourceException"))
        S_say(d, QC_DOC_OK, check, NULL, "%s", ok);
    else if (qc_ops_failed_with(ops, "SubscriptionRequiredException"))
        S_say(d, QC_DOC_WARN, check, "submit still files the increase and prints what to attach",
              "no support plan with API access (Business, Enterprise On-Ramp or Enterprise)");
    else
        S_call_failed(d, check, &err);
    json_decref(ans);
}

static void S_submit(doc *d, const char *quota_code)
{
    qc_ops ops;
    qc_ops_init(&ops, d->aws, qc_aws_region(d->aws));
    if (quota_code)
        S_ops(d, &ops, QC_API_QUOTAS, "GetServiceQuota",
              json_pack("{s:s, s:s}", "ServiceCode", "bedrock", "QuotaCode", quota_code),
              "allowed");
    S_ops(d, &ops, QC_API_SUPPORT, "DescribeSeverityLevels", json_pack("{s:s}", "language", "en"),
          "allowed");
    S_ops(d, &ops, QC_API_SUPPORT, "DescribeCases",
          json_pack("{s:b, s:i}", "includeResolvedCases", 0, "maxResults", 10), "allowed");
    S_say(d, QC_DOC_NOTE, "submit", "quotacase iam-policy --submit grants them",
          "RequestServiceQuotaIncrease, CreateCase, AddAttachmentsToSet and "
          "AddCommunicationToCase are not tried: each would file something");
    qc_ops_free(&ops);
}

size_t qc_doctor_run(qc_aws *aws, const qc_doc_opts *o)
{
    doc d = {aws, o, 0};
    const qc_creds *c = S_credentials(&d);
    if (o->base)
        S_base(&d);
    int region = S_region(&d);
    if (!c)
        return d.fails;
    qc_sts_identity id;
    qc_err err;
    qc_err_clear(&err);
    int who = qc_sts_get_caller_identity(aws, c, &id, &err);
    if (who < 0)
        S_say(&d, QC_DOC_FAIL, "identity", NULL, "%s", err.msg);
    else
        S_say(&d, QC_DOC_OK, "identity", NULL, "account %s, %s", id.account, id.arn);
    S_clock(&d, &id);
    if (who < 0 || region < 0)
        return d.fails;
    S_cloudwatch(&d);
    char *quota = S_quotas(&d);
    for (size_t i = 0; i < o->nlog_groups; i++)
        S_log_group(&d, o->log_groups[i]);
    if (o->submit)
        S_submit(&d, quota);
    free(quota);
    return d.fails;
}
