/* test_common.c - buffers, timestamps, JSON layout, UTF-8 repair. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/qtime.h"
#include "report/mustache.h"

void test_buf(void);
void test_qtime(void);
void test_json(void);
void test_fs_rebase(void);

/* How the demo names an installed copy of examples/. */
void test_fs_rebase(void)
{
    static const char *const cases[][4] = {
        {"/usr/share/qc/examples/logs", "/usr/share/qc/examples", "examples", "examples/logs"},
        {"/usr/share/qc/examples", "/usr/share/qc/examples/", "examples", "examples"},
        {"/usr/share/qc/examples2/logs", "/usr/share/qc/examples", "examples",
         "/usr/share/qc/examples2/logs"}, /* a sibling, not inside */
        {"--force", "/usr/share/qc/examples", "examples", "--force"},
        {"logs/a.log", NULL, NULL, "logs/a.log"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = qc_fs_rebase(cases[i][0], cases[i][1], cases[i][2]);
        CHECK_STR(got, cases[i][3]);
        free(got);
    }
}

void test_buf(void)
{
    qc_buf b;
    qc_buf_init(&b, 8);
    CHECK(qc_buf_adds(&b, "12345678") == 0);
    CHECK(qc_buf_addc(&b, '9') == -1); /* the ceiling holds */
    CHECK(b.len == 8 && !strcmp(b.ptr, "12345678"));
    qc_buf_reset(&b);
    CHECK(qc_buf_printf(&b, "%d-%s", 42, "x") == 0);
    CHECK_STR(b.ptr, "42-x");
    char *t = qc_buf_take(&b);
    CHECK_STR(t, "42-x");
    CHECK(b.ptr == NULL && b.len == 0);
    free(t);
    /* A refused add leaves a mark, whatever its size. */
    qc_buf_init(&b, 10);
    CHECK(qc_buf_adds(&b, "1234567") == 0 && !b.overflow);
    CHECK(qc_buf_adds(&b, "1234567") == -1 && b.overflow);
    qc_buf_free(&b);
    /* The template engine's ceiling holds for output in pieces that never
     * land on it exactly: 7 bytes at a time against a ceiling of 1000. */
    json_t *d = json_loads("{\"a\": [1,2,3,4,5,6,7,8,9,10], \"b\": [1,2,3,4,5,6,7,8,9,10]}", 0, NULL);
    const char *src = "{{#a}}{{#b}}{{#a}}1234567{{/a}}{{/b}}{{/a}}";
    qc_tmpl_opts o = {QC_ESC_NONE, 1, NULL, NULL};
    qc_err err;
    qc_err_clear(&err);
    qc_buf_init(&b, 1000);
    CHECK(qc_tmpl_render("nested", src, strlen(src), d, &o, &b, &err) < 0);
    CHECK(strstr(err.msg, "output larger than 1000 bytes") != NULL);
    CHECK(b.len <= 1000);
    qc_buf_free(&b);
    json_decref(d);
}

static int64_t S_parse(const char *s, int off)
{
    int64_t ms = QC_TIME_NONE;
    qc_tz *zone = off ? qc_tz_fixed(off) : NULL;
    size_t n = qc_time_parse(s, strlen(s), zone, &ms);
    qc_tz_free(zone);
    return n ? ms : QC_TIME_NONE;
}

void test_qtime(void)
{
    char out[QC_TIME_STR_MAX];
    /* 2026-01-12T09:51:00Z is 1768211460 s (days_from_civil checked by hand:
     * 20465 days * 86400 + 35460). */
    CHECK(qc_time_days_from_civil(2026, 1, 12) == 20465);
    CHECK(S_parse("2026-01-12T09:51:00Z", 0) == 1768211460000LL);
    CHECK(S_parse("2026-01-12 09:51:00,250 INFO", 0) == 1768211460250LL);
    CHECK(S_parse("2026-01-12T11:51:00+02:00", 0) == 1768211460000LL);
    CHECK(S_parse("2026-01-12T04:51:00-0500", 0) == 1768211460000LL);
    CHECK(S_parse("2026/01/12 09:51:00.123456 x", 0) == 1768211460123LL);
    CHECK(S_parse("12-Jan-2026 09:51:00.5", 0) == 1768211460500LL);
    CHECK(S_parse("Jan 12, 2026 9:51:00 AM", 0) == 1768211460000LL);
    CHECK(S_parse("Jan 12, 2026 12:05:00 PM", 0) == 1768219500000LL);
    /* No zone: --log-timezone applies (+01:00 means an hour earlier in UTC). */
    CHECK(S_parse("2026-01-12 10:51:00", 60) == 1768211460000LL);
    CHECK(S_parse("2026-01-12 09:51:00 UTC", 60) == 1768211460000LL);
    CHECK(S_parse("2026-13-12 09:51:00", 0) == QC_TIME_NONE);
    CHECK(S_parse("2026-01-12", 0) == QC_TIME_NONE);
    CHECK(S_parse("not a time at all", 0) == QC_TIME_NONE);
    qc_time_format(1768211460000LL, out);
    CHECK_STR(out, "2026-01-12T09:51:00Z");
    qc_time_format(1768211460120LL, out);
    CHECK_STR(out, "2026-01-12T09:51:00.120Z");
    qc_time_format(-1, out);
    CHECK_STR(out, "1969-12-31T23:59:59.999Z");
    int64_t ms;
    CHECK(qc_time_parse_arg("2026-01-12", &ms) == 0 && ms == 1768176000000LL);
    CHECK(qc_time_parse_arg("1768211460", &ms) == 0 && ms == 1768211460000LL);
    CHECK(qc_time_parse_arg("2026-01-12T09:51:00Zjunk", &ms) == -1);
    int off;
    CHECK(qc_time_parse_offset("+05:30", &off) == 0 && off == 330);
    CHECK(qc_time_parse_offset("-0800", &off) == 0 && off == -480);
    CHECK(qc_time_parse_offset("UTC", &off) == 0 && off == 0);
    CHECK(qc_time_parse_offset("Europe/Paris", &off) == -1);
    CHECK(qc_time_from_epoch_number(1768211460.123) == 1768211460123LL);
    CHECK(qc_time_from_epoch_number(1768211460123.0) == 1768211460123LL);
    CHECK(qc_time_from_epoch_number(1768211460123456.0) == 1768211460123LL);
}

void test_json(void)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    json_t *o = json_pack("{s:i, s:f, s:f, s:[i,i], s:[[s,f]], s:{}, s:s}", "a", 1, "b", 2.0,
                          "c", 0.1, "d", 1, 2, "e", "t", 3.5, "f", "g", "q\"\n");
    qc_json_dump(o, &b);
    CHECK_STR(b.ptr, "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 0.1,\n  \"d\": [1, 2],\n"
                     "  \"e\": [\n    [\"t\", 3.5]\n  ],\n  \"f\": {},\n  \"g\": \"q\\\"\\n\"\n}\n");
    json_decref(o);
    qc_buf_reset(&b);
    /* Invalid UTF-8 and control bytes become U+FFFD; newline and tab stay. */
    CHECK(qc_utf8_sanitize("a\xff" "b\x01" "c\n\t\xc3\xa9", 9, &b) == 0);
    CHECK_STR(b.ptr, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\n\t\xc3\xa9");
    CHECK(qc_utf8_valid("\xed\xa0\x80", 3) == 0); /* a surrogate */
    CHECK(qc_utf8_valid("\xc0\xaf", 2) == 0);     /* overlong */
    CHECK(qc_utf8_valid("\xf0\x9f\x98\x80", 4) == 1);
    qc_buf_free(&b);
    qc_err err;
    qc_err_clear(&err);
    CHECK(qc_json_load_mem("x.json", "{\"a\":\n  [1,}", 12, &err) == NULL);
    CHECK_STR(err.msg, "x.json:2:6: invalid JSON: unexpected token near '}'");
}
