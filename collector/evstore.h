/* evstore.h - the throttling events of a run, in bounded memory.
 *
 * Events are kept in memory up to a budget of bytes; past it the batch is
 * sorted and written to an anonymous temporary file (a "run"), and reading
 * them back in order is a merge of the runs and the batch.  So a log with
 * millions of throttling lines costs disk, not memory: memory is the budget
 * plus one decoded event per run.  Runs are merged into one when there are
 * too many to keep open.  What the files hold is what the events hold:
 * already redacted. */
#ifndef QC_EVSTORE_H
#define QC_EVSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "collector/event.h"
#include "common/err.h"

typedef struct qc_evstore qc_evstore;
typedef struct qc_evstore_iter qc_evstore_iter;

/* budget: bytes of events kept in memory (0: 16 MiB). */
qc_evstore *qc_evstore_new(size_t budget);
void qc_evstore_free(qc_evstore *s);

/* Takes ev's contents (ev is left empty).  Fails only when a run cannot be
 * written (a full disk), with err saying so. */
int qc_evstore_add_take(qc_evstore *s, qc_event *ev, qc_err *err);
size_t qc_evstore_count(const qc_evstore *s);
/* Earliest and latest known times (QC_TIME_NONE when no event has one). */
void qc_evstore_span(const qc_evstore *s, int64_t *first, int64_t *last);

/* The events in qc_event_cmp order; any number of times, one at a time.
 * An event returned stays valid until the next call. */
qc_evstore_iter *qc_evstore_iter_new(qc_evstore *s, qc_err *err);
const qc_event *qc_evstore_iter_next(qc_evstore_iter *it);
/* Non-zero when reading a run failed part-way (err of iter_new's kind). */
int qc_evstore_iter_failed(const qc_evstore_iter *it);
void qc_evstore_iter_free(qc_evstore_iter *it);

#endif
