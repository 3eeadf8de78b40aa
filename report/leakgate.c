/* leakgate.c - the leak gate; see leakgate.h.  Each text is scanned by
 * report/leakscan; this reads the sources.
 *
 * Archives are recognised by their first bytes, not by their names (a
 * renamed zip is still read), and read as streams with libarchive: an
 * archive inside an archive reads from its parent's entry, so nothing is
 * unpacked to disk or held whole in memory. */
#include "leakgate.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/detect.h"
#include "common/fs.h"
#include "report/leakscan.h"

#define S_CHUNK ((size_t)64 << 10)
#define S_DEPTH 3  /* archives in archives; a bundle's workbook is 2 deep */
#define S_HEAD 512 /* enough bytes to recognise an archive (tar: "ustar" at 257) */


void qc_leak_report_init(qc_leak_report *r)
{
    memset(r, 0, sizeof *r);
    qc_buf_init(&r->lines, 0);
}

void qc_leak_report_free(qc_leak_report *r)
{
    qc_buf_free(&r->lines);
}

/* ---- names ---- */

/* How a file is shown: "parent!name" (or name), with each secret-shaped
 * part of name as "[KIND]", which is a finding of its own (*named is then
 * set; the caller counts the file once with its content).  free() it. */
static char *S_name(const char *parent, const char *name, qc_leak_report *r, int *named)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    if (parent)
        qc_buf_printf(&b, "%s!", parent);
    size_t n = strlen(name), at = 0;
    unsigned kinds = 0;
    qc_span sp;
    while (at < n && qc_lscan_first(name, n, at, &sp)) {
        int k = sp.kind >= 0 && sp.kind < QC_SK_NKINDS ? sp.kind : QC_SK_SECRET;
        qc_buf_add(&b, name + at, sp.start - at);
        qc_buf_printf(&b, "[%s]", qc_secret_kind_name(k));
        kinds |= 1u << k;
        at = sp.end < n ? sp.end : n;
    }
    qc_buf_add(&b, name + at, n - at);
    *named = kinds != 0;
    for (int k = 0; k < QC_SK_NKINDS; k++)
        if (kinds >> k & 1u)
            qc_lscan_list(r, b.ptr, 0, k);
    return qc_buf_take(&b);
}

/* ---- sources: a file or an archive entry, its first bytes read ahead ---- */

typedef struct S_src {
    FILE *f;           /* a file, or */
    struct archive *a; /* the current entry of an archive */
    int errnum;        /* the file's read error */
    char head[S_HEAD];
    size_t head_len, head_pos;
} S_src;

static la_ssize_t S_raw_read(S_src *s, void *buf, size_t n)
{
    if (s->a)
        return archive_read_data(s->a, buf, n);
    size_t got = fread(buf, 1, n, s->f);
    if (got == 0 && ferror(s->f)) {
        s->errnum = errno;
        return -1;
    }
    return (la_ssize_t)got;
}

static la_ssize_t S_src_read(S_src *s, void *buf, size_t n)
{
    if (s->head_pos == s->head_len)
        return S_raw_read(s, buf, n);
    size_t k = s->head_len - s->head_pos < n ? s->head_len - s->head_pos : n;
    memcpy(buf, s->head + s->head_pos, k);
    s->head_pos += k;
    return (la_ssize_t)k;
}

static int S_src_head(S_src *s)
{
    while (s->head_len < S_HEAD) {
        la_ssize_t got = S_raw_read(s, s->head + s->head_len, S_HEAD - s->head_len);
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        s->head_len += (size_t)got;
    }
    return 0;
}

static int S_src_fail(const S_src *s, const char *shown, qc_err *err)
{
    const char *why = s->a ? archive_error_string(s->a) : strerror(s->errnum);
    return qc_err_set(err, QC_EINPUT, "%s: cannot read: %s", shown, why ? why : "damaged archive");
}

enum { S_TEXT, S_ARCHIVE, S_COMPRESSED, S_PNG };

static int S_sniff(const S_src *s)
{
    const char *h = s->head;
    size_t n = s->head_len;
    if (n >= 4 && (!memcmp(h, "PK\3\4", 4) || !memcmp(h, "PK\5\6", 4)))
        return S_ARCHIVE; /* zip: the workbook */
    if (n >= 8 && !memcmp(h, "\x89PNG\r\n\x1a\n", 8))
        return S_PNG; /* a chart picture */
    if (n >= 262 && !memcmp(h + 257, "ustar", 5))
        return S_ARCHIVE;
    if (n >= 6 && !memcmp(h, "7z\xbc\xaf\x27\x1c", 6))
        return S_ARCHIVE;
    if (n >= 2 && !memcmp(h, "\x1f\x8b", 2))
        return S_COMPRESSED; /* gzip: a bundle, or one compressed file */
    if (n >= 10 && !memcmp(h, "BZh", 3) && h[3] >= '1' && h[3] <= '9' &&
        !memcmp(h + 4, "\x31\x41\x59\x26\x53\x59", 6))
        return S_COMPRESSED;
    if (n >= 6 && !memcmp(h, "\xfd" "7zXZ\0", 6))
        return S_COMPRESSED;
    if (n >= 4 && !memcmp(h, "\x28\xb5\x2f\xfd", 4))
        return S_COMPRESSED;
    return S_TEXT;
}

/* ---- files and archives ---- */

static int S_scan_src(S_src *src, const char *shown, qc_leak_report *r, int depth, qc_err *err);

static int S_scan_text(S_src *src, const char *shown, qc_leak_report *r, qc_err *err)
{
    qc_lscan sc;
    qc_lscan_init(&sc, shown, r);
    char *chunk = qc_malloc(S_CHUNK);
    la_ssize_t got;
    while ((got = S_src_read(src, chunk, S_CHUNK)) > 0)
        qc_lscan_feed(&sc, chunk, (size_t)got);
    qc_lscan_end(&sc);
    r->files++;
    free(chunk);
    return got < 0 ? S_src_fail(src, shown, err) : 0;
}

/* Exactly n bytes (buf NULL: skipped); 0, or -1 when the data ends first. */
static int S_src_exact(S_src *src, unsigned char *buf, size_t n)
{
    unsigned char junk[4096];
    while (n) {
        size_t want = buf ? n : (n < sizeof junk ? n : sizeof junk);
        la_ssize_t got = S_src_read(src, buf ? buf : junk, want);
        if (got <= 0)
            return -1;
        if (buf)
            buf += got;
        n -= (size_t)got;
    }
    return 0;
}

/* A PNG's pixels hold no text, and compressed bytes would read as random
 * words: only its text chunks (tEXt, zTXt, iTXt) are read, as text. */
static int S_scan_png(S_src *src, const char *shown, qc_leak_report *r, qc_err *err)
{
    qc_lscan sc;
    qc_lscan_init(&sc, shown, r);
    int rc = S_src_exact(src, NULL, 8);
    unsigned char hdr[8];
    while (rc == 0 && S_src_exact(src, hdr, 8) == 0) {
        size_t len = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 | (size_t)hdr[2] << 8 | hdr[3];
        int text = !memcmp(hdr + 4, "tEXt", 4) || !memcmp(hdr + 4, "zTXt", 4) ||
                   !memcmp(hdr + 4, "iTXt", 4);
        if (len > ((size_t)64 << 20)) {
            rc = -1;
            break;
        }
        if (text) {
            unsigned char *d = qc_malloc(len + 1);
            rc = S_src_exact(src, d, len);
            if (rc == 0)
                qc_lscan_feed(&sc, (const char *)d, len);
            free(d);
        } else {
            rc = S_src_exact(src, NULL, len);
        }
        if (rc == 0)
            rc = S_src_exact(src, NULL, 4); /* the CRC */
        if (!memcmp(hdr + 4, "IEND", 4))
            break;
    }
    qc_lscan_end(&sc);
    r->files++;
    return rc < 0 ? qc_err_set(err, QC_EINPUT, "%s: not a whole PNG", shown) : 0;
}

typedef struct S_arc_in {
    S_src *src;
    char *buf;
} S_arc_in;

static la_ssize_t S_arc_read(struct archive *a, void *ctx, const void **out)
{
    S_arc_in *in = ctx;
    *out = in->buf;
    la_ssize_t got = S_src_read(in->src, in->buf, S_CHUNK);
    if (got < 0) {
        const char *why = in->src->a ? archive_error_string(in->src->a)
                                     : strerror(in->src->errnum);
        archive_set_error(a, EIO, "%s", why ? why : "read error");
    }
    return got;
}

static int S_arc_fail(struct archive *a, const char *shown, qc_err *err)
{
    const char *why = archive_error_string(a);
    return qc_err_set(err, QC_EINPUT, "%s: not a readable archive: %s", shown,
                      why ? why : "unknown format");
}

/* Every entry of the archive src holds, regular files scanned (or opened
 * in turn when they are archives), every name checked. */
static int S_scan_archive(S_src *src, int compressed, const char *shown, qc_leak_report *r,
                          int depth, qc_err *err)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    if (compressed)
        archive_read_support_format_raw(a); /* one compressed file: entry "data" */
    S_arc_in in = {src, qc_malloc(S_CHUNK)};
    int rc = archive_read_open(a, &in, NULL, S_arc_read, NULL) == ARCHIVE_OK
                 ? 0 : S_arc_fail(a, shown, err);
    struct archive_entry *e;
    while (rc == 0) {
        int h = archive_read_next_header(a, &e);
        if (h == ARCHIVE_EOF)
            break;
        if (h != ARCHIVE_OK && h != ARCHIVE_WARN) {
            rc = S_arc_fail(a, shown, err);
            break;
        }
        const char *path = archive_entry_pathname(e);
        size_t leaky = r->leaky_files;
        int named;
        char *name = S_name(shown, path ? path : "?", r, &named);
        if (archive_entry_filetype(e) == AE_IFREG) {
            S_src child = {.a = a};
            rc = S_scan_src(&child, name, r, depth, err);
        }
        if (named && r->leaky_files == leaky) /* its name alone */
            r->leaky_files++;
        free(name);
    }
    archive_read_free(a);
    free(in.buf);
    return rc;
}

static int S_scan_src(S_src *src, const char *shown, qc_leak_report *r, int depth, qc_err *err)
{
    if (S_src_head(src) < 0)
        return S_src_fail(src, shown, err);
    int type = S_sniff(src);
    if (type == S_TEXT)
        return S_scan_text(src, shown, r, err);
    if (type == S_PNG)
        return S_scan_png(src, shown, r, err);
    /* Unchecked is not clean: an archive too deep to open fails the gate. */
    if (depth >= S_DEPTH)
        return qc_err_set(err, QC_EINPUT, "%s: archives nested more than %d deep", shown,
                          S_DEPTH);
    return S_scan_archive(src, type == S_COMPRESSED, shown, r, depth + 1, err);
}

static int S_scan_file(const char *path, const char *shown, qc_leak_report *r, qc_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return qc_err_set(err, QC_EINPUT, "%s: cannot open: %s", shown, strerror(errno));
    S_src src = {.f = f};
    int rc = S_scan_src(&src, shown, r, 0, err);
    fclose(f);
    return rc;
}

/* QC_ELEAK when this call (which began at `findings`, `files` and `mark`
 * in r) found anything, naming the first finding it listed. */
static int S_verdict(const char *what, const qc_leak_report *r, size_t findings, size_t files,
                     size_t mark, qc_err *err)
{
    size_t n = r->findings - findings, nf = r->leaky_files - files;
    if (!n)
        return 0;
    const char *first = r->lines.len > mark ? r->lines.ptr + mark : "";
    size_t flen = strcspn(first, "\n");
    return qc_err_set(err, QC_ELEAK,
                      "%s: %zu secret-shaped finding%s in %zu file%s%s%.*s%s%s; values not shown",
                      what, n, n == 1 ? "" : "s", nf, nf == 1 ? "" : "s",
                      flen ? " (first: " : "", (int)flen, first, flen ? ")" : "",
                      r->findings > r->shown ? ", some not listed" : "");
}

int qc_leakgate_dir(const char *dir, qc_leak_report *r, qc_err *err)
{
    qc_pathlist files = {0};
    if (qc_fs_list_files(dir, &files, err) < 0)
        return -1;
    size_t findings = r->findings, leaky = r->leaky_files, mark = r->lines.len;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < files.len; i++) {
        size_t before = r->leaky_files;
        int named;
        char *path = qc_fs_join(dir, files.items[i]);
        char *shown = S_name(NULL, files.items[i], r, &named);
        rc = S_scan_file(path, shown, r, err);
        if (named && r->leaky_files == before) /* its name alone */
            r->leaky_files++;
        free(shown);
        free(path);
    }
    qc_pathlist_free(&files);
    if (rc < 0) {
        qc_err_prefix(err, "%s", dir);
        return -1;
    }
    return S_verdict(dir, r, findings, leaky, mark, err);
}

int qc_leakgate_archive(const char *path, const char *shown_name, qc_leak_report *r,
                        qc_err *err)
{
    size_t findings = r->findings, leaky = r->leaky_files, mark = r->lines.len;
    if (S_scan_file(path, shown_name, r, err) < 0)
        return -1;
    return S_verdict(path, r, findings, leaky, mark, err);
}

int qc_leakgate_text(const char *name, const char *p, size_t n, qc_leak_report *r, qc_err *err)
{
    size_t findings = r->findings, files = r->leaky_files, mark = r->lines.len;
    qc_lscan sc;
    qc_lscan_init(&sc, name, r);
    qc_lscan_feed(&sc, p, n);
    qc_lscan_end(&sc);
    r->files++;
    return S_verdict(name, r, findings, files, mark, err);
}
