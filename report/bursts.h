/* bursts.h - throttling bursts and the limit that bit each one.
 *
 * A burst is a run of consecutive periods with throttled attempts.  Its
 * limit is decided from figures first, each quota at the value it had when
 * the burst began: accepted requests at the requests-per-minute quota,
 * tokens within 10 % of the tokens-per-minute quota, the UTC day's tokens
 * at the tokens-per-day quota; then from what the error messages name.
 * Per-minute comparisons need per-minute data: with longer periods only
 * the busiest period's average per minute is compared (it can prove a
 * quota bound, never that it did not), and the verdict says so.  Linear:
 * events and days are walked once, in time order, with the bursts. */
#ifndef QC_BURSTS_H
#define QC_BURSTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "report/evidx.h"
#include "report/governing.h"
#include "report/minutes.h"

/* The bursts of one model (a new array, in time order). */
json_t *qc_bursts_find(const qc_minutes *minutes, int64_t period_ms, const qc_governing *g,
                       const qc_evidx_item *ev, size_t nev);

/* How many bursts each limit explains, most common kinds first. */
json_t *qc_bursts_limits(const json_t *bursts);

/* The n bursts with the most throttled attempts (ties: the earlier first). */
json_t *qc_bursts_top(const json_t *bursts, size_t n);

/* Whether some burst's limit is `limit` ("requests_per_minute", ...). */
int qc_bursts_has_limit(const json_t *bursts, const char *limit);

/* A limit code in words, and {"requests_per_minute": false, ...} with the
 * one code true, so a template in any language names it without string
 * comparison. */
const char *qc_bursts_limit_words(const char *code);
json_t *qc_bursts_limit_is(const char *code);

#endif
