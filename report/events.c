/* events.c - throttling_events.json read as a stream; see events.h. */
#include "events.h"

#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/json.h"
#include "common/jsonpull.h"
#include "common/qtime.h"
#include "report/analysis.h"

#define QC_SAMPLE_EVENTS 10

/* Events alike in model, limit, operation and error code. */
typedef struct group {
    char *model, *kind, *op, *code;
    size_t count;
    char *first, *last;
} group;

/* Throttling events, or capacity events. */
typedef struct side {
    size_t n, ng, gcap;
    group *g;
    char *first, *last;
    qc_evidx *idx;
} side;

struct qc_events {
    side thr, cap;
    double without_time;
    json_t *sample, *list;
};

static int S_str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static char *S_dup(const char *s)
{
    return s ? qc_strdup(s) : NULL;
}

/* Keeps the earliest and latest of the times seen in *first and *last. */
static void S_span(char **first, char **last, const char *t)
{
    if (!t)
        return;
    if (!*first || strcmp(t, *first) < 0) {
        free(*first);
        *first = qc_strdup(t);
    }
    if (!*last || strcmp(t, *last) > 0) {
        free(*last);
        *last = qc_strdup(t);
    }
}

static double S_num_or(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : -1;
}

static void S_side_add(side *s, const json_t *e)
{
    const char *m = qc_json_get_str(e, "model_id"), *k = qc_json_get_str(e, "quota_kind"),
               *op = qc_json_get_str(e, "operation"), *c = qc_json_get_str(e, "error_code"),
               *t = qc_json_get_str(e, "time");
    size_t j;
    s->n++;
    S_span(&s->first, &s->last, t);
    for (j = 0; j < s->ng; j++)
        if (S_str_eq(s->g[j].model, m) && S_str_eq(s->g[j].kind, k) && S_str_eq(s->g[j].op, op) &&
            S_str_eq(s->g[j].code, c))
            break;
    if (j == s->ng) {
        s->g = qc_grow(s->g, &s->gcap, s->ng + 1, sizeof *s->g);
        s->g[s->ng++] = (group){S_dup(m), S_dup(k), S_dup(op), S_dup(c), 0, NULL, NULL};
    }
    s->g[j].count++;
    S_span(&s->g[j].first, &s->g[j].last, t);
    int64_t at;
    if (!t || qc_time_parse_arg(t, &at) < 0)
        at = QC_EVIDX_UNTIMED;
    qc_evidx_add(s->idx, m, at, k, S_num_or(json_object_get(e, "attempts")),
                 S_num_or(json_object_get(e, "max_tokens")));
}

static int S_is_capacity(const json_t *e)
{
    return S_str_eq(qc_json_get_str(e, "error_code"), "ServiceUnavailableException") &&
           !S_str_eq(qc_json_get_str(e, "quota_kind"), "connections");
}

/* The compact row of model.events.list; a missing field stays a null so
 * positions never shift. */
static json_t *S_row(const json_t *e)
{
    static const char *const cols[] = {"time",       "model_id", "quota_kind", "attempts",
                                       "max_tokens", "request_id", "source",   "error_code"};
    json_t *r = json_array();
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++) {
        const json_t *v = json_object_get(e, cols[c]);
        json_array_append_new(r, v ? json_deep_copy(v) : json_null());
    }
    return r;
}

static void S_event(qc_events *x, json_t *e)
{
    if (S_is_capacity(e)) {
        S_side_add(&x->cap, e);
        return;
    }
    if (x->thr.n < QC_SAMPLE_EVENTS)
        json_array_append(x->sample, e);
    if (x->thr.n < QC_EVENTS_LISTED)
        json_array_append_new(x->list, S_row(e));
    S_side_add(&x->thr, e);
}

/* {"without_time": N, "events": [{...}, ...], ...}, members in any order. */
static int S_read(qc_jp *p, qc_events *x, const char **why)
{
    qc_jp_tok t = qc_jp_next(p);
    const char *k;
    int more;
    if (t != QC_JP_OBJ)
        return -1;
    while ((more = qc_jp_member(p, &k)) != 0) {
        if (more < 0)
            return -1;
        if (!strcmp(k, "without_time")) {
            t = qc_jp_next(p);
            if (t == QC_JP_NUM)
                x->without_time = qc_jp_num(p);
            else if (qc_jp_skip(p, t) < 0)
                return -1;
            continue;
        }
        if (strcmp(k, "events")) {
            if (qc_jp_skip(p, QC_JP_KEY) < 0)
                return -1;
            continue;
        }
        if ((t = qc_jp_next(p)) != QC_JP_ARR) {
            if (qc_jp_skip(p, t) < 0)
                return -1;
            continue;
        }
        while ((t = qc_jp_next(p)) != QC_JP_ARR_END) {
            if (t != QC_JP_OBJ) {
                *why = "an event is not an object";
                return -1;
            }
            json_t *e = qc_jp_build(p, t);
            if (!e)
                return -1;
            S_event(x, e);
            json_decref(e);
        }
    }
    return qc_jp_next(p) == QC_JP_EOF ? 0 : -1;
}

qc_events *qc_events_load(const char *path, qc_err *err)
{
    qc_events *x = qc_calloc(1, sizeof *x);
    x->thr.idx = qc_evidx_empty();
    x->cap.idx = qc_evidx_empty();
    x->sample = json_array();
    x->list = json_array();
    if (path) {
        qc_jp *p = qc_jp_open(path, err);
        const char *why = NULL;
        int rc = p ? S_read(p, x, &why) : -1;
        if (p && rc < 0)
            qc_jp_fail(p, why ? why : "not a throttling events file of quotacase's", err);
        qc_jp_free(p);
        if (rc < 0) {
            qc_events_free(x);
            return NULL;
        }
    }
    qc_evidx_sort(x->thr.idx);
    qc_evidx_sort(x->cap.idx);
    return x;
}

static void S_side_free(side *s)
{
    for (size_t j = 0; j < s->ng; j++) {
        group *g = &s->g[j];
        free(g->model), free(g->kind), free(g->op), free(g->code), free(g->first), free(g->last);
    }
    free(s->g);
    free(s->first);
    free(s->last);
    qc_evidx_free(s->idx);
}

void qc_events_free(qc_events *x)
{
    if (!x)
        return;
    S_side_free(&x->thr);
    S_side_free(&x->cap);
    json_decref(x->sample);
    json_decref(x->list);
    free(x);
}

const qc_evidx *qc_events_throttles(const qc_events *x)
{
    return x->thr.idx;
}

size_t qc_events_count(const qc_events *x, const char *model, int capacity)
{
    size_t n;
    qc_evidx_model(capacity ? x->cap.idx : x->thr.idx, model, &n);
    return n;
}

/* ---- the model's section ---- */

/* The limit an error message names, in words. */
static const char *S_kind_text(const char *kind)
{
    static const char *const k[][2] = {
        {"requests_per_minute", "requests per minute"}, {"tokens_per_minute", "tokens per minute"},
        {"tokens_per_day", "tokens per day"},           {"connections", "concurrent connections"},
    };
    for (size_t i = 0; kind && i < sizeof k / sizeof *k; i++)
        if (!strcmp(kind, k[i][0]))
            return k[i][1];
    return "not named in the message";
}

static json_t *S_groups(const side *s)
{
    json_t *out = json_array();
    for (size_t j = 0; j < s->ng; j++) {
        const group *g = &s->g[j];
        json_t *o = json_object();
        json_object_set_new(o, "model_id", qc_json_str_or_null(g->model));
        json_object_set_new(o, "quota_kind", qc_json_str_or_null(g->kind));
        json_object_set_new(o, "quota_kind_text", json_string(S_kind_text(g->kind)));
        json_t *is = json_object();
        static const char *const kinds[] = {"requests_per_minute", "tokens_per_minute",
                                            "tokens_per_day", "connections", "unknown"};
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
            json_object_set_new(is, kinds[k], json_boolean(S_str_eq(g->kind, kinds[k])));
        json_object_set_new(o, "kind_is", is);
        json_object_set_new(o, "operation", qc_json_str_or_null(g->op ? g->op : "unknown"));
        json_object_set_new(o, "error_code", qc_json_str_or_null(g->code));
        qc_analysis_num(o, "count", (double)g->count);
        json_object_set_new(o, "first", qc_json_str_or_null(g->first));
        json_object_set_new(o, "last", qc_json_str_or_null(g->last));
        json_array_append_new(out, o);
    }
    return out;
}

json_t *qc_events_model(const qc_events *x)
{
    json_t *o = json_object(), *c = json_object();
    qc_analysis_num(o, "total", (double)x->thr.n);
    qc_analysis_num(o, "without_time", x->without_time);
    qc_analysis_num(c, "total", (double)x->cap.n);
    json_object_set_new(c, "has_events", json_boolean(x->cap.n > 0));
    json_object_set_new(c, "first", qc_json_str_or_null(x->cap.first));
    json_object_set_new(c, "last", qc_json_str_or_null(x->cap.last));
    json_object_set_new(c, "groups", S_groups(&x->cap));
    json_object_set_new(o, "capacity", c);
    json_object_set_new(o, "first", qc_json_str_or_null(x->thr.first));
    json_object_set_new(o, "last", qc_json_str_or_null(x->thr.last));
    json_object_set_new(o, "groups", S_groups(&x->thr));
    /* Shared, not copied: the set is freed once the model is built. */
    json_object_set(o, "sample", x->sample);
    /* The first events, compactly: [time, model, kind, attempts, max_tokens,
     * request id, source, error code]; all of them are in the file. */
    json_object_set(o, "list", x->list);
    qc_analysis_num(o, "listed", (double)json_array_size(x->list));
    json_object_set_new(o, "list_cut", json_boolean(x->thr.n > json_array_size(x->list)));
    json_object_set_new(o, "has_events", json_boolean(x->thr.n > 0));
    return o;
}
