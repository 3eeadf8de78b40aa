/* arithmetic.h - from the case file's request pattern to the value asked for.
 *
 * Step by step, each step's input the previous step's value: requests per
 * unit of work (the case's own word: task, conversation; investigation by
 * default), per minute of one, times the concurrent ones at peak; for a
 * tokens-per-minute quota times tokens per request (the components' own
 * tokens_per_request weighted by their requests, else the measured input +
 * output tokens per accepted request of the models the quota governs);
 * then the retry allowance and buffer, rounded up.  The steps carry their
 * operands so a template in any language can write each expression. */
#ifndef QC_ARITHMETIC_H
#define QC_ARITHMETIC_H

#include <jansson.h>

/* The request pattern with ranges written out, for the templates (new). */
json_t *qc_arith_pattern(const json_t *pattern);

/* Appends the steps to `steps` for quota q (model.quotas[] entry, or NULL)
 * and the model's models[]; returns the rounded-up result, or -1 when the
 * pattern is incomplete. */
double qc_arith_run(const json_t *pattern, const json_t *q, const json_t *models, json_t *steps);

#endif
