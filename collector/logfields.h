/* logfields.h - what one log record says about a Bedrock throttle.
 *
 * Given the text of one record (already redacted), decides whether it is a
 * Bedrock runtime call refused for quota, and reads the fields the SDKs print:
 * botocore / aws CLI, Go SDK v2, JavaScript SDK v3, Java SDK v2 and JSON-lines
 * loggers.  Records that mention throttling of other services (CloudWatch
 * "Rate exceeded"), an application's own limiter, or that only name the
 * exception (a handler registration) are refused. */
#ifndef QC_LOGFIELDS_H
#define QC_LOGFIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "common/tzone.h"
#include "event.h"

typedef struct qc_logfields_opts {
    const qc_tz *zone;         /* for timestamps without one; NULL: UTC (borrowed) */
    const char *default_model; /* --model when exactly one was given; may be NULL */
    int64_t default_time_ms;   /* for records without a time (CloudWatch Logs); 0: none */
} qc_logfields_opts;

/* Returns 1 and fills ev (which must be initialised) when the record is an
 * event, 0 when it is not.  ev->source, line and text are the caller's. */
int qc_logfields_extract(const char *text, size_t len, const qc_logfields_opts *o, qc_event *ev);

/* Timestamp near the start of a line (within its first 40 bytes, at a word
 * boundary): bytes consumed, 0 when none. */
size_t qc_logfields_line_time(const char *line, size_t len, const qc_tz *zone, int64_t *ms);

/* Is `name` an operation of the Bedrock runtime API? */
int qc_logfields_is_runtime_op(const char *name, size_t len);

/* Finds a Bedrock model or inference-profile id in text (keyed values such as
 * modelId= first, then ARNs and provider.model ids).  Returns a new string or NULL. */
char *qc_logfields_find_model(const char *text, size_t len);

#endif
