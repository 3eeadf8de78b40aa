/* leakgate.c - the leak gate; see leakgate.h.
 *
 * A text is scanned through a window: the bytes not scanned yet, after up to
 * S_CONTEXT bytes already scanned that the detectors may look back at (the
 * key before a value, the start of a token).  The window is scanned up to its
 * last newline, so no token is cut at a chunk boundary; a line longer than
 * S_WINDOW is cut S_CONTEXT bytes before the window's end instead, so every
 * token shorter than S_CONTEXT is seen whole on one side of the cut.  Only
 * findings that start in the part being scanned count, so none counts twice.
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

#define S_CHUNK ((size_t)64 << 10)
#define S_WINDOW ((size_t)1 << 20)
#define S_CONTEXT ((size_t)4 << 10)
#define S_DEPTH 3  /* archives in archives; a bundle's workbook is 2 deep */
#define S_HEAD 512 /* enough bytes to recognise an archive (tar: "ustar" at 257) */

_Static_assert(QC_SK_NKINDS <= 32, "a line's kinds fit in an unsigned mask");

typedef int (*S_detector)(const char *s, size_t n, size_t from, qc_span *sp);

void qc_leak_report_init(qc_leak_report *r)
{
    memset(r, 0, sizeof *r);
    qc_buf_init(&r->lines, 0);
}

void qc_leak_report_free(qc_leak_report *r)
{
    qc_buf_free(&r->lines);
}

static void S_list(qc_leak_report *r, const char *name, size_t line, int kind)
{
    r->findings++;
    if (r->shown >= QC_LEAK_SHOWN)
        return;
    r->shown++;
    if (line)
        qc_buf_printf(&r->lines, "%s:%zu: %s\n", name, line, qc_secret_kind_name(kind));
    else
        qc_buf_printf(&r->lines, "%s: name: %s\n", name, qc_secret_kind_name(kind));
}

/* ---- the scanner ---- */

typedef struct S_scan {
    const char *name;
    qc_leak_report *r;
    qc_buf win;
    size_t from;         /* win[from..] is not scanned yet */
    size_t line;         /* the line number of win[from] */
    size_t found;        /* findings in this file */
    size_t last_line;    /* the line last reported, and */
    unsigned last_kinds; /* the kinds reported on it */
} S_scan;

static void S_scan_init(S_scan *sc, const char *name, qc_leak_report *r)
{
    memset(sc, 0, sizeof *sc);
    sc->name = name;
    sc->r = r;
    sc->line = 1;
    qc_buf_init(&sc->win, S_CONTEXT + S_WINDOW + 2 * S_CHUNK);
}

static void S_report(S_scan *sc, size_t line, int kind)
{
    if (kind < 0 || kind >= QC_SK_NKINDS)
        kind = QC_SK_SECRET;
    if (line != sc->last_line) {
        sc->last_line = line;
        sc->last_kinds = 0;
    }
    if (sc->last_kinds >> kind & 1u)
        return;
    sc->last_kinds |= 1u << kind;
    if (!sc->found++)
        sc->r->leaky_files++;
    S_list(sc->r, sc->name, line, kind);
}

static size_t S_newlines(const char *p, size_t n)
{
    size_t k = 0;
    const char *end = p + n;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
        k++;
        p++;
    }
    return k;
}

static int S_overlap(const qc_span *a, const qc_span *b)
{
    return a->start < b->end && b->start < a->end;
}

/* ---- what the detectors find that is no secret ----
 * Each rule names the text it was written for; the detectors are shared
 * with the redactor, so these stay here rather than loosen them there. */

/* A JSON number or literal where a key promised a secret ("access_key_id":
 * 0 in a count of redactions, "input": 12 in the arithmetic) is the key's
 * name, not a value.  Phone numbers are digits by nature and stay. */
static int S_json_scalar(const char *p, size_t n)
{
    if ((n == 4 && (!memcmp(p, "true", 4) || !memcmp(p, "null", 4))) ||
        (n == 5 && !memcmp(p, "false", 5)))
        return 1;
    size_t i = p[0] == '-', digits = 0;
    for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
        digits++;
    if (i < n && p[i] == '.')
        for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++)
            digits++;
    return digits && i == n;
}

/* "[REDACTED:session_token]": what the redactor of earlier versions wrote
 * (a keyed detector may stop its value before the ']'). */
static int S_old_placeholder(const char *p, size_t n)
{
    if (n < 11 || memcmp(p, "[REDACTED:", 10))
        return 0;
    size_t i = 10;
    while (i < n && ((p[i] >= 'a' && p[i] <= 'z') || p[i] == '_'))
        i++;
    return i == n || (i == n - 1 && p[i] == ']');
}

/* A plain directory or file name: "tmp", "quiet-logs", "Users". */
static int S_word(const char *p, size_t n)
{
    size_t lower = 0, i = p[0] >= 'A' && p[0] <= 'Z';
    for (; i < n; i++) {
        if (p[i] >= 'a' && p[i] <= 'z')
            lower++;
        else if (p[i] != '-' && p[i] != '_')
            return 0;
    }
    return n >= 3 && lower >= 2;
}

/* A path, "/var/lib/ci/job.pLIix6MEOL/quiet-logs/supervisor.log": base64 has
 * '/', so the entropy detector sees one token across directories, and a
 * random directory name (mktemp's, a CI job's) with plain words after it
 * passes for a key.  A token one of whose '/'-separated parts is a plain
 * word is a path, and counts only when a part is random on its own; a key
 * in base64 that happens to hold a short word still has a random part. */
static int S_path(const char *p, size_t n)
{
    int word = 0;
    for (size_t a = 0, b; a <= n; a = b + 1) {
        const char *slash = memchr(p + a, '/', n - a);
        b = slash ? (size_t)(slash - p) : n;
        word |= b > a && S_word(p + a, b - a);
    }
    if (!word)
        return 0;
    qc_span x;
    for (size_t a = 0, b; a <= n; a = b + 1) {
        const char *slash = memchr(p + a, '/', n - a);
        b = slash ? (size_t)(slash - p) : n;
        if (b > a && qc_detect_entropy(p + a, b - a, 0, &x))
            return 0;
    }
    return 1;
}

static int S_ignored(const char *s, const qc_span *sp, int entropy)
{
    const char *p = s + sp->start;
    size_t n = sp->end - sp->start;
    if (entropy)
        return S_path(p, n);
    if (sp->kind == QC_SK_PHONE || sp->kind == QC_SK_IP)
        return 0;
    return S_json_scalar(p, n) || S_old_placeholder(p, n);
}

/* The next span of one detector that starts in s[from..cut) and is no
 * false alarm; entropy tells which detector d is. */
static int S_next(S_detector d, int entropy, const char *s, size_t n, size_t from, size_t cut,
                  qc_span *sp)
{
    while (from < cut && d(s, n, from, sp) && sp->start < cut) {
        if (sp->start < from) /* never expected; keeps the loop moving forward */
            sp->start = from;
        if (sp->end <= sp->start)
            sp->end = sp->start + 1;
        if (entropy)
            sp->kind = QC_SK_ENTROPY;
        if (!S_ignored(s, sp, entropy))
            return 1;
        from = sp->end;
    }
    return 0;
}

/* Both detectors over win[from..cut), merged so lines come out in order. */
static void S_detect(S_scan *sc, size_t cut)
{
    const char *s = sc->win.ptr;
    size_t n = sc->win.len, at = sc->from, line = sc->line;
    qc_span f, e, last = {0, 0, -1};
    int hf = S_next(qc_detect_next, 0, s, n, at, cut, &f);
    int he = S_next(qc_detect_entropy, 1, s, n, at, cut, &e);
    while (hf || he) {
        int fixed = hf && (!he || f.start <= e.start);
        qc_span sp = fixed ? f : e;
        if (fixed)
            hf = S_next(qc_detect_next, 0, s, n, f.end, cut, &f);
        else
            he = S_next(qc_detect_entropy, 1, s, n, e.end, cut, &e);
        /* A random-looking token that a fixed detector named is one finding. */
        if (!fixed && (S_overlap(&sp, &last) || (hf && S_overlap(&sp, &f))))
            continue;
        if (fixed)
            last = sp;
        line += S_newlines(s + at, sp.start - at);
        at = sp.start;
        S_report(sc, line, sp.kind);
    }
}

/* Scans the window up to its last newline (all of it at the end of the
 * text) and keeps the rest, with context.  `added` bytes were just added:
 * only they can hold a newline, since every earlier one was a cut. */
static void S_run(S_scan *sc, size_t added, int eof)
{
    qc_buf *w = &sc->win;
    size_t cut = w->len;
    if (!eof) {
        const char *nl = added ? memrchr(w->ptr + w->len - added, '\n', added) : NULL;
        if (nl)
            cut = (size_t)(nl - w->ptr) + 1;
        else if (w->len - sc->from >= S_WINDOW)
            cut = w->len - S_CONTEXT;
        else
            return;
    }
    S_detect(sc, cut);
    sc->line += S_newlines(w->ptr + sc->from, cut - sc->from);
    size_t keep = cut > S_CONTEXT ? cut - S_CONTEXT : 0;
    memmove(w->ptr, w->ptr + keep, w->len - keep);
    qc_buf_truncate(w, w->len - keep);
    sc->from = cut - keep;
}

/* n is at most S_CHUNK, and the window never holds more than S_WINDOW
 * unscanned bytes before a run, so the add stays under the buffer's max. */
static void S_feed(S_scan *sc, const char *p, size_t n)
{
    qc_buf_add(&sc->win, p, n);
    S_run(sc, n, 0);
}

/* ---- names ---- */

/* The first span of either detector in s[from..n) that is no false alarm. */
static int S_first(const char *s, size_t n, size_t from, qc_span *sp)
{
    qc_span e;
    int hf = S_next(qc_detect_next, 0, s, n, from, n, sp);
    int he = S_next(qc_detect_entropy, 1, s, n, from, n, &e);
    if (he && (!hf || e.start < sp->start))
        *sp = e;
    return hf || he;
}

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
    while (at < n && S_first(name, n, at, &sp)) {
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
            S_list(r, b.ptr, 0, k);
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
    S_scan sc;
    S_scan_init(&sc, shown, r);
    char *chunk = qc_malloc(S_CHUNK);
    la_ssize_t got;
    while ((got = S_src_read(src, chunk, S_CHUNK)) > 0)
        S_feed(&sc, chunk, (size_t)got);
    S_run(&sc, 0, 1);
    r->files++;
    free(chunk);
    qc_buf_free(&sc.win);
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
    S_scan sc;
    S_scan_init(&sc, shown, r);
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
                S_feed(&sc, (const char *)d, len);
            free(d);
        } else {
            rc = S_src_exact(src, NULL, len);
        }
        if (rc == 0)
            rc = S_src_exact(src, NULL, 4); /* the CRC */
        if (!memcmp(hdr + 4, "IEND", 4))
            break;
    }
    if (sc.win.ptr) /* no text chunk: nothing to read */
        S_run(&sc, 0, 1);
    r->files++;
    qc_buf_free(&sc.win);
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
