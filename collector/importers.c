/* importers.c - aws CLI export readers; see importers.h.
 *
 * Shapes follow the CloudWatch and Service Quotas API models (the aws CLI
 * prints the API response as it is).  A get-metric-data result carries no
 * query definition, so the metric and model are read from its Label (the
 * default label of a SEARCH names both; custom labels should too) and the
 * query Id; the statistic likewise, Sum when none is named.
 *
 * A file is read as a stream (common/jsonpull): a get-metric-data export of
 * weeks of minutes is tens of megabytes, and as a jansson tree ten times
 * that, all of it built to be freed.  Its MetricDataResults go straight into
 * the series; the other members, and the other exports (a few kilobytes),
 * are built as trees and read by qc_import_json, the reader of the live
 * collector's responses, so both read the same shapes the same way. */
#include "importers.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collector/logfields.h"
#include "common/alloc.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/jsonpull.h"
#include "common/qtime.h"

/* Counts, tokens and quota values are finite, not negative, and far below
 * 1e15: anything else is a broken export, and summing it would print
 * "inf" or a 46-digit figure in the case. */
#define QC_VALUE_MAX 1e15

static int S_value_ok(double v)
{
    return isfinite(v) && v >= 0 && v < QC_VALUE_MAX;
}

static int S_bad_value(const char *name, const char *member, qc_err *err)
{
    return qc_err_set(err, QC_EINPUT, "%s: %s: not a count (finite, 0 or more, below 1e15)",
                      name, member);
}

static int S_time_value(const json_t *v, int64_t *ms)
{
    if (json_is_number(v)) {
        *ms = qc_time_from_epoch_number(json_number_value(v));
        return *ms == QC_TIME_NONE ? -1 : 0;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = strlen(s);
        if (n && qc_time_parse(s, n, NULL, ms) == n)
            return 0;
    }
    return -1;
}

static const char *S_stat_in(const char *text)
{
    static const char *const stats[] = {"SampleCount", "Sum", "Average", "Maximum",
                                        "Minimum"};
    for (size_t i = 0; i < sizeof stats / sizeof *stats; i++)
        if (strstr(text, stats[i]))
            return stats[i];
    return NULL;
}

/* "p99", "p99.9", "tm90" ... as a separate word in a label. */
static char *S_percentile_in(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p != 'p' || (p > text && isalnum((unsigned char)p[-1])))
            continue;
        const char *q = p + 1;
        while (isdigit((unsigned char)*q) || *q == '.')
            q++;
        if (q > p + 1 && !isalnum((unsigned char)*q))
            return qc_strndup(p, (size_t)(q - p));
    }
    return NULL;
}

/* The top-level list an export is named by; an error when it is not a list. */
static const json_t *S_list(const char *name, const json_t *doc, const char *key, qc_err *err)
{
    const json_t *l = json_object_get(doc, key);
    if (!json_is_array(l)) {
        qc_err_set(err, QC_EINPUT, "%s: %s: expected a list", name, key);
        return NULL;
    }
    return l;
}

/* The series a get-metric-data result fills, from its Label and Id. */
static qc_series *S_md_series(const char *name, size_t i, const char *id, const char *label,
                              qc_import_ctx *ctx, qc_err *err)
{
    char both[1024];
    snprintf(both, sizeof both, "%s %s", label ? label : "", id ? id : "");
    const char *metric = qc_series_known_metric(label ? label : "");
    if (!metric)
        metric = qc_series_known_metric(both);
    char *model = qc_logfields_find_model(both, strlen(both));
    if (!model && ctx->default_model)
        model = qc_strdup(ctx->default_model);
    if (!metric || !model) {
        free(model);
        qc_err_set(err, QC_EINPUT,
                   "%s: MetricDataResults[%zu] (Id \"%s\", Label \"%s\"): cannot tell "
                   "the %s; put the model id and the metric name in the query's Label",
                   name, i, id ? id : "", label ? label : "",
                   !metric ? "metric" : "model (or give exactly one --model)");
        return NULL;
    }
    char *pct = S_percentile_in(label ? label : "");
    const char *stat = pct ? pct : S_stat_in(label ? label : "");
    if (!stat)
        stat = !strcmp(metric, "InvocationLatency") || !strcmp(metric, "TimeToFirstToken")
                   ? "Average"
                   : "Sum";
    qc_series *s = qc_series_get(ctx->series, model, metric, stat);
    free(model);
    free(pct);
    if (!s->source)
        s->source = qc_strdup(name);
    return s;
}

static int S_metric_data(const char *name, const json_t *doc, qc_import_ctx *ctx,
                         qc_import_result *res, qc_err *err)
{
    const json_t *results = S_list(name, doc, "MetricDataResults", err);
    if (!results)
        return -1;
    res->kind = "cloudwatch get-metric-data";
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r)
    {
        const char *id = qc_json_get_str(r, "Id");
        const char *label = qc_json_get_str(r, "Label");
        const json_t *ts = json_object_get(r, "Timestamps"), *vs = json_object_get(r, "Values");
        if (!json_is_array(ts) || !json_is_array(vs) || json_array_size(ts) != json_array_size(vs))
            return qc_err_set(err, QC_EINPUT,
                              "%s: MetricDataResults[%zu]: Timestamps and Values must be lists "
                              "of the same length", name, i);
        qc_series *s = S_md_series(name, i, id, label, ctx, err);
        if (!s)
            return -1;
        const char *status = qc_json_get_str(r, "StatusCode");
        if (status && strcmp(status, "Complete") != 0)
            res->partial++;
        size_t k;
        json_t *t;
        json_array_foreach(ts, k, t)
        {
            int64_t ms;
            json_t *v = json_array_get(vs, k);
            if (S_time_value(t, &ms) < 0 || !json_is_number(v))
                return qc_err_set(err, QC_EINPUT,
                                  "%s: MetricDataResults[%zu].Timestamps[%zu]: expected a "
                                  "timestamp and a number", name, i, k);
            if (!S_value_ok(json_number_value(v))) {
                char m[96];
                snprintf(m, sizeof m, "MetricDataResults[%zu].Values[%zu]", i, k);
                return S_bad_value(name, m, err);
            }
            qc_series_add_point(s, ms, json_number_value(v));
            res->datapoints++;
        }
        res->series++;
    }
    return 0;
}

static int S_metric_stats(const char *name, const json_t *doc, qc_import_ctx *ctx,
                          qc_import_result *res, qc_err *err)
{
    const char *label = qc_json_get_str(doc, "Label");
    const json_t *dps = json_object_get(doc, "Datapoints");
    res->kind = "cloudwatch get-metric-statistics";
    const char *metric = qc_series_known_metric(label ? label : "");
    if (!metric)
        return qc_err_set(err, QC_EINPUT, "%s: Label \"%s\" is not an AWS/Bedrock metric", name,
                          label ? label : "");
    char *model = label ? qc_logfields_find_model(label, strlen(label)) : NULL;
    if (!model && ctx->default_model)
        model = qc_strdup(ctx->default_model);
    if (!model)
        return qc_err_set(err, QC_EINPUT,
                          "%s: get-metric-statistics output does not name the model; give "
                          "exactly one --model with this import", name);
    static const char *const stats[] = {"Sum", "Average", "Maximum", "Minimum", "SampleCount"};
    size_t i;
    json_t *dp;
    json_array_foreach(dps, i, dp)
    {
        int64_t ms;
        if (!json_is_object(dp) || S_time_value(json_object_get(dp, "Timestamp"), &ms) < 0) {
            free(model);
            return qc_err_set(err, QC_EINPUT, "%s: Datapoints[%zu].Timestamp: expected a timestamp",
                              name, i);
        }
        for (size_t k = 0; k < sizeof stats / sizeof *stats; k++) {
            double v;
            if (!qc_json_get_num(dp, stats[k], &v))
                continue;
            if (!S_value_ok(v)) {
                char m[96];
                snprintf(m, sizeof m, "Datapoints[%zu].%s", i, stats[k]);
                free(model);
                return S_bad_value(name, m, err);
            }
            qc_series *s = qc_series_get(ctx->series, model, metric, stats[k]);
            if (!s->source)
                s->source = qc_strdup(name);
            if (!s->unit && qc_json_get_str(dp, "Unit"))
                s->unit = qc_strdup(qc_json_get_str(dp, "Unit"));
            qc_series_add_point(s, ms, v);
            res->datapoints++;
        }
        const char *key;
        json_t *v;
        json_object_foreach(json_object_get(dp, "ExtendedStatistics"), key, v)
        {
            if (!json_is_number(v))
                continue;
            qc_series *s = qc_series_get(ctx->series, model, metric, key);
            if (!s->source)
                s->source = qc_strdup(name);
            qc_series_add_point(s, ms, json_number_value(v));
            res->datapoints++;
        }
    }
    res->series = 1;
    free(model);
    return 0;
}

/* arn:aws:servicequotas:us-east-1:123456789012:bedrock/L-...  applied
 * arn:aws:servicequotas:us-east-1::bedrock/L-...              AWS default */
static int S_is_default(const char *name, const json_t *q)
{
    const char *arn = qc_json_get_str(q, "QuotaArn");
    if (arn) {
        const char *p = arn;
        for (int colons = 0; *p && colons < 4; p++)
            colons += *p == ':';
        return *p == ':';
    }
    return strcasestr(qc_fs_basename(name), "default") != NULL;
}

static void S_replace(char **dst, const char *v)
{
    if (!v)
        return;
    free(*dst);
    *dst = qc_strdup(v);
}

static int S_quota(const char *name, const char *where, const json_t *q, qc_import_ctx *ctx,
                   qc_import_result *res, qc_err *err)
{
    const char *svc = qc_json_get_str(q, "ServiceCode"), *code = qc_json_get_str(q, "QuotaCode");
    double value;
    if (!svc || !code)
        return qc_err_set(err, QC_EINPUT, "%s: %s: ServiceCode and QuotaCode are required", name,
                          where);
    int has_value = qc_json_get_num(q, "Value", &value);
    const json_t *jv = json_object_get(q, "Value");
    if (jv && !json_is_null(jv) && !has_value)
        return qc_err_set(err, QC_EINPUT, "%s: %s.Value: expected a number, found %s", name, where,
                          json_is_string(jv) ? "a string" : "another type");
    if (has_value && !S_value_ok(value)) {
        char m[256];
        snprintf(m, sizeof m, "%s.Value", where);
        return S_bad_value(name, m, err);
    }
    qc_quota *qq = qc_quota_get(ctx->quotas, svc, code);
    S_replace(&qq->name, qc_json_get_str(q, "QuotaName"));
    S_replace(&qq->unit, qc_json_get_str(q, "Unit"));
    json_t *adj = json_object_get(q, "Adjustable"), *glob = json_object_get(q, "GlobalQuota");
    if (json_is_boolean(adj))
        qq->adjustable = json_is_true(adj);
    if (json_is_boolean(glob))
        qq->global = json_is_true(glob);
    const json_t *per = json_object_get(q, "Period");
    double pv;
    if (json_is_object(per) && qc_json_get_str(per, "PeriodUnit") &&
        qc_json_get_num(per, "PeriodValue", &pv)) {
        S_replace(&qq->period_unit, qc_json_get_str(per, "PeriodUnit"));
        qq->period_value = (int)pv;
    }
    const json_t *um = json_object_get(q, "UsageMetric");
    if (json_is_object(um) && json_object_size(um)) {
        json_decref(qq->usage_metric);
        qq->usage_metric = json_deep_copy(um);
    }
    int is_default = ctx->quota_values == QC_QUOTAS_AUTO ? S_is_default(name, q)
                                                         : ctx->quota_values == QC_QUOTAS_DEFAULT;
    if (is_default) {
        qq->has_default = has_value;
        qq->default_value = has_value ? value : 0;
        S_replace(&qq->default_source, name);
    } else {
        qq->has_applied = has_value;
        qq->applied = has_value ? value : 0;
        S_replace(&qq->applied_source, name);
        S_replace(&qq->arn, qc_json_get_str(q, "QuotaArn"));
    }
    res->quotas++;
    return 0;
}

static int S_quotas(const char *name, const json_t *doc, qc_import_ctx *ctx,
                    qc_import_result *res, qc_err *err)
{
    const json_t *list = json_object_get(doc, "Quotas"), *one = json_object_get(doc, "Quota");
    if (one) {
        if (!json_is_object(one))
            return qc_err_set(err, QC_EINPUT, "%s: Quota: expected an object", name);
        res->kind = S_is_default(name, one) ? "service-quotas get-aws-default-service-quota"
                                            : "service-quotas get-service-quota";
        return S_quota(name, "Quota", one, ctx, res, err);
    }
    if (!S_list(name, doc, "Quotas", err))
        return -1;
    res->kind = "service-quotas list-service-quotas";
    size_t i;
    json_t *q;
    json_array_foreach(list, i, q)
    {
        char where[64];
        snprintf(where, sizeof where, "Quotas[%zu]", i);
        if (!json_is_object(q))
            return qc_err_set(err, QC_EINPUT, "%s: %s: expected an object", name, where);
        if (i == 0 && S_is_default(name, q))
            res->kind = "service-quotas list-aws-default-service-quotas";
        if (S_quota(name, where, q, ctx, res, err) < 0)
            return -1;
    }
    return 0;
}

static char *S_dup_or_null(const json_t *o, const char *key)
{
    const char *s = qc_json_get_str(o, key);
    return s ? qc_strdup(s) : NULL;
}

static int S_history(const char *name, const json_t *doc, qc_import_ctx *ctx,
                     qc_import_result *res, qc_err *err)
{
    const json_t *list = S_list(name, doc, "RequestedQuotas", err);
    if (!list)
        return -1;
    res->kind = "service-quotas list-requested-service-quota-change-history";
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r)
    {
        double desired;
        if (!json_is_object(r) || !qc_json_get_str(r, "QuotaCode") || !qc_json_get_str(r, "Status") ||
            !qc_json_get_num(r, "DesiredValue", &desired))
            return qc_err_set(err, QC_EINPUT,
                              "%s: RequestedQuotas[%zu]: QuotaCode, Status and DesiredValue are "
                              "required", name, i);
        int64_t created = QC_TIME_NONE, updated = QC_TIME_NONE;
        const json_t *c = json_object_get(r, "Created"), *u = json_object_get(r, "LastUpdated");
        if ((c && S_time_value(c, &created) < 0) || (u && S_time_value(u, &updated) < 0))
            return qc_err_set(err, QC_EINPUT, "%s: RequestedQuotas[%zu]: Created/LastUpdated: "
                              "expected a timestamp", name, i);
        qc_quota_request *q = qc_quota_request_add(ctx->quotas);
        q->id = S_dup_or_null(r, "Id");
        q->case_id = S_dup_or_null(r, "CaseId");
        q->service_code = S_dup_or_null(r, "ServiceCode");
        q->quota_code = S_dup_or_null(r, "QuotaCode");
        q->quota_name = S_dup_or_null(r, "QuotaName");
        q->status = S_dup_or_null(r, "Status");
        q->unit = S_dup_or_null(r, "Unit");
        q->requester = S_dup_or_null(r, "Requester");
        q->desired = desired;
        q->created_ms = created;
        q->updated_ms = updated;
        q->source = qc_strdup(name);
        res->requests++;
    }
    return 0;
}

int qc_import_json(const char *name, const json_t *doc, qc_import_ctx *ctx,
                   qc_import_result *res, qc_err *err)
{
    memset(res, 0, sizeof *res);
    if (!json_is_object(doc))
        return qc_err_set(err, QC_EINPUT, "%s: expected a JSON object at the top level", name);
    if (json_object_get(doc, "MetricDataResults"))
        return S_metric_data(name, doc, ctx, res, err);
    if (json_is_array(json_object_get(doc, "Datapoints")))
        return S_metric_stats(name, doc, ctx, res, err);
    if (json_object_get(doc, "Quotas") || json_object_get(doc, "Quota"))
        return S_quotas(name, doc, ctx, res, err);
    if (json_object_get(doc, "RequestedQuotas"))
        return S_history(name, doc, ctx, res, err);
    return qc_err_set(err, QC_EINPUT,
                      "%s: not an aws CLI export quotacase reads (expected MetricDataResults, "
                      "Datapoints, Quotas, Quota or RequestedQuotas at the top level)", name);
}

/* ---- reading a file as a stream ---- */

/* One MetricDataResults[i] as read, before it is checked: the checks and
 * their order are S_metric_data's, so both readers fail alike. */
typedef struct md_result {
    char day[10];       /* the date of the last time read as ...T12:34:56Z or +00:00 */
    int64_t day_ms;     /* and its midnight; -1 before the first */
    char *id, *label, *status;
    int is_obj, ts_list, vs_list;
    int64_t *t;
    double *v;
    size_t nt, ct, nv, cv;
    size_t bad_t, bad_vnum, bad_vrange; /* first index of each kind of fault, or SIZE_MAX */
} md_result;

static void S_md_reset(md_result *r)
{
    free(r->id);
    free(r->label);
    free(r->status);
    r->id = r->label = r->status = NULL;
    r->is_obj = r->ts_list = r->vs_list = 0;
    r->nt = r->nv = 0;
    r->bad_t = r->bad_vnum = r->bad_vrange = SIZE_MAX;
}

static void S_md_free(md_result *r)
{
    S_md_reset(r);
    free(r->t);
    free(r->v);
}

static void S_first(size_t *at, size_t k)
{
    if (*at == SIZE_MAX)
        *at = k;
}

/* A string member's value; NULL for any other type (read to its end). */
static int S_jp_str(qc_jp *p, char **out)
{
    qc_jp_tok t = qc_jp_next(p);
    if (t == QC_JP_STR) {
        size_t n;
        const char *s = qc_jp_str(p, &n);
        free(*out);
        *out = qc_strndup(s, n);
        return 0;
    }
    return qc_jp_skip(p, t);
}

/* The seconds of the day of an ISO 8601 UTC time as the aws CLI prints
 * it ("2026-01-12T09:05:00+00:00", or with "Z"), or -1 for any other text. */
static int S_utc_clock(const char *s, size_t n)
{
    if (!((n == 25 && !memcmp(s + 19, "+00:00", 6)) || (n == 20 && s[19] == 'Z')) ||
        s[10] != 'T' || s[13] != ':' || s[16] != ':')
        return -1;
    int f[3];
    for (int k = 0; k < 3; k++) {
        const char *d = s + 11 + 3 * k;
        if (!isdigit((unsigned char)d[0]) || !isdigit((unsigned char)d[1]))
            return -1;
        f[k] = (d[0] - '0') * 10 + (d[1] - '0');
    }
    if (f[0] > 23 || f[1] > 59 || f[2] > 59)
        return -1;
    return f[0] * 3600 + f[1] * 60 + f[2];
}

/* A time's text: most of a file's are of a few days, so the date is read
 * in full once a day and the clock on its own after that. */
static int64_t S_time_text(md_result *r, const char *s, size_t n)
{
    int64_t ms;
    int clock = S_utc_clock(s, n);
    if (clock >= 0 && r->day_ms >= 0 && !memcmp(s, r->day, 10))
        return r->day_ms + (int64_t)clock * 1000;
    if (!n || strlen(s) != n || qc_time_parse(s, n, NULL, &ms) != n)
        return QC_TIME_NONE;
    if (clock >= 0) {
        memcpy(r->day, s, 10);
        r->day_ms = ms - (int64_t)clock * 1000;
    }
    return ms;
}

static int S_jp_times(qc_jp *p, md_result *r)
{
    qc_jp_tok t;
    while ((t = qc_jp_next(p)) != QC_JP_ARR_END) {
        int64_t ms = QC_TIME_NONE;
        if (t == QC_JP_STR) {
            size_t n;
            const char *s = qc_jp_str(p, &n);
            ms = S_time_text(r, s, n);
        } else if (t == QC_JP_NUM) {
            ms = qc_time_from_epoch_number(qc_jp_num(p));
        } else if (qc_jp_skip(p, t) < 0) {
            return -1;
        }
        if (ms == QC_TIME_NONE)
            S_first(&r->bad_t, r->nt);
        r->t = qc_grow(r->t, &r->ct, r->nt + 1, sizeof *r->t);
        r->t[r->nt++] = ms;
    }
    return 0;
}

static int S_jp_values(qc_jp *p, md_result *r)
{
    qc_jp_tok t;
    while ((t = qc_jp_next(p)) != QC_JP_ARR_END) {
        double v = 0;
        if (t == QC_JP_NUM) {
            v = qc_jp_num(p);
            if (!S_value_ok(v))
                S_first(&r->bad_vrange, r->nv);
        } else {
            if (qc_jp_skip(p, t) < 0)
                return -1;
            S_first(&r->bad_vnum, r->nv);
        }
        r->v = qc_grow(r->v, &r->cv, r->nv + 1, sizeof *r->v);
        r->v[r->nv++] = v;
    }
    return 0;
}

/* Reads one result (any JSON value); -1 on a grammar error. */
static int S_jp_result(qc_jp *p, qc_jp_tok t, md_result *r)
{
    S_md_reset(r);
    if (t != QC_JP_OBJ)
        return qc_jp_skip(p, t);
    r->is_obj = 1;
    const char *key;
    int m;
    while ((m = qc_jp_member(p, &key)) == 1) {
        int rc;
        if (!strcmp(key, "Id"))
            rc = S_jp_str(p, &r->id);
        else if (!strcmp(key, "Label"))
            rc = S_jp_str(p, &r->label);
        else if (!strcmp(key, "StatusCode"))
            rc = S_jp_str(p, &r->status);
        else if (!strcmp(key, "Timestamps") || !strcmp(key, "Values")) {
            int times = key[0] == 'T';
            qc_jp_tok a = qc_jp_next(p);
            if (a != QC_JP_ARR)
                rc = qc_jp_skip(p, a);
            else if (times)
                r->ts_list = 1, rc = S_jp_times(p, r);
            else
                r->vs_list = 1, rc = S_jp_values(p, r);
        } else
            rc = qc_jp_skip(p, QC_JP_KEY);
        if (rc < 0)
            return -1;
    }
    return m < 0 ? -1 : 0;
}

/* The checks of S_metric_data on one result read from a stream. */
static int S_md_take(const char *name, size_t i, const md_result *r, qc_import_ctx *ctx,
                     qc_import_result *res, qc_err *err)
{
    if (!r->is_obj || !r->ts_list || !r->vs_list || r->nt != r->nv)
        return qc_err_set(err, QC_EINPUT,
                          "%s: MetricDataResults[%zu]: Timestamps and Values must be lists "
                          "of the same length", name, i);
    qc_series *s = S_md_series(name, i, r->id, r->label, ctx, err);
    if (!s)
        return -1;
    if (r->status && strcmp(r->status, "Complete") != 0)
        res->partial++;
    size_t shape = r->bad_t < r->bad_vnum ? r->bad_t : r->bad_vnum;
    if (shape != SIZE_MAX && shape <= r->bad_vrange)
        return qc_err_set(err, QC_EINPUT,
                          "%s: MetricDataResults[%zu].Timestamps[%zu]: expected a "
                          "timestamp and a number", name, i, shape);
    if (r->bad_vrange != SIZE_MAX) {
        char m[96];
        snprintf(m, sizeof m, "MetricDataResults[%zu].Values[%zu]", i, r->bad_vrange);
        return S_bad_value(name, m, err);
    }
    for (size_t k = 0; k < r->nt; k++)
        qc_series_add_point(s, r->t[k], r->v[k]);
    res->datapoints += r->nt;
    res->series++;
    return 0;
}

/* MetricDataResults, just entered.  A complaint about the shape is kept in
 * shape_err (the first one) and the rest read unchecked: a grammar error
 * further on is what the file's reader hears first, as from a tree. */
static int S_jp_metric_data(qc_jp *p, const char *name, qc_import_ctx *ctx,
                            qc_import_result *res, int *shaped, qc_err *shape_err)
{
    md_result r = {0};
    r.day_ms = -1;
    S_md_reset(&r);
    qc_jp_tok t;
    int rc = 0;
    for (size_t i = 0; rc == 0 && (t = qc_jp_next(p)) != QC_JP_ARR_END; i++) {
        if (t == QC_JP_ERROR || (rc = S_jp_result(p, t, &r)) < 0) {
            rc = -1;
            break;
        }
        if (!*shaped && S_md_take(name, i, &r, ctx, res, shape_err) < 0)
            *shaped = 1;
    }
    S_md_free(&r);
    return rc;
}

/* Where the stream comes from: a file, or memory. */
typedef struct src {
    const char *path, *data;
    size_t len;
} src;

/* A grammar error: in the words jansson gives it (what these messages
 * have always said), at the file:line:column it names. */
static int S_syntax(const src *in, const char *name, qc_jp *p, qc_err *err)
{
    json_t *doc = in->path ? qc_json_load_file(in->path, err)
                           : qc_json_load_mem(name, in->data, in->len, err);
    if (doc) {
        json_decref(doc);
        qc_err_clear(err);
        qc_jp_fail(p, "invalid JSON", err);
    }
    return -1;
}

static int S_import(qc_jp *p, const src *in, const char *name, qc_import_ctx *ctx,
                    qc_import_result *res, qc_err *err)
{
    memset(res, 0, sizeof *res);
    qc_err shape;
    qc_err_clear(&shape);
    int shaped = 0, have_md = 0, rc = 0;
    json_t *rest = json_object();
    qc_jp_tok t = qc_jp_next(p);
    if (t != QC_JP_OBJ) {
        if (t == QC_JP_ERROR || qc_jp_skip(p, t) < 0 || qc_jp_next(p) != QC_JP_EOF)
            rc = S_syntax(in, name, p, err);
        else
            rc = qc_err_set(err, QC_EINPUT, "%s: expected a JSON object at the top level", name);
        goto done;
    }
    const char *key;
    int m;
    while ((m = qc_jp_member(p, &key)) == 1) {
        if (!strcmp(key, "MetricDataResults")) {
            have_md = 1;
            t = qc_jp_next(p);
            if (t == QC_JP_ARR) {
                if (S_jp_metric_data(p, name, ctx, res, &shaped, &shape) < 0)
                    break;
                continue;
            }
            if (!shaped)
                shaped = qc_err_set(&shape, QC_EINPUT, "%s: MetricDataResults: expected a list",
                                    name) < 0;
            if (qc_jp_skip(p, t) < 0)
                break;
            continue;
        }
        char *k = qc_strdup(key);
        json_t *v = qc_jp_build(p, qc_jp_next(p));
        if (v)
            json_object_set_new(rest, k, v);
        free(k);
        if (!v)
            break;
    }
    if (m != 0 || qc_jp_next(p) != QC_JP_EOF) {
        rc = S_syntax(in, name, p, err);
        goto done;
    }
    if (shaped) {
        *err = shape;
        rc = -1;
    } else if (have_md) {
        res->kind = "cloudwatch get-metric-data";
    } else {
        rc = qc_import_json(name, rest, ctx, res, err);
    }
done:
    json_decref(rest);
    return rc;
}

int qc_import_file(const char *path, const char *name, qc_import_ctx *ctx,
                   qc_import_result *res, qc_err *err)
{
    qc_jp *p = qc_jp_open(path, err);
    if (!p) { /* "path: why", said as the whole-file read it replaces said it */
        size_t n = strlen(path) + 2;
        char why[256];
        snprintf(why, sizeof why, "%s", strlen(err->msg) > n ? err->msg + n : "cannot be read");
        qc_err_clear(err);
        return qc_err_set(err, QC_EINPUT, "%s: cannot open: %s", path, why);
    }
    src in = {path, NULL, 0};
    int rc = S_import(p, &in, name ? name : path, ctx, res, err);
    qc_jp_free(p);
    return rc;
}

int qc_import_mem(const char *name, const char *data, size_t len, qc_import_ctx *ctx,
                  qc_import_result *res, qc_err *err)
{
    qc_jp *p = qc_jp_mem(name, data, len);
    src in = {NULL, data, len};
    int rc = S_import(p, &in, name, ctx, res, err);
    qc_jp_free(p);
    return rc;
}
