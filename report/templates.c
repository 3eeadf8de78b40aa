/* templates.c - template lookup: override directory, then the built-in set. */
#include "templates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/fs.h"
#include "report/embedded.h"

/* One place: dir/[lang/]name or the embedded templates/[lang/]name. */
static int S_try(const char *dir, const char *lang, const char *name, qc_buf *out, char **origin,
                 qc_err *err)
{
    char rel[512];
    snprintf(rel, sizeof rel, "%s%s%s", lang ? lang : "", lang ? "/" : "", name);
    if (dir) {
        char *path = qc_fs_join(dir, rel);
        int found = qc_fs_exists(path);
        int rc = found ? qc_fs_read(path, out, err) : 1;
        if (found && origin)
            *origin = qc_strdup(path);
        free(path);
        return rc;
    }
    char emb[600];
    snprintf(emb, sizeof emb, "templates/%s", rel);
    const qc_embedded_file *f = qc_embedded_get(emb);
    if (!f)
        return 1;
    qc_buf_reset(out);
    if (qc_buf_add(out, f->data, f->len) < 0)
        return qc_err_set(err, QC_EINPUT, "%s: template too large", emb);
    if (origin) {
        snprintf(emb, sizeof emb, "shipped:%s", rel);
        *origin = qc_strdup(emb);
    }
    return 0;
}

int qc_templates_read(const qc_templates *t, const char *name, qc_buf *out, char **origin,
                      qc_err *err)
{
    const char *dirs[2] = {t->dir, NULL};
    for (int d = 0; d < 2; d++) {
        if (d == 0 && !t->dir)
            continue;
        for (int l = t->lang ? 0 : 1; l < 2; l++) {
            int rc = S_try(dirs[d], l == 0 ? t->lang : NULL, name, out, origin, err);
            if (rc <= 0)
                return rc;
        }
    }
    return qc_err_set(err, QC_EINPUT, "%s: no such template%s%s", name,
                      t->dir ? " in " : "", t->dir ? t->dir : "");
}

int qc_templates_partial(void *ud, const char *name, qc_buf *out, qc_err *err)
{
    char file[300];
    snprintf(file, sizeof file, "partials/%s.mustache", name);
    qc_err miss;
    qc_err_clear(&miss);
    if (qc_templates_read(ud, file, out, NULL, &miss) == 0)
        return 0;
    /* A partial that is not there is the engine's to report (strict or not). */
    if (miss.msg[0] && !strstr(miss.msg, "no such template"))
        qc_err_set(err, miss.code, "%s", miss.msg);
    return -1;
}
