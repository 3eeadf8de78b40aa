/* fuzz_mustache.c - libFuzzer target for the template engine: any template
 * text (tags, delimiters, partials, standalone lines) against fixed data. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "report/mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int S_partial(void *ud, const char *name, qc_buf *out, qc_err *err)
{
    (void)ud;
    (void)err;
    if (!strcmp(name, "self"))
        return qc_buf_adds(out, "{{#n}}{{>self}}{{/n}}");
    if (!strcmp(name, "p"))
        return qc_buf_adds(out, "  {{a}}\n{{#l}}[{{.}}]{{/l}}\n");
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char model[] =
        "{\"a\": \"x<&>*_\", \"n\": {\"n\": {\"n\": null}}, \"l\": [1, 2.5, \"s\", true, null],"
        " \"o\": {\"b\": {\"c\": [{\"d\": 1}]}}, \"e\": \"\", \"z\": 0, \"f\": false}";
    qc_err err;
    qc_err_clear(&err);
    json_t *j = qc_json_load_mem("model", model, sizeof model - 1, &err);
    for (int mode = 0; mode < 3; mode++) {
        qc_tmpl_opts o = {(qc_tmpl_escape)mode, mode == 1, S_partial, NULL};
        qc_buf out;
        qc_buf_init(&out, (size_t)1 << 24);
        qc_err_clear(&err);
        qc_tmpl_render("fuzz", (const char *)data, size, j, &o, &out, &err);
        qc_buf_free(&out);
    }
    json_decref(j);
    return 0;
}
