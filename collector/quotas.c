/* quotas.c - merged Service Quotas view; see quotas.h.
 * Field names follow the Service Quotas API (botocore service-quotas model). */
#include "quotas.h"

#include <stdlib.h>
#include <string.h>

#include "collector/quotamap.h"
#include "common/alloc.h"
#include "common/json.h"
#include "common/qtime.h"

qc_quota *qc_quota_get(qc_quota_set *set, const char *service_code, const char *code)
{
    for (size_t i = 0; i < set->n; i++)
        if (!strcmp(set->q[i].code, code) && !strcmp(set->q[i].service_code, service_code))
            return &set->q[i];
    set->q = qc_grow(set->q, &set->cap, set->n + 1, sizeof *set->q);
    qc_quota *q = &set->q[set->n++];
    memset(q, 0, sizeof *q);
    q->service_code = qc_strdup(service_code);
    q->code = qc_strdup(code);
    q->adjustable = q->global = -1;
    return q;
}

qc_quota_request *qc_quota_request_add(qc_quota_set *set)
{
    set->r = qc_grow(set->r, &set->rcap, set->nr + 1, sizeof *set->r);
    qc_quota_request *r = &set->r[set->nr++];
    memset(r, 0, sizeof *r);
    r->created_ms = r->updated_ms = QC_TIME_NONE;
    return r;
}

static int S_q_cmp(const void *a, const void *b)
{
    const qc_quota *x = a, *y = b;
    int c = strcmp(x->service_code, y->service_code);
    return c ? c : strcmp(x->code, y->code);
}

static int S_r_cmp(const void *a, const void *b)
{
    const qc_quota_request *x = a, *y = b;
    if (x->created_ms != y->created_ms)
        return x->created_ms < y->created_ms ? -1 : 1;
    return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

static void S_req_free(qc_quota_request *r);

static int S_id_cmp(const void *a, const void *b)
{
    const qc_quota_request *x = a, *y = b;
    int c = strcmp(x->id ? x->id : "", y->id ? y->id : "");
    if (c)
        return c;
    return x->updated_ms < y->updated_ms ? 1 : x->updated_ms > y->updated_ms ? -1 : 0;
}

void qc_quota_finish(qc_quota_set *set)
{
    if (set->n > 1)
        qsort(set->q, set->n, sizeof *set->q, S_q_cmp);
    if (set->nr < 2)
        return;
    /* The same request may come from two exports: keep its latest state. */
    qsort(set->r, set->nr, sizeof *set->r, S_id_cmp);
    size_t w = 0;
    for (size_t i = 0; i < set->nr; i++) {
        if (w && set->r[i].id && set->r[w - 1].id && !strcmp(set->r[i].id, set->r[w - 1].id)) {
            S_req_free(&set->r[i]);
            continue;
        }
        set->r[w++] = set->r[i];
    }
    set->nr = w;
    qsort(set->r, set->nr, sizeof *set->r, S_r_cmp);
}

static void S_req_free(qc_quota_request *r)
{
    free(r->id);
    free(r->case_id);
    free(r->service_code);
    free(r->quota_code);
    free(r->quota_name);
    free(r->status);
    free(r->unit);
    free(r->requester);
    free(r->source);
}

void qc_quota_set_free(qc_quota_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        qc_quota *q = &set->q[i];
        free(q->service_code);
        free(q->code);
        free(q->name);
        free(q->unit);
        free(q->arn);
        free(q->period_unit);
        free(q->applied_source);
        free(q->default_source);
        json_decref(q->usage_metric);
    }
    for (size_t i = 0; i < set->nr; i++)
        S_req_free(&set->r[i]);
    free(set->q);
    free(set->r);
    memset(set, 0, sizeof *set);
}

static json_t *S_tri(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

static int S_open_status(const char *st)
{
    return st && (!strcmp(st, "PENDING") || !strcmp(st, "CASE_OPENED"));
}

static json_t *S_request_json(const qc_quota_request *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", qc_json_str_or_null(r->id));
    json_object_set_new(o, "case_id", qc_json_str_or_null(r->case_id));
    json_object_set_new(o, "quota_code", qc_json_str_or_null(r->quota_code));
    json_object_set_new(o, "quota_name", qc_json_str_or_null(r->quota_name));
    json_object_set_new(o, "desired_value", json_real(r->desired));
    json_object_set_new(o, "status", qc_json_str_or_null(r->status));
    json_object_set_new(o, "open", json_boolean(S_open_status(r->status)));
    json_object_set_new(o, "created", qc_json_time(r->created_ms));
    json_object_set_new(o, "last_updated", qc_json_time(r->updated_ms));
    json_object_set_new(o, "requester", qc_json_str_or_null(r->requester));
    json_object_set_new(o, "unit", qc_json_str_or_null(r->unit));
    json_object_set_new(o, "source", qc_json_str_or_null(r->source));
    return o;
}

static json_t *S_quota_json(const qc_quota_set *set, const qc_quota *q)
{
    json_t *o = json_object();
    json_object_set_new(o, "quota_code", qc_json_str(q->code));
    json_object_set_new(o, "quota_name", qc_json_str_or_null(q->name));
    json_object_set_new(o, "applied_value", q->has_applied ? json_real(q->applied) : json_null());
    json_object_set_new(o, "default_value",
                        q->has_default ? json_real(q->default_value) : json_null());
    /* The value in force: ListServiceQuotas leaves out quotas that have no
     * applied value of their own, and then the AWS default applies. */
    json_object_set_new(o, "effective_value", q->has_applied   ? json_real(q->applied)
                                              : q->has_default ? json_real(q->default_value)
                                                               : json_null());
    json_object_set_new(o, "effective_source", json_string(q->has_applied   ? "applied"
                                                           : q->has_default ? "aws_default"
                                                                            : "unknown"));
    json_object_set_new(o, "below_default", q->has_applied && q->has_default
                                                ? json_boolean(q->applied < q->default_value)
                                                : json_null());
    json_object_set_new(o, "adjustable", S_tri(q->adjustable));
    json_object_set_new(o, "global", S_tri(q->global));
    json_object_set_new(o, "unit", qc_json_str_or_null(q->unit));
    if (q->period_unit) {
        json_t *p = json_object();
        json_object_set_new(p, "value", json_integer(q->period_value));
        json_object_set_new(p, "unit", qc_json_str(q->period_unit));
        json_object_set_new(o, "period", p);
    } else {
        json_object_set_new(o, "period", json_null());
    }
    json_object_set_new(o, "usage_metric", q->usage_metric ? json_deep_copy(q->usage_metric)
                                                           : json_null());
    json_object_set_new(o, "arn", qc_json_str_or_null(q->arn));
    json_object_set_new(o, "applied_source", qc_json_str_or_null(q->applied_source));
    json_object_set_new(o, "default_source", qc_json_str_or_null(q->default_source));
    json_t *open = json_array();
    for (size_t i = 0; i < set->nr; i++)
        if (set->r[i].quota_code && !strcmp(set->r[i].quota_code, q->code) &&
            S_open_status(set->r[i].status))
            json_array_append_new(open, qc_json_str_or_null(set->r[i].id));
    json_object_set_new(o, "open_requests", open);
    return o;
}

/* The decision is quotamap's (names against ids, scopes, context tiers);
 * here only whether the quota governs the model at all. */
int qc_quota_governs(const char *quota_name, const char *model_id)
{
    return qc_quotamap_governs(quota_name, model_id) != 0;
}

json_t *qc_quota_to_json(const qc_quota_set *set, const char *service_code,
                         const char *const *models, size_t nmodels)
{
    json_t *o = json_object(), *qs = json_array(), *rs = json_array();
    json_object_set_new(o, "service_code", json_string(service_code));
    for (size_t i = 0; i < set->n; i++) {
        if (strcmp(set->q[i].service_code, service_code))
            continue;
        json_t *q = S_quota_json(set, &set->q[i]), *gov = json_array();
        for (size_t k = 0; k < nmodels && set->q[i].name; k++)
            if (qc_quota_governs(set->q[i].name, models[k]))
                json_array_append_new(gov, qc_json_str(models[k]));
        json_object_set_new(q, "models", gov);
        json_array_append_new(qs, q);
    }
    for (size_t i = 0; i < set->nr; i++)
        if (set->r[i].service_code && !strcmp(set->r[i].service_code, service_code))
            json_array_append_new(rs, S_request_json(&set->r[i]));
    json_object_set_new(o, "quotas", qs);
    json_object_set_new(o, "requests", rs);
    return o;
}
