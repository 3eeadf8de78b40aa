/* redact.c - the redactor; see redact.h.
 *
 * The text is walked once.  At each step the next match of the detectors and
 * the next match of the user's words and patterns are known (each searched
 * again only once the walk has passed it), and the earlier one is replaced:
 * so a run of secrets costs one search each, not one per byte. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "redact.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/redmap.h"

struct qc_redactor {
    qc_redmap *map;
    char **words;
    size_t nwords;
    pcre2_code **pats;
    size_t npats;
    pcre2_match_data *md;
};

qc_redactor *qc_redactor_new(void)
{
    qc_redactor *r = qc_calloc(1, sizeof *r);
    r->map = qc_redmap_new();
    return r;
}

void qc_redactor_free(qc_redactor *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nwords; i++)
        free(r->words[i]);
    free(r->words);
    for (size_t i = 0; i < r->npats; i++)
        pcre2_code_free(r->pats[i]);
    free(r->pats);
    pcre2_match_data_free(r->md);
    qc_redmap_free(r->map);
    free(r);
}

int qc_redactor_add_word(qc_redactor *r, const char *word, qc_err *err)
{
    if (strlen(word) < 3)
        return qc_err_set(err, QC_EUSAGE, "--redact: '%s' is shorter than 3 characters", word);
    r->words = qc_realloc(r->words, (r->nwords + 1) * sizeof *r->words);
    r->words[r->nwords++] = qc_strdup(word);
    return 0;
}

int qc_redactor_add_pattern(qc_redactor *r, const char *pattern, qc_err *err)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &code, &off,
                                   NULL);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof msg);
        return qc_err_set(err, QC_EUSAGE, "pattern '%s': column %zu: %s", pattern,
                          (size_t)off + 1, (const char *)msg);
    }
    r->pats = qc_realloc(r->pats, (r->npats + 1) * sizeof *r->pats);
    r->pats[r->npats++] = re;
    if (!r->md)
        r->md = pcre2_match_data_create(1, NULL);
    return 0;
}

int qc_redactor_load_words(qc_redactor *r, const char *path, qc_err *err)
{
    qc_buf b;
    qc_buf_init(&b, (size_t)16 << 20);
    if (qc_fs_read(path, &b, err) < 0) {
        qc_buf_free(&b);
        return -1;
    }
    int rc = 0;
    size_t line = 0;
    char *start = b.ptr ? b.ptr : "";
    if (!strncmp(start, "\xEF\xBB\xBF", 3))
        start += 3; /* a byte-order mark is not part of the first word */
    for (char *p = start, *nl; rc == 0 && *p; p = nl ? nl + 1 : p + strlen(p)) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        size_t len = strlen(p);
        while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
            p[--len] = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        rc = !strncmp(p, "re:", 3) ? qc_redactor_add_pattern(r, p + 3, err)
                                   : qc_redactor_add_word(r, p, err);
        if (rc < 0)
            qc_err_prefix(err, "%s:%zu", path, line);
        if (!nl)
            break;
    }
    qc_buf_free(&b);
    return rc;
}

int qc_redactor_load_map(qc_redactor *r, const char *path, qc_err *err)
{
    return qc_redmap_load(r->map, path, err);
}

int qc_redactor_save_map(const qc_redactor *r, const char *path, qc_err *err)
{
    return qc_redmap_save(r->map, path, err);
}

char *qc_redactor_default_map_path(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    char *p = qc_malloc(n + 32);
    memcpy(p, dir, n);
    strcpy(p + n, ".redaction-map.json");
    return p;
}

/* ---- the user's words and patterns ---- */

static int S_word_at(const char *s, size_t n, size_t from, const char *w, qc_span *sp)
{
    size_t wl = strlen(w);
    for (size_t i = from; i + wl <= n; i++) {
        const char *p = memchr(s + i, w[0], n - i - wl + 1);
        const char *q = NULL;
        char other = (char)((w[0] >= 'a' && w[0] <= 'z') ? w[0] - 32
                            : (w[0] >= 'A' && w[0] <= 'Z') ? w[0] + 32 : w[0]);
        if (other != w[0])
            q = memchr(s + i, other, n - i - wl + 1);
        if (!p || (q && q < p))
            p = q;
        if (!p)
            return 0;
        i = (size_t)(p - s);
        if (!strncasecmp(p, w, wl)) {
            sp->start = i;
            sp->end = i + wl;
            sp->kind = QC_SK_WORD;
            return 1;
        }
    }
    return 0;
}

static int S_pattern_at(qc_redactor *r, size_t k, const char *s, size_t n, size_t from,
                        qc_span *sp)
{
    for (size_t at = from; at <= n;) {
        int rc = pcre2_match(r->pats[k], (PCRE2_SPTR)s, n, at, 0, r->md, NULL);
        if (rc < 0)
            return 0;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        if (ov[1] > ov[0]) {
            sp->start = ov[0];
            sp->end = ov[1];
            sp->kind = QC_SK_WORD;
            return 1;
        }
        at = ov[0] + 1;
    }
    return 0;
}

/* The user's next match at or after from, earliest first. */
static int S_user_next(qc_redactor *r, const char *s, size_t n, size_t from, qc_span *best)
{
    int found = 0;
    qc_span sp;
    for (size_t k = 0; k < r->nwords; k++)
        if (S_word_at(s, n, from, r->words[k], &sp) && (!found || sp.start < best->start)) {
            *best = sp;
            found = 1;
        }
    for (size_t k = 0; k < r->npats; k++)
        if (S_pattern_at(r, k, s, n, from, &sp) && (!found || sp.start < best->start)) {
            *best = sp;
            found = 1;
        }
    return found;
}

/* ---- replacing ---- */

static size_t S_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static int S_placeholder(qc_redactor *r, const char *v, size_t n, int kind, qc_buf *out)
{
    unsigned num = qc_redmap_number(r->map, &kind, v, n);
    if (kind == QC_SK_PROMPT) {
        char h[9];
        qc_redmap_short_hash(r->map, v, n, h);
        return qc_buf_printf(out, "[prompt-%u: %zu chars, sha256 %s]", num, S_chars(v, n), h);
    }
    return qc_buf_printf(out, "[%s-%u]", qc_secret_kind_name(kind), num);
}

int qc_redact_buf(qc_redactor *r, const char *s, size_t n, qc_buf *out, qc_redact_counts *counts)
{
    size_t i = 0;
    qc_span d = {0, 0, -1}, u = {0, 0, -1};
    int user = r->nwords || r->npats;
    while (i < n) {
        if (d.kind != -2 && (d.kind < 0 || d.start < i))
            d.kind = (i ? qc_detect_after(s, n, i, &d) : qc_detect_next(s, n, i, &d)) ? d.kind : -2;
        if (user && u.kind != -2 && (u.kind < 0 || u.start < i))
            u.kind = S_user_next(r, s, n, i, &u) ? u.kind : -2;
        const qc_span *sp = NULL;
        if (d.kind >= 0)
            sp = &d;
        if (user && u.kind >= 0 && (!sp || u.start < sp->start ||
                                    (u.start == sp->start && u.end > sp->end)))
            sp = &u;
        if (!sp)
            break;
        if (qc_buf_add(out, s + i, sp->start - i) < 0 ||
            S_placeholder(r, s + sp->start, sp->end - sp->start, sp->kind, out) < 0)
            return -1;
        if (counts)
            counts->n[sp->kind]++;
        /* Both searches run again from here: the one used, and the other
         * when its match began inside the replaced span. */
        i = sp->end;
    }
    return qc_buf_add(out, s + i, n - i);
}

char *qc_redact_str(qc_redactor *r, const char *s)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_redact_buf(r, s, strlen(s), &b, NULL);
    char *t = qc_buf_take(&b);
    return t ? t : qc_strdup("");
}

/* The string redacted as a new jansson string, or NULL when nothing changed. */
static json_t *S_redacted_string(qc_redactor *r, const char *s, size_t n)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_redact_counts c = {{0}};
    qc_redact_buf(r, s, n, &b, &c);
    int changed = 0;
    for (int k = 0; k < QC_SK_NKINDS; k++)
        changed |= c.n[k] != 0;
    json_t *j = NULL;
    if (changed) {
        j = json_stringn(b.ptr ? b.ptr : "", b.len);
        if (!j) {
            qc_buf clean;
            qc_buf_init(&clean, 0);
            qc_utf8_sanitize(b.ptr ? b.ptr : "", b.len, &clean);
            j = json_stringn(clean.ptr ? clean.ptr : "", clean.len);
            qc_buf_free(&clean);
        }
    }
    qc_buf_free(&b);
    return j;
}

static void S_json_object(qc_redactor *r, json_t *doc)
{
    const char *key;
    json_t *v;
    void *tmp;
    json_t *renamed = NULL;
    json_object_foreach_safe(doc, tmp, key, v) {
        qc_redact_json(r, v);
        json_t *nk = S_redacted_string(r, key, strlen(key));
        if (nk) {
            if (!renamed)
                renamed = json_object();
            json_object_set(renamed, json_string_value(nk), v);
            json_decref(nk);
            json_object_del(doc, key);
        }
    }
    if (renamed) {
        json_object_update(doc, renamed);
        json_decref(renamed);
    }
}

void qc_redact_json(qc_redactor *r, json_t *doc)
{
    if (json_is_string(doc)) {
        json_t *ns = S_redacted_string(r, json_string_value(doc), json_string_length(doc));
        if (ns) {
            json_string_setn(doc, json_string_value(ns), json_string_length(ns));
            json_decref(ns);
        }
    } else if (json_is_array(doc)) {
        size_t i;
        json_t *v;
        json_array_foreach(doc, i, v)
            qc_redact_json(r, v);
    } else if (json_is_object(doc)) {
        S_json_object(r, doc);
    }
}

void qc_redactor_values(const qc_redactor *r, qc_redact_counts *out)
{
    for (int k = 0; k < QC_SK_NKINDS; k++)
        out->n[k] = qc_redmap_seen(r->map, k);
}

json_t *qc_redact_counts_json(const qc_redact_counts *c)
{
    json_t *o = json_object();
    for (int k = 0; k < QC_SK_NKINDS; k++)
        if (c->n[k])
            json_object_set_new(o, qc_secret_kind_name(k), json_integer((json_int_t)c->n[k]));
    return o;
}

json_t *qc_redactor_values_json(const qc_redactor *r)
{
    qc_redact_counts c;
    qc_redactor_values(r, &c);
    return qc_redact_counts_json(&c);
}
