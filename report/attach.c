/* attach.c - the evidence as one attachment within Support's limits. */
#include "attach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/sha256.h"
#include "collector/series.h"
#include "report/bundle.h"
#include "report/verify.h"

/* What a tar member costs besides its data: a header and the padding. */
#define TAR_OVERHEAD 1024

/* Files the archive never holds: the HTML and the workbook are attachments
 * of their own, next_steps.md is the user's.  Those it always holds are
 * verify's (qc_verify_always_carried), which refuses to count them held. */
static const char *const S_never[] = {"support_case.html", "evidence.xlsx", "next_steps.md"};

typedef struct cand {
    const char *name;
    uint64_t packed; /* its size deflated, as the archive will hold it */
    int in, always;
    int rank; /* 0: of a model the request is for, 1: of a throttled model or the logs, 2: other */
} cand;

static int S_listed(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i], name))
            return 1;
    return 0;
}

/* The file's size once deflated (the archive's gzip at its default level),
 * read in chunks. */
static int S_packed(const char *path, uint64_t *out, qc_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return qc_err_set(err, QC_EINPUT, "%s: cannot read", path);
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit(&z, Z_DEFAULT_COMPRESSION);
    unsigned char *in = qc_malloc(1 << 16), *outb = qc_malloc(1 << 16);
    uint64_t total = 0;
    int flush;
    do {
        size_t got = fread(in, 1, 1 << 16, f);
        flush = got < (1 << 16) ? Z_FINISH : Z_NO_FLUSH;
        z.next_in = in;
        z.avail_in = (uInt)got;
        do {
            z.next_out = outb;
            z.avail_out = 1 << 16;
            deflate(&z, flush);
            total += (1 << 16) - z.avail_out;
        } while (z.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&z);
    free(in);
    free(outb);
    fclose(f);
    *out = total;
    return 0;
}

static int S_by_size(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->packed != y->packed)
        return x->packed < y->packed ? -1 : 1;
    return strcmp(x->name, y->name);
}

static const json_t *S_manifest_file(const json_t *manifest, const char *name)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(manifest, "files"), i, f)
        if (qc_json_get_str(f, "name") && !strcmp(qc_json_get_str(f, "name"), name))
            return f;
    return NULL;
}

/* held_back.json: each file left out, with its checksum, and the full
 * bundle it is in. */
static void S_held(const json_t *manifest, const cand *c, size_t n, const char *full_path,
                   const char *full_hex, qc_buf *out)
{
    json_t *o = json_object(), *list = json_array(), *full = json_object();
    json_object_set_new(o, "schema", json_string("quotacase-held-back/1"));
    json_object_set_new(o, "case_id", json_deep_copy(json_object_get(manifest, "case_id")));
    json_object_set_new(full, "name", json_string(qc_fs_basename(full_path)));
    json_object_set_new(full, "sha256", json_string(full_hex));
    json_object_set_new(o, "full_bundle", full);
    json_object_set_new(o, "why", json_string(
        "AWS Support takes attachments of at most 5 MB. The files below are in the full bundle, "
        "each with the checksum the manifest gives it; every figure of the case is in model.json."));
    for (size_t i = 0; i < n; i++) {
        if (c[i].in)
            continue;
        const json_t *f = S_manifest_file(manifest, c[i].name);
        json_t *h = json_object();
        json_object_set_new(h, "name", json_string(c[i].name));
        json_object_set_new(h, "bytes", json_deep_copy(json_object_get(f, "bytes")));
        json_object_set_new(h, "sha256", json_deep_copy(json_object_get(f, "sha256")));
        json_object_set_new(h, "why", json_string(S_listed(S_never, 3, c[i].name)
                                                      ? "attached on its own, or for the user"
                                                      : "too large for the attachment"));
        json_array_append_new(list, h);
    }
    json_object_set_new(o, "held_back", list);
    qc_json_dump(o, out);
    json_decref(o);
}

static int S_pack(const char *dir, const char *out_path, const json_t *manifest, cand *c,
                  size_t n, const char *full_path, const char *full_hex, qc_err *err)
{
    qc_pathlist files = {0};
    for (size_t i = 0; i < n; i++)
        if (c[i].in)
            qc_pathlist_add(&files, c[i].name);
    qc_pathlist_sort(&files);
    qc_buf held;
    qc_buf_init(&held, 0);
    S_held(manifest, c, n, full_path, full_hex, &held);
    int rc = qc_bundle_pack(dir, out_path, &files, QC_VERIFY_HELD, &held, err);
    qc_buf_free(&held);
    qc_pathlist_free(&files);
    return rc;
}

/* The file is one of the model's: its charts, its series, its success
 * evidence (names as render and collect write them). */
static int S_of_model(const char *name, const char *model_id)
{
    char *slug = qc_series_slug(model_id);
    char a[512], b[512], d[512];
    snprintf(a, sizeof a, "chart-%s-", slug);
    snprintf(b, sizeof b, "cloudwatch_%s_invocations.json", slug);
    snprintf(d, sizeof d, "%s_success_evidence.txt", slug);
    int is = !strncmp(name, a, strlen(a)) || !strcmp(name, b) || !strcmp(name, d);
    free(slug);
    return is;
}

/* What the engineer needs first when not all fits: the files of the models
 * the request is for, then those of throttled models and the logged events,
 * then the rest (from model.json; all rank 2 without it). */
static int S_rank(const json_t *model, const char *name)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(json_object_get(json_object_get(model, "request"), "quota"), "models"), i, v)
        if (json_is_string(v) && S_of_model(name, json_string_value(v)))
            return 0;
    if (!strcmp(name, "throttling_events.json"))
        return 1;
    json_array_foreach(json_object_get(json_object_get(model, "diagnosis"), "models"), i, v)
        if (json_is_true(json_object_get(v, "throttled")) && qc_json_get_str(v, "model_id") &&
            S_of_model(name, qc_json_get_str(v, "model_id")))
            return 1;
    return 2;
}

static int S_choose(const char *dir, const qc_pathlist *all, cand *c, uint64_t max, qc_err *err)
{
    char *mp = qc_fs_join(dir, "model.json");
    qc_err merr;
    qc_err_clear(&merr);
    json_t *model = qc_json_load_file(mp, &merr);
    free(mp);
    uint64_t used = 0;
    for (size_t i = 0; i < all->len; i++) {
        c[i].name = all->items[i];
        c[i].always = qc_verify_always_carried(c[i].name);
        c[i].rank = S_rank(model, c[i].name);
        if (S_listed(S_never, sizeof S_never / sizeof *S_never, c[i].name))
            continue;
        char *p = qc_fs_join(dir, c[i].name);
        int rc = S_packed(p, &c[i].packed, err);
        free(p);
        if (rc < 0) {
            json_decref(model);
            return -1;
        }
        c[i].packed += TAR_OVERHEAD;
        if (c[i].always)
            c[i].in = 1, used += c[i].packed;
    }
    json_decref(model);
    /* The rest by rank, smallest first within a rank, while they fit (a
     * tenth kept for the error of the estimate). */
    qsort(c, all->len, sizeof *c, S_by_size);
    for (size_t i = 0; i < all->len; i++)
        if (!c[i].in && !S_listed(S_never, sizeof S_never / sizeof *S_never, c[i].name) &&
            used + c[i].packed <= max - max / 10)
            c[i].in = 1, used += c[i].packed;
    return 0;
}

int qc_attach_write(const char *dir, const char *full_path, const char *out_path, uint64_t max,
                    qc_attach_result *res, qc_err *err)
{
    memset(res, 0, sizeof *res);
    char *mp = qc_fs_join(dir, "manifest.json");
    json_t *manifest = qc_json_load_file(mp, err);
    free(mp);
    if (!manifest)
        return -1;
    char full_hex[QC_SHA256_HEX_LEN + 1];
    qc_pathlist all = {0};
    int rc = qc_sha256_file(full_path, full_hex, NULL, err);
    if (rc == 0)
        rc = qc_fs_list_files(dir, &all, err);
    cand *c = qc_calloc(all.len + 1, sizeof *c);
    if (rc == 0)
        rc = S_choose(dir, &all, c, max, err);
    struct stat st;
    for (;;) {
        if (rc < 0 || (rc = S_pack(dir, out_path, manifest, c, all.len, full_path, full_hex, err)) < 0)
            break;
        if (stat(out_path, &st) != 0) {
            rc = qc_err_set(err, QC_EIO, "%s: written but cannot be read back", out_path);
            break;
        }
        if ((uint64_t)st.st_size <= max)
            break;
        /* The estimate was short: the last optional file taken goes too (the
         * largest of the least needed). */
        size_t k = all.len;
        for (size_t i = 0; i < all.len; i++)
            if (c[i].in && !c[i].always)
                k = i;
        if (k == all.len) {
            /* Nothing over the limit is left behind. */
            qc_buf sp;
            qc_buf_init(&sp, 0);
            qc_buf_printf(&sp, "%s.sha256", out_path);
            unlink(sp.ptr);
            unlink(out_path);
            qc_buf_free(&sp);
            rc = qc_err_set(err, QC_EINPUT, "%s: %.1f MB even with only the manifest, the model and "
                            "the rendered text, over Support's %.0f MB; render fewer models or a "
                            "shorter window", out_path, (double)st.st_size / 1e6, (double)max / 1e6);
            break;
        }
        c[k].in = 0;
    }
    if (rc == 0) {
        res->bytes = (uint64_t)st.st_size;
        for (size_t i = 0; i < all.len; i++)
            res->files += c[i].in, res->held += !c[i].in;
    }
    free(c);
    qc_pathlist_free(&all);
    json_decref(manifest);
    return rc;
}

int qc_attach_update(const char *dir, const char *full_path, char **attach_path,
                     qc_attach_result *res, qc_err *err)
{
    *attach_path = NULL;
    memset(res, 0, sizeof *res);
    struct stat st;
    if (stat(full_path, &st) != 0)
        return qc_err_set(err, QC_EINPUT, "%s: no bundle to attach", full_path);
    qc_buf ap, sp;
    qc_buf_init(&ap, 0);
    qc_buf_init(&sp, 0);
    size_t n = strlen(full_path);
    if (n > 7 && !strcmp(full_path + n - 7, ".tar.gz"))
        n -= 7;
    qc_buf_printf(&ap, "%.*s.attach.tar.gz", (int)n, full_path);
    qc_buf_printf(&sp, "%s.sha256", ap.ptr);
    int rc = 0;
    if ((uint64_t)st.st_size <= QC_ATTACH_MAX_BYTES) {
        unlink(sp.ptr);
        unlink(ap.ptr);
    } else if ((rc = qc_attach_write(dir, full_path, ap.ptr, QC_ATTACH_MAX_BYTES, res, err)) == 0) {
        *attach_path = qc_buf_take(&ap);
    }
    res->full_bytes = (uint64_t)st.st_size;
    qc_buf_free(&ap);
    qc_buf_free(&sp);
    return rc;
}
