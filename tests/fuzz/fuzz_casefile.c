/* fuzz_casefile.c - libFuzzer target for the files a user writes in JSON:
 * the case file (parsing, the schema check with its located errors,
 * normalisation) and the price table (its schema, then the cost estimate
 * over a small model). */
#include <stddef.h>
#include <stdint.h>

#include "common/json.h"
#include "common/jsonloc.h"
#include "report/casefile.h"
#include "report/cost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qc_err err;
    qc_err_clear(&err);
    const char *text = (const char *)data;
    json_t *doc = qc_json_load_mem("case.json", text, size, &err);
    if (!doc)
        return 0;
    qc_case_check("case.json", text, size, doc, &err);
    json_decref(qc_case_normalize(doc));
    qc_err_clear(&err);
    if (qc_cost_check("prices.json", text, size, doc, &err) == 0) {
        json_t *model = json_pack("{s:[{s:s, s:{s:i, s:i, s:i}}], s:{}}", "models", "model_id",
                                  "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "totals",
                                  "invocations", 10, "input_tokens", 1000, "output_tokens", 100,
                                  "request");
        qc_cost_run(model, doc);
        json_decref(model);
    }
    int a, b, c, d;
    qc_jsonloc_find(text, size, "request_pattern.components[1].component", &a, &b, &c, &d);
    qc_jsonloc_find(text, size, "[3].x[0]", &a, &b, &c, &d);
    json_decref(doc);
    return 0;
}
