/* diagnosis.h - adds "diagnosis" to the model: per model, the quotas that
 * govern it, demand peaks, throttle bursts with the limit that bit and why
 * (saying when an error message misleads), a replay of the observed demand
 * through the current, AWS default and requested quota, pacing advice, and
 * the recommended value (the larger of the design arithmetic and the peak
 * with headroom); for the account, non-adjustable quotas with their
 * alternatives; and the completeness checklist. */
#ifndef QC_DIAGNOSIS_H
#define QC_DIAGNOSIS_H

#include <jansson.h>

#include "common/err.h"
#include "report/evidx.h"
#include "report/minutes.h"

/* tabs: each model's periods, idx its throttling events, as report/analysis
 * built them (model.events.list holds only the first events). */
int qc_diagnosis_run(json_t *model, const qc_mintabs *tabs, const qc_evidx *idx, qc_err *err);

#endif
