/* minutes.c - a model's periods as columns of numbers. */
#include "minutes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/json.h"
#include "common/qtime.h"

#define HOUR_MS 3600000

static int S_cell_cmp(const void *a, const void *b)
{
    const qc_minutes_cell *x = a, *y = b;
    return x->t < y->t ? -1 : x->t > y->t;
}

static void S_alloc(qc_minutes *m, const char *model_id, size_t rows)
{
    memset(m, 0, sizeof *m);
    m->model_id = qc_strdup(model_id ? model_id : "");
    m->t = qc_calloc(rows + 1, sizeof *m->t);
    for (int c = 0; c < QC_MIN_NCOL; c++)
        m->c[c] = qc_calloc(rows + 1, sizeof *m->c[c]);
}

void qc_minutes_build(qc_minutes *m, const char *model_id, qc_minutes_cell *cells, size_t n)
{
    if (n > 1)
        qsort(cells, n, sizeof *cells, S_cell_cmp);
    size_t rows = 0, i;
    for (i = 0; i < n; i++)
        rows += !i || cells[i].t != cells[i - 1].t;
    S_alloc(m, model_id, rows);
    for (i = 0; i < n; i++) {
        if (!i || cells[i].t != cells[i - 1].t)
            m->t[m->n++] = cells[i].t;
        if (cells[i].col >= 0 && cells[i].col < QC_MIN_NCOL)
            m->c[cells[i].col][m->n - 1] += cells[i].v;
    }
}

int qc_minutes_from_rows(qc_minutes *m, const char *model_id, const json_t *rows)
{
    size_t n = json_array_size(rows), i;
    qc_minutes_cell *cells = qc_calloc(n * QC_MIN_NCOL + 1, sizeof *cells);
    size_t k = 0;
    int rc = 0;
    for (i = 0; i < n; i++) {
        const json_t *r = json_array_get(rows, i);
        int64_t t;
        if (!json_is_array(r) || qc_time_parse_arg(json_string_value(json_array_get(r, 0)), &t) < 0) {
            rc = -1;
            continue;
        }
        for (int c = 0; c < QC_MIN_NCOL; c++)
            cells[k++] = (qc_minutes_cell){t, c, json_number_value(json_array_get(r, (size_t)c + 1))};
    }
    qc_minutes_build(m, model_id, cells, k);
    free(cells);
    return rc;
}

void qc_minutes_merge(qc_minutes *m, qc_minutes_cell *cells, size_t n)
{
    if (!n)
        return;
    /* The rows back to cells, one model at a time: a row without any
     * figure is kept, as a datapoint of 0 is still a datapoint. */
    size_t k = 0;
    qc_minutes_cell *all = qc_calloc(m->n * QC_MIN_NCOL + n, sizeof *all);
    for (size_t i = 0; i < m->n; i++)
        for (int c = 0; c < QC_MIN_NCOL; c++)
            all[k++] = (qc_minutes_cell){m->t[i], c, m->c[c][i]};
    memcpy(all + k, cells, n * sizeof *cells);
    char *id = m->model_id;
    m->model_id = NULL;
    qc_minutes_free(m);
    qc_minutes_build(m, id, all, k + n);
    free(id);
    free(all);
}

void qc_minutes_free(qc_minutes *m)
{
    if (!m)
        return;
    free(m->model_id);
    free(m->t);
    for (int c = 0; c < QC_MIN_NCOL; c++)
        free(m->c[c]);
    memset(m, 0, sizeof *m);
}

void qc_mintabs_take(qc_mintabs *s, qc_minutes *m)
{
    s->items = qc_realloc(s->items, (s->n + 1) * sizeof *s->items);
    s->items[s->n++] = *m;
    memset(m, 0, sizeof *m);
}

const qc_minutes *qc_mintabs_get(const qc_mintabs *s, const char *model_id)
{
    static const qc_minutes empty = {0};
    for (size_t i = 0; s && model_id && i < s->n; i++)
        if (!strcmp(s->items[i].model_id, model_id))
            return &s->items[i];
    return &empty;
}

const qc_minutes *qc_mintabs_at(const qc_mintabs *s, size_t i)
{
    static const qc_minutes empty = {0};
    return s && i < s->n ? &s->items[i] : &empty;
}

void qc_mintabs_free(qc_mintabs *s)
{
    for (size_t i = 0; i < s->n; i++)
        qc_minutes_free(&s->items[i]);
    free(s->items);
    s->items = NULL;
    s->n = 0;
}

static json_t *S_row(int64_t t, const double *v, int n)
{
    json_t *r = json_array();
    json_array_append_new(r, qc_json_time(t));
    for (int c = 0; c < n; c++)
        json_array_append_new(r, json_real(v[c]));
    return r;
}

json_t *qc_minutes_rows(const qc_minutes *m, size_t from, size_t to)
{
    json_t *out = json_array();
    for (size_t i = from; i < to && i < m->n; i++) {
        double v[QC_MIN_NCOL];
        for (int c = 0; c < QC_MIN_NCOL; c++)
            v[c] = m->c[c][i];
        json_array_append_new(out, S_row(m->t[i], v, QC_MIN_NCOL));
    }
    return out;
}

static int64_t S_floor(int64_t t, int64_t unit)
{
    return t - ((t % unit) + unit) % unit;
}

json_t *qc_minutes_hours(const qc_minutes *m)
{
    json_t *out = json_array();
    size_t i = 0;
    while (i < m->n) {
        int64_t h = S_floor(m->t[i], HOUR_MS);
        double v[QC_MIN_NCOL + 1] = {0};
        for (; i < m->n && m->t[i] < h + HOUR_MS; i++) {
            for (int c = 0; c < QC_MIN_NCOL; c++)
                v[c] += m->c[c][i];
            v[QC_MIN_NCOL] = fmax(v[QC_MIN_NCOL], qc_minutes_attempts(m, i));
        }
        json_array_append_new(out, S_row(h, v, QC_MIN_NCOL + 1));
    }
    return out;
}

/* The first row at or after t. */
static size_t S_lower(const qc_minutes *m, int64_t t)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->t[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int S_span_by_throttled(const void *a, const void *b)
{
    const qc_minutes_span *x = a, *y = b;
    if (x->throttled != y->throttled)
        return x->throttled > y->throttled ? -1 : 1;
    return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

static int S_span_by_time(const void *a, const void *b)
{
    const qc_minutes_span *x = a, *y = b;
    return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

/* Throttled periods widened by the context, overlapping ones merged. */
static size_t S_spans(const qc_minutes *m, int64_t period_ms, int64_t ctx, qc_minutes_span **out)
{
    qc_minutes_span *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (m->c[QC_MIN_THR][i] <= 0 && m->c[QC_MIN_LOG][i] <= 0)
            continue;
        int64_t a = m->t[i] - ctx, b = m->t[i] + period_ms + ctx;
        if (n && a <= v[n - 1].t1) {
            v[n - 1].t1 = b;
        } else {
            v = qc_grow(v, &cap, n + 1, sizeof *v);
            v[n++] = (qc_minutes_span){0, 0, a, b, 0};
        }
        v[n - 1].throttled += m->c[QC_MIN_THR][i];
    }
    for (size_t k = 0; k < n; k++) {
        v[k].from = S_lower(m, v[k].t0);
        v[k].to = S_lower(m, v[k].t1);
    }
    *out = v;
    return n;
}

size_t qc_minutes_windows(const qc_minutes *m, int64_t period_ms, int64_t context_ms,
                          size_t max_rows, qc_minutes_span **out, int *cut)
{
    qc_minutes_span *v;
    size_t n = S_spans(m, period_ms > 0 ? period_ms : 60000, context_ms, &v), rows = 0, k;
    *cut = 0;
    for (k = 0; k < n; k++)
        rows += v[k].to - v[k].from;
    if (rows > max_rows) {
        /* The most throttled spans first; one span longer than all the room
         * is cut to the rows around its start. */
        *cut = 1;
        qsort(v, n, sizeof *v, S_span_by_throttled);
        size_t kept = 0, used = 0;
        for (k = 0; k < n; k++) {
            size_t len = v[k].to - v[k].from;
            if (used + len > max_rows) {
                if (kept || used >= max_rows)
                    continue;
                v[k].to = v[k].from + (max_rows - used);
                v[k].t1 = v[k].to < m->n ? m->t[v[k].to] : v[k].t1;
                len = max_rows - used;
                /* The throttling of the rows kept, not of the whole span. */
                v[k].throttled = 0;
                for (size_t i = v[k].from; i < v[k].to; i++)
                    v[k].throttled += m->c[QC_MIN_THR][i];
            }
            used += len;
            v[kept++] = v[k];
        }
        n = kept;
        qsort(v, n, sizeof *v, S_span_by_time);
    }
    *out = v;
    return n;
}
