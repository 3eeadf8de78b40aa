/* fuzz_import.c - libFuzzer target for the aws CLI export importers
 * (JSON parsing, shape checks, timestamps, series and quota merging).  Each
 * input goes through both readers: the stream that reads files, and the
 * tree reader of the live collector's responses. */
#include <stddef.h>
#include <stdint.h>

#include "collector/importers.h"
#include "common/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void S_use(qc_series_set *ss, qc_quota_set *qs)
{
    qc_series_finish(ss);
    qc_quota_finish(qs);
    for (size_t i = 0; i < ss->n; i++)
        json_decref(qc_series_to_json(&ss->s[i]));
    const char *m[] = {"us.anthropic.claude-sonnet-4-5-20250929-v1:0", "amazon.nova-pro-v1:0"};
    json_decref(qc_quota_to_json(qs, "bedrock", m, 2));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qc_err err;
    qc_err_clear(&err);
    qc_series_set ss = {0};
    qc_quota_set qs = {0};
    qc_import_ctx ctx = {&ss, &qs, size % 2 ? "amazon.nova-pro-v1:0" : NULL, QC_QUOTAS_AUTO};
    qc_import_result res;
    if (qc_import_mem("fuzz.json", (const char *)data, size, &ctx, &res, &err) == 0)
        S_use(&ss, &qs);
    qc_series_set_free(&ss);
    qc_quota_set_free(&qs);
    json_t *doc = qc_json_load_mem("fuzz.json", (const char *)data, size, &err);
    if (doc && qc_import_json("fuzz.json", doc, &ctx, &res, &err) == 0)
        S_use(&ss, &qs);
    qc_series_set_free(&ss);
    qc_quota_set_free(&qs);
    json_decref(doc);
    return 0;
}
