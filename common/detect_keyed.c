/* detect_keyed.c - values named by their key, and the syntax around them.
 *
 * A key is an identifier compared without case, '_' or '-'
 * ("X-Amz-Security-Token", "aws_session_token" and "sessionToken" alike).
 * Between key and value may stand the quotes of JSON, of Python's repr or
 * of JSON inside a JSON string ("\"password\": \"...\""), ':' or '=', and
 * spaces.  A quoted value ends at the same quote with the same number of
 * backslashes it opened with, so escaped JSON at any depth is read right;
 * an unquoted value ends at the first byte that cannot be in a token, so
 * "Authorization: ... ThrottlingException" keeps the exception.
 *
 * Prompts and completions are the strings of "content", "text", "prompt",
 * "inputText", "system", "completion", "outputText" and "generation": in a
 * list of messages each string is its own prompt. */
#include <string.h>

#include "common/detect.h"
#include "detect_int.h"

enum match { M_EXACT, M_SUFFIX };

#define K(s) s, sizeof s - 1

static const struct key {
    const char *norm; /* lower case, no '_' or '-' */
    size_t len;
    enum match how;
    int kind;
} S_keys[] = {
    /* exact names before the suffix rules that would also take them */
    {K("authorization"), M_EXACT, QC_SK_AUTHORIZATION},
    {K("proxyauthorization"), M_EXACT, QC_SK_AUTHORIZATION},
    {K("xamzsignature"), M_EXACT, QC_SK_AWS_SIGNATURE},
    {K("signature"), M_EXACT, QC_SK_AWS_SIGNATURE},
    {K("awsaccesskeyid"), M_EXACT, QC_SK_AWS_KEY_ID},
    {K("accesskeyid"), M_EXACT, QC_SK_AWS_KEY_ID},
    {K("content"), M_EXACT, QC_SK_PROMPT},
    {K("text"), M_EXACT, QC_SK_PROMPT},
    {K("prompt"), M_EXACT, QC_SK_PROMPT},
    {K("inputtext"), M_EXACT, QC_SK_PROMPT},
    {K("system"), M_EXACT, QC_SK_PROMPT},
    {K("completion"), M_EXACT, QC_SK_PROMPT},
    {K("outputtext"), M_EXACT, QC_SK_PROMPT},
    {K("generation"), M_EXACT, QC_SK_PROMPT},
    {K("nexttoken"), M_EXACT, -1},
    {K("maxtoken"), M_EXACT, -1},
    {K("pwd"), M_EXACT, QC_SK_PASSWORD},
    {K("sessiontoken"), M_SUFFIX, QC_SK_AWS_SESSION_TOKEN},
    {K("securitytoken"), M_SUFFIX, QC_SK_AWS_SESSION_TOKEN},
    {K("secretaccesskey"), M_SUFFIX, QC_SK_AWS_SECRET_KEY},
    {K("secretkey"), M_SUFFIX, QC_SK_AWS_SECRET_KEY},
    {K("password"), M_SUFFIX, QC_SK_PASSWORD},
    {K("passwd"), M_SUFFIX, QC_SK_PASSWORD},
    {K("privatekey"), M_SUFFIX, QC_SK_PRIVATE_KEY},
    {K("apikey"), M_SUFFIX, QC_SK_API_KEY},
    {K("secret"), M_SUFFIX, QC_SK_SECRET},
    {K("token"), M_SUFFIX, QC_SK_TOKEN},
};

static int S_key_kind(const char *norm, size_t len)
{
    for (size_t k = 0; k < sizeof S_keys / sizeof *S_keys; k++) {
        size_t kl = S_keys[k].len;
        if (kl > len || S_keys[k].norm[kl - 1] != norm[len - 1])
            continue; /* every rule compares the last letter: most words stop here */
        if (S_keys[k].how == M_EXACT ? (kl == len && !memcmp(norm, S_keys[k].norm, kl))
                                     : (kl <= len && !memcmp(norm + len - kl, S_keys[k].norm, kl)))
            return S_keys[k].kind;
    }
    return -1;
}

/* Backslashes then a quote at s[j]: the count (or -1) and the quote. */
static int S_quote_at(const char *s, size_t n, size_t j, size_t *after, char *q)
{
    size_t b = j;
    while (b < n && s[b] == '\\')
        b++;
    if (b < n && (s[b] == '"' || s[b] == '\'') && b - j <= 7) {
        *q = s[b];
        *after = b + 1;
        return (int)(b - j);
    }
    return -1;
}

/* Is s[j] quote q preceded by exactly k backslashes? */
static int S_closes(const char *s, size_t j, char q, int k, size_t floor)
{
    if (s[j] != q)
        return 0;
    int b = 0;
    while (j > floor + (size_t)b && s[j - 1 - (size_t)b] == '\\')
        b++;
    return b == k;
}

static size_t S_quoted_end(const char *s, size_t n, size_t v, char q, int k)
{
    size_t j = v;
    while (j < n && s[j] != '\n' && !S_closes(s, j, q, k, v))
        j++;
    return j < n && s[j] == q ? j - (size_t)k : j;
}

static int S_unquoted_char(const char *s, size_t n, size_t j)
{
    unsigned char c = (unsigned char)s[j];
    if (c == '\\')
        return j + 1 < n && s[j + 1] == '/';
    return c > ' ' && !strchr("\"',;&}])><", c);
}

static size_t S_unquoted_end(const char *s, size_t n, size_t v)
{
    size_t j = v;
    while (j < n && S_unquoted_char(s, n, j))
        j += s[j] == '\\' ? 2 : 1;
    return j;
}

/* An unquoted Authorization value: the scheme and what belongs to it, so
 * the text after the header on the same line stays. */
static size_t S_auth_end(const char *s, size_t n, size_t v)
{
    size_t e = S_unquoted_end(s, n, v);
    if (e - v >= 4 && !memcmp(s + v, "AWS4", 4)) {
        for (;;) {
            size_t j = e;
            while (j < n && (s[j] == ',' || s[j] == ' '))
                j++;
            size_t name = j;
            while (j < n && qc_dt_alpha(s[j]))
                j++;
            if (j == name || j >= n || s[j] != '=')
                return e;
            /* SignedHeaders=host;x-amz-date: ';' belongs to the value here. */
            e = j + 1;
            while (e < n && (S_unquoted_char(s, n, e) || s[e] == ';'))
                e += s[e] == '\\' ? 2 : 1;
        }
    }
    static const char *const schemes[] = {"Bearer", "Basic", "Token", "Digest", "Negotiate"};
    for (size_t k = 0; k < 5; k++) {
        size_t l = strlen(schemes[k]);
        if (e - v == l && !memcmp(s + v, schemes[k], l) && e < n && s[e] == ' ') {
            size_t j = e;
            while (j < n && s[j] == ' ')
                j++;
            return S_unquoted_end(s, n, j);
        }
    }
    return e;
}

static int S_empty_value(const char *v, size_t len)
{
    static const char *const none[] = {"null", "None", "nil", "true", "false", "True",
                                       "False", "undefined", "***", "REDACTED"};
    if (len == 0)
        return 1;
    for (size_t k = 0; k < sizeof none / sizeof *none; k++)
        if (strlen(none[k]) == len && !memcmp(v, none[k], len))
            return 1;
    return 0;
}

static int S_numeric(const char *v, size_t len)
{
    int digit = 0;
    for (size_t i = 0; i < len; i++) {
        if (qc_dt_digit(v[i]))
            digit = 1;
        else if (!v[i] || !strchr(".,+- ", v[i]))
            return 0;
    }
    return digit;
}

/* "text" is a prompt only in a content block: the first key of its object
 * (Converse's {"text": ...}) or after "type": "text" (Anthropic's); a
 * "text" elsewhere is any program's field, quotacase's own included. */
static int S_text_block(const char *s, size_t i)
{
    size_t j = i;
    while (j > 0 && strchr(" \t\r\n\"'\\", s[j - 1]) && s[j - 1])
        j--;
    if (j > 0 && s[j - 1] == '{')
        return 1;
    size_t from = i > 64 ? i - 64 : 0;
    const char *t = memmem(s + from, i - from, "type", 4);
    return t && memmem(t + 4, (size_t)(s + i - (t + 4)), "text", 4) != NULL;
}

/* The key at s[i] (an identifier), normalised; its end in *ke. */
static size_t S_key(const char *s, size_t n, size_t i, char *norm, size_t cap, size_t *ke)
{
    size_t j = i, len = 0;
    while (j < n && (qc_dt_alnum(s[j]) || s[j] == '_' || s[j] == '-')) {
        if (s[j] != '_' && s[j] != '-') {
            if (len + 1 >= cap)
                return 0;
            char c = s[j];
            norm[len++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }
        j++;
    }
    *ke = j;
    return len;
}

int qc_dt_keyed(const char *s, size_t n, size_t i, size_t *vs, size_t *ve, int *kind)
{
    char norm[64];
    size_t j;
    size_t len = S_key(s, n, i, norm, sizeof norm, &j);
    if (len < 3)
        return 0;
    norm[len] = '\0';
    int kd = S_key_kind(norm, len);
    if (kd < 0)
        return 0;
    /* The key's own closing quote tells the escape depth of what follows. */
    char q;
    size_t after;
    int k = S_quote_at(s, n, j, &after, &q);
    if (k >= 0)
        j = after;
    else
        k = 0;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    if (j >= n || (s[j] != ':' && s[j] != '='))
        return 0;
    if (kd == QC_SK_PROMPT && !strcmp(norm, "text") && !S_text_block(s, i))
        return 0;
    /* content="..." is an HTML attribute far more often than a prompt. */
    if (s[j] == '=' && kd == QC_SK_PROMPT && !strcmp(norm, "content"))
        return 0;
    j++;
    if (j < n && s[j] == '>')
        j++; /* Ruby's "=>" */
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    if (j + 1 < n && s[j] == 'b' && (s[j + 1] == '\'' || s[j + 1] == '"'))
        j++; /* Python bytes */
    size_t v = j, e;
    int vk = S_quote_at(s, n, j, &after, &q);
    if (vk >= 0) {
        v = after;
        e = S_quoted_end(s, n, v, q, vk);
    } else if (kd == QC_SK_PROMPT) {
        /* Only strings: a list of messages or content blocks is read for
         * the strings in it ("content", "text"), so each prompt keeps its
         * own placeholder and the structure around it stays. */
        return 0;
    } else {
        e = kd == QC_SK_AUTHORIZATION ? S_auth_end(s, n, v) : S_unquoted_end(s, n, v);
        /* "api_key=V: An error occurred": the colon is the sentence's. */
        while (e > v && s[e - 1] == ':')
            e--;
    }
    /* Already a placeholder (a second pass over redacted text): leave it.
     * A number is a count or a figure ("session_token": 0 in a table of
     * counts, "input_text": "12"), except where it may be a password. */
    if (S_empty_value(s + v, e - v) || qc_dt_placeholder(s, n, v) ||
        (kd != QC_SK_PASSWORD && S_numeric(s + v, e - v)))
        return 0;
    if (kd == QC_SK_AWS_SIGNATURE && !memcmp(norm, "signature", 9)) {
        /* "signature" is an ordinary word too: only a hex digest counts. */
        size_t h = v;
        while (h < e && qc_dt_hex(s[h]))
            h++;
        if (h != e || e - v < 16)
            return 0;
    }
    if (kd == QC_SK_PASSWORD || kd == QC_SK_SECRET || kd == QC_SK_API_KEY || kd == QC_SK_TOKEN) {
        int shape = qc_dt_shape_kind(s, e, v);
        if (shape >= 0)
            kd = shape;
    }
    *vs = v;
    *ve = e;
    *kind = kd;
    return 1;
}

size_t qc_dt_placeholder(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || s[j] == '-'))
        j++;
    if (j == i + 1 || s[j - 1] != '-')
        return 0;
    size_t d = j;
    while (j < n && qc_dt_digit(s[j]))
        j++;
    if (j == d || j >= n)
        return 0;
    if (s[j] == ']')
        return j + 1;
    if (s[j] != ':')
        return 0;
    for (size_t e = j; e < n && e < j + 64; e++) {
        if (s[e] == ']')
            return e + 1;
        if (s[e] == '\n' || s[e] == '[')
            return 0;
    }
    return 0;
}
