/* verify.c - evidence directory verification; see verify.h. */
#include "verify.h"

#include <stdlib.h>
#include <string.h>

#include "common/fs.h"
#include "common/json.h"
#include "common/sha256.h"

void qc_verify_report_init(qc_verify_report *r)
{
    memset(r, 0, sizeof *r);
    qc_buf_init(&r->lines, 0);
}

void qc_verify_report_free(qc_verify_report *r)
{
    qc_buf_free(&r->lines);
}

static int S_listed(const json_t *files, const char *name)
{
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        const char *n = qc_json_get_str(f, "name");
        if (n && !strcmp(n, name))
            return 1;
    }
    return 0;
}

/* A listed name must stay inside the directory. */
static int S_safe_name(const char *n)
{
    return n[0] && n[0] != '/' && !strstr(n, "..");
}

int qc_verify_dir(const char *dir, int allow_extra, qc_verify_report *r, qc_err *err)
{
    char *mpath = qc_fs_join(dir, "manifest.json");
    json_t *m = qc_json_load_file(mpath, err);
    free(mpath);
    if (!m)
        return -1;
    const json_t *files = json_object_get(m, "files");
    if (!json_is_array(files)) {
        json_decref(m);
        return qc_err_set(err, QC_EINPUT, "%s/manifest.json: \"files\" is missing", dir);
    }
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        const char *name = qc_json_get_str(f, "name"), *want = qc_json_get_str(f, "sha256");
        double bytes = -1;
        qc_json_get_num(f, "bytes", &bytes);
        if (!name || !want || !S_safe_name(name)) {
            json_decref(m);
            return qc_err_set(err, QC_EINPUT, "%s/manifest.json: files[%zu] is malformed", dir, i);
        }
        char *path = qc_fs_join(dir, name);
        char hex[QC_SHA256_HEX_LEN + 1];
        uint64_t size = 0;
        qc_err ferr;
        qc_err_clear(&ferr);
        if (!qc_fs_exists(path) || qc_sha256_file(path, hex, &size, &ferr) < 0) {
            r->missing++;
            qc_buf_printf(&r->lines, "missing: %s\n", name);
        } else if (strcmp(hex, want) != 0 || (bytes >= 0 && (double)size != bytes)) {
            r->changed++;
            qc_buf_printf(&r->lines, "changed: %s (sha256 %s, manifest says %s)\n", name, hex,
                          want);
        } else {
            r->ok++;
        }
        free(path);
    }
    qc_pathlist present = {0};
    if (qc_fs_list_files(dir, &present, err) < 0) {
        json_decref(m);
        return -1;
    }
    for (size_t k = 0; k < present.len && !allow_extra; k++) {
        if (!strcmp(present.items[k], "manifest.json") || S_listed(files, present.items[k]))
            continue;
        r->extra++;
        qc_buf_printf(&r->lines, "extra: %s\n", present.items[k]);
    }
    qc_pathlist_free(&present);
    json_decref(m);
    size_t bad = r->changed + r->missing + r->extra;
    if (bad)
        return qc_err_set(err, QC_EVERIFY,
                          "%s: verification failed: %zu changed, %zu missing, %zu extra", dir,
                          r->changed, r->missing, r->extra);
    return 0;
}
