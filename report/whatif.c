/* whatif.c - see whatif.h. */
#include "whatif.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/json.h"
#include "report/analysis.h"
#include "report/governing.h"
#include "report/replay.h"

typedef struct arrivals {
    qc_replay_arrival *a;
    size_t n, timed;
} arrivals;

/* Each period's count.  Attempts: up to that many logged events at their
 * times, the rest together at the period's start.  First attempts: all at
 * the period's start, since a logged failure's time is when its last retry
 * failed, not when the call began; the start is the hardest placement, so
 * the waits are upper bounds.  The cost of a request is its period's tokens per accepted
 * request (the window's mean where none was accepted) for a tokens quota. */
static arrivals S_arrivals(const qc_whatif *w, int first, int tokens)
{
    const qc_demand *d = w->d;
    arrivals out = {qc_calloc(d->n + w->nev + 1, sizeof *out.a), 0, 0};
    double acc_all = 0, tok_all = 0;
    for (size_t i = 0; i < d->n; i++)
        acc_all += d->accepted[i], tok_all += d->tokens[i];
    double mean = acc_all > 0 ? tok_all / acc_all : 0;
    size_t li = qc_evidx_lower(w->ev, w->nev, INT64_MIN + 1);
    for (size_t i = 0; i < d->n; i++) {
        int64_t t = d->t[i];
        double n = first ? d->first[i] : d->attempts[i];
        double cost = !tokens ? 1 : d->accepted[i] > 0 ? d->tokens[i] / d->accepted[i] : mean;
        while (li < w->nev && w->ev[li].t < t)
            li++;
        size_t k = 0;
        while (!first && li + k < w->nev && w->ev[li + k].t < t + d->period_ms && (double)k < n)
            k++;
        if (n - (double)k > 0)
            out.a[out.n++] = (qc_replay_arrival){t, n - (double)k, cost};
        for (size_t j = 0; j < k; j++)
            out.a[out.n++] = (qc_replay_arrival){w->ev[li + j].t, 1, cost};
        out.timed += k;
        /* Events past this period's count belong to no arrival: skip them. */
        while (li < w->nev && w->ev[li].t < t + d->period_ms)
            li++;
    }
    return out;
}

/* A tenth where it matters, whole numbers from 100 on. */
static double S_figure(double v)
{
    return v < 100 ? round(v * 10) / 10 : round(v);
}

static void S_sentence(json_t *o, const char *label, int tokens, double q, const qc_replay_result *f,
                       const qc_replay_result *wt, double observed)
{
    char s[800], a[48], b[48], c[48], x[48], u[48], tail[260], which[80] = "";
    /* Say which quota the line is about: a model has a requests and a tokens one. */
    const char *code = qc_json_get_str(o, "quota_code");
    if (code)
        snprintf(which, sizeof which, " (%s)", code);
    qc_analysis_fmt(q, a);
    qc_analysis_fmt(f->throttled, b);
    qc_analysis_fmt(observed, c);
    qc_analysis_fmt(S_figure(wt->wait_max_s), x);
    qc_analysis_fmt(f->unservable, u);
    double mean = wt->requests > 0 ? S_figure(wt->wait_total_s / wt->requests) : 0;
    char mn[64];
    if (mean < 0.1)
        snprintf(mn, sizeof mn, "less than 0.1");
    else
        qc_analysis_fmt(mean, mn);
    /* The mean per call reads right over any window; a total over weeks
     * (a million minutes) does not. */
    if (f->unservable > 0)
        snprintf(tail, sizeof tail, "; the quota cannot serve %s of the attempts at all", u);
    else if (wt->wait_total_s >= 0.05)
        snprintf(tail, sizeof tail, "; a client that waited for quota instead of retrying would "
                                    "have delayed its calls by %s seconds on average, up to %s "
                                    "seconds for one call", mn, x);
    else if (f->throttled > 0)
        snprintf(tail, sizeof tail, "; those are retries: the calls themselves fit, and a client "
                                    "that waited instead of retrying would not have waited");
    else
        snprintf(tail, sizeof tail, ", and no call would have waited");
    /* At the current value the replay is a check on the model itself. */
    if (!strcmp(label, "current"))
        snprintf(s, sizeof s, "At the current %s %s/min%s the replay throttles %s attempts where "
                              "CloudWatch counted %s%s.", a, tokens ? "tokens" : "requests", which, b,
                 c, tail);
    else
        snprintf(s, sizeof s, "At %s %s/min%s, %s of the %s throttled attempts in the window "
                              "would have been throttled%s.", a, tokens ? "tokens" : "requests", which,
                 b, c, tail);
    json_object_set_new(o, "sentence", json_string(s));
}

/* One row for value q, from the arrivals of the failing (fa) and the
 * waiting (wa) client, built once for all the rows of a quota. */
static json_t *S_row(const qc_whatif *w, const arrivals *fa, const arrivals *wa, const char *label,
                     int tokens, double q, const char *code)
{
    json_t *o = json_object(), *is = json_object();
    json_object_set_new(o, "quota_code", qc_json_str_or_null(code));
    qc_replay_result f, wt;
    qc_replay_bucket(fa->a, fa->n, q, &f);
    qc_replay_bucket(wa->a, wa->n, q, &wt);
    json_object_set_new(o, "label", json_string(label));
    json_object_set_new(is, "current", json_boolean(!strcmp(label, "current")));
    json_object_set_new(is, "default", json_boolean(!strcmp(label, "AWS default")));
    json_object_set_new(is, "requested", json_boolean(!strcmp(label, "requested")));
    json_object_set_new(o, "label_is", is);
    json_object_set_new(o, "unit", json_string(tokens ? "tokens" : "requests"));
    json_object_set_new(o, "unit_is", json_pack("{s:b, s:b}", "requests", !tokens, "tokens", tokens));
    qc_analysis_num(o, "quota", q);
    qc_analysis_num(o, "attempts", f.requests);
    qc_analysis_num(o, "first_attempts", wt.requests);
    qc_analysis_num(o, "timed", (double)fa->timed);
    qc_analysis_num(o, "throttled", f.throttled);
    qc_analysis_num(o, "observed_throttled", w->observed);
    qc_analysis_num(o, "unservable", f.unservable);
    qc_analysis_num(o, "delay_minutes", S_figure(wt.wait_total_s / 60));
    qc_analysis_num(o, "delay_max_seconds", S_figure(wt.wait_max_s));
    qc_analysis_num(o, "delay_mean_seconds",
                    wt.requests > 0 ? S_figure(wt.wait_total_s / wt.requests) : 0);
    json_object_set_new(o, "waits", json_boolean(wt.wait_total_s >= 0.05));
    S_sentence(o, label, tokens, q, &f, &wt, w->observed);
    return o;
}

void qc_whatif_quota(json_t *out, const qc_whatif *w, const json_t *q, int tokens,
                     const json_t *req)
{
    const char *rc = qc_json_get_str(req, "quota_code"), *qc = qc_json_get_str(q, "code");
    arrivals fa = S_arrivals(w, 0, tokens), wa = S_arrivals(w, 1, tokens);
    json_array_append_new(out, S_row(w, &fa, &wa, "current", tokens, qc_governing_eff(q), qc));
    double dflt = json_number_value(json_object_get(q, "default"));
    if (dflt > 0 && dflt != qc_governing_eff(q))
        json_array_append_new(out, S_row(w, &fa, &wa, "AWS default", tokens, dflt, qc));
    if (rc && qc && !strcmp(rc, qc) && json_is_number(json_object_get(req, "requested")))
        json_array_append_new(out, S_row(w, &fa, &wa, "requested", tokens,
                                         json_number_value(json_object_get(req, "requested")), qc));
    free(fa.a);
    free(wa.a);
}
