/* ratelimit.h - the client-side rate limiter of one AWS client, and the
 * waits that a stop flag cuts short.
 *
 * Off until the service throttles twice in a row; then a token bucket that
 * starts at 10 requests a second, slows by 30 % on each throttled answer
 * (never under 0.5 a second) and speeds up by 0.5 a second on each
 * success (at most 100), as the SDKs' adaptive mode does. */
#ifndef QC_AWS_RATELIMIT_H
#define QC_AWS_RATELIMIT_H

#include <stdint.h>

#include "common/stop.h"

typedef struct qc_ratelimit {
    int engaged;
    int throttled_in_a_row;
    double rate; /* requests per second */
    double tokens;
    int64_t last_ms;
} qc_ratelimit;

/* Sleeps ms, in slices of at most 100 ms so that a stop flag set while
 * another thread took the signal ends the wait soon (stop may be NULL). */
void qc_sleep_ms(long ms, const qc_stop_flag *stop);
/* Before sending: waits for a token when the limiter is engaged
 * (zero-initialised: not engaged). */
void qc_ratelimit_wait(qc_ratelimit *l, const qc_stop_flag *stop);
/* After an answer: whether it said the call was throttled. */
void qc_ratelimit_update(qc_ratelimit *l, int throttled);

#endif
