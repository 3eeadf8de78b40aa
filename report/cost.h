/* cost.h - an estimate of what the requested throughput costs, from a
 * dated price table (templates/prices.json, built in; `render --prices FILE`
 * replaces it).  Adds "cost" to the model. */
#ifndef QC_COST_H
#define QC_COST_H

#include <jansson.h>

void qc_cost_run(json_t *model, const json_t *prices);

#endif
