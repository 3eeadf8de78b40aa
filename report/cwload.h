/* cwload.h - one CloudWatch series file into its figures, tree freed.
 *
 * A cloudwatch_<slug>_invocations.json of two weeks of 1-minute data is a
 * few megabytes on disk and ten times that as a JSON tree.  The analysis
 * loads such files one at a time: this reads one, keeps the model's totals
 * and peaks (a small object) and its per-period figures as cells for
 * report/minutes, and lets the tree go before the next file is read. */
#ifndef QC_CWLOAD_H
#define QC_CWLOAD_H

#include <jansson.h>
#include <stddef.h>

#include "common/err.h"
#include "report/minutes.h"

typedef struct qc_cwload {
    char *model_id;           /* NULL when the file names none */
    json_t *metrics;          /* has_metrics, has_tokens, period, totals, peaks, ... */
    int period;               /* seconds, 60 when the file does not say */
    qc_minutes table;         /* accepted, throttled, input and output tokens */
} qc_cwload;

/* Loads path; -1 with err set when it cannot be read or parsed. */
int qc_cwload_file(const char *path, qc_cwload *out, qc_err *err);
/* The figures of a model no series file covers (all absent). */
json_t *qc_cwload_no_metrics(void);
void qc_cwload_free(qc_cwload *l);

#endif
