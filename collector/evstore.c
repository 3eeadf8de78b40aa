/* evstore.c - events in bounded memory; see evstore.h.
 *
 * A run is a sequence of records: fixed fields, then each string as a
 * 32-bit length (0xFFFFFFFF for none) and its bytes.  The merge keeps one
 * decoded event per source in a binary heap ordered by qc_event_cmp; a
 * source advances only when the next event is asked for, so the one handed
 * out stays valid until then. */
#include "evstore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/qtime.h"

#define QC_EVSTORE_BUDGET ((size_t)16 << 20)
#define QC_EVSTORE_MAX_RUNS 64 /* then merged into one */
#define QC_NONE_LEN 0xFFFFFFFFu

struct qc_evstore {
    qc_event *batch;
    size_t n, cap, bytes, budget;
    int sorted;
    FILE **runs;
    size_t nruns;
    size_t count;
    int64_t first, last;
    char **clients; /* qc_event.client is a static string: one copy each */
    size_t nclients;
};

qc_evstore *qc_evstore_new(size_t budget)
{
    qc_evstore *s = qc_calloc(1, sizeof *s);
    s->budget = budget ? budget : QC_EVSTORE_BUDGET;
    s->first = s->last = QC_TIME_NONE;
    return s;
}

static void S_free_batch(qc_evstore *s)
{
    for (size_t i = 0; i < s->n; i++)
        qc_event_free(&s->batch[i]);
    s->n = 0;
    s->bytes = 0;
}

void qc_evstore_free(qc_evstore *s)
{
    if (!s)
        return;
    S_free_batch(s);
    free(s->batch);
    for (size_t i = 0; i < s->nruns; i++)
        fclose(s->runs[i]);
    free(s->runs);
    for (size_t i = 0; i < s->nclients; i++)
        free(s->clients[i]);
    free(s->clients);
    free(s);
}

size_t qc_evstore_count(const qc_evstore *s) { return s->count; }

void qc_evstore_span(const qc_evstore *s, int64_t *first, int64_t *last)
{
    *first = s->first;
    *last = s->last;
}

/* ---- encoding ---- */

static void S_put(FILE *f, const void *p, size_t n) { fwrite(p, 1, n, f); }

static void S_put_str(FILE *f, const char *v)
{
    uint32_t len = v ? (uint32_t)strlen(v) : QC_NONE_LEN;
    S_put(f, &len, sizeof len);
    if (v)
        S_put(f, v, len);
}

static void S_encode(FILE *f, const qc_event *e)
{
    int32_t ints[6] = {e->model_defaulted, e->http_status, e->quota_kind, e->retries, e->attempts,
                       0};
    int64_t wide[4] = {e->time_ms, (int64_t)e->max_tokens, (int64_t)e->line, (int64_t)e->line_end};
    S_put(f, wide, sizeof wide);
    S_put(f, ints, sizeof ints);
    const char *strs[] = {e->model_id, e->operation, e->error_code, e->message,
                          e->request_id, e->client, e->source, e->text};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        S_put_str(f, strs[i]);
}

static int S_get(FILE *f, void *p, size_t n) { return fread(p, 1, n, f) == n ? 0 : -1; }

static int S_get_str(FILE *f, char **out)
{
    uint32_t len;
    *out = NULL;
    if (S_get(f, &len, sizeof len) < 0)
        return -1;
    if (len == QC_NONE_LEN)
        return 0;
    *out = qc_malloc((size_t)len + 1);
    if (S_get(f, *out, len) < 0) {
        free(*out);
        *out = NULL;
        return -1;
    }
    (*out)[len] = '\0';
    return 0;
}

static const char *S_intern(qc_evstore *s, char *v)
{
    if (!v)
        return NULL;
    for (size_t i = 0; i < s->nclients; i++)
        if (!strcmp(s->clients[i], v)) {
            free(v);
            return s->clients[i];
        }
    s->clients = qc_realloc(s->clients, (s->nclients + 1) * sizeof *s->clients);
    return s->clients[s->nclients++] = v;
}

/* 1: an event decoded; 0: the run ended; -1: it is damaged. */
static int S_decode(qc_evstore *s, FILE *f, qc_event *e)
{
    int64_t wide[4];
    int32_t ints[6];
    qc_event_init(e);
    size_t got = fread(wide, 1, sizeof wide, f);
    if (got == 0 && feof(f))
        return 0;
    if (got != sizeof wide || S_get(f, ints, sizeof ints) < 0)
        return -1;
    e->time_ms = wide[0];
    e->max_tokens = (long)wide[1];
    e->line = (uint64_t)wide[2];
    e->line_end = (uint64_t)wide[3];
    e->model_defaulted = ints[0];
    e->http_status = ints[1];
    e->quota_kind = ints[2];
    e->retries = ints[3];
    e->attempts = ints[4];
    char *client = NULL;
    int rc = S_get_str(f, &e->model_id) | S_get_str(f, &e->operation) |
             S_get_str(f, &e->error_code) | S_get_str(f, &e->message) |
             S_get_str(f, &e->request_id) | S_get_str(f, &client) | S_get_str(f, &e->source) |
             S_get_str(f, &e->text);
    e->client = S_intern(s, client);
    if (rc < 0) {
        qc_event_free(e);
        return -1;
    }
    return 1;
}

/* ---- runs ---- */

static int S_cmp(const void *a, const void *b) { return qc_event_cmp(a, b); }

static void S_sort_batch(qc_evstore *s)
{
    if (!s->sorted && s->n > 1)
        qsort(s->batch, s->n, sizeof *s->batch, S_cmp);
    s->sorted = 1;
}

static FILE *S_new_run(qc_err *err)
{
    FILE *f = tmpfile();
    if (!f)
        qc_err_set(err, QC_EIO, "temporary file for events: %s", strerror(errno));
    return f;
}

static int S_finish_run(qc_evstore *s, FILE *f, qc_err *err)
{
    if (fflush(f) != 0 || ferror(f)) {
        fclose(f);
        return qc_err_set(err, QC_EIO, "temporary file for events: cannot write: %s",
                          strerror(errno));
    }
    s->runs = qc_realloc(s->runs, (s->nruns + 1) * sizeof *s->runs);
    s->runs[s->nruns++] = f;
    return 0;
}

static int S_compact(qc_evstore *s, qc_err *err);

static int S_spill(qc_evstore *s, qc_err *err)
{
    S_sort_batch(s);
    FILE *f = S_new_run(err);
    if (!f)
        return -1;
    for (size_t i = 0; i < s->n; i++)
        S_encode(f, &s->batch[i]);
    S_free_batch(s);
    if (S_finish_run(s, f, err) < 0)
        return -1;
    return s->nruns >= QC_EVSTORE_MAX_RUNS ? S_compact(s, err) : 0;
}

static size_t S_bytes(const qc_event *e)
{
    size_t n = sizeof *e;
    const char *strs[] = {e->model_id, e->operation, e->error_code, e->message,
                          e->request_id, e->source, e->text};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        n += strs[i] ? strlen(strs[i]) + 1 : 0;
    return n;
}

int qc_evstore_add_take(qc_evstore *s, qc_event *ev, qc_err *err)
{
    if (ev->time_ms != QC_TIME_NONE) {
        if (s->first == QC_TIME_NONE || ev->time_ms < s->first)
            s->first = ev->time_ms;
        if (s->last == QC_TIME_NONE || ev->time_ms > s->last)
            s->last = ev->time_ms;
    }
    s->batch = qc_grow(s->batch, &s->cap, s->n + 1, sizeof *s->batch);
    s->bytes += S_bytes(ev);
    s->batch[s->n++] = *ev;
    qc_event_init(ev);
    s->sorted = 0;
    s->count++;
    return s->bytes > s->budget ? S_spill(s, err) : 0;
}

/* ---- the merge ---- */

typedef struct source {
    FILE *f;       /* a run, or NULL for the batch */
    size_t next;   /* the batch's next index */
    qc_event cur;  /* a run's current event */
    const qc_event *head;
} source;

struct qc_evstore_iter {
    qc_evstore *s;
    source *src;
    size_t nsrc;
    size_t *heap, nheap;
    long handed; /* the source whose head was handed out last, or -1 */
    int failed;
};

static int S_advance(qc_evstore_iter *it, source *x)
{
    if (!x->f) {
        x->head = x->next < it->s->n ? &it->s->batch[x->next++] : NULL;
        return 0;
    }
    qc_event_free(&x->cur);
    int rc = S_decode(it->s, x->f, &x->cur);
    if (rc < 0)
        it->failed = 1;
    x->head = rc == 1 ? &x->cur : NULL;
    return rc < 0 ? -1 : 0;
}

static int S_less(const qc_evstore_iter *it, size_t a, size_t b)
{
    return qc_event_cmp(it->src[a].head, it->src[b].head) < 0;
}

static void S_sift_down(qc_evstore_iter *it, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < it->nheap && S_less(it, it->heap[l], it->heap[m]))
            m = l;
        if (r < it->nheap && S_less(it, it->heap[r], it->heap[m]))
            m = r;
        if (m == i)
            return;
        size_t t = it->heap[i];
        it->heap[i] = it->heap[m];
        it->heap[m] = t;
        i = m;
    }
}

/* Sources: every run, and the batch unless runs_only. */
static qc_evstore_iter *S_iter(qc_evstore *s, int runs_only, qc_err *err)
{
    qc_evstore_iter *it = qc_calloc(1, sizeof *it);
    it->s = s;
    it->handed = -1;
    S_sort_batch(s);
    it->src = qc_calloc(s->nruns + 1, sizeof *it->src);
    it->heap = qc_calloc(s->nruns + 1, sizeof *it->heap);
    for (size_t i = 0; i < s->nruns; i++) {
        source *x = &it->src[it->nsrc++];
        x->f = s->runs[i];
        qc_event_init(&x->cur);
        if (fseek(x->f, 0, SEEK_SET) != 0) {
            qc_err_set(err, QC_EIO, "temporary file for events: cannot read: %s", strerror(errno));
            qc_evstore_iter_free(it);
            return NULL;
        }
    }
    if (!runs_only)
        it->nsrc++; /* the batch: f NULL, next 0 */
    for (size_t i = 0; i < it->nsrc; i++) {
        S_advance(it, &it->src[i]);
        if (it->src[i].head)
            it->heap[it->nheap++] = i;
    }
    for (size_t i = it->nheap / 2; i-- > 0;)
        S_sift_down(it, i);
    return it;
}

qc_evstore_iter *qc_evstore_iter_new(qc_evstore *s, qc_err *err) { return S_iter(s, 0, err); }

const qc_event *qc_evstore_iter_next(qc_evstore_iter *it)
{
    if (it->handed >= 0) {
        /* The event handed out last is no longer needed: move its source on. */
        S_advance(it, &it->src[it->handed]);
        if (it->src[it->handed].head)
            S_sift_down(it, 0);
        else {
            it->heap[0] = it->heap[--it->nheap];
            S_sift_down(it, 0);
        }
        it->handed = -1;
    }
    if (!it->nheap)
        return NULL;
    it->handed = (long)it->heap[0];
    return it->src[it->handed].head;
}

int qc_evstore_iter_failed(const qc_evstore_iter *it) { return it->failed; }

void qc_evstore_iter_free(qc_evstore_iter *it)
{
    if (!it)
        return;
    for (size_t i = 0; i < it->nsrc; i++)
        if (it->src[i].f)
            qc_event_free(&it->src[i].cur);
    free(it->src);
    free(it->heap);
    free(it);
}

/* Too many runs to keep open: merge them all into one. */
static int S_compact(qc_evstore *s, qc_err *err)
{
    FILE *f = S_new_run(err);
    if (!f)
        return -1;
    qc_evstore_iter *it = S_iter(s, 1, err);
    if (!it) {
        fclose(f);
        return -1;
    }
    const qc_event *e;
    while ((e = qc_evstore_iter_next(it)))
        S_encode(f, e);
    int failed = it->failed;
    qc_evstore_iter_free(it);
    if (failed) {
        fclose(f);
        return qc_err_set(err, QC_EIO, "temporary file for events: damaged");
    }
    for (size_t i = 0; i < s->nruns; i++)
        fclose(s->runs[i]);
    s->nruns = 0;
    return S_finish_run(s, f, err);
}
