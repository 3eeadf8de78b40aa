/* request.c - HTTP request building and the test-suite request parser. */
#include "request.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/alloc.h"
#include "common/buf.h"

void qc_awsreq_init(qc_awsreq *r, const char *method, const char *host, const char *path,
                    const char *query)
{
    memset(r, 0, sizeof *r);
    r->method = qc_strdup(method);
    r->host = qc_strdup(host ? host : "");
    r->path = qc_strdup(path && *path ? path : "/");
    r->query = query && *query ? qc_strdup(query) : NULL;
}

int qc_awsreq_init_url(qc_awsreq *r, const char *method, const char *url, char **scheme,
                       qc_err *err)
{
    const char *sep = strstr(url, "://");
    if (!sep || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)))
        return qc_err_set(err, QC_EUSAGE, "'%s' is not an http:// or https:// URL", url);
    const char *h = sep + 3, *slash = strchr(h, '/'), *q;
    size_t hl = slash ? (size_t)(slash - h) : strlen(h);
    char *host = qc_strndup(h, hl), *path = qc_strdup(slash ? slash : "/");
    char *query = (q = strchr(path, '?')) ? qc_strdup(q + 1) : NULL;
    if (q)
        *strchr(path, '?') = '\0';
    qc_awsreq_init(r, method, host, path, query);
    free(host);
    free(path);
    free(query);
    *scheme = qc_strndup(url, (size_t)(sep - url));
    return 0;
}

void qc_awsreq_free(qc_awsreq *r)
{
    for (size_t i = 0; i < r->nheaders; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    free(r->headers);
    free(r->method);
    free(r->host);
    free(r->path);
    free(r->query);
    free(r->body);
    memset(r, 0, sizeof *r);
}

void qc_awsreq_add_header(qc_awsreq *r, const char *name, const char *value)
{
    r->headers = qc_grow(r->headers, &r->cap, r->nheaders + 1, sizeof *r->headers);
    r->headers[r->nheaders].name = qc_strdup(name);
    r->headers[r->nheaders].value = qc_strdup(value);
    r->nheaders++;
}

void qc_awsreq_del_header(qc_awsreq *r, const char *name)
{
    size_t w = 0;
    for (size_t i = 0; i < r->nheaders; i++) {
        if (!strcasecmp(r->headers[i].name, name)) {
            free(r->headers[i].name);
            free(r->headers[i].value);
            continue;
        }
        r->headers[w++] = r->headers[i];
    }
    r->nheaders = w;
}

void qc_awsreq_set_header(qc_awsreq *r, const char *name, const char *value)
{
    qc_awsreq_del_header(r, name);
    qc_awsreq_add_header(r, name, value);
}

const char *qc_awsreq_header(const qc_awsreq *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++)
        if (!strcasecmp(r->headers[i].name, name))
            return r->headers[i].value;
    return NULL;
}

void qc_awsreq_set_body(qc_awsreq *r, const char *body, size_t len)
{
    free(r->body);
    r->body = qc_malloc(len + 1);
    memcpy(r->body, body, len);
    r->body[len] = '\0';
    r->body_len = len;
}

static const char *S_eol(const char *p, const char *e)
{
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    return nl ? nl : e;
}

static int S_request_line(const char *name, const char *p, const char *e, qc_awsreq *r,
                          qc_err *err)
{
    const char *sp1 = memchr(p, ' ', (size_t)(e - p));
    const char *sp2 = sp1 ? e - 1 : NULL;
    /* The target runs to the last space (the suite has paths with spaces). */
    while (sp2 && sp2 > sp1 && *sp2 != ' ')
        sp2--;
    if (!sp1 || sp2 == sp1 || e - sp2 < 6 || memcmp(sp2, " HTTP/", 6) != 0)
        return qc_err_set(err, QC_EINPUT, "%s:1: expected \"METHOD /path HTTP/1.1\"", name);
    char *method = qc_strndup(p, (size_t)(sp1 - p));
    char *target = qc_strndup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
    char *q = strchr(target, '?');
    if (q)
        *q++ = '\0';
    qc_awsreq_init(r, method, "", target, q);
    free(method);
    free(target);
    return 0;
}

int qc_awsreq_parse(const char *name, const char *text, size_t len, qc_awsreq *r, qc_err *err)
{
    const char *p = text, *e = text + len;
    const char *le = S_eol(p, e);
    const char *lend = le > p && le[-1] == '\r' ? le - 1 : le;
    if (S_request_line(name, p, lend, r, err) < 0)
        return -1;
    int line = 1;
    qc_buf value;
    qc_buf_init(&value, 1 << 20);
    char *hname = NULL;
    for (p = le < e ? le + 1 : e; p < e; p = le < e ? le + 1 : e) {
        line++;
        le = S_eol(p, e);
        lend = le > p && le[-1] == '\r' ? le - 1 : le;
        if (lend == p)
            break; /* the blank line: the body follows */
        if ((*p == ' ' || *p == '\t') && hname) {
            qc_buf_addc(&value, ' '); /* a folded continuation line */
            qc_buf_add(&value, p, (size_t)(lend - p));
            continue;
        }
        if (hname) {
            qc_awsreq_add_header(r, hname, value.ptr ? value.ptr : "");
            free(hname);
            hname = NULL;
        }
        const char *colon = memchr(p, ':', (size_t)(lend - p));
        if (!colon || colon == p) {
            qc_buf_free(&value);
            qc_awsreq_free(r);
            return qc_err_set(err, QC_EINPUT, "%s:%d: expected \"Name:value\"", name, line);
        }
        hname = qc_strndup(p, (size_t)(colon - p));
        qc_buf_reset(&value);
        qc_buf_add(&value, colon + 1, (size_t)(lend - colon - 1));
    }
    if (hname) {
        qc_awsreq_add_header(r, hname, value.ptr ? value.ptr : "");
        free(hname);
    }
    qc_buf_free(&value);
    const char *body = le < e ? le + 1 : e;
    if (body < e)
        qc_awsreq_set_body(r, body, (size_t)(e - body));
    const char *host = qc_awsreq_header(r, "Host");
    free(r->host);
    r->host = qc_strdup(host ? host : "");
    return 0;
}
