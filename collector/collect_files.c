/* collect_files.c - the event and series files of an evidence directory;
 * see collect_files.h.  Their names and content are the contract with the
 * renderer (docs/evidence.md). */
#include "collect_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/json.h"
#include "common/qtime.h"

#define QC_TXT_LINES_PER_EVENT 40

static int S_in_window(int64_t t, int64_t start, int64_t end)
{
    return t == QC_TIME_NONE || start == QC_TIME_NONE || (t >= start && t < end);
}

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
int qc_collect_write_events(qc_evidence *e, qc_evstore *st, int64_t start, int64_t end,
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
int qc_collect_write_series(qc_evidence *e, const qc_series_set *ss, qc_err *err)
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
