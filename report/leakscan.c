/* leakscan.c - the leak gate's scanner of a text; see leakscan.h.
 *
 * A text is scanned through a window: the bytes not scanned yet, after up to
 * S_CONTEXT bytes already scanned that the detectors may look back at (the
 * key before a value, the start of a token).  The window is scanned up to its
 * last newline, so no token is cut at a chunk boundary; a line longer than
 * S_WINDOW is cut S_CONTEXT bytes before the window's end instead, so every
 * token shorter than S_CONTEXT is seen whole on one side of the cut.  Only
 * findings that start in the part being scanned count, so none counts twice. */
#include "leakscan.h"

#include <string.h>

#include "common/detect.h"

#define S_CHUNK ((size_t)64 << 10)
#define S_WINDOW ((size_t)1 << 20)
#define S_CONTEXT ((size_t)4 << 10)

_Static_assert(QC_SK_NKINDS <= 32, "a line's kinds fit in an unsigned mask");

typedef int (*S_detector)(const char *s, size_t n, size_t from, qc_span *sp);

void qc_lscan_list(qc_leak_report *r, const char *name, size_t line, int kind)
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

void qc_lscan_init(qc_lscan *sc, const char *name, qc_leak_report *r)
{
    memset(sc, 0, sizeof *sc);
    sc->name = name;
    sc->r = r;
    sc->line = 1;
    qc_buf_init(&sc->win, S_CONTEXT + S_WINDOW + 2 * S_CHUNK);
}

static void S_report(qc_lscan *sc, size_t line, int kind)
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
    qc_lscan_list(sc->r, sc->name, line, kind);
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
static void S_detect(qc_lscan *sc, size_t cut)
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
static void S_run(qc_lscan *sc, size_t added, int eof)
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

/* Fed at most S_CHUNK at a time, the window never holds more than
 * S_WINDOW unscanned bytes before a run, so an add stays under the
 * buffer's max: a longer piece (a PNG's text chunk) goes in parts. */
void qc_lscan_feed(qc_lscan *sc, const char *p, size_t n)
{
    while (n) {
        size_t k = n < S_CHUNK ? n : S_CHUNK;
        qc_buf_add(&sc->win, p, k);
        S_run(sc, k, 0);
        p += k;
        n -= k;
        sc->fed = 1;
    }
}

void qc_lscan_end(qc_lscan *sc)
{
    if (sc->fed)
        S_run(sc, 0, 1);
    qc_buf_free(&sc->win);
}

/* The first span of either detector in s[from..n) that is no false alarm. */
int qc_lscan_first(const char *s, size_t n, size_t from, qc_span *sp)
{
    qc_span e;
    int hf = S_next(qc_detect_next, 0, s, n, from, n, sp);
    int he = S_next(qc_detect_entropy, 1, s, n, from, n, &e);
    if (he && (!hf || e.start < sp->start))
        *sp = e;
    return hf || he;
}

