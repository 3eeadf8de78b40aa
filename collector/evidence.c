/* evidence.c - staged evidence directory with a checksummed manifest;
 * see evidence.h. */
#include "evidence.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/redact.h"
#include "common/sha256.h"

struct qc_evidence {
    char *dir;
    char *stage;
    int force;
    int committed;
    json_t *files;
    qc_redactor *red; /* borrowed */
    char *map_path;   /* where the placeholders are saved; NULL: nowhere */
};

/* An evidence directory of ours (its manifest says so), or an empty one:
 * the only directories --force may replace. */
static int S_replaceable(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *de;
    int empty = 1;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            empty = 0;
    closedir(d);
    if (empty)
        return 1;
    char *path = qc_fs_join(dir, "manifest.json");
    json_t *m = json_load_file(path, 0, NULL);
    free(path);
    const char *tool = qc_json_get_str(m, "tool");
    int ours = tool && !strcmp(tool, "quotacase") && json_is_array(json_object_get(m, "files"));
    json_decref(m);
    return ours;
}

qc_evidence *qc_evidence_begin(const char *dir, int force, qc_redactor *red,
                               const char *map_path, qc_err *err)
{
    if (qc_fs_exists(dir) && !force) {
        qc_err_set(err, QC_EEXIST, "%s: already exists; use --force to replace it", dir);
        return NULL;
    }
    if (qc_fs_exists(dir) && !S_replaceable(dir)) {
        qc_err_set(err, QC_EEXIST, "%s: not a quotacase evidence directory (no manifest of "
                   "ours); --force replaces only those, so nothing was touched", dir);
        return NULL;
    }
    qc_fs_remove_leftovers(dir);
    /* The staging directory sits beside the target so the rename is atomic. */
    char *parent = qc_strdup(dir);
    size_t n = strlen(parent);
    while (n > 1 && parent[n - 1] == '/')
        parent[--n] = '\0';
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent)
        *slash = '\0';
    else if (slash)
        parent[1] = '\0';
    if (slash && qc_fs_mkdirs(parent, err) < 0) {
        free(parent);
        return NULL;
    }
    free(parent);
    char *tmpl = qc_malloc(strlen(dir) + 32);
    sprintf(tmpl, "%s.tmp.XXXXXX", dir);
    while (strlen(tmpl) > 1 && tmpl[strlen(tmpl) - 1] == '/')
        tmpl[strlen(tmpl) - 1] = '\0';
    if (!mkdtemp(tmpl)) {
        qc_err_set(err, QC_EIO, "%s: cannot create staging directory", dir);
        free(tmpl);
        return NULL;
    }
    /* mkdtemp makes 0700, and so it stays: the directory holds account data. */
    qc_evidence *e = qc_calloc(1, sizeof *e);
    e->dir = qc_strdup(dir);
    e->stage = tmpl;
    e->force = force;
    e->files = json_array();
    e->red = red;
    e->map_path = map_path ? qc_strdup(map_path) : NULL;
    return e;
}

/* Writes bytes already redacted. */
static int S_write(qc_evidence *e, const char *name, const void *data, size_t len,
                   const char *provenance, qc_err *err)
{
    char *path = qc_fs_join(e->stage, name);
    int rc = qc_fs_write_atomic(path, data, len, err);
    free(path);
    if (rc < 0) {
        qc_err_prefix(err, "%s", e->dir);
        return -1;
    }
    char hex[QC_SHA256_HEX_LEN + 1];
    qc_sha256_hex(data, len, hex);
    json_t *f = json_object();
    json_object_set_new(f, "name", json_string(name));
    json_object_set_new(f, "bytes", json_integer((json_int_t)len));
    json_object_set_new(f, "sha256", json_string(hex));
    json_object_set_new(f, "provenance", qc_json_str(provenance));
    json_object_set_new(f, "stage", json_string("collected"));
    json_array_append_new(e->files, f);
    return 0;
}

int qc_evidence_write(qc_evidence *e, const char *name, const void *data, size_t len,
                      const char *provenance, qc_err *err)
{
    qc_buf b;
    qc_buf_init(&b, (size_t)1 << 31);
    int rc = qc_redact_buf(e->red, data, len, &b, NULL);
    if (rc < 0)
        qc_err_set(err, QC_EIO, "%s/%s: too large", e->dir, name);
    else
        rc = S_write(e, name, b.ptr ? b.ptr : "", b.len, provenance, err);
    qc_buf_free(&b);
    return rc;
}

/* JSON is redacted string by string, never as text: numbers stay numbers
 * and a placeholder can never break the syntax. */
static int S_dump_redacted(qc_evidence *e, const json_t *doc, qc_buf *b)
{
    json_t *copy = json_deep_copy(doc);
    qc_redact_json(e->red, copy);
    int rc = qc_json_dump(copy, b);
    json_decref(copy);
    return rc;
}

int qc_evidence_write_json(qc_evidence *e, const char *name, const json_t *doc,
                           const char *provenance, qc_err *err)
{
    qc_buf b;
    qc_buf_init(&b, (size_t)1 << 31);
    if (S_dump_redacted(e, doc, &b) < 0) {
        qc_buf_free(&b);
        return qc_err_set(err, QC_EIO, "%s/%s: document too large", e->dir, name);
    }
    int rc = S_write(e, name, b.ptr, b.len, provenance, err);
    qc_buf_free(&b);
    return rc;
}

json_t *qc_evidence_files(const qc_evidence *e)
{
    return json_deep_copy(e->files);
}

int qc_evidence_commit(qc_evidence *e, json_t *manifest, qc_err *err)
{
    json_t *m = json_deep_copy(manifest);
    qc_redact_json(e->red, m);
    /* Counted once everything, the manifest too, has passed the redactor. */
    json_object_set_new(m, "redactions", qc_redactor_values_json(e->red));
    json_object_set_new(m, "files", json_deep_copy(e->files));
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_json_dump(m, &b);
    json_decref(m);
    char *path = qc_fs_join(e->stage, "manifest.json");
    int rc = qc_fs_write_atomic(path, b.ptr, b.len, err);
    free(path);
    qc_buf_free(&b);
    /* The map before the directory: a placeholder in the evidence is never
     * one the map has not kept. */
    if (rc == 0 && e->map_path)
        rc = qc_redactor_save_map(e->red, e->map_path, err);
    if (rc < 0)
        return -1;
    if (qc_fs_replace_dir(e->stage, e->dir, err) < 0)
        return -1;
    e->committed = 1;
    return 0;
}

void qc_evidence_free(qc_evidence *e)
{
    if (!e)
        return;
    if (!e->committed) {
        qc_err ignore;
        qc_err_clear(&ignore);
        qc_fs_remove_tree(e->stage, &ignore);
    }
    json_decref(e->files);
    free(e->map_path);
    free(e->dir);
    free(e->stage);
    free(e);
}
