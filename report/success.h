/* success.h - proof that the application's design is not the problem: for
 * every model that accepted requests and was never throttled in the window
 * (diagnosis.models[].throttled false), a file <slug>_success_evidence.txt
 * that render fills from templates/success_evidence.txt.mustache.  The slug
 * is the collector's (qc_series_slug), the one in
 * cloudwatch_<slug>_invocations.json. */
#ifndef QC_SUCCESS_H
#define QC_SUCCESS_H

#include <jansson.h>
#include <stddef.h>

/* Adds "success_evidence" ([{model_id, file}], in the order of "models")
 * and "has_success_evidence" to a model that has "models" and "diagnosis".
 * Two ids with one slug get "-2", "-3", ... so no file overwrites another. */
void qc_success_add(json_t *model);

/* What the template of success_evidence[i] is rendered with, borrowed from
 * `model` (a model.json or its language view): {file, model (its models[]
 * entry), diagnosis_model (its diagnosis.models[] entry), evidence, case,
 * generated, tool}.  A new reference; NULL when there is no entry i. */
json_t *qc_success_context(const json_t *model, size_t i);

#endif
