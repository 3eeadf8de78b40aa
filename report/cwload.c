/* cwload.c - one CloudWatch series file into its figures, read as a stream.
 *
 * The file (collector/evidence.c writes it) is
 *   {"model_id": ..., "series": [{"metric", "stat", "period", "points":
 *    [[time, value], ...], ...}, ...], ...}
 * and the first "Sum" series of each metric below is the one that counts,
 * as it always has been.  Members are found by name in any order; any
 * other member is skipped unread. */
#include "cwload.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/json.h"
#include "common/jsonpull.h"
#include "common/qtime.h"
#include "report/analysis.h"
#include "report/demand.h"

enum { M_INV, M_THR, M_CLIENT, M_SERVER, M_IN, M_OUT, M_N };
static const char *const S_metric[M_N] = {"Invocations", "InvocationThrottles",
                                          "InvocationClientErrors", "InvocationServerErrors",
                                          "InputTokenCount", "OutputTokenCount"};
static const char *const S_key[M_N] = {"invocations", "throttles", "client_errors",
                                       "server_errors", "input_tokens", "output_tokens"};

/* One series' points, in file order. */
typedef struct ser {
    int64_t *t;
    double *v;
    size_t n, cap;
} ser;

typedef struct file {
    const char *why; /* what is wrong with the file's shape, for the error */
    char *model_id;
    ser s[M_N];
    int have[M_N];
    json_t *period[M_N];
} file;

static void S_ser_free(ser *s)
{
    free(s->t);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static void S_ser_add(ser *s, int64_t t, double v)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1024;
        s->t = qc_realloc(s->t, s->cap * sizeof *s->t);
        s->v = qc_realloc(s->v, s->cap * sizeof *s->v);
    }
    s->t[s->n] = t;
    s->v[s->n++] = v;
}

/* ---- reading ---- */

/* [time, value], exactly: a point that is not one is an error naming its
 * place, never a figure left out or read as 0. */
static int S_point(qc_jp *p, ser *s, file *f)
{
    qc_jp_tok t;
    int64_t at = 0;
    double v = 0;
    int k = 0;
    for (; (t = qc_jp_next(p)) != QC_JP_ARR_END; k++) {
        if (t == QC_JP_ERROR)
            return -1;
        if (k == 0 && (t != QC_JP_STR || qc_time_parse_arg(qc_jp_str(p, NULL), &at) < 0))
            return f->why = "a point's time is not an ISO 8601 time", -1;
        if (k == 1 && t != QC_JP_NUM)
            return f->why = "a point's value is not a number", -1;
        if (k == 1)
            v = qc_jp_num(p);
        if (k > 1)
            return f->why = "a point is not [time, value]", -1;
    }
    if (k != 2)
        return f->why = "a point is not [time, value]", -1;
    S_ser_add(s, at, v);
    return 0;
}

static int S_points(qc_jp *p, ser *s, file *f)
{
    qc_jp_tok t = qc_jp_next(p);
    if (t != QC_JP_ARR)
        return f->why = "\"points\" is not a list", -1;
    while ((t = qc_jp_next(p)) != QC_JP_ARR_END)
        if (t != QC_JP_ARR ? (f->why = "a point is not [time, value]", -1) : S_point(p, s, f) < 0)
            return -1;
    return 0;
}

static json_t *S_scalar(qc_jp *p, qc_jp_tok t)
{
    if (t == QC_JP_NUM) {
        double v = qc_jp_num(p);
        return v == floor(v) && fabs(v) < 1e15 ? json_integer((json_int_t)v) : json_real(v);
    }
    if (t == QC_JP_STR)
        return json_string(qc_jp_str(p, NULL));
    return t == QC_JP_TRUE ? json_true() : t == QC_JP_FALSE ? json_false() : json_null();
}

/* One member of "series"; kept when it is the first Sum of its metric. */
static int S_series(qc_jp *p, file *f)
{
    char metric[64] = "", stat[16] = "";
    json_t *period = NULL;
    ser s = {0};
    qc_jp_tok t;
    const char *k;
    int rc = 0, more;
    while (rc == 0 && (more = qc_jp_member(p, &k)) != 0) {
        if (more < 0) {
            rc = -1;
            break;
        }
        if (!strcmp(k, "points")) {
            rc = S_points(p, &s, f);
        } else if (!strcmp(k, "metric") || !strcmp(k, "stat") || !strcmp(k, "period")) {
            char *dst = k[0] == 'm' ? metric : k[0] == 's' ? stat : NULL;
            size_t cap = k[0] == 'm' ? sizeof metric : sizeof stat;
            t = qc_jp_next(p);
            if (t == QC_JP_OBJ || t == QC_JP_ARR || t == QC_JP_ERROR) {
                rc = qc_jp_skip(p, t);
            } else if (dst) {
                snprintf(dst, cap, "%s", t == QC_JP_STR ? qc_jp_str(p, NULL) : "");
            } else {
                json_decref(period);
                period = S_scalar(p, t);
            }
        } else {
            rc = qc_jp_skip(p, QC_JP_KEY); /* the member's value */
        }
    }
    int m = -1;
    for (int i = 0; i < M_N && !strcmp(stat, "Sum"); i++)
        if (!strcmp(metric, S_metric[i]))
            m = i;
    /* Whole seconds, up to the 31 days a CloudWatch period can be. */
    if (rc == 0 && period && !json_is_null(period) &&
        (!json_is_integer(period) || json_integer_value(period) < 1 ||
                              json_integer_value(period) > 2678400)) {
        f->why = "\"period\" is not a whole number of seconds from 1 to 2,678,400";
        rc = -1;
    }
    if (rc == 0 && m >= 0 && !f->have[m]) {
        f->have[m] = 1;
        f->s[m] = s;
        f->period[m] = period;
    } else {
        S_ser_free(&s);
        json_decref(period);
    }
    return rc;
}

static int S_file(qc_jp *p, file *f)
{
    qc_jp_tok t = qc_jp_next(p);
    const char *k;
    int more;
    if (t != QC_JP_OBJ)
        return -1;
    while ((more = qc_jp_member(p, &k)) != 0) {
        if (more < 0)
            return -1;
        if (!strcmp(k, "model_id")) {
            t = qc_jp_next(p);
            if (t == QC_JP_STR && !f->model_id)
                f->model_id = qc_strdup(qc_jp_str(p, NULL));
            else if (qc_jp_skip(p, t) < 0)
                return -1;
        } else if (!strcmp(k, "series")) {
            t = qc_jp_next(p);
            if (t != QC_JP_ARR) {
                if (qc_jp_skip(p, t) < 0)
                    return -1;
                continue;
            }
            while ((t = qc_jp_next(p)) != QC_JP_ARR_END)
                if (t == QC_JP_OBJ ? S_series(p, f) < 0 : qc_jp_skip(p, t) < 0)
                    return -1;
        } else if (qc_jp_skip(p, QC_JP_KEY) < 0) {
            return -1;
        }
    }
    return qc_jp_next(p) == QC_JP_EOF ? 0 : -1;
}

/* ---- figures ---- */

/* Total and per-period peak of one series ({"value", "value_text", "at"}). */
static void S_total_peak(json_t *totals, json_t *peaks, const char *key, const ser *s)
{
    double total = 0, max = 0;
    int64_t at = 0;
    int found = 0;
    for (size_t i = 0; s && i < s->n; i++) {
        total += s->v[i];
        if (!found || s->v[i] > max) {
            max = s->v[i];
            at = s->t[i];
            found = 1;
        }
    }
    qc_analysis_num(totals, key, total);
    json_t *p = json_object();
    qc_analysis_num(p, "value", max);
    json_object_set_new(p, "at", found ? qc_json_time(at) : json_null());
    json_object_set_new(peaks, key, p);
}

/* The per-period sum of two series (missing periods count as nothing):
 * attempts = accepted + throttled, tokens = input + output. */
static json_t *S_sum_peak(const ser *a, const ser *b, size_t *periods, size_t *nonzero_b)
{
    size_t i = 0, k = 0, na = a ? a->n : 0, nb = b ? b->n : 0;
    double max = -1;
    int64_t at = 0;
    *periods = *nonzero_b = 0;
    while (i < na || k < nb) {
        int c = i >= na ? 1 : k >= nb ? -1 : a->t[i] < b->t[k] ? -1 : a->t[i] > b->t[k];
        double v = 0, vb = 0;
        int64_t t = c <= 0 ? a->t[i] : b->t[k];
        if (c <= 0)
            v += a->v[i++];
        if (c >= 0)
            vb = b->v[k++], v += vb;
        (*periods)++;
        *nonzero_b += vb > 0;
        if (v > max) {
            max = v;
            at = t;
        }
    }
    json_t *p = json_object();
    qc_analysis_num(p, "value", max < 0 ? 0 : max);
    json_object_set_new(p, "at", max >= 0 ? qc_json_time(at) : json_null());
    return p;
}

static json_t *S_model_metrics(const file *f)
{
    json_t *o = json_object(), *totals = json_object(), *peaks = json_object();
    const ser *s[M_N];
    for (int i = 0; i < M_N; i++) {
        s[i] = f && f->have[i] ? &f->s[i] : NULL;
        S_total_peak(totals, peaks, S_key[i], s[i]);
    }
    size_t periods, throttled, tperiods, dummy;
    json_object_set_new(peaks, "attempts", S_sum_peak(s[M_INV], s[M_THR], &periods, &throttled));
    json_object_set_new(peaks, "tokens", S_sum_peak(s[M_IN], s[M_OUT], &tperiods, &dummy));
    double accepted = json_number_value(json_object_get(totals, "invocations"));
    double refused = json_number_value(json_object_get(totals, "throttles"));
    qc_analysis_num(totals, "attempts", accepted + refused);
    json_object_set_new(o, "has_metrics", json_boolean(s[M_INV] || s[M_THR]));
    /* A token series never collected is not a zero: the case says so. */
    json_object_set_new(o, "has_tokens", json_boolean(s[M_IN] || s[M_OUT]));
    const json_t *per = !f ? NULL : f->have[M_INV] ? f->period[M_INV] : f->have[M_THR] ? f->period[M_THR] : NULL;
    if (per)
        json_object_set_new(o, "period", json_deep_copy(per));
    qc_demand_period(o, (json_is_integer(per) && json_integer_value(per) > 0 ? json_integer_value(per) : 60) * 1000);
    json_object_set_new(o, "totals", totals);
    json_object_set_new(o, "peaks", peaks);
    qc_analysis_num(o, "active_periods", (double)periods);
    qc_analysis_num(o, "throttled_periods", (double)throttled);
    double rate = accepted + refused > 0 ? refused * 100.0 / (accepted + refused) : 0;
    qc_analysis_num(o, "throttled_percent", round(rate * 10) / 10);
    return o;
}

/* ---- the loader ---- */

json_t *qc_cwload_no_metrics(void)
{
    return S_model_metrics(NULL);
}

static void S_file_free(file *f)
{
    free(f->model_id);
    for (int i = 0; i < M_N; i++) {
        S_ser_free(&f->s[i]);
        json_decref(f->period[i]);
    }
}

/* The model's table: accepted, throttled, input and output tokens. */
static void S_table(const file *f, qc_minutes *out)
{
    static const int from[] = {M_INV, M_THR, M_IN, M_OUT};
    static const int col[] = {QC_MIN_ACC, QC_MIN_THR, QC_MIN_TIN, QC_MIN_TOUT};
    size_t n = 0, k = 0;
    for (int i = 0; i < 4; i++)
        n += f->s[from[i]].n;
    qc_minutes_cell *cells = qc_calloc(n + 1, sizeof *cells);
    for (int i = 0; i < 4; i++)
        for (size_t j = 0; j < f->s[from[i]].n; j++)
            cells[k++] = (qc_minutes_cell){f->s[from[i]].t[j], col[i], f->s[from[i]].v[j]};
    qc_minutes_build(out, f->model_id, cells, k);
    free(cells);
}

int qc_cwload_file(const char *path, qc_cwload *out, qc_err *err)
{
    memset(out, 0, sizeof *out);
    qc_jp *p = qc_jp_open(path, err);
    if (!p)
        return -1;
    file f;
    memset(&f, 0, sizeof f);
    int rc = S_file(p, &f);
    if (rc < 0)
        qc_jp_fail(p, f.why ? f.why : "not a CloudWatch series file of quotacase's", err);
    qc_jp_free(p);
    if (rc == 0) {
        out->model_id = f.model_id ? qc_strdup(f.model_id) : NULL;
        out->metrics = S_model_metrics(&f);
        const json_t *per = json_object_get(out->metrics, "period");
        out->period = json_is_integer(per) && json_integer_value(per) > 0 ? (int)json_integer_value(per) : 60;
        S_table(&f, &out->table);
    }
    S_file_free(&f);
    return rc;
}

void qc_cwload_free(qc_cwload *l)
{
    free(l->model_id);
    json_decref(l->metrics);
    qc_minutes_free(&l->table);
    memset(l, 0, sizeof *l);
}
