/* cost.c - token cost estimates; see cost.h.  Per model: the observed
 * week's tokens at the table's prices, the average cost of one request
 * (tokens per accepted request), and an hour at the requested rate. */
#include "cost.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "report/schema.h"

static const qc_schema_field S_model_price[] = {
    {"family", QC_F_STRING | QC_F_REQUIRED, NULL, NULL},
    {"input_per_million", QC_F_NUMBER | QC_F_REQUIRED, NULL, NULL},
    {"output_per_million", QC_F_NUMBER | QC_F_REQUIRED, NULL, NULL},
    {"regional_premium_percent", QC_F_NUMBER, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

static const qc_schema_field S_prices[] = {
    {"as_of", QC_F_STRING | QC_F_REQUIRED, NULL, NULL},
    {"currency", QC_F_STRING | QC_F_REQUIRED, NULL, NULL},
    {"source", QC_F_STRING, NULL, NULL},
    {"note", QC_F_STRING, NULL, NULL},
    {"models", QC_F_OBJECTS | QC_F_REQUIRED, S_model_price, NULL},
    {NULL, 0, NULL, NULL},
};

json_t *qc_cost_load(const char *path, qc_err *err)
{
    return qc_schema_load(path, S_prices, "price table", err);
}

int qc_cost_check(const char *name, const char *text, size_t len, const json_t *doc, qc_err *err)
{
    return qc_schema_check(name, text, len, doc, S_prices, "price table", err);
}

/* "us.anthropic.claude-sonnet-4-5-20250929-v1:0" starts, after its
 * geography, with the family "anthropic.claude-sonnet-4-5". */
static const json_t *S_price(const json_t *prices, const char *id, int *regional)
{
    static const char *const geo[] = {"global.", "us.", "eu.", "apac.", "jp.", "au.", "ca."};
    *regional = 1;
    for (size_t i = 0; i < sizeof geo / sizeof *geo; i++)
        if (!strncmp(id, geo[i], strlen(geo[i]))) {
            *regional = strcmp(geo[i], "global.") != 0;
            id += strlen(geo[i]);
            break;
        }
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(prices, "models"), i, p)
    {
        const char *f = qc_json_get_str(p, "family");
        if (f && !strncmp(id, f, strlen(f)))
            return p;
    }
    return NULL;
}

static void S_money(json_t *o, const char *key, double v)
{
    char t[64], k[80];
    json_object_set_new(o, key, json_real(round(v * 100) / 100));
    snprintf(t, sizeof t, "%.2f", v);
    snprintf(k, sizeof k, "%s_text", key);
    json_object_set_new(o, k, json_string(t));
}

static double S_n(const json_t *o, const char *k)
{
    return json_number_value(json_object_get(o, k));
}

void qc_cost_run(json_t *model, const json_t *prices)
{
    json_t *c = json_object(), *rows = json_array();
    static const char *const copy[] = {"as_of", "currency", "source", "note"};
    for (size_t k = 0; k < 4; k++)
    {
        const json_t *v = json_object_get(prices, copy[k]);
        json_object_set_new(c, copy[k], v ? json_deep_copy(v) : json_null());
    }
    const json_t *req = json_object_get(model, "request");
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(model, "models"), i, m)
    {
        const char *id = qc_json_get_str(m, "model_id");
        int regional;
        const json_t *p = id ? S_price(prices, id, &regional) : NULL;
        json_t *r = json_object();
        json_object_set_new(r, "model_id", json_string(id ? id : ""));
        json_object_set_new(r, "priced", json_boolean(p != NULL));
        const json_t *tot = json_object_get(m, "totals");
        double inv = S_n(tot, "invocations"), tin = S_n(tot, "input_tokens"), tout = S_n(tot, "output_tokens");
        double prem = p && regional ? 1 + S_n(p, "regional_premium_percent") / 100 : 1;
        double pin = p ? S_n(p, "input_per_million") * prem : 0, pout = p ? S_n(p, "output_per_million") * prem : 0;
        S_money(r, "input_per_million", pin);
        S_money(r, "output_per_million", pout);
        S_money(r, "observed", (tin * pin + tout * pout) / 1e6);
        double per_req = inv > 0 ? (tin / inv * pin + tout / inv * pout) / 1e6 : 0;
        json_object_set_new(r, "per_request", json_real(per_req));
        /* An hour at the requested rate, when the requested quota governs this model. */
        const json_t *q = json_object_get(req, "quota");
        int governed = 0;
        size_t k;
        json_t *g;
        json_array_foreach(json_object_get(q, "models"), k, g) governed |= id && !strcmp(json_string_value(g), id);
        /* In the quota's own unit: a tokens quota's value is tokens a minute,
         * priced at the window's mix of input and output tokens; a daily
         * quota has no hourly rate. */
        const char *kind = qc_json_get_str(q, "kind");
        int tokens = kind && !strcmp(kind, "tokens_per_minute");
        int rate = !kind || tokens || !strcmp(kind, "requests_per_minute");
        double want = governed && rate ? S_n(req, "requested") : 0;
        double per_token = tin + tout > 0 ? (tin * pin + tout * pout) / (tin + tout) / 1e6 : 0;
        double hour = tokens ? want * 60 * per_token : want * 60 * per_req;
        json_object_set_new(r, "requested_unit", json_string(tokens ? "tokens" : "requests"));
        json_object_set_new(r, "has_requested",
                            json_boolean(want > 0 && p && (tokens ? tin + tout > 0 : inv > 0)));
        S_money(r, "hour_at_requested", hour);
        json_array_append_new(rows, r);
    }
    json_object_set_new(c, "models", rows);
    json_object_set_new(model, "cost", c);
}
