/* analysis.h - an evidence directory and a case file into model.json.
 *
 * The model is the one document every output is filled from (templates,
 * summary, later the workbook); its fields are listed in docs/model.md.
 * Analysis reads only the evidence directory and the case: no network. */
#ifndef QC_ANALYSIS_H
#define QC_ANALYSIS_H

#include <jansson.h>
#include <stdint.h>

#include "common/err.h"
#include "report/minutes.h"

/* Builds the model (new reference) and each model's periods in *tabs
 * (caller frees with qc_mintabs_free; empty on error).  The directory must
 * match its manifest: a listed file that is missing or changed is an error
 * (QC_EVERIFY). */
json_t *qc_analysis_run(const char *evidence_dir, const json_t *case_doc, int64_t now_ms,
                        qc_mintabs *tabs, qc_err *err);

/* "1,234,567" for whole numbers, up to two decimals otherwise. */
void qc_analysis_fmt(double v, char out[48]);

/* Sets key and key_text on o; a figure that overflows (hostile evidence)
 * is null with the text "n/a": JSON has no infinity. */
void qc_analysis_num(json_t *o, const char *key, double v);

#endif
