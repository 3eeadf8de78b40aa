/* redact.c - finds credentials, signatures and e-mail addresses in text.
 *
 * Two kinds of evidence: a key we know ("Authorization:", "aws_secret_access_key=",
 * "X-Amz-Security-Token", "SessionToken": in JSON) whose value is replaced
 * whatever it looks like, and tokens recognisable on their own shape (AKIA/ASIA
 * access key ids, 40-character secret keys, STS session tokens by their fixed
 * base64 prefix, e-mail addresses).  Erring towards redaction is the safe side:
 * a removed request id costs little, a leaked secret a lot. */
#include "redact.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const S_kind_names[QC_RED_NKINDS] = {
    "access_key_id", "secret_access_key", "session_token",
    "authorization", "signature",         "email",
};

const char *qc_redact_kind_name(int kind)
{
    return kind >= 0 && kind < QC_RED_NKINDS ? S_kind_names[kind] : "unknown";
}

struct keyword {
    const char *word;
    int kind;
};

/* Longer names first where one contains another. */
static const struct keyword S_keywords[] = {
    {"authorization", QC_RED_AUTHORIZATION},
    {"proxy-authorization", QC_RED_AUTHORIZATION},
    {"x-amz-security-token", QC_RED_SESSION_TOKEN},
    {"aws_session_token", QC_RED_SESSION_TOKEN},
    {"aws_security_token", QC_RED_SESSION_TOKEN},
    {"sessiontoken", QC_RED_SESSION_TOKEN},
    {"session_token", QC_RED_SESSION_TOKEN},
    {"x-amz-sso_bearer_token", QC_RED_SESSION_TOKEN},
    {"aws_secret_access_key", QC_RED_SECRET_KEY},
    {"secretaccesskey", QC_RED_SECRET_KEY},
    {"secret_access_key", QC_RED_SECRET_KEY},
    {"aws_access_key_id", QC_RED_ACCESS_KEY_ID},
    {"accesskeyid", QC_RED_ACCESS_KEY_ID},
    {"x-amz-signature", QC_RED_SIGNATURE},
    {"signature", QC_RED_SIGNATURE},
};

static int S_b64(unsigned char c)
{
    return isalnum(c) || c == '/' || c == '+' || c == '=';
}

static int S_local(unsigned char c)
{
    return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static int S_value_end_char(unsigned char c)
{
    return isspace(c) || c == '"' || c == '\'' || c == ',' || c == ';' || c == '&' ||
           c == '}' || c == ')' || c == ']' || c == '>';
}

/* At s[i] a known key followed by its separator?  Sets the value span. */
static int S_keyword_value(const char *s, size_t n, size_t i, size_t *vstart, size_t *vend,
                           int *kind)
{
    if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_' || s[i - 1] == '-'))
        return 0;
    unsigned char first = (unsigned char)tolower((unsigned char)s[i]);
    for (size_t k = 0; k < sizeof S_keywords / sizeof *S_keywords; k++) {
        if ((unsigned char)S_keywords[k].word[0] != first)
            continue;
        size_t wl = strlen(S_keywords[k].word);
        if (i + wl > n || strncasecmp(s + i, S_keywords[k].word, wl) != 0)
            continue;
        size_t j = i + wl;
        if (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
            continue;
        while (j < n && (s[j] == '"' || s[j] == '\''))
            j++;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j >= n || (s[j] != ':' && s[j] != '='))
            continue;
        j++;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j + 1 < n && s[j] == 'b' && (s[j + 1] == '\'' || s[j + 1] == '"'))
            j++;
        char quote = 0;
        if (j < n && (s[j] == '"' || s[j] == '\''))
            quote = s[j++];
        size_t e = j;
        int kd = S_keywords[k].kind;
        if (kd == QC_RED_AUTHORIZATION) {
            while (e < n && s[e] != '\n' && (quote ? s[e] != quote : 1))
                e++;
        } else {
            while (e < n && !(quote ? s[e] == quote : S_value_end_char((unsigned char)s[e])))
                e++;
        }
        if (kd == QC_RED_SIGNATURE) {
            /* "signature" is an ordinary word too: only hex digests count. */
            size_t h = j;
            while (h < e && isxdigit((unsigned char)s[h]))
                h++;
            if (h != e || e - j < 16)
                continue;
        }
        if (e == j)
            continue;
        *vstart = j;
        *vend = e;
        *kind = kd;
        return 1;
    }
    return 0;
}

static int S_email(const char *s, size_t n, size_t i, size_t *end)
{
    if (i > 0 && S_local((unsigned char)s[i - 1]))
        return 0;
    size_t j = i;
    while (j < n && S_local((unsigned char)s[j]))
        j++;
    if (j == i || j >= n || s[j] != '@')
        return 0;
    size_t d = ++j, dots = 0, label = 0;
    while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '.')) {
        if (s[j] == '.') {
            if (label == 0)
                break;
            dots++;
            label = 0;
        } else {
            label++;
        }
        j++;
    }
    if (j > d && s[j - 1] == '.') {
        j--;
        dots--;
    }
    if (dots == 0 || label < 2)
        return 0;
    *end = j;
    return 1;
}

static int S_shape_token(const char *s, size_t n, size_t i, size_t *end, int *kind)
{
    /* '=' only pads the end of base64, so before a token it is a separator. */
    if (i > 0 && S_b64((unsigned char)s[i - 1]) && s[i - 1] != '=')
        return 0;
    size_t j = i;
    while (j < n && S_b64((unsigned char)s[j]))
        j++;
    size_t len = j - i;
    size_t alnum = 0;
    while (alnum < len && isalnum((unsigned char)s[i + alnum]))
        alnum++;
    if (alnum == 20 && (!strncmp(s + i, "AKIA", 4) || !strncmp(s + i, "ASIA", 4))) {
        size_t k;
        for (k = 4; k < 20; k++)
            if (!isupper((unsigned char)s[i + k]) && !isdigit((unsigned char)s[i + k]))
                break;
        if (k == 20) {
            *end = i + 20;
            *kind = QC_RED_ACCESS_KEY_ID;
            return 1;
        }
    }
    if (len >= 100 && (!strncmp(s + i, "IQoJb3JpZ2luX2Vj", 16) ||
                       !strncmp(s + i, "FwoGZXIvYXdzE", 13) || !strncmp(s + i, "FQoGZXIvYXdz", 12))) {
        *end = j;
        *kind = QC_RED_SESSION_TOKEN;
        return 1;
    }
    size_t core = len;
    while (core > 0 && s[i + core - 1] == '=')
        core--;
    if (core == 40) {
        int up = 0, lo = 0, dg = 0;
        for (size_t k = 0; k < 40; k++) {
            unsigned char c = (unsigned char)s[i + k];
            up |= isupper(c) != 0;
            lo |= islower(c) != 0;
            dg |= isdigit(c) != 0;
            if (c == '=')
                return 0;
        }
        if (up && lo && dg) {
            *end = j;
            *kind = QC_RED_SECRET_KEY;
            return 1;
        }
    }
    return 0;
}

int qc_redact(const char *s, size_t n, qc_buf *out, qc_redact_counts *counts)
{
    size_t i = 0, run = 0;
    while (i < n) {
        size_t vs = 0, ve = 0, end = 0;
        int kind = -1, hit = 0;
        unsigned char c = (unsigned char)s[i];
        if (isalpha(c) || c == '_') {
            if (S_keyword_value(s, n, i, &vs, &ve, &kind))
                hit = 1;
        }
        if (!hit && S_local(c) && S_email(s, n, i, &end)) {
            vs = i;
            ve = end;
            kind = QC_RED_EMAIL;
            hit = 1;
        }
        if (!hit && isalnum(c) && S_shape_token(s, n, i, &end, &kind)) {
            vs = i;
            ve = end;
            hit = 1;
        }
        if (!hit) {
            i++;
            run++;
            continue;
        }
        if (qc_buf_add(out, s + i - run, run + (vs - i)) < 0 ||
            qc_buf_printf(out, "[REDACTED:%s]", S_kind_names[kind]) < 0)
            return -1;
        if (counts)
            counts->n[kind]++;
        run = 0;
        i = ve;
    }
    return qc_buf_add(out, s + n - run, run);
}
