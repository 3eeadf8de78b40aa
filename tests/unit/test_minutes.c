/* test_minutes.c - a model's periods as a table: windows and hours. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/json.h"
#include "common/jsonpull.h"
#include "common/qtime.h"
#include "report/attach.h"
#include "report/cwload.h"
#include "report/bundle.h"
#include "report/chartpng.h"
#include "report/minutes.h"
#include "report/svg.h"

void test_minutes(void);

static int64_t S_t(const char *iso)
{
    int64_t t = 0;
    qc_time_parse_arg(iso, &t);
    return t;
}

void test_minutes(void)
{
    /* Out of order, one time twice (summed): [time, acc, thr, in, out, logged]. */
    const char *text =
        "[[\"2026-01-05T10:10:00Z\", 3, 2, 0, 0, 0], [\"2026-01-05T10:00:00Z\", 5, 0, 0, 0, 0],"
        " [\"2026-01-05T10:20:00Z\", 4, 0, 0, 0, 0], [\"2026-01-05T10:40:00Z\", 1, 1, 0, 0, 0],"
        " [\"2026-01-05T11:05:00Z\", 2, 0, 0, 0, 1], [\"2026-01-05T13:00:00Z\", 5, 4, 60, 20, 0],"
        " [\"2026-01-05T13:00:00Z\", 2, 0, 40, 0, 0]]";
    qc_err err;
    qc_err_clear(&err);
    json_t *rows = qc_json_load_mem("rows", text, strlen(text), &err);
    qc_minutes m;
    CHECK(qc_minutes_from_rows(&m, "model-a", rows) == 0);
    json_decref(rows);
    CHECK(m.n == 6);
    CHECK(m.t[0] == S_t("2026-01-05T10:00:00Z") && m.t[5] == S_t("2026-01-05T13:00:00Z"));
    CHECK(m.c[QC_MIN_ACC][5] == 7 && m.c[QC_MIN_TIN][5] == 100 && qc_minutes_tokens(&m, 5) == 120);

    /* 15 minutes of context: 10:10 gives [09:55, 10:26), 10:40 [10:25, 10:56)
     * and the logged 11:05 [10:50, 11:21), one window of rows 0-4 with 3
     * throttled; 13:00 gives [12:45, 13:16), row 5 with 4. */
    qc_minutes_span *sp;
    int cut;
    size_t n = qc_minutes_windows(&m, 60000, 15 * 60000, 100, &sp, &cut);
    CHECK(n == 2 && !cut);
    if (n == 2) {
        CHECK(sp[0].from == 0 && sp[0].to == 5 && sp[0].throttled == 3);
        CHECK(sp[0].t0 == S_t("2026-01-05T09:55:00Z") && sp[0].t1 == S_t("2026-01-05T11:21:00Z"));
        CHECK(sp[1].from == 5 && sp[1].to == 6 && sp[1].throttled == 4);
    }
    free(sp);
    /* Room for 4 rows: the most throttled window (1 row) whole, the other (5)
     * does not fit and is left out. */
    n = qc_minutes_windows(&m, 60000, 15 * 60000, 4, &sp, &cut);
    CHECK(n == 1 && cut && sp[0].from == 5);
    free(sp);
    /* Room for 0 rows past the first: a window alone larger than the room is
     * cut to the rows at its start. */
    m.c[QC_MIN_THR][1] = 9; /* the first window is now the most throttled */
    n = qc_minutes_windows(&m, 60000, 15 * 60000, 2, &sp, &cut);
    CHECK(n == 1 && cut && sp[0].from == 0 && sp[0].to == 2);
    CHECK(n == 1 && sp[0].t1 == S_t("2026-01-05T10:20:00Z"));
    CHECK(n == 1 && sp[0].throttled == 9); /* the rows kept: 0 + 9 */
    free(sp);
    m.c[QC_MIN_THR][1] = 2;

    /* Hours: 10:00 has 13 accepted, 3 throttled, busiest period 5 attempts;
     * 11:00 2 and a logged event; 13:00 7 + 4 with 120 tokens. */
    json_t *h = qc_minutes_hours(&m);
    CHECK(json_array_size(h) == 3);
    const json_t *h0 = json_array_get(h, 0), *h2 = json_array_get(h, 2);
    CHECK_STR(json_string_value(json_array_get(h0, 0)), "2026-01-05T10:00:00Z");
    CHECK(json_number_value(json_array_get(h0, 1)) == 13 && json_number_value(json_array_get(h0, 2)) == 3);
    CHECK(json_number_value(json_array_get(h0, 6)) == 5);
    CHECK(json_number_value(json_array_get(json_array_get(h, 1), 5)) == 1);
    CHECK(json_number_value(json_array_get(h2, 3)) == 100 && json_number_value(json_array_get(h2, 6)) == 11);
    json_decref(h);
    json_t *r = qc_minutes_rows(&m, 4, 99);
    CHECK(json_array_size(r) == 2);
    CHECK_STR(json_string_value(json_array_get(json_array_get(r, 0), 0)), "2026-01-05T11:05:00Z");
    json_decref(r);

    /* Lookup by id and by position; a model without a table gets an empty one. */
    qc_mintabs tabs = {0};
    qc_mintabs_take(&tabs, &m);
    CHECK(m.n == 0 && m.t == NULL);
    CHECK(qc_mintabs_get(&tabs, "model-a")->n == 6 && qc_mintabs_at(&tabs, 0)->n == 6);
    CHECK(qc_mintabs_get(&tabs, "model-b")->n == 0 && qc_mintabs_at(&tabs, 1)->n == 0);
    qc_mintabs_free(&tabs);
    /* A row that is not [time, ...] is refused, the others kept. */
    text = "[[\"2026-01-05T10:00:00Z\", 1, 0, 0, 0, 0], [\"yesterday\", 1], 7]";
    rows = qc_json_load_mem("rows", text, strlen(text), &err);
    CHECK(qc_minutes_from_rows(&m, "x", rows) < 0 && m.n == 1);
    json_decref(rows);
    qc_minutes_free(&m);

    /* The charts of a table: drawn in full within their buffer, and when the
     * buffer is too small the overflow is recorded (render then fails whole)
     * rather than a chart cut short. */
    text = "{\"evidence\": {\"window\": {\"start\": \"2026-01-05T00:00:00Z\", \"end\": "
           "\"2026-01-06T00:00:00Z\"}}, \"models\": [{\"model_id\": \"model-c\", "
           "\"period_seconds\": 60, \"totals\": {\"input_tokens\": 10}}]}";
    json_t *model = qc_json_load_mem("model", text, strlen(text), &err);
    const char *rtext = "[[\"2026-01-05T10:00:00Z\", 5, 2, 10, 0, 1]]";
    rows = qc_json_load_mem("rows", rtext, strlen(rtext), &err);
    qc_minutes_from_rows(&m, "model-c", rows);
    json_decref(rows);
    qc_mintabs_take(&tabs, &m);
    qc_buf big, small;
    qc_buf_init(&big, 0);
    qc_buf_init(&small, 4096);
    qc_svg_list pics = {0};
    qc_svg_charts(model, &tabs, "en", &big, &pics);
    CHECK(!big.overflow && pics.n == 3 && big.len > 4096);
    CHECK(big.ptr && strstr(big.ptr, "model-c") != NULL);
    qc_svg_charts(model, &tabs, "en", &small, NULL);
    CHECK(small.overflow);
    /* Their pictures: the same bytes encoded here or on threads (more
     * threads than pictures too), a PNG each; a buffer too small for one is
     * an error, as is an SVG librsvg cannot read. */
    qc_buf png[2][3], tiny;
    qc_chartpng_job jobs[2][3];
    for (int t = 0; t < 2; t++)
        for (size_t i = 0; i < 3; i++) {
            qc_buf_init(&png[t][i], 0);
            jobs[t][i] = (qc_chartpng_job){pics.items[i].svg, pics.items[i].len, &png[t][i]};
        }
    CHECK(qc_chartpng_render_all(jobs[0], 3, 0, &err) == 0);
    CHECK(qc_chartpng_render_all(jobs[1], 3, 5, &err) == 0);
    for (size_t i = 0; i < 3; i++) {
        CHECK(png[0][i].len > 1000 && !memcmp(png[0][i].ptr, "\x89PNG\r\n\x1a\n", 8));
        CHECK(png[0][i].len == png[1][i].len && !memcmp(png[0][i].ptr, png[1][i].ptr, png[0][i].len));
        qc_buf_free(&png[0][i]);
        qc_buf_free(&png[1][i]);
    }
    qc_buf tiny2;
    qc_buf_init(&tiny, 0);
    qc_buf_init(&tiny2, 1000);
    qc_chartpng_job tj[2] = {{pics.items[0].svg, pics.items[0].len, &tiny},
                             {pics.items[1].svg, pics.items[1].len, &tiny2}};
    qc_err_clear(&err);
    CHECK(qc_chartpng_render_all(tj, 2, 2, &err) < 0 && strstr(err.msg, "cannot encode the PNG"));
    qc_buf_free(&tiny);
    qc_buf_free(&tiny2);
    qc_buf_init(&tiny, 0);
    qc_chartpng_job bad = {"<svg", 4, &tiny};
    qc_err_clear(&err);
    CHECK(qc_chartpng_render_all(&bad, 1, 2, &err) < 0 && strstr(err.msg, "chart picture"));
    qc_buf_free(&tiny);
    qc_svg_list_free(&pics);
    qc_buf_free(&big);
    qc_buf_free(&small);
    qc_mintabs_free(&tabs);
    json_decref(model);
}

void test_jsonpull(void);
void test_jsonpull(void)
{
    /* Tokens of a document with every kind of value, after a BOM. */
    const char *doc = "\xEF\xBB\xBF{\"a\": [1, -2.5e1, \"x\\u00e9\\ud83d\\ude00\"], \"b\": {\"c\": null},"
                      " \"d\": true, \"e\": false, \"f\": {}}\n";
    qc_jp *p = qc_jp_mem("doc", doc, strlen(doc));
    static const qc_jp_tok want[] = {QC_JP_OBJ, QC_JP_KEY, QC_JP_ARR, QC_JP_NUM, QC_JP_NUM,
                                     QC_JP_STR, QC_JP_ARR_END, QC_JP_KEY, QC_JP_OBJ, QC_JP_KEY,
                                     QC_JP_NULL, QC_JP_OBJ_END, QC_JP_KEY, QC_JP_TRUE, QC_JP_KEY,
                                     QC_JP_FALSE, QC_JP_KEY, QC_JP_OBJ, QC_JP_OBJ_END,
                                     QC_JP_OBJ_END, QC_JP_EOF};
    int ok = 1;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        qc_jp_tok t = qc_jp_next(p);
        ok &= t == want[i];
        if (i == 4)
            CHECK(qc_jp_num(p) == -25);
        if (i == 5)
            CHECK_STR(qc_jp_str(p, NULL), "x\xC3\xA9\xF0\x9F\x98\x80");
    }
    CHECK(ok);
    qc_jp_free(p);
    /* Skipping a member's value, nested, lands on the next member. */
    doc = "{\"skip\": {\"x\": [1, [2, {\"y\": 3}]]}, \"keep\": 7}";
    p = qc_jp_mem("doc", doc, strlen(doc));
    CHECK(qc_jp_next(p) == QC_JP_OBJ && qc_jp_next(p) == QC_JP_KEY);
    CHECK(qc_jp_skip(p, QC_JP_KEY) == 0);
    CHECK(qc_jp_next(p) == QC_JP_KEY && !strcmp(qc_jp_str(p, NULL), "keep"));
    CHECK(qc_jp_next(p) == QC_JP_NUM && qc_jp_num(p) == 7);
    qc_jp_free(p);
    /* Bad documents: an error with the line and column, never a token after. */
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"{\"a\": 1,\n \"b\" 2}", "doc:2:6: expected ':' after a member name"},
        {"[1, 2", "doc:1:5: the file ends inside an array"},
        {"{\"a\": ", "doc:1:6: the file ends where a value should be"},
        {"[1 2]", "doc:1:4: expected ',' or ']'"},
        {"{\"a\": 01}", "doc:1:8: expected ',' or '}'"},
        {"[\"\\x\"]", "doc:1:4: invalid escape in a string"},
        {"[\"\xC3\"]", "doc:1:4: invalid UTF-8 in a string"},
        {"[\"\\ud800\"]", "doc:1:9: a high surrogate without its low one"},
        {"[1] [2]", "doc:1:5: text after the document"},
        {"[tru]", "doc:1:5: invalid literal"},
        {"{\"a\": 1,}", "doc:1:9: expected a member name"},
        {"[1.]", "doc:1:3: invalid number"},
        /* What jansson refused, so a reader never takes it for a figure. */
        {"{\"points\": [1], \"points\": [2]}", "doc:1:24: a member name given twice in one object"},
        {"[\"a\\u0000b\"]", "doc:1:9: \\u0000 in a string"},
        {"[1e400]", "doc:1:6: a number out of range"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        p = qc_jp_mem("doc", bad[i].text, strlen(bad[i].text));
        qc_jp_tok t;
        while ((t = qc_jp_next(p)) != QC_JP_ERROR && t != QC_JP_EOF)
            ;
        CHECK(t == QC_JP_ERROR && qc_jp_next(p) == QC_JP_ERROR);
        qc_err err;
        qc_err_clear(&err);
        qc_jp_fail(p, "unused", &err);
        CHECK_STR(err.msg, bad[i].msg);
        qc_jp_free(p);
    }
}

/* The attachment archive of the shipped example: within a limit it holds
 * all but the files attached on their own; under a limit nothing can meet,
 * an error and no file. */
void test_attach(void);
void test_attach(void)
{
    const char *dir = QC_TEST_DATA "/../../evidence/example";
    const char *full = QC_TEST_DATA "/../../evidence/example.tar.gz";
    char out[] = "/tmp/qc-attach-XXXXXX";
    int fd = mkstemp(out);
    CHECK(fd >= 0);
    close(fd);
    qc_attach_result res;
    qc_err err;
    qc_err_clear(&err);
    CHECK(qc_attach_write(dir, full, out, QC_ATTACH_MAX_BYTES, &res, &err) == 0);
    CHECK(res.held == 3 && res.files > 10 && res.bytes > 0 && res.bytes <= QC_ATTACH_MAX_BYTES);
    qc_verify_report r;
    qc_verify_report_init(&r);
    qc_err_clear(&err);
    CHECK(qc_bundle_verify(out, &r, &err) == 0 && r.held == 3 && r.missing == 0 && r.extra == 0);
    qc_verify_report_free(&r);
    qc_err_clear(&err);
    CHECK(qc_attach_write(dir, full, out, 20000, &res, &err) < 0);
    CHECK(strstr(err.msg, "over Support's") != NULL);
    char side[64];
    snprintf(side, sizeof side, "%s.sha256", out);
    CHECK(access(out, F_OK) != 0 && access(side, F_OK) != 0);
}

/* A series file whose shape is wrong is an error naming the file, line and
 * column, never a figure left out or read as 0. */
void test_cwload(void);
void test_cwload(void)
{
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"{\"series\": [{\"metric\": \"Invocations\", \"stat\": \"Sum\",\n \"points\": [[\"yesterday\", 1]]}]}",
         ":2:24: a point's time is not an ISO 8601 time"},
        {"{\"series\": [{\"points\": [[\"2026-01-05T10:00:00Z\", null]]}]}", ":1:53: a point's value is not a number"},
        {"{\"series\": [{\"points\": [[\"2026-01-05T10:00:00Z\"]]}]}", ":1:48: a point is not [time, value]"},
        {"{\"series\": [{\"period\": 4294967296, \"points\": []}]}", "is not a whole number of seconds"},
        {"{\"series\": [{\"points\": [[\"2026-01-05T10:00:00Z\", 1]], \"points\": []}]}",
         "a member name given twice in one object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char path[] = "/tmp/qc-cwload-XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0 && write(fd, bad[i].text, strlen(bad[i].text)) == (ssize_t)strlen(bad[i].text));
        close(fd);
        qc_cwload l;
        qc_err err;
        qc_err_clear(&err);
        CHECK(qc_cwload_file(path, &l, &err) < 0);
        CHECK(strstr(err.msg, path) == err.msg && strstr(err.msg, bad[i].msg) != NULL);
        if (!strstr(err.msg, bad[i].msg))
            fprintf(stderr, "  got: %s\n", err.msg);
        unlink(path);
    }
    /* A period of null is "not known" (the collector writes it so). */
    const char *ok = "{\"model_id\": \"m\", \"series\": [{\"metric\": \"Invocations\", \"stat\": \"Sum\", "
                     "\"period\": null, \"points\": [[\"2026-01-05T10:00:00Z\", 3]]}]}";
    char path[] = "/tmp/qc-cwload-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, ok, strlen(ok)) == (ssize_t)strlen(ok));
    close(fd);
    qc_cwload l;
    qc_err err;
    qc_err_clear(&err);
    CHECK(qc_cwload_file(path, &l, &err) == 0 && l.table.n == 1 && l.period == 60);
    CHECK(json_number_value(json_object_get(json_object_get(l.metrics, "totals"), "invocations")) == 3);
    qc_cwload_free(&l);
    unlink(path);
}
