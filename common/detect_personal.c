/* detect_personal.c - personal data by shape: e-mail, phone, IP address.
 *
 * Evidence is full of numbers (times, counts, dates, versions), so the
 * number shapes are narrow: a phone number needs a leading '+', brackets
 * around its area code, or the 3-3-4 grouping; an IPv4 address four parts
 * of at most 255; an IPv6 address at least three groups with a hex letter
 * or a "::" somewhere.  Loopback and the unspecified address are no one's. */
#include <math.h>
#include <string.h>

#include "common/detect.h"
#include "detect_int.h"

/* Local parts and domains may hold UTF-8 letters (josé@exämple.de). */
static int S_local(int c)
{
    return qc_dt_alnum(c) || c >= 0x80 || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static int S_email(const char *s, size_t n, size_t i, size_t *end)
{
    if (i > 0 && S_local((unsigned char)s[i - 1]))
        return 0;
    size_t j = i;
    /* "%40" is '@' in a URL: ?to=ops.lead%40example.org */
    while (j < n && S_local((unsigned char)s[j]) &&
           !(s[j] == '%' && j + 2 < n && s[j + 1] == '4' && s[j + 2] == '0'))
        j++;
    size_t at = j < n && s[j] == '@' ? 1 : j + 2 < n && s[j] == '%' ? 3 : 0;
    if (j == i || !at)
        return 0;
    j += at;
    size_t d = j, dots = 0, label = 0;
    while (j < n && (qc_dt_alnum(s[j]) || (unsigned char)s[j] >= 0x80 || s[j] == '-' || s[j] == '.')) {
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
    size_t run_end = j; /* where the domain's characters stop */
    if (j > d && s[j - 1] == '.') {
        j--; /* the sentence's full stop */
        dots--;
        for (label = 0; j - label > d && s[j - label - 1] != '.'; label++)
            ;
    }
    if (dots == 0 || label < 2)
        return 0;
    /* Glued to a placeholder on its right: in the text it replaced, the
     * domain ran on into the secret, and was no address (read alike twice). */
    if (run_end < n && s[run_end] == '[' && qc_dt_placeholder(s, n, run_end))
        return 0;
    /* The top-level domain is letters only (not "claude-", not "0"). */
    for (size_t k = j - label; k < j; k++)
        if (!qc_dt_alpha(s[k]) && (unsigned char)s[k] < 0x80)
            return 0;
    /* logo@2x.png is a file */
    static const char *const files[] = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        size_t fl = strlen(files[k]);
        if (j - d > fl && !memcmp(s + j - fl, files[k], fl))
            return 0;
    }
    *end = j;
    return 1;
}

/* Four decimal parts of at most 255 separated by sep. */
static size_t S_quad(const char *s, size_t n, size_t i, char sep, unsigned part[4])
{
    size_t j = i;
    for (int p = 0; p < 4; p++) {
        if (p) {
            if (j >= n || s[j] != sep)
                return 0;
            j++;
        }
        size_t d = j;
        unsigned v = 0;
        while (j < n && qc_dt_digit(s[j]) && j - d < 3)
            v = v * 10 + (unsigned)(s[j++] - '0');
        if (j == d || v > 255 || (j < n && qc_dt_digit(s[j])))
            return 0;
        part[p] = v;
    }
    return j;
}

static int S_nobody(const unsigned p[4])
{
    return p[0] == 127 || (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0) ||
           (p[0] == 255 && p[1] == 255 && p[2] == 255 && p[3] == 255);
}

static int S_ipv4(const char *s, size_t n, size_t i, size_t *end)
{
    unsigned p[4];
    size_t j;
    size_t pl = i + 3 <= n && !memcmp(s + i, "ip-", 3) ? 3 : i + 4 <= n && !memcmp(s + i, "ec2-", 4) ? 4 : 0;
    if (pl) {
        /* EC2 host names: ip-10-0-3-17, ec2-54-80-194-17 */
        if (i > 0 && (qc_dt_alnum(s[i - 1]) || s[i - 1] == '-'))
            return 0;
        j = S_quad(s, n, i + pl, '-', p);
        if (!j || S_nobody(p) || (j < n && (qc_dt_alnum(s[j]) || s[j] == '-')))
            return 0;
        *end = j;
        return 1;
    }
    if (i > 0 && (qc_dt_alnum(s[i - 1]) || s[i - 1] == '.'))
        return 0;
    j = S_quad(s, n, i, '.', p);
    if (!j || S_nobody(p) || (j + 1 < n && s[j] == '.' && qc_dt_digit(s[j + 1])))
        return 0;
    if (j < n && qc_dt_alpha(s[j]))
        return 0;
    *end = j;
    return 1;
}

static int S_ipv6(const char *s, size_t n, size_t i, size_t *end)
{
    if (i > 0 && (qc_dt_alnum(s[i - 1]) || s[i - 1] == ':' || s[i - 1] == '.'))
        return 0;
    size_t j = i, groups = 0, glen = 0, colons = 0;
    int letter = 0, dbl = 0, wide = 0;
    while (j < n && (qc_dt_hex(s[j]) || s[j] == ':')) {
        if (s[j] == ':') {
            if (j > i && s[j - 1] == ':')
                dbl = 1;
            colons++;
            glen = 0;
        } else {
            if (glen++ == 0)
                groups++;
            if (glen > 4)
                return 0;
            wide |= glen > 2;
            letter |= !qc_dt_digit(s[j]);
        }
        j++;
    }
    if (j < n && (qc_dt_alnum(s[j]) || s[j] == '.'))
        return 0;
    if (colons < 2 || groups < 2 || colons > 7 || (!dbl && colons != 7))
        return 0;
    if (!letter && !wide)
        return 0; /* 12:34:56 is a time */
    if (groups < 3 && !letter)
        return 0;
    if (j - i <= 3)
        return 0; /* "::1" */
    *end = j;
    return 1;
}

/* Digits in groups separated by single ' ', '-' or '.', with optional
 * brackets: how many digits, and the sizes of the first groups. */
static size_t S_digit_groups(const char *s, size_t n, size_t i, size_t *digits, size_t g[8],
                             size_t *ng)
{
    size_t j = i;
    *digits = 0;
    *ng = 0;
    while (j < n) {
        int br = s[j] == '(';
        size_t k = j + br, d = k;
        while (k < n && qc_dt_digit(s[k]))
            k++;
        if (k == d || (br && (k >= n || s[k] != ')')))
            break;
        if (*ng < 8)
            g[*ng] = k - d;
        (*ng)++;
        *digits += k - d;
        j = k + br;
        if (j + 1 < n && (s[j] == ' ' || s[j] == '-' || s[j] == '.') &&
            (qc_dt_digit(s[j + 1]) || s[j + 1] == '('))
            j++;
        else
            break;
    }
    return j;
}

static int S_phone(const char *s, size_t n, size_t i, size_t *end)
{
    if (i > 0 && (qc_dt_alnum(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '-' ||
                  s[i - 1] == '+' || s[i - 1] == ':' || s[i - 1] == '/'))
        return 0;
    size_t digits, g[8], ng, j;
    if (s[i] == '+') {
        j = S_digit_groups(s, n, i + 1, &digits, g, &ng);
        if (ng == 0 || g[0] > 3 || (ng == 1 ? digits < 10 : digits < 8) || digits > 15)
            return 0;
        /* "+12.345678901" (Go's monotonic clock) is a number: the groups of
         * a phone number are short. */
        for (size_t k = 1; k < ng && k < 8; k++)
            if (g[k] > 5)
                return 0;
    } else {
        j = S_digit_groups(s, n, i, &digits, g, &ng);
        int bracketed = s[i] == '(' && ng >= 3 && (g[0] == 2 || g[0] == 3) &&
                        g[ng - 1] == 4 && digits >= 10 && digits <= 11;
        /* 3-3-4 with one separator throughout, '-' or '.', and the area
         * code and exchange starting 2-9 as the numbering plan has them. */
        int nanp = !bracketed && ng == 3 && g[0] == 3 && g[1] == 3 && g[2] == 4 &&
                   s[i + 3] == s[i + 7] && s[i + 3] != ' ' && s[i] >= '2' && s[i + 4] >= '2';
        if (!bracketed && !nanp)
            return 0;
    }
    if (j < n && (qc_dt_alnum(s[j]) || (s[j] == '-' && j + 1 < n && qc_dt_digit(s[j + 1]))))
        return 0;
    *end = j;
    return 1;
}

int qc_dt_personal(const char *s, size_t n, size_t i, size_t *end, int *kind)
{
    return qc_dt_personal_hinted(s, n, i, 1, 1, end, kind);
}

int qc_dt_personal_hinted(const char *s, size_t n, size_t i, int may_email, int may_v6,
                          size_t *end, int *kind)
{
    unsigned char c = (unsigned char)s[i];
    if (may_email && S_local(c) && S_email(s, n, i, end)) {
        *kind = QC_SK_EMAIL;
        return 1;
    }
    if ((qc_dt_digit(c) || c == 'i' || c == 'e') && S_ipv4(s, n, i, end)) {
        *kind = QC_SK_IP;
        return 1;
    }
    if (may_v6 && (qc_dt_hex(c) || c == ':') && S_ipv6(s, n, i, end)) {
        *kind = QC_SK_IP;
        return 1;
    }
    if ((qc_dt_digit(c) || c == '+' || c == '(') && S_phone(s, n, i, end)) {
        *kind = QC_SK_PHONE;
        return 1;
    }
    return 0;
}

int qc_dt_random(const char *s, size_t n)
{
    int up = 0, lo = 0, dg = 0;
    unsigned cnt[256] = {0};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        up |= c >= 'A' && c <= 'Z';
        lo |= c >= 'a' && c <= 'z';
        dg |= qc_dt_digit(c);
        cnt[c]++;
    }
    if (!(up && lo && dg))
        return 0;
    double h = 0;
    for (int c = 0; c < 256; c++)
        if (cnt[c]) {
            double p = (double)cnt[c] / (double)n;
            h -= p * log2(p);
        }
    /* A random base64 string of n characters reaches about log2(n) - 0.5
     * bits (n up to 64); words and identifiers stay well below.  The limit
     * leaves room under that for short tokens and stops at 4.5 bits, which
     * every random token of 48 characters or more clears. */
    double lim = log2((double)n) - 1.1;
    return h >= (lim < 4.5 ? lim : 4.5);
}
