/* evidx.h - the throttling events of the model, indexed by model and time.
 *
 * The diagnosis asks, model by model and burst by burst, which events fall
 * in a span of time.  Scanning the whole event list for each question made
 * it quadratic; the index sorts the events once, (model, time), so each
 * model takes its slice by binary search and walks it in time order. */
#ifndef QC_EVIDX_H
#define QC_EVIDX_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define QC_EVIDX_UNTIMED INT64_MIN

typedef struct qc_evidx_item {
    const char *model; /* owned by the index */
    int64_t t;         /* QC_EVIDX_UNTIMED when the event has no time */
    const char *kind;  /* the limit the message names, or NULL */
    double attempts;   /* attempts the failed call made; < 0 when unknown */
    double max_tokens; /* logged max_tokens; < 0 when unknown */
} qc_evidx_item;

typedef struct qc_evidx qc_evidx;

/* Indexes model.events.list rows [time, model, kind, attempts, max_tokens]
 * (the strings are copied). */
qc_evidx *qc_evidx_new(const json_t *list);
/* An index built event by event, as a file is read: qc_evidx_add copies
 * the strings (each distinct one once), qc_evidx_sort makes it readable. */
qc_evidx *qc_evidx_empty(void);
void qc_evidx_add(qc_evidx *x, const char *model, int64_t t, const char *kind, double attempts,
                  double max_tokens);
void qc_evidx_sort(qc_evidx *x);
/* All items, by model then time (after qc_evidx_sort). */
const qc_evidx_item *qc_evidx_all(const qc_evidx *x, size_t *n);
void qc_evidx_free(qc_evidx *x);

/* The events of one model, untimed first, then by time; *n of them. */
const qc_evidx_item *qc_evidx_model(const qc_evidx *x, const char *model, size_t *n);

/* The first of the n items at or after t (n when none). */
size_t qc_evidx_lower(const qc_evidx_item *v, size_t n, int64_t t);

#endif
