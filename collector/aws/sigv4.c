/* sigv4.c - SigV4 signing with OpenSSL HMAC-SHA256; see sigv4.h.
 * Reference: the AWS SigV4 specification ("Create a signed AWS API
 * request") and botocore's auth.py, which the tests check against. */
#include "sigv4.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/alloc.h"
#include "common/qtime.h"
#include "common/sha256.h"

/* Headers not signed: hop-by-hop ones, and ones libcurl or a proxy sets. */
static const char *const S_unsigned[] = {
    "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
    "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "user-agent",
    "x-amzn-trace-id", "content-length",
};

static int S_unreserved(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

static void S_pct(qc_buf *out, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char t[3] = {'%', hex[c >> 4], hex[c & 15]};
    qc_buf_add(out, t, 3);
}

static void S_encode(const char *s, size_t n, int keep_slash, qc_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (S_unreserved(c) || (keep_slash && c == '/'))
            qc_buf_addc(out, (char)c);
        else
            S_pct(out, c);
    }
}

static int S_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void S_decode(const char *s, size_t n, qc_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        int a, b;
        if (s[i] == '%' && i + 2 < n && (a = S_hexval(s[i + 1])) >= 0 &&
            (b = S_hexval(s[i + 2])) >= 0) {
            qc_buf_addc(out, (char)(a * 16 + b));
            i += 2;
        } else {
            qc_buf_addc(out, s[i]);
        }
    }
}

void qc_sigv4_canonical_uri(const char *path, qc_buf *out)
{
    /* RFC 3986 remove_dot_segments, and empty segments go too. */
    size_t n = strlen(path);
    if (n == 0) {
        qc_buf_addc(out, '/');
        return;
    }
    const char **segs = qc_calloc(n + 1, sizeof *segs);
    size_t *lens = qc_calloc(n + 1, sizeof *lens), k = 0;
    for (const char *p = path; p <= path + n;) {
        const char *slash = strchr(p, '/');
        size_t l = slash ? (size_t)(slash - p) : strlen(p);
        if (l == 2 && !strncmp(p, "..", 2)) {
            if (k)
                k--;
        } else if (l && !(l == 1 && *p == '.')) {
            segs[k] = p;
            lens[k++] = l;
        }
        if (!slash)
            break;
        p = slash + 1;
    }
    qc_buf norm;
    qc_buf_init(&norm, 0);
    if (path[0] == '/')
        qc_buf_addc(&norm, '/');
    for (size_t i = 0; i < k; i++) {
        if (i)
            qc_buf_addc(&norm, '/');
        qc_buf_add(&norm, segs[i], lens[i]);
    }
    if (path[n - 1] == '/' && k)
        qc_buf_addc(&norm, '/');
    /* Non-S3 services want the already-encoded path encoded again. */
    S_encode(norm.ptr ? norm.ptr : "", norm.len, 1, out);
    qc_buf_free(&norm);
    free(segs);
    free(lens);
}

typedef struct kv {
    char *k, *v;
} kv;

static int S_kv_cmp(const void *a, const void *b)
{
    const kv *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    return c ? c : strcmp(x->v, y->v);
}

void qc_sigv4_canonical_query(const char *query, qc_buf *out)
{
    if (!query || !*query)
        return;
    size_t n = 1;
    for (const char *p = query; *p; p++)
        n += *p == '&';
    kv *pairs = qc_calloc(n, sizeof *pairs);
    size_t k = 0;
    for (const char *p = query;;) {
        const char *amp = strchr(p, '&');
        size_t l = amp ? (size_t)(amp - p) : strlen(p);
        const char *eq = memchr(p, '=', l);
        size_t kl = eq ? (size_t)(eq - p) : l;
        if (l) {
            qc_buf raw, enc;
            qc_buf_init(&raw, 0);
            qc_buf_init(&enc, 0);
            S_decode(p, kl, &raw);
            S_encode(raw.ptr ? raw.ptr : "", raw.len, 0, &enc);
            pairs[k].k = qc_buf_take(&enc);
            qc_buf_reset(&raw);
            if (eq)
                S_decode(eq + 1, l - kl - 1, &raw);
            S_encode(raw.ptr ? raw.ptr : "", raw.len, 0, &enc);
            pairs[k++].v = qc_buf_take(&enc);
            qc_buf_free(&raw);
        }
        if (!amp)
            break;
        p = amp + 1;
    }
    qsort(pairs, k, sizeof *pairs, S_kv_cmp);
    for (size_t i = 0; i < k; i++) {
        qc_buf_printf(out, "%s%s=%s", i ? "&" : "", pairs[i].k, pairs[i].v);
        free(pairs[i].k);
        free(pairs[i].v);
    }
    free(pairs);
}

static int S_signed(const char *lname)
{
    for (size_t i = 0; i < sizeof S_unsigned / sizeof *S_unsigned; i++)
        if (!strcmp(lname, S_unsigned[i]))
            return 0;
    return 1;
}

/* Trimall: trim, and fold every run of white space into one space. */
static void S_trimall(const char *v, qc_buf *out)
{
    int space = 0;
    size_t start = out->len;
    for (; *v; v++) {
        if (isspace((unsigned char)*v)) {
            space = out->len > start;
            continue;
        }
        if (space)
            qc_buf_addc(out, ' ');
        space = 0;
        qc_buf_addc(out, *v);
    }
}

static int S_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Canonical headers block and the signed-headers list. */
static void S_headers(const qc_awsreq *req, qc_buf *block, qc_buf *names)
{
    char **ln = qc_calloc(req->nheaders + 1, sizeof *ln);
    size_t k = 0;
    for (size_t i = 0; i < req->nheaders; i++) {
        char *l = qc_strdup(req->headers[i].name);
        for (char *c = l; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        size_t j;
        for (j = 0; j < k && strcmp(ln[j], l); j++)
            ;
        if (j < k || !S_signed(l)) {
            free(l);
            continue;
        }
        ln[k++] = l;
    }
    qsort(ln, k, sizeof *ln, S_name_cmp);
    for (size_t j = 0; j < k; j++) {
        qc_buf_printf(block, "%s:", ln[j]);
        int first = 1;
        for (size_t i = 0; i < req->nheaders; i++) {
            if (strcasecmp(req->headers[i].name, ln[j]))
                continue;
            if (!first)
                qc_buf_addc(block, ',');
            S_trimall(req->headers[i].value, block);
            first = 0;
        }
        qc_buf_addc(block, '\n');
        qc_buf_printf(names, "%s%s", j ? ";" : "", ln[j]);
        free(ln[j]);
    }
    free(ln);
}

static void S_hmac(const unsigned char *key, size_t klen, const char *msg, unsigned char out[32])
{
    unsigned int n = 32;
    HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)msg, strlen(msg), out, &n);
}

void qc_sigv4_amz_date(long long ms, char out[17])
{
    char t[QC_TIME_STR_MAX];
    qc_time_format((int64_t)(ms - ms % 1000), t);
    /* 2015-08-30T12:36:00Z -> 20150830T123600Z */
    snprintf(out, 17, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", t, t + 5, t + 8, t + 11, t + 14, t + 17);
}

int qc_sigv4_sign(qc_awsreq *req, const qc_sigv4_key *key, const qc_sigv4_scope *scope,
                  qc_sigv4_parts *parts, qc_err *err)
{
    if (!key->access_key || !key->secret_key || !scope->amz_date ||
        strlen(scope->amz_date) != 16)
        return qc_err_set(err, QC_EUSAGE, "signing needs an access key, a secret key and a date");
    /* The date may point into the request's own X-Amz-Date, replaced below. */
    char date[17];
    memcpy(date, scope->amz_date, 17);
    if (!qc_awsreq_header(req, "Host"))
        qc_awsreq_set_header(req, "Host", req->host);
    qc_awsreq_del_header(req, "Authorization");
    qc_awsreq_set_header(req, "X-Amz-Date", date);
    if (key->session_token)
        qc_awsreq_set_header(req, "X-Amz-Security-Token", key->session_token);
    qc_buf cr, hdrs, names, sts;
    qc_buf_init(&cr, 0);
    qc_buf_init(&hdrs, 0);
    qc_buf_init(&names, 0);
    qc_buf_init(&sts, 0);
    char payload[QC_SHA256_HEX_LEN + 1], crhash[QC_SHA256_HEX_LEN + 1];
    qc_sha256_hex(req->body ? req->body : "", req->body_len, payload);
    S_headers(req, &hdrs, &names);
    qc_buf_printf(&cr, "%s\n", req->method);
    qc_sigv4_canonical_uri(req->path, &cr);
    qc_buf_addc(&cr, '\n');
    qc_sigv4_canonical_query(req->query, &cr);
    qc_buf_printf(&cr, "\n%s\n%s\n%s", hdrs.ptr ? hdrs.ptr : "", names.ptr ? names.ptr : "",
                  payload);
    qc_sha256_hex(cr.ptr, cr.len, crhash);
    char day[9];
    memcpy(day, date, 8);
    day[8] = '\0';
    qc_buf_printf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", date, day,
                  scope->region, scope->service, crhash);
    qc_buf k0;
    qc_buf_init(&k0, 0);
    qc_buf_printf(&k0, "AWS4%s", key->secret_key);
    unsigned char k1[32], k2[32], k3[32], k4[32], sig[32];
    S_hmac((const unsigned char *)k0.ptr, k0.len, day, k1);
    S_hmac(k1, 32, scope->region, k2);
    S_hmac(k2, 32, scope->service, k3);
    S_hmac(k3, 32, "aws4_request", k4);
    S_hmac(k4, 32, sts.ptr, sig);
    /* The derived key is as secret as the key itself. */
    OPENSSL_cleanse(k0.ptr, k0.len);
    OPENSSL_cleanse(k1, 32);
    OPENSSL_cleanse(k2, 32);
    OPENSSL_cleanse(k3, 32);
    OPENSSL_cleanse(k4, 32);
    qc_buf_free(&k0);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", sig[i]);
    qc_buf auth;
    qc_buf_init(&auth, 0);
    qc_buf_printf(&auth, "AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, SignedHeaders=%s, "
                         "Signature=%s", key->access_key, day, scope->region, scope->service,
                  names.ptr ? names.ptr : "", hex);
    qc_awsreq_set_header(req, "Authorization", auth.ptr);
    if (parts) {
        parts->canonical_request = qc_buf_take(&cr);
        parts->string_to_sign = qc_buf_take(&sts);
        parts->signature = qc_strdup(hex);
        parts->authorization = qc_buf_take(&auth);
    }
    qc_buf_free(&cr);
    qc_buf_free(&sts);
    qc_buf_free(&auth);
    qc_buf_free(&hdrs);
    qc_buf_free(&names);
    return 0;
}

void qc_sigv4_parts_free(qc_sigv4_parts *p)
{
    free(p->canonical_request);
    free(p->string_to_sign);
    free(p->signature);
    free(p->authorization);
    memset(p, 0, sizeof *p);
}
