/* redaction.c - the redactor a command's options ask for, and printing
 * through it: what quotacase prints passes the same redactor as what it
 * writes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/redact.h"

qc_redactor *qc_cli_redactor(const qc_opts *o, const char *evidence_dir, char **map_path,
                             qc_err *err)
{
    qc_redactor *r = qc_redactor_new();
    const char *const *v;
    size_t n = qc_opts_all(o, "--redact", &v);
    for (size_t i = 0; i < n; i++)
        if (qc_redactor_add_word(r, v[i], err) < 0)
            goto fail;
    n = qc_opts_all(o, "--redact-file", &v);
    for (size_t i = 0; i < n; i++)
        if (qc_redactor_load_words(r, v[i], err) < 0)
            goto fail;
    const char *map = qc_opts_get(o, "--redaction-map");
    *map_path = map ? qc_strdup(map) : qc_redactor_default_map_path(evidence_dir);
    if (qc_redactor_load_map(r, *map_path, err) < 0) {
        free(*map_path);
        *map_path = NULL;
        goto fail;
    }
    return r;
fail:
    qc_redactor_free(r);
    return NULL;
}

void qc_cli_say(qc_redactor *r, FILE *f, const char *fmt, ...)
{
    qc_buf raw, out;
    qc_buf_init(&raw, 0);
    qc_buf_init(&out, 0);
    va_list ap;
    va_start(ap, fmt);
    qc_buf_vprintf(&raw, fmt, ap);
    va_end(ap);
    qc_redactor *own = r ? NULL : qc_redactor_new();
    qc_redact_buf(r ? r : own, raw.ptr ? raw.ptr : "", raw.len, &out, NULL);
    qc_redactor_free(own);
    if (out.len)
        fwrite(out.ptr, 1, out.len, f);
    qc_buf_free(&raw);
    qc_buf_free(&out);
}

int qc_cli_fail_r(const qc_err *err, qc_redactor *r)
{
    if (!r)
        return qc_cli_fail(err);
    qc_err e = *err;
    char *t = qc_redact_str(r, e.msg);
    snprintf(e.msg, sizeof e.msg, "%s", t);
    free(t);
    return qc_cli_fail(&e);
}
