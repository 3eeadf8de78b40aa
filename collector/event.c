/* event.c - the throttling event record and its JSON form; see event.h. */
#include "event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/redact.h"
#include "common/qtime.h"

void qc_event_init(qc_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->time_ms = QC_TIME_NONE;
    ev->retries = -1;
    ev->attempts = -1;
    ev->max_tokens = -1;
    ev->client = "unknown";
}

void qc_event_free(qc_event *ev)
{
    free(ev->model_id);
    free(ev->operation);
    free(ev->error_code);
    free(ev->message);
    free(ev->request_id);
    free(ev->source);
    free(ev->text);
    qc_event_init(ev);
}

static void S_redact_field(char **f, qc_redactor *r)
{
    if (*f) {
        char *t = qc_redact_str(r, *f);
        free(*f);
        *f = t;
    }
}

void qc_event_redact(qc_event *ev, qc_redactor *r)
{
    S_redact_field(&ev->operation, r);
    S_redact_field(&ev->error_code, r);
    S_redact_field(&ev->message, r);
    S_redact_field(&ev->request_id, r);
}

const char *qc_quota_kind_name(int kind)
{
    switch (kind) {
    case QC_QK_REQUESTS_PER_MINUTE: return "requests_per_minute";
    case QC_QK_TOKENS_PER_MINUTE: return "tokens_per_minute";
    case QC_QK_TOKENS_PER_DAY: return "tokens_per_day";
    case QC_QK_CONNECTIONS: return "connections";
    default: return "unknown";
    }
}

static json_t *S_int_or_null(long v, long unknown)
{
    return v == unknown ? json_null() : json_integer(v);
}

json_t *qc_event_to_json(const qc_event *ev)
{
    json_t *o = json_object();
    char t[QC_TIME_STR_MAX];
    if (ev->time_ms != QC_TIME_NONE) {
        qc_time_format(ev->time_ms, t);
        json_object_set_new(o, "time", json_string(t));
    } else {
        json_object_set_new(o, "time", json_null());
    }
    json_object_set_new(o, "model_id", qc_json_str(ev->model_id ? ev->model_id : "unknown"));
    json_object_set_new(o, "model_source",
                        json_string(!ev->model_id ? "none"
                                    : ev->model_defaulted ? "--model" : "log"));
    json_object_set_new(o, "operation", qc_json_str_or_null(ev->operation));
    json_object_set_new(o, "error_code", qc_json_str_or_null(ev->error_code));
    json_object_set_new(o, "http_status", S_int_or_null(ev->http_status, 0));
    json_object_set_new(o, "message", qc_json_str_or_null(ev->message));
    json_object_set_new(o, "quota_kind", json_string(qc_quota_kind_name(ev->quota_kind)));
    json_object_set_new(o, "retries", S_int_or_null(ev->retries, -1));
    json_object_set_new(o, "attempts", S_int_or_null(ev->attempts, -1));
    json_object_set_new(o, "max_tokens", S_int_or_null(ev->max_tokens, -1));
    json_object_set_new(o, "request_id", qc_json_str_or_null(ev->request_id));
    json_object_set_new(o, "client", json_string(ev->client));
    char src[64];
    json_t *s = qc_json_str(ev->source ? ev->source : "-");
    snprintf(src, sizeof src, ":%llu", (unsigned long long)ev->line);
    json_t *full = json_sprintf("%s%s", json_string_value(s), src);
    json_decref(s);
    json_object_set_new(o, "source", full);
    json_object_set_new(o, "lines", json_integer((json_int_t)(ev->line_end - ev->line + 1)));
    return o;
}

int qc_event_cmp(const qc_event *a, const qc_event *b)
{
    int an = a->time_ms == QC_TIME_NONE, bn = b->time_ms == QC_TIME_NONE;
    if (an != bn)
        return an - bn;
    if (!an && a->time_ms != b->time_ms)
        return a->time_ms < b->time_ms ? -1 : 1;
    int c = strcmp(a->source ? a->source : "", b->source ? b->source : "");
    if (c)
        return c;
    return a->line < b->line ? -1 : a->line > b->line;
}
