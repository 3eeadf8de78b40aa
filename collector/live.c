/* live.c - CloudWatch, Service Quotas and CloudWatch Logs collection; see
 * live.h.  Shapes from the botocore models: monitoring 2010-08-01 (awsJson
 * 1.0, GraniteServiceVersion20100801), service-quotas 2019-06-24 (awsJson
 * 1.1, ServiceQuotasV20190624), logs 2014-03-28 (awsJson 1.1,
 * Logs_20140328).  GetMetricData takes up to 500 queries and returns up to
 * 100,800 datapoints a call; CloudWatch keeps 1-minute data 15 days, 5-minute
 * data 63 days and hourly data 455 days. */
#include "live.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collector/importers.h"
#include "common/alloc.h"
#include "common/json.h"
#include "common/progress.h"
#include "common/qtime.h"

#define QC_GMD_QUERIES 500
#define QC_GMD_POINTS 100800
#define QC_DAY_MS 86400000LL


/* Every query per model: the metric and the statistic. */
static const struct { const char *metric, *stat; } S_queries[] = {
    {"Invocations", "Sum"},           {"InvocationThrottles", "Sum"},
    {"InvocationClientErrors", "Sum"}, {"InvocationServerErrors", "Sum"},
    {"InputTokenCount", "Sum"},       {"OutputTokenCount", "Sum"},
    {"EstimatedTPMQuotaUsage", "Maximum"}, {"InvocationLatency", "Average"},
    {"InvocationLatency", "p50"},     {"InvocationLatency", "p99"},
    {"InvocationLatency", "Maximum"}, {"TimeToFirstToken", "Average"},
    {"TimeToFirstToken", "p99"},
};
#define S_NQUERIES (sizeof S_queries / sizeof *S_queries)

static int S_stopped(const qc_live_opts *o, qc_err *err)
{
    if (o->interrupted && *o->interrupted)
        return qc_err_set(err, QC_EPARTIAL, "interrupted");
    return 0;
}

int qc_live_period(int64_t start_ms, int64_t now_ms, int requested, char note[256])
{
    int64_t age = now_ms - start_ms;
    int floor_s = age <= 15 * QC_DAY_MS ? 60 : age <= 63 * QC_DAY_MS ? 300 : 3600;
    int p = requested < 60 ? 60 : requested;
    p = (p + floor_s - 1) / floor_s * floor_s;
    note[0] = '\0';
    if (p != requested)
        snprintf(note, 256, "CloudWatch keeps %d-second data only %s; using %d-second periods",
                 requested, requested < 300 ? "15 days" : requested < 3600 ? "63 days" : "455 days", p);
    return p;
}

void qc_live_plan_metrics(const qc_live_opts *o, size_t nmodels, int64_t now_ms, qc_live_plan *p)
{
    memset(p, 0, sizeof *p);
    p->period_s = qc_live_period(o->start_ms, now_ms, o->period_s, p->note);
    size_t points = (size_t)((o->end_ms - o->start_ms) / ((int64_t)p->period_s * 1000));
    p->models = nmodels;
    p->queries = nmodels * S_NQUERIES;
    p->datapoints = p->queries * points;
    /* Batches of 500 queries; each batch pages through 100,800 datapoints. */
    for (size_t done = 0; done < p->queries; done += QC_GMD_QUERIES) {
        size_t q = p->queries - done < QC_GMD_QUERIES ? p->queries - done : QC_GMD_QUERIES;
        size_t pts = q * points;
        p->calls += pts ? (pts + QC_GMD_POINTS - 1) / QC_GMD_POINTS : 1;
    }
}

/* ---- paging ---- */

typedef int (*page_fn)(void *ud, const json_t *resp, qc_err *err);

/* Calls an operation until its answer carries no token (the same key names
 * the token in the request and the answer), handing each page to fn. */
static int S_paginate(qc_aws *aws, const qc_live_opts *o, const qc_aws_service *svc,
                      const char *prefix, const char *version, const char *op, json_t *req,
                      const char *token_key, page_fn fn, void *ud, qc_err *err)
{
    char *token = NULL;
    int rc;
    do {
        if (token)
            json_object_set_new(req, token_key, json_string(token));
        json_t *resp = NULL;
        qc_aws_error aerr;
        rc = qc_aws_json_call(aws, svc, qc_aws_region(aws), prefix, version, op, req, &resp, &aerr,
                              err);
        free(token);
        token = NULL;
        if (rc == 0) {
            rc = fn(ud, resp, err);
            if (qc_json_get_str(resp, token_key))
                token = qc_strdup(qc_json_get_str(resp, token_key));
        }
        json_decref(resp);
    } while (rc == 0 && token && S_stopped(o, err) == 0);
    free(token);
    return rc == 0 && !err->code ? 0 : -1;
}

/* ---- models ---- */

static int S_models_page(void *ud, const json_t *resp, qc_err *err)
{
    json_t *models = ud;
    size_t i, k;
    json_t *m, *d;
    (void)err;
    json_array_foreach(json_object_get(resp, "Metrics"), i, m)
        json_array_foreach(json_object_get(m, "Dimensions"), k, d)
    {
        const char *n = qc_json_get_str(d, "Name"), *v = qc_json_get_str(d, "Value");
        if (n && v && !strcmp(n, "ModelId"))
            json_array_append_new(models, json_string(v));
    }
    return 0;
}

int qc_live_models(qc_aws *aws, const qc_live_opts *o, json_t **models, qc_err *err)
{
    *models = json_array();
    int all = o->nmodels == 1 && !strcmp(o->models[0], "all");
    for (size_t i = 0; !all && i < o->nmodels; i++)
        json_array_append_new(*models, json_string(o->models[i]));
    if (!all)
        return 0;
    json_t *req = json_pack("{s:s, s:s, s:[{s:s}]}", "Namespace", "AWS/Bedrock", "MetricName",
                            "Invocations", "Dimensions", "Name", "ModelId");
    int rc = S_paginate(aws, o, &qc_svc_cloudwatch, "GraniteServiceVersion20100801", "1.0",
                        "ListMetrics", req, "NextToken", S_models_page, *models, err);
    json_decref(req);
    return rc;
}

/* ---- metrics ---- */

static json_t *S_query(const char *model, size_t mi, size_t qi, int period)
{
    char id[32], label[512];
    snprintf(id, sizeof id, "q%zu_%zu", mi, qi);
    snprintf(label, sizeof label, "%s %s %s", model, S_queries[qi].metric, S_queries[qi].stat);
    return json_pack("{s:s, s:s, s:b, s:{s:{s:s, s:s, s:[{s:s, s:s}]}, s:i, s:s}}", "Id", id,
                     "Label", label, "ReturnData", 1, "MetricStat", "Metric", "Namespace",
                     "AWS/Bedrock", "MetricName", S_queries[qi].metric, "Dimensions", "Name",
                     "ModelId", "Value", model, "Period", period, "Stat", S_queries[qi].stat);
}

typedef struct metrics_ud {
    const qc_live_opts *o;
    qc_import_ctx *ctx;
    size_t pages, points;
} metrics_ud;

static int S_metrics_page(void *ud, const json_t *resp, qc_err *err)
{
    metrics_ud *m = ud;
    qc_import_result res;
    if (qc_import_json("cloudwatch GetMetricData", resp, m->ctx, &res, err) < 0)
        return -1;
    m->pages++;
    m->points += res.datapoints;
    qc_progress_say(m->o->progress, m->o->progress_ud,
                    "cloudwatch: %zu pages, %zu datapoints", m->pages, m->points);
    return 0;
}

/* One batch of queries, every page of it. */
static int S_batch(qc_aws *aws, json_t *queries, int64_t start, int64_t end, metrics_ud *m,
                   qc_err *err)
{
    json_t *req = json_pack("{s:O, s:I, s:I, s:s, s:i}", "MetricDataQueries", queries,
                            "StartTime", (json_int_t)(start / 1000), "EndTime",
                            (json_int_t)(end / 1000), "ScanBy", "TimestampAscending",
                            "MaxDatapoints", QC_GMD_POINTS);
    int rc = S_paginate(aws, m->o, &qc_svc_cloudwatch, "GraniteServiceVersion20100801", "1.0",
                        "GetMetricData", req, "NextToken", S_metrics_page, m, err);
    json_decref(req);
    return rc;
}

int qc_live_metrics(qc_aws *aws, const qc_live_opts *o, const json_t *models, int64_t now_ms,
                    qc_series_set *out, qc_err *err)
{
    char note[256];
    int period = qc_live_period(o->start_ms, now_ms, o->period_s, note);
    if (note[0])
        qc_progress_say(o->progress, o->progress_ud, "cloudwatch: %s", note);
    /* CloudWatch rounds the start down to the period; so do we, and say so. */
    int64_t start = o->start_ms - o->start_ms % ((int64_t)period * 1000), end = o->end_ms;
    qc_quota_set unused = {0};
    qc_import_ctx ctx = {out, &unused, NULL, QC_QUOTAS_AUTO};
    metrics_ud m = {o, &ctx, 0, 0};
    json_t *batch = json_array();
    size_t nm = json_array_size(models);
    int rc = 0;
    for (size_t mi = 0; mi < nm && rc == 0; mi++) {
        for (size_t qi = 0; qi < S_NQUERIES && rc == 0; qi++) {
            json_array_append_new(batch, S_query(json_string_value(json_array_get(models, mi)), mi,
                                                 qi, period));
            if (json_array_size(batch) == QC_GMD_QUERIES) {
                rc = S_batch(aws, batch, start, end, &m, err);
                json_array_clear(batch);
            }
        }
    }
    if (rc == 0 && json_array_size(batch))
        rc = S_batch(aws, batch, start, end, &m, err);
    json_decref(batch);
    qc_quota_set_free(&unused);
    for (size_t i = 0; i < out->n; i++)
        if (!out->s[i].period_s)
            out->s[i].period_s = period;
    return rc;
}

/* ---- Service Quotas ---- */

typedef struct quotas_ud {
    qc_import_ctx *ctx;
    const char *name;
} quotas_ud;

static int S_quotas_page(void *ud, const json_t *resp, qc_err *err)
{
    quotas_ud *q = ud;
    qc_import_result res;
    return qc_import_json(q->name, resp, q->ctx, &res, err);
}

static int S_quota_pages(qc_aws *aws, const qc_live_opts *o, const char *op, int values,
                         qc_quota_set *out, qc_err *err)
{
    qc_series_set unused = {0};
    qc_import_ctx ctx = {&unused, out, NULL, values};
    char name[128];
    snprintf(name, sizeof name, "service-quotas %s", op);
    quotas_ud q = {&ctx, name};
    json_t *req = json_pack("{s:s, s:i}", "ServiceCode", "bedrock", "MaxResults", 100);
    int rc = S_paginate(aws, o, &qc_svc_quotas, "ServiceQuotasV20190624", "1.1", op, req, "NextToken",
                        S_quotas_page, &q, err);
    json_decref(req);
    qc_series_set_free(&unused);
    return rc;
}

int qc_live_quotas(qc_aws *aws, const qc_live_opts *o, qc_quota_set *out, qc_err *err)
{
    if (S_quota_pages(aws, o, "ListServiceQuotas", QC_QUOTAS_APPLIED, out, err) < 0 ||
        S_quota_pages(aws, o, "ListAWSDefaultServiceQuotas", QC_QUOTAS_DEFAULT, out, err) < 0 ||
        S_quota_pages(aws, o, "ListRequestedServiceQuotaChangeHistory", QC_QUOTAS_AUTO, out, err) < 0)
        return -1;
    qc_progress_say(o->progress, o->progress_ud,
                    "service-quotas: %zu quotas, %zu requests", out->n, out->nr);
    return 0;
}

typedef struct logs_ud {
    const qc_live_opts *o;
    const char *group;
    qc_live_log_fn fn;
    void *ud;
    size_t pages, events;
} logs_ud;

static int S_logs_page(void *ud, const json_t *resp, qc_err *err)
{
    logs_ud *l = ud;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(resp, "events"), i, e)
    {
        const char *msg = qc_json_get_str(e, "message"), *stream = qc_json_get_str(e, "logStreamName");
        double ts = 0;
        qc_json_get_num(e, "timestamp", &ts);
        if (!msg)
            continue;
        char name[1024];
        snprintf(name, sizeof name, "%s:%s", l->group, stream ? stream : "");
        if (l->fn(l->ud, (int64_t)ts, name, msg, strlen(msg), err) < 0)
            return -1;
        l->events++;
    }
    l->pages++;
    qc_progress_say(l->o->progress, l->o->progress_ud,
                    "logs %s: %zu pages, %zu log events", l->group, l->pages, l->events);
    return 0;
}

int qc_live_logs(qc_aws *aws, const qc_live_opts *o, const char *group, qc_live_log_fn fn,
                 void *ud, qc_err *err)
{
    logs_ud l = {o, group, fn, ud, 0, 0};
    json_t *req = json_pack("{s:s, s:I, s:I, s:s}", "logGroupName", group, "startTime",
                            (json_int_t)o->start_ms, "endTime", (json_int_t)o->end_ms,
                            "filterPattern", QC_LOGS_FILTER);
    int rc = S_paginate(aws, o, &qc_svc_logs, "Logs_20140328", "1.1", "FilterLogEvents", req,
                        "nextToken", S_logs_page, &l, err);
    json_decref(req);
    return rc;
}
