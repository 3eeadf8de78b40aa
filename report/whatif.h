/* whatif.h - the observed demand replayed through candidate quota values.
 *
 * Two clients are replayed through the token bucket of replay.h.  A client
 * that fails when throttled sends every attempt CloudWatch counted, retries
 * included: its throttled count, at the current value, checks the bucket
 * against what CloudWatch saw.  A client that waits for quota instead
 * does not retry: it sends first attempts only (demand.h), so the delay it
 * would have added is the delay of the calls the application made.  Logged
 * calls come at their logged times, the rest at the start of their period,
 * the hardest placement.  Only 1-minute data can be replayed: for longer
 * periods there is no replay, and the model says why. */
#ifndef QC_WHATIF_H
#define QC_WHATIF_H

#include <jansson.h>
#include <stddef.h>

#include "report/demand.h"
#include "report/evidx.h"

typedef struct qc_whatif {
    const qc_demand *d;
    const qc_evidx_item *ev; /* the model's events, in time order */
    size_t nev;
    double observed; /* throttled attempts CloudWatch counted */
} qc_whatif;

/* Appends to out a row for the current value of q, its AWS default where it
 * differs, and the requested value where req asks for q; tokens replays a
 * tokens-per-minute quota (each request costs its period's tokens per
 * accepted request). */
void qc_whatif_quota(json_t *out, const qc_whatif *w, const json_t *q, int tokens,
                     const json_t *req);

#endif
