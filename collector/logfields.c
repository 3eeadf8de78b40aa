/* logfields.c - reads one log record's throttling fields; see logfields.h.
 *
 * The forms below are how the SDKs print a refused Bedrock runtime call
 * (shapes from the SDKs' error formatting; messages from the Bedrock
 * runtime API reference):
 *   botocore / aws CLI  An error occurred (ThrottlingException) when calling the
 *                       Converse operation (reached max retries: 4): Too many ...
 *   Go SDK v2           operation error Bedrock Runtime: Converse, exceeded maximum
 *                       number of attempts, 3, https response error StatusCode: 429,
 *                       RequestID: <id>, ThrottlingException: Too many ...
 *   JavaScript SDK v3   ThrottlingException: Too many ... { '$metadata': {
 *                       httpStatusCode: 429, requestId: '<id>', attempts: 3 } }
 *   Java SDK v2         ...bedrockruntime.model.ThrottlingException: Too many ...
 *                       (Service: BedrockRuntime, Status Code: 429, Request ID: <id>)
 *   JSON lines          any field names; common ones are looked up, the rest of the
 *                       record is read as text like the forms above. */
#include "logfields.h"
#include "logfields_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/qtime.h"

static const char *const S_codes[] = {
    "ThrottlingException", "ServiceUnavailableException", "ServiceQuotaExceededException",
};

#define NELEM(a) (sizeof(a) / sizeof *(a))

/* ---- small text helpers ---- */

/* Integer after `needle`, skipping quotes, spaces, ':' and '='. */
static int S_int_after(const char *s, size_t n, const char *needle, int ci, long *out)
{
    const char *p = ci ? qc_lf_find_ci(s, n, needle) : qc_lf_find(s, n, needle);
    while (p) {
        const char *e = s + n, *q = p + strlen(needle);
        while (q < e && (*q == ' ' || *q == '"' || *q == '\'' || *q == ':' || *q == '='))
            q++;
        if (q < e && isdigit((unsigned char)*q)) {
            long v = 0;
            while (q < e && isdigit((unsigned char)*q) && v < 100000000)
                v = v * 10 + (*q++ - '0');
            *out = v;
            return 1;
        }
        size_t off = (size_t)(p - s) + 1;
        p = ci ? qc_lf_find_ci(s + off, n - off, needle) : qc_lf_find(s + off, n - off, needle);
    }
    return 0;
}

static char *S_trimdup(const char *a, const char *b)
{
    while (a < b && isspace((unsigned char)*a))
        a++;
    while (b > a && (isspace((unsigned char)b[-1])))
        b--;
    if (b - a > 500)
        b = a + 500;
    return b > a ? qc_strndup(a, (size_t)(b - a)) : NULL;
}

static const char *S_eol(const char *p, const char *e)
{
    const char *q = memchr(p, '\n', (size_t)(e - p));
    return q ? q : e;
}

/* ---- time ---- */

size_t qc_logfields_line_time(const char *line, size_t len, const qc_tz *zone, int64_t *ms)
{
    size_t lim = len < 40 ? len : 40;
    for (size_t i = 0; i < lim; i++) {
        unsigned char c = (unsigned char)line[i];
        if (!isdigit(c) && !isupper(c))
            continue;
        if (i > 0 && isalnum((unsigned char)line[i - 1]))
            continue;
        size_t k = qc_time_parse(line + i, len - i, zone, ms);
        if (k)
            return i + k;
    }
    return 0;
}

/* ---- JSON-lines records ---- */

/* First value under one of `names` (case-insensitive), this level first. */
static json_t *S_jfind(json_t *j, const char *const *names, size_t nn, int depth)
{
    if (depth > 5)
        return NULL;
    if (json_is_object(j)) {
        for (size_t i = 0; i < nn; i++) {
            const char *key;
            json_t *v;
            json_object_foreach(j, key, v) if (!strcasecmp(key, names[i]) && !json_is_null(v)) return v;
        }
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v)
        {
            json_t *r = S_jfind(v, names, nn, depth + 1);
            if (r)
                return r;
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
        {
            json_t *r = S_jfind(v, names, nn, depth + 1);
            if (r)
                return r;
        }
    }
    return NULL;
}

static long S_jint(json_t *j, const char *const *names, size_t nn)
{
    json_t *v = S_jfind(j, names, nn, 0);
    if (json_is_number(v))
        return (long)json_number_value(v);
    if (json_is_string(v) && isdigit((unsigned char)json_string_value(v)[0]))
        return strtol(json_string_value(v), NULL, 10);
    return -1;
}

static char *S_jstr(json_t *j, const char *const *names, size_t nn)
{
    json_t *v = S_jfind(j, names, nn, 0);
    return json_is_string(v) && json_string_length(v) ? qc_strdup(json_string_value(v)) : NULL;
}

static void S_from_json(json_t *j, const qc_logfields_opts *o, qc_event *ev)
{
    static const char *const tkeys[] = {"time", "ts", "timestamp", "@timestamp", "datetime",
                                        "date", "asctime", "eventTime", "logged_at", "t"};
    json_t *tv = S_jfind(j, tkeys, NELEM(tkeys), 0);
    if (json_is_number(tv)) {
        ev->time_ms = qc_time_from_epoch_number(json_number_value(tv));
    } else if (json_is_string(tv)) {
        int64_t ms;
        const char *s = json_string_value(tv);
        if (qc_time_parse(s, strlen(s), o->zone, &ms))
            ev->time_ms = ms;
    }
    static const char *const mkeys[] = {"modelId", "model_id", "modelArn", "model_arn",
                                        "inferenceProfileId", "inferenceProfileArn",
                                        "inference_profile", "model", "model_name", "modelName"};
    char *m = S_jstr(j, mkeys, NELEM(mkeys));
    if (m && qc_lf_looks_like_model(m))
        ev->model_id = m;
    else
        free(m);
    static const char *const okeys[] = {"operation", "operationName", "op", "api", "action",
                                        "command", "method"};
    char *op = S_jstr(j, okeys, NELEM(okeys));
    if (op) {
        size_t l = strlen(op);
        if (l > 7 && !strcmp(op + l - 7, "Command"))
            op[l -= 7] = '\0';
        if (qc_logfields_is_runtime_op(op, l))
            ev->operation = op;
        else
            free(op);
    }
    static const char *const rkeys[] = {"requestId", "request_id", "x-amzn-RequestId",
                                        "aws_request_id", "requestID", "RequestId"};
    ev->request_id = S_jstr(j, rkeys, NELEM(rkeys));
    static const char *const skeys[] = {"httpStatusCode", "http_status", "statusCode",
                                        "status_code", "status"};
    long st = S_jint(j, skeys, NELEM(skeys));
    if (st >= 100 && st <= 599)
        ev->http_status = (int)st;
    static const char *const akeys[] = {"attempts", "attempt", "attempt_count"};
    ev->attempts = (int)S_jint(j, akeys, NELEM(akeys));
    static const char *const retkeys[] = {"retries", "retry_count", "retry", "retry_attempt",
                                          "retryAttempts"};
    ev->retries = (int)S_jint(j, retkeys, NELEM(retkeys));
    static const char *const xkeys[] = {"max_tokens", "maxTokens", "max_tokens_to_sample"};
    ev->max_tokens = S_jint(j, xkeys, NELEM(xkeys));
}

/* ---- the record as text ---- */

static const char *S_code_in(const char *s, size_t n, const char **where)
{
    const char *best = NULL, *at = NULL;
    for (size_t i = 0; i < NELEM(S_codes); i++) {
        const char *p = qc_lf_find(s, n, S_codes[i]);
        if (p && (!at || p < at)) {
            at = p;
            best = S_codes[i];
        }
    }
    *where = at;
    return best;
}

static int S_kind_of(const char *s, size_t n)
{
    if (qc_lf_find_ci(s, n, "tokens per day"))
        return QC_QK_TOKENS_PER_DAY;
    if (qc_lf_find_ci(s, n, "too many tokens"))
        return QC_QK_TOKENS_PER_MINUTE;
    if (qc_lf_find_ci(s, n, "too many requests"))
        return QC_QK_REQUESTS_PER_MINUTE;
    if (qc_lf_find_ci(s, n, "too many connections"))
        return QC_QK_CONNECTIONS;
    return QC_QK_UNKNOWN;
}

static char *S_message(const char *s, size_t n, const char *code)
{
    const char *e = s + n, *p;
    if ((p = qc_lf_find(s, n, "Too many "))) {
        const char *end = S_eol(p, e);
        const char *again = qc_lf_find(p, (size_t)(end - p), "trying again.");
        if (again)
            end = again + strlen("trying again.");
        else
            for (const char *q = p; q < end; q++)
                if (*q == '"' || *q == '\'') {
                    end = q;
                    break;
                }
        return S_trimdup(p, end);
    }
    if ((p = qc_lf_find(s, n, " operation")) && qc_lf_find(s, (size_t)(p - s), "An error occurred (")) {
        const char *end = S_eol(p, e);
        const char *c = memchr(p, ':', (size_t)(end - p));
        if (c)
            return S_trimdup(c + 1, end);
    }
    if (code) {
        char pat[64];
        snprintf(pat, sizeof pat, "%s: ", code);
        if ((p = qc_lf_find(s, n, pat))) {
            p += strlen(pat);
            const char *end = S_eol(p, e);
            const char *svc = qc_lf_find(p, (size_t)(end - p), " (Service:");
            if (svc)
                end = svc;
            return S_trimdup(p, end);
        }
    }
    return NULL;
}

static char *S_request_id(const char *s, size_t n)
{
    static const char *const keys[] = {"requestid", "request id", "request_id", "request-id"};
    const char *e = s + n;
    for (size_t k = 0; k < NELEM(keys); k++) {
        for (const char *p = qc_lf_find_ci(s, n, keys[k]); p;
             p = qc_lf_find_ci(p + 1, (size_t)(e - p - 1), keys[k])) {
            const char *q = p + strlen(keys[k]);
            while (q < e && (*q == ' ' || *q == '"' || *q == '\'' || *q == ':' || *q == '='))
                q++;
            const char *v = q;
            while (q < e && (isalnum((unsigned char)*q) || *q == '-'))
                q++;
            if (q - v >= 8)
                return qc_strndup(v, (size_t)(q - v));
        }
    }
    return NULL;
}

/* botocore names the operation; Go and Java name the service.  A record
 * about another service's throttling is not ours. */
static int S_foreign(const char *s, size_t n, char **op_out)
{
    const char *e = s + n, *p;
    if ((p = qc_lf_find(s, n, "when calling the "))) {
        const char *a = p + strlen("when calling the "), *b = a;
        while (b < e && isalnum((unsigned char)*b))
            b++;
        if (!qc_logfields_is_runtime_op(a, (size_t)(b - a)))
            return 1;
        *op_out = qc_strndup(a, (size_t)(b - a));
    }
    if ((p = qc_lf_find(s, n, "operation error "))) {
        const char *a = p + strlen("operation error ");
        const char *colon = memchr(a, ':', (size_t)(S_eol(a, e) - a));
        if (colon) {
            if (strncmp(a, "Bedrock Runtime", (size_t)(colon - a)) != 0 ||
                colon - a != (long)strlen("Bedrock Runtime"))
                return 1;
            const char *o = colon + 1, *b;
            while (o < e && *o == ' ')
                o++;
            for (b = o; b < e && isalnum((unsigned char)*b); b++)
                ;
            if (!*op_out && qc_logfields_is_runtime_op(o, (size_t)(b - o)))
                *op_out = qc_strndup(o, (size_t)(b - o));
        }
    }
    if ((p = qc_lf_find(s, n, "(Service: "))) {
        const char *a = p + strlen("(Service: "), *b = a;
        while (b < e && *b != ',' && *b != ')')
            b++;
        if (!qc_lf_find_ci(a, (size_t)(b - a), "bedrock"))
            return 1;
    }
    return 0;
}

static void S_retries(const char *s, size_t n, qc_event *ev)
{
    long v;
    if (S_int_after(s, n, "reached max retries:", 0, &v)) {
        ev->retries = (int)v;
        ev->attempts = (int)v + 1;
    } else if (S_int_after(s, n, "maximum number of attempts,", 0, &v) ||
               S_int_after(s, n, "SDK Attempt Count:", 0, &v) ||
               (ev->attempts < 0 && S_int_after(s, n, "attempts", 0, &v))) {
        ev->attempts = (int)v;
    }
    if (ev->attempts < 0 && S_int_after(s, n, "attempt=", 1, &v))
        ev->attempts = (int)v;
    if (ev->retries < 0 && S_int_after(s, n, "retries=", 1, &v))
        ev->retries = (int)v;
    if (ev->retries < 0 && ev->attempts > 0)
        ev->retries = ev->attempts - 1;
    if (ev->attempts < 0 && ev->retries >= 0)
        ev->attempts = ev->retries + 1;
}

static void S_status(const char *s, size_t n, qc_event *ev)
{
    static const char *const keys[] = {"StatusCode:", "Status Code:", "httpStatusCode",
                                       "status code", "HTTP status", "status="};
    long v;
    for (size_t i = 0; !ev->http_status && i < NELEM(keys); i++)
        if (S_int_after(s, n, keys[i], 1, &v) && v >= 100 && v <= 599)
            ev->http_status = (int)v;
}

static const char *S_client(const char *s, size_t n, int is_json)
{
    if (qc_lf_find(s, n, "operation error "))
        return "go-sdk-v2";
    if (qc_lf_find(s, n, "$metadata") || qc_lf_find(s, n, "httpStatusCode"))
        return "js-sdk-v3";
    if (qc_lf_find(s, n, "software.amazon.awssdk") || qc_lf_find(s, n, "(Service: "))
        return "java-sdk-v2";
    if (qc_lf_find(s, n, "An error occurred ("))
        return "botocore";
    return is_json ? "json" : "unknown";
}

int qc_logfields_extract(const char *s, size_t n, const qc_logfields_opts *o, qc_event *ev)
{
    const char *code_at;
    const char *code = S_code_in(s, n, &code_at);
    int bedrock_msg = qc_lf_find_ci(s, n, "please wait before trying again") != NULL ||
                      qc_lf_find_ci(s, n, "too many tokens per day") != NULL;
    if (!code && !bedrock_msg)
        return 0;
    /* botocore names the error code itself; a different one is not a throttle. */
    const char *bc = qc_lf_find(s, n, "An error occurred (");
    if (bc) {
        const char *a = bc + strlen("An error occurred ("), *e = s + n, *b = a;
        while (b < e && *b != ')')
            b++;
        int known = 0;
        for (size_t i = 0; i < NELEM(S_codes); i++)
            if ((size_t)(b - a) == strlen(S_codes[i]) && !strncmp(a, S_codes[i], (size_t)(b - a)))
                known = 1, code = S_codes[i];
        if (!known)
            return 0;
    }
    char *op = NULL;
    if (S_foreign(s, n, &op)) {
        free(op);
        return 0;
    }
    int is_json = n > 1 && s[0] == '{';
    json_t *j = NULL;
    if (is_json) {
        const char *e = S_eol(s, s + n);
        json_error_t je;
        j = json_loadb(s, (size_t)(e - s), 0, &je);
        if (j)
            S_from_json(j, o, ev);
    }
    int errform = bc || bedrock_msg || (code && code_at + strlen(code) < s + n &&
                                        (code_at[strlen(code)] == ':' || code_at[strlen(code)] == '"'));
    S_status(s, n, ev);
    if (!errform && (ev->http_status == 429 || ev->http_status == 503))
        errform = 1;
    if (!errform) {
        free(op);
        json_decref(j);
        return 0;
    }
    if (!ev->operation)
        ev->operation = op ? op : (qc_lf_op_in_text(s, n) ? qc_strdup(qc_lf_op_in_text(s, n)) : NULL);
    else
        free(op);
    if (!ev->model_id)
        ev->model_id = qc_logfields_find_model(s, n);
    int bedrock = ev->operation || ev->model_id || bedrock_msg || qc_lf_find_ci(s, n, "bedrock");
    if (!bedrock) {
        json_decref(j);
        return 0;
    }
    if (!ev->model_id && o->default_model) {
        ev->model_id = qc_strdup(o->default_model);
        ev->model_defaulted = 1;
    }
    if (ev->time_ms == QC_TIME_NONE) {
        int64_t ms;
        if (qc_logfields_line_time(s, (size_t)(S_eol(s, s + n) - s), o->zone, &ms))
            ev->time_ms = ms;
    }
    if (ev->time_ms == QC_TIME_NONE && o->default_time_ms > 0)
        ev->time_ms = o->default_time_ms;
    if (!code)
        code = qc_lf_find_ci(s, n, "too many connections") ? "ServiceUnavailableException"
                                                       : "ThrottlingException";
    ev->error_code = qc_strdup(code);
    ev->message = S_message(s, n, code);
    if (!ev->message && j) {
        static const char *const keys[] = {"message", "errorMessage", "error_message", "msg"};
        ev->message = S_jstr(j, keys, NELEM(keys));
    }
    ev->quota_kind = S_kind_of(ev->message ? ev->message : "", ev->message ? strlen(ev->message) : 0);
    if (!ev->http_status)
        ev->http_status = !strcmp(code, "ThrottlingException")           ? 429
                          : !strcmp(code, "ServiceUnavailableException") ? 503
                                                                          : 400;
    S_retries(s, n, ev);
    if (!ev->request_id)
        ev->request_id = S_request_id(s, n);
    if (ev->max_tokens < 0) {
        long v;
        if (S_int_after(s, n, "max_tokens", 0, &v) || S_int_after(s, n, "maxTokens", 0, &v))
            ev->max_tokens = v;
    }
    ev->client = S_client(s, n, is_json);
    json_decref(j);
    return 1;
}
