/* jsonloc.c - a position-tracking walk over valid JSON; see jsonloc.h. */
#include "jsonloc.h"

#include <stdlib.h>
#include <string.h>

#define QC_JSONLOC_SEGS 32

typedef struct seg {
    const char *key; /* NULL for an index */
    size_t klen;
    long index;
} seg;

typedef struct walker {
    const char *s;
    size_t len, pos;
    int line, col;
    seg segs[QC_JSONLOC_SEGS];
    int nsegs;
    int found;
    int kl, kc, vl, vc;
} walker;

static void S_adv(walker *w)
{
    if (w->pos >= w->len)
        return;
    if (w->s[w->pos] == '\n') {
        w->line++;
        w->col = 1;
    } else if (((unsigned char)w->s[w->pos] & 0xc0) != 0x80) {
        w->col++; /* columns count characters, not UTF-8 continuation bytes */
    }
    w->pos++;
}

static void S_ws(walker *w)
{
    while (w->pos < w->len && strchr(" \t\r\n", w->s[w->pos]))
        S_adv(w);
}

/* Skips a string; returns its raw content span. */
static void S_string(walker *w, size_t *a, size_t *b)
{
    S_adv(w); /* opening quote */
    *a = w->pos;
    while (w->pos < w->len && w->s[w->pos] != '"') {
        if (w->s[w->pos] == '\\')
            S_adv(w);
        S_adv(w);
    }
    *b = w->pos;
    S_adv(w);
}

static void S_value(walker *w, int depth, int on_path);

static void S_members(walker *w, int depth, int on_path, int is_object)
{
    long index = 0;
    S_adv(w); /* { or [ */
    S_ws(w);
    while (w->pos < w->len && w->s[w->pos] != (is_object ? '}' : ']')) {
        int match = 0, kl = w->line, kc = w->col;
        const seg *sg = depth < w->nsegs ? &w->segs[depth] : NULL;
        if (is_object) {
            size_t a, b;
            S_string(w, &a, &b);
            match = on_path && sg && sg->key && b - a == sg->klen &&
                    !memcmp(w->s + a, sg->key, sg->klen);
            S_ws(w);
            S_adv(w); /* : */
            S_ws(w);
        } else {
            match = on_path && sg && !sg->key && sg->index == index;
        }
        if (match && depth + 1 == w->nsegs && !w->found) {
            w->found = 1;
            w->kl = kl;
            w->kc = kc;
            w->vl = w->line;
            w->vc = w->col;
        }
        S_value(w, depth + 1, match);
        S_ws(w);
        if (w->pos < w->len && w->s[w->pos] == ',') {
            S_adv(w);
            S_ws(w);
        }
        index++;
    }
    S_adv(w);
}

static void S_value(walker *w, int depth, int on_path)
{
    if (w->pos >= w->len || depth > 512)
        return;
    char c = w->s[w->pos];
    if (c == '{' || c == '[') {
        S_members(w, depth, on_path, c == '{');
    } else if (c == '"') {
        size_t a, b;
        S_string(w, &a, &b);
    } else {
        while (w->pos < w->len && !strchr(",]} \t\r\n", w->s[w->pos]))
            S_adv(w);
    }
}

static int S_parse_path(walker *w, const char *path)
{
    const char *p = path;
    while (*p) {
        if (w->nsegs == QC_JSONLOC_SEGS)
            return -1;
        seg *sg = &w->segs[w->nsegs++];
        if (*p == '[') {
            sg->key = NULL;
            sg->index = strtol(p + 1, (char **)&p, 10);
            if (*p != ']')
                return -1;
            p++;
        } else {
            sg->key = p;
            while (*p && *p != '.' && *p != '[')
                p++;
            sg->klen = (size_t)(p - sg->key);
        }
        if (*p == '.')
            p++;
    }
    return 0;
}

int qc_jsonloc_find(const char *text, size_t len, const char *path, int *key_line, int *key_col,
                    int *val_line, int *val_col)
{
    walker w;
    memset(&w, 0, sizeof w);
    w.s = text;
    w.len = len;
    w.line = w.col = 1;
    *key_line = *key_col = *val_line = *val_col = 1;
    if (S_parse_path(&w, path) < 0)
        return -1;
    S_ws(&w);
    int start_l = w.line, start_c = w.col;
    if (w.nsegs == 0) {
        *key_line = *val_line = start_l;
        *key_col = *val_col = start_c;
        return 0;
    }
    S_value(&w, 0, 1);
    if (!w.found)
        return -1;
    *key_line = w.kl;
    *key_col = w.kc;
    *val_line = w.vl;
    *val_col = w.vc;
    return 0;
}
