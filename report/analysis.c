/* analysis.c - model.json from an evidence directory and a case file.
 *
 * Relies on the evidence contract written by collector/: manifest.json lists
 * every file; cloudwatch_<slug>_invocations.json holds all series of one
 * model; throttling_events.json the log events; service_quotas_bedrock.json
 * the merged quotas.  Every number in the model is computed here from those
 * files, so a figure in the case can be traced to one of them. */
#include "analysis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/qtime.h"
#include "collector/quotamap.h"
#include "report/arithmetic.h"
#include "report/cwload.h"
#include "report/demand.h"
#include "report/diagnosis.h"
#include "report/events.h"
#include "report/verify.h"

#define QC_MODEL_SCHEMA "quotacase-model/1"
#define QC_SAMPLE_EVENTS 10
/* The minutes model.json (and the workbook) show period by period: the
 * throttled ones with a quarter of an hour each side, two days at most. */
#define QC_WINDOW_CONTEXT_MS (15 * 60000)
#define QC_WINDOW_ROWS 2880

typedef struct evidence {
    const char *dir;
    int has_logs; /* the collection scanned application logs */
    json_t *manifest;
    qc_events *events; /* empty when not collected */
    json_t *quotas; /* NULL when not collected */
    qc_cwload *series; /* one per cloudwatch_<slug>_invocations.json, trees freed */
    size_t nseries;
} evidence;

void qc_analysis_fmt(double v, char out[48])
{
    if (v != floor(v) || fabs(v) >= 1e15) {
        snprintf(out, 48, "%.2f", v);
        size_t n = strlen(out);
        while (n > 0 && out[n - 1] == '0')
            out[--n] = '\0';
        if (n > 0 && out[n - 1] == '.')
            out[--n] = '\0';
        return;
    }
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits), w = 0;
    if (v < 0)
        out[w++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[w++] = ',';
        out[w++] = digits[i];
    }
    out[w] = '\0';
}

void qc_analysis_num(json_t *o, const char *key, double v)
{
    char t[48] = "n/a", k[96];
    json_object_set_new(o, key, isfinite(v) ? json_real(v) : json_null());
    if (isfinite(v))
        qc_analysis_fmt(v, t);
    snprintf(k, sizeof k, "%s_text", key);
    json_object_set_new(o, k, json_string(t));
}

static json_t *S_num_text(double v)
{
    char t[48];
    qc_analysis_fmt(v, t);
    return json_string(t);
}

/* Sets key and key_text ("1,234") on o. */
static void S_set_num(json_t *o, const char *key, double v)
{
    char k[96];
    json_object_set_new(o, key, json_real(v));
    snprintf(k, sizeof k, "%s_text", key);
    json_object_set_new(o, k, S_num_text(v));
}

/* ---- loading ---- */

static int S_str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}


static json_t *S_load(const char *dir, const char *name, qc_err *err)
{
    char *path = qc_fs_join(dir, name);
    json_t *j = qc_json_load_file(path, err);
    free(path);
    return j;
}

static int S_load_evidence(const char *dir, evidence *ev, qc_err *err)
{
    memset(ev, 0, sizeof *ev);
    ev->dir = dir;
    qc_verify_report vr;
    qc_verify_report_init(&vr);
    int rc = qc_verify_dir(dir, 1, &vr, err);
    if (rc < 0 && vr.lines.len) {
        /* The first problem is the message: one line names the file. */
        char *nl = strchr(vr.lines.ptr, '\n');
        if (nl)
            *nl = '\0';
        qc_err_clear(err);
        qc_err_set(err, QC_EVERIFY, "%s: evidence does not match its manifest: %s", dir,
                   vr.lines.ptr);
    }
    qc_verify_report_free(&vr);
    if (rc < 0)
        return -1;
    if (!(ev->manifest = S_load(dir, "manifest.json", err)))
        return -1;
    size_t i;
    json_t *f;
    /* Log files and CloudWatch Logs groups are both the application's logs. */
    json_array_foreach(json_object_get(ev->manifest, "sources"), i, f)
        ev->has_logs |= S_str_eq(qc_json_get_str(f, "type"), "app_logs") ||
                        S_str_eq(qc_json_get_str(f, "type"), "cloudwatch_logs");
    json_array_foreach(json_object_get(ev->manifest, "files"), i, f)
    {
        const char *n = qc_json_get_str(f, "name");
        size_t len = n ? strlen(n) : 0;
        json_t **slot = NULL, *doc;
        if (!n)
            continue;
        if (!strcmp(n, "throttling_events.json")) {
            /* Read as a stream: only the index and the section stay. */
            char *path = qc_fs_join(dir, n);
            qc_events_free(ev->events);
            ev->events = qc_events_load(path, err);
            free(path);
            if (!ev->events)
                return -1;
            continue;
        }
        if (!strcmp(n, "service_quotas_bedrock.json"))
            slot = &ev->quotas;
        else if (strncmp(n, "cloudwatch_", 11) || len < 28 ||
                 strcmp(n + len - 17, "_invocations.json") || !strcmp(n, "cloudwatch_invocations.json"))
            continue;
        if (!slot) {
            /* One tree at a time: only its figures stay. */
            char *path = qc_fs_join(dir, n);
            ev->series = qc_realloc(ev->series, (ev->nseries + 1) * sizeof *ev->series);
            int lrc = qc_cwload_file(path, &ev->series[ev->nseries], err);
            free(path);
            if (lrc < 0)
                return -1;
            ev->nseries++;
            continue;
        }
        if (!(doc = S_load(dir, n, err)))
            return -1;
        *slot = doc;
    }
    if (!ev->events && !(ev->events = qc_events_load(NULL, err)))
        return -1;
    return 0;
}

static void S_free_evidence(evidence *ev)
{
    json_decref(ev->manifest);
    qc_events_free(ev->events);
    json_decref(ev->quotas);
    for (size_t i = 0; i < ev->nseries; i++)
        qc_cwload_free(&ev->series[i]);
    free(ev->series);
}

/* ---- models ---- */

static void S_add_model_id(json_t *ids, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) if (!strcmp(json_string_value(v), id)) return;
    json_array_append_new(ids, json_string(id));
}

static int S_cmp_str_json(const void *a, const void *b)
{
    return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

/* The model's series and its logged throttling, one row per period; the
 * loader's table is taken (it keeps no copy). */
static void S_table(qc_cwload *l, const char *id, const qc_evidx *events, int period,
                    qc_minutes *out)
{
    size_t i, n = 0, nev;
    const qc_evidx_item *ev = qc_evidx_model(events, id, &nev);
    qc_minutes_cell *cells = qc_calloc(nev + 1, sizeof *cells);
    int64_t p = (int64_t)(period > 0 ? period : 60) * 1000;
    for (i = 0; i < nev; i++) {
        int64_t t = ev[i].t;
        if (t != QC_EVIDX_UNTIMED)
            cells[n++] = (qc_minutes_cell){t - ((t % p) + p) % p, QC_MIN_LOG, 1};
    }
    if (l) {
        *out = l->table;
        memset(&l->table, 0, sizeof l->table);
        qc_minutes_merge(out, cells, n);
    } else {
        qc_minutes_build(out, id, cells, n);
    }
    free(out->model_id);
    out->model_id = qc_strdup(id);
    free(cells);
}

/* What model.json shows of the table: every hour, and the minutes of the
 * throttled windows with QC_WINDOW_CONTEXT of context on each side. */
static void S_shown(json_t *m, const qc_minutes *t, int period)
{
    json_object_set_new(m, "hours", qc_minutes_hours(t));
    qc_minutes_span *sp;
    int cut;
    size_t n = qc_minutes_windows(t, (int64_t)period * 1000, QC_WINDOW_CONTEXT_MS, QC_WINDOW_ROWS, &sp, &cut);
    json_t *w = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "start", qc_json_time(sp[i].t0));
        json_object_set_new(o, "end", qc_json_time(sp[i].t1));
        qc_analysis_num(o, "throttled", sp[i].throttled);
        json_object_set_new(o, "rows", qc_minutes_rows(t, sp[i].from, sp[i].to));
        json_array_append_new(w, o);
    }
    free(sp);
    json_object_set_new(m, "windows", w);
    json_object_set_new(m, "windows_cut", json_boolean(cut));
    qc_analysis_num(m, "periods", (double)t->n);
}

static json_t *S_models(evidence *ev, qc_mintabs *tabs)
{
    json_t *ids = json_array(), *out = json_array();
    size_t i, nev;
    const qc_evidx *idx = qc_events_throttles(ev->events);
    const qc_evidx_item *all = qc_evidx_all(idx, &nev);
    for (i = 0; i < ev->nseries; i++)
        if (ev->series[i].model_id)
            S_add_model_id(ids, ev->series[i].model_id);
    for (i = 0; i < nev; i++) /* by model: each model's first item */
        if (!i || strcmp(all[i].model, all[i - 1].model))
            S_add_model_id(ids, all[i].model);
    size_t n = json_array_size(ids);
    json_t **sorted = qc_calloc(n + 1, sizeof *sorted);
    for (i = 0; i < n; i++)
        sorted[i] = json_array_get(ids, i);
    qsort(sorted, n, sizeof *sorted, S_cmp_str_json);
    for (i = 0; i < n; i++) {
        const char *id = json_string_value(sorted[i]);
        qc_cwload *l = NULL;
        size_t k;
        for (k = 0; k < ev->nseries; k++)
            if (S_str_eq(ev->series[k].model_id, id))
                l = &ev->series[k];
        json_t *m = l ? json_deep_copy(l->metrics) : qc_cwload_no_metrics();
        json_object_set_new(m, "model_id", json_string(id));
        S_set_num(m, "log_events", (double)qc_events_count(ev->events, id, 0));
        S_set_num(m, "capacity_events", (double)qc_events_count(ev->events, id, 1));
        int period = l ? l->period : 60;
        qc_minutes t;
        S_table(l, id, idx, period, &t);
        S_shown(m, &t, period);
        qc_mintabs_take(tabs, &t);
        json_array_append_new(out, m);
    }
    free(sorted);
    json_decref(ids);
    return out;
}

/* ---- quotas ---- */

static json_t *S_quota_model(const json_t *q, const json_t *requests)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_deep_copy(json_object_get(q, "quota_code")));
    json_object_set_new(o, "name", json_deep_copy(json_object_get(q, "quota_name")));
    static const char *const vals[] = {"applied_value", "default_value", "effective_value"};
    static const char *const keys[] = {"applied", "default", "effective"};
    for (int k = 0; k < 3; k++) {
        double v;
        if (qc_json_get_num(q, vals[k], &v)) {
            S_set_num(o, keys[k], v);
        } else {
            char t[32];
            snprintf(t, sizeof t, "%s_text", keys[k]);
            json_object_set_new(o, keys[k], json_null());
            json_object_set_new(o, t, json_string("not set"));
        }
    }
    static const char *const copy[] = {"effective_source", "below_default", "adjustable", "global",
                                       "unit", "period", "models"};
    for (size_t k = 0; k < sizeof copy / sizeof *copy; k++)
        json_object_set_new(o, copy[k], json_deep_copy(json_object_get(q, copy[k])));
    json_t *reqs = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(requests, i, r) if (S_str_eq(qc_json_get_str(r, "quota_code"),
                                                    qc_json_get_str(q, "quota_code")))
    {
        json_t *c = json_deep_copy(r);
        if (json_is_number(json_object_get(r, "desired_value")))
            qc_analysis_num(c, "desired_value", json_number_value(json_object_get(r, "desired_value")));
        json_array_append_new(reqs, c);
    }
    json_object_set_new(o, "has_requests", json_boolean(json_array_size(reqs) > 0));
    json_object_set_new(o, "requests", reqs);
    return o;
}

/* The case file's explicit quota codes for one model, or NULL (names decide). */
static const char **S_listed(const json_t *case_doc, const char *model, size_t *n)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(case_doc, "quota_map"), i, e)
    {
        if (!S_str_eq(qc_json_get_str(e, "model_id"), model))
            continue;
        const json_t *codes = json_object_get(e, "quota_codes");
        const char **v = qc_calloc(json_array_size(codes) + 1, sizeof *v);
        size_t k;
        json_t *c;
        *n = 0;
        json_array_foreach(codes, k, c) v[(*n)++] = json_string_value(c);
        return v;
    }
    *n = 0;
    return NULL;
}

/* Which of the render's models the quota governs, decided now (not by the
 * collector's older list) so a corrected mapping or an explicit map applies
 * to evidence collected before; its kind, scope and tier for the reader. */
static void S_map_quota(json_t *o, const json_t *models, const json_t *case_doc)
{
    const char *name = qc_json_get_str(o, "name"), *code = qc_json_get_str(o, "code");
    qc_quotamap_class c = qc_quotamap_classify(name ? name : "");
    json_object_set_new(o, "kind", json_string(qc_quotamap_kind_name(c.kind)));
    json_object_set_new(o, "scope", json_string(qc_quotamap_scope_name(c.scope)));
    json_object_set_new(o, "tier", json_string(qc_quotamap_tier_name(c.tier)));
    json_t *gov = json_array();
    size_t i, n;
    json_t *m;
    json_array_foreach(models, i, m)
    {
        const char *id = qc_json_get_str(m, "model_id");
        const char **listed = S_listed(case_doc, id, &n);
        if (id && name && code && qc_quotamap_governs_listed(code, name, id, listed, n))
            json_array_append_new(gov, json_string(id));
        free(listed);
    }
    json_object_set_new(o, "models", gov);
}

static json_t *S_quotas(const evidence *ev, const json_t *models, const json_t *case_doc)
{
    json_t *out = json_array();
    const json_t *requests = json_object_get(ev->quotas, "requests");
    size_t i;
    json_t *q;
    json_array_foreach(json_object_get(ev->quotas, "quotas"), i, q)
    {
        json_t *o = S_quota_model(q, requests);
        S_map_quota(o, models, case_doc);
        json_array_append_new(out, o);
    }
    return out;
}

/* ---- the design arithmetic ---- */

static const json_t *S_find_quota(const json_t *quotas, const char *code)
{
    size_t i;
    json_t *q;
    json_array_foreach(quotas, i, q) if (code && S_str_eq(qc_json_get_str(q, "code"), code)) return q;
    return NULL;
}

static json_t *S_request(const json_t *c, const json_t *quotas, double design, json_t *steps)
{
    json_t *r = json_object();
    const char *code = qc_json_get_str(c, "quota_code");
    const json_t *q = S_find_quota(quotas, code);
    json_object_set_new(r, "quota_code", qc_json_str_or_null(code));
    json_object_set_new(r, "found", json_boolean(q != NULL));
    json_object_set_new(r, "quota", q ? json_deep_copy(q) : json_null());
    const json_t *want = json_object_get(c, "requested_limit");
    double requested = json_is_number(want) ? json_number_value(want) : design;
    const char *source = json_is_number(want) ? "case file" : "design arithmetic";
    json_object_set_new(r, "has_value", json_boolean(requested > 0));
    if (requested > 0)
        S_set_num(r, "requested", requested);
    else
        json_object_set_new(r, "requested", json_null());
    json_object_set_new(r, "requested_source", json_string(source));
    json_object_set_new(r, "arithmetic", steps);
    json_object_set_new(r, "has_arithmetic", json_boolean(json_array_size(steps) > 0));
    const char *unit = qc_json_get_str(json_array_get(steps, json_array_size(steps) - 1), "unit");
    json_object_set_new(r, "arithmetic_unit", qc_json_str_or_null(unit));
    if (design > 0)
        S_set_num(r, "design", design);
    else
        json_object_set_new(r, "design", json_null());
    json_object_set_new(r, "matches_design", json_boolean(design > 0 && requested == design));
    double current;
    if (q && requested > 0 && qc_json_get_num(q, "effective", &current) && current > 0)
        S_set_num(r, "factor", round(requested / current * 10) / 10);
    else
        json_object_set_new(r, "factor", json_null());
    return r;
}

/* ---- evidence summary and gaps ---- */

/* The window's length in the unit a reader expects: "17 minutes", not
 * "0 days"; hours under two days, days from there. */
static json_t *S_length(int64_t ms)
{
    json_t *o = json_object();
    double v = 0;
    const char *unit = "days";
    if (ms >= 0 && ms < 2 * 3600000) {
        v = round((double)ms / 60000.0), unit = "minutes";
    } else if (ms >= 0 && ms < 2 * 86400000) {
        v = round((double)ms / 3600000.0 * 10) / 10, unit = "hours";
    } else if (ms >= 0) {
        v = round((double)ms / 86400000.0 * 10) / 10;
    }
    S_set_num(o, "value", v);
    json_object_set_new(o, "unit", json_string(unit));
    json_object_set_new(o, "unit_is", json_pack("{s:b, s:b, s:b}", "minutes", unit[0] == 'm',
                                                "hours", unit[0] == 'h', "days", unit[0] == 'd'));
    json_object_set_new(o, "one", json_boolean(v == 1));
    return o;
}

static json_t *S_evidence_model(const evidence *ev)
{
    const json_t *m = ev->manifest;
    json_t *o = json_object();
    static const char *const copy[] = {"case_id", "created", "region", "account", "status",
                                       "window", "sources", "redactions"};
    for (size_t i = 0; i < sizeof copy / sizeof *copy; i++)
        json_object_set_new(o, copy[i], json_deep_copy(json_object_get(m, copy[i])));
    /* The collected files only: what an earlier render wrote is not evidence,
     * and listing it would make the model depend on the previous render. */
    json_t *files = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(m, "files"), i, f)
        if (!S_str_eq(qc_json_get_str(f, "stage"), "rendered")) {
            json_t *c = json_copy(f);
            json_object_set_new(c, "bytes_text",
                                S_num_text((double)json_integer_value(json_object_get(f, "bytes"))));
            json_array_append_new(files, c);
        }
    json_object_set_new(o, "files", files);
    const char *s = qc_json_get_str(json_object_get(m, "window"), "start"),
               *e = qc_json_get_str(json_object_get(m, "window"), "end");
    int64_t a, b, len = -1;
    double days = 0;
    if (s && e && qc_time_parse_arg(s, &a) == 0 && qc_time_parse_arg(e, &b) == 0 && b >= a) {
        len = b - a;
        days = round((double)len / 86400000.0 * 10) / 10;
    }
    S_set_num(o, "days", days);
    json_object_set_new(o, "length", S_length(len));
    json_object_set_new(o, "partial", json_boolean(S_str_eq(qc_json_get_str(m, "status"), "partial")));
    json_object_set_new(o, "has_logs", json_boolean(ev->has_logs));
    json_object_set_new(o, "has_metrics", json_boolean(ev->nseries > 0));
    json_object_set_new(o, "has_quotas", json_boolean(ev->quotas != NULL));
    return o;
}

static void S_gap(json_t *gaps, const char *item, const char *detail)
{
    json_t *g = json_object();
    json_object_set_new(g, "item", json_string(item));
    json_object_set_new(g, "detail", qc_json_str(detail));
    json_array_append_new(gaps, g);
}

static json_t *S_missing(const evidence *ev, const json_t *c, const json_t *request)
{
    json_t *gaps = json_array();
    if (!ev->has_logs)
        S_gap(gaps, "application logs", "no application logs were scanned");
    if (!ev->nseries)
        S_gap(gaps, "CloudWatch metrics", "no AWS/Bedrock metric series were collected");
    if (!ev->quotas)
        S_gap(gaps, "Service Quotas", "no applied or default quota values were collected");
    if (!qc_json_get_str(c, "quota_code"))
        S_gap(gaps, "quota to raise", "the case file has no quota_code");
    else if (!json_is_true(json_object_get(request, "found")))
        S_gap(gaps, "quota to raise", "the case file's quota_code is not in the Service Quotas data");
    if (json_is_null(json_object_get(request, "requested")))
        S_gap(gaps, "requested value", "no requested_limit and no complete request_pattern");
    static const char *const text[] = {"subject", "use_case", "business_impact"};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        if (!qc_json_get_str(c, text[i]))
            S_gap(gaps, text[i], "empty in the case file");
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(ev->manifest, "sources"), i, s)
    {
        const char *st = qc_json_get_str(s, "status");
        if (st && strcmp(st, "ok")) {
            char d[1200];
            snprintf(d, sizeof d, "%s: %s", qc_json_get_str(s, "input") ? qc_json_get_str(s, "input") : "?",
                     qc_json_get_str(s, "error") ? qc_json_get_str(s, "error") : st);
            S_gap(gaps, "source incomplete", d);
        }
    }
    return gaps;
}

json_t *qc_analysis_run(const char *dir, const json_t *case_doc, int64_t now_ms, qc_mintabs *tabs,
                        qc_err *err)
{
    memset(tabs, 0, sizeof *tabs);
    evidence ev;
    if (S_load_evidence(dir, &ev, err) < 0) {
        S_free_evidence(&ev);
        return NULL;
    }
    json_t *m = json_object(), *steps = json_array();
    json_object_set_new(m, "schema", json_string(QC_MODEL_SCHEMA));
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("quotacase"));
    json_object_set_new(tool, "version", json_string(QC_VERSION));
    json_object_set_new(m, "tool", tool);
    json_object_set_new(m, "generated", qc_json_time(now_ms));
    json_object_set_new(m, "case", json_deep_copy(case_doc));
    json_object_set_new(m, "evidence", S_evidence_model(&ev));
    json_t *models = S_models(&ev, tabs);
    json_object_set_new(m, "models", models);
    json_object_set_new(m, "events", qc_events_model(ev.events));
    json_t *quotas = S_quotas(&ev, models, case_doc);
    json_object_set_new(m, "quotas", quotas);
    json_object_set_new(m, "pattern", qc_arith_pattern(json_object_get(case_doc, "request_pattern")));
    double design = qc_arith_run(json_object_get(case_doc, "request_pattern"),
                                 S_find_quota(quotas, qc_json_get_str(case_doc, "quota_code")),
                                 models, steps);
    json_t *request = S_request(case_doc, quotas, design, steps);
    json_object_set_new(m, "request", request);
    json_object_set_new(m, "missing", S_missing(&ev, case_doc, request));
    json_object_set_new(m, "complete", json_boolean(json_array_size(json_object_get(m, "missing")) == 0));
    int rc = qc_diagnosis_run(m, tabs, qc_events_throttles(ev.events), err);
    S_free_evidence(&ev);
    if (rc < 0) {
        json_decref(m);
        qc_mintabs_free(tabs);
        return NULL;
    }
    return m;
}
