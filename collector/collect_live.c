/* collect_live.c - see collect_live.h.  Workers take sources in their
 * fixed order; a log group's messages wait in a spool (logspool.h) and are
 * scanned group after group once every worker is done, because the scanner
 * redacts and the redactor numbers placeholders in the order it meets
 * values. */
#include "collect_live.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/aws/client.h"
#include "collector/aws/sts.h"
#include "collector/live.h"
#include "collector/logspool.h"
#include "common/alloc.h"
#include "common/json.h"
#include "common/qtime.h"

typedef enum src_kind { SRC_METRICS, SRC_QUOTAS, SRC_LOGS } src_kind;

typedef struct run run;

typedef struct source {
    src_kind kind;
    const char *group; /* SRC_LOGS */
    run *run;
    qc_aws *aws;       /* its own client while it runs (made and freed in its worker) */
    json_t *calls;     /* the calls it made, once it has run */
    qc_live_opts lo;
    qc_logspool *spool;
    size_t calls_seen; /* of its client's calls, already counted in run->calls */
    int rc;
    int stopped;       /* it ended, or never began, because of the stop flag */
    qc_err err;
} source;

struct run {
    const qc_collect_opts *o;
    qc_series_set *ss;
    qc_quota_set *qs;
    struct timespec t0;
    pthread_mutex_t lock; /* progress lines, calls, next */
    size_t calls, next, n;
    source *src;
};

static int S_stopped(const qc_collect_opts *o) { return o->interrupted && *o->interrupted; }

/* Lines from live.c, with every client's calls and the time so far; called
 * in the thread that runs the source, so its own client's count is safe to
 * read. */
static void S_progress(void *ud, const char *line)
{
    source *s = ud;
    run *rn = s->run;
    pthread_mutex_lock(&rn->lock);
    size_t n = qc_aws_ncalls(s->aws);
    rn->calls += n - s->calls_seen;
    s->calls_seen = n;
    if (rn->o->progress) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        double secs = (double)(t.tv_sec - rn->t0.tv_sec) + (double)(t.tv_nsec - rn->t0.tv_nsec) / 1e9;
        char full[700];
        snprintf(full, sizeof full, "%s; %zu calls, %.1f s", line, rn->calls, secs);
        rn->o->progress(rn->o->progress_ud, full);
    }
    pthread_mutex_unlock(&rn->lock);
}

static int S_spool_add(void *ud, int64_t ts, const char *name, const char *msg, size_t len,
                       qc_err *err)
{
    return qc_logspool_add(ud, ts, name, msg, len, err);
}

static void S_fetch(source *s)
{
    run *rn = s->run;
    if (s->kind == SRC_METRICS) {
        json_t *models = NULL;
        s->rc = qc_live_models(s->aws, &s->lo, &models, &s->err);
        if (s->rc == 0)
            s->rc = qc_live_metrics(s->aws, &s->lo, models, rn->o->now_ms, rn->ss, &s->err);
        json_decref(models);
    } else if (s->kind == SRC_QUOTAS) {
        s->rc = qc_live_quotas(s->aws, &s->lo, rn->qs, &s->err);
    } else {
        s->rc = qc_live_logs(s->aws, &s->lo, s->group, S_spool_add, s->spool, &s->err);
        qc_err serr;
        qc_err_clear(&serr);
        /* Waiting its turn to be scanned, it holds little memory. */
        if (qc_logspool_seal(s->spool, &serr) < 0 && s->rc == 0) {
            s->rc = -1;
            s->err = serr;
        }
    }
}

/* Runs one source on a client of its own, made here and freed when it is
 * done (its connections do not wait for the others): only its calls stay. */
static void S_run_source(source *s)
{
    run *rn = s->run;
    if (S_stopped(rn->o)) {
        s->rc = -1;
        s->stopped = 1;
        qc_err_set(&s->err, QC_EPARTIAL, "%s: interrupted before it started",
                   s->kind == SRC_METRICS ? "cloudwatch AWS/Bedrock"
                   : s->kind == SRC_QUOTAS ? "service-quotas bedrock" : s->group);
        s->calls = json_array();
        return;
    }
    s->aws = qc_aws_clone(rn->o->aws, &s->err);
    if (s->aws)
        S_fetch(s);
    else
        s->rc = -1; /* s->err says why the client could not be made */
    /* Read now: a signal after the source ended does not make it interrupted. */
    s->stopped = s->rc != 0 && S_stopped(rn->o);
    pthread_mutex_lock(&rn->lock);
    s->calls = s->aws ? qc_aws_calls(s->aws) : json_array();
    qc_aws_free(s->aws);
    s->aws = NULL;
    pthread_mutex_unlock(&rn->lock);
}

static void *S_worker(void *ud)
{
    run *rn = ud;
    for (;;) {
        pthread_mutex_lock(&rn->lock);
        size_t i = rn->next++;
        pthread_mutex_unlock(&rn->lock);
        if (i >= rn->n)
            return NULL;
        S_run_source(&rn->src[i]);
    }
}

/* Runs every source, `par` at a time (1: in this thread, one after another). */
static void S_run_all(run *rn, long par)
{
    if (par > (long)rn->n)
        par = (long)rn->n;
    if (par <= 1) {
        S_worker(rn);
        return;
    }
    pthread_t *th = qc_calloc((size_t)par, sizeof *th);
    long started = 0;
    for (; started < par; started++)
        if (pthread_create(&th[started], NULL, S_worker, rn) != 0)
            break;
    if (started == 0)
        S_worker(rn); /* no thread could be made: do the work here */
    for (long i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
}

/* A live source's record: status, error and the calls it made. */
static json_t *S_record(const char *type, const char *input, json_t *calls, int rc,
                        int stopped, const qc_err *serr, qc_collect_result *r)
{
    json_t *src = json_object();
    json_object_set_new(src, "type", json_string(type));
    json_object_set_new(src, "input", qc_json_str_or_null(input));
    json_object_set_new(src, "status", json_string(rc == 0 ? "ok" : stopped ? "interrupted" : "failed"));
    json_object_set_new(src, "error", rc == 0 ? json_null() : qc_json_str(serr->msg));
    json_object_set_new(src, "api_calls", calls);
    if (rc != 0) {
        r->partial = 1;
        r->interrupted |= stopped;
        qc_buf_printf(&r->warnings, "%s\n", serr->msg);
    }
    return src;
}

/* The calls recorded since `before` (a new reference). */
static json_t *S_calls_since(const qc_aws *aws, size_t before)
{
    json_t *all = qc_aws_calls(aws), *mine = json_array();
    for (size_t i = before; i < json_array_size(all); i++)
        json_array_append(mine, json_array_get(all, i));
    json_decref(all);
    return mine;
}

static void S_identity(const qc_collect_opts *o, json_t *sources, char **account,
                       qc_collect_result *r)
{
    qc_err serr;
    qc_err_clear(&serr);
    size_t before = qc_aws_ncalls(o->aws);
    const qc_creds *c = qc_aws_credentials(o->aws, &serr);
    qc_sts_identity id;
    int rc = c ? qc_sts_get_caller_identity(o->aws, c, &id, &serr) : -1;
    if (rc == 0)
        *account = qc_strdup(id.account);
    json_array_append_new(sources, S_record("sts", "GetCallerIdentity",
                                            S_calls_since(o->aws, before), rc,
                                            rc != 0 && S_stopped(o), &serr, r));
}

typedef struct scan_ctx {
    qc_logscan *scan;
    const qc_collect_opts *o;
} scan_ctx;

static int S_scan_message(void *ud, int64_t ts, const char *name, const char *msg, size_t len)
{
    scan_ctx *c = ud;
    if (S_stopped(c->o))
        return 1;
    /* A message without a time of its own happened when CloudWatch says. */
    qc_logscan_set_default_time(c->scan, ts);
    qc_logscan_mem(c->scan, msg, len, name, 1);
    return 0;
}

/* A log group's messages through the scanner; a stop or an unreadable
 * spool makes the source incomplete. */
static void S_scan_group(const qc_collect_opts *o, source *s, qc_logscan *scan)
{
    scan_ctx c = {scan, o};
    qc_err rerr;
    qc_err_clear(&rerr);
    int rc = S_stopped(o) ? 1 : qc_logspool_replay(s->spool, S_scan_message, &c, &rerr);
    qc_logscan_set_default_time(scan, QC_TIME_NONE);
    if (rc != 0 && s->rc == 0) {
        s->rc = -1;
        s->stopped = rc > 0;
        if (rc > 0)
            qc_err_set(&s->err, QC_EPARTIAL, "%s: interrupted while its messages were read",
                       s->group);
        else
            s->err = rerr;
    }
}

/* In the sources' order: calls into the run's log, the record, and a log
 * group's messages through the scanner. */
static void S_merge(const qc_collect_opts *o, run *rn, qc_logscan *scan, json_t *sources,
                    qc_collect_result *r)
{
    static const char *const types[] = {"cloudwatch", "service_quotas", "cloudwatch_logs"};
    for (size_t i = 0; i < rn->n; i++) {
        source *s = &rn->src[i];
        if (s->kind == SRC_LOGS)
            S_scan_group(o, s, scan);
        qc_aws_append_calls(o->aws, s->calls);
        const char *input = s->kind == SRC_METRICS ? "AWS/Bedrock" : s->kind == SRC_QUOTAS ? "bedrock" : s->group;
        json_array_append_new(sources, S_record(types[s->kind], input, s->calls, s->rc,
                                                s->stopped, &s->err, r));
        s->calls = NULL; /* the record has it */
    }
}

static void S_sources_new(const qc_collect_opts *o, run *rn)
{
    rn->n = (o->live_metrics ? 2 : 0) + o->nlog_groups;
    rn->src = qc_calloc(rn->n ? rn->n : 1, sizeof *rn->src);
    size_t k = 0;
    for (size_t i = 0; i < rn->n; i++) {
        source *s = &rn->src[i];
        s->kind = o->live_metrics && i < 2 ? (i == 0 ? SRC_METRICS : SRC_QUOTAS) : SRC_LOGS;
        if (s->kind == SRC_LOGS) {
            s->group = o->log_groups[k++];
            s->spool = qc_logspool_new(0);
            /* Its name meets the redactor here, in order, before any
             * worker's progress line can. */
            if (o->redactor)
                free(qc_redact_str(o->redactor, s->group));
        }
        s->run = rn;
        qc_live_opts lo = {o->models, o->nmodels, o->start_ms, o->end_ms, o->period_s,
                           o->interrupted, S_progress, s};
        s->lo = lo;
        qc_err_clear(&s->err);
    }
}

static void S_sources_free(run *rn)
{
    for (size_t i = 0; i < rn->n; i++) {
        json_decref(rn->src[i].calls);
        qc_logspool_free(rn->src[i].spool);
    }
    free(rn->src);
}

void qc_collect_live(const qc_collect_opts *o, qc_logscan *scan, qc_series_set *ss,
                     qc_quota_set *qs, json_t *sources, char **account, qc_collect_result *r)
{
    run rn;
    memset(&rn, 0, sizeof rn);
    rn.o = o;
    rn.ss = ss;
    rn.qs = qs;
    clock_gettime(CLOCK_MONOTONIC, &rn.t0);
    pthread_mutex_init(&rn.lock, NULL);
    S_identity(o, sources, account, r);
    rn.calls = qc_aws_ncalls(o->aws);
    S_sources_new(o, &rn);
    S_run_all(&rn, o->parallel > 0 ? o->parallel : QC_LIVE_PARALLEL_DEFAULT);
    S_merge(o, &rn, scan, sources, r);
    S_sources_free(&rn);
    pthread_mutex_destroy(&rn.lock);
}
