/* event.h - one throttling event found in application logs.
 *
 * An event is one log record (a line, or a traceback or error dump spread
 * over several lines) that shows a Bedrock runtime call refused for quota.
 * Every field is taken from the record; what the record does not say stays
 * unknown (NULL, -1 or QC_TIME_NONE), never guessed. */
#ifndef QC_EVENT_H
#define QC_EVENT_H

#include <jansson.h>
#include <stdint.h>

#include "common/redact.h"

enum qc_quota_kind {
    QC_QK_UNKNOWN,
    QC_QK_REQUESTS_PER_MINUTE,
    QC_QK_TOKENS_PER_MINUTE,
    QC_QK_TOKENS_PER_DAY,
    QC_QK_CONNECTIONS,
};

typedef struct qc_event {
    int64_t time_ms;     /* UTC; QC_TIME_NONE when the record has no time */
    char *model_id;      /* NULL: unknown */
    int model_defaulted; /* model_id came from --model, not the record */
    char *operation;
    char *error_code;
    int http_status; /* 0: unknown */
    char *message;
    int quota_kind;
    int retries;  /* -1: unknown */
    int attempts; /* -1: unknown */
    char *request_id;
    const char *client; /* static string: which SDK printed it */
    long max_tokens;    /* -1: unknown */
    char *source;       /* file name as given */
    uint64_t line;      /* first line of the record, 1-based */
    uint64_t line_end;  /* last line of the record */
    char *text;         /* the record, redacted, valid UTF-8 */
} qc_event;

void qc_event_init(qc_event *ev);
void qc_event_free(qc_event *ev);
const char *qc_quota_kind_name(int kind);
/* The fields read from the record's own words (message, request id, ...),
 * redacted in place: they were read before the record was. */
void qc_event_redact(qc_event *ev, qc_redactor *r);
/* The event as a JSON object for throttling_events.json (new reference). */
json_t *qc_event_to_json(const qc_event *ev);
/* Order: time (unknown last), then source, then line. */
int qc_event_cmp(const qc_event *a, const qc_event *b);

#endif
