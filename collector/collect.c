/* collect.c - runs the offline sources (log files, aws CLI exports) into an
 * evidence directory; see collect.h.  The file names and their content are
 * the contract with the renderer, documented in docs/evidence.md. */
#include "collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/aws/client.h"
#include "collector/evidence.h"
#include "collector/collect_live.h"
#include "collector/importers.h"
#include "collector/logscan.h"
#include "common/redact.h"
#include "common/alloc.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/progress.h"
#include "common/qtime.h"

#define QC_TXT_LINES_PER_EVENT 40

void qc_collect_result_init(qc_collect_result *r)
{
    memset(r, 0, sizeof *r);
    qc_buf_init(&r->warnings, 0);
}

void qc_collect_result_free(qc_collect_result *r)
{
    qc_buf_free(&r->warnings);
}

/* ---- sources ---- */

/* How the evidence names an input (see qc_collect_opts.names_real); free() it. */
static char *S_name(const qc_collect_opts *o, const char *path)
{
    return qc_fs_rebase(path, o->names_real, o->names_shown);
}

static int S_scan_one(const qc_collect_opts *o, qc_logscan *scan, const char *path,
                      json_t *files, json_t *src, qc_collect_result *r)
{
    const qc_logscan_stats before = *qc_logscan_get_stats(scan);
    qc_err ferr;
    qc_err_clear(&ferr);
    char *name = S_name(o, path);
    int rc = qc_logscan_file(scan, path, name, &ferr);
    const qc_logscan_stats *after = qc_logscan_get_stats(scan);
    json_t *f = json_object();
    json_object_set_new(f, "name", qc_json_str(name));
    free(name);
    json_object_set_new(f, "bytes", json_integer((json_int_t)(after->bytes - before.bytes)));
    json_object_set_new(f, "lines", json_integer((json_int_t)(after->lines - before.lines)));
    json_object_set_new(f, "events", json_integer((json_int_t)(after->events - before.events)));
    const char *st = rc > 0 ? "interrupted" : rc ? "partial" : "ok";
    json_object_set_new(f, "status", json_string(st));
    json_object_set_new(f, "error", rc ? qc_json_str(ferr.msg) : json_null());
    json_array_append_new(files, f);
    if (rc) {
        r->partial = 1;
        r->interrupted |= rc > 0;
        qc_buf_printf(&r->warnings, "%s\n", ferr.msg);
        json_object_set_new(src, "status", json_string(st));
        json_object_set_new(src, "error", qc_json_str(ferr.msg));
    }
    return 0;
}

static int S_scan_logs(const qc_collect_opts *o, qc_logscan *scan, json_t *sources,
                       qc_collect_result *r, qc_err *err)
{
    for (size_t i = 0; i < o->nlogs && !r->interrupted; i++) {
        const char *in = o->logs[i];
        if (qc_fs_check_input(in, err) < 0)
            return -1;
        json_t *src = json_object(), *files = json_array();
        char *name = S_name(o, in);
        json_object_set_new(src, "type", json_string("app_logs"));
        json_object_set_new(src, "input", qc_json_str(name));
        free(name);
        json_object_set_new(src, "status", json_string("ok"));
        json_object_set_new(src, "error", json_null());
        json_array_append_new(sources, src);
        if (qc_fs_is_dir(in)) {
            qc_pathlist list = {0};
            if (qc_fs_list_inputs(in, &list, err) < 0) {
                json_decref(files);
                return -1;
            }
            for (size_t k = 0; k < list.len && !r->interrupted; k++) {
                char *path = qc_fs_join(in, list.items[k]);
                S_scan_one(o, scan, path, files, src, r);
                free(path);
            }
            qc_pathlist_free(&list);
        } else {
            S_scan_one(o, scan, in, files, src, r);
        }
        json_object_set_new(src, "files", files);
        qc_progress_say(o->progress, o->progress_ud, "logs: %s: %zu events so far",
                        qc_json_get_str(src, "input"), qc_logscan_count(scan));
    }
    return 0;
}

static int S_import_one(const qc_collect_opts *o, const char *path, qc_import_ctx *ctx,
                        json_t *sources, qc_err *err)
{
    qc_import_result res;
    char *name = S_name(o, path);
    int rc = qc_import_file(path, name, ctx, &res, err);
    if (rc < 0) {
        free(name);
        return -1;
    }
    json_t *src = json_object();
    json_object_set_new(src, "type", json_string("import"));
    json_object_set_new(src, "input", qc_json_str(name));
    json_object_set_new(src, "kind", json_string(res.kind));
    json_object_set_new(src, "status", json_string(res.partial ? "partial" : "ok"));
    json_object_set_new(src, "error",
                        res.partial ? json_string("CloudWatch marked some results PartialData "
                                                  "or InternalError")
                                    : json_null());
    json_object_set_new(src, "series", json_integer((json_int_t)res.series));
    json_object_set_new(src, "datapoints", json_integer((json_int_t)res.datapoints));
    json_object_set_new(src, "quotas", json_integer((json_int_t)res.quotas));
    json_object_set_new(src, "requests", json_integer((json_int_t)res.requests));
    json_array_append_new(sources, src);
    qc_progress_say(o->progress, o->progress_ud, "import: %s: %s", name, res.kind);
    free(name);
    return 0;
}

/* A directory stands for every .json file below it, in sorted order. */
static int S_stopped(const qc_collect_opts *o)
{
    return o->interrupted && *o->interrupted;
}

static int S_imports(const qc_collect_opts *o, qc_import_ctx *ctx, json_t *sources,
                     qc_collect_result *r, qc_err *err)
{
    for (size_t i = 0; i < o->nimports && !(r->interrupted |= S_stopped(o)); i++) {
        const char *in = o->imports[i];
        if (qc_fs_check_input(in, err) < 0)
            return -1;
        if (!qc_fs_is_dir(in)) {
            if (S_import_one(o, in, ctx, sources, err) < 0)
                return -1;
            continue;
        }
        qc_pathlist list = {0};
        if (qc_fs_list_inputs(in, &list, err) < 0)
            return -1;
        int rc = 0;
        for (size_t k = 0; k < list.len && rc == 0 && !(r->interrupted |= S_stopped(o)); k++) {
            size_t n = strlen(list.items[k]);
            if (n < 5 || strcmp(list.items[k] + n - 5, ".json") != 0)
                continue;
            char *path = qc_fs_join(in, list.items[k]);
            rc = S_import_one(o, path, ctx, sources, err);
            free(path);
        }
        qc_pathlist_free(&list);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* ---- the window ---- */

static void S_extend(int64_t t, int64_t *lo, int64_t *hi)
{
    if (t == QC_TIME_NONE)
        return;
    if (*lo == QC_TIME_NONE || t < *lo)
        *lo = t;
    if (*hi == QC_TIME_NONE || t > *hi)
        *hi = t;
}

static void S_window(const qc_collect_opts *o, const qc_logscan *scan, const qc_series_set *ss,
                     int64_t *start, int64_t *end)
{
    *start = o->start_ms;
    *end = o->end_ms;
    if (*start != QC_TIME_NONE)
        return;
    int64_t lo = QC_TIME_NONE, hi = QC_TIME_NONE, first, last;
    qc_evstore_span(qc_logscan_events((qc_logscan *)scan), &first, &last);
    S_extend(first, &lo, &hi);
    S_extend(last, &lo, &hi);
    for (size_t i = 0; i < ss->n; i++)
        for (size_t k = 0; k < ss->s[i].n; k++)
            S_extend(ss->s[i].pts[k].t_ms, &lo, &hi);
    if (lo == QC_TIME_NONE)
        return;
    /* Whole minutes, end exclusive: the last event's minute is inside. */
    *start = lo - ((lo % 60000) + 60000) % 60000;
    *end = hi - ((hi % 60000) + 60000) % 60000 + 60000;
}

static int S_in_window(int64_t t, int64_t start, int64_t end)
{
    return t == QC_TIME_NONE || start == QC_TIME_NONE || (t >= start && t < end);
}

/* ---- files ---- */

/* How many events are in the window, and how many of those have no time. */
static int S_count_window(qc_evstore *st, int64_t start, int64_t end, size_t *in, size_t *untimed,
                          qc_err *err)
{
    *in = *untimed = 0;
    qc_evstore_iter *it = qc_evstore_iter_new(st, err);
    if (!it)
        return -1;
    const qc_event *ev;
    while ((ev = qc_evstore_iter_next(it)))
        if (S_in_window(ev->time_ms, start, end)) {
            (*in)++;
            *untimed += ev->time_ms == QC_TIME_NONE;
        }
    int failed = qc_evstore_iter_failed(it);
    qc_evstore_iter_free(it);
    return failed ? qc_err_set(err, QC_EIO, "temporary file for events: damaged") : 0;
}

/* One event of throttling_errors.txt: its header line and its lines. */
static void S_event_text(const qc_event *ev, size_t k, size_t total, qc_buf *out)
{
    char t[QC_TIME_STR_MAX] = "time-unknown";
    if (ev->time_ms != QC_TIME_NONE)
        qc_time_format(ev->time_ms, t);
    qc_buf_printf(out, "\n--- event %zu of %zu: %s %s %s %s %s\n", k, total, t,
                  ev->model_id ? ev->model_id : "unknown", ev->operation ? ev->operation : "-",
                  ev->error_code, qc_quota_kind_name(ev->quota_kind));
    const char *p = ev->text;
    uint64_t line = ev->line;
    int shown = 0;
    while (p) {
        const char *nl = strchr(p, '\n');
        if (shown == QC_TXT_LINES_PER_EVENT) {
            qc_buf_printf(out, "%s:%llu: ... (%llu more lines)\n", ev->source,
                          (unsigned long long)line, (unsigned long long)(ev->line_end - line + 1));
            break;
        }
        qc_buf_printf(out, "%s:%llu: ", ev->source, (unsigned long long)line);
        qc_buf_add(out, p, nl ? (size_t)(nl - p) : strlen(p));
        qc_buf_addc(out, '\n');
        shown++;
        line++;
        p = nl ? nl + 1 : NULL;
    }
}

/* throttling_errors.txt and throttling_events.json, written event by event
 * as they come out of the store in time order: memory stays what one event
 * takes, whatever their number. */
static int S_write_events(qc_evidence *e, qc_evstore *st, int64_t start, int64_t end,
                          size_t *kept, qc_err *err)
{
    size_t total, untimed;
    if (S_count_window(st, start, end, &total, &untimed, err) < 0)
        return -1;
    qc_evidence_stream *txt = qc_evidence_stream_open(
        e, "throttling_errors.txt", "application logs (see sources), matched records, redacted", err);
    qc_evidence_stream *js = txt ? qc_evidence_stream_open(
        e, "throttling_events.json", "application logs (see sources), one event per record", err) : NULL;
    qc_evstore_iter *it = js ? qc_evstore_iter_new(st, err) : NULL;
    int rc = it ? 0 : -1;
    qc_buf b;
    qc_buf_init(&b, 0);
    if (rc == 0) {
        qc_buf_printf(&b, "# quotacase: %zu Bedrock runtime throttling events from application "
                          "logs, in time order, redacted.\n", total);
        qc_buf_adds(&b, "# Each event: a header line, then its log lines as file:line: text.\n");
        rc = qc_evidence_stream_add(txt, b.ptr, b.len, err);
        qc_buf_reset(&b);
        qc_buf_printf(&b, "{\n  \"count\": %zu,\n  \"without_time\": %zu,\n  \"events\": %s", total,
                      untimed, total ? "[\n" : "[]");
        if (rc == 0)
            rc = qc_evidence_stream_add(js, b.ptr, b.len, err);
    }
    size_t k = 0;
    const qc_event *ev;
    while (rc == 0 && (ev = qc_evstore_iter_next(it))) {
        if (!S_in_window(ev->time_ms, start, end))
            continue;
        qc_buf_reset(&b);
        S_event_text(ev, ++k, total, &b);
        rc = qc_evidence_stream_add(txt, b.ptr, b.len, err);
        qc_buf_reset(&b);
        qc_buf_adds(&b, "    ");
        json_t *j = qc_event_to_json(ev);
        qc_json_dump_at(j, &b, 2);
        json_decref(j);
        qc_buf_adds(&b, k < total ? ",\n" : "\n");
        if (rc == 0)
            rc = qc_evidence_stream_add(js, b.ptr, b.len, err);
    }
    if (rc == 0 && it && qc_evstore_iter_failed(it))
        rc = qc_err_set(err, QC_EIO, "temporary file for events: damaged");
    if (rc == 0)
        rc = qc_evidence_stream_add(js, total ? "  ]\n}\n" : "\n}\n", total ? 6 : 3, err);
    qc_buf_free(&b);
    qc_evstore_iter_free(it);
    if (rc == 0)
        rc = qc_evidence_stream_close(txt, err);
    else
        qc_evidence_stream_abort(txt);
    if (rc == 0)
        rc = qc_evidence_stream_close(js, err);
    else
        qc_evidence_stream_abort(js);
    *kept = k;
    return rc;
}

/* The times of the points, formatted and redacted once each: the series
 * of one model share them, and a redaction costs far more than the text. */
typedef struct tslot {
    int64_t t;
    char *red; /* what the redactor made of the text; NULL: the text itself */
    int used;
} tslot;

/* Times on whole minutes between the first and the last (nearly all) are
 * looked up in an array of a byte a minute, read in order as the points
 * are; others, and the texts the redactor changed, in a hash table. */
#define QC_TC_MINUTES ((int64_t)1 << 22) /* 8 years */
enum { TC_UNSEEN, TC_SAME, TC_CHANGED };

typedef struct tcache {
    qc_evidence *e;
    tslot *slot;
    size_t n, cap;
    int64_t m0, nm; /* the minutes the array covers */
    unsigned char *state;
    int64_t day;
    char text[QC_TIME_STR_MAX];
} tcache;

static void S_tcache_init(tcache *c, qc_evidence *e, const qc_series_set *ss)
{
    memset(c, 0, sizeof *c);
    c->e = e;
    c->day = -1;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < ss->n; i++)
        if (ss->s[i].n) {
            lo = ss->s[i].pts[0].t_ms < lo ? ss->s[i].pts[0].t_ms : lo;
            hi = ss->s[i].pts[ss->s[i].n - 1].t_ms > hi ? ss->s[i].pts[ss->s[i].n - 1].t_ms : hi;
        }
    if (lo >= 0 && lo <= hi && (hi - lo) / 60000 < QC_TC_MINUTES) {
        c->m0 = (lo + 59999) / 60000;
        c->nm = hi / 60000 - c->m0 + 1;
        c->state = qc_calloc((size_t)(c->nm > 0 ? c->nm : 1), 1);
    }
}

static void S_tcache_free(tcache *c)
{
    for (size_t i = 0; i < c->cap; i++)
        free(c->slot[i].red);
    free(c->slot);
    free(c->state);
}

static tslot *S_tslot(tcache *c, int64_t t)
{
    if (2 * (c->n + 1) > c->cap) {
        tcache big = *c;
        big.cap = c->cap ? 2 * c->cap : 4096;
        big.slot = qc_calloc(big.cap, sizeof *big.slot);
        big.n = 0;
        for (size_t i = 0; i < c->cap; i++)
            if (c->slot[i].used)
                *S_tslot(&big, c->slot[i].t) = c->slot[i];
        free(c->slot);
        *c = big;
    }
    uint64_t h = (uint64_t)t; /* times are minutes apart: mixed, or they pile up */
    h = (h ^ h >> 33) * 0xff51afd7ed558ccdu;
    h = (h ^ h >> 33) * 0xc4ceb9fe1a85ec53u;
    size_t j = (size_t)(h ^ h >> 33) & (c->cap - 1);
    while (c->slot[j].used && c->slot[j].t != t)
        j = (j + 1) & (c->cap - 1);
    if (!c->slot[j].used)
        c->n++;
    return &c->slot[j];
}

/* qc_time_format's text, the date made once a day. */
static void S_time_text_of(tcache *c, int64_t t)
{
    if (t < 0 || t % 1000) {
        qc_time_format(t, c->text);
        c->day = -1;
        return;
    }
    int64_t day = t / 86400000, s = t / 1000 % 86400;
    if (day != c->day) {
        qc_time_format(day * 86400000, c->text);
        c->day = day;
    }
    int H = (int)(s / 3600), M = (int)(s / 60 % 60), S = (int)(s % 60);
    char *p = c->text + 11; /* after "YYYY-MM-DDT" */
    p[0] = (char)('0' + H / 10), p[1] = (char)('0' + H % 10), p[2] = ':';
    p[3] = (char)('0' + M / 10), p[4] = (char)('0' + M % 10), p[5] = ':';
    p[6] = (char)('0' + S / 10), p[7] = (char)('0' + S % 10), p[8] = 'Z', p[9] = '\0';
}

static const char *S_time_text(void *ud, int64_t t)
{
    tcache *c = ud;
    S_time_text_of(c, t);
    unsigned char *st = NULL;
    if (c->state && t >= 0 && t % 60000 == 0 && t / 60000 >= c->m0 && t / 60000 - c->m0 < c->nm) {
        st = &c->state[t / 60000 - c->m0];
        if (*st == TC_SAME)
            return c->text;
    }
    tslot *sl = NULL;
    if (!st || *st == TC_CHANGED) {
        sl = S_tslot(c, t);
        if (sl->used)
            return sl->red ? sl->red : c->text;
    }
    char *r = qc_evidence_redact_str(c->e, c->text);
    int same = !strcmp(r, c->text);
    if (st)
        *st = same ? TC_SAME : TC_CHANGED;
    if (same) {
        free(r);
        r = NULL;
    }
    if (!sl && !same)
        sl = S_tslot(c, t);
    if (sl) {
        sl->used = 1;
        sl->t = t;
        sl->red = r;
    }
    return r ? r : c->text;
}

/* The series of metrics (all when nm is 0) of model (all when NULL); each
 * ends in "points": [] for the text to put the points in, or, with
 * points_in 1, says which file has them instead; points_in 2: whole trees. */
static json_t *S_series_doc(const qc_series_set *ss, const char *const *metrics, size_t nm,
                            const char *model, int points_in)
{
    json_t *doc = json_object(), *arr = json_array(), *ms = json_array();
    json_object_set_new(doc, "namespace", json_string("AWS/Bedrock"));
    if (model)
        json_object_set_new(doc, "model_id", qc_json_str(model));
    for (size_t k = 0; k < nm; k++)
        json_array_append_new(ms, json_string(metrics[k]));
    json_object_set_new(doc, "metrics", nm ? ms : (json_decref(ms), json_string("all")));
    for (size_t i = 0; i < ss->n; i++) {
        const qc_series *s = &ss->s[i];
        int want = nm == 0;
        for (size_t k = 0; k < nm; k++)
            want |= !strcmp(s->metric, metrics[k]);
        if (!want || (model && !(s->model_id && !strcmp(model, s->model_id))))
            continue;
        json_t *o;
        if ((points_in && !s->model_id) || points_in == 2) {
            o = qc_series_to_json(s); /* in no model's file: here, whole */
        } else if (points_in) {
            o = qc_series_head_json(s);
            char *slug = qc_series_slug(s->model_id);
            char name[512];
            snprintf(name, sizeof name, "cloudwatch_%s_invocations.json", slug);
            free(slug);
            json_object_set_new(o, "points_in", json_string(name));
        } else {
            o = qc_series_head_json(s);
            json_object_set_new(o, "points", json_array());
        }
        json_array_append_new(arr, o);
    }
    json_object_set_new(doc, "series", arr);
    return doc;
}

/* One model's file: its series' heads as a tree, their points as text put
 * where each head's "points": [] is (the key starts a line at depth 3; a
 * string holding that text would have its quotes escaped). */
static int S_write_model(qc_evidence *e, const qc_series_set *ss, const char *model,
                         tcache *tc, qc_err *err)
{
    char *slug = qc_series_slug(model);
    char name[512], prov[600];
    snprintf(name, sizeof name, "cloudwatch_%s_invocations.json", slug);
    snprintf(prov, sizeof prov, "CloudWatch AWS/Bedrock, every collected metric for %s", model);
    free(slug);
    json_t *d = S_series_doc(ss, NULL, 0, model, 0);
    qc_buf head, out;
    qc_buf_init(&head, (size_t)1 << 31);
    qc_buf_init(&out, (size_t)1 << 31);
    int rc = qc_evidence_dump_json(e, d, &head);
    json_decref(d);
    static const char mark[] = "\n      \"points\": []";
    const size_t ml = sizeof mark - 1;
    const char *p = head.ptr ? head.ptr : "", *end = p + head.len;
    for (size_t i = 0; rc == 0 && i < ss->n; i++) {
        const qc_series *s = &ss->s[i];
        if (!s->model_id || strcmp(s->model_id, model))
            continue;
        const char *at = memmem(p, (size_t)(end - p), mark, ml);
        if (!at) { /* the redactor took the key itself (--redact points) */
            rc = 1;
            break;
        }
        qc_buf_add(&out, p, (size_t)(at - p) + ml - 2);
        rc = qc_series_points_text(s, 3, S_time_text, tc, &out);
        p = at + ml;
    }
    qc_buf_add(&out, p, (size_t)(end - p));
    if (rc > 0) {
        d = S_series_doc(ss, NULL, 0, model, 2);
        rc = qc_evidence_write_json(e, name, d, prov, err);
        json_decref(d);
    } else if (rc < 0 || out.overflow)
        rc = qc_err_set(err, QC_EIO, "%s: document too large", name);
    else
        rc = qc_evidence_write_redacted(e, name, out.ptr, out.len, prov, err);
    qc_buf_free(&head);
    qc_buf_free(&out);
    return rc;
}

/* The per-model files hold every series with its points; the two files by
 * metric, kept for the readers that look for them, list theirs with the
 * figures and the file their points are in, so no point is written twice. */
static int S_write_series(qc_evidence *e, const qc_series_set *ss, qc_err *err)
{
    if (ss->n == 0)
        return 0;
    static const char *const inv[] = {"Invocations"};
    static const char *const ue[] = {"InvocationThrottles", "InvocationClientErrors"};
    json_t *d = S_series_doc(ss, inv, 1, NULL, 1);
    int rc = qc_evidence_write_json(e, "cloudwatch_invocations.json", d,
                                    "CloudWatch AWS/Bedrock Invocations, per model", err);
    json_decref(d);
    if (rc < 0)
        return -1;
    d = S_series_doc(ss, ue, 2, NULL, 1);
    rc = qc_evidence_write_json(e, "cloudwatch_user_errors.json", d,
                                "CloudWatch AWS/Bedrock InvocationThrottles and "
                                "InvocationClientErrors, per model", err);
    json_decref(d);
    if (rc < 0)
        return -1;
    size_t nmodels;
    const char **models = qc_series_models(ss, &nmodels);
    tcache tc;
    S_tcache_init(&tc, e, ss);
    for (size_t i = 0; i < nmodels && rc == 0; i++)
        rc = S_write_model(e, ss, models[i], &tc, err);
    S_tcache_free(&tc);
    free(models);
    return rc;
}

static json_t *S_manifest(const qc_collect_opts *o, json_t *sources, const qc_logscan *scan,
                          int64_t start, int64_t end, size_t out_events, size_t out_points,
                          const qc_collect_result *r)
{
    json_t *m = json_object();
    json_object_set_new(m, "tool", json_string("quotacase"));
    json_object_set_new(m, "version", json_string(QC_VERSION));
    json_object_set_new(m, "case_id", qc_json_str(o->case_id));
    json_object_set_new(m, "created", qc_json_time(o->now_ms));
    json_t *argv = json_array();
    for (int i = 0; i < o->argc; i++) {
        /* The program by name only: where it is installed is the machine's business. */
        char *a = i == 0 ? qc_strdup(qc_fs_basename(o->argv[0])) : S_name(o, o->argv[i]);
        /* Redacted with the rest of the manifest (the words given to
         * --redact included: they are the redactor's own). */
        json_array_append_new(argv, qc_json_str(a));
        free(a);
    }
    json_object_set_new(m, "command_line", argv);
    json_t *w = json_object();
    json_object_set_new(w, "start", qc_json_time(start));
    json_object_set_new(w, "end", qc_json_time(end));
    json_object_set_new(w, "origin", json_string(o->window_origin ? o->window_origin : "data"));
    json_object_set_new(m, "window", w);
    json_object_set_new(m, "region", qc_json_str_or_null(o->region));
    json_object_set_new(m, "account", qc_json_str_or_null(o->account));
    /* "+01:00" for UTC and fixed offsets, the name for a tzdata zone. */
    json_object_set_new(m, "log_timezone", json_string(qc_tz_name(o->log_zone)));
    json_object_set_new(m, "status", json_string(r->interrupted ? "interrupted"
                                                 : r->partial  ? "partial"
                                                               : "ok"));
    json_object_set_new(m, "sources", json_incref(sources));
    json_object_set_new(m, "log_scan", qc_logscan_stats_json(scan));
    json_t *out = json_object();
    json_object_set_new(out, "events", json_integer((json_int_t)out_events));
    json_object_set_new(out, "datapoints", json_integer((json_int_t)out_points));
    json_object_set_new(m, "outside_window", out);
    json_object_set_new(m, "redactions_in_logs", qc_logscan_redactions_json(scan));
    /* A map of the user's choosing is named, so render finds the same one;
     * the default beside the directory needs no name. */
    char *dflt = qc_redactor_default_map_path(o->out_dir);
    if (o->map_path && strcmp(o->map_path, dflt))
        json_object_set_new(m, "redaction_map", json_string(o->map_path));
    free(dflt);
    return m;
}

static size_t S_count_points(const qc_series_set *ss)
{
    size_t n = 0;
    for (size_t i = 0; i < ss->n; i++)
        n += ss->s[i].n;
    return n;
}

static int S_write_all(const qc_collect_opts *o, qc_logscan *scan, qc_series_set *ss,
                       qc_quota_set *qs, json_t *sources, const char *account,
                       qc_collect_result *r, qc_err *err)
{
    int64_t start, end;
    S_window(o, scan, ss, &start, &end);
    size_t before = S_count_points(ss);
    if (start != QC_TIME_NONE)
        qc_series_clip(ss, start, end);
    size_t out_points = before - S_count_points(ss);
    qc_evidence *e = qc_evidence_begin(o->out_dir, o->force, o->redactor, o->map_path, err);
    if (!e)
        return -1;
    size_t kept = 0;
    int rc = qc_logscan_store_error(scan) ? qc_err_set(err, QC_EIO, "%s",
                                                       qc_logscan_store_error(scan)->msg)
                                          : S_write_events(e, qc_logscan_events(scan), start, end,
                                                           &kept, err);
    if (rc == 0)
        rc = S_write_series(e, ss, err);
    if (rc == 0 && (qs->n || qs->nr)) {
        size_t nm;
        const char **models = qc_series_models(ss, &nm);
        json_t *q = qc_quota_to_json(qs, "bedrock", models, nm);
        free(models);
        rc = qc_evidence_write_json(e, "service_quotas_bedrock.json", q,
                                    "Service Quotas for bedrock: applied, AWS default, history",
                                    err);
        json_decref(q);
    }
    if (rc == 0) {
        json_t *m = S_manifest(o, sources, scan, start, end, qc_logscan_count(scan) - kept,
                               out_points, r);
        if (account)
            json_object_set_new(m, "account", json_string(account));
        if (o->aws)
            json_object_set_new(m, "api_calls", qc_aws_calls(o->aws));
        json_t *files = qc_evidence_files(e);
        r->files = json_array_size(files) + 1;
        json_decref(files);
        rc = qc_evidence_commit(e, m, err);
        json_decref(m);
    }
    r->events = kept;
    qc_evidence_free(e);
    return rc;
}

int qc_collect_run(const qc_collect_opts *o, qc_collect_result *r, qc_err *err)
{
    qc_logfields_opts lo = {o->log_zone, o->nmodels == 1 ? o->models[0] : NULL, 0};
    if (lo.default_model && !strcmp(lo.default_model, "all"))
        lo.default_model = NULL;
    qc_logscan *scan = qc_logscan_new(&lo, o->redactor);
    if (o->interrupted)
        qc_logscan_set_stop(scan, o->interrupted);
    qc_series_set ss = {0};
    qc_quota_set qs = {0};
    qc_import_ctx ctx = {&ss, &qs, lo.default_model, QC_QUOTAS_AUTO};
    json_t *sources = json_array();
    char *account = NULL;
    int rc = S_scan_logs(o, scan, sources, r, err);
    if (rc == 0)
        rc = S_imports(o, &ctx, sources, r, err);
    if (rc == 0 && o->aws)
        qc_collect_live(o, scan, &ss, &qs, sources, &account, r);
    if (rc == 0) {
        qc_series_finish(&ss);
        qc_quota_finish(&qs);
        rc = S_write_all(o, scan, &ss, &qs, sources, account, r, err);
    }
    free(account);
    json_decref(sources);
    qc_series_set_free(&ss);
    qc_quota_set_free(&qs);
    qc_logscan_free(scan);
    return rc;
}
