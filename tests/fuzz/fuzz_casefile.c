/* fuzz_casefile.c - libFuzzer target for the case file: JSON parsing, the
 * schema check with its located errors, normalisation. */
#include <stddef.h>
#include <stdint.h>

#include "common/json.h"
#include "common/jsonloc.h"
#include "report/casefile.h"

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
    int a, b, c, d;
    qc_jsonloc_find(text, size, "request_pattern.components[1].component", &a, &b, &c, &d);
    qc_jsonloc_find(text, size, "[3].x[0]", &a, &b, &c, &d);
    json_decref(doc);
    return 0;
}
