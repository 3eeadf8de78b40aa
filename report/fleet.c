/* fleet.c - the fleet summary; see fleet.h. */
#include "fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/redact.h"
#include "report/analysis.h"
#include "report/casefile.h"

/* The quotas that bit for one model, from the diagnosis's proposals. */
static json_t *S_bit(const json_t *model, const char *model_id)
{
    json_t *out = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(json_object_get(model, "diagnosis"), "proposed"), i, p)
    {
        const char *m = qc_json_get_str(p, "model_id");
        if (!m || strcmp(m, model_id))
            continue;
        json_array_append_new(out, json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?, s:O?}", "code",
                                             json_object_get(p, "code"), "name",
                                             json_object_get(p, "name"), "limit",
                                             json_object_get(p, "limit_text"), "effective",
                                             json_object_get(p, "effective"), "recommended",
                                             json_object_get(p, "recommended"), "action",
                                             json_object_get(p, "action")));
    }
    return out;
}

/* The throttled models of one directory's analysis, in the diagnosis's
 * order (most throttled first). */
static json_t *S_throttled(const json_t *model)
{
    json_t *out = json_array();
    const json_t *diag = json_object_get(json_object_get(model, "diagnosis"), "models");
    size_t i;
    json_t *d;
    json_array_foreach(diag, i, d)
    {
        const char *id = qc_json_get_str(d, "model_id");
        if (!id || !json_is_true(json_object_get(d, "throttled")))
            continue;
        const json_t *m = qc_json_find(json_object_get(model, "models"), "model_id", id);
        json_array_append_new(
            out, json_pack("{s:s, s:O?, s:O?, s:O?, s:o}", "model_id", id, "throttled_attempts",
                           json_object_get(json_object_get(m, "totals"), "throttles"),
                           "log_events", json_object_get(m, "log_events"), "bursts",
                           json_object_get(d, "burst_count"), "quotas_bit", S_bit(model, id)));
    }
    return out;
}

static json_t *S_target(const char *fleet_dir, const qc_fleet_target *t, int64_t now_ms,
                        json_t **window)
{
    json_t *o = json_pack("{s:s?, s:s, s:s, s:s?, s:s, s:s?}", "account", t->account, "region",
                          t->region, "source", t->source, "directory", t->dir, "result", t->result,
                          "error", t->error);
    if (!t->dir || !strcmp(t->result, "failed") || !strcmp(t->result, "skipped"))
        return o;
    char *path = qc_fs_join(fleet_dir, t->dir), *man = qc_fs_join(path, "manifest.json");
    int there = qc_fs_exists(man);
    free(man);
    if (!there) {
        free(path);
        return o; /* stopped before it wrote anything */
    }
    json_t *cs0 = json_pack("{s:s, s:s, s:s?}", "case_id", t->dir, "region", t->region,
                            "account_id", t->account);
    json_t *cs = qc_case_normalize(cs0);
    qc_mintabs tabs;
    qc_err e;
    qc_err_clear(&e);
    json_t *model = qc_analysis_run(path, cs, now_ms, &tabs, &e);
    if (model) {
        size_t nm = json_array_size(json_object_get(model, "models"));
        json_object_set_new(o, "models", json_integer((json_int_t)nm));
        json_object_set_new(o, "throttled", S_throttled(model));
        if (!*window)
            *window = json_incref(json_object_get(json_object_get(model, "evidence"), "window"));
        qc_mintabs_free(&tabs);
    } else {
        json_object_set_new(o, "analysis_error", json_string(e.msg));
    }
    json_decref(model);
    json_decref(cs);
    json_decref(cs0);
    free(path);
    return o;
}

static void S_num(qc_buf *b, const json_t *v)
{
    char s[48];
    if (json_is_number(v)) {
        qc_analysis_fmt(json_number_value(v), s);
        qc_buf_adds(b, s);
    } else {
        qc_buf_adds(b, "-");
    }
}

/* "1 burst", "68 bursts". */
static void S_count(qc_buf *b, const json_t *v, const char *what)
{
    S_num(b, v);
    qc_buf_printf(b, " %s%s", what, json_is_number(v) && json_number_value(v) == 1 ? "" : "s");
}

static const char *S_action(const char *a)
{
    if (!a)
        return "";
    if (!strcmp(a, "service_quotas"))
        return "; raise it in Service Quotas";
    if (!strcmp(a, "support_case"))
        return "; not adjustable: ask AWS Support";
    if (!strcmp(a, "open_request"))
        return "; an increase is already open: follow it";
    return "";
}

static void S_text_target(qc_buf *b, const json_t *t)
{
    const char *acct = qc_json_get_str(t, "account"), *err = qc_json_get_str(t, "error");
    const json_t *thr = json_object_get(t, "throttled");
    qc_buf_printf(b, "%-12s  %-14s  %s", acct ? acct : "?", qc_json_get_str(t, "region"),
                  qc_json_get_str(t, "result"));
    if (json_object_get(t, "models"))
        qc_buf_printf(b, ": %lld model%s, %zu throttled",
                      (long long)json_integer_value(json_object_get(t, "models")),
                      json_integer_value(json_object_get(t, "models")) == 1 ? "" : "s",
                      json_array_size(thr));
    if (qc_json_get_str(t, "directory") && json_object_get(t, "models"))
        qc_buf_printf(b, " (%s)", qc_json_get_str(t, "directory"));
    qc_buf_adds(b, "\n");
    if (err)
        qc_buf_printf(b, "    %s: %s\n", qc_json_get_str(t, "source"), err);
    if (qc_json_get_str(t, "analysis_error"))
        qc_buf_printf(b, "    analysis: %s\n", qc_json_get_str(t, "analysis_error"));
    size_t i, k;
    json_t *m, *q;
    json_array_foreach(thr, i, m)
    {
        qc_buf_printf(b, "    %s: ", qc_json_get_str(m, "model_id"));
        S_count(b, json_object_get(m, "throttled_attempts"), "throttled attempt");
        qc_buf_adds(b, " in ");
        S_count(b, json_object_get(m, "bursts"), "burst");
        qc_buf_adds(b, ", ");
        S_count(b, json_object_get(m, "log_events"), "logged error");
        qc_buf_adds(b, "\n");
        json_array_foreach(json_object_get(m, "quotas_bit"), k, q)
        {
            qc_buf_printf(b, "      bit: %s %s (", qc_json_get_str(q, "code"),
                          qc_json_get_str(q, "name"));
            S_num(b, json_object_get(q, "effective"));
            qc_buf_adds(b, " in force, ");
            S_num(b, json_object_get(q, "recommended"));
            qc_buf_printf(b, " recommended%s)\n", S_action(qc_json_get_str(q, "action")));
        }
        if (!json_array_size(json_object_get(m, "quotas_bit")))
            qc_buf_adds(b, "      no Service Quotas quota explains it "
                           "(see its case's diagnosis)\n");
    }
}

static char *S_text(const json_t *doc)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    const json_t *w = json_object_get(doc, "window"), *ts = json_object_get(doc, "targets");
    qc_buf_printf(&b, "fleet: %lld of %zu accounts and regions collected",
                  (long long)json_integer_value(json_object_get(doc, "collected")),
                  json_array_size(ts));
    if (qc_json_get_str(w, "start") && qc_json_get_str(w, "end"))
        qc_buf_printf(&b, ", %s to %s", qc_json_get_str(w, "start"), qc_json_get_str(w, "end"));
    qc_buf_adds(&b, "\n");
    size_t i;
    json_t *t;
    json_array_foreach(ts, i, t)
        S_text_target(&b, t);
    const json_t *where = json_object_get(doc, "throttled_in");
    if (json_array_size(where)) {
        qc_buf_adds(&b, "throttling in:");
        json_array_foreach(where, i, t)
            qc_buf_printf(&b, "%s %s", i ? "," : "", json_string_value(t));
        qc_buf_adds(&b, "\n");
    } else {
        qc_buf_adds(&b, "throttling in: none of them\n");
    }
    qc_buf_adds(&b, "each directory is one case (one account, one region): quotacase render "
                    "--evidence DIR --case CASE.json\n");
    return qc_buf_take(&b);
}

static int S_write(const char *dir, const char *name, const char *text, qc_redactor *r,
                   qc_err *err)
{
    qc_buf out;
    qc_buf_init(&out, 0);
    qc_redact_buf(r, text, strlen(text), &out, NULL);
    char *path = qc_fs_join(dir, name);
    int rc = qc_fs_write_atomic(path, out.ptr ? out.ptr : "", out.len, err);
    free(path);
    qc_buf_free(&out);
    return rc;
}

int qc_fleet_summarise(const char *fleet_dir, const qc_fleet_target *t, size_t n, int64_t now_ms,
                       qc_redactor *r, char **text, qc_err *err)
{
    json_t *targets = json_array(), *where = json_array(), *window = NULL;
    json_int_t collected = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *o = S_target(fleet_dir, &t[i], now_ms, &window);
        collected += !strcmp(t[i].result, "collected") || !strcmp(t[i].result, "partial");
        if (json_array_size(json_object_get(o, "throttled"))) {
            char w[256];
            snprintf(w, sizeof w, "%s %s", t[i].account ? t[i].account : "?", t[i].region);
            json_array_append_new(where, json_string(w));
        }
        json_array_append_new(targets, o);
    }
    json_t *doc = json_pack("{s:s, s:o?, s:I, s:o, s:o}", "schema", "quotacase.fleet/1", "window",
                            window, "collected", collected, "throttled_in", where, "targets",
                            targets);
    qc_redact_json(r, doc);
    qc_buf js;
    qc_buf_init(&js, 0);
    qc_json_dump(doc, &js);
    *text = S_text(doc);
    int rc = S_write(fleet_dir, "fleet.json", js.ptr ? js.ptr : "{}", r, err);
    if (rc == 0)
        rc = S_write(fleet_dir, "fleet.txt", *text, r, err);
    qc_buf_free(&js);
    json_decref(doc);
    return rc;
}
