/* test_collector.c - redaction, record fields and series that data files
 * express poorly (exact counts, single kinds, edge cases). */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>

#include "check.h"
#include "collector/evstore.h"
#include "collector/logspool.h"
#include "common/qtime.h"
#include "collector/logfields.h"
#include "collector/quotas.h"
#include "collector/series.h"
#include "common/buf.h"

void test_logfields(void);
void test_evstore(void);
void test_logspool(void);
void test_series(void);

static int S_extract(const char *text, qc_event *ev)
{
    qc_logfields_opts o = {NULL, NULL, 0};
    qc_event_init(ev);
    return qc_logfields_extract(text, strlen(text), &o, ev);
}

void test_logfields(void)
{
    qc_event ev;
    /* Not Bedrock runtime: other services, own limiters, registrations. */
    static const char *const not_events[] = {
        "An error occurred (Throttling) when calling the PutMetricData operation: Rate exceeded",
        "An error occurred (ThrottlingException) when calling the GetMetricData operation: Rate exceeded",
        "operation error CloudWatch Logs: FilterLogEvents, https response error StatusCode: 400, "
        "ThrottlingException: Rate exceeded",
        "local limiter: too many requests in flight, sleeping 2s",
        "registered retry handler for ThrottlingException on bedrock-runtime",
        "An error occurred (AccessDeniedException) when calling the InvokeModel operation: no",
        "DynamoDB ThrottlingException: Rate of requests exceeds the allowed throughput (Service: "
        "DynamoDb, Status Code: 400, Request ID: ABC)",
    };
    for (size_t i = 0; i < sizeof not_events / sizeof *not_events; i++) {
        int got = S_extract(not_events[i], &ev);
        if (got)
            fprintf(stderr, "taken as an event: %s\n", not_events[i]);
        CHECK(got == 0);
        qc_event_free(&ev);
    }
    CHECK(S_extract("An error occurred (ThrottlingException) when calling the InvokeModel "
                    "operation (reached max retries: 4): Too many tokens per day, please wait "
                    "before trying again.", &ev) == 1);
    CHECK(ev.quota_kind == QC_QK_TOKENS_PER_DAY && ev.retries == 4 && ev.attempts == 5);
    CHECK_STR(ev.operation, "InvokeModel");
    CHECK(ev.model_id == NULL); /* never guessed */
    qc_event_free(&ev);
    const char *t1 = "see amazon.com or https://bedrock-runtime.us-east-1.amazonaws.com";
    char *m = qc_logfields_find_model(t1, strlen(t1));
    CHECK(m == NULL);
    free(m);
    const char *t2 = "POST /model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse";
    m = qc_logfields_find_model(t2, strlen(t2));
    CHECK_STR(m, "us.anthropic.claude-3-7-sonnet-20250219-v1:0");
    free(m);
}

static void S_governs(void)
{
    static const struct { const char *quota, *model; int want; } c[] = {
        {"Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1",
         "us.anthropic.claude-sonnet-4-5-20250929-v1:0", 1},
        {"Cross-Region InvokeModel requests per minute for Anthropic Claude Sonnet 4.5",
         "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", 1},
        {"Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1",
         "anthropic.claude-sonnet-4-5-20250929-v1:0", 0},
        {"On-demand model inference requests per minute for Anthropic Claude Sonnet 4.5 V1",
         "us.anthropic.claude-sonnet-4-5-20250929-v1:0", 0},
        {"Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1",
         "global.anthropic.claude-sonnet-4-5-20250929-v1:0", 1},
        {"Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1",
         "us.anthropic.claude-sonnet-4-5-20250929-v1:0", 0},
        {"Model invocation max tokens per day for Anthropic Claude Sonnet 4.5 V1 (doubled for "
         "cross-region calls)", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", 1},
        {"On-demand model inference requests per minute for Anthropic Claude 3.5 Haiku",
         "anthropic.claude-3-5-haiku-20241022-v1:0", 1},
        {"On-demand model inference requests per minute for Anthropic Claude 3.5 Sonnet",
         "anthropic.claude-3-5-haiku-20241022-v1:0", 0},
        {"On-demand InvokeModel tokens per minute for Amazon Nova Pro", "amazon.nova-pro-v1:0", 1},
        {"Cross-region model inference requests per minute for Meta Llama 3.3 70B Instruct",
         "us.meta.llama3-3-70b-instruct-v1:0", 1},
        {"On-demand model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1 1M "
         "Context Length", "anthropic.claude-sonnet-4-5-20250929-v1:0", 1},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        int got = qc_quota_governs(c[i].quota, c[i].model);
        if (got != c[i].want)
            fprintf(stderr, "governs(%s, %s) = %d\n", c[i].quota, c[i].model, got);
        CHECK(got == c[i].want);
    }
}

void test_series(void)
{
    S_governs();
    char *s = qc_series_slug("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    CHECK_STR(s, "us-anthropic-claude-sonnet-4-5-20250929-v1-0");
    free(s);
    s = qc_series_slug("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/Ab9");
    CHECK_STR(s, "arn-aws-bedrock-us-east-1-123456789012-application-inference-profile-ab9");
    free(s);
    CHECK_STR(qc_series_known_metric("m InvocationClientErrors"), "InvocationClientErrors");
    CHECK_STR(qc_series_known_metric("x Invocations"), "Invocations");
    qc_series_set set = {0};
    qc_series *a = qc_series_get(&set, "m", "Invocations", "Sum");
    qc_series_add_point(a, 180000, 1);
    qc_series_add_point(a, 0, 2);
    qc_series_add_point(a, 60000, 3);
    qc_series_add_point(a, 60000, 4); /* conflicting duplicate */
    qc_series_finish(&set);
    CHECK(a->n == 3 && a->period_s == 60 && a->duplicates == 1 && a->pts[0].t_ms == 0);
    qc_series_set_free(&set);
}

/* Events past the memory budget go to runs on disk and come back merged in
 * order: 5000 events in a scrambled order, a budget of 2 KiB (hundreds of
 * runs, so the runs are merged into one more than once). */
void test_evstore(void)
{
    qc_evstore *s = qc_evstore_new(2048);
    qc_err err;
    qc_err_clear(&err);
    unsigned x = 12345;
    for (int i = 0; i < 5000; i++) {
        qc_event ev;
        qc_event_init(&ev);
        x = x * 1103515245u + 12345u;
        ev.time_ms = (x >> 8) % 7 == 0 ? QC_TIME_NONE : (int64_t)((x >> 4) % 100000) * 1000;
        ev.source = strdup("app.log");
        ev.line = (uint64_t)i + 1;
        ev.model_id = strdup("anthropic.claude-3-haiku-20240307-v1:0");
        ev.text = strdup("2026-01-12 ThrottlingException: Too many requests");
        ev.client = "botocore";
        CHECK(qc_evstore_add_take(s, &ev, &err) == 0);
        qc_event_free(&ev);
    }
    CHECK(qc_evstore_count(s) == 5000);
    for (int pass = 0; pass < 2; pass++) {
        qc_evstore_iter *it = qc_evstore_iter_new(s, &err);
        CHECK(it != NULL);
        const qc_event *ev, *prev = NULL;
        qc_event last;
        qc_event_init(&last);
        size_t n = 0, ordered = 1, intact = 1;
        while (it && (ev = qc_evstore_iter_next(it))) {
            if (prev && qc_event_cmp(&last, ev) > 0)
                ordered = 0;
            intact &= ev->text && !strcmp(ev->text, "2026-01-12 ThrottlingException: Too many requests") &&
                      ev->client && !strcmp(ev->client, "botocore");
            last.time_ms = ev->time_ms;
            last.line = ev->line;
            free(last.source);
            last.source = strdup(ev->source);
            prev = ev;
            n++;
        }
        CHECK(n == 5000);
        CHECK(ordered);
        CHECK(intact);
        CHECK(!qc_evstore_iter_failed(it));
        qc_event_free(&last);
        qc_evstore_iter_free(it);
    }
    qc_evstore_free(s);
}

typedef struct spool_seen {
    size_t n, ok, stop_at;
} spool_seen;

static int S_spool_check(void *ud, int64_t ts, const char *name, const char *msg, size_t len)
{
    spool_seen *c = ud;
    char want_name[64], want_msg[128];
    size_t i = c->n++;
    snprintf(want_name, sizeof want_name, "/app/g:stream-%zu", i % 3);
    /* Every 97th message is 70 KiB: longer than one read of the file. */
    size_t want_len = i % 97 == 0 ? 70000 : (size_t)snprintf(want_msg, sizeof want_msg,
                                                              "message %zu ThrottlingException", i);
    c->ok += ts == (int64_t)i * 1000 && !strcmp(name, want_name) && len == want_len &&
             (i % 97 == 0 ? (msg[0] == 'x' && msg[len - 1] == 'y' && memchr(msg, 0, len) != NULL)
                          : !memcmp(msg, want_msg, len));
    return c->stop_at && c->n == c->stop_at;
}

/* Messages past the memory budget go to the file and come back whole, in
 * the order added (long ones across read boundaries, a NUL inside one);
 * below the budget no file is used and the order is the same. */
void test_logspool(void)
{
    for (int big = 0; big < 2; big++) {
        qc_logspool *s = qc_logspool_new(big ? 4096 : 0);
        qc_err err;
        qc_err_clear(&err);
        char *large = malloc(70000);
        memset(large, 'x', 70000);
        large[35000] = '\0';
        large[69999] = 'y';
        size_t n = big ? 2000 : 300;
        for (size_t i = 0; i < n; i++) {
            char name[64], msg[128];
            snprintf(name, sizeof name, "/app/g:stream-%zu", i % 3);
            int len = snprintf(msg, sizeof msg, "message %zu ThrottlingException", i);
            CHECK(qc_logspool_add(s, (int64_t)i * 1000, name, i % 97 ? msg : large,
                                  i % 97 ? (size_t)len : 70000, &err) == 0);
        }
        CHECK(qc_logspool_count(s) == n);
        spool_seen c = {0, 0, 0};
        CHECK(qc_logspool_seal(s, &err) == 0);
        CHECK(qc_logspool_replay(s, S_spool_check, &c, &err) == 0);
        CHECK(c.n == n && c.ok == n);
        /* Stopped (an interruption) after 150 messages: 1, and no more read. */
        spool_seen st = {0, 0, 150};
        CHECK(qc_logspool_replay(s, S_spool_check, &st, &err) == 1);
        CHECK(st.n == 150 && st.ok == 150);
        free(large);
        qc_logspool_free(s);
    }
    /* A write that fails (the file may not grow: a full disk) breaks the
     * spool: the add says so, and it is never read back in part. */
    struct rlimit old, small = {65536, 65536};
    getrlimit(RLIMIT_FSIZE, &old);
    small.rlim_max = old.rlim_max;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &small);
    qc_logspool *b = qc_logspool_new(4096);
    qc_err err;
    qc_err_clear(&err);
    int failed = 0;
    char msg[200];
    memset(msg, 'm', sizeof msg);
    for (int i = 0; i < 2000 && !failed; i++)
        failed = qc_logspool_add(b, i, "/app/g:s", msg, sizeof msg, &err) < 0;
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    CHECK(failed && strstr(err.msg, "temporary file"));
    spool_seen c = {0, 0, 0};
    qc_err_clear(&err);
    CHECK(qc_logspool_replay(b, S_spool_check, &c, &err) < 0 && c.n == 0);
    CHECK(qc_logspool_seal(b, &err) < 0);
    qc_logspool_free(b);
}
