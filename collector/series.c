/* series.c - metric series storage and their evidence form; see series.h. */
#include "series.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/json.h"
#include "common/qtime.h"

/* Longest names first: "InvocationClientErrors" must not be read as "Invocations". */
static const char *const S_metrics[] = {
    "InvocationClientErrors", "InvocationServerErrors", "InvocationThrottles",
    "InvocationLatency", "Invocations", "InputTokenCount", "OutputTokenCount",
    "EstimatedTPMQuotaUsage", "TimeToFirstToken", "LegacyModelInvocations",
    "OutputImageCount", "CacheReadInputTokenCount", "CacheWriteInputTokenCount",
};

const char *qc_series_known_metric(const char *text)
{
    for (size_t i = 0; i < sizeof S_metrics / sizeof *S_metrics; i++) {
        const char *p = strstr(text, S_metrics[i]);
        if (p && !isalpha((unsigned char)p[strlen(S_metrics[i])]))
            return S_metrics[i];
    }
    /* Query ids are lower-case snake: "invocation_throttles", "throttles_sonnet". */
    static const struct { const char *word, *metric; } ids[] = {
        {"client_errors", "InvocationClientErrors"}, {"clienterrors", "InvocationClientErrors"},
        {"server_errors", "InvocationServerErrors"}, {"servererrors", "InvocationServerErrors"},
        {"throttles", "InvocationThrottles"},        {"latency", "InvocationLatency"},
        {"input_tokens", "InputTokenCount"},         {"inputtokens", "InputTokenCount"},
        {"output_tokens", "OutputTokenCount"},       {"outputtokens", "OutputTokenCount"},
        {"invocations", "Invocations"},
    };
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        if (strstr(text, ids[i].word))
            return ids[i].metric;
    return NULL;
}

static int S_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

qc_series *qc_series_get(qc_series_set *set, const char *model_id, const char *metric,
                         const char *stat)
{
    for (size_t i = 0; i < set->n; i++)
        if (S_eq(set->s[i].model_id, model_id) && !strcmp(set->s[i].metric, metric) &&
            !strcmp(set->s[i].stat, stat))
            return &set->s[i];
    set->s = qc_grow(set->s, &set->cap, set->n + 1, sizeof *set->s);
    qc_series *s = &set->s[set->n++];
    memset(s, 0, sizeof *s);
    s->model_id = model_id ? qc_strdup(model_id) : NULL;
    s->metric = qc_strdup(metric);
    s->stat = qc_strdup(stat);
    return s;
}

void qc_series_add_point(qc_series *s, int64_t t_ms, double v)
{
    s->pts = qc_grow(s->pts, &s->cap, s->n + 1, sizeof *s->pts);
    s->pts[s->n].t_ms = t_ms;
    s->pts[s->n].v = v;
    s->n++;
}

static int S_pt_cmp(const void *a, const void *b)
{
    const qc_point *x = a, *y = b;
    return x->t_ms < y->t_ms ? -1 : x->t_ms > y->t_ms;
}

static int64_t S_gcd(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static void S_finish_one(qc_series *s)
{
    /* CloudWatch and the aws CLI give points newest first, a page or a
     * file at a time: each strictly descending run is reversed (it holds no
     * equal times, so the order of equal ones stays the sort's), and only
     * what is still out of order after that is sorted. */
    int sorted = 1;
    for (size_t i = 0; i < s->n;) {
        size_t k = i;
        while (k + 1 < s->n && s->pts[k].t_ms > s->pts[k + 1].t_ms)
            k++;
        for (size_t a = i, b = k; a < b; a++, b--) {
            qc_point t = s->pts[a];
            s->pts[a] = s->pts[b];
            s->pts[b] = t;
        }
        if (i > 0 && s->pts[i - 1].t_ms > s->pts[i].t_ms)
            sorted = 0;
        i = k + 1;
    }
    if (!sorted)
        qsort(s->pts, s->n, sizeof *s->pts, S_pt_cmp);
    size_t w = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (w && s->pts[w - 1].t_ms == s->pts[i].t_ms) {
            if (s->pts[w - 1].v != s->pts[i].v)
                s->duplicates++;
            continue;
        }
        s->pts[w++] = s->pts[i];
    }
    s->n = w;
    if (s->period_s == 0 && s->n > 1) {
        int64_t g = 0;
        for (size_t i = 1; i < s->n; i++)
            g = S_gcd(s->pts[i].t_ms - s->pts[i - 1].t_ms, g);
        if (g > 0 && g % 1000 == 0)
            s->period_s = (int)(g / 1000);
    }
}

static int S_series_cmp(const void *a, const void *b)
{
    const qc_series *x = a, *y = b;
    int c = strcmp(x->model_id ? x->model_id : "", y->model_id ? y->model_id : "");
    if (c)
        return c;
    if ((c = strcmp(x->metric, y->metric)))
        return c;
    return strcmp(x->stat, y->stat);
}

static void S_free_one(qc_series *s)
{
    free(s->model_id);
    free(s->metric);
    free(s->stat);
    free(s->unit);
    free(s->source);
    free(s->pts);
}

void qc_series_finish(qc_series_set *set)
{
    /* A metric CloudWatch has no data for (TimeToFirstToken on a model that
     * does not stream, say) is not a series. */
    size_t w = 0;
    for (size_t i = 0; i < set->n; i++) {
        if (set->s[i].n == 0) {
            S_free_one(&set->s[i]);
            continue;
        }
        set->s[w++] = set->s[i];
    }
    set->n = w;
    for (size_t i = 0; i < set->n; i++)
        S_finish_one(&set->s[i]);
    if (set->n > 1)
        qsort(set->s, set->n, sizeof *set->s, S_series_cmp);
}

void qc_series_clip(qc_series_set *set, int64_t start, int64_t end)
{
    for (size_t i = 0; i < set->n; i++) {
        qc_series *s = &set->s[i];
        size_t w = 0;
        for (size_t k = 0; k < s->n; k++)
            if (s->pts[k].t_ms >= start && s->pts[k].t_ms < end)
                s->pts[w++] = s->pts[k];
        s->n = w;
    }
}

void qc_series_set_free(qc_series_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        S_free_one(&set->s[i]);
    free(set->s);
    memset(set, 0, sizeof *set);
}

static int S_str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **qc_series_models(const qc_series_set *set, size_t *n)
{
    const char **out = qc_calloc(set->n + 1, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; i < set->n; i++) {
        const char *m = set->s[i].model_id;
        if (!m)
            continue;
        size_t j;
        for (j = 0; j < k && strcmp(out[j], m); j++)
            ;
        if (j == k)
            out[k++] = m;
    }
    qsort(out, k, sizeof *out, S_str_cmp);
    *n = k;
    return out;
}

char *qc_series_slug(const char *model_id)
{
    size_t n = strlen(model_id);
    char *s = qc_malloc(n + 1);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)model_id[i];
        if (isalnum(c))
            s[w++] = (char)tolower(c);
        else if (w && s[w - 1] != '-')
            s[w++] = '-';
    }
    while (w && s[w - 1] == '-')
        w--;
    s[w] = '\0';
    if (!w) {
        free(s);
        return qc_strdup("unknown");
    }
    return s;
}

/* Runs of missing periods between the first and the last point. */
static json_t *S_gaps(const qc_series *s, size_t *missing)
{
    json_t *gaps = json_array();
    *missing = 0;
    if (s->period_s <= 0)
        return gaps;
    int64_t p = (int64_t)s->period_s * 1000;
    for (size_t i = 1; i < s->n; i++) {
        int64_t d = s->pts[i].t_ms - s->pts[i - 1].t_ms;
        if (d <= p)
            continue;
        size_t k = (size_t)(d / p - 1);
        *missing += k;
        json_t *g = json_array();
        json_array_append_new(g, qc_json_time(s->pts[i - 1].t_ms + p));
        json_array_append_new(g, qc_json_time(s->pts[i].t_ms - p));
        json_array_append_new(g, json_integer((json_int_t)k));
        json_array_append_new(gaps, g);
    }
    return gaps;
}

json_t *qc_series_head_json(const qc_series *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "model_id", qc_json_str_or_null(s->model_id));
    json_object_set_new(o, "metric", qc_json_str(s->metric));
    json_object_set_new(o, "stat", qc_json_str(s->stat));
    json_object_set_new(o, "period", s->period_s ? json_integer(s->period_s) : json_null());
    json_object_set_new(o, "unit", qc_json_str_or_null(s->unit));
    json_object_set_new(o, "source", qc_json_str_or_null(s->source));
    json_object_set_new(o, "datapoints", json_integer((json_int_t)s->n));
    double total = 0, max = 0;
    int64_t max_at = 0;
    for (size_t i = 0; i < s->n; i++) {
        total += s->pts[i].v;
        if (i == 0 || s->pts[i].v > max) {
            max = s->pts[i].v;
            max_at = s->pts[i].t_ms;
        }
    }
    json_object_set_new(o, "first", s->n ? qc_json_time(s->pts[0].t_ms) : json_null());
    json_object_set_new(o, "last", s->n ? qc_json_time(s->pts[s->n - 1].t_ms) : json_null());
    /* A sum of averages or percentiles means nothing: totals only for Sum. */
    int summable = !strcmp(s->stat, "Sum") || !strcmp(s->stat, "SampleCount");
    json_object_set_new(o, "total", summable ? json_real(total) : json_null());
    json_object_set_new(o, "max", s->n ? json_real(max) : json_null());
    json_object_set_new(o, "max_at", s->n ? qc_json_time(max_at) : json_null());
    size_t missing;
    json_t *gaps = S_gaps(s, &missing);
    json_object_set_new(o, "missing_periods", json_integer((json_int_t)missing));
    json_object_set_new(o, "gaps", gaps);
    json_object_set_new(o, "conflicting_duplicates", json_integer((json_int_t)s->duplicates));
    return o;
}

json_t *qc_series_to_json(const qc_series *s)
{
    json_t *o = qc_series_head_json(s), *pts = json_array();
    for (size_t i = 0; i < s->n; i++) {
        json_t *pt = json_array();
        json_array_append_new(pt, qc_json_time(s->pts[i].t_ms));
        json_array_append_new(pt, json_real(s->pts[i].v));
        json_array_append_new(pts, pt);
    }
    json_object_set_new(o, "points", pts);
    return o;
}

/* The text qc_json_dump_at gives the points' array of qc_series_to_json at
 * depth, without the tree: two weeks of minutes are 20,160 points, and as
 * jansson nodes each costs four allocations and a redaction of its time. */
int qc_series_points_text(const qc_series *s, int depth, qc_series_time_fn time_text, void *ud,
                          qc_buf *out)
{
    size_t before = out->len;
    if (s->n == 0) {
        qc_buf_add(out, "[]", 2);
    } else {
        char ind[64];
        int w = 2 * (depth + 1) < (int)sizeof ind ? 2 * (depth + 1) : (int)sizeof ind - 1;
        memset(ind, ' ', (size_t)w);
        qc_buf_add(out, "[\n", 2);
        for (size_t i = 0; i < s->n; i++) {
            char num[40];
            qc_json_format_number(s->pts[i].v, num);
            qc_buf_add(out, ind, (size_t)w);
            qc_buf_add(out, "[\"", 2);
            qc_buf_adds(out, time_text(ud, s->pts[i].t_ms));
            qc_buf_add(out, "\", ", 3);
            qc_buf_adds(out, num);
            qc_buf_add(out, i + 1 < s->n ? "],\n" : "]\n", i + 1 < s->n ? 3 : 2);
        }
        qc_buf_add(out, ind, (size_t)(w - 2));
        qc_buf_addc(out, ']');
    }
    if (out->overflow) {
        qc_buf_truncate(out, before);
        return -1;
    }
    return 0;
}
