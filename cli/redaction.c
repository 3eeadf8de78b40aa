/* redaction.c - the redactor a command's options ask for, and printing
 * through it: what quotacase prints passes the same redactor as what it
 * writes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/redact.h"

/* The map an earlier collect was pointed at (manifest "redaction_map"). */
static char *S_recorded_map(const char *dir)
{
    char *path = qc_fs_join(dir, "manifest.json");
    json_t *m = json_load_file(path, 0, NULL);
    free(path);
    const char *p = qc_json_get_str(m, "redaction_map");
    char *r = p ? qc_strdup(p) : NULL;
    json_decref(m);
    return r;
}

/* An absolute form of path whose last part need not exist (free() it). */
static char *S_absolute(const char *path)
{
    char *dir = qc_strdup(path), *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash)
        *slash = '\0';
    char *real = realpath(slash ? (*dir ? dir : "/") : ".", NULL);
    char *out = NULL;
    if (real) {
        out = qc_fs_join(real, base);
        free(real);
    } else if (path[0] == '/') {
        out = qc_strdup(path); /* a directory still to be made: taken as written */
    } else {
        char *cwd = getcwd(NULL, 0);
        out = cwd ? qc_fs_join(cwd, path) : NULL;
        free(cwd);
    }
    free(dir);
    return out;
}

static int S_inside(const char *map, const char *dir)
{
    char *m = S_absolute(map), *d = S_absolute(dir);
    size_t dl = d ? strlen(d) : 0;
    int in = m && d && !strncmp(m, d, dl) && m[dl] == '/';
    free(m);
    free(d);
    return in;
}

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
    *map_path = map ? qc_strdup(map) : S_recorded_map(evidence_dir);
    if (!*map_path)
        *map_path = qc_redactor_default_map_path(evidence_dir);
    if (S_inside(*map_path, evidence_dir)) {
        qc_err_set(err, QC_EUSAGE, "--redaction-map: %s is inside the evidence directory %s: "
                   "the map says what each placeholder stands for and must never be sent",
                   *map_path, evidence_dir);
        free(*map_path);
        *map_path = NULL;
        goto fail;
    }
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
