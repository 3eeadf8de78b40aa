/* checklist.c - what the case still lacks; see checklist.h.
 *
 * Each item is a key (for templates in any language), a line in English
 * and whether it holds.  Works on the model and its diagnosis alone. */
#include "checklist.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/json.h"
#include "report/analysis.h"

static void S_check(json_t *list, const char *key, const char *item, int ok, const char *detail)
{
    static const char *const keys[] = {"logs",   "minute_metrics", "quota",     "justification",
                                       "agree",  "region",         "adjustable", "above_current",
                                       "unit",   "justified"};
    json_t *c = json_object(), *is = json_object();
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        json_object_set_new(is, keys[i], json_boolean(!strcmp(key, keys[i])));
    json_object_set_new(c, "key", json_string(key));
    json_object_set_new(c, "key_is", is);
    json_object_set_new(c, "item", json_string(item));
    json_object_set_new(c, "ok", json_boolean(ok));
    json_object_set_new(c, "detail", qc_json_str(detail));
    json_array_append_new(list, c);
}

/* The request itself: a quota Service Quotas can raise, a value above the
 * one in force, and arithmetic in the quota's own unit (the request
 * pattern gives requests per minute). */
/* The largest recommended value among the models the requested quota
 * governs, or -1 when none does. */
static double S_recommended_for(const json_t *dmodels, const char *code)
{
    static const char *const kinds[] = {"requests_per_minute", "tokens_per_minute"};
    double best = -1;
    size_t i;
    json_t *d;
    json_array_foreach(dmodels, i, d)
    {
        const json_t *rec = json_object_get(d, "recommended");
        int tokens = !strcmp(qc_json_get_str(rec, "unit"), "tokens");
        const char *qc = qc_json_get_str(json_object_get(json_object_get(d, "quotas"), kinds[tokens]), "code");
        if (code && qc && !strcmp(code, qc) && json_is_true(json_object_get(rec, "applies")))
            best = fmax(best, json_number_value(json_object_get(rec, "value")));
    }
    return best;
}

static void S_check_request(json_t *l, const json_t *req, const json_t *dmodels)
{
    const json_t *q = json_object_get(req, "quota");
    const char *name = qc_json_get_str(q, "name");
    double want = json_number_value(json_object_get(req, "requested"));
    int has_value = json_is_number(json_object_get(req, "requested"));
    int has_now = json_is_number(json_object_get(q, "effective"));
    S_check(l, "adjustable", "adjustable quota", !json_is_false(json_object_get(q, "adjustable")),
            "the quota to raise can be requested through Service Quotas; one that is not "
            "adjustable goes to AWS Support as a case");
    S_check(l, "above_current", "value above the current one",
            !has_value || !has_now || want > json_number_value(json_object_get(q, "effective")),
            "the requested value is above the value in force");
    S_check(l, "unit", "arithmetic in the quota's unit",
            !json_is_true(json_object_get(req, "has_arithmetic")) || !name ||
                strstr(name, "requests per minute") != NULL,
            "the request-pattern arithmetic gives requests per minute, the unit of the quota to "
            "raise");
    double rec = S_recommended_for(dmodels, qc_json_get_str(req, "quota_code"));
    S_check(l, "justified", "value backed by the evidence", !has_value || rec < 0 || want <= rec,
            "the requested value is no higher than the larger of the design arithmetic and the "
            "observed peak with headroom");
}

/* Some logged throttling falls within the span of the model's CloudWatch
 * data: logs and metrics from different windows (or a log of another
 * region's calls) share no minute and cannot back each other up. */
static int S_logs_meet_metrics(const json_t *m)
{
    int64_t first = INT64_MAX, last = INT64_MIN;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(m, "minutes"), i, r)
    {
        if (qc_analysis_cell(r, QC_MIN_ACC) + qc_analysis_cell(r, QC_MIN_THR) + qc_analysis_cell(r, QC_MIN_TIN) + qc_analysis_cell(r, QC_MIN_TOUT) <= 0)
            continue;
        int64_t t = qc_analysis_row_time(r);
        first = t < first ? t : first;
        last = t > last ? t : last;
    }
    json_array_foreach(json_object_get(m, "minutes"), i, r)
    {
        int64_t t = qc_analysis_row_time(r);
        if (qc_analysis_cell(r, QC_MIN_LOG) > 0 && t >= first && t <= last)
            return 1;
    }
    return 0;
}

json_t *qc_checklist_build(const json_t *model, const json_t *dmodels, size_t *open)
{
    json_t *l = json_array();
    const json_t *ev = json_object_get(model, "evidence"), *c = json_object_get(model, "case");
    int one_minute = 1, metrics_for_logs = 1;
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(model, "models"), i, m)
    {
        json_t *p = json_object_get(m, "period");
        if (json_is_integer(p) && json_integer_value(p) > 60)
            one_minute = 0;
        if (json_number_value(json_object_get(m, "log_events")) > 0 &&
            (!json_is_true(json_object_get(m, "has_metrics")) || !S_logs_meet_metrics(m)))
            metrics_for_logs = 0;
    }
    S_check(l, "logs", "application logs", json_is_true(json_object_get(ev, "has_logs")),
            "throttling errors as the application saw them");
    S_check(l, "minute_metrics", "1-minute metrics", json_is_true(json_object_get(ev, "has_metrics")) && one_minute,
            "per-minute quotas need 1-minute CloudWatch data (kept 15 days)");
    S_check(l, "quota", "quota mapped", json_is_true(json_object_get(json_object_get(model, "request"), "found")),
            "the case names a quota code found in the Service Quotas data");
    S_check(l, "justification", "justification", qc_json_get_str(c, "use_case") && qc_json_get_str(c, "business_impact"),
            "use case and business impact in the case file");
    S_check(l, "agree", "logs and metrics agree", metrics_for_logs,
            "every model with throttling errors in the logs has CloudWatch metrics over the "
            "minutes they were logged in");
    const char *cr = qc_json_get_str(c, "region"), *er = qc_json_get_str(ev, "region");
    S_check(l, "region", "one region", !cr || !er || !strcmp(cr, er), "the case and the evidence name the same region");
    S_check_request(l, json_object_get(model, "request"), dmodels);
    *open = 0;
    json_array_foreach(l, i, m)*open += !json_is_true(json_object_get(m, "ok"));
    return l;
}

