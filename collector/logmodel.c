/* logmodel.c - the Bedrock operation and the model id a log record names,
 * and the text search the record readers share (logfields_int.h). */
#include "logfields.h"
#include "logfields_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/alloc.h"

static const char *const S_runtime_ops[] = {
    "InvokeModelWithBidirectionalStream", "InvokeModelWithResponseStream",
    "InvokeModel", "ConverseStream", "Converse", "ApplyGuardrail", "CountTokens",
    "StartAsyncInvoke", "GetAsyncInvoke", "ListAsyncInvokes",
};
#define S_NOPS (sizeof S_runtime_ops / sizeof *S_runtime_ops)

static const char *const S_providers[] = {
    "anthropic", "amazon", "meta", "mistral", "cohere", "ai21", "deepseek", "openai",
    "qwen", "stability", "writer", "twelvelabs", "luma", "google", "nvidia", "minimax",
    "moonshot", "moonshotai", "zai",
};

static const char *const S_geo_prefixes[] = {"us-gov", "global", "apac", "us", "eu", "ca",
                                             "jp", "au"};

#define NELEM(a) (sizeof(a) / sizeof *(a))

/* ---- text ---- */

const char *qc_lf_find(const char *s, size_t n, const char *needle)
{
    return memmem(s, n, needle, strlen(needle));
}

static unsigned char S_fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* ASCII case folding, as strncasecmp does in the C locale (the program
 * never sets another).  Candidates are found with memchr for each case of
 * the first letter: records are searched for some twenty phrases each. */
const char *qc_lf_find_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0 || k > n)
        return k == 0 && n ? memchr(s, '\0', n) : NULL;
    unsigned char lo = S_fold((unsigned char)needle[0]);
    unsigned char up = lo >= 'a' && lo <= 'z' ? (unsigned char)(lo - 32) : lo;
    const char *p = s, *end = s + (n - k + 1); /* a match starts before end */
    while (p < end) {
        const char *c = memchr(p, lo, (size_t)(end - p));
        if (up != lo) {
            const char *u = memchr(p, up, (size_t)((c ? c : end) - p));
            if (u)
                c = u;
        }
        if (!c)
            return NULL;
        size_t j = 1;
        while (j < k && S_fold((unsigned char)c[j]) == S_fold((unsigned char)needle[j]))
            j++;
        if (j == k)
            return c;
        p = c + 1;
    }
    return NULL;
}

int qc_lf_is_word(unsigned char c)
{
    return isalnum(c) || c == '_';
}

/* ---- operations and models ---- */

int qc_logfields_is_runtime_op(const char *name, size_t len)
{
    for (size_t i = 0; i < S_NOPS; i++)
        if (strlen(S_runtime_ops[i]) == len && !strncmp(S_runtime_ops[i], name, len))
            return 1;
    return 0;
}

/* Debug logs print the REST path: /model/<id>/converse-stream. */
static const char *S_op_in_path(const char *s, size_t n)
{
    static const struct { const char *seg, *op; } paths[] = {
        {"/invoke-with-response-stream", "InvokeModelWithResponseStream"},
        {"/invoke-with-bidirectional-stream", "InvokeModelWithBidirectionalStream"},
        {"/invoke", "InvokeModel"},
        {"/converse-stream", "ConverseStream"},
        {"/converse", "Converse"},
    };
    const char *e = s + n;
    for (const char *p = qc_lf_find(s, n, "/model/"); p; p = qc_lf_find(p + 1, (size_t)(e - p - 1), "/model/")) {
        const char *q = p + 7;
        while (q < e && *q != '/' && !isspace((unsigned char)*q))
            q++;
        for (size_t i = 0; i < NELEM(paths); i++) {
            size_t k = strlen(paths[i].seg);
            if ((size_t)(e - q) >= k && !memcmp(q, paths[i].seg, k) &&
                (q + k == e || (!isalnum((unsigned char)q[k]) && q[k] != '-')))
                return paths[i].op;
        }
    }
    return NULL;
}

const char *qc_lf_op_in_text(const char *s, size_t n)
{
    for (size_t i = 0; i < S_NOPS; i++) {
        const char *op = S_runtime_ops[i];
        size_t k = strlen(op);
        for (const char *p = qc_lf_find(s, n, op); p; p = qc_lf_find(p + 1, n - (size_t)(p + 1 - s), op)) {
            const char *after = p + k;
            if (p > s && isalpha((unsigned char)p[-1]))
                continue;
            if (after < s + n && islower((unsigned char)*after))
                continue;
            return op;
        }
        /* Java's client methods: .invokeModel( .converseStream( */
        char camel[64];
        snprintf(camel, sizeof camel, ".%c%s(", tolower((unsigned char)op[0]), op + 1);
        if (qc_lf_find(s, n, camel))
            return op;
    }
    return S_op_in_path(s, n);
}

static int S_model_char(unsigned char c)
{
    return isalnum(c) || c == '.' || c == '-' || c == ':' || c == '_' || c == '/' || c == '%';
}

/* Copies a model token, turning %3A back into ':' and dropping trailing
 * punctuation that belongs to the sentence around it. */
static char *S_model_token(const char *p, const char *e, int allow_slash)
{
    qc_buf b;
    qc_buf_init(&b, 2048);
    while (p < e && S_model_char((unsigned char)*p) && (allow_slash || *p != '/')) {
        if (*p == '%' && e - p >= 3 && p[1] == '3' && (p[2] == 'A' || p[2] == 'a')) {
            qc_buf_addc(&b, ':');
            p += 3;
            continue;
        }
        if (*p == '%')
            break;
        if (qc_buf_addc(&b, *p++) < 0)
            break;
    }
    while (b.len && strchr(".:-_/", b.ptr[b.len - 1]))
        b.ptr[--b.len] = '\0';
    if (b.len < 5) {
        qc_buf_free(&b);
        return NULL;
    }
    return qc_buf_take(&b);
}

static int S_provider_id(const char *t)
{
    const char *p = t;
    for (size_t g = 0; g < NELEM(S_geo_prefixes); g++) {
        size_t k = strlen(S_geo_prefixes[g]);
        if (!strncmp(p, S_geo_prefixes[g], k) && p[k] == '.') {
            p += k + 1;
            break;
        }
    }
    for (size_t i = 0; i < NELEM(S_providers); i++) {
        size_t k = strlen(S_providers[i]);
        if (!strncmp(p, S_providers[i], k) && p[k] == '.' && strchr(p + k + 1, '-'))
            return 1;
    }
    return 0;
}

int qc_lf_looks_like_model(const char *t)
{
    if (!strncmp(t, "arn:", 4))
        return strstr(t, ":bedrock:") != NULL;
    return S_provider_id(t);
}

static char *S_keyed_model(const char *s, size_t n)
{
    static const char *const keys[] = {"modelId", "model_id", "modelArn", "model_arn",
                                       "inferenceProfileId", "inferenceProfileArn",
                                       "inference_profile", "model"};
    const char *e = s + n;
    for (size_t k = 0; k < NELEM(keys); k++) {
        size_t kl = strlen(keys[k]);
        for (const char *p = qc_lf_find_ci(s, n, keys[k]); p;
             p = qc_lf_find_ci(p + 1, (size_t)(e - p - 1), keys[k])) {
            if ((p > s && qc_lf_is_word((unsigned char)p[-1])) ||
                (p + kl < e && qc_lf_is_word((unsigned char)p[kl])))
                continue;
            const char *q = p + kl;
            while (q < e && (*q == '"' || *q == '\''))
                q++;
            while (q < e && *q == ' ')
                q++;
            if (q >= e || (*q != ':' && *q != '='))
                continue;
            q++;
            while (q < e && (*q == ' ' || *q == '"' || *q == '\''))
                q++;
            char *t = S_model_token(q, e, 1);
            if (t && qc_lf_looks_like_model(t))
                return t;
            free(t);
        }
    }
    return NULL;
}

char *qc_logfields_find_model(const char *s, size_t n)
{
    const char *e = s + n;
    char *t = S_keyed_model(s, n);
    if (t)
        return t;
    for (const char *p = qc_lf_find(s, n, "/model/"); p; p = qc_lf_find(p + 1, (size_t)(e - p - 1), "/model/")) {
        t = S_model_token(p + 7, e, 0);
        if (t && qc_lf_looks_like_model(t))
            return t;
        free(t);
    }
    for (const char *p = qc_lf_find(s, n, "arn:aws"); p; p = qc_lf_find(p + 1, (size_t)(e - p - 1), "arn:aws")) {
        t = S_model_token(p, e, 1);
        if (t && qc_lf_looks_like_model(t))
            return t;
        free(t);
    }
    for (const char *p = s; p < e; p++) {
        if (!isalpha((unsigned char)*p) || (p > s && S_model_char((unsigned char)p[-1])))
            continue;
        t = S_model_token(p, e, 0);
        if (t && S_provider_id(t))
            return t;
        free(t);
    }
    return NULL;
}

