/* evidx.c - the sorted event index of evidx.h. */
#include "evidx.h"

#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/qtime.h"

struct qc_evidx {
    qc_evidx_item *v;
    size_t n;
};

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

qc_evidx *qc_evidx_new(const json_t *list)
{
    qc_evidx *x = qc_calloc(1, sizeof *x);
    x->v = qc_calloc(json_array_size(list) + 1, sizeof *x->v);
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *m = json_string_value(json_array_get(e, 1));
        const char *ts = json_string_value(json_array_get(e, 0));
        if (!m)
            continue;
        qc_evidx_item *it = &x->v[x->n++];
        it->model = m;
        if (!ts || qc_time_parse_arg(ts, &it->t) < 0)
            it->t = QC_EVIDX_UNTIMED;
        it->kind = json_string_value(json_array_get(e, 2));
        it->attempts = S_num_or(json_array_get(e, 3));
        it->max_tokens = S_num_or(json_array_get(e, 4));
    }
    if (x->n > 1)
        qsort(x->v, x->n, sizeof *x->v, S_cmp);
    return x;
}

void qc_evidx_free(qc_evidx *x)
{
    if (!x)
        return;
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
