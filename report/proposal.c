/* proposal.c - see proposal.h. */
#include "proposal.h"

#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "report/analysis.h"
#include "report/bursts.h"

/* Bursts whose limit is kind. */
static double S_bit(const json_t *dm, const char *kind)
{
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(dm, "limits"), i, l) if (!strcmp(qc_json_get_str(l, "limit"), kind))
        return json_number_value(json_object_get(l, "bursts"));
    return 0;
}

static json_t *S_row(const json_t *dm, const json_t *q, const char *kind, int long_tier)
{
    json_t *o = json_object();
    const json_t *rec = json_object_get(dm, "recommended");
    static const char *const copy[] = {"code", "name", "applied", "applied_text", "default",
                                       "default_text", "effective", "effective_text",
                                       "adjustable", "below_default"};
    for (size_t i = 0; i < sizeof copy / sizeof *copy; i++)
        json_object_set_new(o, copy[i], json_deep_copy(json_object_get(q, copy[i])));
    json_object_set_new(o, "limit", json_string(kind));
    json_object_set_new(o, "limit_is", qc_bursts_limit_is(kind));
    json_object_set_new(o, "limit_text", json_string(qc_bursts_limit_words(kind)));
    json_object_set_new(o, "long_context", json_boolean(long_tier));
    /* A long-context tier governs long requests only: standard bursts are not its. */
    double bit = long_tier ? 0 : S_bit(dm, kind);
    qc_analysis_num(o, "bursts", bit);
    json_object_set_new(o, "bit", json_boolean(bit > 0));
    json_object_set_new(o, "bursts_one", json_boolean(bit == 1));
    const char *unit = qc_json_get_str(rec, "unit");
    int rec_here = bit > 0 && json_is_true(json_object_get(rec, "applies")) && unit &&
                   !strcmp(unit, !strcmp(kind, "requests_per_minute") ? "requests" : "tokens") &&
                   strcmp(kind, "tokens_per_day") != 0;
    if (rec_here)
        qc_analysis_num(o, "recommended", json_number_value(json_object_get(rec, "value")));
    else {
        json_object_set_new(o, "recommended", json_null());
        json_object_set_new(o, "recommended_text", json_string("-"));
    }
    const char *action = "none";
    if (bit > 0 && qc_governing_open_request(q))
        action = "open_request";
    else if (bit > 0 && json_is_false(json_object_get(q, "adjustable")))
        action = "support_case";
    else if (bit > 0)
        action = "service_quotas";
    json_object_set_new(o, "action", json_string(action));
    json_object_set_new(o, "action_is", json_pack("{s:b, s:b, s:b, s:b}", "none", action[0] == 'n',
                                                  "open_request", action[0] == 'o', "support_case",
                                                  action[1] == 'u', "service_quotas", action[1] == 'e'));
    return o;
}

json_t *qc_proposal_table(const json_t *dm, const qc_governing *g)
{
    json_t *out = json_array();
    const struct { const json_t *q; const char *kind; int long_tier; } rows[] = {
        {g->rpm, "requests_per_minute", 0},      {g->tpm, "tokens_per_minute", 0},
        {g->tpd, "tokens_per_day", 0},           {g->rpm_long, "requests_per_minute", 1},
        {g->tpm_long, "tokens_per_minute", 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if (rows[i].q)
            json_array_append_new(out, S_row(dm, rows[i].q, rows[i].kind, rows[i].long_tier));
    return out;
}

void qc_proposal_account(json_t *d, const json_t *request)
{
    json_t *proposed = json_array();
    const char *asked = qc_json_get_str(request, "quota_code");
    int asked_bit = 0, any_bit = 0;
    size_t i, k;
    json_t *m, *r;
    json_array_foreach(json_object_get(d, "models"), i, m)
    {
        json_array_foreach(json_object_get(m, "quota_table"), k, r)
        {
            if (!json_is_true(json_object_get(r, "bit")))
                continue;
            any_bit = 1;
            asked_bit |= asked && !strcmp(asked, qc_json_get_str(r, "code"));
            json_t *p = json_deep_copy(r);
            json_object_set_new(p, "model_id", json_deep_copy(json_object_get(m, "model_id")));
            json_array_append_new(proposed, p);
        }
    }
    json_object_set_new(d, "proposed", proposed);
    json_object_set_new(d, "has_proposed", json_boolean(json_array_size(proposed) > 0));
    json_object_set_new(d, "request_bit", json_boolean(asked_bit));
    char t[600] = "";
    const json_t *first = json_array_get(proposed, 0);
    /* A code not in the quota data (an init placeholder, a typo) is the
     * checklist's to name, not a claim about what bit. */
    if (asked && any_bit && !asked_bit && json_is_true(json_object_get(request, "found")))
        snprintf(t, sizeof t, "The case asks to raise %s, but no throttling in the evidence was "
                              "on it: the bursts were on %s (%s), and raising %s will not stop "
                              "them.", asked, qc_json_get_str(first, "limit_text"),
                 qc_json_get_str(first, "code"), asked);
    json_object_set_new(d, "request_note", t[0] ? json_string(t) : json_null());
}

/* The quota_table row for code across the diagnosed models, or NULL. */
static const json_t *S_table_row(const json_t *d, const char *code)
{
    size_t i, k;
    json_t *m, *r;
    json_array_foreach(json_object_get(d, "models"), i, m)
        json_array_foreach(json_object_get(m, "quota_table"), k, r)
            if (code && !strcmp(qc_json_get_str(r, "code"), code))
                return r;
    return NULL;
}

static const json_t *S_quota(const json_t *model, const char *code)
{
    size_t i;
    json_t *q;
    json_array_foreach(json_object_get(model, "quotas"), i, q)
        if (code && !strcmp(qc_json_get_str(q, "code"), code))
            return q;
    return NULL;
}

static json_t *S_more_one(const json_t *d, const json_t *model, const json_t *want)
{
    const char *code = qc_json_get_str(want, "quota_code");
    const json_t *q = S_quota(model, code), *row = S_table_row(d, code);
    const json_t *lim = json_object_get(want, "requested_limit");
    json_t *o = json_object();
    json_object_set_new(o, "quota_code", qc_json_str_or_null(code));
    json_object_set_new(o, "found", json_boolean(q != NULL));
    static const char *const copy[] = {"name", "effective", "effective_text", "default",
                                       "default_text", "adjustable"};
    for (size_t i = 0; i < sizeof copy / sizeof *copy; i++)
        json_object_set_new(o, copy[i], q ? json_deep_copy(json_object_get(q, copy[i])) : json_null());
    double v = -1;
    const char *source = "none";
    if (json_is_number(lim))
        v = json_number_value(lim), source = "case file";
    else if (row && json_is_number(json_object_get(row, "recommended")))
        v = json_number_value(json_object_get(row, "recommended")), source = "diagnosis";
    if (v >= 0)
        qc_analysis_num(o, "requested", v);
    else {
        json_object_set_new(o, "requested", json_null());
        json_object_set_new(o, "requested_text", json_string("to be agreed"));
    }
    json_object_set_new(o, "requested_source", json_string(source));
    double now = q ? json_number_value(json_object_get(q, "effective")) : -1;
    json_object_set_new(o, "above_current", json_boolean(v < 0 || !q || v > now));
    qc_analysis_num(o, "bursts", row ? json_number_value(json_object_get(row, "bursts")) : 0);
    json_object_set_new(o, "bit", json_boolean(row && json_is_true(json_object_get(row, "bit"))));
    const char *route = !q ? "unknown"
                      : q && qc_governing_open_request(q) ? "open_request"
                      : json_is_false(json_object_get(q, "adjustable")) ? "support_case"
                                                                         : "service_quotas";
    json_object_set_new(o, "route", json_string(route));
    json_object_set_new(o, "route_is", json_pack("{s:b, s:b, s:b, s:b}", "service_quotas",
                                                 route[1] == 'e', "support_case", route[1] == 'u',
                                                 "open_request", route[0] == 'o', "unknown",
                                                 route[0] == 'u' && route[1] == 'n'));
    return o;
}

void qc_proposal_more(json_t *d, const json_t *model)
{
    json_t *out = json_array();
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(json_object_get(model, "case"), "additional_quotas"), i, w)
        json_array_append_new(out, S_more_one(d, model, w));
    json_object_set_new(d, "has_additional_requests", json_boolean(json_array_size(out) > 0));
    json_object_set_new(d, "additional_requests", out);
}
