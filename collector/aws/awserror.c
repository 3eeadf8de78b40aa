/* awserror.c - an AWS error answer read whatever the protocol; see
 * awserror.h. */
#include "awserror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"

static void S_copy(char *dst, size_t n, const char *a, size_t len)
{
    if (len >= n)
        len = n - 1;
    memcpy(dst, a, len);
    dst[len] = '\0';
}

static const char *S_xml_text(const char *xml, const char *tag, size_t *len)
{
    char open[64], close[64];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = strstr(xml, open);
    const char *b = a ? strstr(a, close) : NULL;
    if (!a || !b)
        return NULL;
    a += strlen(open);
    *len = (size_t)(b - a);
    return a;
}

/* The error code, message and request id, whatever the protocol. */
void qc_aws_parse_error(const qc_http_resp *r, qc_aws_error *e)
{
    memset(e, 0, sizeof *e);
    e->http_status = r->status;
    const char *body = r->body.ptr ? r->body.ptr : "";
    const char *rid = qc_http_resp_header(r, "x-amzn-RequestId");
    if (!rid)
        rid = qc_http_resp_header(r, "x-amz-request-id");
    if (rid)
        S_copy(e->request_id, sizeof e->request_id, rid, strlen(rid));
    json_t *j = body[0] == '{' ? json_loads(body, 0, NULL) : NULL;
    if (j) {
        const char *t = qc_json_get_str(j, "__type");
        if (!t)
            t = qc_json_get_str(j, "code");
        if (t) {
            const char *hash = strrchr(t, '#');
            t = hash ? hash + 1 : t;
            const char *colon = strchr(t, ':');
            S_copy(e->code, sizeof e->code, t, colon ? (size_t)(colon - t) : strlen(t));
        }
        const char *m = qc_json_get_str(j, "message");
        if (!m)
            m = qc_json_get_str(j, "Message");
        if (m)
            S_copy(e->message, sizeof e->message, m, strlen(m));
        json_decref(j);
    } else {
        size_t n;
        const char *v;
        if ((v = S_xml_text(body, "Code", &n)))
            S_copy(e->code, sizeof e->code, v, n);
        if ((v = S_xml_text(body, "Message", &n)))
            S_copy(e->message, sizeof e->message, v, n);
        if (!e->request_id[0] && (v = S_xml_text(body, "RequestId", &n)))
            S_copy(e->request_id, sizeof e->request_id, v, n);
    }
    const char *qe = qc_http_resp_header(r, "x-amzn-query-error");
    if (qe) {
        const char *semi = strchr(qe, ';');
        S_copy(e->code, sizeof e->code, qe, semi ? (size_t)(semi - qe) : strlen(qe));
    }
    if (!e->code[0])
        snprintf(e->code, sizeof e->code, "HTTP%ld", r->status);
    if (!e->message[0] && !(body[0] == '{' || body[0] == '<')) {
        size_t n = strcspn(body, "\r\n");
        S_copy(e->message, sizeof e->message, body, n > 200 ? 200 : n);
    }
}
