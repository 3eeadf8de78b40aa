/* demand.h - what the application asked for, period by period, apart from
 * what CloudWatch counted.
 *
 * CloudWatch's Invocations + InvocationThrottles count attempts, every SDK
 * retry included.  Every throttled attempt is either retried (and counted
 * again) or the last attempt of a call that failed, so the calls made
 * (first attempts) are exactly accepted + failed calls.  Failed calls come
 * from the application logs, one logged error per failed call, where the
 * logs cover the model; otherwise each failed call is taken to have made
 * the SDK's maximum attempts (the case file's request_pattern.max_attempts,
 * 3 by default, the AWS SDKs' standard mode), an estimate the model says
 * it is.  Peaks are per period: a per-minute figure only from 60-second
 * data; for longer periods the busiest period's average per minute. */
#ifndef QC_DEMAND_H
#define QC_DEMAND_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "report/evidx.h"
#include "report/minutes.h"

typedef struct qc_demand {
    size_t n;                 /* periods (rows of the model's table) */
    int64_t period_ms;
    int per_minute;           /* 60-second periods */
    int from_logs;            /* failed calls counted from the logs */
    double max_attempts;      /* the SDK's attempts per call, for the estimate */
    int64_t *t;               /* each period's start */
    double *attempts, *first; /* per period: attempts, first attempts */
    double *accepted;         /* per period: accepted requests */
    double *tokens;           /* per period: input + output tokens */
    double failed;            /* failed calls in the window */
    /* Per-period maximum and nearest-rank p99 of attempts, first attempts
     * and tokens, computed once by qc_demand_build. */
    double attempts_max, attempts_p99, first_max, first_p99, tokens_max, tokens_p99;
} qc_demand;

/* Fills d from a model's periods and its events (ev, nev). */
void qc_demand_build(qc_demand *d, const qc_minutes *minutes, int64_t period_ms,
                     const qc_evidx_item *ev, size_t nev, double max_attempts);
void qc_demand_free(qc_demand *d);

/* Sets period_seconds, per_minute and period_is {minute, hour, other} on o,
 * for templates in any language to name the period. */
void qc_demand_period(json_t *o, int64_t period_ms);

/* The model's "demand" object: attempts and first attempts side by side,
 * peaks and p99 per period and, for periods over a minute, per minute on
 * average in the busiest period; tokens likewise. */
json_t *qc_demand_json(const qc_demand *d);

#endif
