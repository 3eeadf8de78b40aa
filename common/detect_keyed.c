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
    {K("preamble"), M_EXACT, QC_SK_PROMPT},
    {K("snippet"), M_EXACT, QC_SK_PROMPT},
    {K("citedtext"), M_EXACT, QC_SK_PROMPT},
    {K("reasoningcontent"), M_EXACT, QC_SK_PROMPT},
    {K("arguments"), M_EXACT, QC_SK_PROMPT},
    {K("texts"), M_EXACT, QC_SK_PROMPT},
    {K("message"), M_EXACT, QC_SK_PROMPT},
    {K("bytes"), M_EXACT, QC_SK_PROMPT},
    {K("data"), M_EXACT, QC_SK_PROMPT},
    {K("nexttoken"), M_EXACT, -1},
    {K("maxtoken"), M_EXACT, -1},
    {K("clientrequesttoken"), M_EXACT, -1},
    {K("secretkeybase"), M_EXACT, QC_SK_SECRET},
    {K("idempotencytoken"), M_EXACT, -1},
    {K("cookie"), M_EXACT, QC_SK_TOKEN},
    {K("setcookie"), M_EXACT, QC_SK_TOKEN},
    {K("pwd"), M_SUFFIX, QC_SK_PASSWORD},
    {K("dbpass"), M_SUFFIX, QC_SK_PASSWORD},
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

/* Does s[j], quote q, close a string opened at escape depth k (k
 * backslashes before its quote: 0, 1, 3, 7 ...)?  Inside it, a literal
 * backslash doubles at every depth, so the quote closes when the run of
 * backslashes before it, modulo 2k + 2, is k: "C:\\\\dir\\\\" closes at depth 0,
 * and \\\" (an escaped quote in an escaped string) does not at depth 1. */
static int S_closes(const char *s, size_t j, char q, int k, size_t floor)
{
    if (s[j] != q)
        return 0;
    int b = 0;
    while (j > floor + (size_t)b && s[j - 1 - (size_t)b] == '\\')
        b++;
    return b % (2 * k + 2) == k;
}

static size_t S_quoted_end(const char *s, size_t n, size_t v, char q, int k)
{
    size_t j = v;
    while (j < n && s[j] != '\n' && !S_closes(s, j, q, k, v))
        j++;
    return j < n && s[j] == q ? j - (size_t)k : j;
}

/* "\n", "\r", "\t" of a JSON or repr string: a separator, like the byte. */
static int S_escaped_space(const char *s, size_t n, size_t j)
{
    return s[j] == '\\' && j + 1 < n && (s[j + 1] == 'n' || s[j + 1] == 'r' || s[j + 1] == 't');
}

static int S_unquoted_char(const char *s, size_t n, size_t j)
{
    unsigned char c = (unsigned char)s[j];
    if (c == '\\')
        return j + 1 < n && s[j + 1] == '/';
    return c > ' ' && !strchr("\"',;&}])><|", c);
}

/* A separator that is one only when a new key follows it ("&user=",
 * ";Path=", ", next: "): a password may hold ';', '&' or ',' itself. */
static int S_next_key_at(const char *s, size_t n, size_t j)
{
    size_t k = j + 1;
    while (k < n && s[k] == ' ')
        k++;
    size_t id = k;
    while (k < n && (qc_dt_alnum(s[k]) || s[k] == '_' || s[k] == '-' || s[k] == '.'))
        k++;
    return k > id && k < n && (s[k] == '=' || s[k] == ':');
}

/* A header whose value runs to the end of the line ("Cookie: a=1; b=2"). */
static size_t S_line_value_end(const char *s, size_t n, size_t v)
{
    size_t j = v;
    while (j < n && s[j] != '\n' && s[j] != '\r' && s[j] != '"' && s[j] != '\'' &&
           !S_escaped_space(s, n, j))
        j++;
    while (j > v && s[j - 1] == ' ')
        j--;
    return j;
}

/* A password's unquoted value: to the next space, or to a separator that
 * starts the next key. */
static size_t S_password_end(const char *s, size_t n, size_t v)
{
    size_t j = v;
    while (j < n && (unsigned char)s[j] > ' ' && s[j] != '"' && s[j] != '\'' &&
           !(s[j] == '\\' && (j + 1 >= n || s[j + 1] != '/'))) {
        if (strchr(",;&|", s[j]) && S_next_key_at(s, n, j))
            break;
        if ((s[j] == '}' || s[j] == ')' || s[j] == ']') && (j + 1 >= n || s[j + 1] <= ' '))
            break;
        j += s[j] == '\\' ? 2 : 1;
    }
    return j > n ? n : j;
}

static size_t S_unquoted_end(const char *s, size_t n, size_t v)
{
    size_t j = v;
    while (j < n && S_unquoted_char(s, n, j))
        j += s[j] == '\\' ? 2 : 1;
    return j;
}

/* An unquoted Authorization value: the whole header value, so the scheme
 * never stands alone: "AWS4-HMAC-SHA256" and its three parameters, "AWS
 * AKIA...:sig" (SigV2), any "<Scheme> <token>" (Basic, Bearer, ApiKey,
 * SSWS ...), Java's "[Basic ...]"; the text after it on the line stays. */
static size_t S_auth_end(const char *s, size_t n, size_t v)
{
    if (v < n && s[v] == '[') {
        const char *c = memchr(s + v, ']', n - v);
        const char *nl = memchr(s + v, '\n', n - v);
        return c && (!nl || c < nl) ? (size_t)(c - s) : S_unquoted_end(s, n, v);
    }
    size_t e = S_unquoted_end(s, n, v);
    if (e - v >= 4 && !memcmp(s + v, "AWS4", 4)) {
        static const char *const params[] = {"Credential", "SignedHeaders", "Signature"};
        for (;;) {
            size_t j = e;
            while (j < n && (s[j] == ',' || s[j] == ' '))
                j++;
            size_t name = j;
            while (j < n && qc_dt_alpha(s[j]))
                j++;
            int known = 0;
            for (size_t k = 0; k < 3 && !known; k++)
                known = j - name == strlen(params[k]) && !memcmp(s + name, params[k], j - name);
            if (!known || j >= n || s[j] != '=')
                return e;
            /* SignedHeaders=host;x-amz-date: ';' belongs to the value here. */
            e = j + 1;
            while (e < n && (S_unquoted_char(s, n, e) || s[e] == ';'))
                e += s[e] == '\\' ? 2 : 1;
        }
    }
    /* A scheme word, then its credential after spaces or tabs. */
    size_t w = v;
    while (w < n && (qc_dt_alnum(s[w]) || s[w] == '-'))
        w++;
    if (w == e && w < n && (s[w] == ' ' || s[w] == '\t')) {
        size_t j = w;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        size_t t = j;
        while (t < n && (S_unquoted_char(s, n, t) || s[t] == ':'))
            t += s[t] == '\\' ? 2 : 1;
        if (t > j)
            return t;
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

/* What stands under a prompt's key but is no prompt: an identifier-like
 * word ("system": "bedrock-gateway", "content": "application/json"), or
 * the throttling error itself (a logger's "text" field). */
static int S_prompt_like(const char *v, size_t len)
{
    int space = 0, ident = 0;
    for (size_t i = 0; i < len && !space; i++) {
        space = v[i] == ' ' || v[i] == '\\';
        ident |= v[i] == '-' || v[i] == '/' || v[i] == '.' || v[i] == '_';
    }
    if (!space && ident && len <= 32)
        return 0;
    static const char *const needles[] = {"ThrottlingException", "Too many requests",
                                          "Too many tokens"};
    for (size_t k = 0; k < 3; k++)
        if (memmem(v, len, needles[k], strlen(needles[k])))
            return 0;
    return 1;
}

/* An image's or document's bytes, base64 ("source": {"bytes": ...}). */
static int S_base64_blob(const char *v, size_t len)
{
    if (len < 64)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!(qc_dt_alnum(v[i]) || v[i] == '+' || v[i] == '/' || v[i] == '=' || v[i] == '\\'))
            return 0;
    return 1;
}

/* Does `word` appear in the `reach` bytes before s[i]? */
static int S_after(const char *s, size_t i, const char *word, size_t reach)
{
    size_t from = i > reach ? i - reach : 0;
    return memmem(s + from, i - from, word, strlen(word)) != NULL;
}

/* End of a bracketed value: nesting counted outside strings, strings
 * opened and closed by quotes at escape depth k. */
static size_t S_balanced_end(const char *s, size_t n, size_t v, int k)
{
    int depth = 0;
    char inq = 0;
    for (size_t j = v; j < n; j++) {
        char c = s[j];
        if (inq) {
            if (S_closes(s, j, inq, k, v))
                inq = 0;
        } else if ((c == '"' || c == '\'') && S_closes(s, j, c, k, v)) {
            inq = c;
        } else if (c == '[' || c == '{') {
            depth++;
        } else if (c == ']' || c == '}') {
            if (--depth == 0)
                return j + 1;
        }
    }
    return n;
}

/* Steps back over quotes, backslashes and spaces from j. */
static size_t S_back_quotes(const char *s, size_t j)
{
    while (j > 0 && s[j - 1] && strchr(" \t\r\n\"'\\", s[j - 1]))
        j--;
    return j;
}

/* Does the word w end just before s[j]?  Sets *at to where it starts. */
static int S_back_word(const char *s, size_t j, const char *w, size_t *at)
{
    size_t l = strlen(w);
    if (j < l || strncmp(s + j - l, w, l) || (j > l && qc_dt_alnum(s[j - l - 1])))
        return 0;
    *at = j - l;
    return 1;
}

/* "text" is a prompt only in a content block: the first key of its object
 * (Converse's {"text": ...}) or right after "type": "text" (Anthropic's); a
 * "text" elsewhere is any program's field, quotacase's own included.
 * Only what stands right before the key counts, never how far back
 * something is: the text between may be a value redacted to another
 * length, and a second pass must read it as the first did. */
static int S_text_block(const char *s, size_t i)
{
    size_t j = S_back_quotes(s, i), at;
    if (j > 0 && s[j - 1] == '{')
        return 1;
    if (j == 0 || s[j - 1] != ',')
        return 0;
    j = S_back_quotes(s, j - 1);
    if (!S_back_word(s, j, "text", &at))
        return 0;
    j = S_back_quotes(s, at);
    while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t'))
        j--;
    if (j == 0 || (s[j - 1] != ':' && s[j - 1] != '='))
        return 0;
    j = S_back_quotes(s, j - 1);
    return S_back_word(s, j, "type", &at);
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

/* Is a separator (':', '=', "%3D") after the key ending at j, past its
 * closing quote and blanks?  The same reading qc_dt_keyed makes below,
 * done first: most words are followed by none, and need no more. */
static int S_separated(const char *s, size_t n, size_t j)
{
    char q;
    size_t after;
    if (S_quote_at(s, n, j, &after, &q) >= 0)
        j = after;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    if (j + 3 <= n && s[j] == '%' && s[j + 1] == '3' && (s[j + 2] == 'D' || s[j + 2] == 'd'))
        return 1;
    return j < n && (s[j] == ':' || s[j] == '=');
}

int qc_dt_keyed(const char *s, size_t n, size_t i, size_t *vs, size_t *ve, int *kind)
{
    char norm[64];
    size_t j = i;
    while (j < n && (qc_dt_alnum(s[j]) || s[j] == '_' || s[j] == '-'))
        j++;
    if (!S_separated(s, n, j))
        return 0;
    size_t len = S_key(s, n, i, norm, sizeof norm, &j);
    if (len < 3)
        return 0;
    norm[len] = '\0';
    int kd = S_key_kind(norm, len);
    if (kd < 0)
        return 0;
    /* "x-AKIA...-token=", "ip-10-0-3-17_token=": the name itself holds a
     * key id, a token or an address; that comes first. */
    for (size_t k = i; k < j; k++) {
        if (s[k] == 'A' && k + 20 <= j && qc_dt_shape_kind(s, j, k) == QC_SK_AWS_KEY_ID)
            return 0;
        size_t pe;
        int pk;
        if ((k == i || s[k - 1] == '-' || s[k - 1] == '_') &&
            (qc_dt_shape_kind(s, j, k) >= 0 || qc_dt_personal(s, j, k, &pe, &pk)))
            return 0;
    }
    /* The key's own closing quote tells the escape depth of what follows. */
    char q;
    size_t after;
    int k = S_quote_at(s, n, j, &after, &q), quoted_key = k >= 0;
    if (k >= 0)
        j = after;
    else
        k = 0;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    /* "X-Amz-Signature%3D..." in a URL encoded twice */
    int enc = j + 3 <= n && s[j] == '%' && s[j + 1] == '3' && (s[j + 2] == 'D' || s[j + 2] == 'd');
    if (enc)
        j += 2;
    if (j >= n || (s[j] != ':' && s[j] != '=' && !enc))
        return 0;
    if (kd == QC_SK_PROMPT && !strcmp(norm, "text") && !S_text_block(s, i))
        return 0;
    /* "message" is a logger's field (the throttling error's own, often):
     * a prompt only beside a "role" (Cohere's chat history). */
    if (kd == QC_SK_PROMPT && !strcmp(norm, "message") && !S_after(s, i, "role", 64))
        return 0;
    int blob = kd == QC_SK_PROMPT && (!strcmp(norm, "bytes") || !strcmp(norm, "data"));
    int prompt_key = kd == QC_SK_PROMPT;
    /* content="..." is an HTML attribute far more often than a prompt. */
    if (s[j] == '=' && kd == QC_SK_PROMPT && !strcmp(norm, "content"))
        return 0;
    j++;
    if (j < n && s[j] == '>')
        j++; /* Ruby's "=>" */
    while (j < n && (s[j] == ' ' || s[j] == '\t' || (S_escaped_space(s, n, j) && s[j + 1] == 't')))
        j += s[j] == '\\' ? 2 : 1;
    if (j + 1 < n && s[j] == 'b' && (s[j + 1] == '\'' || s[j + 1] == '"'))
        j++; /* Python bytes */
    size_t v = j, e;
    int vk = S_quote_at(s, n, j, &after, &q);
    if (vk >= 0) {
        v = after;
        e = S_quoted_end(s, n, v, q, vk);
    } else if (kd == QC_SK_PROMPT) {
        /* Strings, and lists of strings (Cohere's "texts"): a list of
         * messages or content blocks is read for the strings in it
         * ("content", "text"), so each prompt keeps its own placeholder. */
        size_t a = j + 1;
        while (a < n && (s[a] == ' ' || s[a] == '\\'))
            a++;
        if (j >= n || s[j] != '[' || a >= n || (s[a] != '"' && s[a] != '\''))
            return 0;
        e = S_balanced_end(s, n, j, k);
    } else {
        int cookie = !strcmp(norm, "cookie") || !strcmp(norm, "setcookie");
        e = kd == QC_SK_AUTHORIZATION ? S_auth_end(s, n, v)
            : kd == QC_SK_PASSWORD    ? S_password_end(s, n, v)
            : cookie                  ? S_line_value_end(s, n, v)
                                      : S_unquoted_end(s, n, v);
        /* "api_key=V: An error occurred": the colon is the sentence's. */
        while (e > v && s[e - 1] == ':')
            e--;
    }
    if (prompt_key && (blob ? !S_base64_blob(s + v, e - v) : !S_prompt_like(s + v, e - v)))
        return 0;
    /* Already a placeholder (a second pass over redacted text): leave it.
     * A number is a count or a figure ("session_token": 0 in a table of
     * counts, "input_text": "12"), except where it may be a password
     * (password=123456; but "password": 64 is a JSON number, a count). */
    if (S_empty_value(s + v, e - v) || qc_dt_placeholder(s, n, v) ||
        ((kd != QC_SK_PASSWORD || (quoted_key && vk < 0)) && S_numeric(s + v, e - v)))
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

/* Only what the redactor writes: a kind it knows and a number, and for a
 * prompt exactly ": N chars, sha256 xxxxxxxx".  Anything else in brackets
 * ("[req-42: key ...]") is ordinary text and is read like the rest. */
size_t qc_dt_placeholder(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || s[j] == '-'))
        j++;
    if (j - i < 3 || s[j - 1] != '-' || j - i - 2 >= 24)
        return 0;
    char kind[32];
    memcpy(kind, s + i + 1, j - i - 2);
    kind[j - i - 2] = '\0';
    int k = qc_secret_kind_from_name(kind);
    if (k < 0 || k == QC_SK_ENTROPY)
        return 0;
    size_t d = j;
    while (j < n && qc_dt_digit(s[j]))
        j++;
    if (j == d || j >= n)
        return 0;
    if (s[j] == ']' && k != QC_SK_PROMPT)
        return j + 1;
    if (k != QC_SK_PROMPT || j + 2 >= n || s[j] != ':' || s[j + 1] != ' ')
        return 0;
    j += 2;
    d = j;
    while (j < n && qc_dt_digit(s[j]))
        j++;
    if (j == d || n - j < 23 || memcmp(s + j, " chars, sha256 ", 15))
        return 0;
    j += 15;
    for (int h = 0; h < 8; h++, j++)
        if (!qc_dt_hex(s[j]) || (s[j] >= 'A' && s[j] <= 'F'))
            return 0;
    return s[j] == ']' ? j + 1 : 0;
}
