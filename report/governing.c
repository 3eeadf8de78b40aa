/* governing.c - see governing.h. */
#include "governing.h"

#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "common/qtime.h"
#include "collector/quotamap.h"
#include "report/analysis.h"

static int S_names(const json_t *q, const char *model)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(q, "models"), i, m)
    {
        const char *s = json_string_value(m);
        if (s && !strcmp(s, model))
            return 1;
    }
    return 0;
}

qc_governing qc_governing_for(const json_t *quotas, const char *model)
{
    qc_governing g = {NULL, NULL, NULL, NULL, NULL};
    size_t i;
    json_t *q;
    json_array_foreach(quotas, i, q)
    {
        const char *name = qc_json_get_str(q, "name");
        if (!name || !S_names(q, model) || !json_is_number(json_object_get(q, "effective")))
            continue;
        qc_quotamap_class c = qc_quotamap_classify(name);
        int lc = c.tier == QC_QUOTAMAP_LONG_CONTEXT;
        const json_t **slot = NULL;
        if (c.tier == QC_QUOTAMAP_LATENCY_OPTIMIZED)
            continue;
        if (c.kind == QC_QUOTAMAP_TPD)
            slot = &g.tpd;
        else if (c.kind == QC_QUOTAMAP_TPM)
            slot = lc ? &g.tpm_long : &g.tpm;
        else if (c.kind == QC_QUOTAMAP_RPM)
            slot = lc ? &g.rpm_long : &g.rpm;
        if (slot && !*slot)
            *slot = q;
    }
    return g;
}

double qc_governing_eff(const json_t *q)
{
    return q ? json_number_value(json_object_get(q, "effective")) : -1;
}

double qc_governing_in_force(const json_t *q, int64_t t, const json_t **later_out)
{
    const json_t *before = NULL, *dummy, **later = later_out ? later_out : &dummy;
    int64_t tb = 0, tl = 0;
    size_t i;
    json_t *r;
    *later = NULL;
    if (!q)
        return -1;
    json_array_foreach(json_object_get(q, "requests"), i, r)
    {
        int64_t at;
        const char *st = qc_json_get_str(r, "status");
        if (!st || strcmp(st, "APPROVED") || !json_is_number(json_object_get(r, "desired_value")) ||
            qc_time_parse_arg(qc_json_get_str(r, "last_updated"), &at) < 0)
            continue;
        if (at <= t && (!before || at > tb))
            before = r, tb = at;
        else if (at > t && (!*later || at < tl))
            *later = r, tl = at;
    }
    if (!*later)
        return qc_governing_eff(q);
    return before ? json_number_value(json_object_get(before, "desired_value")) : -1;
}

const json_t *qc_governing_open_request(const json_t *q)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(q, "requests"), i, r)
    {
        const json_t *open = json_object_get(r, "open");
        const char *st = qc_json_get_str(r, "status");
        if (json_is_boolean(open) ? json_is_true(open)
                                  : st && (!strcmp(st, "PENDING") || !strcmp(st, "CASE_OPENED")))
            return r;
    }
    return NULL;
}

json_t *qc_governing_ref(const json_t *q)
{
    if (!q)
        return json_null();
    json_t *o = json_object();
    char t[48];
    double v = qc_governing_eff(q);
    json_object_set_new(o, "code", json_deep_copy(json_object_get(q, "code")));
    json_object_set_new(o, "name", json_deep_copy(json_object_get(q, "name")));
    json_object_set_new(o, "value", json_real(v));
    qc_analysis_fmt(v, t);
    json_object_set_new(o, "value_text", json_string(t));
    json_object_set_new(o, "adjustable", json_deep_copy(json_object_get(q, "adjustable")));
    return o;
}
