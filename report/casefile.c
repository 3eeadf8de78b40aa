/* casefile.c - the case file's schema (a table for report/schema.c); see
 * casefile.h. */
#include "casefile.h"

#include "report/embedded.h"
#include "report/schema.h"

static const char *const S_severities[] = {"low", "normal", "high", "urgent", "critical", NULL};
static const char *const S_methods[] = {"email", "phone", "chat", "web", NULL};

static const qc_schema_field S_contact[] = {
    {"name", QC_F_STRING, NULL, NULL},     {"email", QC_F_STRING, NULL, NULL},
    {"phone", QC_F_STRING, NULL, NULL},    {"method", QC_F_ENUM, NULL, S_methods},
    {"availability", QC_F_STRING, NULL, NULL}, {"timezone", QC_F_STRING, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

static const qc_schema_field S_component[] = {
    {"component", QC_F_STRING, NULL, NULL},
    {"role", QC_F_STRING, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

static const qc_schema_field S_load_component[] = {
    {"component", QC_F_STRING, NULL, NULL},
    {"requests_per_investigation", QC_F_NUM_OR_RANGE, NULL, NULL},
    {"tokens_per_request", QC_F_NUM_OR_RANGE, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

/* The explicit map: quota codes that govern a model, where names cannot
 * tell (application inference profiles, a name the mapping misses). */
static const qc_schema_field S_map_entry[] = {
    {"model_id", QC_F_STRING | QC_F_REQUIRED, NULL, NULL},
    {"quota_codes", QC_F_STRINGS | QC_F_REQUIRED, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

/* Further quotas the same case asks for (RPM and TPM of one model, or
 * quotas of several models): "auto" or absent takes the diagnosis's
 * recommended value. */
static const qc_schema_field S_more[] = {
    {"quota_code", QC_F_STRING | QC_F_REQUIRED, NULL, NULL},
    {"requested_limit", QC_F_NUM_OR_AUTO, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

static const qc_schema_field S_pattern[] = {
    {"components", QC_F_OBJECTS, S_load_component, NULL},
    {"unit_of_work", QC_F_STRING, NULL, NULL},
    {"investigation_minutes", QC_F_NUMBER, NULL, NULL},
    {"concurrent_investigations", QC_F_NUM_OR_RANGE, NULL, NULL},
    {"burst_size", QC_F_NUMBER, NULL, NULL},
    {"retry_policy", QC_F_STRING, NULL, NULL},
    {"max_attempts", QC_F_NUMBER, NULL, NULL},
    {"retry_allowance_percent", QC_F_NUMBER, NULL, NULL},
    {"buffer_percent", QC_F_NUMBER, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

static const qc_schema_field S_case[] = {
    {"case_id", QC_F_STRING, NULL, NULL},
    {"subject", QC_F_STRING, NULL, NULL},
    {"severity", QC_F_ENUM, NULL, S_severities},
    {"service", QC_F_STRING, NULL, NULL},
    {"account_id", QC_F_STRING, NULL, NULL},
    {"region", QC_F_STRING, NULL, NULL},
    {"quota_code", QC_F_STRING, NULL, NULL},
    {"quota_map", QC_F_OBJECTS, S_map_entry, NULL},
    {"contact", QC_F_OBJECT, S_contact, NULL},
    {"use_case", QC_F_STRING, NULL, NULL},
    {"business_impact", QC_F_STRING, NULL, NULL},
    {"business_value", QC_F_STRING, NULL, NULL},
    {"current_limitations", QC_F_STRING, NULL, NULL},
    {"operational_requirements", QC_F_STRING, NULL, NULL},
    {"architecture", QC_F_OBJECTS, S_component, NULL},
    {"request_pattern", QC_F_OBJECT, S_pattern, NULL},
    {"requested_limit", QC_F_NUM_OR_AUTO, NULL, NULL},
    {"additional_quotas", QC_F_OBJECTS, S_more, NULL},
    {"deadline", QC_F_STRING, NULL, NULL},
    {"timeline", QC_F_STRING, NULL, NULL},
    {"questions", QC_F_STRINGS, NULL, NULL},
    {"workaround", QC_F_STRING, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

int qc_case_check(const char *name, const char *text, size_t len, const json_t *doc,
                  qc_err *err)
{
    return qc_schema_check(name, text, len, doc, S_case, "case file", err);
}

json_t *qc_case_load(const char *path, qc_err *err)
{
    return qc_schema_load(path, S_case, "case file", err);
}

json_t *qc_case_normalize(const json_t *doc)
{
    return qc_schema_normalize(doc, S_case);
}

const char *qc_case_example(size_t *len)
{
    const qc_embedded_file *f = qc_embedded_get("examples/case.init.json");
    *len = f ? f->len : 0;
    return f ? f->data : "";
}
