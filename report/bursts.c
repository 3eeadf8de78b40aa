/* bursts.c - see bursts.h. */
#include "bursts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/json.h"
#include "report/analysis.h"

static const char *const S_codes[] = {"requests_per_minute", "tokens_per_minute", "tokens_per_day",
                                      "connections", "undetermined"};
enum { S_NCODES = 5, S_NMSG = 4 /* the codes a message can name */ };

const char *qc_bursts_limit_words(const char *k)
{
    static const char *const words[] = {"requests per minute", "tokens per minute",
                                        "tokens per day", "concurrent connections"};
    for (int i = 0; k && i < S_NMSG; i++)
        if (!strcmp(k, S_codes[i]))
            return words[i];
    return "undetermined";
}

json_t *qc_bursts_limit_is(const char *code)
{
    json_t *o = json_object();
    for (int i = 0; i < S_NCODES; i++)
        json_object_set_new(o, S_codes[i], json_boolean(code && !strcmp(code, S_codes[i])));
    return o;
}

typedef struct burst {
    int64_t t0, t1; /* first period, end of the last */
    double attempts, throttled, acc_max, tok_max;
} burst;

/* A walk through a model's events in time order, burst after burst. */
typedef struct cursor {
    const qc_evidx_item *ev;
    size_t n, k;
} cursor;

/* The kind the messages in [t0, t1) name most often, and how many there are. */
static const char *S_message_kind(cursor *c, int64_t t0, int64_t t1, size_t *n)
{
    size_t count[S_NMSG] = {0};
    *n = 0;
    while (c->k < c->n && c->ev[c->k].t < t0)
        c->k++;
    for (; c->k < c->n && c->ev[c->k].t < t1; c->k++) {
        (*n)++;
        for (int j = 0; c->ev[c->k].kind && j < S_NMSG; j++)
            count[j] += !strcmp(c->ev[c->k].kind, S_codes[j]);
    }
    int best = -1;
    for (int j = 0; j < S_NMSG; j++)
        if (count[j] && (best < 0 || count[j] > count[best]))
            best = j;
    return best < 0 ? NULL : S_codes[best];
}

/* The figures' verdict over one burst; *why gets the sentence. */
static const char *S_by_figures(const burst *b, double per, double rpm, double tpm, double tpd,
                                double day_tokens, const char *then, char *why, size_t cap)
{
    char a[48], q[48], span[64];
    double acc = b->acc_max / per, tok = b->tok_max / per;
    /* An average over a longer period reaching the quota proves it bound;
     * staying under it proves nothing about the minutes inside. */
    if (per == 1)
        snprintf(span, sizeof span, "a minute");
    else
        snprintf(span, sizeof span, "a minute on average over the busiest %.0f-minute period",
                 per);
    /* A quota of 0 (a new account's daily tokens, say) is a limit too. */
    if (rpm >= 0 && acc >= rpm) {
        qc_analysis_fmt(round(acc * 10) / 10, a);
        qc_analysis_fmt(rpm, q);
        if (per == 1)
            snprintf(why, cap, "accepted requests reached the quota of %s a minute%s", q, then);
        else
            snprintf(why, cap, "accepted requests reached %s %s, at the quota of %s a minute%s", a,
                     span, q, then);
        return "requests_per_minute";
    }
    if (tpm >= 0 && tok >= 0.9 * tpm) {
        qc_analysis_fmt(round(tok), a);
        qc_analysis_fmt(tpm, q);
        snprintf(why, cap, "tokens reached %s %s, against the quota of %s a minute", a, span, q);
        return "tokens_per_minute";
    }
    if (tpd >= 0 && day_tokens >= tpd && per <= 1440) {
        qc_analysis_fmt(tpd, q);
        snprintf(why, cap, "the day's tokens reached the daily quota of %s", q);
        return "tokens_per_day";
    }
    return NULL;
}

/* Why this burst was throttled. */
static json_t *S_verdict(const burst *b, double per, const qc_governing *g, const char *msg,
                         double day_tokens)
{
    json_t *o = json_object();
    char why[700] = "", then[200] = "";
    const json_t *later;
    double rpm = qc_governing_in_force(g->rpm, b->t0, &later);
    char f_d[48];
    qc_analysis_fmt(json_number_value(json_object_get(later, "desired_value")), f_d);
    if (later)
        snprintf(then, sizeof then, " (in force then: an increase to %s was approved at %s, "
                                    "after this burst began)",
                 f_d, qc_json_get_str(later, "last_updated"));
    const char *limit = S_by_figures(b, per, rpm, qc_governing_in_force(g->tpm, b->t0, NULL),
                                     qc_governing_in_force(g->tpd, b->t0, NULL), day_tokens, then,
                                     why, sizeof why);
    if (!limit && msg) {
        limit = msg;
        snprintf(why, sizeof why, "the error messages name it; %s%s",
                 per == 1 ? "the collected figures stay under the quotas"
                          : "per-minute figures need 1-minute data, and these periods are longer",
                 rpm < 0 && later ? " known for that time" : "");
    }
    if (rpm < 0 && later)
        snprintf(why + strlen(why), sizeof why - strlen(why),
                 "%san increase of the requests quota to %s was approved at %s, after this burst "
                 "began, and the value before it is not in the evidence", why[0] ? "; " : "",
                 f_d, qc_json_get_str(later, "last_updated"));
    int misleading = limit && msg && strcmp(limit, msg) != 0;
    if (misleading)
        snprintf(why + strlen(why), sizeof why - strlen(why),
                 "; the errors said \"%s\", which misleads here", qc_bursts_limit_words(msg));
    json_object_set_new(o, "limit", json_string(limit ? limit : "undetermined"));
    json_object_set_new(o, "limit_is", qc_bursts_limit_is(limit ? limit : "undetermined"));
    json_object_set_new(o, "limit_text", json_string(qc_bursts_limit_words(limit)));
    json_object_set_new(o, "why", json_string(why[0] ? why : per == 1 ? "no figure or message decides it"
                                                     : "no message names it, and per-minute figures "
                                                       "need 1-minute data: these periods are longer"));
    json_object_set_new(o, "misleading_message", json_boolean(misleading));
    if (rpm >= 0)
        qc_analysis_num(o, "rpm_in_force", rpm);
    else
        json_object_set_new(o, "rpm_in_force", json_null());
    return o;
}

static json_t *S_burst_json(const burst *b, double per, const qc_governing *g, cursor *c,
                            double day_tokens)
{
    size_t nlog;
    const char *msg = S_message_kind(c, b->t0, b->t1, &nlog);
    json_t *o = S_verdict(b, per, g, msg, day_tokens);
    json_object_set_new(o, "start", qc_json_time(b->t0));
    json_object_set_new(o, "end", qc_json_time(b->t1));
    qc_analysis_num(o, "minutes", (double)(b->t1 - b->t0) / 60000.0);
    qc_analysis_num(o, "attempts", b->attempts);
    qc_analysis_num(o, "throttled", b->throttled);
    qc_analysis_num(o, "accepted_max", b->acc_max);
    qc_analysis_num(o, "tokens_max", b->tok_max);
    qc_analysis_num(o, "log_events", (double)nlog);
    json_object_set_new(o, "message_kind", msg ? json_string(msg) : json_null());
    return o;
}

/* Tokens of each row's UTC day, computed in one pass over the rows. */
static double *S_day_tokens(const qc_minutes *minutes)
{
    size_t n = minutes->n, i = 0;
    double *out = qc_calloc(n + 1, sizeof *out);
    while (i < n) {
        int64_t t = minutes->t[i];
        int64_t day = t - ((t % 86400000) + 86400000) % 86400000;
        double sum = 0;
        size_t j = i;
        for (; j < n && minutes->t[j] < day + 86400000; j++)
            sum += qc_minutes_tokens(minutes, j);
        for (; i < j; i++)
            out[i] = sum;
    }
    return out;
}

json_t *qc_bursts_find(const qc_minutes *minutes, int64_t period_ms, const qc_governing *g,
                       const qc_evidx_item *ev, size_t nev)
{
    json_t *out = json_array();
    burst b = {0, 0, 0, 0, 0, 0};
    cursor c = {ev, nev, 0};
    double *days = S_day_tokens(minutes), per = (double)period_ms / 60000.0;
    size_t i, n = minutes->n, first = 0;
    int open = 0;
    for (i = 0; i <= n; i++) {
        int64_t t = i < n ? minutes->t[i] : 0;
        int thr = i < n && minutes->c[QC_MIN_THR][i] > 0;
        if (open && (!thr || t != b.t1)) {
            json_array_append_new(out, S_burst_json(&b, per, g, &c, days[first]));
            open = 0;
        }
        if (!thr)
            continue;
        double acc = minutes->c[QC_MIN_ACC][i];
        double tok = qc_minutes_tokens(minutes, i);
        if (!open) {
            b = (burst){t, t, 0, 0, 0, 0};
            first = i;
            open = 1;
        }
        b.t1 = t + period_ms;
        b.attempts += qc_minutes_attempts(minutes, i);
        b.throttled += minutes->c[QC_MIN_THR][i];
        b.acc_max = fmax(acc, b.acc_max);
        b.tok_max = fmax(tok, b.tok_max);
    }
    free(days);
    return out;
}

int qc_bursts_has_limit(const json_t *bursts, const char *limit)
{
    size_t i;
    json_t *b;
    json_array_foreach(bursts, i, b) if (!strcmp(qc_json_get_str(b, "limit"), limit)) return 1;
    return 0;
}

json_t *qc_bursts_limits(const json_t *bursts)
{
    json_t *out = json_array();
    size_t count[S_NCODES] = {0}, misleading[S_NCODES] = {0}, i;
    json_t *b;
    json_array_foreach(bursts, i, b)
    {
        for (int k = 0; k < S_NCODES; k++)
            if (!strcmp(qc_json_get_str(b, "limit"), S_codes[k])) {
                count[k]++;
                misleading[k] += json_is_true(json_object_get(b, "misleading_message"));
            }
    }
    for (int k = 0; k < S_NCODES; k++) {
        if (!count[k])
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "limit", json_string(S_codes[k]));
        json_object_set_new(o, "limit_is", qc_bursts_limit_is(S_codes[k]));
        json_object_set_new(o, "limit_text", json_string(qc_bursts_limit_words(S_codes[k])));
        qc_analysis_num(o, "bursts", (double)count[k]);
        json_object_set_new(o, "bursts_one", json_boolean(count[k] == 1));
        qc_analysis_num(o, "misleading_messages", (double)misleading[k]);
        json_array_append_new(out, o);
    }
    return out;
}

static int S_by_throttled(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    double u = json_number_value(json_object_get(x, "throttled"));
    double v = json_number_value(json_object_get(y, "throttled"));
    if (u != v)
        return u < v ? 1 : -1;
    /* Start times sort as text; the earlier burst first keeps qsort stable. */
    return strcmp(qc_json_get_str(x, "start"), qc_json_get_str(y, "start"));
}

json_t *qc_bursts_top(const json_t *bursts, size_t n)
{
    size_t len = json_array_size(bursts);
    json_t **v = qc_calloc(len + 1, sizeof *v);
    for (size_t i = 0; i < len; i++)
        v[i] = json_array_get(bursts, i);
    qsort(v, len, sizeof *v, S_by_throttled);
    json_t *out = json_array();
    for (size_t i = 0; i < len && i < n; i++)
        json_array_append(out, v[i]);
    free(v);
    return out;
}
