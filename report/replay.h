/* replay.h - a token bucket for what-if replays of observed demand.
 *
 * The bucket holds one minute of the quota and refills continuously at the
 * quota's rate (AWS does not publish Bedrock's exact algorithm; this is the
 * model the case states).  Arrivals are batches: `count` requests at the
 * same time, each costing `cost` of the quota (1 for a requests quota, the
 * request's tokens for a tokens quota).  The same arrivals are replayed two
 * ways: a client that fails when the bucket is empty (throttled count), and
 * a client that waits its turn instead (the delay it would have added). */
#ifndef QC_REPLAY_H
#define QC_REPLAY_H

#include <stddef.h>
#include <stdint.h>

typedef struct qc_replay_arrival {
    int64_t t_ms; /* arrival time; arrivals are in time order */
    double count; /* whole requests arriving at t_ms */
    double cost;  /* quota units each request takes */
} qc_replay_arrival;

typedef struct qc_replay_result {
    double requests;     /* every arrival replayed */
    double throttled;    /* refused for want of quota, when failing */
    double unservable;   /* larger than the whole bucket: never served */
    double wait_total_s; /* seconds waited in all, when waiting instead */
    double wait_max_s;   /* the longest wait of one request */
} qc_replay_result;

/* Replays n arrivals through a bucket of quota_per_minute; a quota of 0 or
 * less serves nothing. */
void qc_replay_bucket(const qc_replay_arrival *a, size_t n, double quota_per_minute,
                      qc_replay_result *out);

#endif
