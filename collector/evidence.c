/* evidence.c - staged evidence directory with a checksummed manifest;
 * see evidence.h. */
#include "evidence.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

static void S_record(qc_evidence *e, const char *name, uint64_t bytes, const char *hex,
                     const char *provenance)
{
    json_t *f = json_object();
    json_object_set_new(f, "name", json_string(name));
    json_object_set_new(f, "bytes", json_integer((json_int_t)bytes));
    json_object_set_new(f, "sha256", json_string(hex));
    json_object_set_new(f, "provenance", qc_json_str(provenance));
    json_object_set_new(f, "stage", json_string("collected"));
    json_array_append_new(e->files, f);
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
    S_record(e, name, len, hex, provenance);
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

int qc_evidence_dump_json(qc_evidence *e, const json_t *doc, qc_buf *out)
{
    return S_dump_redacted(e, doc, out);
}

char *qc_evidence_redact_str(qc_evidence *e, const char *s)
{
    return qc_redact_str(e->red, s);
}

int qc_evidence_write_redacted(qc_evidence *e, const char *name, const void *data, size_t len,
                               const char *provenance, qc_err *err)
{
    return S_write(e, name, len ? data : "", len, provenance, err);
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

struct qc_evidence_stream {
    qc_evidence *e;
    char *name, *provenance, *path;
    int fd;
    qc_sha256 *h;
    uint64_t bytes;
    qc_buf red;     /* the piece being added, redacted */
    qc_buf pending; /* redacted pieces not yet written */
};

/* Pieces are written (and hashed) in blocks of about this much, not one
 * write per piece: an event file of 200,000 events is 400,000 pieces. */
#define QC_STREAM_BLOCK ((size_t)64 << 10)

qc_evidence_stream *qc_evidence_stream_open(qc_evidence *e, const char *name,
                                            const char *provenance, qc_err *err)
{
    char *path = qc_fs_join(e->stage, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        qc_err_set(err, QC_EIO, "%s/%s: cannot write: %s", e->dir, name, strerror(errno));
        free(path);
        return NULL;
    }
    qc_evidence_stream *w = qc_calloc(1, sizeof *w);
    w->e = e;
    w->name = qc_strdup(name);
    w->provenance = qc_strdup(provenance);
    w->path = path;
    w->fd = fd;
    w->h = qc_sha256_new();
    qc_buf_init(&w->red, 0);
    qc_buf_init(&w->pending, 0);
    return w;
}

static int S_stream_write(qc_evidence_stream *w, const char *p, size_t n, qc_err *err)
{
    qc_sha256_update(w->h, p, n);
    w->bytes += n;
    while (n) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return qc_err_set(err, QC_EIO, "%s/%s: cannot write: %s", w->e->dir, w->name,
                              strerror(errno));
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int S_stream_flush(qc_evidence_stream *w, qc_err *err)
{
    int rc = w->pending.len ? S_stream_write(w, w->pending.ptr, w->pending.len, err) : 0;
    qc_buf_reset(&w->pending);
    return rc;
}

int qc_evidence_stream_add(qc_evidence_stream *w, const void *data, size_t len, qc_err *err)
{
    qc_buf_reset(&w->red);
    if (qc_redact_buf(w->e->red, data, len, &w->red, NULL) < 0)
        return qc_err_set(err, QC_EIO, "%s/%s: a piece too large", w->e->dir, w->name);
    const char *p = w->red.ptr ? w->red.ptr : "";
    if (w->red.len >= QC_STREAM_BLOCK) {
        if (S_stream_flush(w, err) < 0)
            return -1;
        return S_stream_write(w, p, w->red.len, err);
    }
    qc_buf_add(&w->pending, p, w->red.len);
    return w->pending.len >= QC_STREAM_BLOCK ? S_stream_flush(w, err) : 0;
}

static void S_stream_free(qc_evidence_stream *w)
{
    if (w->fd >= 0)
        close(w->fd);
    qc_sha256_free(w->h);
    qc_buf_free(&w->red);
    qc_buf_free(&w->pending);
    free(w->name);
    free(w->provenance);
    free(w->path);
    free(w);
}

int qc_evidence_stream_close(qc_evidence_stream *w, qc_err *err)
{
    int rc = S_stream_flush(w, err);
    if (rc < 0) {
        S_stream_free(w);
        return rc;
    }
    if ((fsync(w->fd) != 0 && errno != EINVAL) || close(w->fd) != 0)
        rc = qc_err_set(err, QC_EIO, "%s/%s: cannot write: %s", w->e->dir, w->name,
                        strerror(errno));
    w->fd = -1;
    if (rc == 0) {
        char hex[QC_SHA256_HEX_LEN + 1];
        qc_sha256_final_hex(w->h, hex);
        S_record(w->e, w->name, w->bytes, hex, w->provenance);
    }
    S_stream_free(w);
    return rc;
}

void qc_evidence_stream_abort(qc_evidence_stream *w)
{
    if (w)
        S_stream_free(w); /* the staging directory goes with the run */
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
