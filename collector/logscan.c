/* logscan.c - the streaming log scanner; see logscan.h.
 *
 * The window holds up to QC_SCAN_HIST bytes of already-scanned lines before
 * the current position, so a hit on the last line of a Python traceback can
 * walk back to the timestamped line that opened the record.  Lines are
 * counted with a word-at-a-time newline count, and candidate lines are found
 * with memmem, so the per-byte work is two tight loops over memory.
 *
 * What makes a record (how far a hit extends up and down):
 *   - a line that starts with a timestamp, or a JSON object, opens a record;
 *   - under a timestamped opener, every following line without a timestamp
 *     belongs to it (tracebacks, stack traces, JS error dumps);
 *   - without one, only indented lines, closing braces and traceback markers
 *     continue a record, plus the exception line right after a traceback. */
#include "logscan.h"

#include <stdlib.h>
#include <string.h>

#include "collector/logfind.h"
#include "collector/logread.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/qtime.h"

#define QC_SCAN_CHUNK ((size_t)4 << 20)
#define QC_SCAN_HIST ((size_t)256 << 10)
#define QC_REC_LINES 200
#define QC_REC_BYTES ((size_t)64 << 10)
#define QC_TEXT_MAX ((size_t)16 << 10)

struct qc_logscan {
    qc_logfields_opts opts;
    qc_evstore *store;
    qc_err store_err; /* the first failure to keep an event (a full disk) */
    qc_logscan_stats stats;
    qc_redactor *redactor; /* borrowed */
    qc_redact_counts red;
    const qc_stop_flag *stop; /* set by a signal: stop between chunks */
    char *name, *name_red; /* the last source name and its redacted form */
};

enum { L_EMPTY, L_TS, L_JSON, L_INDENT, L_CLOSE, L_MARKER, L_TRACEBACK, L_BINARY, L_OTHER };

typedef struct win {
    const char *d;
    size_t floor;     /* no record may start before this offset */
    size_t counted;   /* newlines before this offset are counted ... */
    uint64_t line_at; /* ... and it is on this line */
    const char *name;
} win;

qc_logscan *qc_logscan_new(const qc_logfields_opts *opts, qc_redactor *redactor)
{
    qc_logscan *s = qc_calloc(1, sizeof *s);
    s->opts = *opts;
    s->redactor = redactor;
    s->store = qc_evstore_new(0);
    qc_err_clear(&s->store_err);
    return s;
}

void qc_logscan_free(qc_logscan *s)
{
    if (!s)
        return;
    qc_evstore_free(s->store);
    free(s->name);
    free(s->name_red);
    free(s);
}

size_t qc_logscan_count(const qc_logscan *s) { return qc_evstore_count(s->store); }

qc_evstore *qc_logscan_events(qc_logscan *s) { return s->store; }

const qc_err *qc_logscan_store_error(const qc_logscan *s)
{
    return s->store_err.code ? &s->store_err : NULL;
}

void qc_logscan_set_stop(qc_logscan *s, const qc_stop_flag *stop) { s->stop = stop; }

void qc_logscan_set_default_time(qc_logscan *s, int64_t ms)
{
    s->opts.default_time_ms = ms == QC_TIME_NONE ? 0 : ms;
}
const qc_logscan_stats *qc_logscan_get_stats(const qc_logscan *s) { return &s->stats; }
const qc_redact_counts *qc_logscan_redactions(const qc_logscan *s) { return &s->red; }

json_t *qc_logscan_stats_json(const qc_logscan *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "files", json_integer((json_int_t)s->stats.files));
    json_object_set_new(o, "bytes", json_integer((json_int_t)s->stats.bytes));
    json_object_set_new(o, "lines", json_integer((json_int_t)s->stats.lines));
    json_object_set_new(o, "candidates", json_integer((json_int_t)s->stats.candidates));
    json_object_set_new(o, "events", json_integer((json_int_t)s->stats.events));
    return o;
}

json_t *qc_logscan_redactions_json(const qc_logscan *s)
{
    return qc_redact_counts_json(&s->red);
}

/* ---- counting lines ---- */

static uint64_t S_line_of(win *w, size_t off)
{
    if (off >= w->counted) {
        w->line_at += qc_logfind_count_nl(w->d + w->counted, off - w->counted);
        w->counted = off;
        return w->line_at;
    }
    return w->line_at - qc_logfind_count_nl(w->d + off, w->counted - off);
}

/* ---- lines ---- */

static size_t S_line_start(const win *w, size_t p)
{
    if (p <= w->floor)
        return w->floor;
    const char *nl = memrchr(w->d + w->floor, '\n', p - w->floor);
    return nl ? (size_t)(nl - w->d) + 1 : w->floor;
}

static size_t S_line_end(const win *w, size_t p, size_t limit)
{
    const char *nl = memchr(w->d + p, '\n', limit - p);
    return nl ? (size_t)(nl - w->d) + 1 : limit;
}

static int S_starts(const char *l, size_t n, const char *pfx)
{
    size_t k = strlen(pfx);
    return n >= k && !memcmp(l, pfx, k);
}

static int S_kind(const qc_logscan *s, const char *l, size_t n)
{
    while (n && (l[n - 1] == '\n' || l[n - 1] == '\r'))
        n--;
    if (n == 0)
        return L_EMPTY;
    /* Control bytes mean binary junk: never part of a record. */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)l[i];
        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
            return L_BINARY;
    }
    if (l[0] == '{' && n > 1 && l[1] == '"')
        return L_JSON;
    if (S_starts(l, n, "Traceback (") || S_starts(l, n, "Exception in thread"))
        return L_TRACEBACK;
    if (l[0] == ' ' || l[0] == '\t')
        return L_INDENT;
    if (l[0] == '}' || l[0] == ']' || l[0] == ')')
        return L_CLOSE;
    if (S_starts(l, n, "During handling of") || S_starts(l, n, "The above exception") ||
        S_starts(l, n, "Caused by:"))
        return L_MARKER;
    int64_t ms;
    if (qc_logfields_line_time(l, n, s->opts.zone, &ms))
        return L_TS;
    return L_OTHER;
}

static int S_kind_at(const qc_logscan *s, const win *w, size_t ls, size_t limit)
{
    return S_kind(s, w->d + ls, S_line_end(w, ls, limit) - ls);
}

/* ---- records ---- */

/* Start of the record whose line starts at hs, for logs without timestamps. */
static size_t S_untimed_start(const qc_logscan *s, const win *w, size_t hs, size_t limit)
{
    size_t rs = hs;
    for (int n = 0; n < QC_REC_LINES && rs > w->floor && hs - rs < QC_REC_BYTES; n++) {
        int k = S_kind_at(s, w, rs, limit);
        if (k == L_TRACEBACK)
            break;
        size_t ps = S_line_start(w, rs - 1);
        int pk = S_kind_at(s, w, ps, limit);
        int cont = k == L_INDENT || k == L_CLOSE || k == L_MARKER ||
                   (k == L_OTHER && pk == L_INDENT) || (k == L_EMPTY && pk != L_EMPTY);
        if (!cont || pk == L_JSON || pk == L_TS || pk == L_BINARY)
            break;
        rs = ps;
    }
    return rs;
}

static size_t S_record_start(const qc_logscan *s, const win *w, size_t hs, size_t limit)
{
    int k = S_kind_at(s, w, hs, limit);
    if (k == L_TS || k == L_JSON)
        return hs;
    size_t cur = hs;
    for (int n = 0; n < QC_REC_LINES && cur > w->floor && hs - cur < QC_REC_BYTES; n++) {
        size_t ps = S_line_start(w, cur - 1);
        int pk = S_kind_at(s, w, ps, limit);
        if (pk == L_TS)
            return ps;
        if (pk == L_JSON || pk == L_BINARY)
            break;
        cur = ps;
    }
    return S_untimed_start(s, w, hs, limit);
}

/* End of the record (offset after its last line).  Sets *incomplete when
 * the data ran out before the record visibly ended. */
static size_t S_record_end(const qc_logscan *s, const win *w, size_t rs, size_t hs,
                           size_t limit, int *incomplete)
{
    int rk = S_kind_at(s, w, rs, limit);
    size_t re = S_line_end(w, hs, limit);
    *incomplete = 0;
    if (rk == L_JSON && rs == hs)
        return re;
    int timed = rk == L_TS;
    int prev = S_kind_at(s, w, hs, limit);
    int traceback = 0;
    for (size_t p = rs; p < hs; p = S_line_end(w, p, limit))
        if (S_kind_at(s, w, p, limit) == L_TRACEBACK)
            traceback = 1;
    for (int n = 0; n < QC_REC_LINES && re - hs < QC_REC_BYTES; n++) {
        if (re >= limit) {
            *incomplete = 1;
            break;
        }
        int k = S_kind_at(s, w, re, limit);
        if (k == L_TS || k == L_JSON || k == L_BINARY)
            break;
        int cont = timed ? 1
                         : (k == L_INDENT || k == L_CLOSE || k == L_MARKER ||
                            (k == L_OTHER && prev == L_INDENT && traceback));
        if (!cont)
            break;
        if (k == L_TRACEBACK)
            traceback = 1;
        re = S_line_end(w, re, limit);
        prev = k;
    }
    /* Blank lines at the end belong to nobody. */
    while (re > hs + 1 && w->d[re - 1] == '\n' && (w->d[re - 2] == '\n' ||
           (w->d[re - 2] == '\r' && re > hs + 2 && w->d[re - 3] == '\n')))
        re -= w->d[re - 2] == '\r' ? 2 : 1;
    return re;
}

/* The record's text is kept whole up to this, then its head and its tail
 * (where a traceback's exception and a JSON line's error usually are). */
#define QC_TEXT_HEAD ((size_t)6 << 10)

/* Valid UTF-8, one '\n' per line break. */
static void S_clean_text(const char *r, size_t n, qc_buf *text)
{
    size_t a = 0;
    for (;;) {
        const char *nl = memchr(r + a, '\n', n - a);
        size_t b = nl ? (size_t)(nl - r) : n, e = b;
        if (e > a && r[e - 1] == '\r')
            e--;
        if (a)
            qc_buf_addc(text, '\n');
        qc_utf8_sanitize(r + a, e - a, text);
        if (!nl)
            break;
        a = b + 1;
    }
}

/* A cut at or before p that splits neither a line's UTF-8 nor a placeholder:
 * at the last line break in reach, else before any '[' left open. */
static size_t S_safe_cut(const char *t, size_t p, size_t lo)
{
    const char *nl = memrchr(t + lo, '\n', p - lo);
    if (nl && (size_t)(nl - t) > lo + (p - lo) / 2)
        return (size_t)(nl - t);
    size_t c = p;
    const char *open = memrchr(t + lo, '[', p - lo);
    if (open && !memchr(open, ']', (size_t)(t + p - open)))
        c = (size_t)(open - t);
    while (c > lo && ((unsigned char)t[c] & 0xC0) == 0x80)
        c--;
    return c;
}

/* A redacted text longer than QC_TEXT_MAX becomes its head, a note of what
 * was left out, and its tail. */
static void S_shorten(qc_buf *t)
{
    if (t->len <= QC_TEXT_MAX)
        return;
    size_t head = S_safe_cut(t->ptr, QC_TEXT_HEAD, 0);
    size_t from = t->len - (QC_TEXT_MAX - QC_TEXT_HEAD - 64);
    const char *nl = memchr(t->ptr + from, '\n', t->len - from);
    if (nl && (size_t)(nl - t->ptr) < t->len - 1024)
        from = (size_t)(nl - t->ptr) + 1;
    else {
        const char *close = memchr(t->ptr + from, ']', t->len - from);
        const char *open = memchr(t->ptr + from, '[', t->len - from);
        if (close && (!open || close < open))
            from = (size_t)(close - t->ptr) + 1;
        while (from < t->len && ((unsigned char)t->ptr[from] & 0xC0) == 0x80)
            from++;
    }
    qc_buf out;
    qc_buf_init(&out, 0);
    qc_buf_add(&out, t->ptr, head);
    qc_buf_printf(&out, " [... %zu bytes left out ...] ", from - head);
    qc_buf_add(&out, t->ptr + from, t->len - from);
    qc_buf_free(t);
    *t = out;
}

/* The source's name redacted, once per name rather than once per event
 * (the same value always gets the same placeholder). */
static char *S_source_dup(qc_logscan *s, const char *name)
{
    if (!s->name || strcmp(s->name, name)) {
        free(s->name);
        free(s->name_red);
        s->name = qc_strdup(name);
        s->name_red = qc_redact_str(s->redactor, name);
    }
    return qc_strdup(s->name_red);
}

/* The record is read for its fields as it was logged, and only then
 * redacted: a secret next to the throttling text cannot hide the event. */
static void S_keep_event(qc_logscan *s, win *w, size_t rs, size_t re)
{
    s->stats.candidates++;
    size_t n = re - rs;
    while (n && (w->d[rs + n - 1] == '\n' || w->d[rs + n - 1] == '\r'))
        n--;
    qc_buf raw;
    qc_buf_init(&raw, 0);
    S_clean_text(w->d + rs, n, &raw);
    qc_event ev;
    qc_event_init(&ev);
    if (!qc_logfields_extract(raw.ptr ? raw.ptr : "", raw.len, &s->opts, &ev)) {
        qc_event_free(&ev);
        qc_buf_free(&raw);
        return;
    }
    qc_buf text;
    qc_buf_init(&text, 0);
    qc_redact_buf(s->redactor, raw.ptr ? raw.ptr : "", raw.len, &text, &s->red);
    qc_buf_free(&raw);
    S_shorten(&text);
    qc_event_redact(&ev, s->redactor);
    ev.source = S_source_dup(s, w->name);
    ev.line = S_line_of(w, rs);
    ev.line_end = S_line_of(w, S_line_start(w, rs + (n ? n - 1 : 0)));
    ev.text = qc_buf_take(&text);
    if (!ev.text)
        ev.text = qc_strdup("");
    qc_err err;
    qc_err_clear(&err);
    if (qc_evstore_add_take(s->store, &ev, &err) < 0 && !s->store_err.code)
        s->store_err = err;
    qc_event_free(&ev);
    s->stats.events++;
}

/* Scans [start, limit).  Returns where the next call should start: limit,
 * or the start of a record that needs more data (only when can_defer). */
static size_t S_process(qc_logscan *s, win *w, size_t start, size_t limit, int can_defer)
{
    size_t p = start;
    while (p < limit) {
        /* The search counts lines from p on: make p the counted position,
         * backwards too (a deferred record restarts before it). */
        if (p < w->counted) {
            w->line_at -= qc_logfind_count_nl(w->d + p, w->counted - p);
            w->counted = p;
        }
        S_line_of(w, p);
        uint64_t nl = 0;
        size_t hit = qc_logfind_next(w->d, p, limit, &nl);
        w->counted = hit;
        w->line_at += nl;
        if (hit >= limit)
            break;
        size_t hs = S_line_start(w, hit);
        if (hs < w->floor)
            hs = w->floor;
        size_t rs = S_record_start(s, w, hs, limit);
        int incomplete;
        size_t re = S_record_end(s, w, rs, hs, limit, &incomplete);
        if (incomplete && can_defer)
            return rs;
        S_keep_event(s, w, rs, re);
        w->floor = re;
        p = re > hit ? re : hit + 1;
    }
    S_line_of(w, limit);
    return limit;
}

void qc_logscan_mem(qc_logscan *s, const char *data, size_t len, const char *name,
                    uint64_t first_line)
{
    win w = {data, 0, 0, first_line, name};
    S_process(s, &w, 0, len, 0);
    s->stats.bytes += len;
    s->stats.lines += w.line_at - first_line + (len && data[len - 1] != '\n');
}

/* Moves the window so at most QC_SCAN_HIST bytes of lines before pos stay. */
static void S_shift(win *w, char *d, size_t *len, size_t *pos)
{
    size_t keep = *pos > QC_SCAN_HIST ? *pos - QC_SCAN_HIST : 0;
    if (keep) {
        const char *nl = memchr(d + keep, '\n', *pos - keep);
        keep = nl ? (size_t)(nl - d) + 1 : *pos;
    }
    if (!keep)
        return;
    memmove(d, d + keep, *len - keep);
    *len -= keep;
    *pos -= keep;
    w->counted -= keep;
    w->floor = w->floor > keep ? w->floor - keep : 0;
}

int qc_logscan_file(qc_logscan *s, const char *path, const char *name, qc_err *err)
{
    qc_err rerr;
    qc_err_clear(&rerr);
    qc_logread *r = qc_logread_open(path, &rerr);
    if (!r)
        return qc_err_set(err, rerr.code, "%s", rerr.msg);
    size_t cap = QC_SCAN_HIST + QC_SCAN_CHUNK;
    char *d = qc_malloc(cap);
    win w = {d, 0, 0, 1, name};
    size_t len = 0, pos = 0;
    int eof = 0, rc = 0;
    uint64_t total = 0;
    s->stats.files++;
    while (!(eof && pos >= len)) {
        if (s->stop && *s->stop) {
            rc = 1;
            break;
        }
        /* stuck: the window is full of one unfinished stretch (a line of
         * megabytes); it is scanned as it is rather than grown. */
        int stuck = 0;
        if (!eof) {
            if (cap - len < QC_SCAN_CHUNK / 2)
                S_shift(&w, d, &len, &pos);
            if (cap - len < QC_SCAN_CHUNK / 4) {
                stuck = 1;
            } else {
                ssize_t n = qc_logread_read(r, d + len, cap - len, &rerr);
                if (n < 0)
                    rc = -1;
                if (n <= 0)
                    eof = 1;
                else {
                    len += (size_t)n;
                    total += (uint64_t)n;
                }
            }
        }
        size_t limit = len;
        if (!eof && !stuck) {
            const char *nl = memrchr(d + pos, '\n', len - pos);
            if (!nl)
                continue;
            limit = (size_t)(nl - d) + 1;
        }
        pos = S_process(s, &w, pos, limit, !eof && !stuck);
    }
    s->stats.bytes += total;
    s->stats.lines += w.line_at - 1 + (len && d[len - 1] != '\n');
    if (rc < 0)
        qc_err_set(err, QC_EINPUT, "%s:%llu: %s", name, (unsigned long long)w.line_at, rerr.msg);
    if (rc > 0)
        qc_err_set(err, QC_EPARTIAL, "%s:%llu: interrupted; the records before it are kept", name,
                   (unsigned long long)w.line_at);
    free(d);
    qc_logread_close(r);
    return rc;
}
