/* ratelimit.c - see ratelimit.h. */
#include "ratelimit.h"

#include <math.h>
#include <time.h>

static int64_t S_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void qc_sleep_ms(long ms, const qc_stop_flag *stop)
{
    while (ms > 0 && !(stop && *stop)) {
        long slice = ms < 100 ? ms : 100;
        struct timespec ts = {0, slice * 1000000L};
        nanosleep(&ts, NULL);
        ms -= slice;
    }
}

void qc_ratelimit_wait(qc_ratelimit *l, const qc_stop_flag *stop)
{
    if (!l->engaged)
        return;
    int64_t now = S_mono_ms();
    l->tokens += (double)(now - l->last_ms) / 1000.0 * l->rate;
    if (l->tokens > 1)
        l->tokens = 1;
    l->last_ms = now;
    if (l->tokens < 1) {
        long wait = (long)ceil((1 - l->tokens) / l->rate * 1000);
        qc_sleep_ms(wait, stop);
        l->tokens = 1;
        l->last_ms = S_mono_ms();
    }
    l->tokens -= 1;
}

/* Multiplicative decrease on a throttle, additive increase on success. */
void qc_ratelimit_update(qc_ratelimit *l, int throttled)
{
    if (throttled) {
        l->throttled_in_a_row++;
        if (!l->engaged && l->throttled_in_a_row >= 2) {
            l->engaged = 1;
            l->rate = 10;
            l->tokens = 0;
            l->last_ms = S_mono_ms();
        } else if (l->engaged) {
            l->rate = l->rate * 0.7 < 0.5 ? 0.5 : l->rate * 0.7;
        }
    } else {
        l->throttled_in_a_row = 0;
        if (l->engaged)
            l->rate = l->rate + 0.5 > 100 ? 100 : l->rate + 0.5;
    }
}
