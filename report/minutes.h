/* minutes.h - a model's periods as columns of numbers, out of the model.
 *
 * Twenty models over two weeks of 1-minute data are 400,000 periods: as
 * JSON rows in the model they took hundreds of megabytes, and model.json
 * carried every one of them.  The analysis keeps them here instead, eight
 * bytes a figure, and every consumer (diagnosis, charts, workbook) reads
 * them through this table.  model.json carries what a reader needs: the
 * hours of the whole window and the minutes of the throttled windows, each
 * with its rows from this table (qc_minutes_hours, qc_minutes_windows).
 * The full series stay in the evidence files, which the bundle carries. */
#ifndef QC_MINUTES_H
#define QC_MINUTES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* The figures of a period. */
enum { QC_MIN_ACC, QC_MIN_THR, QC_MIN_TIN, QC_MIN_TOUT, QC_MIN_LOG, QC_MIN_NCOL };

/* One period per row, ascending, only periods with some figure. */
typedef struct qc_minutes {
    char *model_id;
    size_t n;
    int64_t *t;              /* each period's start, ms */
    double *c[QC_MIN_NCOL];  /* c[QC_MIN_THR][i]: throttled attempts of row i */
} qc_minutes;

/* One figure at one time, the builder's input, in any order. */
typedef struct qc_minutes_cell {
    int64_t t;
    int col;
    double v;
} qc_minutes_cell;

/* The tables of all models, looked up by model id. */
typedef struct qc_mintabs {
    qc_minutes *items;
    size_t n;
} qc_mintabs;

/* Sorts the cells and sums those of a period into one row; takes a copy of
 * the id, not of the cells (which it reorders). */
void qc_minutes_build(qc_minutes *m, const char *model_id, qc_minutes_cell *cells, size_t n);
/* From rows [time, accepted, throttled, input, output, logged] (the form
 * tests write by hand); -1 when a row is not of that form. */
int qc_minutes_from_rows(qc_minutes *m, const char *model_id, const json_t *rows);
/* Adds cells to a built table (the logged events, after the series). */
void qc_minutes_merge(qc_minutes *m, qc_minutes_cell *cells, size_t n);
void qc_minutes_free(qc_minutes *m);

/* Moves m into the set (m is left empty). */
void qc_mintabs_take(qc_mintabs *s, qc_minutes *m);
/* The model's table; an empty one (never NULL) for a model without data. */
const qc_minutes *qc_mintabs_get(const qc_mintabs *s, const char *model_id);
/* The table of model.models[i] (the analysis builds them in that order),
 * for readers of a model whose ids have been redacted since. */
const qc_minutes *qc_mintabs_at(const qc_mintabs *s, size_t i);
void qc_mintabs_free(qc_mintabs *s);

static inline double qc_minutes_tokens(const qc_minutes *m, size_t i)
{
    return m->c[QC_MIN_TIN][i] + m->c[QC_MIN_TOUT][i];
}
static inline double qc_minutes_attempts(const qc_minutes *m, size_t i)
{
    return m->c[QC_MIN_ACC][i] + m->c[QC_MIN_THR][i];
}

/* Rows [time, accepted, throttled, input, output, logged] of rows
 * [from, to) (new reference). */
json_t *qc_minutes_rows(const qc_minutes *m, size_t from, size_t to);

/* The hours of the window: rows [hour, accepted, throttled, input, output,
 * logged, busiest period's attempts] (new reference). */
json_t *qc_minutes_hours(const qc_minutes *m);

/* A span of rows shown period by period: the throttled periods (by
 * CloudWatch or the logs) with context_ms of context on each side. */
typedef struct qc_minutes_span {
    size_t from, to;    /* rows [from, to) */
    int64_t t0, t1;     /* the span's time: [t0, t1) */
    double throttled;
} qc_minutes_span;

/* The spans, in time order, at most max_rows rows in all: when the spans
 * hold more, the most throttled are kept whole and *cut is set.  Returns
 * the number of spans in *out (caller frees). */
size_t qc_minutes_windows(const qc_minutes *m, int64_t period_ms, int64_t context_ms,
                          size_t max_rows, qc_minutes_span **out, int *cut);

#endif
