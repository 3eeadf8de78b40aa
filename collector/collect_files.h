/* collect_files.h - the event and series files of an evidence directory:
 * throttling_errors.txt and throttling_events.json from the event store,
 * and the CloudWatch series (cloudwatch_invocations.json,
 * cloudwatch_user_errors.json and one file of points per model), each
 * written through the evidence writer (and so through the redactor). */
#ifndef QC_COLLECT_FILES_H
#define QC_COLLECT_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "collector/evidence.h"
#include "collector/evstore.h"
#include "collector/series.h"
#include "common/err.h"

/* The events in [start, end) (QC_TIME_NONE start: all), in time order;
 * *kept is how many were written. */
int qc_collect_write_events(qc_evidence *e, qc_evstore *st, int64_t start, int64_t end,
                            size_t *kept, qc_err *err);
/* Every series of ss, each point written once. */
int qc_collect_write_series(qc_evidence *e, const qc_series_set *ss, qc_err *err);

#endif
