/* collect.c - one collection run: the offline sources (log files, aws CLI
 * exports), the live ones (collect_live.c), the window, and the evidence
 * directory with its manifest (the event and series files: collect_files.c);
 * see collect.h. */
#include "collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/aws/client.h"
#include "collector/evidence.h"
#include "collector/collect_files.h"
#include "collector/collect_live.h"
#include "collector/importers.h"
#include "collector/logscan.h"
#include "common/redact.h"
#include "common/alloc.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/progress.h"
#include "common/qtime.h"

void qc_collect_result_init(qc_collect_result *r)
{
    memset(r, 0, sizeof *r);
    qc_buf_init(&r->warnings, 0);
}

void qc_collect_result_free(qc_collect_result *r)
{
    qc_buf_free(&r->warnings);
}

/* ---- sources ---- */

/* How the evidence names an input (see qc_collect_opts.names_real); free() it. */
static char *S_name(const qc_collect_opts *o, const char *path)
{
    return qc_fs_rebase(path, o->names_real, o->names_shown);
}

static int S_scan_one(const qc_collect_opts *o, qc_logscan *scan, const char *path,
                      json_t *files, json_t *src, qc_collect_result *r)
{
    const qc_logscan_stats before = *qc_logscan_get_stats(scan);
    qc_err ferr;
    qc_err_clear(&ferr);
    char *name = S_name(o, path);
    int rc = qc_logscan_file(scan, path, name, &ferr);
    const qc_logscan_stats *after = qc_logscan_get_stats(scan);
    json_t *f = json_object();
    json_object_set_new(f, "name", qc_json_str(name));
    free(name);
    json_object_set_new(f, "bytes", json_integer((json_int_t)(after->bytes - before.bytes)));
    json_object_set_new(f, "lines", json_integer((json_int_t)(after->lines - before.lines)));
    json_object_set_new(f, "events", json_integer((json_int_t)(after->events - before.events)));
    const char *st = rc > 0 ? "interrupted" : rc ? "partial" : "ok";
    json_object_set_new(f, "status", json_string(st));
    json_object_set_new(f, "error", rc ? qc_json_str(ferr.msg) : json_null());
    json_array_append_new(files, f);
    if (rc) {
        r->partial = 1;
        r->interrupted |= rc > 0;
        qc_buf_printf(&r->warnings, "%s\n", ferr.msg);
        json_object_set_new(src, "status", json_string(st));
        json_object_set_new(src, "error", qc_json_str(ferr.msg));
    }
    return 0;
}

static int S_scan_logs(const qc_collect_opts *o, qc_logscan *scan, json_t *sources,
                       qc_collect_result *r, qc_err *err)
{
    for (size_t i = 0; i < o->nlogs && !r->interrupted; i++) {
        const char *in = o->logs[i];
        if (qc_fs_check_input(in, err) < 0)
            return -1;
        json_t *src = json_object(), *files = json_array();
        char *name = S_name(o, in);
        json_object_set_new(src, "type", json_string("app_logs"));
        json_object_set_new(src, "input", qc_json_str(name));
        free(name);
        json_object_set_new(src, "status", json_string("ok"));
        json_object_set_new(src, "error", json_null());
        json_array_append_new(sources, src);
        if (qc_fs_is_dir(in)) {
            qc_pathlist list = {0};
            if (qc_fs_list_inputs(in, &list, err) < 0) {
                json_decref(files);
                return -1;
            }
            for (size_t k = 0; k < list.len && !r->interrupted; k++) {
                char *path = qc_fs_join(in, list.items[k]);
                S_scan_one(o, scan, path, files, src, r);
                free(path);
            }
            qc_pathlist_free(&list);
        } else {
            S_scan_one(o, scan, in, files, src, r);
        }
        json_object_set_new(src, "files", files);
        qc_progress_say(o->progress, o->progress_ud, "logs: %s: %zu events so far",
                        qc_json_get_str(src, "input"), qc_logscan_count(scan));
    }
    return 0;
}

static int S_import_one(const qc_collect_opts *o, const char *path, qc_import_ctx *ctx,
                        json_t *sources, qc_err *err)
{
    qc_import_result res;
    char *name = S_name(o, path);
    int rc = qc_import_file(path, name, ctx, &res, err);
    if (rc < 0) {
        free(name);
        return -1;
    }
    json_t *src = json_object();
    json_object_set_new(src, "type", json_string("import"));
    json_object_set_new(src, "input", qc_json_str(name));
    json_object_set_new(src, "kind", json_string(res.kind));
    json_object_set_new(src, "status", json_string(res.partial ? "partial" : "ok"));
    json_object_set_new(src, "error",
                        res.partial ? json_string("CloudWatch marked some results PartialData "
                                                  "or InternalError")
                                    : json_null());
    json_object_set_new(src, "series", json_integer((json_int_t)res.series));
    json_object_set_new(src, "datapoints", json_integer((json_int_t)res.datapoints));
    json_object_set_new(src, "quotas", json_integer((json_int_t)res.quotas));
    json_object_set_new(src, "requests", json_integer((json_int_t)res.requests));
    json_array_append_new(sources, src);
    qc_progress_say(o->progress, o->progress_ud, "import: %s: %s", name, res.kind);
    free(name);
    return 0;
}

/* A directory stands for every .json file below it, in sorted order. */
static int S_stopped(const qc_collect_opts *o)
{
    return o->interrupted && *o->interrupted;
}

static int S_imports(const qc_collect_opts *o, qc_import_ctx *ctx, json_t *sources,
                     qc_collect_result *r, qc_err *err)
{
    for (size_t i = 0; i < o->nimports && !(r->interrupted |= S_stopped(o)); i++) {
        const char *in = o->imports[i];
        if (qc_fs_check_input(in, err) < 0)
            return -1;
        if (!qc_fs_is_dir(in)) {
            if (S_import_one(o, in, ctx, sources, err) < 0)
                return -1;
            continue;
        }
        qc_pathlist list = {0};
        if (qc_fs_list_inputs(in, &list, err) < 0)
            return -1;
        int rc = 0;
        for (size_t k = 0; k < list.len && rc == 0 && !(r->interrupted |= S_stopped(o)); k++) {
            size_t n = strlen(list.items[k]);
            if (n < 5 || strcmp(list.items[k] + n - 5, ".json") != 0)
                continue;
            char *path = qc_fs_join(in, list.items[k]);
            rc = S_import_one(o, path, ctx, sources, err);
            free(path);
        }
        qc_pathlist_free(&list);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* ---- the window ---- */

static void S_extend(int64_t t, int64_t *lo, int64_t *hi)
{
    if (t == QC_TIME_NONE)
        return;
    if (*lo == QC_TIME_NONE || t < *lo)
        *lo = t;
    if (*hi == QC_TIME_NONE || t > *hi)
        *hi = t;
}

static void S_window(const qc_collect_opts *o, const qc_logscan *scan, const qc_series_set *ss,
                     int64_t *start, int64_t *end)
{
    *start = o->start_ms;
    *end = o->end_ms;
    if (*start != QC_TIME_NONE)
        return;
    int64_t lo = QC_TIME_NONE, hi = QC_TIME_NONE, first, last;
    qc_evstore_span(qc_logscan_events((qc_logscan *)scan), &first, &last);
    S_extend(first, &lo, &hi);
    S_extend(last, &lo, &hi);
    for (size_t i = 0; i < ss->n; i++)
        for (size_t k = 0; k < ss->s[i].n; k++)
            S_extend(ss->s[i].pts[k].t_ms, &lo, &hi);
    if (lo == QC_TIME_NONE)
        return;
    /* Whole minutes, end exclusive: the last event's minute is inside. */
    *start = lo - ((lo % 60000) + 60000) % 60000;
    *end = hi - ((hi % 60000) + 60000) % 60000 + 60000;
}

static json_t *S_manifest(const qc_collect_opts *o, json_t *sources, const qc_logscan *scan,
                          int64_t start, int64_t end, size_t out_events, size_t out_points,
                          const qc_collect_result *r)
{
    json_t *m = json_object();
    json_object_set_new(m, "tool", json_string("quotacase"));
    json_object_set_new(m, "version", json_string(QC_VERSION));
    json_object_set_new(m, "case_id", qc_json_str(o->case_id));
    json_object_set_new(m, "created", qc_json_time(o->now_ms));
    json_t *argv = json_array();
    for (int i = 0; i < o->argc; i++) {
        /* The program by name only: where it is installed is the machine's business. */
        char *a = i == 0 ? qc_strdup(qc_fs_basename(o->argv[0])) : S_name(o, o->argv[i]);
        /* Redacted with the rest of the manifest (the words given to
         * --redact included: they are the redactor's own). */
        json_array_append_new(argv, qc_json_str(a));
        free(a);
    }
    json_object_set_new(m, "command_line", argv);
    json_t *w = json_object();
    json_object_set_new(w, "start", qc_json_time(start));
    json_object_set_new(w, "end", qc_json_time(end));
    json_object_set_new(w, "origin", json_string(o->window_origin ? o->window_origin : "data"));
    json_object_set_new(m, "window", w);
    json_object_set_new(m, "region", qc_json_str_or_null(o->region));
    json_object_set_new(m, "account", qc_json_str_or_null(o->account));
    /* "+01:00" for UTC and fixed offsets, the name for a tzdata zone. */
    json_object_set_new(m, "log_timezone", json_string(qc_tz_name(o->log_zone)));
    json_object_set_new(m, "status", json_string(r->interrupted ? "interrupted"
                                                 : r->partial  ? "partial"
                                                               : "ok"));
    json_object_set_new(m, "sources", json_incref(sources));
    json_object_set_new(m, "log_scan", qc_logscan_stats_json(scan));
    json_t *out = json_object();
    json_object_set_new(out, "events", json_integer((json_int_t)out_events));
    json_object_set_new(out, "datapoints", json_integer((json_int_t)out_points));
    json_object_set_new(m, "outside_window", out);
    json_object_set_new(m, "redactions_in_logs", qc_logscan_redactions_json(scan));
    /* A map of the user's choosing is named, so render finds the same one;
     * the default beside the directory needs no name. */
    char *dflt = qc_redactor_default_map_path(o->out_dir);
    if (o->map_path && strcmp(o->map_path, dflt))
        json_object_set_new(m, "redaction_map", json_string(o->map_path));
    free(dflt);
    return m;
}

static size_t S_count_points(const qc_series_set *ss)
{
    size_t n = 0;
    for (size_t i = 0; i < ss->n; i++)
        n += ss->s[i].n;
    return n;
}

static int S_write_all(const qc_collect_opts *o, qc_logscan *scan, qc_series_set *ss,
                       qc_quota_set *qs, json_t *sources, const char *account,
                       qc_collect_result *r, qc_err *err)
{
    int64_t start, end;
    S_window(o, scan, ss, &start, &end);
    size_t before = S_count_points(ss);
    if (start != QC_TIME_NONE)
        qc_series_clip(ss, start, end);
    size_t out_points = before - S_count_points(ss);
    qc_evidence *e = qc_evidence_begin(o->out_dir, o->force, o->redactor, o->map_path, err);
    if (!e)
        return -1;
    size_t kept = 0;
    int rc = qc_logscan_store_error(scan) ? qc_err_set(err, QC_EIO, "%s",
                                                       qc_logscan_store_error(scan)->msg)
                                          : qc_collect_write_events(e, qc_logscan_events(scan), start, end,
                                                           &kept, err);
    if (rc == 0)
        rc = qc_collect_write_series(e, ss, err);
    if (rc == 0 && (qs->n || qs->nr)) {
        size_t nm;
        const char **models = qc_series_models(ss, &nm);
        json_t *q = qc_quota_to_json(qs, "bedrock", models, nm);
        free(models);
        rc = qc_evidence_write_json(e, "service_quotas_bedrock.json", q,
                                    "Service Quotas for bedrock: applied, AWS default, history",
                                    err);
        json_decref(q);
    }
    if (rc == 0) {
        json_t *m = S_manifest(o, sources, scan, start, end, qc_logscan_count(scan) - kept,
                               out_points, r);
        if (account)
            json_object_set_new(m, "account", json_string(account));
        if (o->aws)
            json_object_set_new(m, "api_calls", qc_aws_calls(o->aws));
        json_t *files = qc_evidence_files(e);
        r->files = json_array_size(files) + 1;
        json_decref(files);
        rc = qc_evidence_commit(e, m, err);
        json_decref(m);
    }
    r->events = kept;
    qc_evidence_free(e);
    return rc;
}

int qc_collect_run(const qc_collect_opts *o, qc_collect_result *r, qc_err *err)
{
    qc_logfields_opts lo = {o->log_zone, o->nmodels == 1 ? o->models[0] : NULL, 0};
    if (lo.default_model && !strcmp(lo.default_model, "all"))
        lo.default_model = NULL;
    qc_logscan *scan = qc_logscan_new(&lo, o->redactor);
    if (o->interrupted)
        qc_logscan_set_stop(scan, o->interrupted);
    qc_series_set ss = {0};
    qc_quota_set qs = {0};
    qc_import_ctx ctx = {&ss, &qs, lo.default_model, QC_QUOTAS_AUTO};
    json_t *sources = json_array();
    char *account = NULL;
    int rc = S_scan_logs(o, scan, sources, r, err);
    if (rc == 0)
        rc = S_imports(o, &ctx, sources, r, err);
    if (rc == 0 && o->aws)
        qc_collect_live(o, scan, &ss, &qs, sources, &account, r);
    if (rc == 0) {
        qc_series_finish(&ss);
        qc_quota_finish(&qs);
        rc = S_write_all(o, scan, &ss, &qs, sources, account, r, err);
    }
    free(account);
    json_decref(sources);
    qc_series_set_free(&ss);
    qc_quota_set_free(&qs);
    qc_logscan_free(scan);
    return rc;
}
