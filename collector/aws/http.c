/* http.c - libcurl multi transfers; see http.h. */
#include "http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/alloc.h"

struct qc_http {
    CURLM *multi;
    qc_http_opts o;
};

typedef struct xfer {
    CURL *easy;
    struct curl_slist *headers;
    qc_http_resp *resp;
    char *url;
} xfer;

qc_http *qc_http_new(const qc_http_opts *o)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    qc_http *h = qc_calloc(1, sizeof *h);
    h->o = *o;
    if (h->o.max_parallel <= 0)
        h->o.max_parallel = 4;
    h->multi = curl_multi_init();
    curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)h->o.max_parallel);
    return h;
}

void qc_http_free(qc_http *h)
{
    if (!h)
        return;
    curl_multi_cleanup(h->multi);
    free(h);
}

void qc_http_resp_init(qc_http_resp *r)
{
    memset(r, 0, sizeof *r);
    qc_buf_init(&r->body, (size_t)256 << 20);
}

void qc_http_resp_free(qc_http_resp *r)
{
    for (size_t i = 0; i < r->nheaders; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    free(r->headers);
    qc_buf_free(&r->body);
    memset(r, 0, sizeof *r);
}

const char *qc_http_resp_header(const qc_http_resp *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++)
        if (!strcasecmp(r->headers[i].name, name))
            return r->headers[i].value;
    return NULL;
}

static int S_xferinfo(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt, (void)dn, (void)ut, (void)un;
    const qc_stop_flag *stop = ud;
    return *stop ? 1 : 0;
}

static size_t S_body(char *p, size_t size, size_t n, void *ud)
{
    qc_http_resp *r = ud;
    return qc_buf_add(&r->body, p, size * n) == 0 ? size * n : 0;
}

static size_t S_header(char *p, size_t size, size_t n, void *ud)
{
    qc_http_resp *r = ud;
    size_t len = size * n;
    const char *colon = memchr(p, ':', len);
    if (!colon)
        return len;
    const char *v = colon + 1, *e = p + len;
    while (v < e && (*v == ' ' || *v == '\t'))
        v++;
    while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
        e--;
    r->headers = qc_grow(r->headers, &r->cap, r->nheaders + 1, sizeof *r->headers);
    r->headers[r->nheaders].name = qc_strndup(p, (size_t)(colon - p));
    r->headers[r->nheaders].value = qc_strndup(v, (size_t)(e - v));
    r->nheaders++;
    return len;
}

static int S_setup(qc_http *h, const char *scheme, qc_awsreq *req, qc_http_resp *resp, xfer *x)
{
    memset(x, 0, sizeof *x);
    x->resp = resp;
    x->easy = curl_easy_init();
    if (!x->easy)
        return -1;
    qc_buf url;
    qc_buf_init(&url, 0);
    qc_buf_printf(&url, "%s://%s%s%s%s", scheme, req->host, req->path, req->query ? "?" : "",
                  req->query ? req->query : "");
    x->url = qc_buf_take(&url);
    CURL *e = x->easy;
    curl_easy_setopt(e, CURLOPT_URL, x->url);
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
    if (!strcmp(req->method, "GET"))
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    else if (!strcmp(req->method, "HEAD"))
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    if (req->body_len || !strcmp(req->method, "POST") || !strcmp(req->method, "PUT")) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body ? req->body : "");
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
    }
    for (size_t i = 0; i < req->nheaders; i++) {
        qc_buf hl;
        qc_buf_init(&hl, 0);
        qc_buf_printf(&hl, "%s: %s", req->headers[i].name, req->headers[i].value);
        x->headers = curl_slist_append(x->headers, hl.ptr);
        qc_buf_free(&hl);
    }
    /* Keep libcurl from adding headers of its own that a proxy might sign-break. */
    x->headers = curl_slist_append(x->headers, "Expect:");
    if (!qc_awsreq_header(req, "Content-Type"))
        x->headers = curl_slist_append(x->headers, "Content-Type:");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "quotacase/" QC_VERSION);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, S_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, resp);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, S_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, resp);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    if (req->once)
        curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (h->o.ca_bundle)
        curl_easy_setopt(e, CURLOPT_CAINFO, h->o.ca_bundle);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->o.connect_timeout_ms > 0 ? h->o.connect_timeout_ms : 5000L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->o.timeout_ms > 0 ? h->o.timeout_ms : 60000L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, x);
    if (h->o.stop) {
        /* A call in flight stops within a progress tick (about a second at
         * worst) of a signal, not at its timeout. */
        curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, S_xferinfo);
        curl_easy_setopt(e, CURLOPT_XFERINFODATA, (void *)h->o.stop);
        curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    }
    resp->bytes_out = req->body_len;
    return 0;
}

static void S_finish(xfer *x, CURLcode rc)
{
    qc_http_resp *r = x->resp;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->status);
    curl_off_t total = 0, dl = 0;
    curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &total);
    curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &dl);
    r->ms = (long)(total / 1000);
    r->bytes_in = (size_t)dl;
    if (rc != CURLE_OK) {
        r->transport = (int)rc;
        r->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
        snprintf(r->transport_error, sizeof r->transport_error, "%s", curl_easy_strerror(rc));
    }
}

int qc_http_send_many(qc_http *h, const char *scheme, qc_awsreq *const *reqs,
                      qc_http_resp *const *resps, size_t n, qc_err *err)
{
    xfer *xs = qc_calloc(n + 1, sizeof *xs);
    size_t next = 0, active = 0, done = 0;
    int rc = 0;
    while (done < n && rc == 0) {
        while (next < n && active < (size_t)h->o.max_parallel) {
            if (S_setup(h, scheme, reqs[next], resps[next], &xs[next]) < 0) {
                rc = qc_err_set(err, QC_EIO, "cannot start an HTTP transfer");
                break;
            }
            curl_multi_add_handle(h->multi, xs[next].easy);
            next++;
            active++;
        }
        int running = 0;
        curl_multi_perform(h->multi, &running);
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(h->multi, &left))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            xfer *x;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            S_finish(x, m->data.result);
            curl_multi_remove_handle(h->multi, m->easy_handle);
            active--;
            done++;
        }
        if (done < n && active)
            curl_multi_poll(h->multi, NULL, 0, 100, NULL);
    }
    for (size_t i = 0; i < next; i++) {
        if (rc != 0 && xs[i].easy)
            curl_multi_remove_handle(h->multi, xs[i].easy);
        curl_easy_cleanup(xs[i].easy);
        curl_slist_free_all(xs[i].headers);
        free(xs[i].url);
    }
    free(xs);
    return rc;
}

int qc_http_send(qc_http *h, const char *scheme, qc_awsreq *req, qc_http_resp *resp, qc_err *err)
{
    return qc_http_send_many(h, scheme, &req, &resp, 1, err);
}
