/* series.h - CloudWatch metric series, however they were collected.
 *
 * The importers (aws CLI exports) and the live collector both fill a
 * qc_series_set; the evidence writer turns it into the cloudwatch_*.json
 * files.  Points are kept as CloudWatch returned them: a minute without a
 * datapoint stays missing (counted and listed as a gap), never zero-filled. */
#ifndef QC_SERIES_H
#define QC_SERIES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

typedef struct qc_point {
    int64_t t_ms;
    double v;
} qc_point;

typedef struct qc_series {
    char *model_id; /* ModelId dimension value; NULL when the series has none */
    char *metric;   /* e.g. "InvocationThrottles" */
    char *stat;     /* "Sum", "Average", "Maximum", "p99", ... */
    int period_s;   /* 0 until known */
    char *unit;     /* may be NULL */
    char *source;   /* where it came from: an import file, or "GetMetricData" */
    qc_point *pts;
    size_t n, cap;
    size_t duplicates; /* timestamps seen twice with different values */
} qc_series;

typedef struct qc_series_set {
    qc_series *s;
    size_t n, cap;
} qc_series_set;

/* The series for (model, metric, stat), created empty when new.  Borrowed. */
qc_series *qc_series_get(qc_series_set *set, const char *model_id, const char *metric,
                         const char *stat);
void qc_series_add_point(qc_series *s, int64_t t_ms, double v);
/* Sorts points, folds duplicates and infers the period where unknown. */
void qc_series_finish(qc_series_set *set);
/* Drops points outside [start, end). */
void qc_series_clip(qc_series_set *set, int64_t start_ms, int64_t end_ms);
void qc_series_set_free(qc_series_set *set);

/* Sorted list of the distinct model ids (borrowed strings, free() the array). */
const char **qc_series_models(const qc_series_set *set, size_t *n);
/* One series as the JSON object used in the cloudwatch_*.json files. */
json_t *qc_series_to_json(const qc_series *s);
/* The same object without its last member, "points": the figures. */
json_t *qc_series_head_json(const qc_series *s);
/* Appends the text of the "points" array as qc_json_dump_at writes it at
 * depth; time_text gives each time's string (borrowed until its next call),
 * so that the caller can redact it.  -1 when out would pass its limit. */
typedef const char *(*qc_series_time_fn)(void *ud, int64_t t_ms);
int qc_series_points_text(const qc_series *s, int depth, qc_series_time_fn time_text, void *ud,
                          qc_buf *out);
/* Known AWS/Bedrock metric names, for recognising labels. */
const char *qc_series_known_metric(const char *text);
/* "us.anthropic.claude-sonnet-4-5-20250929-v1:0" -> "us-anthropic-claude-sonnet-4-5-20250929-v1-0" */
char *qc_series_slug(const char *model_id);

#endif
