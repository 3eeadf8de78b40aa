/* record.c - the submission record; see record.h. */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/sha256.h"

static char *S_lock_path(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    qc_buf path;
    qc_buf_init(&path, 0);
    qc_buf_printf(&path, "%.*s.lock", (int)n, dir);
    return qc_buf_take(&path);
}

int qc_record_lock(const char *dir, int *fd, qc_err *err)
{
    char *path = S_lock_path(dir);
    int rc = 0;
    for (;;) {
        *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (*fd < 0) {
            rc = qc_err_set(err, QC_EIO, "%s: cannot open: %s", path, strerror(errno));
            break;
        }
        if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
            rc = qc_err_set(err, QC_EINPUT, "%s: another quotacase submit, status or follow-up is "
                            "working on it (%s is locked); let it finish", dir, path);
            close(*fd);
            *fd = -1;
            break;
        }
        /* The holder before us removes the file as it lets go: a lock on a
         * file no longer at the path locks nothing, so try again. */
        struct stat a, b;
        if (fstat(*fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
            a.st_dev == b.st_dev)
            break;
        close(*fd);
    }
    free(path);
    return rc;
}

void qc_record_unlock(const char *dir, int fd)
{
    if (fd < 0)
        return;
    char *path = S_lock_path(dir);
    unlink(path); /* while still held: see qc_record_lock */
    free(path);
    close(fd);
}

int qc_record_load(const char *dir, json_t **rec, qc_err *err)
{
    *rec = NULL;
    char *path = qc_fs_join(dir, QC_RECORD_NAME);
    if (!qc_fs_exists(path)) {
        free(path);
        return 0;
    }
    json_t *r = qc_json_load_file(path, err);
    const char *schema = qc_json_get_str(r, "schema");
    if (r && (!json_is_object(r) || !schema || strcmp(schema, QC_RECORD_SCHEMA))) {
        qc_err_set(err, QC_EINPUT, "%s: not a quotacase submission record (schema %s expected)",
                   path, QC_RECORD_SCHEMA);
        json_decref(r);
        r = NULL;
    }
    free(path);
    if (!r)
        return -1;
    *rec = r;
    return 0;
}

/* The manifest in dir with the record's entry replaced or added. */
static int S_manifest(const char *dir, const qc_buf *doc, qc_err *err)
{
    char *path = qc_fs_join(dir, "manifest.json");
    json_t *m = qc_json_load_file(path, err);
    json_t *files = json_object_get(m, "files");
    if (!json_is_array(files)) {
        if (m)
            qc_err_set(err, QC_EINPUT, "%s: no files list", path);
        json_decref(m);
        free(path);
        return -1;
    }
    char hex[QC_SHA256_HEX_LEN + 1];
    qc_sha256_hex(doc->ptr, doc->len, hex);
    json_t *e = json_object();
    json_object_set_new(e, "name", json_string(QC_RECORD_NAME));
    json_object_set_new(e, "bytes", json_integer((json_int_t)doc->len));
    json_object_set_new(e, "sha256", json_string(hex));
    json_object_set_new(e, "provenance",
                        json_string("quotacase submit: what was filed and sent to AWS, and "
                                    "what AWS answered"));
    json_object_set_new(e, "stage", json_string("submitted"));
    size_t i;
    json_t *f;
    int found = 0;
    json_array_foreach(files, i, f)
    {
        const char *name = qc_json_get_str(f, "name");
        if (name && !strcmp(name, QC_RECORD_NAME)) {
            json_array_set(files, i, e);
            found = 1;
            break;
        }
    }
    if (!found)
        json_array_append(files, e);
    json_decref(e);
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_json_dump(m, &b);
    int rc = qc_fs_write_atomic(path, b.ptr, b.len, err);
    qc_buf_free(&b);
    json_decref(m);
    free(path);
    return rc;
}

int qc_record_save(const char *dir, const json_t *rec, qc_redactor *r, qc_err *err)
{
    json_t *copy = json_deep_copy(rec);
    qc_redact_json(r, copy);
    qc_buf doc;
    qc_buf_init(&doc, 0);
    qc_json_dump(copy, &doc);
    json_decref(copy);
    qc_fs_remove_leftovers(dir);
    char *stage = qc_fs_stage_links(dir, err);
    int rc = stage ? 0 : -1;
    if (rc == 0) {
        char *path = qc_fs_join(stage, QC_RECORD_NAME);
        rc = qc_fs_write_atomic(path, doc.ptr, doc.len, err);
        free(path);
    }
    if (rc == 0)
        rc = S_manifest(stage, &doc, err);
    if (rc == 0)
        rc = qc_fs_replace_dir(stage, dir, err);
    if (rc < 0 && stage) {
        qc_err ignore;
        qc_err_clear(&ignore);
        qc_fs_remove_tree(stage, &ignore);
        qc_err_prefix(err, "%s: cannot save the submission record", dir);
    }
    free(stage);
    qc_buf_free(&doc);
    return rc;
}

json_t *qc_record_obj(json_t *rec, const char *key)
{
    json_t *o = json_object_get(rec, key);
    if (!json_is_object(o)) {
        o = json_object();
        json_object_set_new(rec, key, o);
    }
    return o;
}

void qc_record_take_calls(json_t *rec, json_t *calls)
{
    json_t *all = json_object_get(rec, "calls");
    if (!json_is_array(all)) {
        all = json_array();
        json_object_set_new(rec, "calls", all);
    }
    json_array_extend(all, calls);
    json_array_clear(calls);
}

void qc_record_state(json_t *rec, const char *state, int64_t now_ms)
{
    json_object_set_new(rec, "state", json_string(state));
    json_object_set_new(rec, "updated", qc_json_time(now_ms));
}
