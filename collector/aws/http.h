/* http.h - HTTP exchanges over libcurl.
 *
 * One multi handle per qc_http: its connection cache keeps connections open
 * between calls, and several requests can run at once (bounded).  TLS
 * verification is always on; the CA bundle can be replaced (AWS_CA_BUNDLE).
 * Proxies come from the usual environment (libcurl reads https_proxy,
 * no_proxy, ...).  No retries here: that is the client's job. */
#ifndef QC_AWS_HTTP_H
#define QC_AWS_HTTP_H

#include <stddef.h>

#include "collector/aws/request.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/stop.h"

typedef struct qc_http_opts {
    long connect_timeout_ms;
    long timeout_ms; /* whole exchange */
    const char *ca_bundle;
    int max_parallel; /* default 4 */
    const qc_stop_flag *stop; /* set by a signal: transfers abort */
} qc_http_opts;

typedef struct qc_http_resp {
    long status;      /* 0 when no response arrived */
    int transport;    /* non-zero: the exchange failed below HTTP */
    int timed_out;
    char transport_error[256];
    qc_buf body;
    qc_header *headers;
    size_t nheaders, cap;
    long ms;
    size_t bytes_out, bytes_in;
} qc_http_resp;

typedef struct qc_http qc_http;

qc_http *qc_http_new(const qc_http_opts *o);
void qc_http_free(qc_http *h);

void qc_http_resp_init(qc_http_resp *r);
void qc_http_resp_free(qc_http_resp *r);
const char *qc_http_resp_header(const qc_http_resp *r, const char *name);

/* Sends n requests (at most max_parallel at a time) to scheme://host.
 * A transport failure is recorded in its response, not returned: the
 * result is -1 only when the transfer could not be set up at all. */
int qc_http_send_many(qc_http *h, const char *scheme, qc_awsreq *const *reqs,
                      qc_http_resp *const *resps, size_t n, qc_err *err);
int qc_http_send(qc_http *h, const char *scheme, qc_awsreq *req, qc_http_resp *resp, qc_err *err);

#endif
