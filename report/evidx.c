/* evidx.c - the sorted event index of evidx.h. */
#include "evidx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/hash.h"
#include "common/qtime.h"

struct qc_evidx {
    qc_evidx_item *v;
    size_t n, cap;
    /* The distinct strings, in an open-addressing table: a model id or a
     * kind repeated by a million events is kept once. */
    char **strs;
    size_t nstrs, slots;
};

static uint64_t S_hash(const char *s)
{
    return qc_hash(s, strlen(s));
}

static const char *S_intern(qc_evidx *x, const char *s)
{
    if (!s)
        return NULL;
    if (2 * (x->nstrs + 1) > x->slots) {
        size_t slots = x->slots ? 2 * x->slots : 64;
        char **t = qc_calloc(slots, sizeof *t);
        for (size_t i = 0; i < x->slots; i++)
            if (x->strs[i]) {
                size_t k = S_hash(x->strs[i]) & (slots - 1);
                while (t[k])
                    k = (k + 1) & (slots - 1);
                t[k] = x->strs[i];
            }
        free(x->strs);
        x->strs = t;
        x->slots = slots;
    }
    size_t k = S_hash(s) & (x->slots - 1);
    for (; x->strs[k]; k = (k + 1) & (x->slots - 1))
        if (!strcmp(x->strs[k], s))
            return x->strs[k];
    x->nstrs++;
    return x->strs[k] = qc_strdup(s);
}

static int S_cmp(const void *a, const void *b)
{
    const qc_evidx_item *x = a, *y = b;
    int c = strcmp(x->model, y->model);
    if (c)
        return c;
    return x->t < y->t ? -1 : x->t > y->t;
}

static double S_num_or(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : -1;
}

qc_evidx *qc_evidx_empty(void)
{
    return qc_calloc(1, sizeof(qc_evidx));
}

void qc_evidx_add(qc_evidx *x, const char *model, int64_t t, const char *kind, double attempts,
                  double max_tokens)
{
    if (!model)
        return;
    x->v = qc_grow(x->v, &x->cap, x->n + 1, sizeof *x->v);
    x->v[x->n++] = (qc_evidx_item){S_intern(x, model), t, S_intern(x, kind), attempts, max_tokens};
}

void qc_evidx_sort(qc_evidx *x)
{
    if (x->n > 1)
        qsort(x->v, x->n, sizeof *x->v, S_cmp);
}

qc_evidx *qc_evidx_new(const json_t *list)
{
    qc_evidx *x = qc_evidx_empty();
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *ts = json_string_value(json_array_get(e, 0));
        int64_t t;
        if (!ts || qc_time_parse_arg(ts, &t) < 0)
            t = QC_EVIDX_UNTIMED;
        qc_evidx_add(x, json_string_value(json_array_get(e, 1)), t,
                     json_string_value(json_array_get(e, 2)), S_num_or(json_array_get(e, 3)),
                     S_num_or(json_array_get(e, 4)));
    }
    qc_evidx_sort(x);
    return x;
}

const qc_evidx_item *qc_evidx_all(const qc_evidx *x, size_t *n)
{
    *n = x->n;
    return x->v;
}

void qc_evidx_free(qc_evidx *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->slots; i++)
        free(x->strs[i]);
    free(x->strs);
    free(x->v);
    free(x);
}

const qc_evidx_item *qc_evidx_model(const qc_evidx *x, const char *model, size_t *n)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) { /* first item of the model */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(x->v[mid].model, model) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < x->n && !strcmp(x->v[end].model, model))
        end++;
    *n = end - lo;
    return x->v + lo;
}

size_t qc_evidx_lower(const qc_evidx_item *v, size_t n, int64_t t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].t < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
