/* bundle.c - reproducible tar.gz bundles with libarchive; see bundle.h. */
#include "bundle.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/qtime.h"
#include "common/sha256.h"
#include "report/leakgate.h"

static int S_arc_err(struct archive *a, const char *path, qc_err *err)
{
    return qc_err_set(err, QC_EIO, "%s: %s", path,
                      archive_error_string(a) ? archive_error_string(a) : "archive error");
}

/* An entry's header: a file of size bytes, or a directory; owned by 0:0,
 * for the owner only once unpacked. */
static int S_header(struct archive *a, const char *name, int dir, long long size, int64_t mtime_s,
                    const char *path, qc_err *err)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e, dir ? 0700 : 0600);
    archive_entry_set_size(e, (la_int64_t)size);
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    archive_entry_set_mtime(e, (time_t)mtime_s, 0);
    int rc = archive_write_header(a, e) == ARCHIVE_OK ? 0 : S_arc_err(a, path, err);
    archive_entry_free(e);
    return rc;
}

/* One entry made in memory. */
static int S_add_mem(struct archive *a, const char *name, const qc_buf *data, int64_t mtime_s,
                     const char *path, qc_err *err)
{
    int rc = S_header(a, name, 0, (long long)data->len, mtime_s, path, err);
    if (rc == 0 && data->len && archive_write_data(a, data->ptr, data->len) != (la_ssize_t)data->len)
        rc = S_arc_err(a, path, err);
    return rc;
}

/* One entry: a directory (src NULL), or the file src copied in chunks, so
 * memory does not grow with the largest evidence file. */
static int S_add(struct archive *a, const char *name, const char *src, int64_t mtime_s,
                 const char *path, qc_err *err)
{
    FILE *f = NULL;
    long long size = 0;
    if (src) {
        f = fopen(src, "rb");
        if (!f || fseeko(f, 0, SEEK_END) != 0 || (size = ftello(f)) < 0 || fseeko(f, 0, SEEK_SET) != 0) {
            int e = errno;
            if (f)
                fclose(f);
            return qc_err_set(err, QC_EIO, "%s: %s", src, strerror(e));
        }
    }
    int rc = S_header(a, name, src == NULL, size, mtime_s, path, err);
    char *chunk = qc_malloc(1 << 16);
    long long left = size;
    while (rc == 0 && left > 0) {
        size_t want = left < (1 << 16) ? (size_t)left : (size_t)1 << 16;
        size_t got = fread(chunk, 1, want, f);
        if (got != want)
            rc = qc_err_set(err, QC_EIO, "%s: changed while it was bundled", src);
        else if (archive_write_data(a, chunk, got) != (la_ssize_t)got)
            rc = S_arc_err(a, path, err);
        left -= (long long)got;
    }
    free(chunk);
    if (f)
        fclose(f);
    return rc;
}

static int S_manifest_info(const char *dir, char **case_id, int64_t *mtime_s, qc_err *err)
{
    char *mp = qc_fs_join(dir, "manifest.json");
    json_t *m = qc_json_load_file(mp, err);
    free(mp);
    if (!m)
        return -1;
    const char *id = qc_json_get_str(m, "case_id"), *created = qc_json_get_str(m, "created");
    int64_t ms = 0;
    if (!id || !created || qc_time_parse_arg(created, &ms) < 0) {
        json_decref(m);
        return qc_err_set(err, QC_EINPUT, "%s/manifest.json: case_id and created are required", dir);
    }
    *case_id = qc_strdup(id);
    *mtime_s = ms / 1000;
    json_decref(m);
    return 0;
}

/* The archive of the named files of dir, and extra (a member made here)
 * when extra_name is not NULL. */
static int S_write_archive(const char *dir, const char *tmp, const char *case_id, int64_t mtime,
                           const qc_pathlist *files, const char *extra_name, const qc_buf *extra,
                           qc_err *err)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_gzip(a);
    /* No timestamp in the gzip header: the bytes depend on the content only. */
    archive_write_set_filter_option(a, "gzip", "timestamp", NULL);
    archive_write_set_bytes_in_last_block(a, 1);
    int rc = archive_write_open_filename(a, tmp) == ARCHIVE_OK ? 0 : S_arc_err(a, tmp, err);
    qc_buf name;
    qc_buf_init(&name, 0);
    if (rc == 0) {
        qc_buf_printf(&name, "%s/", case_id);
        rc = S_add(a, name.ptr, NULL, mtime, tmp, err);
    }
    for (size_t i = 0; rc == 0 && i < files->len; i++) {
        char *p = qc_fs_join(dir, files->items[i]);
        qc_buf_reset(&name);
        qc_buf_printf(&name, "%s/%s", case_id, files->items[i]);
        rc = S_add(a, name.ptr, p, mtime, tmp, err);
        free(p);
    }
    if (rc == 0 && extra_name) {
        qc_buf_reset(&name);
        qc_buf_printf(&name, "%s/%s", case_id, extra_name);
        rc = S_add_mem(a, name.ptr, extra, mtime, tmp, err);
    }
    if (archive_write_close(a) != ARCHIVE_OK && rc == 0)
        rc = S_arc_err(a, tmp, err);
    archive_write_free(a);
    qc_buf_free(&name);
    return rc;
}

/* The leak gate before anything is written: a bundle is what leaves. */
static int S_gate(const char *dir, qc_err *err)
{
    qc_leak_report lr;
    qc_leak_report_init(&lr);
    qc_err lerr;
    qc_err_clear(&lerr);
    int rc = qc_leakgate_dir(dir, &lr, &lerr);
    qc_leak_report_free(&lr);
    if (rc == 0)
        return 0;
    if (lerr.code != QC_ELEAK)
        return qc_err_set(err, lerr.code, "%s", lerr.msg);
    return qc_err_set(err, QC_ELEAK, "%s; no bundle written ('quotacase verify %s' lists them)",
                      lerr.msg, dir);
}

int qc_bundle_write(const char *dir, const char *out_path, qc_err *err)
{
    /* Not evidence at all: say so before scanning it for secrets. */
    char *case_id = NULL;
    int64_t mtime;
    if (S_manifest_info(dir, &case_id, &mtime, err) < 0)
        return -1;
    free(case_id);
    /* A bundle of files that no longer match their manifest would not
     * verify where it is sent: refuse it here. */
    qc_verify_report vr;
    qc_verify_report_init(&vr);
    int ok = qc_verify_dir(dir, 0, &vr, err);
    qc_verify_report_free(&vr);
    if (ok < 0) {
        if (err->code == QC_EVERIFY) {
            char first[sizeof err->msg];
            snprintf(first, sizeof first, "%s", err->msg);
            qc_err_clear(err);
            qc_err_set(err, QC_EVERIFY, "%s; no bundle written ('quotacase verify %s' lists the "
                       "files; collect or render again)", first, dir);
        }
        return -1;
    }
    if (S_gate(dir, err) < 0)
        return -1;
    qc_pathlist files = {0};
    if (qc_fs_list_files(dir, &files, err) < 0)
        return -1;
    int rc = qc_bundle_pack(dir, out_path, &files, NULL, NULL, err);
    qc_pathlist_free(&files);
    return rc;
}

int qc_bundle_pack(const char *dir, const char *out_path, const qc_pathlist *files,
                   const char *extra_name, const qc_buf *extra, qc_err *err)
{
    char *case_id = NULL;
    int64_t mtime = 0;
    if (S_manifest_info(dir, &case_id, &mtime, err) < 0)
        return -1;
    qc_buf line, sp;
    qc_buf_init(&line, 0);
    qc_buf_init(&sp, 0);
    qc_buf_printf(&sp, "%s.sha256", out_path);
    qc_fs_remove_leftovers(out_path);
    qc_fs_remove_leftovers(sp.ptr);
    char *tmp = qc_fs_tmpname(out_path);
    int rc = S_write_archive(dir, tmp, case_id, mtime, files, extra_name, extra, err);
    char hex[QC_SHA256_HEX_LEN + 1];
    if (rc == 0)
        rc = qc_sha256_file(tmp, hex, NULL, err);
    /* The old checksum file goes first, the new one comes last: at no
     * interruption does a .sha256 describe another archive than its own
     * (an archive without one is safe; verify says it is missing). */
    if (rc == 0 && unlink(sp.ptr) != 0 && errno != ENOENT)
        rc = qc_err_set(err, QC_EIO, "%s: cannot replace: %s", sp.ptr, strerror(errno));
    if (rc == 0 && qc_fs_sync_parent(sp.ptr, err) < 0)
        rc = -1;
    if (rc == 0)
        rc = qc_fs_commit(tmp, out_path, err);
    else
        qc_fs_discard(tmp);
    if (rc == 0) {
        qc_buf_printf(&line, "%s  %s\n", hex, qc_fs_basename(out_path));
        rc = qc_fs_write_atomic(sp.ptr, line.ptr, line.len, err);
    }
    qc_buf_free(&line);
    qc_buf_free(&sp);
    free(tmp);
    free(case_id);
    return rc;
}

/* ---- verify ---- */

typedef struct entry {
    char *name, *dir; /* the member's name inside its directory, and the directory */
    char hex[QC_SHA256_HEX_LEN + 1];
    uint64_t bytes;
} entry;

static int S_check_sidecar(const char *path, qc_verify_report *r, qc_err *err)
{
    qc_buf side;
    qc_buf_init(&side, 4096);
    char *sp = qc_malloc(strlen(path) + 8);
    sprintf(sp, "%s.sha256", path);
    qc_err serr;
    qc_err_clear(&serr);
    int rc = qc_fs_read(sp, &side, &serr);
    char hex[QC_SHA256_HEX_LEN + 1];
    if (rc == 0)
        rc = qc_sha256_file(path, hex, NULL, err);
    if (rc == 0 && (side.len < QC_SHA256_HEX_LEN || memcmp(side.ptr, hex, QC_SHA256_HEX_LEN))) {
        r->changed++;
        qc_buf_printf(&r->lines, "changed: %s (sha256 %s, %s says %.64s)\n", qc_fs_basename(path),
                      hex, qc_fs_basename(sp), side.ptr ? side.ptr : "");
    } else if (rc < 0 && !err->code) {
        /* The engineer gets the archive alone (Support takes three files):
         * its files are still checked against the manifest inside. */
        qc_buf_printf(&r->lines, "note: no %s beside it; the archive is checked by the manifest "
                      "inside it only\n", qc_fs_basename(sp));
        rc = 0;
    }
    free(sp);
    qc_buf_free(&side);
    return rc;
}

static int S_read_entries(const char *path, entry **out, size_t *n, qc_buf *manifest,
                          qc_buf *held, qc_err *err)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_gzip(a);
    archive_read_support_format_tar(a);
    int rc = archive_read_open_filename(a, path, 1 << 16) == ARCHIVE_OK ? 0
             : qc_err_set(err, QC_EINPUT, "%s: not a readable tar.gz: %s", path,
                          archive_error_string(a));
    struct archive_entry *e;
    size_t cap = 0;
    char buf[1 << 16];
    while (rc == 0) {
        int h = archive_read_next_header(a, &e);
        if (h == ARCHIVE_EOF)
            break;
        if (h != ARCHIVE_OK) {
            rc = qc_err_set(err, QC_EINPUT, "%s: damaged archive: %s", path, archive_error_string(a));
            break;
        }
        if (archive_entry_filetype(e) != AE_IFREG)
            continue;
        const char *name = archive_entry_pathname(e), *slash = strchr(name, '/');
        int is_manifest = slash && !strcmp(slash + 1, "manifest.json");
        int is_held = slash && !strcmp(slash + 1, QC_VERIFY_HELD);
        /* One directory, each member once: a second manifest or list of
         * held-back files under another name would be read as this one. */
        size_t plen = slash ? (size_t)(slash - name) : strlen(name);
        int other = *n && (strlen((*out)[0].dir) != plen || strncmp((*out)[0].dir, name, plen));
        for (size_t k = 0; !other && k < *n; k++)
            other = !strcmp((*out)[k].name, slash ? slash + 1 : name);
        if (other) {
            rc = qc_err_set(err, QC_EVERIFY, "%s: verification failed: %s is a second member of "
                            "that name or outside the archive's one directory", path, name);
            break;
        }
        qc_sha256 *h256 = qc_sha256_new();
        uint64_t bytes = 0;
        la_ssize_t got;
        while ((got = archive_read_data(a, buf, sizeof buf)) > 0) {
            qc_sha256_update(h256, buf, (size_t)got);
            bytes += (uint64_t)got;
            if (is_manifest)
                qc_buf_add(manifest, buf, (size_t)got);
            if (is_held)
                qc_buf_add(held, buf, (size_t)got);
        }
        if (got < 0)
            rc = qc_err_set(err, QC_EINPUT, "%s: damaged archive: %s", path, archive_error_string(a));
        *out = qc_grow(*out, &cap, *n + 1, sizeof **out);
        entry *en = &(*out)[(*n)++];
        en->name = qc_strdup(slash ? slash + 1 : name);
        en->dir = qc_strndup(name, plen);
        qc_sha256_final_hex(h256, en->hex);
        qc_sha256_free(h256);
        en->bytes = bytes;
    }
    archive_read_free(a);
    return rc;
}

/* The full bundle an attachment archive names, when it lies beside it:
 * its checksum must be the one held_back.json gives. */
static void S_check_full(const char *path, const json_t *held, qc_verify_report *r)
{
    const json_t *full = json_object_get(held, "full_bundle");
    const char *name = qc_json_get_str(full, "name"), *want = qc_json_get_str(full, "sha256");
    if (!name || strchr(name, '/'))
        return;
    const char *base = qc_fs_basename(path);
    char *dir = qc_strndup(path, (size_t)(base - path));
    char *fp = qc_fs_join(*dir ? dir : ".", name);
    char hex[QC_SHA256_HEX_LEN + 1];
    qc_err ferr;
    qc_err_clear(&ferr);
    if (qc_fs_exists(fp) && qc_sha256_file(fp, hex, NULL, &ferr) == 0 && (!want || strcmp(hex, want))) {
        r->changed++;
        qc_buf_printf(&r->lines, "changed: %s (sha256 %s, %s says %s)\n", name, hex, QC_VERIFY_HELD,
                      want ? want : "nothing");
    }
    free(fp);
    free(dir);
}

static void S_compare(const json_t *files, const json_t *held, entry *es, size_t n,
                      qc_verify_report *r)
{
    size_t i;
    json_t *f;
    int *seen = qc_calloc(n + 1, sizeof *seen);
    json_array_foreach(files, i, f)
    {
        const char *name = qc_json_get_str(f, "name"), *want = qc_json_get_str(f, "sha256");
        size_t k;
        for (k = 0; k < n && strcmp(es[k].name, name ? name : ""); k++)
            ;
        if (k == n && name && qc_verify_held(held, name, want, r)) {
            ; /* in the full archive, named with its checksum */
        } else if (k == n) {
            r->missing++;
            qc_buf_printf(&r->lines, "missing: %s\n", name ? name : "?");
        } else if (!want || strcmp(want, es[k].hex)) {
            seen[k] = 1;
            r->changed++;
            qc_buf_printf(&r->lines, "changed: %s (sha256 %s, manifest says %s)\n", name, es[k].hex,
                          want ? want : "nothing");
        } else {
            seen[k] = 1;
            r->ok++;
        }
    }
    for (size_t k = 0; k < n; k++)
        if (!seen[k] && strcmp(es[k].name, "manifest.json") &&
            !(held && !strcmp(es[k].name, QC_VERIFY_HELD))) {
            r->extra++;
            qc_buf_printf(&r->lines, "extra: %s\n", es[k].name);
        }
    free(seen);
}

int qc_bundle_verify(const char *path, qc_verify_report *r, qc_err *err)
{
    if (S_check_sidecar(path, r, err) < 0)
        return -1;
    entry *es = NULL;
    size_t n = 0;
    qc_buf manifest, held;
    qc_buf_init(&manifest, (size_t)64 << 20);
    qc_buf_init(&held, (size_t)16 << 20);
    int rc = S_read_entries(path, &es, &n, &manifest, &held, err);
    if (rc < 0 && r->changed) {
        /* A changed archive that no longer reads: a verification failure. */
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        qc_err_clear(err);
        qc_err_set(err, QC_EVERIFY, "%s: verification failed: the archive does not match its "
                   ".sha256 (%s)", path, msg);
    }
    json_t *m = NULL, *h = NULL;
    if (rc == 0 && !manifest.len)
        rc = qc_err_set(err, QC_EVERIFY, "%s: no manifest.json inside", path);
    if (rc == 0 && !(m = qc_json_load_mem("manifest.json (in bundle)", manifest.ptr, manifest.len, err)))
        rc = -1;
    if (rc == 0 && held.len && !(h = qc_json_load_mem(QC_VERIFY_HELD " (in bundle)", held.ptr, held.len, err)))
        rc = -1;
    if (rc == 0 && h)
        S_check_full(path, h, r);
    if (rc == 0)
        S_compare(json_object_get(m, "files"), h, es, n, r);
    json_decref(m);
    json_decref(h);
    qc_buf_free(&held);
    for (size_t k = 0; k < n; k++) {
        free(es[k].name);
        free(es[k].dir);
    }
    free(es);
    qc_buf_free(&manifest);
    if (rc == 0 && r->changed + r->missing + r->extra)
        rc = qc_err_set(err, QC_EVERIFY, "%s: verification failed: %zu changed, %zu missing, %zu extra",
                        path, r->changed, r->missing, r->extra);
    return rc;
}
