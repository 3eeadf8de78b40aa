/* diagnosis.c - which limit bit, what to ask for, and proof it suffices;
 * see diagnosis.h.
 *
 * Works on the model alone (models[].minutes, events.list, quotas[] with
 * the models they govern, request), so every conclusion traces to figures in
 * model.json.  Demand per minute is what CloudWatch saw: accepted requests
 * plus throttled attempts.  Retries are in it, so replayed throttle counts
 * are upper bounds, and the text says so. */
#include "diagnosis.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/json.h"
#include "common/qtime.h"
#include "report/analysis.h"
#include "report/checklist.h"
#include "report/replay.h"

#define QC_HEADROOM_PERCENT 20

static void S_num(json_t *o, const char *key, double v)
{
    char t[48] = "n/a", k[96];
    /* JSON has no infinity: figures that overflow (hostile evidence) are null. */
    json_object_set_new(o, key, isfinite(v) ? json_real(v) : json_null());
    if (isfinite(v))
        qc_analysis_fmt(v, t);
    snprintf(k, sizeof k, "%s_text", key);
    json_object_set_new(o, k, json_string(t));
}

/* ---- the quotas that govern a model ---- */

typedef struct governing {
    const json_t *rpm, *tpm, *tpd;
} governing;

static int S_governs(const json_t *q, const char *model)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(q, "models"), i, m) if (!strcmp(json_string_value(m), model))
        return 1;
    return 0;
}

static governing S_governing(const json_t *quotas, const char *model)
{
    governing g = {NULL, NULL, NULL};
    size_t i;
    json_t *q;
    json_array_foreach(quotas, i, q)
    {
        const char *name = qc_json_get_str(q, "name");
        if (!name || !S_governs(q, model) || !json_is_number(json_object_get(q, "effective")))
            continue;
        if (strstr(name, "tokens per day") || strstr(name, "tokens per day"))
            g.tpd = g.tpd ? g.tpd : q;
        else if (strstr(name, "tokens per minute"))
            g.tpm = g.tpm ? g.tpm : q;
        else if (strstr(name, "requests per minute"))
            g.rpm = g.rpm ? g.rpm : q;
    }
    return g;
}

static double S_eff(const json_t *q)
{
    return q ? json_number_value(json_object_get(q, "effective")) : -1;
}

static json_t *S_quota_ref(const json_t *q)
{
    if (!q)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "code", json_deep_copy(json_object_get(q, "code")));
    json_object_set_new(o, "name", json_deep_copy(json_object_get(q, "name")));
    S_num(o, "value", S_eff(q));
    return o;
}

/* ---- bursts ---- */

static const char *S_kind_words(const char *k)
{
    if (!k)
        return "undetermined";
    if (!strcmp(k, "requests_per_minute"))
        return "requests per minute";
    if (!strcmp(k, "tokens_per_minute"))
        return "tokens per minute";
    if (!strcmp(k, "tokens_per_day"))
        return "tokens per day";
    if (!strcmp(k, "connections"))
        return "concurrent connections";
    return "undetermined";
}

/* {"requests_per_minute": false, ...} with the one code true: lets a
 * template in any language name a code without string comparison. */
static json_t *S_is(const char *code)
{
    static const char *const codes[] = {"requests_per_minute", "tokens_per_minute",
                                        "tokens_per_day", "connections", "undetermined"};
    json_t *o = json_object();
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        json_object_set_new(o, codes[i], json_boolean(code && !strcmp(code, codes[i])));
    return o;
}

/* The error messages' verdict over [t0, t1): the kind named most often. */
static const char *S_message_kind(const json_t *list, const char *model, int64_t t0, int64_t t1,
                                  size_t *n)
{
    static const char *const kinds[] = {"requests_per_minute", "tokens_per_minute",
                                        "tokens_per_day", "connections"};
    size_t count[4] = {0}, i;
    json_t *e;
    *n = 0;
    json_array_foreach(list, i, e)
    {
        int64_t t;
        const char *m = json_string_value(json_array_get(e, 1)), *k = json_string_value(json_array_get(e, 2));
        if (!m || strcmp(m, model) || !json_is_string(json_array_get(e, 0)) ||
            qc_time_parse_arg(json_string_value(json_array_get(e, 0)), &t) < 0 || t < t0 || t >= t1)
            continue;
        (*n)++;
        for (int j = 0; k && j < 4; j++)
            count[j] += !strcmp(k, kinds[j]);
    }
    int best = -1;
    for (int j = 0; j < 4; j++)
        if (count[j] && (best < 0 || count[j] > count[best]))
            best = j;
    return best < 0 ? NULL : kinds[best];
}

typedef struct burst {
    int64_t t0, t1; /* first minute, end of the last */
    double attempts, throttled, acc_max, tok_max;
} burst;

/* The value of quota q in force at t.  An increase approved after t did
 * not govern t; the change history holds desired values, not the values
 * they replaced, so the value then is that of the latest approval before t,
 * or unknown (-1) when there is none.  *later_out (when not NULL) names
 * the first approval after t, for the reader. */
static double S_in_force(const json_t *q, int64_t t, const json_t **later_out)
{
    const json_t *before = NULL, *dummy, **later = later_out ? later_out : &dummy;
    int64_t tb = 0, tl = 0;
    size_t i;
    json_t *r;
    *later = NULL;
    if (!q)
        return -1;
    json_array_foreach(json_object_get(q, "requests"), i, r)
    {
        int64_t at;
        const char *st = qc_json_get_str(r, "status");
        if (!st || strcmp(st, "APPROVED") || !json_is_number(json_object_get(r, "desired_value")) ||
            qc_time_parse_arg(qc_json_get_str(r, "last_updated"), &at) < 0)
            continue;
        if (at <= t && (!before || at > tb))
            before = r, tb = at;
        else if (at > t && (!*later || at < tl))
            *later = r, tl = at;
    }
    if (!*later)
        return S_eff(q);
    return before ? json_number_value(json_object_get(before, "desired_value")) : -1;
}

/* Why this burst was throttled: accepted requests at the RPM quota, tokens
 * near the TPM quota, the daily total at the TPD quota, or the messages;
 * each quota at the value it had when the burst began. */
static json_t *S_verdict(const burst *b, const governing *g, const char *msg, double day_tokens)
{
    json_t *o = json_object();
    const char *limit = NULL;
    char why[600] = "", then[200] = "";
    const json_t *later;
    double rpm = S_in_force(g->rpm, b->t0, &later), tpm, tpd;
    if (later)
        snprintf(then, sizeof then, " (in force then: an increase to %.0f was approved at %s, "
                                    "after this burst began)",
                 json_number_value(json_object_get(later, "desired_value")),
                 qc_json_get_str(later, "last_updated"));
    tpm = S_in_force(g->tpm, b->t0, NULL);
    tpd = S_in_force(g->tpd, b->t0, NULL);
    /* A quota of 0 (a new account's daily tokens, say) is a limit too. */
    if (rpm >= 0 && b->acc_max >= rpm) {
        limit = "requests_per_minute";
        snprintf(why, sizeof why, "accepted requests reached the quota of %.0f a minute%s", rpm, then);
    } else if (tpm >= 0 && b->tok_max >= 0.9 * tpm) {
        limit = "tokens_per_minute";
        snprintf(why, sizeof why, "tokens reached %.0f of the %.0f-a-minute quota", b->tok_max, tpm);
    } else if (tpd >= 0 && day_tokens >= tpd) {
        limit = "tokens_per_day";
        snprintf(why, sizeof why, "the day's tokens reached the daily quota of %.0f", tpd);
    } else if (msg) {
        limit = msg;
        snprintf(why, sizeof why, "the error messages name it; the collected figures stay under "
                                  "the quotas%s", rpm < 0 && later ? " known for that time" : "");
    }
    if (rpm < 0 && later)
        snprintf(why + strlen(why), sizeof why - strlen(why),
                 "%san increase of the requests quota to %.0f was approved at %s, after this burst "
                 "began, and the value before it is not in the evidence", why[0] ? "; " : "",
                 json_number_value(json_object_get(later, "desired_value")),
                 qc_json_get_str(later, "last_updated"));
    int misleading = limit && msg && strcmp(limit, msg) != 0;
    if (misleading)
        snprintf(why + strlen(why), sizeof why - strlen(why),
                 "; the errors said \"%s\", which misleads here", S_kind_words(msg));
    json_object_set_new(o, "limit", json_string(limit ? limit : "undetermined"));
    json_object_set_new(o, "limit_is", S_is(limit ? limit : "undetermined"));
    json_object_set_new(o, "limit_text", json_string(S_kind_words(limit)));
    json_object_set_new(o, "why", json_string(why[0] ? why : "no figure or message decides it"));
    json_object_set_new(o, "misleading_message", json_boolean(misleading));
    if (rpm >= 0)
        S_num(o, "rpm_in_force", rpm);
    else
        json_object_set_new(o, "rpm_in_force", json_null());
    return o;
}

static json_t *S_burst_json(const burst *b, const governing *g, const json_t *list,
                            const char *model, double day_tokens)
{
    size_t nlog;
    const char *msg = S_message_kind(list, model, b->t0, b->t1, &nlog);
    json_t *o = S_verdict(b, g, msg, day_tokens);
    json_object_set_new(o, "start", qc_json_time(b->t0));
    json_object_set_new(o, "end", qc_json_time(b->t1));
    S_num(o, "minutes", (double)(b->t1 - b->t0) / 60000.0);
    S_num(o, "attempts", b->attempts);
    S_num(o, "throttled", b->throttled);
    S_num(o, "accepted_max", b->acc_max);
    S_num(o, "tokens_max", b->tok_max);
    S_num(o, "log_events", (double)nlog);
    json_object_set_new(o, "message_kind", msg ? json_string(msg) : json_null());
    return o;
}

/* Tokens on the UTC day of t. */
static double S_day_tokens(const json_t *minutes, int64_t t)
{
    int64_t day = t - ((t % 86400000) + 86400000) % 86400000;
    double sum = 0;
    size_t i;
    json_t *r;
    json_array_foreach(minutes, i, r)
    {
        int64_t rt = qc_analysis_row_time(r);
        if (rt >= day && rt < day + 86400000)
            sum += qc_analysis_cell(r, QC_MIN_TIN) + qc_analysis_cell(r, QC_MIN_TOUT);
    }
    return sum;
}

/* Runs of consecutive periods with throttles. */
static json_t *S_bursts(const json_t *minutes, int64_t period, const governing *g,
                        const json_t *list, const char *model)
{
    json_t *out = json_array();
    burst b;
    int open = 0;
    size_t i, n = json_array_size(minutes);
    for (i = 0; i <= n; i++) {
        const json_t *r = i < n ? json_array_get(minutes, i) : NULL;
        int64_t t = r ? qc_analysis_row_time(r) : 0;
        int thr = r && qc_analysis_cell(r, QC_MIN_THR) > 0;
        if (open && (!thr || t != b.t1)) {
            json_array_append_new(out, S_burst_json(&b, g, list, model, S_day_tokens(minutes, b.t0)));
            open = 0;
        }
        if (!thr)
            continue;
        double acc = qc_analysis_cell(r, QC_MIN_ACC), tok = qc_analysis_cell(r, QC_MIN_TIN) + qc_analysis_cell(r, QC_MIN_TOUT);
        if (!open) {
            b = (burst){t, t, 0, 0, 0, 0};
            open = 1;
        }
        b.t1 = t + period;
        b.attempts += acc + qc_analysis_cell(r, QC_MIN_THR);
        b.throttled += qc_analysis_cell(r, QC_MIN_THR);
        b.acc_max = acc > b.acc_max ? acc : b.acc_max;
        b.tok_max = tok > b.tok_max ? tok : b.tok_max;
    }
    return out;
}

/* How many bursts each limit explains, most first. */
static json_t *S_limit_summary(const json_t *bursts)
{
    static const char *const kinds[] = {"requests_per_minute", "tokens_per_minute",
                                        "tokens_per_day", "connections", "undetermined"};
    json_t *out = json_array();
    size_t count[5] = {0}, misleading[5] = {0}, i;
    json_t *b;
    json_array_foreach(bursts, i, b)
    {
        for (int k = 0; k < 5; k++)
            if (!strcmp(qc_json_get_str(b, "limit"), kinds[k])) {
                count[k]++;
                misleading[k] += json_is_true(json_object_get(b, "misleading_message"));
            }
    }
    for (int k = 0; k < 5; k++) {
        if (!count[k])
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "limit", json_string(kinds[k]));
        json_object_set_new(o, "limit_is", S_is(kinds[k]));
        json_object_set_new(o, "limit_text", json_string(S_kind_words(kinds[k])));
        S_num(o, "bursts", (double)count[k]);
        json_object_set_new(o, "bursts_one", json_boolean(count[k] == 1));
        S_num(o, "misleading_messages", (double)misleading[k]);
        json_array_append_new(out, o);
    }
    return out;
}

static int S_by_throttled(const void *a, const void *b)
{
    double x = json_number_value(json_object_get(*(json_t *const *)a, "throttled"));
    double y = json_number_value(json_object_get(*(json_t *const *)b, "throttled"));
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The n bursts with the most throttled attempts (ties: the earlier first). */
static json_t *S_top_bursts(const json_t *bursts, size_t n)
{
    size_t len = json_array_size(bursts);
    json_t **v = qc_calloc(len + 1, sizeof *v);
    for (size_t i = 0; i < len; i++)
        v[i] = json_array_get(bursts, i);
    /* qsort is not stable: sort a copy whose order breaks ties by start time. */
    for (size_t i = 1; i < len; i++)
        for (size_t j = i; j > 0 && S_by_throttled(&v[j - 1], &v[j]) > 0; j--) {
            json_t *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    json_t *out = json_array();
    for (size_t i = 0; i < len && i < n; i++)
        json_array_append(out, v[i]);
    free(v);
    return out;
}

/* ---- replay ---- */

/* The model's logged throttling times, in order: where the application
 * logged a request, the replay places it at its own time. */
static int64_t *S_logged_times(const json_t *list, const char *model, size_t *n)
{
    int64_t *v = qc_calloc(json_array_size(list) + 1, sizeof *v);
    size_t i;
    json_t *e;
    *n = 0;
    json_array_foreach(list, i, e)
    {
        const char *m = json_string_value(json_array_get(e, 1));
        if (m && !strcmp(m, model) && qc_time_parse_arg(json_string_value(json_array_get(e, 0)), &v[*n]) == 0)
            (*n)++;
    }
    for (size_t a = 1; a < *n; a++) /* nearly sorted already: insertion sort */
        for (size_t b = a; b > 0 && v[b - 1] > v[b]; b--) {
            int64_t t = v[b];
            v[b] = v[b - 1];
            v[b - 1] = t;
        }
    return v;
}

typedef struct arrivals {
    qc_replay_arrival *a;
    size_t n, timed;
} arrivals;

/* Each period's attempts (accepted + throttled): the logged ones at their
 * times, the rest together at the start of the period, the hardest
 * placement for the quota.  For a tokens quota each attempt costs the
 * period's tokens per accepted request (the window's mean where none was
 * accepted). */
static arrivals S_arrivals(const json_t *minutes, int64_t period, const int64_t *logged,
                           size_t nlogged, int tokens)
{
    arrivals out = {qc_calloc(json_array_size(minutes) + nlogged + 1, sizeof *out.a), 0, 0};
    double acc_all = 0, tok_all = 0;
    size_t i, li = 0;
    json_t *r;
    json_array_foreach(minutes, i, r)
    {
        acc_all += qc_analysis_cell(r, QC_MIN_ACC);
        tok_all += qc_analysis_cell(r, QC_MIN_TIN) + qc_analysis_cell(r, QC_MIN_TOUT);
    }
    double mean = acc_all > 0 ? tok_all / acc_all : 0;
    json_array_foreach(minutes, i, r)
    {
        int64_t t = qc_analysis_row_time(r);
        double acc = qc_analysis_cell(r, QC_MIN_ACC), d = acc + qc_analysis_cell(r, QC_MIN_THR);
        double cost = !tokens ? 1 : acc > 0 ? (qc_analysis_cell(r, QC_MIN_TIN) + qc_analysis_cell(r, QC_MIN_TOUT)) / acc : mean;
        while (li < nlogged && logged[li] < t)
            li++;
        size_t k = 0;
        while (li + k < nlogged && logged[li + k] < t + period && (double)k < d)
            k++;
        if (d - (double)k > 0)
            out.a[out.n++] = (qc_replay_arrival){t, d - (double)k, cost};
        for (size_t j = 0; j < k; j++)
            out.a[out.n++] = (qc_replay_arrival){logged[li + j], 1, cost};
        out.timed += k;
        li += k;
    }
    return out;
}

/* A tenth where it matters, whole numbers from 100 on. */
static double S_figure(double v)
{
    return v < 100 ? round(v * 10) / 10 : round(v);
}

static json_t *S_replay_row(const arrivals *av, const char *label, int tokens, double q,
                            double observed)
{
    json_t *o = json_object(), *is = json_object();
    qc_replay_result res;
    qc_replay_bucket(av->a, av->n, q, &res);
    json_object_set_new(o, "label", json_string(label));
    json_object_set_new(is, "current", json_boolean(!strcmp(label, "current")));
    json_object_set_new(is, "default", json_boolean(!strcmp(label, "AWS default")));
    json_object_set_new(is, "requested", json_boolean(!strcmp(label, "requested")));
    json_object_set_new(o, "label_is", is);
    json_object_set_new(o, "unit", json_string(tokens ? "tokens" : "requests"));
    json_object_set_new(o, "unit_is", json_pack("{s:b, s:b}", "requests", !tokens, "tokens", tokens));
    S_num(o, "quota", q);
    S_num(o, "attempts", res.requests);
    S_num(o, "timed", (double)av->timed);
    S_num(o, "throttled", res.throttled);
    S_num(o, "observed_throttled", observed);
    S_num(o, "unservable", res.unservable);
    double wait_min = S_figure(res.wait_total_s / 60), wait_max = S_figure(res.wait_max_s);
    S_num(o, "delay_minutes", wait_min);
    S_num(o, "delay_max_seconds", wait_max);
    json_object_set_new(o, "waits", json_boolean(res.wait_total_s >= 0.05));
    char s[600], a[48], b[48], c[48], w[48], x[48], u[48], tail[240];
    qc_analysis_fmt(q, a);
    qc_analysis_fmt(res.throttled, b);
    qc_analysis_fmt(observed, c);
    qc_analysis_fmt(wait_min, w);
    qc_analysis_fmt(wait_max, x);
    qc_analysis_fmt(res.unservable, u);
    if (res.unservable > 0)
        snprintf(tail, sizeof tail, "; the quota cannot serve %s of the attempts at all", u);
    else if (res.wait_total_s >= 0.05)
        snprintf(tail, sizeof tail, "; waiting for quota instead of failing would have added %s "
                                    "minutes in all, up to %s seconds for one request", w, x);
    else
        snprintf(tail, sizeof tail, ", and no request would have waited");
    /* At the current value the replay is a check on the model itself. */
    if (!strcmp(label, "current"))
        snprintf(s, sizeof s, "At the current %s %s/min the replay throttles %s attempts where "
                              "CloudWatch counted %s%s.", a, tokens ? "tokens" : "requests", b, c,
                 tail);
    else
        snprintf(s, sizeof s, "At %s %s/min, %s of the %s throttled attempts in the window "
                              "would have been throttled%s.", a, tokens ? "tokens" : "requests", b,
                 c, tail);
    json_object_set_new(o, "sentence", json_string(s));
    return o;
}

/* Current, AWS default (where it differs) and requested (where the case
 * asks for this quota) values of one quota, replayed. */
static void S_replay_quota(json_t *out, const arrivals *av, const json_t *q, int tokens,
                           const json_t *req, double observed)
{
    json_array_append_new(out, S_replay_row(av, "current", tokens, S_eff(q), observed));
    double dflt = json_number_value(json_object_get(q, "default"));
    if (dflt > 0 && dflt != S_eff(q))
        json_array_append_new(out, S_replay_row(av, "AWS default", tokens, dflt, observed));
    const char *rc = qc_json_get_str(req, "quota_code"), *qc = qc_json_get_str(q, "code");
    if (rc && qc && !strcmp(rc, qc) && json_is_number(json_object_get(req, "requested")))
        json_array_append_new(out, S_replay_row(av, "requested", tokens,
                                                json_number_value(json_object_get(req, "requested")),
                                                observed));
}

/* ---- reconciliation ---- */

/* Application logs against CloudWatch: how many throttled attempts the
 * logged failures account for, the share of attempts that were retries, and
 * minutes where one saw throttling and the other did not. */
static json_t *S_reconcile(const json_t *m, const json_t *list)
{
    const char *id = qc_json_get_str(m, "model_id");
    double events = 0, attempts = 0, retries = 0, with_attempts = 0;
    size_t i;
    json_t *e, *r;
    json_array_foreach(list, i, e)
    {
        const char *mm = json_string_value(json_array_get(e, 1));
        if (!mm || strcmp(mm, id))
            continue;
        events++;
        if (json_is_number(json_array_get(e, 3))) {
            double a = json_number_value(json_array_get(e, 3));
            attempts += a;
            retries += a > 1 ? a - 1 : 0;
            with_attempts++;
        }
    }
    double logs_only = 0, cw_only = 0;
    json_array_foreach(json_object_get(m, "minutes"), i, r)
    {
        logs_only += qc_analysis_cell(r, QC_MIN_LOG) > 0 && qc_analysis_cell(r, QC_MIN_THR) == 0;
        cw_only += qc_analysis_cell(r, QC_MIN_THR) > 0 && qc_analysis_cell(r, QC_MIN_LOG) == 0;
    }
    double cw = json_number_value(json_object_get(json_object_get(m, "totals"), "throttles"));
    json_t *o = json_object();
    S_num(o, "log_events", events);
    S_num(o, "log_events_with_attempts", with_attempts);
    S_num(o, "logged_attempts", attempts);
    S_num(o, "cloudwatch_throttled", cw);
    S_num(o, "retry_share_percent", attempts > 0 ? round(retries * 1000.0 / attempts) / 10 : 0);
    S_num(o, "minutes_logs_only", logs_only);
    S_num(o, "minutes_cloudwatch_only", cw_only);
    json_object_set_new(o, "has_logs_only", json_boolean(logs_only > 0));
    json_object_set_new(o, "has_cloudwatch_only", json_boolean(cw_only > 0));
    char t[900], lo[200] = "", co[200] = "";
    if (logs_only > 0)
        snprintf(lo, sizeof lo, " In %.0f minute%s the application logged throttling that "
                                "CloudWatch does not show: check the model id and region of those "
                                "calls.", logs_only, logs_only == 1 ? "" : "s");
    if (cw_only > 0)
        snprintf(co, sizeof co, " In %.0f minute%s CloudWatch counted throttled attempts that the "
                                "application did not log.", cw_only, cw_only == 1 ? "" : "s");
    snprintf(t, sizeof t,
             "The %.0f logged failures with an attempt count made %.0f attempts, %.0f%% of them "
             "retries; CloudWatch counted %.0f throttled attempts%s.%s%s",
             with_attempts, attempts, attempts > 0 ? retries * 100.0 / attempts : 0, cw,
             attempts > cw ? ", fewer than the logs show: some logged calls went to another model "
                             "id or region"
             : attempts < cw ? " (the rest were retries that later succeeded, or calls the "
                               "application did not log)"
                             : ", as many as the logs show",
             lo, co);
    json_object_set_new(o, "text", json_string(t));
    json_object_set_new(o, "mismatch", json_boolean(logs_only > 0));
    return o;
}

/* An increase approved after throttling began did not govern that
 * throttling: say so, so the current value is not read as the one that bit.
 * The figures come apart too, for templates in other languages. */
static json_t *S_history(const json_t *rpm, const json_t *bursts)
{
    const char *start = qc_json_get_str(json_array_get(bursts, 0), "start");
    int64_t t0;
    const json_t *later;
    if (!start || qc_time_parse_arg(start, &t0) < 0)
        return json_null();
    S_in_force(rpm, t0, &later);
    if (!later)
        return json_null();
    json_t *o = json_object();
    double v = json_number_value(json_object_get(later, "desired_value"));
    const char *at = qc_json_get_str(later, "last_updated");
    S_num(o, "approved_value", v);
    json_object_set_new(o, "approved_at", json_string(at));
    json_object_set_new(o, "throttling_began", json_string(start));
    char t[400];
    snprintf(t, sizeof t, "An increase to %.0f was approved at %s, after the throttling began at "
                          "%s: the value that bit was the one in force before.", v, at, start);
    json_object_set_new(o, "text", json_string(t));
    return o;
}

/* ---- one model ---- */

static int S_dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank p99 of n sorted values. */
static double S_p99(const double *v, size_t n)
{
    return n ? v[(size_t)ceil(0.99 * (double)n) - 1] : 0;
}

/* Peaks and p99 of attempts and of tokens per period: [0] attempts, [1] tokens. */
static void S_demand(json_t *d, const json_t *minutes, double peak[2], double p99[2])
{
    size_t n = json_array_size(minutes), i;
    double *v = qc_calloc(n + 1, sizeof *v), *tok = qc_calloc(n + 1, sizeof *tok);
    json_t *r;
    json_array_foreach(minutes, i, r)
    {
        v[i] = qc_analysis_cell(r, QC_MIN_ACC) + qc_analysis_cell(r, QC_MIN_THR);
        tok[i] = qc_analysis_cell(r, QC_MIN_TIN) + qc_analysis_cell(r, QC_MIN_TOUT);
    }
    qsort(v, n, sizeof *v, S_dcmp);
    qsort(tok, n, sizeof *tok, S_dcmp);
    peak[0] = n ? v[n - 1] : 0;
    peak[1] = n ? tok[n - 1] : 0;
    p99[0] = S_p99(v, n);
    p99[1] = S_p99(tok, n);
    S_num(d, "attempts_max", peak[0]);
    S_num(d, "attempts_p99", p99[0]);
    S_num(d, "tokens_max", peak[1]);
    S_num(d, "tokens_p99", p99[1]);
    free(v);
    free(tok);
}

/* Tokens per accepted request in the period with the most tokens: the
 * size of request the tokens quota had to hold when it bit. */
static double S_peak_tokens_per_request(const json_t *minutes)
{
    double best = 0, tpr = 0;
    size_t i;
    json_t *r;
    json_array_foreach(minutes, i, r)
    {
        double tok = qc_analysis_cell(r, QC_MIN_TIN) + qc_analysis_cell(r, QC_MIN_TOUT), acc = qc_analysis_cell(r, QC_MIN_ACC);
        if (acc > 0 && tok > best)
            best = tok, tpr = tok / acc;
    }
    return round(tpr);
}

/* How to send until the increase: the requests quota, or for a model
 * throttled for tokens, as many requests of the busiest minute's size as
 * the tokens quota holds, if that is fewer. */
static json_t *S_pacing(double rpm, double tpm, double tpr)
{
    int by_tokens = tpm > 0 && tpr > 0 && (rpm <= 0 || floor(tpm / tpr) < rpm);
    double q = by_tokens ? fmax(1, floor(tpm / tpr)) : rpm;
    if (q <= 0)
        return json_null();
    json_t *o = json_object();
    char t[600], tail[300] = "", a[48], b[48];
    S_num(o, "quota", q);
    S_num(o, "spacing_seconds", round(60.0 / q * 100) / 100);
    S_num(o, "burst", floor(q));
    json_object_set_new(o, "by_tokens", json_boolean(by_tokens));
    if (by_tokens) {
        S_num(o, "tokens_per_request", tpr);
        S_num(o, "tokens_per_minute_quota", tpm);
        qc_analysis_fmt(tpm, a);
        qc_analysis_fmt(tpr, b);
        snprintf(tail, sizeof tail, ", which keeps requests of %s tokens, the size of the busiest "
                                    "minute's, within the tokens-per-minute quota of %s", b, a);
    }
    snprintf(t, sizeof t, "Until the increase: send at most one request every %.3g seconds "
                          "(%.0f a minute), in bursts of no more than %.0f%s, and retry throttled "
                          "calls no sooner than the next minute.", 60.0 / q, q, floor(q), tail);
    json_object_set_new(o, "text", json_string(t));
    return o;
}

/* Bedrock reserves max_tokens when a request starts.  Where the logs carry
 * max_tokens, the busiest period's attempts times the mean logged max_tokens
 * is what the quota had to hold when those requests started, whatever
 * CloudWatch later counted as used. */
/* A requests-per-minute replay speaks to bursts that requests (or nothing
 * we could name) caused; for a model throttled only for tokens it would
 * read as "the current quota suffices", which the bursts contradict. */
static int S_has_limit(const json_t *bursts, const char *limit)
{
    size_t i;
    json_t *b;
    json_array_foreach(bursts, i, b) if (!strcmp(qc_json_get_str(b, "limit"), limit)) return 1;
    return 0;
}

static int S_rpm_replay_applies(const json_t *bursts)
{
    return json_array_size(bursts) == 0 || S_has_limit(bursts, "requests_per_minute") ||
           S_has_limit(bursts, "undetermined");
}

static json_t *S_reservation(const json_t *list, const char *id, double peak, const json_t *tpm)
{
    double n = 0, sum = 0, max = 0;
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *mm = json_string_value(json_array_get(e, 1));
        const json_t *mt = json_array_get(e, 4);
        if (!mm || strcmp(mm, id) || !json_is_number(mt))
            continue;
        double v = json_number_value(mt);
        n++;
        sum += v;
        max = v > max ? v : max;
    }
    json_t *o = json_object();
    json_object_set_new(o, "has_estimate", json_boolean(n > 0));
    if (n == 0)
        return o;
    double mean = round(sum / n), reserved = peak * mean, q = S_eff(tpm);
    S_num(o, "events_with_max_tokens", n);
    S_num(o, "max_tokens_mean", mean);
    S_num(o, "max_tokens_max", max);
    S_num(o, "attempts_max", peak);
    S_num(o, "reserved_per_minute", reserved);
    if (q > 0)
        S_num(o, "tokens_per_minute_quota", q);
    else
        json_object_set_new(o, "tokens_per_minute_quota", json_null());
    json_object_set_new(o, "exceeds_quota", json_boolean(q > 0 && reserved > q));
    char t[640], a[48], b[48], c[48], d[48], tail[120] = "";
    qc_analysis_fmt(peak, a);
    qc_analysis_fmt(mean, b);
    qc_analysis_fmt(n, c);
    qc_analysis_fmt(reserved, d);
    if (q > 0) {
        char qs[48];
        qc_analysis_fmt(q, qs);
        snprintf(tail, sizeof tail, ", %s the tokens-per-minute quota of %s",
                 reserved > q ? "above" : "within", qs);
    }
    snprintf(t, sizeof t, "At the peak of %s attempts a minute and a mean max_tokens of %s "
                          "(from %s logged requests), requests reserve about %s tokens a minute "
                          "when they start%s.", a, b, c, d, tail);
    json_object_set_new(o, "sentence", json_string(t));
    return o;
}

/* The larger of the observed peak with headroom and the design
 * arithmetic (only where the case asks for this model's requests quota);
 * in tokens for a model throttled only for tokens. */
static json_t *S_recommended(double peak, double p99, int tokens, int requested_here,
                             double design, int applies)
{
    json_t *rec = json_object();
    double with = ceil(peak * (100.0 + QC_HEADROOM_PERCENT) / 100.0);
    int by_design = !tokens && requested_here && design > with;
    json_object_set_new(rec, "unit", json_string(tokens ? "tokens" : "requests"));
    json_object_set_new(rec, "unit_is", json_pack("{s:b, s:b}", "requests", !tokens, "tokens", tokens));
    S_num(rec, "observed_peak", peak);
    S_num(rec, "observed_p99", p99);
    S_num(rec, "headroom_percent", QC_HEADROOM_PERCENT);
    S_num(rec, "observed_with_headroom", with);
    if (!tokens && requested_here && design > 0)
        S_num(rec, "design", design);
    else
        json_object_set_new(rec, "design", json_null());
    json_object_set_new(rec, "has_design", json_boolean(!tokens && requested_here && design > 0));
    S_num(rec, "value", by_design ? design : with);
    json_object_set_new(rec, "basis", json_string(by_design ? "design arithmetic" : "observed peak"));
    json_object_set_new(rec, "applies", json_boolean(applies));
    return rec;
}

/* The replays that speak to this model's throttling: its requests quota
 * unless it was throttled only for tokens, and its tokens quota where a
 * burst was for tokens or the case asks for that quota. */
static json_t *S_model_replay(const json_t *m, const governing *g, const json_t *bursts,
                              const json_t *list, const json_t *req)
{
    json_t *out = json_array(), *per = json_object_get(m, "period");
    const json_t *minutes = json_object_get(m, "minutes");
    int64_t period = (json_is_integer(per) ? json_integer_value(per) : 60) * 1000;
    double observed = json_number_value(json_object_get(json_object_get(m, "totals"), "throttles"));
    size_t nlogged;
    int64_t *logged = S_logged_times(list, qc_json_get_str(m, "model_id"), &nlogged);
    if (g->rpm && S_rpm_replay_applies(bursts)) {
        arrivals av = S_arrivals(minutes, period, logged, nlogged, 0);
        S_replay_quota(out, &av, g->rpm, 0, req, observed);
        free(av.a);
    }
    const char *rc = qc_json_get_str(req, "quota_code"), *tc = g->tpm ? qc_json_get_str(g->tpm, "code") : NULL;
    if (g->tpm && (S_has_limit(bursts, "tokens_per_minute") || (rc && tc && !strcmp(rc, tc)))) {
        arrivals av = S_arrivals(minutes, period, logged, nlogged, 1);
        S_replay_quota(out, &av, g->tpm, 1, req, observed);
        free(av.a);
    }
    free(logged);
    return out;
}

static json_t *S_model(const json_t *m, const json_t *model_root, const json_t *list)
{
    const char *id = qc_json_get_str(m, "model_id");
    const json_t *minutes = json_object_get(m, "minutes");
    json_t *per = json_object_get(m, "period");
    int64_t period = (json_is_integer(per) ? json_integer_value(per) : 60) * 1000;
    governing g = S_governing(json_object_get(model_root, "quotas"), id);
    json_t *o = json_object(), *qs = json_object(), *d = json_object();
    json_object_set_new(o, "model_id", json_string(id));
    json_object_set_new(qs, "requests_per_minute", S_quota_ref(g.rpm));
    json_object_set_new(qs, "tokens_per_minute", S_quota_ref(g.tpm));
    json_object_set_new(qs, "tokens_per_day", S_quota_ref(g.tpd));
    json_object_set_new(o, "quotas", qs);
    double peak[2], p99[2];
    S_demand(d, minutes, peak, p99);
    json_object_set_new(o, "demand", d);
    json_t *bursts = S_bursts(minutes, period, &g, list, id);
    json_object_set_new(o, "has_bursts", json_boolean(json_array_size(bursts) > 0));
    S_num(o, "burst_count", (double)json_array_size(bursts));
    json_object_set_new(o, "burst_count_one", json_boolean(json_array_size(bursts) == 1));
    json_object_set_new(o, "limits", S_limit_summary(bursts));
    json_object_set_new(o, "top_bursts", S_top_bursts(bursts, 5));
    json_object_set_new(o, "bursts", bursts);
    json_object_set_new(o, "reconciliation", S_reconcile(m, list));
    json_object_set_new(o, "history", S_history(g.rpm, bursts));
    const json_t *req = json_object_get(model_root, "request");
    int requested_here = g.rpm && json_is_number(json_object_get(req, "requested")) &&
                         !strcmp(qc_json_get_str(g.rpm, "code"), qc_json_get_str(req, "quota_code") ?
                                 qc_json_get_str(req, "quota_code") : "");
    json_t *replay = S_model_replay(m, &g, bursts, list, req);
    json_object_set_new(o, "has_replay", json_boolean(json_array_size(replay) > 0));
    json_object_set_new(o, "replay", replay);

    /* Throttled only for tokens: the tokens quota is the one to raise. */
    int tokens = g.tpm && !S_rpm_replay_applies(bursts) && S_has_limit(bursts, "tokens_per_minute");
    json_object_set_new(o, "pacing", S_pacing(S_eff(g.rpm), S_has_limit(bursts, "tokens_per_minute") ? S_eff(g.tpm) : -1,
                                              S_peak_tokens_per_request(minutes)));
    json_object_set_new(o, "recommended",
                        S_recommended(peak[tokens], p99[tokens], tokens, requested_here,
                                      json_number_value(json_object_get(req, "design")),
                                      tokens || g.rpm != NULL));
    json_object_set_new(o, "reservation", S_reservation(list, id, peak[0], g.tpm));
    return o;
}

/* ---- the account ---- */

static json_t *S_alternatives(const json_t *quotas)
{
    json_t *out = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(quotas, i, q)
    {
        if (!json_is_false(json_object_get(q, "adjustable")) || !json_array_size(json_object_get(q, "models")))
            continue;
        json_t *a = json_object();
        json_object_set_new(a, "code", json_deep_copy(json_object_get(q, "code")));
        json_object_set_new(a, "name", json_deep_copy(json_object_get(q, "name")));
        json_object_set_new(a, "options", json_pack(
            "[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]",
            "option", "a support case", "effect",
            "AWS can still raise a value Service Quotas does not let you request",
            "option", "a cross-region or global inference profile", "effect",
            "spreads calls over more regions, with quotas of their own",
            "option", "provisioned throughput", "effect",
            "dedicated model units, billed by the hour, outside the on-demand quotas",
            "option", "another model", "effect", "moves the load to a model with room under its quotas"));
        json_array_append_new(out, a);
    }
    return out;
}

int qc_diagnosis_run(json_t *model, qc_err *err)
{
    (void)err;
    json_t *d = json_object(), *models = json_array();
    const json_t *list = json_object_get(json_object_get(model, "events"), "list");
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(model, "models"), i, m)
        json_array_append_new(models, S_model(m, model, list));
    json_object_set_new(d, "models", models);
    int tpm = 0, reserved = 0;
    json_array_foreach(models, i, m)
    {
        size_t k;
        json_t *l;
        json_array_foreach(json_object_get(m, "limits"), k, l)
            tpm |= !strcmp(qc_json_get_str(l, "limit"), "tokens_per_minute");
        reserved |= json_is_true(json_object_get(json_object_get(m, "reservation"), "has_estimate"));
    }
    json_object_set_new(d, "has_tpm", json_boolean(tpm));
    json_object_set_new(d, "has_reservation", json_boolean(reserved));
    json_t *alts = S_alternatives(json_object_get(model, "quotas"));
    json_object_set_new(d, "has_not_adjustable", json_boolean(json_array_size(alts) > 0));
    json_object_set_new(d, "not_adjustable", alts);
    json_object_set_new(d, "tpm_note", json_string(
        "Bedrock counts input plus output tokens against tokens-per-minute quotas and reserves "
        "max_tokens when a request starts, so CloudWatch's token counts can sit under the quota "
        "while requests are throttled for tokens."));
    json_object_set_new(d, "replay_note", json_string(
        "The replay feeds each minute's attempts as CloudWatch counted them (accepted plus "
        "throttled, retries included) through a token bucket that holds one minute of the quota "
        "and refills continuously; attempts the application logged come at their logged time, "
        "the rest at the start of their minute, the hardest placement for the quota. AWS does "
        "not publish Bedrock's exact algorithm: the line for the current quota shows how closely "
        "the model reproduces what CloudWatch counted. Retries are in the demand, so the counts "
        "for higher quotas are upper bounds."));
    size_t open;
    json_t *cl = qc_checklist_build(model, models, &open);
    json_object_set_new(d, "checklist", cl);
    json_object_set_new(d, "checklist_open", json_integer((json_int_t)open));
    json_object_set_new(d, "has_open_items", json_boolean(open > 0));
    json_object_set_new(model, "diagnosis", d);
    return 0;
}
