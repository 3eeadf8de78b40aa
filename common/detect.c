/* detect.c - the detectors; see detect.h.
 *
 * One forward pass: at each position the byte decides which detectors can
 * start there, and the first (leftmost) match wins.  Keyed values come
 * first because the key says what the value is whatever it looks like;
 * shapes catch the same secrets where no key names them.  The rules lean
 * towards redaction: a version number taken for an address costs little,
 * a leaked key a lot.  Value syntax (quotes, escaping) is in detect_value.c. */
#include "detect.h"

#include <string.h>
#include <strings.h>

#include "detect_int.h"

static const char *const S_names[QC_SK_NKINDS] = {
    "aws-key-id",     "aws-secret-key", "aws-session-token", "authorization",
    "aws-signature",  "bearer-token",   "jwt",               "bedrock-api-key",
    "anthropic-key",  "openai-key",     "github-token",      "slack-token",
    "google-api-key", "private-key",    "password",          "secret",
    "api-key",        "token",          "email",             "phone",
    "ip",             "prompt",         "word",              "high-entropy",
};

const char *qc_secret_kind_name(int kind)
{
    return kind >= 0 && kind < QC_SK_NKINDS ? S_names[kind] : "unknown";
}

int qc_secret_kind_from_name(const char *name)
{
    for (int k = 0; k < QC_SK_NKINDS; k++)
        if (!strcmp(S_names[k], name))
            return k;
    return -1;
}

/* ---- shapes ---- */

static const char *const S_keyid_prefix[] = {"AKIA", "ASIA", "AIDA", "AROA", "AGPA", "ANPA",
                                             "ANVA", "APKA", "AIPA", "ABIA", "ACCA"};

/* An access key id: no left boundary, so it is found after '/', '+', a
 * letter or inside a path. */
static int S_key_id(const char *s, size_t n, size_t i, size_t *end)
{
    if (i + 20 > n)
        return 0;
    int ok = 0;
    for (size_t k = 0; k < sizeof S_keyid_prefix / sizeof *S_keyid_prefix && !ok; k++)
        ok = !memcmp(s + i, S_keyid_prefix[k], 4);
    if (!ok && !(s[i] == 'A' && s[i + 1] == '3' && s[i + 2] == 'T'))
        return 0;
    for (size_t k = 4; k < 20; k++)
        if (!qc_dt_upper_digit(s[i + k]))
            return 0;
    if (i + 20 < n && qc_dt_upper_digit(s[i + 20]))
        return 0;
    *end = i + 20;
    return 1;
}

/* A run of characters of a token, where JSON's "\/" and URL escapes
 * ("%2F") count as one character of it. */
size_t qc_dt_token_run(const char *s, size_t n, size_t i, const char *extra)
{
    size_t j = i;
    while (j < n) {
        unsigned char c = (unsigned char)s[j];
        if (qc_dt_alnum(c) || (c && strchr(extra, c)))
            j++;
        else if (c == '\\') {
            /* "\/" of JSON, "\\\/" of JSON inside a JSON string */
            size_t b = j;
            while (b < n && s[b] == '\\')
                b++;
            if (b >= n || s[b] != '/')
                break;
            j = b + 1;
        }
        else if (c == '%' && j + 2 < n && qc_dt_hex(s[j + 1]) && qc_dt_hex(s[j + 2]))
            j += 3;
        else
            break;
    }
    return j;
}

static int S_prefixed(const char *s, size_t n, size_t i, const char *pfx, size_t pl,
                      size_t min, const char *extra, size_t *end)
{
    if (i + pl + min > n || memcmp(s + i, pfx, pl))
        return 0;
    size_t j = qc_dt_token_run(s, n, i + pl, extra);
    if (j - (i + pl) < min)
        return 0;
    *end = j;
    return 1;
}

static int S_jwt(const char *s, size_t n, size_t i, size_t *end)
{
    if (i + 3 > n || memcmp(s + i, "eyJ", 3))
        return 0;
    size_t a = qc_dt_token_run(s, n, i, "_-");
    if (a - i < 10 || a >= n || s[a] != '.')
        return 0;
    size_t b = qc_dt_token_run(s, n, a + 1, "_-");
    if (b - a - 1 < 10)
        return 0;
    size_t c = b;
    if (b < n && s[b] == '.')
        c = qc_dt_token_run(s, n, b + 1, "_-");
    *end = c;
    return 1;
}

/* A 40-character secret access key: base64 without padding, mixing cases
 * and digits, alone in its run (values may begin with '/' or '+'). */
static int S_secret40(const char *s, size_t n, size_t i, size_t *end)
{
    if (i > 0 && (qc_dt_alnum(s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '+'))
        return 0;
    size_t j = i;
    int up = 0, lo = 0, dg = 0;
    while (j < n && j - i <= 40 &&
           (qc_dt_alnum(s[j]) || s[j] == '/' || s[j] == '+')) {
        unsigned char c = (unsigned char)s[j];
        up |= c >= 'A' && c <= 'Z';
        lo |= c >= 'a' && c <= 'z';
        dg |= c >= '0' && c <= '9';
        j++;
    }
    if (j - i != 40 || !(up && lo && dg) || (j < n && s[j] == '='))
        return 0;
    *end = j;
    return 1;
}

static int S_session_token(const char *s, size_t n, size_t i, size_t *end)
{
    static const char *const pfx[] = {"IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE", "FQoGZXIvYXdz"};
    static const size_t len[] = {16, 13, 12};
    for (size_t k = 0; k < 3; k++) {
        size_t pl = len[k];
        if (i + pl <= n && !memcmp(s + i, pfx[k], pl)) {
            size_t j = qc_dt_token_run(s, n, i, "/+=");
            if (j - i >= 100) {
                *end = j;
                return 1;
            }
        }
    }
    return 0;
}

/* Tokens known by their prefix.  Longer prefixes before the shorter ones
 * they begin with ("sk-ant-" before "sk-"). */
static int S_vendor(const char *s, size_t n, size_t i, size_t *end, int *kind)
{
#define P(s) s, sizeof s - 1
    static const struct {
        const char *pfx;
        size_t len;
        size_t min;
        const char *extra;
        int kind;
    } T[] = {
        {P("sk-ant-"), 20, "_-", QC_SK_ANTHROPIC_KEY},
        {P("sk-proj-"), 20, "_-", QC_SK_OPENAI_KEY},
        {P("sk-svcacct-"), 20, "_-", QC_SK_OPENAI_KEY},
        {P("sk-"), 20, "_-", QC_SK_OPENAI_KEY},
        {P("ghp_"), 30, "", QC_SK_GITHUB_TOKEN},
        {P("gho_"), 30, "", QC_SK_GITHUB_TOKEN},
        {P("ghu_"), 30, "", QC_SK_GITHUB_TOKEN},
        {P("ghs_"), 30, "", QC_SK_GITHUB_TOKEN},
        {P("ghr_"), 30, "", QC_SK_GITHUB_TOKEN},
        {P("github_pat_"), 20, "_", QC_SK_GITHUB_TOKEN},
        {P("xoxb-"), 10, "-", QC_SK_SLACK_TOKEN},
        {P("xoxp-"), 10, "-", QC_SK_SLACK_TOKEN},
        {P("xoxa-"), 10, "-", QC_SK_SLACK_TOKEN},
        {P("xoxo-"), 10, "-", QC_SK_SLACK_TOKEN},
        {P("xoxs-"), 10, "-", QC_SK_SLACK_TOKEN},
        {P("xoxr-"), 10, "-", QC_SK_SLACK_TOKEN},
        {P("xapp-"), 10, "-", QC_SK_SLACK_TOKEN},
        {P("AIza"), 30, "_-", QC_SK_GOOGLE_KEY},
        {P("glpat-"), 20, "_-", QC_SK_API_KEY},
        {P("hf_"), 30, "", QC_SK_API_KEY},
        {P("sk_live_"), 20, "", QC_SK_API_KEY},
        {P("rk_live_"), 20, "", QC_SK_API_KEY},
        {P("hooks.slack.com/services/"), 20, "/", QC_SK_SLACK_TOKEN},
        {P("ABSK"), 20, "/+=", QC_SK_BEDROCK_KEY},
        {P("bedrock-api-key-"), 20, "/+=", QC_SK_BEDROCK_KEY},
    };
    /* The first bytes of the prefixes above, of a JWT and of the STS
     * tokens: any other byte starts none of them (most words stop here). */
    switch (s[i]) {
    case 's': case 'g': case 'x': case 'A': case 'r': case 'h': case 'b': case 'e': case 'I':
    case 'F':
        break;
    default:
        return 0;
    }
    for (size_t k = 0; k < sizeof T / sizeof *T; k++)
        if (s[i] == T[k].pfx[0] &&
            S_prefixed(s, n, i, T[k].pfx, T[k].len, T[k].min, T[k].extra, end)) {
            *kind = T[k].kind;
            return 1;
        }
    if (S_jwt(s, n, i, end)) {
        *kind = QC_SK_JWT;
        return 1;
    }
    if (S_session_token(s, n, i, end)) {
        *kind = QC_SK_AWS_SESSION_TOKEN;
        return 1;
    }
    return 0;
}

/* "Bearer <token>" anywhere: the span is the token. */
static int S_bearer(const char *s, size_t n, size_t i, size_t *vs, size_t *end)
{
    if (i + 7 > n || strncasecmp(s + i, "bearer", 6) || (s[i + 6] != ' ' && s[i + 6] != '\t'))
        return 0;
    size_t j = i + 6;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    size_t e = qc_dt_token_run(s, n, j, "._~+/=-");
    if (e - j < 16)
        return 0;
    *vs = j;
    *end = e;
    return 1;
}

/* A PEM private key, across lines (or "\n" escapes) to its END marker, or
 * to the end of the text when the record was cut before it. */
static int S_pem(const char *s, size_t n, size_t i, size_t *end)
{
    if (i + 11 > n || memcmp(s + i, "-----BEGIN ", 11))
        return 0;
    const char *eol = memchr(s + i, '\n', n - i);
    size_t lim = eol ? (size_t)(eol - s) : n;
    if (lim - i > 80)
        lim = i + 80;
    if (!memmem(s + i, lim - i, "PRIVATE KEY-----", 16))
        return 0;
    const char *e = memmem(s + i + 11, n - i - 11, "-----END ", 9);
    if (!e) {
        *end = n;
        return 1;
    }
    const char *close = memmem(e + 9, (size_t)(s + n - (e + 9)), "-----", 5);
    *end = close ? (size_t)(close - s) + 5 : n;
    return 1;
}

/* The password of "scheme://user:password@host", also with JSON's "\/". */
static int S_userinfo(const char *s, size_t n, size_t i, size_t *vs, size_t *end)
{
    size_t j = i + 1, slashes = 0;
    while (j < n && slashes < 2) {
        size_t b = j;
        while (b < n && s[b] == '\\')
            b++; /* "\/" of JSON, "\\\/" of JSON in a JSON string */
        if (b >= n || s[b] != '/')
            break;
        j = b + 1;
        slashes++;
    }
    if (s[i] != ':' || slashes != 2)
        return 0;
    size_t colon = 0, from = j;
    for (; j < n && j < from + 256; j++) {
        unsigned char c = (unsigned char)s[j];
        if (c == '@') {
            if (!colon || j == colon + 1)
                return 0;
            *vs = colon + 1;
            *end = j;
            return 1;
        }
        if (c == ':' && !colon)
            colon = j;
        if (c == '/' || c == '?' || c == '#' || c <= ' ' || c == '"' || c == '\'' || c == '\\')
            return 0;
    }
    return 0;
}

/* ---- the pass ---- */

/* After a word byte: does "%XX" or a "\n" escape end just before s[i]? */
static inline int S_escape_before(const char *s, size_t i)
{
    if (i >= 3 && s[i - 3] == '%' && qc_dt_hex(s[i - 2]) && qc_dt_hex(s[i - 1]))
        return 1; /* after "%26" ('&') of a URL encoded twice */
    return i >= 2 && s[i - 2] == '\\' && (s[i - 1] == 'n' || s[i - 1] == 'r' || s[i - 1] == 't') &&
           (i < 3 || s[i - 3] != '\\');
}

/* A word starts after a non-word byte, or after the "\n", "\r" or "\t" of
 * a JSON or repr string ("...\r\nAuthorization: ..." in a "log" field). */
static int S_word_start(const char *s, size_t i)
{
    if (i == 0 || !(qc_dt_alnum(s[i - 1]) || s[i - 1] == '_'))
        return 1;
    return S_escape_before(s, i);
}

/* Does a placeholder end just before s[i]? */
static int S_placeholder_before(const char *s, size_t i)
{
    size_t from = i > 64 ? i - 64 : 0;
    const char *open = memrchr(s + from, '[', i - from);
    return open && qc_dt_placeholder(s, i, (size_t)(open - s)) == i;
}

/* Detectors that start at s[i]; sets *sp and returns 1 on a match. */
/* glued: s[i] follows a replaced span (a placeholder, or in the first pass
 * the secret just taken out): a word starts here, and shapes that need a
 * boundary on their left do not. */
/* What the pass knows of the rest of the text: whether an e-mail address
 * (an '@' or "%40") or an IPv6 address (a ':') can still start. */
typedef struct hints {
    int may_email, may_v6;
} hints;

static __attribute__((noinline)) int S_at(const char *s, size_t n, size_t i, int glued,
                                          const hints *h, qc_span *sp)
{
    unsigned char c = (unsigned char)s[i];
    size_t vs = i, e = 0;
    int kind = -1, tried40 = 0;
    int ph_before = i > 0 && s[i - 1] == ']' && S_placeholder_before(s, i);
    if (c == '-' && S_pem(s, n, i, &e))
        kind = QC_SK_PRIVATE_KEY;
    else if (c == ':' && S_userinfo(s, n, i, &vs, &e))
        kind = QC_SK_PASSWORD;
    else if (qc_dt_alpha(c) || c == '_') {
        /* A token of a known shape first: it may stand where a key would
         * ("sk-ant-..._key: x" must not keep the token as the key's name). */
        int wsi = S_word_start(s, i);
        int ws = glued || wsi;
        int after_ph = glued || ph_before;
        if (ws && S_vendor(s, n, i, &e, &kind))
            ;
        /* A secret key's shape before a key's name too: read as the name
         * ("<40 chars>_secret=x") it stayed, and once x was a placeholder
         * the next pass took it for a key (redacting twice changed it). */
        else if (!after_ph && wsi && (tried40 = 1) && S_secret40(s, n, i, &e))
            kind = QC_SK_AWS_SECRET_KEY;
        else if (ws && qc_dt_keyed(s, n, i, &vs, &e, &kind))
            ;
        else if (ws && (c == 'B' || c == 'b') && S_bearer(s, n, i, &vs, &e))
            kind = QC_SK_BEARER;
        else if (c == 'A' && S_key_id(s, n, i, &e))
            kind = QC_SK_AWS_KEY_ID;
    }
    /* Right after a placeholder, a shape that needs a boundary on its left
     * had none in the text the placeholder replaced: so read it again the
     * way the first pass did, and redacting twice changes nothing. */
    glued = glued || ph_before;
    /* (tried40: the same call already said no) */
    if (kind < 0 && !glued && !tried40 && (qc_dt_alnum(c) || c == '/' || c == '+') &&
        S_secret40(s, n, i, &e))
        kind = QC_SK_AWS_SECRET_KEY;
    if (kind < 0 && !glued &&
        qc_dt_personal_hinted(s, n, i, h->may_email, h->may_v6, &e, &kind))
        vs = i;
    /* A value that is already a placeholder (redacted text read again). */
    if (kind < 0 || (s[vs] == '[' && qc_dt_placeholder(s, n, vs)))
        return 0;
    sp->start = vs;
    sp->end = e;
    sp->kind = kind;
    return 1;
}

/* Offset of the first of bytes a or b in s[i..n), or n. */
static size_t S_first_of(const char *s, size_t n, size_t i, char a, char b)
{
    const char *p = memchr(s + i, a, n - i), *q = memchr(s + i, b, n - i);
    if (!p || (q && q < p))
        p = q;
    return p ? (size_t)(p - s) : n;
}

static int S_next(const char *s, size_t n, size_t from, int after, qc_span *sp)
{
    /* Where the next '@' or '%', and the next ':', are: computed again only
     * once the pass is past them. */
    size_t at = 0, colon = 0;
    int known = 0;
    hints h;
    for (size_t i = from; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '[') {
            size_t e = qc_dt_placeholder(s, n, i);
            if (e) {
                i = e - 1;
                continue;
            }
        }
        if (c < '+' && c != '(')
            continue; /* space, quotes, punctuation: nothing starts here */
        /* Inside a word only a key id can start (it needs no boundary):
         * every other detector wants one on its left, so most bytes of a
         * text stop here. */
        int glued = after && i == from;
        if (!glued && i > 0 && qc_dt_alnum(c) && c != 'A' &&
            (qc_dt_alnum(s[i - 1]) || s[i - 1] == '_') && !S_escape_before(s, i))
            continue;
        if (!known || (at < n && i > at))
            at = S_first_of(s, n, i, '@', '%');
        if (!known || (colon < n && i > colon))
            colon = S_first_of(s, n, i, ':', ':');
        known = 1;
        h.may_email = at < n;
        /* An IPv6 address has a ':' within its first five bytes. */
        h.may_v6 = colon < n && colon <= i + 4;
        if (S_at(s, n, i, glued, &h, sp))
            return 1;
    }
    return 0;
}

int qc_detect_next(const char *s, size_t n, size_t from, qc_span *sp)
{
    return S_next(s, n, from, 0, sp);
}

int qc_detect_after(const char *s, size_t n, size_t from, qc_span *sp)
{
    return S_next(s, n, from, 1, sp);
}

/* Base64 and base64url together (never NUL: strchr would take it). */
static int S_b64url(char c)
{
    return qc_dt_alnum(c) || c == '+' || c == '/' || c == '_' || c == '-';
}

/* Random by design and no secret: ids with a vendor's prefix
 * ("toolu_bdrk_01...", "msg_bdrk_01..."), and any value of a key named
 * "...Id" (extendedRequestId, cfId, requestId). */
static int S_named_id(const char *s, size_t i)
{
    static const char *const pfx[] = {"msg_", "toolu_", "srvtoolu_", "req_", "chatcmpl-",
                                      "resp_", "call_", "run_", "file_", "batch_"};
    for (size_t k = 0; k < sizeof pfx / sizeof *pfx; k++)
        if (!strncmp(s + i, pfx[k], strlen(pfx[k])))
            return 1;
    size_t j = i, sep = 0;
    while (j > 0 && j + 16 > i && strchr(" \t\"'\\:=", s[j - 1]) && s[j - 1]) {
        sep |= s[j - 1] == ':' || s[j - 1] == '=';
        j--;
    }
    if (!sep || j < 2)
        return 0;
    char a = s[j - 1], b = s[j - 2];
    return (a == 'd' || a == 'D') && (b == 'i' || b == 'I');
}

/* How a token that might be a key looks when it is not: all one case, or
 * no digits, or repeating few characters. */
int qc_detect_entropy(const char *s, size_t n, size_t from, qc_span *sp)
{
    for (size_t i = from; i < n; i++) {
        if (s[i] == '[') {
            size_t e = qc_dt_placeholder(s, n, i);
            if (e) {
                i = e - 1;
                continue;
            }
        }
        if (!S_b64url(s[i]))
            continue;
        if (i > 0 && (S_b64url(s[i - 1]) || s[i - 1] == '='))
            continue;
        size_t j = i;
        while (j < n && S_b64url(s[j]))
            j++;
        size_t e = j;
        while (e < n && s[e] == '=')
            e++;
        if (j - i >= 32 && qc_dt_random(s + i, j - i) && !S_named_id(s, i)) {
            sp->start = i;
            sp->end = e;
            sp->kind = QC_SK_ENTROPY;
            return 1;
        }
        i = j;
    }
    return 0;
}

int qc_dt_shape_kind(const char *s, size_t n, size_t i)
{
    size_t e;
    int kind;
    if (S_vendor(s, n, i, &e, &kind))
        return kind;
    if (S_key_id(s, n, i, &e))
        return QC_SK_AWS_KEY_ID;
    return -1;
}
