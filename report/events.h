/* events.h - throttling_events.json read as a stream into what the model
 * needs: the events section (totals, groups, span, a sample, the first
 * rows) and the index the diagnosis reads (report/evidx).
 *
 * A million logged events made a tree of gigabytes and a model.json row
 * each.  Read here one event at a time, each keeps 40 bytes in the index;
 * model.json lists the first QC_EVENTS_LISTED of them and says how many
 * there are, and every one stays in the evidence file the bundle carries.
 * "Bedrock is unable to process your request" (ServiceUnavailableException)
 * says the service lacked capacity, not that a quota bit: those events are
 * counted apart, so they never inflate the throttling an increase would
 * cure ("Too many connections" comes with the same code and is a limit). */
#ifndef QC_EVENTS_H
#define QC_EVENTS_H

#include <jansson.h>
#include <stddef.h>

#include "common/err.h"
#include "report/evidx.h"

#define QC_EVENTS_LISTED 5000

typedef struct qc_events qc_events;

/* Reads the file (NULL path: no events were collected, an empty set);
 * NULL with err set to "file:line:column: what" when it cannot be read. */
qc_events *qc_events_load(const char *path, qc_err *err);
void qc_events_free(qc_events *e);

/* The model's "events" section (new reference; it shares the sample and
 * the list with e, which the caller frees without changing); see docs/model.md. */
json_t *qc_events_model(const qc_events *e);
/* The throttling events (not capacity) by model and time; borrowed. */
const qc_evidx *qc_events_throttles(const qc_events *e);
/* A model's throttling and capacity events. */
size_t qc_events_count(const qc_events *e, const char *model, int capacity);

#endif
