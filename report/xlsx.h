/* xlsx.h - evidence.xlsx: the evidence as a workbook, filled from the model.
 *
 * Sheets: Summary; Quotas (applied, default, in force, adjustable,
 * requested, peak demand over the quota with conditional formatting);
 * Throttling events; Demand N per model (per-minute accepted, throttled,
 * tokens, with line charts against the quota lines); What-if (the replay);
 * Capacity plan (the request-pattern arithmetic as live formulas); Evidence
 * files (names and SHA-256). */
#ifndef QC_XLSX_H
#define QC_XLSX_H

#include <jansson.h>

#include "common/err.h"

int qc_xlsx_write(const json_t *model, const char *path, qc_err *err);

#endif
