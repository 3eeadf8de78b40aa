/* checklist.c - what the case still lacks; see checklist.h.
 *
 * Each item is a key (for templates in any language), a line in English
 * and whether it holds.  Works on the model and its diagnosis alone, and on
 * the case file `quotacase init` writes (to tell it from an edited one).
 * The detail says what the item asks for; an open item that can name what
 * is wrong (the window, the two accounts, the units, the open request, the
 * placeholders left) says that instead. */
#include "checklist.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/qtime.h"
#include "report/analysis.h"
#include "report/governing.h"
#include "report/casefile.h"

static void S_check(json_t *list, const char *key, const char *item, int ok, const char *detail)
{
    static const char *const keys[] = {"logs",          "minute_metrics", "data_in_window",
                                       "quota",         "justification",  "case_edited",
                                       "agree",         "region",         "account",
                                       "adjustable",    "above_current",  "unit",
                                       "justified",     "no_open_request"};
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

/* Service Quotas refuses an increase request for a quota that has one open
 * (ResourceAlreadyExistsException): that request is followed up instead. */
static void S_check_no_open_request(json_t *l, const json_t *quota)
{
    const json_t *r = qc_governing_open_request(quota);
    qc_buf d;
    qc_buf_init(&d, 0);
    if (r) {
        const char *id = qc_json_get_str(r, "id"), *st = qc_json_get_str(r, "status"),
                   *cs = qc_json_get_str(r, "case_id");
        qc_buf_printf(&d, "Service Quotas request %s for this quota is %s", id ? id : "(no id)",
                      st ? st : "open");
        if (cs)
            qc_buf_printf(&d, " (support case %s)", cs);
        qc_buf_adds(&d, ": Service Quotas refuses a second one while it is open "
                        "(ResourceAlreadyExistsException); follow that request up instead");
    }
    S_check(l, "no_open_request", "no open request", r == NULL,
            r && d.ptr ? d.ptr
                       : "no Service Quotas increase request for the quota to raise is still open "
                         "(PENDING or CASE_OPENED)");
    qc_buf_free(&d);
}

/* A unit or a quota kind in words; NULL for one the checklist does not know. */
static const char *S_unit_words(const char *unit)
{
    static const char *const words[][2] = {
        {"requests/min", "requests per minute"},
        {"tokens/min", "tokens per minute"},
        {"requests_per_minute", "requests per minute"},
        {"tokens_per_minute", "tokens per minute"},
        {"tokens_per_day", "tokens per day"},
        {"not_rate", "no rate of calls (a batch, provisioned-throughput or customization quota)"},
    };
    for (size_t i = 0; unit && i < sizeof words / sizeof *words; i++)
        if (!strcmp(unit, words[i][0]))
            return words[i][1];
    return NULL;
}

/* The design arithmetic ends in request.arithmetic_unit (requests/min, or
 * tokens/min when the quota to raise is a tokens-per-minute one) and must
 * end in the quota's own: requests/min for requests_per_minute, tokens/min
 * for tokens_per_minute.  Nothing per minute gives a daily total, so a
 * tokens_per_day quota (and one that is no rate) never matches.  No
 * arithmetic, or no quota found (the `quota` item says so), is no failure. */
static void S_check_unit(json_t *l, const json_t *req)
{
    const json_t *q = json_object_get(req, "quota");
    const char *unit = qc_json_get_str(req, "arithmetic_unit"), *kind = qc_json_get_str(q, "kind");
    int judged = json_is_true(json_object_get(req, "has_arithmetic")) && json_is_object(q);
    int ok = !judged || (unit && kind &&
                         ((!strcmp(unit, "requests/min") && !strcmp(kind, "requests_per_minute")) ||
                          (!strcmp(unit, "tokens/min") && !strcmp(kind, "tokens_per_minute"))));
    const char *uw = S_unit_words(unit), *kw = S_unit_words(kind);
    qc_buf d;
    qc_buf_init(&d, 0);
    if (judged && ok)
        qc_buf_printf(&d, "the request-pattern arithmetic gives %s, the unit of the quota to raise", uw);
    else if (judged)
        qc_buf_printf(&d, "the request-pattern arithmetic gives %s, but the quota to raise counts %s: "
                          "check the case file's quota_code",
                      uw ? uw : unit ? unit : "a unit it does not name",
                      kw ? kw : kind ? kind : "a unit its name does not tell");
    S_check(l, "unit", "arithmetic in the quota's unit", ok,
            d.ptr ? d.ptr
                  : "the request-pattern arithmetic, where the case file has one, gives the unit "
                    "of the quota to raise (requests or tokens per minute)");
    qc_buf_free(&d);
}

/* The request itself: a quota Service Quotas can raise, a value above the
 * one in force, arithmetic in the quota's own unit, a value the evidence
 * backs, and no request for it already open. */
static void S_check_request(json_t *l, const json_t *req, const json_t *dmodels)
{
    const json_t *q = json_object_get(req, "quota");
    double want = json_number_value(json_object_get(req, "requested"));
    int has_value = json_is_number(json_object_get(req, "requested"));
    int has_now = json_is_number(json_object_get(q, "effective"));
    S_check(l, "adjustable", "adjustable quota", !json_is_false(json_object_get(q, "adjustable")),
            "the quota to raise can be requested through Service Quotas; one that is not "
            "adjustable goes to AWS Support as a case");
    S_check(l, "above_current", "value above the current one",
            !has_value || !has_now || want > json_number_value(json_object_get(q, "effective")),
            "the requested value is above the value in force");
    S_check_unit(l, req);
    double rec = S_recommended_for(dmodels, qc_json_get_str(req, "quota_code"));
    S_check(l, "justified", "value backed by the evidence", !has_value || rec < 0 || want <= rec,
            "the requested value is no higher than the larger of the design arithmetic and the "
            "observed peak with headroom");
    S_check_no_open_request(l, q);
}

/* The window [start, end) as instants; a bound that is not a time does not bind. */
static void S_window(const char *start, const char *end, int64_t *a, int64_t *b)
{
    if (!start || qc_time_parse_arg(start, a) < 0)
        *a = INT64_MIN;
    if (!end || qc_time_parse_arg(end, b) < 0)
        *b = INT64_MAX;
}

/* The window holds some data: a row of a model's minutes (a CloudWatch
 * datapoint or a logged event) or a logged throttling event inside it.
 * Collection keeps only what falls in its window, so a window that misses
 * the data (`--days 7` a month after the throttling) leaves empty files
 * that every other item accepts.  An event without a time cannot be placed
 * and counts as data. */
static void S_check_data_in_window(json_t *l, const json_t *model, const qc_mintabs *tabs,
                                   const qc_evidx *idx)
{
    const json_t *w = json_object_get(json_object_get(model, "evidence"), "window");
    const json_t *events = json_object_get(model, "events");
    const char *start = qc_json_get_str(w, "start"), *end = qc_json_get_str(w, "end");
    int64_t a, b, t;
    S_window(start, end, &a, &b);
    double untimed = 0;
    int found = qc_json_get_num(events, "without_time", &untimed) && untimed > 0;
    size_t i, k;
    for (i = 0; i < tabs->n; i++)
        for (k = 0; k < tabs->items[i].n && !found; k++)
            found = (t = tabs->items[i].t[k]) >= a && t < b;
    size_t nev;
    const qc_evidx_item *ev = qc_evidx_all(idx, &nev);
    for (k = 0; k < nev && !found; k++)
        found = ev[k].t != QC_EVIDX_UNTIMED && ev[k].t >= a && ev[k].t < b;
    qc_buf d;
    qc_buf_init(&d, 0);
    if (!found && start && end)
        qc_buf_printf(&d, "no throttling events and no CloudWatch datapoints fall in the window "
                          "%s to %s: collect again with --start and --end around the throttling",
                      start, end);
    else if (!found)
        qc_buf_adds(&d, "no throttling events and no CloudWatch datapoints were collected");
    S_check(l, "data_in_window", "data in the window", found,
            !found && d.ptr ? d.ptr
                            : "the collection window holds throttling events or CloudWatch "
                              "datapoints");
    qc_buf_free(&d);
}

/* The rule: the case file is still the one `quotacase init` writes
 * (examples/case.init.json, not the demo's worked example) when any of
 * account_id, subject, use_case or business_impact is, string for string,
 * that file's placeholder (read from the embedded file itself, so the rule
 * follows it when it changes).  These four name the account and justify
 * the request, and would go into the case as they are; comparing them one
 * by one catches a file edited only in part as well as an untouched one. */
static void S_check_case_edited(json_t *l, const json_t *c)
{
    static const char *const fields[] = {"account_id", "subject", "use_case", "business_impact"};
    size_t len;
    const char *text = qc_case_example(&len);
    qc_err err;
    qc_err_clear(&err);
    json_t *ex = len ? qc_json_load_mem("init case file", text, len, &err) : NULL;
    qc_buf d;
    qc_buf_init(&d, 0);
    const char *left[sizeof fields / sizeof *fields];
    size_t same = 0;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const char *a = qc_json_get_str(c, fields[i]), *b = qc_json_get_str(ex, fields[i]);
        if (a && b && !strcmp(a, b))
            left[same++] = fields[i];
    }
    for (size_t i = 0; i < same; i++)
        qc_buf_printf(&d, "%s%s", i == 0 ? "" : i + 1 < same ? ", " : " and ", left[i]);
    if (same)
        qc_buf_printf(&d, " %s still the placeholder%s quotacase init writes: replace %s with this "
                          "case's own",
                      same == 1 ? "is" : "are", same == 1 ? "" : "s", same == 1 ? "it" : "them");
    S_check(l, "case_edited", "case file edited", same == 0,
            same && d.ptr ? d.ptr
                          : "the case file's account, subject and justification are the case's own, "
                            "not the placeholders quotacase init writes");
    qc_buf_free(&d);
    json_decref(ex);
}

/* The case and the evidence name the same account; unknown on either side
 * is not a failure (an import-only collection takes it from the case file). */
static void S_check_account(json_t *l, const json_t *c, const json_t *ev)
{
    const char *ca = qc_json_get_str(c, "account_id"), *ea = qc_json_get_str(ev, "account");
    int ok = !ca || !ea || !strcmp(ca, ea);
    qc_buf d;
    qc_buf_init(&d, 0);
    if (!ok)
        qc_buf_printf(&d, "the case file names account %s, the evidence was collected for account %s",
                      ca, ea);
    S_check(l, "account", "one account", ok,
            !ok && d.ptr ? d.ptr : "the case and the evidence name the same account");
    qc_buf_free(&d);
}

/* Some logged throttling falls within the span of the model's CloudWatch
 * data: logs and metrics from different windows (or a log of another
 * region's calls) share no minute and cannot back each other up. */
static int S_logs_meet_metrics(const qc_minutes *mt)
{
    int64_t first = INT64_MAX, last = INT64_MIN;
    size_t i;
    for (i = 0; i < mt->n; i++) {
        if (qc_minutes_attempts(mt, i) + qc_minutes_tokens(mt, i) <= 0)
            continue;
        first = mt->t[i] < first ? mt->t[i] : first;
        last = mt->t[i] > last ? mt->t[i] : last;
    }
    for (i = 0; i < mt->n; i++)
        if (mt->c[QC_MIN_LOG][i] > 0 && mt->t[i] >= first && mt->t[i] <= last)
            return 1;
    return 0;
}

json_t *qc_checklist_build(const json_t *model, const json_t *dmodels, const qc_mintabs *tabs,
                           const qc_evidx *idx, size_t *open)
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
            (!json_is_true(json_object_get(m, "has_metrics")) || !S_logs_meet_metrics(qc_mintabs_get(tabs, qc_json_get_str(m, "model_id")))))
            metrics_for_logs = 0;
    }
    S_check(l, "logs", "application logs", json_is_true(json_object_get(ev, "has_logs")),
            "throttling errors as the application saw them");
    S_check(l, "minute_metrics", "1-minute metrics", json_is_true(json_object_get(ev, "has_metrics")) && one_minute,
            "per-minute quotas need 1-minute CloudWatch data (kept 15 days)");
    S_check_data_in_window(l, model, tabs, idx);
    S_check(l, "quota", "quota mapped", json_is_true(json_object_get(json_object_get(model, "request"), "found")),
            "the case names a quota code found in the Service Quotas data");
    S_check(l, "justification", "justification", qc_json_get_str(c, "use_case") && qc_json_get_str(c, "business_impact"),
            "use case and business impact in the case file");
    S_check_case_edited(l, c);
    S_check(l, "agree", "logs and metrics agree", metrics_for_logs,
            "every model with throttling errors in the logs has CloudWatch metrics over the "
            "minutes they were logged in");
    const char *cr = qc_json_get_str(c, "region"), *er = qc_json_get_str(ev, "region");
    S_check(l, "region", "one region", !cr || !er || !strcmp(cr, er), "the case and the evidence name the same region");
    S_check_account(l, c, ev);
    S_check_request(l, json_object_get(model, "request"), dmodels);
    *open = 0;
    json_array_foreach(l, i, m)*open += !json_is_true(json_object_get(m, "ok"));
    return l;
}

