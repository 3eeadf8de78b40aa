/* request.h - an HTTP request as quotacase builds, signs and sends it. */
#ifndef QC_AWS_REQUEST_H
#define QC_AWS_REQUEST_H

#include <stddef.h>

#include "common/err.h"

typedef struct qc_header {
    char *name;
    char *value;
} qc_header;

typedef struct qc_awsreq {
    char *method;
    char *host;  /* "sts.us-east-1.amazonaws.com" or "127.0.0.1:4566" */
    char *path;  /* as sent, already percent-encoded: "/" or "/model/x%3A0/converse" */
    char *query; /* without '?', as sent; NULL when none */
    qc_header *headers;
    size_t nheaders, cap;
    char *body;
    size_t body_len;
    /* A call that changes something (files a request, posts to a case): it
     * goes on a fresh connection, so libcurl never resends it on its own
     * after a kept-alive connection dies, and it is retried only after an
     * answer that says it was throttled: no answer, or a 5xx, may hide one
     * that was done. */
    int once;
} qc_awsreq;

void qc_awsreq_init(qc_awsreq *r, const char *method, const char *host, const char *path,
                    const char *query);
/* From a URL ("http://127.0.0.1:8080/latest/api/token?x=1"); *scheme is
 * the caller's to free. */
int qc_awsreq_init_url(qc_awsreq *r, const char *method, const char *url, char **scheme,
                       qc_err *err);
void qc_awsreq_free(qc_awsreq *r);
/* Adds a header (another with the same name stays: both are sent). */
void qc_awsreq_add_header(qc_awsreq *r, const char *name, const char *value);
/* Replaces every header of that name (case-insensitive) with one. */
void qc_awsreq_set_header(qc_awsreq *r, const char *name, const char *value);
void qc_awsreq_del_header(qc_awsreq *r, const char *name);
/* The first value of a header, or NULL. */
const char *qc_awsreq_header(const qc_awsreq *r, const char *name);
void qc_awsreq_set_body(qc_awsreq *r, const char *body, size_t len);

/* Parses a raw HTTP/1.1 request in the format of the AWS SigV4 test suite
 * ("GET /path?query HTTP/1.1", "Name:value" lines, folded continuation
 * lines, a blank line, the body).  The host comes from the Host header. */
int qc_awsreq_parse(const char *name, const char *text, size_t len, qc_awsreq *r, qc_err *err);

#endif
