/* arithmetic.c - the design arithmetic; see arithmetic.h. */
#include "arithmetic.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "report/analysis.h"

/* A number, or the larger end of {"min", "max"}; *text shows which. */
static double S_peak_of(const json_t *v, char text[160])
{
    double a, b;
    if (json_is_number(v)) {
        qc_analysis_fmt(json_number_value(v), text);
        return json_number_value(v);
    }
    if (qc_json_get_num(v, "min", &a) && qc_json_get_num(v, "max", &b)) {
        char x[48], y[48];
        qc_analysis_fmt(a, x);
        qc_analysis_fmt(b, y);
        snprintf(text, 160, "%s (of %s-%s)", y, x, y);
        return b;
    }
    text[0] = '\0';
    return -1;
}

/* One step of the arithmetic.  Every step after the first also carries its
 * inputs as numbers, so a template in any language can write the expression
 * its own way: the previous step's value, and the figure applied to it
 * (minutes, concurrent investigations at peak, a percentage; NAN when
 * rounding, written as null). */
static void S_step(json_t *steps, const char *code, const char *label, const char *expr,
                   double operand, double value, const char *unit)
{
    static const char *const codes[] = {"sum", "per_minute", "concurrency", "tokens", "retry",
                                        "buffer", "round"};
    json_t *is = json_object();
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        json_object_set_new(is, codes[i], json_boolean(!strcmp(code, codes[i])));
    /* 45 x 1.1 is 49.50000000000001 in binary: keep six decimals, exactly. */
    value = round(value * 1e6) / 1e6;
    size_t n = json_array_size(steps);
    json_t *s = json_object();
    json_object_set_new(s, "n", json_integer((json_int_t)n + 1));
    json_object_set_new(s, "step", json_string(code));
    json_object_set_new(s, "step_is", is);
    json_object_set_new(s, "label", json_string(label));
    json_object_set_new(s, "expression", qc_json_str(expr));
    qc_analysis_num(s, "value", value);
    json_object_set_new(s, "unit", json_string(unit));
    if (n > 0) {
        const json_t *prev = json_array_get(steps, n - 1);
        qc_analysis_num(s, "input", json_number_value(json_object_get(prev, "value")));
        if (isnan(operand))
            json_object_set_new(s, "operand", json_null());
        else
            qc_analysis_num(s, "operand", operand);
    }
    json_array_append_new(steps, s);
}

static double S_sum_components(const json_t *comps, qc_buf *expr)
{
    double sum = 0;
    size_t i;
    json_t *c;
    json_array_foreach(comps, i, c)
    {
        char t[160];
        double v = S_peak_of(json_object_get(c, "requests_per_investigation"), t);
        if (v < 0)
            return -1;
        qc_buf_printf(expr, "%s%s", i ? " + " : "", t);
        sum += v;
    }
    return json_array_size(comps) ? sum : -1;
}

/* The request pattern, with ranges written out, for the templates. */
json_t *qc_arith_pattern(const json_t *p)
{
    json_t *o = json_object(), *comps = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(p, "components"), i, c)
    {
        char t[160];
        json_t *e = json_object();
        json_object_set_new(e, "component", json_deep_copy(json_object_get(c, "component")));
        S_peak_of(json_object_get(c, "requests_per_investigation"), t);
        json_object_set_new(e, "requests_text", json_string(t[0] ? t : "not stated"));
        json_array_append_new(comps, e);
    }
    json_object_set_new(o, "has_pattern", json_boolean(json_array_size(comps) > 0));
    json_object_set_new(o, "components", comps);
    static const char *const copy[] = {"investigation_minutes", "burst_size", "retry_policy",
                                       "unit_of_work"};
    for (size_t k = 0; k < sizeof copy / sizeof *copy; k++) {
        const json_t *v = json_object_get(p, copy[k]);
        json_object_set_new(o, copy[k], v ? json_deep_copy(v) : json_null());
    }
    /* "1 minute", "3 minutes": the templates choose the word. */
    json_object_set_new(o, "investigation_one",
                        json_boolean(json_is_number(json_object_get(p, "investigation_minutes")) &&
                                     json_number_value(json_object_get(p, "investigation_minutes")) == 1));
    char t[160];
    S_peak_of(json_object_get(p, "concurrent_investigations"), t);
    json_object_set_new(o, "concurrent_text", t[0] ? json_string(t) : json_null());
    return o;
}

/* Tokens per request for the arithmetic in tokens: the components' own
 * tokens_per_request weighted by their requests when every component
 * states one, else the measured input + output tokens per accepted request
 * of the models the quota governs (what AWS asks for in Bedrock cases);
 * *measured says which.  -1 when neither is known. */
static double S_tokens_per_request(const json_t *pattern, const json_t *q, const json_t *models,
                                   int *measured)
{
    double req = 0, tok = 0, in = 0, acc = 0;
    size_t i, k;
    json_t *c, *m, *id;
    int all = json_array_size(json_object_get(pattern, "components")) > 0;
    json_array_foreach(json_object_get(pattern, "components"), i, c)
    {
        char t[160];
        double r = S_peak_of(json_object_get(c, "requests_per_investigation"), t);
        double tp = S_peak_of(json_object_get(c, "tokens_per_request"), t);
        all &= r >= 0 && tp > 0;
        req += r, tok += r * tp;
    }
    *measured = !(all && req > 0);
    if (!*measured)
        return tok / req;
    json_array_foreach(models, i, m)
    {
        const char *mid = qc_json_get_str(m, "model_id");
        json_array_foreach(json_object_get(q, "models"), k, id) if (mid && json_string_value(id) && !strcmp(json_string_value(id), mid))
        {
            const json_t *t = json_object_get(m, "totals");
            in += json_number_value(json_object_get(t, "input_tokens")) +
                  json_number_value(json_object_get(t, "output_tokens"));
            acc += json_number_value(json_object_get(t, "invocations"));
        }
    }
    return acc > 0 && in > 0 ? round(in / acc) : -1;
}

/* Steps from the case's request pattern to the quota's unit: requests per
 * minute, or tokens per minute (requests x tokens per request) for a
 * tokens-per-minute quota.  Returns the rounded-up result, or -1 when the
 * pattern is incomplete.  A tokens-per-day quota keeps the requests
 * arithmetic: a per-minute pattern cannot give a daily total, and the
 * checklist says the unit differs. */
double qc_arith_run(const json_t *pattern, const json_t *q, const json_t *models,
                           json_t *steps)
{
    const char *kind = qc_json_get_str(q, "kind"), *unit = "requests/min";
    const char *work = qc_json_get_str(pattern, "unit_of_work");
    work = work ? work : "investigation";
    qc_buf e;
    qc_buf_init(&e, 0);
    double v = S_sum_components(json_object_get(pattern, "components"), &e);
    if (v < 0) {
        qc_buf_free(&e);
        return -1;
    }
    char a[48], b[48], t[160], ex[400], label[200];
    snprintf(label, sizeof label, "Requests per %s, all components", work);
    S_step(steps, "sum", label, e.ptr, NAN, v, "requests");
    double minutes = 0;
    if (qc_json_get_num(pattern, "investigation_minutes", &minutes) && minutes > 0 && minutes != 1) {
        qc_analysis_fmt(v, a);
        qc_analysis_fmt(minutes, b);
        snprintf(ex, sizeof ex, "%s / %s minutes", a, b);
        v /= minutes;
        snprintf(label, sizeof label, "Per minute of one %s", work);
        S_step(steps, "per_minute", label, ex, minutes, v, "requests/min");
    }
    double conc = S_peak_of(json_object_get(pattern, "concurrent_investigations"), t);
    if (conc > 0) {
        qc_analysis_fmt(v, a);
        snprintf(ex, sizeof ex, "%s x %s concurrent %ss", a, t, work);
        v *= conc;
        snprintf(label, sizeof label, "Concurrent %ss at peak", work);
        S_step(steps, "concurrency", label, ex, conc, v, "requests/min");
    }
    if (kind && !strcmp(kind, "tokens_per_minute")) {
        int measured;
        double tpr = S_tokens_per_request(pattern, q, models, &measured);
        if (tpr <= 0) {
            qc_buf_free(&e);
            json_array_clear(steps);
            return -1;
        }
        qc_analysis_fmt(v, a);
        qc_analysis_fmt(round(tpr * 100) / 100, b);
        snprintf(ex, sizeof ex, "%s x %s tokens per request", a, b);
        v *= tpr;
        unit = "tokens/min";
        S_step(steps, "tokens", measured ? "Tokens, at the measured input + output tokens per request"
                                         : "Tokens, at the components' tokens per request",
               ex, tpr, v, unit);
    }
    static const struct { const char *key, *code, *label; } pct[] = {
        {"retry_allowance_percent", "retry", "Retry allowance"}, {"buffer_percent", "buffer", "Buffer"}};
    for (int k = 0; k < 2; k++) {
        double p;
        if (!qc_json_get_num(pattern, pct[k].key, &p) || p <= 0)
            continue;
        qc_analysis_fmt(v, a);
        qc_analysis_fmt(p, b);
        snprintf(ex, sizeof ex, "%s x (1 + %s%%)", a, b);
        v = round(v * (1 + p / 100) * 1e6) / 1e6;
        S_step(steps, pct[k].code, pct[k].label, ex, p, v, unit);
    }
    double up = ceil(v - 1e-9);
    qc_analysis_fmt(v, a);
    snprintf(ex, sizeof ex, "%s rounded up", a);
    S_step(steps, "round", strcmp(unit, "tokens/min") ? "Requested requests per minute"
                                                      : "Requested tokens per minute",
           ex, NAN, up, unit);
    qc_buf_free(&e);
    return up;
}

