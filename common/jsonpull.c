/* jsonpull.c - reading a JSON document token by token; see jsonpull.h. */
#include "jsonpull.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/hash.h"
#include "common/json.h"

#define QC_JP_BUF 65536
#define QC_JP_DEPTH 256
#define QC_JP_MAX_STR ((size_t)1 << 20)

/* What may come next inside the innermost container. */
enum { ST_FIRST, ST_VALUE, ST_COMMA };

/* The names an object has had, as 64-bit hashes in an open-addressing
 * table: a repeated name is an error, as jansson's JSON_REJECT_DUPLICATES
 * made it, or a second "points" would add to the first. */
typedef struct keyset {
    uint64_t *slot;
    size_t n, cap;
} keyset;

static uint64_t S_hash(const char *s, size_t n)
{
    return qc_hash(s, n) | 1; /* 0 marks an empty slot */
}

/* Adds h; 0 when it was there already. */
static int S_keyset_add(keyset *k, uint64_t h)
{
    if (2 * (k->n + 1) > k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 16;
        uint64_t *t = qc_calloc(cap, sizeof *t);
        for (size_t i = 0; i < k->cap; i++)
            if (k->slot[i]) {
                size_t j = k->slot[i] & (cap - 1);
                while (t[j])
                    j = (j + 1) & (cap - 1);
                t[j] = k->slot[i];
            }
        free(k->slot);
        k->slot = t;
        k->cap = cap;
    }
    size_t j = h & (k->cap - 1);
    for (; k->slot[j]; j = (j + 1) & (k->cap - 1))
        if (k->slot[j] == h)
            return 0;
    k->slot[j] = h;
    k->n++;
    return 1;
}

struct qc_jp {
    char name[256];
    int fd;                    /* -1 for memory */
    const char *mem;
    size_t mem_len, pos, len;
    char *buf;                 /* the read buffer (file) */
    const char *data;          /* mem or buf: the bytes [pos, len) are unread */
    /* Where data[0] is in the input, and where the current line starts (the
     * byte after the last newline read): the column is counted from it only
     * when a message needs it, not byte by byte. */
    long long base, line_start, prev_line_start;
    long line;
    char stack[QC_JP_DEPTH];   /* '{' or '[' */
    int state[QC_JP_DEPTH];
    keyset keys[QC_JP_DEPTH];  /* each open object's member names, hashed */
    int depth, done, failed;
    char msg[200];
    char *str;
    size_t str_len, str_cap;
    double num;
};

static qc_jp *S_new(const char *name)
{
    qc_jp *p = qc_calloc(1, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name ? name : "input");
    p->fd = -1;
    p->line = 1;
    return p;
}

qc_jp *qc_jp_open(const char *path, qc_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        qc_err_set(err, QC_EINPUT, "%s: %s", path, strerror(errno));
        return NULL;
    }
    qc_jp *p = S_new(path);
    p->fd = fd;
    p->buf = qc_malloc(QC_JP_BUF);
    p->data = p->buf;
    return p;
}

qc_jp *qc_jp_mem(const char *name, const char *data, size_t len)
{
    qc_jp *p = S_new(name);
    p->mem = data;
    p->mem_len = len;
    p->len = len;
    p->data = data;
    return p;
}

void qc_jp_free(qc_jp *p)
{
    if (!p)
        return;
    if (p->fd >= 0)
        close(p->fd);
    for (int i = 0; i < QC_JP_DEPTH; i++)
        free(p->keys[i].slot);
    free(p->buf);
    free(p->str);
    free(p);
}

static int S_error(qc_jp *p, const char *what)
{
    if (!p->failed)
        snprintf(p->msg, sizeof p->msg, "%s", what);
    p->failed = 1;
    return QC_JP_ERROR;
}

static long S_col(const qc_jp *p)
{
    return (long)(p->base + (long long)p->pos - p->line_start);
}

/* Refills the buffer from the file: 1, or 0 at the end (or on a read
 * error, recorded). */
static int S_fill(qc_jp *p)
{
    if (p->fd < 0)
        return 0;
    ssize_t n;
    do
        n = read(p->fd, p->buf, QC_JP_BUF);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        S_error(p, strerror(errno));
        return 0;
    }
    if (n == 0)
        return 0;
    p->base += (long long)p->len;
    p->len = (size_t)n;
    p->pos = 0;
    return 1;
}

static void S_newline(qc_jp *p)
{
    p->line++;
    p->prev_line_start = p->line_start;
    p->line_start = p->base + (long long)p->pos;
}

/* The next byte, or -1 at the end (or on a read error, recorded). */
static inline int S_get(qc_jp *p)
{
    if (p->pos >= p->len && !S_fill(p))
        return -1;
    int c = (unsigned char)p->data[p->pos++];
    if (c == '\n')
        S_newline(p);
    return c;
}

/* Gives back the byte just read (still in the buffer: a refill happens only
 * when one is read). */
static void S_unget(qc_jp *p, int c)
{
    if (c < 0)
        return;
    p->pos--;
    if (c == '\n') {
        p->line--;
        p->line_start = p->prev_line_start;
    }
}

static int S_skip_ws(qc_jp *p)
{
    for (;;) {
        while (p->pos < p->len) {
            int c = (unsigned char)p->data[p->pos++];
            if (c == '\n')
                S_newline(p);
            else if (c != ' ' && c != '\t' && c != '\r')
                return c;
        }
        if (!S_fill(p))
            return -1;
    }
}

static void S_put(qc_jp *p, const char *s, size_t n)
{
    p->str = qc_grow(p->str, &p->str_cap, p->str_len + n + 1, 1);
    memcpy(p->str + p->str_len, s, n);
    p->str_len += n;
    p->str[p->str_len] = '\0';
}

static int S_hex4(qc_jp *p, unsigned *out)
{
    *out = 0;
    for (int i = 0; i < 4; i++) {
        int c = S_get(p), v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            return -1;
        *out = *out * 16 + (unsigned)v;
    }
    return 0;
}

static void S_put_utf8(qc_jp *p, unsigned u)
{
    char b[4];
    size_t n;
    if (u < 0x80) {
        b[0] = (char)u, n = 1;
    } else if (u < 0x800) {
        b[0] = (char)(0xC0 | u >> 6), b[1] = (char)(0x80 | (u & 0x3F)), n = 2;
    } else if (u < 0x10000) {
        b[0] = (char)(0xE0 | u >> 12), b[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        b[2] = (char)(0x80 | (u & 0x3F)), n = 3;
    } else {
        b[0] = (char)(0xF0 | u >> 18), b[1] = (char)(0x80 | ((u >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((u >> 6) & 0x3F)), b[3] = (char)(0x80 | (u & 0x3F)), n = 4;
    }
    S_put(p, b, n);
}

/* A \u escape, with its low surrogate when it is a high one. */
static int S_unicode(qc_jp *p)
{
    unsigned u, lo;
    if (S_hex4(p, &u) < 0)
        return S_error(p, "invalid \\u escape");
    if (u >= 0xDC00 && u <= 0xDFFF)
        return S_error(p, "a lone low surrogate");
    /* A NUL would cut the text for every reader that takes it as C. */
    if (u == 0)
        return S_error(p, "\\u0000 in a string");
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (S_get(p) != '\\' || S_get(p) != 'u' || S_hex4(p, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
            return S_error(p, "a high surrogate without its low one");
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
    }
    S_put_utf8(p, u);
    return 0;
}

/* The rest of a string after its opening quote. */
static int S_string(qc_jp *p)
{
    p->str_len = 0;
    S_put(p, "", 0);
    for (;;) {
        /* The plain bytes that follow, at once (as many as the limit allows;
         * the byte past it is read below, and refused there). */
        size_t i = p->pos, end = p->len;
        if (end - i > QC_JP_MAX_STR - p->str_len)
            end = i + (QC_JP_MAX_STR - p->str_len);
        while (i < end) {
            unsigned char b = (unsigned char)p->data[i];
            if (b == '"' || b == '\\' || b < 0x20)
                break;
            i++;
        }
        if (i > p->pos) {
            S_put(p, p->data + p->pos, i - p->pos);
            p->pos = i;
        }
        int c = S_get(p);
        if (c < 0)
            return S_error(p, "the file ends inside a string");
        if (c == '"')
            break;
        if (c < 0x20)
            return S_error(p, "a control character inside a string");
        if (p->str_len >= QC_JP_MAX_STR)
            return S_error(p, "a string longer than 1 MiB");
        if (c != '\\') {
            char ch = (char)c;
            S_put(p, &ch, 1);
            continue;
        }
        c = S_get(p);
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *k = c > 0 ? strchr(from, c) : NULL;
        if (c == 'u') {
            if (S_unicode(p) < 0)
                return QC_JP_ERROR;
        } else if (k) {
            S_put(p, &to[k - from], 1);
        } else {
            return S_error(p, "invalid escape in a string");
        }
    }
    if (!qc_utf8_valid(p->str, p->str_len))
        return S_error(p, "invalid UTF-8 in a string");
    return 0;
}

static int S_digits(qc_jp *p, char *b, size_t *n, size_t cap)
{
    int c, any = 0;
    while ((c = S_get(p)) >= '0' && c <= '9') {
        if (*n + 1 >= cap)
            return -1;
        b[(*n)++] = (char)c, any = 1;
    }
    S_unget(p, c);
    return any ? 0 : -1;
}

/* The value of the number text b (checked): a decimal of at most 15 digits
 * without an exponent is m / 10^k with both exact, so one division gives the
 * correctly rounded value strtod would; anything else goes to strtod. */
static double S_decimal(const char *b, size_t n)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = b[0] == '-';
    int64_t m = 0;
    int digits = 0, frac = -1;
    for (; i < n; i++) {
        if (b[i] == '.') {
            frac = 0;
            continue;
        }
        if (b[i] < '0' || b[i] > '9' || ++digits > 15)
            return strtod(b, NULL);
        m = m * 10 + (b[i] - '0');
        if (frac >= 0)
            frac++;
    }
    double v = frac > 0 ? (double)m / p10[frac] : (double)m;
    return b[0] == '-' ? -v : v;
}

/* A number of at most 15 digits without an exponent, whole in the buffer
 * (nearly all of them), read in place: 1, or 0 to read it byte by byte. */
static int S_number_fast(qc_jp *p)
{
    size_t at = p->pos - 1, i = at, end = p->len;
    int digits = 0;
    const char *d = p->data;
    if (d[i] == '-')
        i++;
    if (i < end && d[i] == '0')
        i++, digits++;
    else
        while (i < end && d[i] >= '0' && d[i] <= '9')
            i++, digits++;
    if (!digits)
        return 0;
    if (i < end && d[i] == '.') {
        size_t f = ++i;
        while (i < end && d[i] >= '0' && d[i] <= '9')
            i++, digits++;
        if (i == f)
            return 0;
    }
    if (i >= end || digits > 15 || (d[i] >= '0' && d[i] <= '9') || d[i] == '.' ||
        d[i] == 'e' || d[i] == 'E')
        return 0;
    p->num = S_decimal(d + at, i - at);
    p->pos = i;
    return 1;
}

static int S_number(qc_jp *p, int c)
{
    if (S_number_fast(p))
        return QC_JP_NUM;
    char b[520];
    size_t n = 0;
    if (c == '-') {
        b[n++] = '-';
        c = S_get(p);
    }
    if (c == '0') {
        b[n++] = '0';
    } else if (c >= '1' && c <= '9') {
        b[n++] = (char)c;
        int d;
        while ((d = S_get(p)) >= '0' && d <= '9' && n < 400)
            b[n++] = (char)d;
        if (d >= '0' && d <= '9')
            return S_error(p, "a number longer than 400 digits");
        S_unget(p, d);
    } else {
        return S_error(p, "invalid number");
    }
    c = S_get(p);
    if (c == '.') {
        b[n++] = '.';
        if (S_digits(p, b, &n, sizeof b - 8) < 0)
            return S_error(p, "invalid number");
        c = S_get(p);
    }
    if (c == 'e' || c == 'E') {
        b[n++] = 'e';
        c = S_get(p);
        if (c == '+' || c == '-')
            b[n++] = (char)c;
        else
            S_unget(p, c);
        if (S_digits(p, b, &n, sizeof b - 1) < 0)
            return S_error(p, "invalid number");
    } else {
        S_unget(p, c);
    }
    b[n] = '\0';
    p->num = S_decimal(b, n);
    if (!isfinite(p->num))
        return S_error(p, "a number out of range");
    return QC_JP_NUM;
}

static int S_word(qc_jp *p, const char *rest, int tok)
{
    for (; *rest; rest++)
        if (S_get(p) != *rest)
            return S_error(p, "invalid literal");
    return tok;
}

/* A value starting with c; a container is entered. */
static int S_value(qc_jp *p, int c)
{
    if (p->depth)
        p->state[p->depth - 1] = ST_COMMA;
    else
        p->done = 1;
    if (c == '{' || c == '[') {
        if (p->depth >= QC_JP_DEPTH)
            return S_error(p, "nested more than 256 deep");
        p->stack[p->depth] = (char)c;
        p->keys[p->depth].n = 0;
        if (p->keys[p->depth].cap)
            memset(p->keys[p->depth].slot, 0, p->keys[p->depth].cap * sizeof *p->keys[p->depth].slot);
        p->state[p->depth++] = ST_FIRST;
        p->done = 0;
        return c == '{' ? QC_JP_OBJ : QC_JP_ARR;
    }
    if (c == '"')
        return S_string(p) < 0 ? QC_JP_ERROR : QC_JP_STR;
    if (c == '-' || (c >= '0' && c <= '9'))
        return S_number(p, c);
    if (c == 't')
        return S_word(p, "rue", QC_JP_TRUE);
    if (c == 'f')
        return S_word(p, "alse", QC_JP_FALSE);
    if (c == 'n')
        return S_word(p, "ull", QC_JP_NULL);
    return S_error(p, c < 0 ? "the file ends where a value should be" : "invalid value");
}

static int S_close(qc_jp *p)
{
    int tok = p->stack[--p->depth] == '{' ? QC_JP_OBJ_END : QC_JP_ARR_END;
    if (!p->depth)
        p->done = 1;
    return tok;
}

/* A member's name and its colon. */
static int S_key(qc_jp *p, int c)
{
    if (c != '"')
        return S_error(p, "expected a member name");
    if (S_string(p) < 0)
        return QC_JP_ERROR;
    if (!S_keyset_add(&p->keys[p->depth - 1], S_hash(p->str, p->str_len)))
        return S_error(p, "a member name given twice in one object");
    if (S_skip_ws(p) != ':')
        return S_error(p, "expected ':' after a member name");
    p->state[p->depth - 1] = ST_VALUE;
    return QC_JP_KEY;
}

qc_jp_tok qc_jp_next(qc_jp *p)
{
    if (p->failed)
        return QC_JP_ERROR;
    int c = S_skip_ws(p);
    if (p->failed)
        return QC_JP_ERROR;
    if (!p->depth) {
        if (p->done)
            return c < 0 ? QC_JP_EOF : (qc_jp_tok)S_error(p, "text after the document");
        /* A byte-order mark some editors put first. */
        if (c == 0xEF && p->line == 1 && S_col(p) == 1) {
            if (S_get(p) != 0xBB || S_get(p) != 0xBF)
                return (qc_jp_tok)S_error(p, "invalid value");
            c = S_skip_ws(p);
        }
        return (qc_jp_tok)S_value(p, c);
    }
    int obj = p->stack[p->depth - 1] == '{', st = p->state[p->depth - 1];
    if (st == ST_FIRST && c == (obj ? '}' : ']'))
        return (qc_jp_tok)S_close(p);
    if (st == ST_COMMA) {
        if (c == (obj ? '}' : ']'))
            return (qc_jp_tok)S_close(p);
        if (c < 0)
            return (qc_jp_tok)S_error(p, obj ? "the file ends inside an object" : "the file ends inside an array");
        if (c != ',')
            return (qc_jp_tok)S_error(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
        c = S_skip_ws(p);
        if (obj)
            return (qc_jp_tok)S_key(p, c);
        return (qc_jp_tok)S_value(p, c);
    }
    if (obj && st == ST_FIRST)
        return (qc_jp_tok)S_key(p, c);
    return (qc_jp_tok)S_value(p, c);
}

const char *qc_jp_str(const qc_jp *p, size_t *len)
{
    if (len)
        *len = p->str_len;
    return p->str ? p->str : "";
}

double qc_jp_num(const qc_jp *p)
{
    return p->num;
}

int qc_jp_member(qc_jp *p, const char **key)
{
    qc_jp_tok t = qc_jp_next(p);
    if (t == QC_JP_OBJ_END)
        return 0;
    if (t != QC_JP_KEY)
        return -1;
    *key = qc_jp_str(p, NULL);
    return 1;
}

int qc_jp_skip(qc_jp *p, qc_jp_tok just_read)
{
    qc_jp_tok t = just_read;
    if (t == QC_JP_KEY)
        t = qc_jp_next(p);
    if (t == QC_JP_ERROR || t == QC_JP_EOF)
        return -1;
    if (t != QC_JP_OBJ && t != QC_JP_ARR)
        return 0;
    int depth = p->depth - 1;
    while (p->depth > depth) {
        t = qc_jp_next(p);
        if (t == QC_JP_ERROR || t == QC_JP_EOF)
            return -1;
    }
    return 0;
}

json_t *qc_jp_build(qc_jp *p, qc_jp_tok t)
{
    switch (t) {
    case QC_JP_STR:
        return json_stringn(qc_jp_str(p, NULL), p->str_len);
    case QC_JP_NUM: {
        double v = qc_jp_num(p);
        /* Whole numbers as integers, as jansson reads them. */
        return fabs(v) < 9e15 && v == floor(v) ? json_integer((json_int_t)v) : json_real(v);
    }
    case QC_JP_TRUE:
        return json_true();
    case QC_JP_FALSE:
        return json_false();
    case QC_JP_NULL:
        return json_null();
    case QC_JP_ARR: {
        json_t *a = json_array();
        while ((t = qc_jp_next(p)) != QC_JP_ARR_END) {
            json_t *v = qc_jp_build(p, t);
            if (!v) {
                json_decref(a);
                return NULL;
            }
            json_array_append_new(a, v);
        }
        return a;
    }
    case QC_JP_OBJ: {
        json_t *o = json_object();
        while ((t = qc_jp_next(p)) == QC_JP_KEY) {
            char *k = qc_strdup(qc_jp_str(p, NULL));
            json_t *v = qc_jp_build(p, qc_jp_next(p));
            if (!v) {
                free(k);
                json_decref(o);
                return NULL;
            }
            json_object_set_new(o, k, v);
            free(k);
        }
        if (t != QC_JP_OBJ_END) {
            json_decref(o);
            return NULL;
        }
        return o;
    }
    default:
        return NULL;
    }
}

int qc_jp_fail(const qc_jp *p, const char *what, qc_err *err)
{
    return qc_err_set(err, QC_EINPUT, "%s:%ld:%ld: %s", p->name, p->line, S_col(p),
                      p->failed ? p->msg : what);
}
