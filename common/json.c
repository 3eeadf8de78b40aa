/* json.c - located JSON loading and the stable JSON writer; see json.h. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fs.h"
#include "qtime.h"

json_t *qc_json_load_mem(const char *name, const char *data, size_t len, qc_err *err)
{
    /* A byte-order mark (Windows editors, PowerShell's Out-File) is no content. */
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    json_error_t je;
    json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (!j) {
        qc_err_set(err, QC_EINPUT, "%s:%d:%d: invalid JSON: %s", name, je.line, je.column,
                   je.text);
        return NULL;
    }
    return j;
}

json_t *qc_json_load_file(const char *path, qc_err *err)
{
    qc_buf b;
    qc_buf_init(&b, (size_t)1 << 30);
    if (qc_fs_read(path, &b, err) < 0) {
        qc_buf_free(&b);
        return NULL;
    }
    json_t *j = qc_json_load_mem(path, b.ptr ? b.ptr : "", b.len, err);
    qc_buf_free(&b);
    return j;
}

/* ---- UTF-8 ---- */

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t S_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned min;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    unsigned cp = c & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

int qc_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = S_utf8_seq(p + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

int qc_utf8_sanitize(const char *s, size_t n, qc_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < n) {
        size_t k = S_utf8_seq(p + i, n - i);
        int bad = k == 0 || (k == 1 && p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') ||
                  (k == 1 && p[i] == 0x7f);
        if (!bad) {
            i += k;
            run += k;
            continue;
        }
        if (qc_buf_add(out, s + i - run, run) < 0 || qc_buf_add(out, "\xef\xbf\xbd", 3) < 0)
            return -1;
        run = 0;
        i++;
    }
    return qc_buf_add(out, s + i - run, run);
}

json_t *qc_json_strn(const char *s, size_t n)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_utf8_sanitize(s, n, &b);
    json_t *j = json_stringn(b.ptr ? b.ptr : "", b.len);
    qc_buf_free(&b);
    if (!j)
        abort();
    return j;
}

json_t *qc_json_str(const char *s)
{
    return qc_json_strn(s, strlen(s));
}

json_t *qc_json_str_or_null(const char *s)
{
    return s ? qc_json_str(s) : json_null();
}

json_t *qc_json_time(int64_t ms)
{
    if (ms == QC_TIME_NONE)
        return json_null();
    char t[QC_TIME_STR_MAX];
    qc_time_format(ms, t);
    return json_string(t);
}

const char *qc_json_get_str(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

const json_t *qc_json_find(const json_t *list, const char *key, const char *value)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        const char *v = qc_json_get_str(x, key);
        if (v && value && !strcmp(v, value))
            return x;
    }
    return NULL;
}

int qc_json_get_num(const json_t *obj, const char *key, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        return 0;
    *out = json_number_value(v);
    return 1;
}

/* ---- writer ---- */

/* Whole numbers below 1e15 in full; others in the fewest of 15, 16 or 17
 * significant digits that read back as v.  Most figures are whole or have
 * a few decimals: those are made without printf (same text). */
void qc_json_format_number(double v, char out[40])
{
    if (v == floor(v) && fabs(v) < 1e15) {
        long long n = (long long)v;
        char tmp[24];
        size_t k = 0;
        unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
        do
            tmp[k++] = (char)('0' + u % 10);
        while (u /= 10);
        char *p = out;
        if (n < 0)
            *p++ = '-';
        while (k)
            *p++ = tmp[--k];
        *p = '\0';
        return;
    }
    /* m / 10^d, both exact, is the correctly rounded value of that decimal:
     * when it is v, %.15g prints that decimal (it has at most 15 digits, and
     * v is nearer to it than half a unit of the 15th). */
    static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    double a = fabs(v);
    if (a >= 1e-4 && a < 1e9) {
        for (int d = 1; d <= 6; d++) {
            double x = a * p10[d];
            if (x >= 1e15)
                break;
            long long m = llround(x);
            if ((double)m / p10[d] != a)
                continue;
            char rev[24];
            int k = 0;
            do
                rev[k++] = (char)('0' + m % 10);
            while ((m /= 10) || k <= d);
            char *p = out;
            if (v < 0)
                *p++ = '-';
            while (k) {
                *p++ = rev[--k];
                if (k == d)
                    *p++ = '.';
            }
            *p = '\0';
            return;
        }
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, 40, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            break;
    }
}

static void S_number(double v, qc_buf *out)
{
    char tmp[40];
    qc_json_format_number(v, tmp);
    qc_buf_adds(out, tmp);
}

static void S_string(const char *s, size_t n, qc_buf *out)
{
    qc_buf_addc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[8];
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (c < 0x20) {
                snprintf(u, sizeof u, "\\u%04x", c);
                esc = u;
            }
        }
        if (!esc) {
            run++;
            continue;
        }
        qc_buf_add(out, s + i - run, run);
        qc_buf_adds(out, esc);
        run = 0;
    }
    qc_buf_add(out, s + n - run, run);
    qc_buf_addc(out, '"');
}

static int S_is_scalar(const json_t *j)
{
    return !json_is_object(j) && !json_is_array(j);
}

static int S_is_flat(const json_t *arr)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) if (!S_is_scalar(v)) return 0;
    return 1;
}

static void S_indent(qc_buf *out, int depth)
{
    for (int i = 0; i < depth; i++)
        qc_buf_add(out, "  ", 2);
}

static void S_value(const json_t *j, qc_buf *out, int depth);

static void S_array(const json_t *j, qc_buf *out, int depth)
{
    size_t n = json_array_size(j);
    if (n == 0 || S_is_flat(j)) {
        qc_buf_addc(out, '[');
        for (size_t i = 0; i < n; i++) {
            if (i)
                qc_buf_add(out, ", ", 2);
            S_value(json_array_get(j, i), out, depth);
        }
        qc_buf_addc(out, ']');
        return;
    }
    qc_buf_add(out, "[\n", 2);
    for (size_t i = 0; i < n; i++) {
        S_indent(out, depth + 1);
        S_value(json_array_get(j, i), out, depth + 1);
        qc_buf_adds(out, i + 1 < n ? ",\n" : "\n");
    }
    S_indent(out, depth);
    qc_buf_addc(out, ']');
}

static void S_object(const json_t *j, qc_buf *out, int depth)
{
    if (json_object_size(j) == 0) {
        qc_buf_add(out, "{}", 2);
        return;
    }
    qc_buf_add(out, "{\n", 2);
    const char *key;
    json_t *v;
    size_t left = json_object_size(j);
    json_object_foreach((json_t *)j, key, v)
    {
        S_indent(out, depth + 1);
        S_string(key, strlen(key), out);
        qc_buf_add(out, ": ", 2);
        S_value(v, out, depth + 1);
        qc_buf_adds(out, --left ? ",\n" : "\n");
    }
    S_indent(out, depth);
    qc_buf_addc(out, '}');
}

static void S_value(const json_t *j, qc_buf *out, int depth)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: S_object(j, out, depth); break;
    case JSON_ARRAY: S_array(j, out, depth); break;
    case JSON_STRING: S_string(json_string_value(j), json_string_length(j), out); break;
    case JSON_INTEGER: qc_buf_printf(out, "%lld", (long long)json_integer_value(j)); break;
    case JSON_REAL: S_number(json_real_value(j), out); break;
    case JSON_TRUE: qc_buf_add(out, "true", 4); break;
    case JSON_FALSE: qc_buf_add(out, "false", 5); break;
    case JSON_NULL: qc_buf_add(out, "null", 4); break;
    }
}

int qc_json_dump_at(const json_t *j, qc_buf *out, int depth)
{
    size_t before = out->len;
    S_value(j, out, depth);
    if (out->overflow) {
        qc_buf_truncate(out, before);
        return -1;
    }
    return 0;
}

int qc_json_dump(const json_t *j, qc_buf *out)
{
    size_t before = out->len;
    S_value(j, out, 0);
    if (qc_buf_addc(out, '\n') < 0) {
        qc_buf_truncate(out, before);
        return -1;
    }
    return 0;
}
