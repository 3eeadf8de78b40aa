/* mustache_test.c - runs the template cases under tests/data/mustache/.
 *
 * Each file is a list of cases: {"name", "template", "data", "partials"
 * (name -> text), "escape" ("html", "markdown" or "none"; html by default),
 * "strict" (false by default), and either "expected" (the output) or
 * "error" (a substring of the error message)}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fs.h"
#include "common/json.h"
#include "report/mustache.h"

static int S_load(void *ud, const char *name, qc_buf *out, qc_err *err)
{
    (void)err;
    const char *t = qc_json_get_str(ud, name);
    if (!t)
        return -1;
    qc_buf_adds(out, t);
    return 0;
}

static int S_case(const char *file, const json_t *c)
{
    const char *name = qc_json_get_str(c, "name"), *tmpl = qc_json_get_str(c, "template");
    const char *esc = qc_json_get_str(c, "escape");
    const char *want = qc_json_get_str(c, "expected"), *want_err = qc_json_get_str(c, "error");
    json_t *partials = json_object_get(c, "partials");
    qc_tmpl_opts o = {QC_ESC_HTML, json_is_true(json_object_get(c, "strict")),
                      partials ? S_load : NULL, partials};
    if (esc && !strcmp(esc, "markdown"))
        o.escape = QC_ESC_MARKDOWN;
    else if (esc && !strcmp(esc, "none"))
        o.escape = QC_ESC_NONE;
    json_t *data = json_object_get(c, "data");
    qc_buf out;
    qc_buf_init(&out, 0);
    qc_err err;
    qc_err_clear(&err);
    int rc = qc_tmpl_render("case", tmpl ? tmpl : "", tmpl ? strlen(tmpl) : 0,
                            data ? data : json_null(), &o, &out, &err);
    int ok;
    if (want_err)
        ok = rc < 0 && strstr(err.msg, want_err) != NULL;
    else
        ok = rc == 0 && want && !strcmp(out.ptr ? out.ptr : "", want);
    if (!ok)
        printf("FAIL %s: %s\n  want: %s\n  got:  %s\n", file, name ? name : "?",
               want_err ? want_err : want ? want : "?", rc < 0 ? err.msg : out.ptr ? out.ptr : "");
    qc_buf_free(&out);
    return ok;
}

int main(int argc, char **argv)
{
    int pass = 0, fail = 0;
    for (int i = 1; i < argc; i++) {
        qc_pathlist l = {0};
        qc_err err;
        qc_err_clear(&err);
        if (qc_fs_list_files(argv[i], &l, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        for (size_t k = 0; k < l.len; k++) {
            char *path = qc_fs_join(argv[i], l.items[k]);
            json_t *cases = qc_json_load_file(path, &err);
            if (!json_is_array(cases)) {
                fprintf(stderr, "%s: %s\n", path, err.msg);
                return 1;
            }
            size_t j;
            json_t *c;
            json_array_foreach(cases, j, c)
            {
                if (S_case(l.items[k], c))
                    pass++;
                else
                    fail++;
            }
            json_decref(cases);
            free(path);
        }
        qc_pathlist_free(&l);
    }
    printf("mustache: %d passed, %d failed\n", pass, fail);
    return fail != 0 || pass == 0;
}
