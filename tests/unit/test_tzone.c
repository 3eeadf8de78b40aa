/* test_tzone.c - zones for log stamps: tzdata files read from the system
 * (Debian's tzdata), TZif files built here byte by byte, and the POSIX TZ
 * rules of their footers.  Every expected UTC time is worked out by hand from
 * the zone's offsets and the calendar (weekdays counted from 2026-03-01, a
 * Sunday). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/buf.h"
#include "common/qtime.h"
#include "common/tzone.h"

void test_tzone(void);

/* Seconds since the epoch of a civil time read as UTC. */
static int64_t S_at(int y, int mo, int d, int H, int M, int S)
{
    return qc_time_days_from_civil(y, mo, d) * 86400 + H * 3600 + M * 60 + S;
}

static qc_tz *S_load(const char *name)
{
    qc_err err;
    qc_err_clear(&err);
    qc_tz *tz = qc_tz_load(name, NULL, &err);
    if (!tz)
        fprintf(stderr, "test_tzone: %s: %s\n", name, err.msg);
    return tz;
}

/* Local wall time in tz to UTC, as the string the evidence would show. */
static const char *S_utc(const qc_tz *tz, int y, int mo, int d, int H, int M, int S)
{
    static char out[QC_TIME_STR_MAX];
    qc_time_format(qc_tz_local_to_utc(tz, S_at(y, mo, d, H, M, S)) * 1000, out);
    return out;
}

static void S_fixed(void)
{
    qc_tz *tz = S_load("+05:30");
    CHECK_STR(S_utc(tz, 2026, 1, 12, 10, 51, 0), "2026-01-12T05:21:00Z");
    CHECK_STR(qc_tz_name(tz), "+05:30");
    qc_tz_free(tz);
    tz = S_load("-0800");
    CHECK_STR(qc_tz_name(tz), "-08:00");
    CHECK_STR(S_utc(tz, 2026, 7, 1, 16, 0, 0), "2026-07-02T00:00:00Z");
    qc_tz_free(tz);
    tz = S_load("UTC");
    CHECK_STR(qc_tz_name(tz), "+00:00");
    qc_tz_free(tz);
    CHECK_STR(qc_tz_name(NULL), "+00:00");
    CHECK(qc_tz_local_to_utc(NULL, 12345) == 12345);
}

static void S_berlin(void)
{
    qc_tz *tz = S_load("Europe/Berlin");
    CHECK(tz != NULL);
    if (!tz)
        return;
    CHECK_STR(qc_tz_name(tz), "Europe/Berlin");
    CHECK_STR(S_utc(tz, 2026, 1, 15, 10, 0, 0), "2026-01-15T09:00:00Z"); /* CET +01:00 */
    CHECK_STR(S_utc(tz, 2026, 7, 15, 10, 0, 0), "2026-07-15T08:00:00Z"); /* CEST +02:00 */
    /* 2026-03-29 (last Sunday of March): 02:00 CET becomes 03:00 CEST at 01:00Z.
     * 02:30 never happens; the offset before the gap (+01:00) is used. */
    CHECK_STR(S_utc(tz, 2026, 3, 29, 1, 59, 59), "2026-03-29T00:59:59Z");
    CHECK_STR(S_utc(tz, 2026, 3, 29, 2, 0, 0), "2026-03-29T01:00:00Z");
    CHECK_STR(S_utc(tz, 2026, 3, 29, 2, 30, 0), "2026-03-29T01:30:00Z");
    CHECK_STR(S_utc(tz, 2026, 3, 29, 3, 0, 0), "2026-03-29T01:00:00Z");
    CHECK_STR(S_utc(tz, 2026, 3, 29, 3, 30, 0), "2026-03-29T01:30:00Z");
    /* 2026-10-25 (last Sunday of October): 03:00 CEST becomes 02:00 CET at
     * 01:00Z.  02:00-02:59 happen twice; the first (CEST) is taken. */
    CHECK_STR(S_utc(tz, 2026, 10, 25, 1, 59, 0), "2026-10-24T23:59:00Z");
    CHECK_STR(S_utc(tz, 2026, 10, 25, 2, 0, 0), "2026-10-25T00:00:00Z");
    CHECK_STR(S_utc(tz, 2026, 10, 25, 2, 30, 0), "2026-10-25T00:30:00Z");
    CHECK_STR(S_utc(tz, 2026, 10, 25, 2, 59, 59), "2026-10-25T00:59:59Z");
    CHECK_STR(S_utc(tz, 2026, 10, 25, 3, 0, 0), "2026-10-25T02:00:00Z");
    CHECK(qc_tz_offset_at(tz, S_at(2026, 10, 25, 0, 59, 59)) == 7200);
    CHECK(qc_tz_offset_at(tz, S_at(2026, 10, 25, 1, 0, 0)) == 3600);
    /* 2090 is past the file's table (it ends in 2037): the footer rule
     * CET-1CEST,M3.5.0,M10.5.0/3 decides.  2090-03-26 and 2090-10-29 are the
     * last Sundays (2090-03-29 is 23376 days, 3 weeks-and-3-days mod 7, after
     * 2026-03-29: a Wednesday). */
    CHECK_STR(S_utc(tz, 2090, 1, 10, 12, 0, 0), "2090-01-10T11:00:00Z");
    CHECK_STR(S_utc(tz, 2090, 7, 1, 12, 0, 0), "2090-07-01T10:00:00Z");
    CHECK_STR(S_utc(tz, 2090, 3, 26, 1, 30, 0), "2090-03-26T00:30:00Z");
    CHECK_STR(S_utc(tz, 2090, 3, 26, 2, 30, 0), "2090-03-26T01:30:00Z");
    CHECK_STR(S_utc(tz, 2090, 3, 26, 3, 30, 0), "2090-03-26T01:30:00Z");
    CHECK_STR(S_utc(tz, 2090, 3, 19, 3, 30, 0), "2090-03-19T02:30:00Z");
    CHECK_STR(S_utc(tz, 2090, 10, 29, 2, 30, 0), "2090-10-29T00:30:00Z");
    CHECK_STR(S_utc(tz, 2090, 10, 29, 3, 30, 0), "2090-10-29T02:30:00Z");
    /* Through the timestamp parser, as a log line is read. */
    int64_t ms = 0;
    const char *line = "2026-07-15 10:00:00,250 ERROR ThrottlingException";
    CHECK(qc_time_parse(line, strlen(line), tz, &ms) == 23);
    CHECK(ms == S_at(2026, 7, 15, 8, 0, 0) * 1000 + 250);
    line = "2026-07-15T10:00:00+05:30"; /* a stamp's own zone wins */
    CHECK(qc_time_parse(line, strlen(line), tz, &ms) && ms == S_at(2026, 7, 15, 4, 30, 0) * 1000);
    qc_tz_free(tz);
}

static void S_others(void)
{
    /* Brazil kept daylight time (-02:00) from 2018-11-04 until 2019, none since. */
    qc_tz *tz = S_load("America/Sao_Paulo");
    CHECK_STR(S_utc(tz, 2018, 12, 1, 10, 0, 0), "2018-12-01T12:00:00Z");
    CHECK_STR(S_utc(tz, 2026, 12, 1, 10, 0, 0), "2026-12-01T13:00:00Z");
    CHECK_STR(S_utc(tz, 2090, 12, 1, 10, 0, 0), "2090-12-01T13:00:00Z");
    qc_tz_free(tz);
    tz = S_load("Asia/Kolkata");
    CHECK_STR(S_utc(tz, 2026, 1, 15, 10, 0, 0), "2026-01-15T04:30:00Z");
    CHECK_STR(S_utc(tz, 2026, 7, 15, 0, 15, 0), "2026-07-14T18:45:00Z");
    qc_tz_free(tz);
    /* The directory is the caller's ($TZDIR); UTC is a link to Etc/UTC. */
    qc_err err;
    qc_err_clear(&err);
    tz = qc_tz_load("Berlin", "/usr/share/zoneinfo/Europe", &err);
    CHECK_STR(tz ? S_utc(tz, 2026, 1, 15, 10, 0, 0) : err.msg, "2026-01-15T09:00:00Z");
    qc_tz_free(tz);
    tz = S_load("Etc/UTC");
    CHECK_STR(qc_tz_name(tz), "Etc/UTC");
    CHECK_STR(S_utc(tz, 2026, 7, 15, 10, 0, 0), "2026-07-15T10:00:00Z");
    qc_tz_free(tz);
}

static void S_refused(void)
{
    static const char *const names[] = {
        "Mars/Olympus", "../zoneinfo/Europe/Berlin", "/etc/localtime", "Europe/../Europe/Berlin",
        "Europe", "zone.tab", "", ".", "Europe/.Berlin", "Europe/Berlin extra"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        qc_err err;
        qc_err_clear(&err);
        qc_tz *tz = qc_tz_load(names[i], NULL, &err);
        CHECK(tz == NULL && err.code == QC_EUSAGE);
        qc_tz_free(tz);
    }
    qc_err err;
    qc_err_clear(&err);
    CHECK(qc_tz_load("Mars/Olympus", NULL, &err) == NULL);
    CHECK_STR(err.msg, "'Mars/Olympus' is not UTC, an offset like +05:30, or a zone name from "
                       "tzdata (looked in /usr/share/zoneinfo)");
    qc_err_clear(&err);
    CHECK(qc_tz_load("Europe/Berlin", "/nonexistent-tzdir", &err) == NULL);
    CHECK(strstr(err.msg, "(looked in /nonexistent-tzdir, which is missing: install tzdata)"));
}

/* ---- TZif files made here ---- */

static void S_be32(qc_buf *b, uint32_t v)
{
    unsigned char p[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    qc_buf_add(b, p, 4);
}

static void S_be64(qc_buf *b, int64_t v)
{
    S_be32(b, (uint32_t)((uint64_t)v >> 32));
    S_be32(b, (uint32_t)v);
}

static void S_head(qc_buf *b, char version, uint32_t ntimes, uint32_t ntypes)
{
    qc_buf_add(b, "TZif", 4);
    qc_buf_add(b, &version, 1);
    qc_buf_add(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15);
    uint32_t counts[6] = {0, 0, 0, ntimes, ntypes, 4};
    for (int k = 0; k < 6; k++)
        S_be32(b, counts[k]);
}

/* Types: offsets offs[]; transitions at[] to type idx[]; 4 abbreviation bytes. */
static void S_block(qc_buf *b, int tsize, const int64_t *at, const unsigned char *idx,
                    size_t n, const int32_t *offs, size_t ntypes)
{
    for (size_t i = 0; i < n; i++)
        tsize == 8 ? S_be64(b, at[i]) : S_be32(b, (uint32_t)at[i]);
    qc_buf_add(b, idx, n);
    for (size_t k = 0; k < ntypes; k++) {
        S_be32(b, (uint32_t)offs[k]);
        qc_buf_add(b, k ? "\1\0" : "\0\0", 2);
    }
    qc_buf_add(b, "AAA", 4);
}

/* A version 2 file with no transitions: only its footer rule says anything. */
static qc_tz *S_footer_zone(const char *rule, int32_t off0)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    S_head(&b, '2', 0, 1);
    S_block(&b, 4, NULL, NULL, 0, &off0, 1);
    S_head(&b, '2', 0, 1);
    S_block(&b, 8, NULL, NULL, 0, &off0, 1);
    qc_buf_printf(&b, "\n%s\n", rule);
    qc_err err;
    qc_err_clear(&err);
    qc_tz *tz = qc_tz_parse("test", "test.tzif", b.ptr, b.len, &err);
    if (!tz)
        fprintf(stderr, "test_tzone: %s: %s\n", rule, err.msg);
    qc_buf_free(&b);
    return tz;
}

static void S_rules(void)
{
    /* The Berlin rule alone gives what the Berlin file gives. */
    qc_tz *tz = S_footer_zone("CET-1CEST,M3.5.0,M10.5.0/3", 3600);
    CHECK_STR(S_utc(tz, 2026, 1, 15, 10, 0, 0), "2026-01-15T09:00:00Z");
    CHECK_STR(S_utc(tz, 2026, 3, 29, 2, 30, 0), "2026-03-29T01:30:00Z");
    CHECK_STR(S_utc(tz, 2026, 10, 25, 2, 30, 0), "2026-10-25T00:30:00Z");
    qc_tz_free(tz);
    /* Jn never counts Feb 29: J60 is March 1 in 2028 too.  J300 is October 27. */
    tz = S_footer_zone("AAA0BBB,J60/0,J300/0", 0);
    CHECK(qc_tz_offset_at(tz, S_at(2028, 2, 29, 23, 59, 59)) == 0);
    CHECK(qc_tz_offset_at(tz, S_at(2028, 3, 1, 0, 0, 0)) == 3600);
    CHECK(qc_tz_offset_at(tz, S_at(2028, 10, 26, 22, 59, 59)) == 3600); /* 23:59:59 BBB */
    CHECK(qc_tz_offset_at(tz, S_at(2028, 10, 26, 23, 0, 0)) == 0);
    qc_tz_free(tz);
    /* n counts from 0 and counts Feb 29: day 59 is Feb 29 in 2028, March 1 in 2027. */
    tz = S_footer_zone("AAA0BBB,59/0,299/0", 0);
    CHECK(qc_tz_offset_at(tz, S_at(2028, 2, 29, 0, 0, 0)) == 3600);
    CHECK(qc_tz_offset_at(tz, S_at(2028, 2, 28, 23, 59, 59)) == 0);
    CHECK(qc_tz_offset_at(tz, S_at(2027, 2, 28, 12, 0, 0)) == 0);
    CHECK(qc_tz_offset_at(tz, S_at(2027, 3, 1, 0, 0, 0)) == 3600);
    qc_tz_free(tz);
    /* Southern: Brazil's old rule, daylight time across the new year. */
    tz = S_footer_zone("<-03>3<-02>,M11.1.0/0,M2.3.0/0", -10800);
    CHECK(qc_tz_offset_at(tz, S_at(2030, 1, 10, 12, 0, 0)) == -7200);
    CHECK(qc_tz_offset_at(tz, S_at(2030, 6, 10, 12, 0, 0)) == -10800);
    CHECK(qc_tz_offset_at(tz, S_at(2030, 12, 10, 12, 0, 0)) == -7200);
    qc_tz_free(tz);
    /* Negative transition times (RFC 8536): -1 hour of standard time (-02)
     * on 2026-03-29 is Saturday 23:00 local, Sunday 01:00Z. */
    tz = S_footer_zone("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", -7200);
    CHECK(qc_tz_offset_at(tz, S_at(2026, 3, 29, 0, 59, 59)) == -7200);
    CHECK(qc_tz_offset_at(tz, S_at(2026, 3, 29, 1, 0, 0)) == -3600);
    qc_tz_free(tz);
    /* No daylight time at all; and daylight time with no rule is refused. */
    tz = S_footer_zone("<+0530>-5:30", 19800);
    CHECK_STR(S_utc(tz, 2060, 1, 1, 5, 30, 0), "2060-01-01T00:00:00Z");
    qc_tz_free(tz);
    static const char *const bad[] = {"CET-1CEST", "CET", "C-1", "CET-1CEST,M3.5.0", "CET-25",
                                      "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,J0,J300",
                                      "CET-1CEST,M3.5.0,M10.5.0/168", "CET-1 x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        qc_err err;
        qc_err_clear(&err);
        qc_buf b;
        qc_buf_init(&b, 0);
        int32_t off = 3600;
        S_head(&b, '2', 0, 1);
        S_block(&b, 4, NULL, NULL, 0, &off, 1);
        S_head(&b, '2', 0, 1);
        S_block(&b, 8, NULL, NULL, 0, &off, 1);
        qc_buf_printf(&b, "\n%s\n", bad[i]);
        CHECK(qc_tz_parse("t", "t.tzif", b.ptr, b.len, &err) == NULL && err.code == QC_EINPUT);
        qc_buf_free(&b);
    }
}

/* Version 1 (32-bit only, no footer), and what a hostile file is refused for. */
static void S_tzif(void)
{
    static const int64_t at[] = {1000000000, 1100000000};
    static const unsigned char idx[] = {1, 0};
    static const int32_t offs[] = {0, 7200};
    qc_buf b;
    qc_buf_init(&b, 0);
    S_head(&b, '\0', 2, 2);
    S_block(&b, 4, at, idx, 2, offs, 2);
    qc_err err;
    qc_err_clear(&err);
    qc_tz *tz = qc_tz_parse("v1", "v1.tzif", b.ptr, b.len, &err);
    CHECK(tz != NULL);
    CHECK(qc_tz_offset_at(tz, 999999999) == 0);
    CHECK(qc_tz_offset_at(tz, 1000000000) == 7200);
    CHECK(qc_tz_offset_at(tz, 1100000000) == 0);
    CHECK(qc_tz_local_to_utc(tz, 1000007200 + 60) == 1000000060);
    qc_tz_free(tz);
    /* Every cut of the file is refused, none read past its end. */
    for (size_t k = 0; k < b.len; k++) {
        qc_err_clear(&err);
        CHECK(qc_tz_parse("v1", "v1.tzif", b.ptr, k, &err) == NULL && err.code == QC_EINPUT);
    }
    /* Counts larger than the file; times out of order; a missing type. */
    char *p = b.ptr;
    p[35] = 100;
    qc_err_clear(&err);
    CHECK(qc_tz_parse("v1", "v1.tzif", p, b.len, &err) == NULL);
    CHECK(strstr(err.msg, "v1.tzif: not a valid TZif file: counts do not fit the file") != NULL);
    p[35] = 2;
    p[44] = 0x7f; /* the first transition after the second */
    qc_err_clear(&err);
    CHECK(qc_tz_parse("v1", "v1.tzif", p, b.len, &err) == NULL && strstr(err.msg, "ascending"));
    p[44] = 0x3b;
    p[44 + 8] = 5;
    qc_err_clear(&err);
    CHECK(qc_tz_parse("v1", "v1.tzif", p, b.len, &err) == NULL && strstr(err.msg, "time type"));
    qc_buf_free(&b);
    /* Over 1 MiB is not a TZif file, whatever it holds. */
    size_t big = ((size_t)1 << 20) + 1;
    char *huge = calloc(1, big);
    memcpy(huge, "TZif", 4);
    qc_err_clear(&err);
    CHECK(huge && qc_tz_parse("big", "big.tzif", huge, big, &err) == NULL &&
          strstr(err.msg, "larger than 1048576 bytes"));
    free(huge);
}

void test_tzone(void)
{
    S_fixed();
    S_berlin();
    S_others();
    S_refused();
    S_rules();
    S_tzif();
}
