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

/* Builds the model (new reference).  The directory must match its manifest:
 * a listed file that is missing or changed is an error (QC_EVERIFY). */
json_t *qc_analysis_run(const char *evidence_dir, const json_t *case_doc, int64_t now_ms,
                        qc_err *err);

/* The columns of a models[].minutes row. */
enum { QC_MIN_T, QC_MIN_ACC, QC_MIN_THR, QC_MIN_TIN, QC_MIN_TOUT, QC_MIN_LOG };
/* A figure of a minutes row (0 where absent), and its time in ms. */
double qc_analysis_cell(const json_t *row, int col);
int64_t qc_analysis_row_time(const json_t *row);

/* "1,234,567" for whole numbers, up to two decimals otherwise. */
void qc_analysis_fmt(double v, char out[48]);

/* Sets key and key_text on o; a figure that overflows (hostile evidence)
 * is null with the text "n/a": JSON has no infinity. */
void qc_analysis_num(json_t *o, const char *key, double v);

#endif
