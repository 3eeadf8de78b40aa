/* cost.h - an estimate of what the requested throughput costs, from a
 * dated price table (templates/prices.json, built in; `render --prices FILE`
 * replaces it).  Adds "cost" to the model. */
#ifndef QC_COST_H
#define QC_COST_H

#include <jansson.h>

#include "common/err.h"

void qc_cost_run(json_t *model, const json_t *prices);
/* Reads and checks a price table (errors name file:line:column); a new
 * reference. */
json_t *qc_cost_load(const char *path, qc_err *err);
/* Checks a price table already read (text kept for error positions). */
int qc_cost_check(const char *name, const char *text, size_t len, const json_t *doc, qc_err *err);

#endif
