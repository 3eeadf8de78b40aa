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

static int S_open_request(const json_t *q)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(q, "requests"), i, r)
    {
        const char *st = qc_json_get_str(r, "status");
        if (st && (!strcmp(st, "PENDING") || !strcmp(st, "CASE_OPENED")))
            return 1;
    }
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
    if (bit > 0 && S_open_request(q))
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
    if (asked && any_bit && !asked_bit)
        snprintf(t, sizeof t, "The case asks to raise %s, but no throttling in the evidence was "
                              "on it: the bursts were on %s (%s), and raising %s will not stop "
                              "them.", asked, qc_json_get_str(first, "limit_text"),
                 qc_json_get_str(first, "code"), asked);
    json_object_set_new(d, "request_note", t[0] ? json_string(t) : json_null());
}
