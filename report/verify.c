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

int qc_verify_always_carried(const char *name)
{
    static const char *const always[] = {"manifest.json",   "model.json",       "service_quotas_bedrock.json",
                                         "support_case.md", "support_case.txt", "evidence_summary.txt"};
    for (size_t i = 0; name && i < sizeof always / sizeof *always; i++)
        if (!strcmp(always[i], name))
            return 1;
    return 0;
}

int qc_verify_held(const json_t *held, const char *name, const char *want, qc_verify_report *r)
{
    size_t i;
    json_t *h;
    if (qc_verify_always_carried(name))
        return 0;
    json_array_foreach(json_object_get(held, "held_back"), i, h)
    {
        const char *n = qc_json_get_str(h, "name"), *hex = qc_json_get_str(h, "sha256");
        if (n && hex && want && !strcmp(n, name) && !strcmp(hex, want)) {
            r->held++;
            qc_buf_printf(&r->lines, "held back: %s (sha256 %s, in the full bundle)\n", name, want);
            return 1;
        }
    }
    return 0;
}

int qc_verify_dir(const char *dir, int allow_extra, qc_verify_report *r, qc_err *err)
{
    char *mpath = qc_fs_join(dir, "manifest.json");
    json_t *m = qc_json_load_file(mpath, err);
    free(mpath);
    if (!m)
        return -1;
    /* An unpacked attachment archive: what it left out is named there. */
    char *hpath = qc_fs_join(dir, QC_VERIFY_HELD);
    json_t *held = qc_fs_exists(hpath) ? qc_json_load_file(hpath, err) : NULL;
    int bad_held = qc_fs_exists(hpath) && !held;
    free(hpath);
    if (bad_held) {
        json_decref(m);
        return -1;
    }
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
            json_decref(held);
            return qc_err_set(err, QC_EINPUT, "%s/manifest.json: files[%zu] is malformed", dir, i);
        }
        char *path = qc_fs_join(dir, name);
        char hex[QC_SHA256_HEX_LEN + 1];
        uint64_t size = 0;
        qc_err ferr;
        qc_err_clear(&ferr);
        if (!qc_fs_exists(path) && qc_verify_held(held, name, want, r)) {
            ; /* left to the full bundle, named with its checksum */
        } else if (!qc_fs_exists(path) || qc_sha256_file(path, hex, &size, &ferr) < 0) {
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
        json_decref(held);
        return -1;
    }
    for (size_t k = 0; k < present.len && !allow_extra; k++) {
        if (!strcmp(present.items[k], "manifest.json") || S_listed(files, present.items[k]) ||
            (held && !strcmp(present.items[k], QC_VERIFY_HELD)))
            continue;
        r->extra++;
        qc_buf_printf(&r->lines, "extra: %s\n", present.items[k]);
    }
    qc_pathlist_free(&present);
    json_decref(m);
    json_decref(held);
    size_t bad = r->changed + r->missing + r->extra;
    if (bad)
        return qc_err_set(err, QC_EVERIFY,
                          "%s: verification failed: %zu changed, %zu missing, %zu extra", dir,
                          r->changed, r->missing, r->extra);
    return 0;
}
