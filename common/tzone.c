/* tzone.c - zones for log stamps without one; see tzone.h.
 *
 * A zone is a table of transitions (UTC instants, each with the offset in
 * force from it on), the offset before the first one, and optionally the
 * POSIX TZ rule of the file's footer for instants after the last one.  A
 * fixed offset is a zone with no transitions and no rule.
 *
 * TZif files follow RFC 8536: a version 1 block of 32-bit data, then for
 * version 2 and later a second header, the same data with 64-bit times, and
 * a footer line holding a POSIX TZ string.  The 64-bit block is used when
 * present (the 32-bit one ends in 2038 and zic's "slim" files leave it
 * nearly empty).  Leap-second records and the standard/UT indicators are
 * skipped: they matter only to "right/" zones and to rules zic has already
 * applied.  Every count is checked against the bytes present before anything
 * is read, and files over 1 MiB are refused (real ones are under 4 KiB).
 *
 * Local to UTC walks the offsets in force during the 26 hours either side of
 * the local time (no offset is larger) and takes the first that fits, so a
 * repeated hour resolves to its earlier instant and a skipped hour to the
 * offset before the gap. */
#include "common/tzone.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/qtime.h"
#include "common/tzone_int.h"

#define S_MAX_FILE ((size_t)1 << 20)
#define S_MAX_OFF 93600 /* 26 hours; RFC 8536 allows -89999 to 93599 */
#define S_MAX_NAME 255

struct qc_tz {
    char *name;
    size_t n;     /* transitions */
    int64_t *at;  /* ascending UTC seconds */
    int32_t *off; /* seconds east in force from at[i] on */
    int32_t off0; /* before the first transition (time type 0) */
    int has_rule; /* the footer governs instants from at[n-1] on (all, when n is 0) */
    qc_tz_rule rule;
};

qc_tz *qc_tz_fixed(int minutes)
{
    qc_tz *tz = qc_calloc(1, sizeof *tz);
    char name[16];
    int a = minutes < 0 ? -minutes : minutes;
    snprintf(name, sizeof name, "%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60 % 100, a % 60);
    tz->name = qc_strdup(name);
    tz->off0 = (int32_t)minutes * 60;
    return tz;
}

void qc_tz_free(qc_tz *tz)
{
    if (!tz)
        return;
    free(tz->name);
    free(tz->at);
    free(tz->off);
    free(tz);
}

const char *qc_tz_name(const qc_tz *tz)
{
    return tz ? tz->name : "+00:00";
}

/* ---- TZif ---- */

typedef struct head {
    int version; /* 1, 2, 3, 4 ... */
    uint32_t isut, isstd, leap, time, type, chars;
} head;

typedef struct reader {
    const unsigned char *p;
    size_t len, pos;
    const char *where;
    qc_err *err;
} reader;

static uint32_t S_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t S_i64(const unsigned char *p)
{
    return (int64_t)((uint64_t)S_u32(p) << 32 | S_u32(p + 4));
}

static int S_bad(reader *r, const char *what)
{
    return qc_err_set(r->err, QC_EINPUT, "%s: not a valid TZif file: %s (at byte %zu)", r->where,
                      what, r->pos);
}

static int S_head(reader *r, head *h)
{
    if (r->len - r->pos < 44)
        return S_bad(r, "header cut short");
    const unsigned char *p = r->p + r->pos;
    if (memcmp(p, "TZif", 4))
        return S_bad(r, "no TZif magic");
    h->version = p[4] == 0 ? 1 : p[4] >= '2' && p[4] <= '9' ? p[4] - '0' : 0;
    if (!h->version)
        return S_bad(r, "unknown version");
    h->isut = S_u32(p + 20);
    h->isstd = S_u32(p + 24);
    h->leap = S_u32(p + 28);
    h->time = S_u32(p + 32);
    h->type = S_u32(p + 36);
    h->chars = S_u32(p + 40);
    r->pos += 44;
    return 0;
}

/* Bytes of the data block after a header, refused when past the end. */
static int S_block_size(reader *r, const head *h, int tsize, size_t *size)
{
    uint64_t n = (uint64_t)h->time * (uint64_t)(tsize + 1) + (uint64_t)h->type * 6 + h->chars +
                 (uint64_t)h->leap * (uint64_t)(tsize + 4) + h->isstd + h->isut;
    if (n > r->len - r->pos)
        return S_bad(r, "counts do not fit the file");
    *size = (size_t)n;
    return 0;
}

static int S_check_counts(reader *r, const head *h)
{
    if (h->type == 0 || h->type > 256)
        return S_bad(r, "time type count is not 1 to 256");
    if (h->chars == 0)
        return S_bad(r, "no abbreviation characters");
    if ((h->isstd && h->isstd != h->type) || (h->isut && h->isut != h->type))
        return S_bad(r, "indicator counts differ from the time type count");
    return 0;
}

/* The data block at r->pos into tz: transitions, their offsets, off0. */
static int S_block(reader *r, const head *h, int tsize, qc_tz *tz)
{
    const unsigned char *times = r->p + r->pos, *idx = times + (size_t)h->time * tsize;
    const unsigned char *types = idx + h->time;
    int32_t offs[256];
    for (uint32_t k = 0; k < h->type; k++) {
        const unsigned char *t = types + (size_t)k * 6;
        int32_t o = (int32_t)S_u32(t);
        if (o <= -S_MAX_OFF || o >= S_MAX_OFF || t[4] > 1 || t[5] >= h->chars)
            return S_bad(r, "time type out of range");
        offs[k] = o;
    }
    tz->n = h->time;
    tz->at = qc_malloc(tz->n * sizeof *tz->at);
    tz->off = qc_malloc(tz->n * sizeof *tz->off);
    for (size_t i = 0; i < tz->n; i++) {
        tz->at[i] = tsize == 8 ? S_i64(times + i * 8) : (int32_t)S_u32(times + i * 4);
        if (i && tz->at[i] <= tz->at[i - 1])
            return S_bad(r, "transition times not ascending");
        if (idx[i] >= h->type)
            return S_bad(r, "transition names a time type that is not there");
        tz->off[i] = offs[idx[i]];
    }
    tz->off0 = offs[0];
    return 0;
}

/* "\nTZ-string\n" after the 64-bit block; an empty string means no rule. */
static int S_footer(reader *r, qc_tz *tz)
{
    if (r->pos >= r->len || r->p[r->pos] != '\n')
        return S_bad(r, "no footer");
    const unsigned char *s = r->p + r->pos + 1;
    const unsigned char *e = memchr(s, '\n', r->len - r->pos - 1);
    if (!e)
        return S_bad(r, "footer not ended by a newline");
    if (e == s)
        return 0;
    char str[256];
    size_t n = (size_t)(e - s);
    if (n >= sizeof str || memchr(s, '\0', n))
        return S_bad(r, "footer TZ string too long");
    memcpy(str, s, n);
    str[n] = '\0';
    if (qc_tz_rule_parse(str, &tz->rule) < 0)
        return qc_err_set(r->err, QC_EINPUT, "%s: not a valid TZif file: footer '%s' is not a "
                          "POSIX TZ rule", r->where, str);
    tz->has_rule = 1;
    return 0;
}

static int S_parse(reader *r, qc_tz *tz)
{
    head h;
    size_t size = 0;
    if (S_head(r, &h) < 0)
        return -1;
    if (h.version == 1) {
        if (S_check_counts(r, &h) < 0 || S_block_size(r, &h, 4, &size) < 0)
            return -1;
        return S_block(r, &h, 4, tz);
    }
    /* Version 2+: the 32-bit block is only skipped (readers are told to ignore it). */
    if (S_block_size(r, &h, 4, &size) < 0)
        return -1;
    r->pos += size;
    if (S_head(r, &h) < 0)
        return -1;
    if (h.version == 1)
        return S_bad(r, "second header is version 1");
    if (S_check_counts(r, &h) < 0 || S_block_size(r, &h, 8, &size) < 0 || S_block(r, &h, 8, tz) < 0)
        return -1;
    r->pos += size;
    return S_footer(r, tz);
}

qc_tz *qc_tz_parse(const char *name, const char *where, const void *data, size_t len,
                   qc_err *err)
{
    reader r = {data, len, 0, where, err};
    if (len > S_MAX_FILE) {
        qc_err_set(err, QC_EINPUT, "%s: larger than %zu bytes: not a TZif file", where, S_MAX_FILE);
        return NULL;
    }
    qc_tz *tz = qc_calloc(1, sizeof *tz);
    tz->name = qc_strdup(name);
    if (S_parse(&r, tz) < 0) {
        qc_tz_free(tz);
        return NULL;
    }
    return tz;
}

/* ---- loading by name ---- */

/* A zone name stays inside tzdir: relative, tzdata's characters only. */
static int S_name_ok(const char *s)
{
    size_t n = strlen(s);
    /* No component may start with a dot: that refuses "..", and tzdata has none. */
    if (n == 0 || n > S_MAX_NAME || s[0] == '/' || s[0] == '.' || strstr(s, "/.") ||
        strstr(s, ".."))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] >= 'A' && s[i] <= 'Z') && !(s[i] >= 'a' && s[i] <= 'z') &&
            !(s[i] >= '0' && s[i] <= '9') && !strchr("/_+-.", s[i]))
            return 0;
    return 1;
}

static qc_tz *S_not_a_zone(const char *spec, const char *dir, qc_err *err)
{
    const char *hint = qc_fs_is_dir(dir) ? "" : ", which is missing: install tzdata";
    qc_err_set(err, QC_EUSAGE, "'%s' is not UTC, an offset like +05:30, or a zone name from "
               "tzdata (looked in %s%s)", spec, dir, hint);
    return NULL;
}

static qc_tz *S_load_file(const char *spec, const char *dir, qc_err *err)
{
    char *path = qc_fs_join(dir, spec);
    struct stat st;
    qc_tz *tz = NULL;
    qc_buf b;
    qc_buf_init(&b, S_MAX_FILE);
    if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
        S_not_a_zone(spec, dir, err);
    } else if (qc_fs_read(path, &b, err) == 0) {
        /* tzdir also holds tables (zone.tab, tzdata.zi): those are not zones either. */
        if (b.len < 4 || memcmp(b.ptr, "TZif", 4))
            S_not_a_zone(spec, dir, err);
        else
            tz = qc_tz_parse(spec, path, b.ptr, b.len, err);
    }
    qc_buf_free(&b);
    free(path);
    return tz;
}

qc_tz *qc_tz_load(const char *spec, const char *tzdir, qc_err *err)
{
    int minutes;
    if (qc_time_parse_offset(spec, &minutes) == 0)
        return qc_tz_fixed(minutes);
    const char *dir = tzdir && *tzdir ? tzdir : QC_TZ_DEFAULT_DIR;
    if (!S_name_ok(spec))
        return S_not_a_zone(spec, dir, err);
    return S_load_file(spec, dir, err);
}

/* ---- offsets ---- */

/* Does the footer rule govern u? */
static int S_by_rule(const qc_tz *tz, int64_t u)
{
    return tz->has_rule && (tz->n == 0 || u >= tz->at[tz->n - 1]);
}

/* Index of the last transition at or before u; -1 when u is before them all. */
static ptrdiff_t S_find(const qc_tz *tz, int64_t u)
{
    size_t lo = 0, hi = tz->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tz->at[mid] <= u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo - 1;
}

int32_t qc_tz_offset_at(const qc_tz *tz, int64_t u)
{
    if (!tz)
        return 0;
    if (S_by_rule(tz, u))
        return qc_tz_rule_offset(&tz->rule, u);
    ptrdiff_t i = S_find(tz, u);
    return i < 0 ? tz->off0 : tz->off[i];
}

/* The first change of offset after u: 1 and *t, or 0 when there is none. */
static int S_next(const qc_tz *tz, int64_t u, int64_t *t)
{
    if (tz->n && u < tz->at[tz->n - 1]) {
        *t = tz->at[S_find(tz, u) + 1];
        return 1;
    }
    return tz->has_rule && qc_tz_rule_next(&tz->rule, u, t);
}

int64_t qc_tz_local_to_utc(const qc_tz *tz, int64_t local)
{
    if (!tz)
        return local;
    /* Far outside any calendar year the walk below could overflow. */
    if (local < -((int64_t)1 << 50) || local > ((int64_t)1 << 50))
        return local - tz->off0;
    int64_t start = local - S_MAX_OFF, t;
    int32_t off = qc_tz_offset_at(tz, start), before = off;
    for (;;) {
        int has = S_next(tz, start, &t);
        int64_t u = local - off;
        if (u < start)
            return local - before; /* in the gap a change opened: the offset before it */
        if (!has || u < t)
            return u; /* the first offset that fits: the earlier of a repeated hour */
        before = off;
        start = t;
        off = qc_tz_offset_at(tz, t);
    }
}
