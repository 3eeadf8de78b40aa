/* demand.c - see demand.h. */
#include "demand.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "report/analysis.h"

static int S_dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void S_stats(const double *v, size_t n, double *max, double *p99)
{
    double *s = qc_calloc(n + 1, sizeof *s);
    if (n)
        memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, S_dcmp);
    *max = n ? s[n - 1] : 0;
    *p99 = n ? s[(size_t)ceil(0.99 * (double)n) - 1] : 0;
    free(s);
}

void qc_demand_build(qc_demand *d, const qc_minutes *minutes, int64_t period_ms,
                     const qc_evidx_item *ev, size_t nev, double max_attempts)
{
    size_t n = minutes->n, i, k;
    memset(d, 0, sizeof *d);
    d->n = n;
    d->period_ms = period_ms > 0 ? period_ms : 60000;
    d->per_minute = d->period_ms == 60000;
    d->max_attempts = max_attempts >= 1 ? max_attempts : 3;
    d->from_logs = nev > 0;
    d->t = qc_calloc(n + 1, sizeof *d->t);
    d->attempts = qc_calloc(n + 1, sizeof *d->attempts);
    d->first = qc_calloc(n + 1, sizeof *d->first);
    d->tokens = qc_calloc(n + 1, sizeof *d->tokens);
    d->accepted = qc_calloc(n + 1, sizeof *d->accepted);
    k = qc_evidx_lower(ev, nev, INT64_MIN + 1); /* past the untimed events */
    for (i = 0; i < n; i++) {
        int64_t t = minutes->t[i];
        double acc = minutes->c[QC_MIN_ACC][i], thr = minutes->c[QC_MIN_THR][i];
        double logged = 0;
        while (k < nev && ev[k].t < t)
            k++;
        for (; k < nev && ev[k].t < t + d->period_ms; k++)
            logged++;
        /* No more calls failed than attempts were throttled. */
        double failed = d->from_logs ? fmin(logged, thr) : ceil(thr / d->max_attempts);
        d->t[i] = t;
        d->accepted[i] = acc;
        d->attempts[i] = acc + thr;
        d->first[i] = acc + failed;
        d->tokens[i] = qc_minutes_tokens(minutes, i);
        d->failed += failed;
    }
    S_stats(d->attempts, n, &d->attempts_max, &d->attempts_p99);
    S_stats(d->first, n, &d->first_max, &d->first_p99);
    S_stats(d->tokens, n, &d->tokens_max, &d->tokens_p99);
}

void qc_demand_free(qc_demand *d)
{
    free(d->t);
    free(d->attempts);
    free(d->first);
    free(d->tokens);
    free(d->accepted);
    memset(d, 0, sizeof *d);
}

void qc_demand_period(json_t *o, int64_t ms)
{
    json_object_set_new(o, "period_seconds", json_integer((json_int_t)(ms / 1000)));
    json_object_set_new(o, "per_minute", json_boolean(ms == 60000));
    json_object_set_new(o, "period_is", json_pack("{s:b, s:b, s:b}", "minute", ms == 60000, "hour",
                                                  ms == 3600000, "other",
                                                  ms != 60000 && ms != 3600000));
}

json_t *qc_demand_json(const qc_demand *d)
{
    json_t *o = json_object();
    double per = (double)d->period_ms / 60000.0;
    qc_demand_period(o, d->period_ms);
    qc_analysis_num(o, "attempts_max", d->attempts_max);
    qc_analysis_num(o, "attempts_p99", d->attempts_p99);
    qc_analysis_num(o, "attempts_max_avg_per_minute", round(d->attempts_max / per * 10) / 10);
    qc_analysis_num(o, "first_max", d->first_max);
    qc_analysis_num(o, "first_p99", d->first_p99);
    qc_analysis_num(o, "first_max_avg_per_minute", round(d->first_max / per * 10) / 10);
    qc_analysis_num(o, "tokens_max", d->tokens_max);
    qc_analysis_num(o, "tokens_p99", d->tokens_p99);
    qc_analysis_num(o, "tokens_max_avg_per_minute", round(d->tokens_max / per));
    double att = 0, first = 0;
    for (size_t i = 0; i < d->n; i++)
        att += d->attempts[i], first += d->first[i];
    qc_analysis_num(o, "attempts", att);
    qc_analysis_num(o, "first_attempts", first);
    qc_analysis_num(o, "retries", att - first);
    qc_analysis_num(o, "failed_calls", d->failed);
    json_object_set_new(o, "failed_from_logs", json_boolean(d->from_logs));
    qc_analysis_num(o, "max_attempts", d->max_attempts);
    char t[600], a[48], b[48], c[48];
    qc_analysis_fmt(att, a);
    qc_analysis_fmt(first, b);
    qc_analysis_fmt(att - first, c);
    snprintf(t, sizeof t, "Of %s attempts CloudWatch counted, %s were first attempts (calls the "
                          "application made) and %s SDK retries; %s.", a, b, c,
             d->from_logs ? "failed calls are the throttling errors the application logged"
                          : "no application log covers this model, so each failed call is taken "
                            "to have made the SDK's maximum attempts");
    json_object_set_new(o, "text", json_string(t));
    return o;
}
