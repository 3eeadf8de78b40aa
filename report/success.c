/* success.c - which models get a success-evidence file, and what its
 * template sees; see success.h.
 *
 * The list is part of model.json, so the support case can name the files
 * and a render with other templates or another language writes the same
 * set.  A model qualifies on two figures the analysis already made: its
 * diagnosis says it was never throttled (no throttled attempt in CloudWatch,
 * no throttling error in the logs, no burst), and CloudWatch counted
 * accepted requests for it; a model seen only in the logs proves nothing. */
#include "success.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collector/series.h"
#include "common/buf.h"
#include "common/json.h"

static const json_t *S_by_id(const json_t *list, const char *id)
{
    return qc_json_find(list, "model_id", id);
}

static int S_qualifies(const json_t *model, const json_t *diag)
{
    double accepted = 0;
    qc_json_get_num(json_object_get(model, "totals"), "invocations", &accepted);
    return diag && json_is_false(json_object_get(diag, "throttled")) && accepted > 0;
}

static int S_taken(const json_t *list, const char *file)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        if (!strcmp(qc_json_get_str(x, "file"), file))
            return 1;
    }
    return 0;
}

/* <slug>_success_evidence.txt, or <slug>-N_... when an earlier id of this
 * render has the same slug. */
static char *S_file_name(const json_t *list, const char *id)
{
    char *slug = qc_series_slug(id);
    qc_buf b;
    qc_buf_init(&b, 0);
    for (int n = 1;; n++) {
        qc_buf_reset(&b);
        qc_buf_adds(&b, slug);
        if (n > 1)
            qc_buf_printf(&b, "-%d", n);
        qc_buf_adds(&b, "_success_evidence.txt");
        if (!S_taken(list, b.ptr))
            break;
    }
    free(slug);
    return qc_buf_take(&b);
}

void qc_success_add(json_t *model)
{
    const json_t *diags = json_object_get(json_object_get(model, "diagnosis"), "models");
    json_t *list = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(model, "models"), i, m)
    {
        const char *id = qc_json_get_str(m, "model_id");
        if (!id || !S_qualifies(m, S_by_id(diags, id)))
            continue;
        char *file = S_file_name(list, id);
        json_t *e = json_object();
        json_object_set_new(e, "model_id", qc_json_str(id));
        json_object_set_new(e, "file", qc_json_str(file));
        json_array_append_new(list, e);
        free(file);
    }
    json_object_set_new(model, "has_success_evidence", json_boolean(json_array_size(list) > 0));
    json_object_set_new(model, "success_evidence", list);
}

json_t *qc_success_context(const json_t *model, size_t i)
{
    const json_t *e = json_array_get(json_object_get(model, "success_evidence"), i);
    const char *id = qc_json_get_str(e, "model_id");
    if (!id)
        return NULL;
    const json_t *diags = json_object_get(json_object_get(model, "diagnosis"), "models");
    json_t *c = json_object();
    json_object_set(c, "file", json_object_get(e, "file"));
    json_object_set(c, "model", (json_t *)S_by_id(json_object_get(model, "models"), id));
    json_object_set(c, "diagnosis_model", (json_t *)S_by_id(diags, id));
    static const char *const shared[] = {"evidence", "case", "generated", "tool"};
    for (size_t k = 0; k < sizeof shared / sizeof *shared; k++)
        json_object_set(c, shared[k], json_object_get(model, shared[k]));
    return c;
}
