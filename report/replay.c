/* replay.c - the token bucket of replay.h.
 *
 * Batches are served in closed form, so a minute of 10,000 identical
 * attempts costs one step, not 10,000: the replay of a week of busy
 * per-minute data stays linear in the number of periods.  Levels are
 * doubles; a small tolerance keeps a refill that lands exactly on a whole
 * request (4 a minute for 15 s = 1) from missing it by a rounding error. */
#include "replay.h"

#include <math.h>
#include <string.h>

#define S_EPS 1e-9

typedef struct bucket {
    double cap, rate; /* quota units; units per millisecond */
    double level;     /* at time t */
    int64_t t;
} bucket;

static void S_fill(bucket *b, int64_t t)
{
    if (t > b->t) {
        b->level = fmin(b->cap, b->level + (double)(t - b->t) * b->rate);
        b->t = t;
    }
}

/* How many of n requests of cost c the level covers now. */
static double S_covered(const bucket *b, double n, double c)
{
    if (c <= 0)
        return n;
    return fmin(n, floor((b->level + S_EPS * c) / c));
}

/* A failing client: what the level covers is served, the rest refused. */
static void S_fail(bucket *b, const qc_replay_arrival *a, qc_replay_result *r)
{
    S_fill(b, a->t_ms);
    double s = S_covered(b, a->count, a->cost);
    b->level = fmax(0, b->level - s * a->cost);
    r->throttled += a->count - s;
}

/* A waiting client, first come first served: the queue drains at the
 * refill rate once the level is spent.  The k covered requests start at
 * s0; the j-th of the rest when the bucket has refilled (c - left) + (j-1)c. */
static void S_wait(bucket *b, const qc_replay_arrival *a, qc_replay_result *r)
{
    double n = a->count, c = a->cost;
    int64_t s0 = a->t_ms > b->t ? a->t_ms : b->t; /* the queue may still be busy */
    S_fill(b, s0);
    double k = S_covered(b, n, c), rest = n - k;
    double left = fmax(0, b->level - k * c), ahead = (double)(s0 - a->t_ms);
    double total = n * ahead, last = ahead;
    if (rest > 0) {
        double first = (c - left) / b->rate, step = c / b->rate;
        total += rest * first + step * rest * (rest - 1) / 2;
        last = ahead + first + step * (rest - 1);
        /* Hostile counts (1e300 attempts) must not overflow the clock. */
        b->t = s0 + (int64_t)ceil(fmin(first + step * (rest - 1), 1e15));
        b->level = 0;
    } else {
        b->level = left;
    }
    r->wait_total_s += total / 1000.0;
    r->wait_max_s = fmax(r->wait_max_s, last / 1000.0);
}

void qc_replay_bucket(const qc_replay_arrival *a, size_t n, double quota_per_minute,
                      qc_replay_result *out)
{
    memset(out, 0, sizeof *out);
    double cap = quota_per_minute > 0 ? quota_per_minute : 0;
    bucket fail = {cap, cap / 60000.0, cap, n ? a[0].t_ms : 0};
    bucket wait = fail;
    for (size_t i = 0; i < n; i++) {
        out->requests += a[i].count;
        if (cap <= 0 || a[i].cost > cap) {
            out->throttled += a[i].count;
            out->unservable += a[i].count;
            continue;
        }
        S_fail(&fail, &a[i], out);
        S_wait(&wait, &a[i], out);
    }
}
