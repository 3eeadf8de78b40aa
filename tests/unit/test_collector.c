/* test_collector.c - redaction, record fields and series that data files
 * express poorly (exact counts, single kinds, edge cases). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "collector/logfields.h"
#include "collector/quotas.h"
#include "collector/series.h"
#include "common/buf.h"

void test_logfields(void);
void test_series(void);

static int S_extract(const char *text, qc_event *ev)
{
    qc_logfields_opts o = {0, NULL, 0};
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
