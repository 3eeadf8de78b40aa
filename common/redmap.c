/* redmap.c - the placeholder map; see redmap.h.  Open addressing on the
 * keyed hash, which is already uniform: its first bytes are the slot. */
#include "redmap.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/detect.h"
#include "common/fs.h"
#include "common/json.h"

typedef struct entry {
    unsigned char mac[32];
    int kind;
    unsigned number;
    int seen;    /* met in this run */
    char *value; /* kept for personal data only */
} entry;

struct qc_redmap {
    unsigned char key[32];
    entry *slot;
    size_t cap, used;
    unsigned next[QC_SK_NKINDS];
    size_t seen[QC_SK_NKINDS];
};

qc_redmap *qc_redmap_new(void)
{
    qc_redmap *m = qc_calloc(1, sizeof *m);
    if (RAND_bytes(m->key, sizeof m->key) != 1)
        abort(); /* no randomness: no keyed hash worth the name */
    m->cap = 64;
    m->slot = qc_calloc(m->cap, sizeof *m->slot);
    return m;
}

void qc_redmap_free(qc_redmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slot[i].value);
    free(m->slot);
    free(m);
}

static void S_mac(const qc_redmap *m, const char *v, size_t n, unsigned char out[32])
{
    unsigned len = 32;
    HMAC(EVP_sha256(), m->key, sizeof m->key, (const unsigned char *)v, n, out, &len);
}

static entry *S_find(entry *slot, size_t cap, const unsigned char mac[32])
{
    size_t i;
    memcpy(&i, mac, sizeof i);
    for (i &= cap - 1;; i = (i + 1) & (cap - 1))
        if (!slot[i].number || !memcmp(slot[i].mac, mac, 32))
            return &slot[i];
}

static void S_grow(qc_redmap *m)
{
    if ((m->used + 1) * 2 <= m->cap)
        return;
    size_t cap = m->cap * 2;
    entry *ns = qc_calloc(cap, sizeof *ns);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slot[i].number)
            *S_find(ns, cap, m->slot[i].mac) = m->slot[i];
    free(m->slot);
    m->slot = ns;
    m->cap = cap;
}

static int S_personal(int kind)
{
    return kind == QC_SK_EMAIL || kind == QC_SK_PHONE || kind == QC_SK_IP || kind == QC_SK_WORD;
}

static entry *S_insert(qc_redmap *m, const unsigned char mac[32], int kind, unsigned number)
{
    S_grow(m);
    entry *e = S_find(m->slot, m->cap, mac);
    if (!e->number) {
        memcpy(e->mac, mac, 32);
        e->kind = kind;
        e->number = number;
        m->used++;
        if (number >= m->next[kind])
            m->next[kind] = number;
    }
    return e;
}

unsigned qc_redmap_number(qc_redmap *m, int *kind, const char *v, size_t n)
{
    unsigned char mac[32];
    S_mac(m, v, n, mac);
    S_grow(m);
    entry *e = S_find(m->slot, m->cap, mac);
    if (!e->number) {
        e = S_insert(m, mac, *kind, m->next[*kind] + 1);
        if (S_personal(*kind))
            e->value = qc_strndup(v, n);
    }
    if (!e->seen) {
        e->seen = 1;
        m->seen[e->kind]++;
    }
    *kind = e->kind;
    return e->number;
}

void qc_redmap_short_hash(const qc_redmap *m, const char *v, size_t n, char out[9])
{
    unsigned char mac[32];
    S_mac(m, v, n, mac);
    for (int i = 0; i < 4; i++)
        snprintf(out + 2 * i, 3, "%02x", mac[i]);
}

size_t qc_redmap_seen(const qc_redmap *m, int kind)
{
    return kind >= 0 && kind < QC_SK_NKINDS ? m->seen[kind] : 0;
}

static int S_unhex(const char *h, unsigned char *out, size_t n)
{
    if (!h || strlen(h) != 2 * n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1)
            return -1;
        out[i] = (unsigned char)v;
    }
    return 0;
}

static void S_hex(const unsigned char *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", p[i]);
}

int qc_redmap_load(qc_redmap *m, const char *path, qc_err *err)
{
    if (!qc_fs_exists(path))
        return 0;
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    if (!doc)
        return qc_err_set(err, QC_EINPUT, "%s:%d: %s", path, je.line, je.text);
    int rc = 0;
    json_t *entries = json_object_get(doc, "entries");
    if (S_unhex(json_string_value(json_object_get(doc, "key")), m->key, 32) < 0 ||
        !json_is_array(entries))
        rc = qc_err_set(err, QC_EINPUT, "%s: not a quotacase redaction map", path);
    size_t i;
    json_t *it;
    json_array_foreach(entries, i, it) {
        if (rc < 0)
            break;
        unsigned char mac[32];
        int kind = qc_secret_kind_from_name(qc_json_get_str(it, "kind"));
        json_int_t num = json_integer_value(json_object_get(it, "number"));
        if (kind < 0 || num <= 0 || num > 1000000000 ||
            S_unhex(json_string_value(json_object_get(it, "hmac")), mac, 32) < 0) {
            rc = qc_err_set(err, QC_EINPUT, "%s: entry %zu is not a redaction", path, i + 1);
            break;
        }
        entry *e = S_insert(m, mac, kind, (unsigned)num);
        const char *v = qc_json_get_str(it, "value");
        if (v && !e->value && S_personal(kind))
            e->value = qc_strdup(v);
    }
    json_decref(doc);
    return rc;
}

static int S_cmp(const void *a, const void *b)
{
    const entry *x = *(const entry *const *)a, *y = *(const entry *const *)b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->number < y->number ? -1 : x->number > y->number;
}

int qc_redmap_save(const qc_redmap *m, const char *path, qc_err *err)
{
    if (!m->used)
        return 0;
    const entry **order = qc_calloc(m->used, sizeof *order);
    size_t k = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slot[i].number)
            order[k++] = &m->slot[i];
    qsort(order, k, sizeof *order, S_cmp);
    json_t *doc = json_object(), *arr = json_array();
    char hex[65];
    S_hex(m->key, 32, hex);
    json_object_set_new(doc, "format", json_string("quotacase redaction map 1"));
    json_object_set_new(doc, "key", json_string(hex));
    for (size_t i = 0; i < k; i++) {
        json_t *e = json_object();
        char ph[64];
        snprintf(ph, sizeof ph, "[%s-%u]", qc_secret_kind_name(order[i]->kind), order[i]->number);
        S_hex(order[i]->mac, 32, hex);
        json_object_set_new(e, "placeholder", json_string(ph));
        json_object_set_new(e, "kind", json_string(qc_secret_kind_name(order[i]->kind)));
        json_object_set_new(e, "number", json_integer(order[i]->number));
        json_object_set_new(e, "hmac", json_string(hex));
        if (order[i]->value)
            json_object_set_new(e, "value", qc_json_str(order[i]->value));
        json_array_append_new(arr, e);
    }
    free(order);
    json_object_set_new(doc, "entries", arr);
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_json_dump(doc, &b);
    json_decref(doc);
    int rc = qc_fs_write_atomic(path, b.ptr, b.len, err);
    qc_buf_free(&b);
    return rc;
}
