/* diagnosis.c - which limit bit, what to ask for, and proof it suffices;
 * see diagnosis.h.
 *
 * Works on the model alone (models[].minutes, events.list, quotas[] with
 * the models they govern, request), so every conclusion traces to figures in
 * model.json.  Demand per minute is what CloudWatch saw: accepted requests
 * plus throttled attempts.  Retries are in it, so replayed throttle counts
 * are upper bounds, and the text says so. */
#include "diagnosis.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/alloc.h"
#include "common/json.h"
#include "common/qtime.h"
#include "collector/quotamap.h"
#include "report/analysis.h"
#include "report/bursts.h"
#include "report/checklist.h"
#include "report/demand.h"
#include "report/evidx.h"
#include "report/governing.h"
#include "report/proposal.h"
#include "report/whatif.h"

#define QC_HEADROOM_PERCENT 20

/* ---- reconciliation ---- */

/* Application logs against CloudWatch: how many throttled attempts the
 * logged failures account for, the share of attempts that were retries, and
 * minutes where one saw throttling and the other did not. */
static json_t *S_reconcile(const json_t *m, const qc_minutes *mt, const qc_evidx_item *ev, size_t nev)
{
    double events = (double)nev, attempts = 0, retries = 0, with_attempts = 0;
    size_t i;
    for (i = 0; i < nev; i++)
        if (ev[i].attempts >= 0) {
            attempts += ev[i].attempts;
            retries += ev[i].attempts > 1 ? ev[i].attempts - 1 : 0;
            with_attempts++;
        }
    double logs_only = 0, cw_only = 0;
    for (i = 0; i < mt->n; i++) {
        logs_only += mt->c[QC_MIN_LOG][i] > 0 && mt->c[QC_MIN_THR][i] == 0;
        cw_only += mt->c[QC_MIN_THR][i] > 0 && mt->c[QC_MIN_LOG][i] == 0;
    }
    double cw = json_number_value(json_object_get(json_object_get(m, "totals"), "throttles"));
    json_t *o = json_object();
    qc_analysis_num(o, "log_events", events);
    qc_analysis_num(o, "log_events_with_attempts", with_attempts);
    qc_analysis_num(o, "logged_attempts", attempts);
    qc_analysis_num(o, "cloudwatch_throttled", cw);
    qc_analysis_num(o, "retry_share_percent", attempts > 0 ? round(retries * 1000.0 / attempts) / 10 : 0);
    qc_analysis_num(o, "minutes_logs_only", logs_only);
    qc_analysis_num(o, "minutes_cloudwatch_only", cw_only);
    json_object_set_new(o, "has_logs_only", json_boolean(logs_only > 0));
    json_object_set_new(o, "has_cloudwatch_only", json_boolean(cw_only > 0));
    char t[900], lo[200] = "", co[200] = "";
    /* The rows are periods of the data: minutes only for 1-minute data. */
    const char *unit = json_is_true(json_object_get(m, "per_minute")) ? "minute" : "period";
    /* Every count with its thousands separators, as the templates print them. */
    char f_lo[48], f_co[48], f_with[48], f_att[48], f_cw[48];
    qc_analysis_fmt(logs_only, f_lo);
    qc_analysis_fmt(cw_only, f_co);
    qc_analysis_fmt(with_attempts, f_with);
    qc_analysis_fmt(attempts, f_att);
    qc_analysis_fmt(cw, f_cw);
    if (logs_only > 0)
        snprintf(lo, sizeof lo, " In %s %s%s the application logged throttling that "
                                "CloudWatch does not show: check the model id and region of those "
                                "calls.", f_lo, unit, logs_only == 1 ? "" : "s");
    if (cw_only > 0)
        snprintf(co, sizeof co, " In %s %s%s CloudWatch counted throttled attempts that the "
                                "application did not log.", f_co, unit, cw_only == 1 ? "" : "s");
    snprintf(t, sizeof t,
             "The %s logged failures with an attempt count made %s attempts, %.0f%% of them "
             "retries; CloudWatch counted %s throttled attempts%s.%s%s",
             f_with, f_att, attempts > 0 ? retries * 100.0 / attempts : 0, f_cw,
             attempts > cw ? ", fewer than the logs show: check that the logged calls are this "
                             "model's, in this region and window"
             : attempts < cw ? " (the rest were retries that later succeeded, or calls the "
                               "application did not log)"
                             : ", as many as the logs show",
             lo, co);
    /* Without a logged failure there is nothing to reconcile: say that, not "0 of 0". */
    if (events == 0) {
        char c[48];
        qc_analysis_fmt(cw, c);
        snprintf(t, sizeof t, "No throttling error of this model is in the application logs, so "
                              "CloudWatch's %s throttled attempts cannot be checked against them.", c);
    }
    json_object_set_new(o, "text", json_string(t));
    json_object_set_new(o, "mismatch", json_boolean(logs_only > 0));
    return o;
}

/* An increase approved after throttling began did not govern that
 * throttling: say so, so the current value is not read as the one that bit.
 * The figures come apart too, for templates in other languages. */
static json_t *S_history(const json_t *rpm, const json_t *bursts)
{
    const char *start = qc_json_get_str(json_array_get(bursts, 0), "start");
    int64_t t0;
    const json_t *later;
    if (!start || qc_time_parse_arg(start, &t0) < 0)
        return json_null();
    qc_governing_in_force(rpm, t0, &later);
    if (!later)
        return json_null();
    json_t *o = json_object();
    double v = json_number_value(json_object_get(later, "desired_value"));
    const char *at = qc_json_get_str(later, "last_updated");
    qc_analysis_num(o, "approved_value", v);
    json_object_set_new(o, "approved_at", json_string(at));
    json_object_set_new(o, "throttling_began", json_string(start));
    char t[400];
    char f_v[48];
    qc_analysis_fmt(v, f_v);
    snprintf(t, sizeof t, "An increase to %s was approved at %s, after the throttling began at "
                          "%s: the value that bit was the one in force before.", f_v, at, start);
    json_object_set_new(o, "text", json_string(t));
    return o;
}

/* ---- one model ---- */

/* Tokens per accepted request in the period with the most tokens: the
 * size of request the tokens quota had to hold when it bit. */
static double S_peak_tokens_per_request(const qc_minutes *minutes)
{
    double best = 0, tpr = 0;
    for (size_t i = 0; i < minutes->n; i++) {
        double tok = qc_minutes_tokens(minutes, i), acc = minutes->c[QC_MIN_ACC][i];
        if (acc > 0 && tok > best)
            best = tok, tpr = tok / acc;
    }
    return round(tpr);
}

/* How to send until the increase: the requests quota, or for a model
 * throttled for tokens, as many requests of the busiest minute's size as
 * the tokens quota holds, if that is fewer. */
static json_t *S_pacing(double rpm, double tpm, double tpd, double tpr)
{
    /* A quota of 0 serves nothing: pacing cannot help until it is raised. */
    if (rpm == 0 || tpm == 0 || tpd == 0) {
        json_t *z = json_object();
        qc_analysis_num(z, "quota", 0);
        json_object_set_new(z, "zero", json_true());
        json_object_set_new(z, "by_tokens", json_boolean(rpm != 0));
        json_object_set_new(z, "text", json_string(
            "The quota in force is 0: no call succeeds until it is raised, so no pacing helps."));
        return z;
    }
    int by_tokens = tpm > 0 && tpr > 0 && (rpm <= 0 || floor(tpm / tpr) < rpm);
    double q = by_tokens ? fmax(1, floor(tpm / tpr)) : rpm;
    if (q <= 0)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "zero", json_false());
    char t[600], tail[300] = "", a[48], b[48];
    qc_analysis_num(o, "quota", q);
    qc_analysis_num(o, "spacing_seconds", round(60.0 / q * 100) / 100);
    qc_analysis_num(o, "burst", floor(q));
    json_object_set_new(o, "by_tokens", json_boolean(by_tokens));
    if (by_tokens) {
        qc_analysis_num(o, "tokens_per_request", tpr);
        qc_analysis_num(o, "tokens_per_minute_quota", tpm);
        qc_analysis_fmt(tpm, a);
        qc_analysis_fmt(tpr, b);
        snprintf(tail, sizeof tail, ", which keeps requests of %s tokens, the size of the busiest "
                                    "minute's, within the tokens-per-minute quota of %s", b, a);
    }
    char f_q[48], f_b[48];
    qc_analysis_fmt(q, f_q);
    qc_analysis_fmt(floor(q), f_b);
    snprintf(t, sizeof t, "Until the increase: send at most one request every %.3g seconds "
                          "(%s a minute), in bursts of no more than %s%s, and retry throttled "
                          "calls no sooner than the next minute.", 60.0 / q, f_q, f_b, tail);
    json_object_set_new(o, "text", json_string(t));
    return o;
}

/* Bedrock reserves max_tokens when a request starts.  Where the logs carry
 * max_tokens, the busiest period's attempts times the mean logged max_tokens
 * is what the quota had to hold when those requests started, whatever
 * CloudWatch later counted as used. */
/* A requests-per-minute replay speaks to bursts that requests (or nothing
 * we could name) caused; for a model throttled only for tokens it would
 * read as "the current quota suffices", which the bursts contradict. */
static int S_rpm_replay_applies(const json_t *bursts)
{
    return json_array_size(bursts) == 0 || qc_bursts_has_limit(bursts, "requests_per_minute") ||
           qc_bursts_has_limit(bursts, "undetermined");
}

static json_t *S_reservation(const qc_evidx_item *ev, size_t nev, double peak, const json_t *tpm)
{
    double n = 0, sum = 0, max = 0;
    for (size_t i = 0; i < nev; i++) {
        if (ev[i].max_tokens < 0)
            continue;
        n++;
        sum += ev[i].max_tokens;
        max = fmax(max, ev[i].max_tokens);
    }
    json_t *o = json_object();
    json_object_set_new(o, "has_estimate", json_boolean(n > 0));
    if (n == 0)
        return o;
    double mean = round(sum / n), reserved = peak * mean, q = qc_governing_eff(tpm);
    qc_analysis_num(o, "events_with_max_tokens", n);
    qc_analysis_num(o, "max_tokens_mean", mean);
    qc_analysis_num(o, "max_tokens_max", max);
    qc_analysis_num(o, "attempts_max", peak);
    qc_analysis_num(o, "reserved_per_minute", reserved);
    if (q > 0)
        qc_analysis_num(o, "tokens_per_minute_quota", q);
    else
        json_object_set_new(o, "tokens_per_minute_quota", json_null());
    json_object_set_new(o, "exceeds_quota", json_boolean(q > 0 && reserved > q));
    char t[640], a[48], b[48], c[48], d[48], tail[120] = "";
    qc_analysis_fmt(peak, a);
    qc_analysis_fmt(mean, b);
    qc_analysis_fmt(n, c);
    qc_analysis_fmt(reserved, d);
    if (q > 0) {
        char qs[48];
        qc_analysis_fmt(q, qs);
        snprintf(tail, sizeof tail, ", %s the tokens-per-minute quota of %s",
                 reserved > q ? "above" : "within", qs);
    }
    snprintf(t, sizeof t, "At the peak of %s attempts a minute and a mean max_tokens of %s "
                          "(from %s logged requests), requests reserve about %s tokens a minute "
                          "when they start%s.", a, b, c, d, tail);
    json_object_set_new(o, "sentence", json_string(t));
    return o;
}

/* The larger of the observed peak with headroom and the design
 * arithmetic (only where the case asks for this model's requests quota);
 * in tokens for a model throttled only for tokens. */
static json_t *S_recommended(double peak, double p99, int tokens, int requested_here,
                             double design, int applies)
{
    json_t *rec = json_object();
    double with = ceil(peak * (100.0 + QC_HEADROOM_PERCENT) / 100.0);
    int by_design = !tokens && requested_here && design > with;
    json_object_set_new(rec, "unit", json_string(tokens ? "tokens" : "requests"));
    json_object_set_new(rec, "unit_is", json_pack("{s:b, s:b}", "requests", !tokens, "tokens", tokens));
    qc_analysis_num(rec, "observed_peak", peak);
    qc_analysis_num(rec, "observed_p99", p99);
    qc_analysis_num(rec, "headroom_percent", QC_HEADROOM_PERCENT);
    qc_analysis_num(rec, "observed_with_headroom", with);
    if (!tokens && requested_here && design > 0)
        qc_analysis_num(rec, "design", design);
    else
        json_object_set_new(rec, "design", json_null());
    json_object_set_new(rec, "has_design", json_boolean(!tokens && requested_here && design > 0));
    qc_analysis_num(rec, "value", by_design ? design : with);
    json_object_set_new(rec, "basis", json_string(by_design ? "design arithmetic" : "observed peak"));
    json_object_set_new(rec, "applies", json_boolean(applies));
    return rec;
}

/* An observed peak recommends nothing when it cannot be a minute's peak
 * (coarser data: an average is a lower bound) or when it does not exceed
 * the value in force (the figures do not ask for more).  The design
 * arithmetic still stands on its own. */
static void S_no_recommendation(json_t *rec, int per_minute, double current)
{
    const char *why = NULL;
    int design = !strcmp(qc_json_get_str(rec, "basis"), "design arithmetic");
    double v = json_number_value(json_object_get(rec, "value"));
    if (!json_is_true(json_object_get(rec, "applies")) || design)
        ;
    else if (!per_minute)
        why = "No recommendation from these figures: a per-minute value needs 1-minute data, and "
              "the busiest period's average per minute is only a lower bound.";
    else if (current >= 0 && v <= current)
        why = "No recommendation from these figures: the observed demand with headroom does not "
              "exceed the value in force.";
    if (why)
        json_object_set_new(rec, "applies", json_false());
    json_object_set_new(rec, "none_because", qc_json_str_or_null(why));
}

/* A recommendation never contradicts the requested value in silence: where
 * the case asks for the quota the recommendation is in, a differing value
 * is said, with which way it differs. */
static void S_against_request(json_t *rec, const json_t *req, const json_t *q)
{
    const char *rc = qc_json_get_str(req, "quota_code"), *qc = qc_json_get_str(q, "code");
    double want = json_number_value(json_object_get(req, "requested"));
    double v = json_number_value(json_object_get(rec, "value"));
    int here = rc && qc && !strcmp(rc, qc) && json_is_number(json_object_get(req, "requested")) &&
               json_is_true(json_object_get(rec, "applies"));
    json_object_set_new(rec, "for_request", json_boolean(here));
    json_object_set_new(rec, "matches_request", json_boolean(here && want == v));
    char t[400] = "", a[48], b[48];
    qc_analysis_fmt(want, a);
    qc_analysis_fmt(v, b);
    if (here && want > v)
        snprintf(t, sizeof t, "The case asks for %s, above the %s the figures here support (%s): the "
                              "difference rests on the request pattern, not on observed demand.",
                 a, b, qc_json_get_str(rec, "basis"));
    else if (here && want < v)
        snprintf(t, sizeof t, "The case asks for %s, below the %s the figures here recommend (%s): "
                              "the replay above shows what would still be throttled at %s.",
                 a, b, qc_json_get_str(rec, "basis"), a);
    json_object_set_new(rec, "request_note", t[0] ? json_string(t) : json_null());
}

/* The replays that speak to this model's throttling: its requests quota
 * unless it was throttled only for tokens, and its tokens quota where a
 * burst was for tokens or the case asks for that quota. */
static json_t *S_model_replay(const qc_whatif *w, const qc_governing *g, const json_t *bursts,
                              const json_t *req)
{
    json_t *out = json_array();
    if (!w->d->per_minute)
        return out;
    if (g->rpm && S_rpm_replay_applies(bursts))
        qc_whatif_quota(out, w, g->rpm, 0, req);
    const char *rc = qc_json_get_str(req, "quota_code"), *tc = g->tpm ? qc_json_get_str(g->tpm, "code") : NULL;
    size_t first_tokens = json_array_size(out);
    if (g->tpm && (qc_bursts_has_limit(bursts, "tokens_per_minute") || (rc && tc && !strcmp(rc, tc))))
        qc_whatif_quota(out, w, g->tpm, 1, req);
    /* A tokens line replays tokens alone: where requests bound, a higher
     * tokens value does not stop that, and the line must not read as if. */
    int rpm_bound = g->rpm && qc_bursts_has_limit(bursts, "requests_per_minute");
    for (size_t i = 0; i < json_array_size(out); i++) {
        json_t *row = json_array_get(out, i);
        json_object_set_new(row, "requests_bind", json_boolean(rpm_bound && i >= first_tokens));
        if (!rpm_bound || i < first_tokens || json_is_true(json_object_get(json_object_get(row, "label_is"), "current")))
            continue;
        char t[1100];
        snprintf(t, sizeof t, "%s This line counts tokens only: the requests-per-minute quota (%s), "
                              "which bound, still throttles at its current value (its line above).",
                 qc_json_get_str(row, "sentence"), qc_json_get_str(g->rpm, "code"));
        json_object_set_new(row, "sentence", json_string(t));
    }
    return out;
}

/* Why there is no replay, for the reader; NULL when there is one. */
static const char *S_no_replay(const qc_demand *d, int throttled)
{
    if (!throttled)
        return NULL;
    if (!d->per_minute)
        return "A replay needs 1-minute data; this evidence has longer periods (CloudWatch keeps "
               "1-minute data for 15 days: collect again within that window, or export with "
               "--period 60).";
    return NULL;
}

static void S_model_quotas(json_t *o, const qc_governing *g)
{
    json_t *qs = json_object();
    json_object_set_new(qs, "requests_per_minute", qc_governing_ref(g->rpm));
    json_object_set_new(qs, "tokens_per_minute", qc_governing_ref(g->tpm));
    json_object_set_new(qs, "tokens_per_day", qc_governing_ref(g->tpd));
    json_object_set_new(qs, "requests_per_minute_long_context", qc_governing_ref(g->rpm_long));
    json_object_set_new(qs, "tokens_per_minute_long_context", qc_governing_ref(g->tpm_long));
    json_object_set_new(qs, "has_long_context", json_boolean(g->rpm_long || g->tpm_long));
    json_object_set_new(o, "quotas", qs);
}

static void S_model_bursts(json_t *o, json_t *bursts)
{
    json_object_set_new(o, "has_bursts", json_boolean(json_array_size(bursts) > 0));
    qc_analysis_num(o, "burst_count", (double)json_array_size(bursts));
    json_object_set_new(o, "burst_count_one", json_boolean(json_array_size(bursts) == 1));
    json_object_set_new(o, "limits", qc_bursts_limits(bursts));
    json_object_set_new(o, "top_bursts", qc_bursts_top(bursts, 5));
    json_object_set_new(o, "bursts", bursts);
}

/* The peak the recommendation rests on: first attempts (demand without
 * retries) or tokens, per minute; for longer periods the busiest period's
 * average per minute, a lower bound on its busiest minute. */
static void S_peak(const qc_demand *d, int tokens, double *peak, double *p99)
{
    *peak = tokens ? d->tokens_max : d->first_max;
    *p99 = tokens ? d->tokens_p99 : d->first_p99;
    double per = (double)d->period_ms / 60000.0;
    if (!d->per_minute) {
        *peak = tokens ? round(*peak / per) : round(*peak / per * 10) / 10;
        *p99 = tokens ? round(*p99 / per) : round(*p99 / per * 10) / 10;
    }
}

static json_t *S_model(const json_t *m, const json_t *root, const qc_evidx *idx, double max_attempts,
                       const qc_mintabs *tabs)
{
    const char *id = qc_json_get_str(m, "model_id");
    const json_t *req = json_object_get(root, "request");
    const qc_minutes *minutes = qc_mintabs_get(tabs, id);
    json_t *per = json_object_get(m, "period");
    int64_t period = (json_is_integer(per) && json_integer_value(per) > 0 ? json_integer_value(per) : 60) * 1000;
    qc_governing g = qc_governing_for(json_object_get(root, "quotas"), id);
    size_t nev;
    const qc_evidx_item *ev = qc_evidx_model(idx, id, &nev);
    qc_demand dm;
    qc_demand_build(&dm, minutes, period, ev, nev, max_attempts);
    json_t *o = json_object();
    json_object_set_new(o, "model_id", json_string(id));
    S_model_quotas(o, &g);
    json_object_set_new(o, "demand", qc_demand_json(&dm));
    json_t *bursts = qc_bursts_find(minutes, period, &g, ev, nev);
    double thr = json_number_value(json_object_get(json_object_get(m, "totals"), "throttles"));
    int throttled = json_array_size(bursts) > 0 || nev > 0 || thr > 0;
    json_object_set_new(o, "throttled", json_boolean(throttled));
    S_model_bursts(o, bursts);
    json_object_set_new(o, "reconciliation", S_reconcile(m, minutes, ev, nev));
    json_object_set_new(o, "history", S_history(g.rpm, bursts));
    const char *rq = qc_json_get_str(req, "quota_code");
    int requested_here = g.rpm && json_is_number(json_object_get(req, "requested")) && rq &&
                         !strcmp(qc_json_get_str(g.rpm, "code"), rq);
    qc_whatif w = {&dm, ev, nev, thr};
    json_t *replay = S_model_replay(&w, &g, bursts, req);
    json_object_set_new(o, "has_replay", json_boolean(json_array_size(replay) > 0));
    json_object_set_new(o, "replay", replay);
    json_object_set_new(o, "no_replay", qc_json_str_or_null(S_no_replay(&dm, throttled)));
    /* Throttled only for tokens: the tokens quota is the one to raise. */
    /* Bursts no figure decided do not make it a requests case. */
    int tokens = g.tpm && !qc_bursts_has_limit(bursts, "requests_per_minute") &&
                 qc_bursts_has_limit(bursts, "tokens_per_minute");
    double peak, p99;
    S_peak(&dm, tokens, &peak, &p99);
    /* A model that was never throttled needs no pacing and no increase. */
    json_object_set_new(o, "pacing", !throttled ? json_null() :
        S_pacing(qc_governing_eff(g.rpm), qc_bursts_has_limit(bursts, "tokens_per_minute") ? qc_governing_eff(g.tpm) : -1,
                 qc_governing_eff(g.tpd), S_peak_tokens_per_request(minutes)));
    json_t *rec = S_recommended(peak, p99, tokens, requested_here,
                                json_number_value(json_object_get(req, "design")),
                                throttled && (tokens || g.rpm != NULL));
    json_object_set_new(rec, "per_minute", json_boolean(dm.per_minute));
    S_no_recommendation(rec, dm.per_minute, qc_governing_eff(tokens ? g.tpm : g.rpm));
    S_against_request(rec, req, tokens ? g.tpm : g.rpm);
    json_object_set_new(o, "recommended", rec);
    json_object_set_new(o, "reservation", S_reservation(ev, nev, dm.attempts_max, g.tpm));
    json_object_set_new(o, "quota_table", qc_proposal_table(o, &g));
    qc_demand_free(&dm);
    return o;
}

/* ---- the account ---- */

/* The same limit for the same model through another route (on-demand,
 * cross-region, global): the concrete alternatives, with their values. */
static json_t *S_routes(const json_t *quotas, const json_t *q)
{
    json_t *out = json_array();
    qc_quotamap_class c = qc_quotamap_classify(qc_json_get_str(q, "name"));
    size_t i;
    json_t *o;
    json_array_foreach(quotas, i, o)
    {
        qc_quotamap_class k = qc_quotamap_classify(qc_json_get_str(o, "name"));
        if (o == q || k.kind != c.kind || k.tier != c.tier || k.scope == c.scope || !c.phrase_len ||
            k.phrase_len != c.phrase_len || strncasecmp(k.phrase, c.phrase, c.phrase_len))
            continue;
        json_t *r = json_object();
        static const char *const copy[] = {"code", "name", "effective", "effective_text", "adjustable"};
        for (size_t n = 0; n < sizeof copy / sizeof *copy; n++)
            json_object_set_new(r, copy[n], json_deep_copy(json_object_get(o, copy[n])));
        json_object_set_new(r, "scope", json_string(qc_quotamap_scope_name(k.scope)));
        json_array_append_new(out, r);
    }
    return out;
}

static json_t *S_alternatives(const json_t *quotas)
{
    json_t *out = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(quotas, i, q)
    {
        if (!json_is_false(json_object_get(q, "adjustable")) || !json_array_size(json_object_get(q, "models")))
            continue;
        json_t *a = json_object(), *routes = S_routes(quotas, q);
        json_object_set_new(a, "code", json_deep_copy(json_object_get(q, "code")));
        json_object_set_new(a, "name", json_deep_copy(json_object_get(q, "name")));
        json_object_set_new(a, "effective_text", json_deep_copy(json_object_get(q, "effective_text")));
        json_object_set_new(a, "has_routes", json_boolean(json_array_size(routes) > 0));
        json_object_set_new(a, "routes", routes);
        json_array_append_new(out, a);
    }
    return out;
}

/* The order a reader wants: the models the request is for, then the
 * throttled ones, most throttled first, then the rest, each group in the
 * models' own order. */
typedef struct ranked {
    json_t *m;
    int group;
    double throttled;
    size_t at;
} ranked;

static int S_ranked_cmp(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->group != y->group)
        return x->group - y->group;
    if (x->throttled != y->throttled)
        return x->throttled > y->throttled ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

static void S_order(json_t *models, const json_t *request)
{
    size_t n = json_array_size(models), i, k;
    ranked *r = qc_calloc(n + 1, sizeof *r);
    json_t *v;
    for (i = 0; i < n; i++) {
        json_t *m = json_array_get(models, i);
        const char *id = qc_json_get_str(m, "model_id");
        int requested = 0;
        json_array_foreach(json_object_get(json_object_get(request, "quota"), "models"), k, v)
            requested |= id && json_is_string(v) && !strcmp(json_string_value(v), id);
        double thr = json_number_value(json_object_get(json_object_get(m, "reconciliation"), "cloudwatch_throttled"));
        r[i] = (ranked){json_incref(m), requested ? 0 : json_is_true(json_object_get(m, "throttled")) ? 1 : 2,
                        requested ? 0 : thr, i};
    }
    qsort(r, n, sizeof *r, S_ranked_cmp);
    json_array_clear(models);
    for (i = 0; i < n; i++)
        json_array_append_new(models, r[i].m);
    free(r);
}

int qc_diagnosis_run(json_t *model, const qc_mintabs *tabs, const qc_evidx *idx, qc_err *err)
{
    (void)err;
    json_t *d = json_object(), *models = json_array();
    double max_attempts = 3;
    qc_json_get_num(json_object_get(json_object_get(model, "case"), "request_pattern"),
                    "max_attempts", &max_attempts);
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(model, "models"), i, m)
        json_array_append_new(models, S_model(m, model, idx, max_attempts, tabs));
    S_order(models, json_object_get(model, "request"));
    json_object_set_new(d, "models", models);
    qc_proposal_account(d, json_object_get(model, "request"));
    qc_proposal_more(d, model);
    int tpm = 0, reserved = 0;
    json_array_foreach(models, i, m)
    {
        size_t k;
        json_t *l;
        json_array_foreach(json_object_get(m, "limits"), k, l)
            tpm |= !strcmp(qc_json_get_str(l, "limit"), "tokens_per_minute");
        reserved |= json_is_true(json_object_get(json_object_get(m, "reservation"), "has_estimate"));
    }
    json_object_set_new(d, "has_tpm", json_boolean(tpm));
    json_object_set_new(d, "has_reservation", json_boolean(reserved));
    json_t *alts = S_alternatives(json_object_get(model, "quotas"));
    json_object_set_new(d, "has_not_adjustable", json_boolean(json_array_size(alts) > 0));
    json_object_set_new(d, "not_adjustable", alts);
    /* Said once for every quota above, not repeated per quota. */
    json_object_set_new(d, "not_adjustable_options", json_pack(
        "[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]",
        "option", "a support case", "effect",
        "AWS can still raise a value Service Quotas does not let you request",
        "option", "a cross-region or global inference profile", "effect",
        "spreads calls over more regions, with quotas of their own (values above, where collected)",
        "option", "provisioned throughput", "effect",
        "dedicated model units, billed by the hour, outside the on-demand quotas",
        "option", "another model", "effect", "moves the load to a model with room under its quotas"));
    json_object_set_new(d, "tpm_note", json_string(
        "Bedrock counts input plus output tokens against tokens-per-minute quotas and reserves "
        "max_tokens when a request starts, so CloudWatch's token counts can sit under the quota "
        "while requests are throttled for tokens."));
    json_object_set_new(d, "replay_note", json_string(
        "The replay feeds each minute's attempts as CloudWatch counted them (accepted plus "
        "throttled, retries included) through a token bucket that holds one minute of the quota "
        "and refills continuously; attempts the application logged come at their logged time, "
        "the rest at the start of their minute, the hardest placement for the quota. AWS does "
        "not publish Bedrock's exact algorithm: the line for the current quota shows how closely "
        "the model reproduces what CloudWatch counted. Retries are in the demand, so the counts "
        "for higher quotas are upper bounds. The waits are those of a client that does not "
        "retry: only the first attempts of each minute, all at its start, an upper bound too."));
    size_t open;
    json_t *cl = qc_checklist_build(model, models, tabs, idx, &open);
    json_object_set_new(d, "checklist", cl);
    json_object_set_new(d, "checklist_open", json_integer((json_int_t)open));
    json_object_set_new(d, "has_open_items", json_boolean(open > 0));
    json_object_set_new(model, "diagnosis", d);
    return 0;
}
