/* governing.h - the quotas that govern one model, and their value at a time.
 *
 * Rule: a model is governed by at most one requests-per-minute, one
 * tokens-per-minute and one tokens-per-day quota of its standard context
 * tier, taken from the quotas whose `models` list names it (the mapping of
 * quota names to model ids is the collector's quotamap module).  A
 * long-context tier ("... 1M Context Length") governs only long requests:
 * it is kept apart, never taken as the quota in force. */
#ifndef QC_GOVERNING_H
#define QC_GOVERNING_H

#include <jansson.h>
#include <stdint.h>

typedef struct qc_governing {
    const json_t *rpm, *tpm, *tpd;    /* standard tier; NULL when none maps */
    const json_t *rpm_long, *tpm_long; /* long-context tier, shown apart */
} qc_governing;

/* Picks model's quotas from model.quotas (borrowed). */
qc_governing qc_governing_for(const json_t *quotas, const char *model);

/* The value in force now, or -1 for no quota. */
double qc_governing_eff(const json_t *q);

/* The value of q in force at t.  An increase approved after t did not
 * govern t; the history holds desired values, not the values they
 * replaced, so the value then is that of the latest approval before t, or
 * unknown (-1).  *later (when not NULL) is the first approval after t. */
double qc_governing_in_force(const json_t *q, int64_t t, const json_t **later);

/* The first request in q's history that is still open (`open` as the
 * collector set it, else PENDING or CASE_OPENED), or NULL. */
const json_t *qc_governing_open_request(const json_t *q);

/* {"code", "name", "value", "value_text"} or null. */
json_t *qc_governing_ref(const json_t *q);

#endif
