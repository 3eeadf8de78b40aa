/* test_diagnosis.c - scenarios with hand-computed answers: a pure
 * requests-per-minute case with retries, a tokens-per-minute case, a
 * message that misleads, a daily-token case on a new account with quota 0,
 * a mixed case; the replay's throttled counts and delay. */
#include <string.h>

#include "check.h"
#include "common/buf.h"
#include "common/json.h"
#include "report/diagnosis.h"
#include "report/langfmt.h"
#include "report/replay.h"

void test_diagnosis(void);
void test_replay(void);
void test_checklist(void);
void test_langfmt(void);

#define SONNET "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
#define RPM_Q "{\"code\": \"L-R\", \"name\": \"Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1\", \"effective\": %s, \"default\": 200, \"adjustable\": true, \"models\": [\"" SONNET "\"]}"
#define TPM_Q "{\"code\": \"L-T\", \"name\": \"Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1\", \"effective\": %s, \"default\": 200000, \"adjustable\": true, \"models\": [\"" SONNET "\"]}"
#define TPD_Q "{\"code\": \"L-D\", \"name\": \"Model invocation max tokens per day for Anthropic Claude Sonnet 4.5 V1 (doubled for cross-region calls)\", \"effective\": %s, \"default\": 144000000, \"adjustable\": false, \"models\": [\"" SONNET "\"]}"

/* The analysis hands the diagnosis each model's periods as tables; these
 * scenarios write them as rows in the model, "minutes", as a reader would. */
static void S_diagnose(json_t *m, qc_err *err)
{
    qc_mintabs tabs = {0};
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(m, "models"), i, o)
    {
        qc_minutes t;
        qc_minutes_from_rows(&t, json_string_value(json_object_get(o, "model_id")),
                             json_object_get(o, "minutes"));
        qc_mintabs_take(&tabs, &t);
    }
    qc_evidx *idx = qc_evidx_new(json_object_get(json_object_get(m, "events"), "list"));
    qc_diagnosis_run(m, &tabs, idx, err);
    qc_evidx_free(idx);
    qc_mintabs_free(&tabs);
}

static json_t *S_model_p(int period, const char *quotas, const char *rows, double throttles,
                         const char *events, const char *request)
{
    char text[8192];
    snprintf(text, sizeof text,
             "{\"quotas\": [%s], \"models\": [{\"model_id\": \"" SONNET "\", \"period\": %d, "
             "\"totals\": {\"throttles\": %g}, \"minutes\": [%s]}], \"events\": {\"list\": [%s]}, "
             "\"request\": %s, \"evidence\": {}, \"case\": {}}",
             quotas, period, throttles, rows, events, request);
    qc_err err;
    qc_err_clear(&err);
    json_t *m = qc_json_load_mem("scenario", text, strlen(text), &err);
    if (!m)
        fprintf(stderr, "%s\n", err.msg);
    S_diagnose(m, &err);
    return m;
}

static json_t *S_model(const char *quotas, const char *rows, double throttles, const char *events,
                       const char *request)
{
    return S_model_p(60, quotas, rows, throttles, events, request);
}

static const json_t *S_dm(const json_t *m)
{
    return json_array_get(json_object_get(json_object_get(m, "diagnosis"), "models"), 0);
}

static double S_n(const json_t *o, const char *k)
{
    return json_number_value(json_object_get(o, k));
}

void test_diagnosis(void)
{
    char q[2048];
    /* Pure RPM: quota 4; 6 requests at 10:00, the 2 refused retried every
     * 15 s within the minute (4 attempts each = 8 throttled), then accepted
     * at 10:01 with nothing else.  The replay places the two logged
     * failures at :40 and :50 and the other 10 attempts at 10:00:00, in a
     * bucket of 4 refilling one every 15 s: 4 served, 6 refused; :40 finds
     * 2.67 and :50 2.33 (served); 10:01 finds 2.0 for its 2.  6 throttled.
     * The calls made (first attempts): 4 accepted + 2 logged failures = 6
     * at 10:00, 2 at 10:01.  A waiting client sends those, all at the start
     * of their minute: 4 served, the 5th at 15 s, the 6th at 30 s; 10:01
     * finds 2.0 for its 2.  45 s in all (0.8 minutes), the longest 30 s. */
    snprintf(q, sizeof q, RPM_Q, "4");
    json_t *m = S_model(q, "[\"2026-01-05T10:00:00Z\", 4, 8, 4000, 400, 2], "
                           "[\"2026-01-05T10:01:00Z\", 2, 0, 2000, 200, 0]", 8,
                        "[\"2026-01-05T10:00:40Z\", \"" SONNET "\", \"requests_per_minute\", 4],"
                        "[\"2026-01-05T10:00:50Z\", \"" SONNET "\", \"requests_per_minute\", 4]",
                        "{\"quota_code\": \"L-R\", \"requested\": 50, \"design\": 50}");
    const json_t *d = S_dm(m), *b = json_array_get(json_object_get(d, "bursts"), 0);
    CHECK(json_array_size(json_object_get(d, "bursts")) == 1);
    CHECK_STR(qc_json_get_str(b, "limit"), "requests_per_minute");
    CHECK(S_n(b, "attempts") == 12 && S_n(b, "throttled") == 8 && S_n(b, "log_events") == 2);
    CHECK(json_is_false(json_object_get(b, "misleading_message")));
    const json_t *rp = json_object_get(d, "replay");
    CHECK(json_array_size(rp) == 3); /* current, AWS default, requested */
    CHECK(S_n(json_array_get(rp, 0), "throttled") == 6);
    CHECK(S_n(json_array_get(rp, 0), "attempts") == 14 && S_n(json_array_get(rp, 0), "timed") == 2);
    CHECK(S_n(json_array_get(rp, 0), "first_attempts") == 8);
    CHECK(S_n(json_array_get(rp, 0), "delay_minutes") == 0.8);
    CHECK(S_n(json_array_get(rp, 0), "delay_max_seconds") == 30);
    CHECK_STR(qc_json_get_str(json_array_get(rp, 0), "sentence"),
              "At the current 4 requests/min (L-R) the replay throttles 6 attempts where CloudWatch "
              "counted 8; a client that waited for quota instead of retrying would have delayed "
              "its calls by 5.6 seconds on average, up to 30 seconds for one call.");
    /* 45 s over the 8 calls: 5.6 s each on average. */
    CHECK(S_n(json_array_get(rp, 0), "delay_mean_seconds") == 5.6);
    CHECK_STR(qc_json_get_str(json_array_get(rp, 2), "sentence"),
              "At 50 requests/min (L-R), 0 of the 8 throttled attempts in the window would have been "
              "throttled, and no call would have waited.");
    /* Demand beside attempts: 14 attempts, 8 calls, 6 retries. */
    const json_t *dd = json_object_get(d, "demand");
    CHECK(S_n(dd, "attempts") == 14 && S_n(dd, "first_attempts") == 8 && S_n(dd, "retries") == 6);
    CHECK(S_n(dd, "attempts_max") == 12 && S_n(dd, "first_max") == 6);
    CHECK(json_is_true(json_object_get(dd, "failed_from_logs")));
    CHECK(json_is_false(json_object_get(json_array_get(rp, 2), "waits")));
    const json_t *rec = json_object_get(d, "recommended");
    /* The peak is the busiest minute's calls, not its attempts: 6, + 20 % = 8. */
    CHECK(S_n(rec, "observed_peak") == 6 && S_n(rec, "observed_with_headroom") == 8);
    CHECK(S_n(rec, "value") == 50);
    CHECK_STR(qc_json_get_str(rec, "basis"), "design arithmetic");
    CHECK(S_n(json_object_get(d, "pacing"), "spacing_seconds") == 15);
    /* No max_tokens in these logs: no reservation estimate. */
    CHECK(json_is_false(json_object_get(json_object_get(d, "reservation"), "has_estimate")));
    json_decref(m);

    /* TPM whose message says tokens: RPM 100 far away, tokens 9,500 of 10,000.
     * The logs carry max_tokens 4,096 and 2,048: mean 3,072; 8 attempts at
     * the peak reserve 24,576 tokens at start, above the 10,000 quota. */
    char q2[4096];
    snprintf(q, sizeof q, RPM_Q, "100");
    snprintf(q2, sizeof q2, "%s, " TPM_Q, q, "10000");
    m = S_model(q2, "[\"2026-01-05T10:00:00Z\", 5, 3, 9000, 500, 3]", 3,
                "[\"2026-01-05T10:00:10Z\", \"" SONNET "\", \"tokens_per_minute\", 3, 4096],"
                "[\"2026-01-05T10:00:20Z\", \"" SONNET "\", \"tokens_per_minute\", 1, 2048],"
                "[\"2026-01-05T10:00:30Z\", \"other-model\", \"tokens_per_minute\", 1, 99999]",
                "{\"quota_code\": \"L-R\", \"requested\": 120, \"design\": null}");
    d = S_dm(m);
    const json_t *rv = json_object_get(d, "reservation");
    CHECK(json_is_true(json_object_get(rv, "has_estimate")));
    CHECK(S_n(rv, "events_with_max_tokens") == 2 && S_n(rv, "max_tokens_mean") == 3072);
    CHECK(S_n(rv, "max_tokens_max") == 4096 && S_n(rv, "reserved_per_minute") == 24576);
    CHECK(S_n(rv, "tokens_per_minute_quota") == 10000);
    CHECK(json_is_true(json_object_get(rv, "exceeds_quota")));
    /* Throttled for tokens only: no requests-per-minute replay to mislead,
     * a tokens replay instead.  Each attempt costs 9,500 / 5 = 1,900; the
     * 2 logged at :10 and :20, the other 6 at :00.  At 10,000: 5 fit, 1
     * refused (500 left); :10 finds 2,166.7 and :20 1,933.3: 1 throttled.
     * Waiting: the calls made are 5 accepted + 2 logged failures = 7, all
     * at :00: 5 fit, 500 left; the 6th when 1,900 are there again, at
     * 8.4 s, the 7th 11.4 s later at 19.8 s: 28.2 s in all (0.5 minutes),
     * the longest 19.8 s.  At the AWS default of 200,000: none. */
    rp = json_object_get(d, "replay");
    CHECK(json_array_size(rp) == 2);
    CHECK_STR(qc_json_get_str(json_array_get(rp, 0), "unit"), "tokens");
    CHECK(S_n(json_array_get(rp, 0), "throttled") == 1);
    CHECK(S_n(json_array_get(rp, 0), "delay_minutes") == 0.5);
    CHECK(S_n(json_array_get(rp, 0), "delay_max_seconds") == 19.8);
    CHECK_STR(qc_json_get_str(json_array_get(rp, 1), "label"), "AWS default");
    CHECK(S_n(json_array_get(rp, 1), "throttled") == 0);
    CHECK_STR(qc_json_get_str(rv, "sentence"),
              "At the peak of 8 attempts a minute and a mean max_tokens of 3,072 (from 2 logged "
              "requests), requests reserve about 24,576 tokens a minute when they start, above "
              "the tokens-per-minute quota of 10,000.");
    b = json_array_get(json_object_get(d, "bursts"), 0);
    CHECK_STR(qc_json_get_str(b, "limit"), "tokens_per_minute");
    CHECK(json_is_false(json_object_get(b, "misleading_message")));
    CHECK(json_is_true(json_object_get(json_object_get(m, "diagnosis"), "has_tpm")));
    /* Pacing for tokens: 10,000 a minute holds 5 requests of 1,900: one every 12 s. */
    const json_t *pc = json_object_get(d, "pacing");
    CHECK(json_is_true(json_object_get(pc, "by_tokens")) && S_n(pc, "quota") == 5);
    CHECK(S_n(pc, "spacing_seconds") == 12 && S_n(pc, "tokens_per_request") == 1900);
    /* Throttled only for tokens: the recommendation is in tokens, 9,500 + 20 %. */
    CHECK(S_n(json_object_get(d, "recommended"), "value") == 11400);
    CHECK_STR(qc_json_get_str(json_object_get(d, "recommended"), "unit"), "tokens");
    json_decref(m);

    /* The message misleads: "Too many tokens" while requests sat at their quota of 4. */
    snprintf(q, sizeof q, RPM_Q, "4");
    snprintf(q2, sizeof q2, "%s, " TPM_Q, q, "200000");
    m = S_model(q2, "[\"2026-01-05T10:00:00Z\", 4, 5, 3000, 300, 1]", 5,
                "[\"2026-01-05T10:00:05Z\", \"" SONNET "\", \"tokens_per_minute\", 1]",
                "{\"quota_code\": \"L-R\", \"requested\": 20, \"design\": null}");
    b = json_array_get(json_object_get(S_dm(m), "bursts"), 0);
    CHECK_STR(qc_json_get_str(b, "limit"), "requests_per_minute");
    CHECK(json_is_true(json_object_get(b, "misleading_message")));
    CHECK(strstr(qc_json_get_str(b, "why"), "misleads") != NULL);
    json_decref(m);

    /* A new account whose daily token quota is 0: any token is over it. */
    snprintf(q, sizeof q, TPD_Q, "0");
    m = S_model(q, "[\"2026-01-05T10:00:00Z\", 0, 2, 0, 0, 2]", 2,
                "[\"2026-01-05T10:00:05Z\", \"" SONNET "\", \"tokens_per_day\", 1]",
                "{\"quota_code\": null, \"requested\": null, \"design\": null}");
    d = S_dm(m);
    CHECK_STR(qc_json_get_str(json_array_get(json_object_get(d, "bursts"), 0), "limit"),
              "tokens_per_day");
    CHECK(json_array_size(json_object_get(d, "replay")) == 0); /* no RPM quota to replay */
    CHECK(json_is_true(json_object_get(json_object_get(m, "diagnosis"), "has_not_adjustable")));
    /* At a quota of 0 pacing means nothing: the advice says no call succeeds. */
    CHECK(json_is_true(json_object_get(json_object_get(d, "pacing"), "zero")));
    CHECK(strstr(qc_json_get_str(json_object_get(d, "pacing"), "text"), "no call succeeds") != NULL);
    json_decref(m);

    /* Quota at incident time: today's 5,000 was approved at 12:00, after the
     * 10:00 burst; without an earlier approval the value then is unknown,
     * so the messages decide and the note says why (with the figure's
     * thousands separator, as every figure the case prints). */
    char hq[2048];
    snprintf(hq, sizeof hq,
             "{\"code\": \"L-R\", \"name\": \"Cross-region model inference requests per minute for "
             "Anthropic Claude Sonnet 4.5 V1\", \"effective\": 5000, \"default\": 200, \"adjustable\": true, "
             "\"models\": [\"" SONNET "\"], \"requests\": [%s{\"status\": \"APPROVED\", "
             "\"desired_value\": 5000, \"last_updated\": \"2026-01-05T12:00:00Z\"}]}", "");
    m = S_model(hq, "[\"2026-01-05T10:00:00Z\", 4, 8, 4000, 400, 1]", 8,
                "[\"2026-01-05T10:00:40Z\", \"" SONNET "\", \"requests_per_minute\", 3]",
                "{\"quota_code\": \"L-R\", \"requested\": 100, \"design\": null}");
    d = S_dm(m);
    b = json_array_get(json_object_get(d, "bursts"), 0);
    CHECK_STR(qc_json_get_str(b, "limit"), "requests_per_minute");
    CHECK(json_is_null(json_object_get(b, "rpm_in_force")));
    CHECK(strstr(qc_json_get_str(b, "why"), "approved at 2026-01-05T12:00:00Z, after this burst") != NULL);
    const json_t *h = json_object_get(d, "history");
    CHECK(S_n(h, "approved_value") == 5000);
    CHECK_STR(qc_json_get_str(h, "throttling_began"), "2026-01-05T10:00:00Z");
    CHECK(strstr(qc_json_get_str(h, "text"), "An increase to 5,000 was approved at "
                                             "2026-01-05T12:00:00Z") != NULL);
    CHECK(strstr(qc_json_get_str(b, "why"), "quota to 5,000 was approved") != NULL);
    json_decref(m);
    /* With an earlier approval of 4, that is the value that bit. */
    snprintf(hq, sizeof hq,
             "{\"code\": \"L-R\", \"name\": \"Cross-region model inference requests per minute for "
             "Anthropic Claude Sonnet 4.5 V1\", \"effective\": 50, \"default\": 200, \"adjustable\": true, "
             "\"models\": [\"" SONNET "\"], \"requests\": [{\"status\": \"APPROVED\", "
             "\"desired_value\": 4, \"last_updated\": \"2026-01-01T00:00:00Z\"}, {\"status\": \"APPROVED\", "
             "\"desired_value\": 50, \"last_updated\": \"2026-01-05T12:00:00Z\"}, {\"status\": \"DENIED\", "
             "\"desired_value\": 2, \"last_updated\": \"2026-01-02T00:00:00Z\"}]}");
    m = S_model(hq, "[\"2026-01-05T10:00:00Z\", 4, 8, 4000, 400, 0]", 8, "",
                "{\"quota_code\": \"L-R\", \"requested\": 100, \"design\": null}");
    b = json_array_get(json_object_get(S_dm(m), "bursts"), 0);
    CHECK_STR(qc_json_get_str(b, "limit"), "requests_per_minute");
    CHECK(S_n(b, "rpm_in_force") == 4);
    CHECK_STR(qc_json_get_str(b, "why"), "accepted requests reached the quota of 4 a minute (in force "
                                         "then: an increase to 50 was approved at "
                                         "2026-01-05T12:00:00Z, after this burst began)");
    json_decref(m);

    /* Mixed: an RPM burst, a quiet minute, then a TPM burst. */
    snprintf(q, sizeof q, RPM_Q, "4");
    snprintf(q2, sizeof q2, "%s, " TPM_Q, q, "10000");
    m = S_model(q2, "[\"2026-01-05T10:00:00Z\", 4, 6, 2000, 200, 0], "
                    "[\"2026-01-05T10:01:00Z\", 1, 0, 500, 50, 0], "
                    "[\"2026-01-05T10:02:00Z\", 2, 1, 9800, 100, 0]", 7, "",
                "{\"quota_code\": \"L-R\", \"requested\": 12, \"design\": 12}");
    d = S_dm(m);
    const json_t *bs = json_object_get(d, "bursts");
    CHECK(json_array_size(bs) == 2);
    CHECK_STR(qc_json_get_str(json_array_get(bs, 0), "limit"), "requests_per_minute");
    CHECK_STR(qc_json_get_str(json_array_get(bs, 1), "limit"), "tokens_per_minute");
    CHECK(json_array_size(json_object_get(d, "limits")) == 2);
    /* At 4: 10:00 demand 10 -> 6 over; 10:02 demand 3 -> 0; at 12: none. */
    CHECK(S_n(json_array_get(json_object_get(d, "replay"), 0), "throttled") == 6);
    CHECK(S_n(json_array_get(json_object_get(d, "replay"), 2), "throttled") == 0);
    json_decref(m);
}

/* Data coarser than a minute, tiers, a model never throttled. */
void test_diagnosis_period(void);
void test_diagnosis_period(void)
{
    char q[2048];
    /* Hourly data: quota 500 a minute; in the 10:00 hour 613 accepted and
     * 1,281 throttled.  613 in an hour is 10.2 a minute on average, far under
     * 500: the figures cannot say the quota bound (the old verdict did), and
     * no message names a limit, so it is undetermined.  No logs cover the
     * model: failed calls are 1,281 / 3 attempts = 427, so 1,040 calls, 17.3
     * a minute on average in the busiest hour (a lower bound), + 20 % = 21.
     * No replay: it needs 1-minute data. */
    snprintf(q, sizeof q, RPM_Q, "500");
    json_t *m = S_model_p(3600, q, "[\"2026-01-05T10:00:00Z\", 613, 1281, 0, 0, 0]", 1281, "",
                          "{\"quota_code\": \"L-R\", \"requested\": null, \"design\": null}");
    const json_t *d = S_dm(m), *b = json_array_get(json_object_get(d, "bursts"), 0);
    CHECK_STR(qc_json_get_str(b, "limit"), "undetermined");
    CHECK(strstr(qc_json_get_str(b, "why"), "reached") == NULL);
    CHECK(S_n(b, "minutes") == 60);
    const json_t *dd = json_object_get(d, "demand");
    CHECK(json_is_false(json_object_get(dd, "per_minute")));
    CHECK(S_n(dd, "attempts_max") == 1894 && S_n(dd, "first_max") == 1040);
    CHECK(S_n(dd, "failed_calls") == 427 && json_is_false(json_object_get(dd, "failed_from_logs")));
    CHECK(S_n(dd, "first_max_avg_per_minute") == 17.3);
    CHECK(json_array_size(json_object_get(d, "replay")) == 0);
    CHECK(strstr(qc_json_get_str(d, "no_replay"), "1-minute data") != NULL);
    const json_t *rec = json_object_get(d, "recommended");
    CHECK(json_is_false(json_object_get(rec, "per_minute")));
    CHECK(S_n(rec, "observed_peak") == 17.3 && S_n(rec, "observed_with_headroom") == 21);
    json_decref(m);

    /* The same hour where the average itself reaches the quota of 10 a
     * minute (613 / 60 = 10.2): that does prove the quota bound. */
    snprintf(q, sizeof q, RPM_Q, "10");
    m = S_model_p(3600, q, "[\"2026-01-05T10:00:00Z\", 613, 1281, 0, 0, 0]", 1281, "",
                  "{\"quota_code\": null, \"requested\": null, \"design\": null}");
    b = json_array_get(json_object_get(S_dm(m), "bursts"), 0);
    CHECK_STR(qc_json_get_str(b, "limit"), "requests_per_minute");
    CHECK_STR(qc_json_get_str(b, "why"), "accepted requests reached 10.2 a minute on average over "
                                         "the busiest 60-minute period, at the quota of 10 a minute");
    json_decref(m);

    /* Context tiers: the 1M tier (code sorting first, 2 a minute) is not the
     * quota in force; the standard tier's 4 is, and the burst says so. */
    char q2[4096];
    snprintf(q, sizeof q, RPM_Q, "4");
    snprintf(q2, sizeof q2, "{\"code\": \"L-A\", \"name\": \"Cross-region model inference "
             "requests per minute for Anthropic Claude Sonnet 4.5 V1 1M Context Length\", "
             "\"effective\": 2, \"default\": 2, \"adjustable\": false, \"models\": [\"" SONNET
             "\"]}, %s", q);
    m = S_model(q2, "[\"2026-01-05T10:00:00Z\", 4, 3, 0, 0, 0]", 3, "",
                "{\"quota_code\": null, \"requested\": null, \"design\": null}");
    d = S_dm(m);
    const json_t *qs = json_object_get(d, "quotas");
    CHECK_STR(qc_json_get_str(json_object_get(qs, "requests_per_minute"), "code"), "L-R");
    CHECK_STR(qc_json_get_str(json_object_get(qs, "requests_per_minute_long_context"), "code"), "L-A");
    CHECK(json_is_true(json_object_get(qs, "has_long_context")));
    CHECK_STR(qc_json_get_str(json_array_get(json_object_get(d, "bursts"), 0), "why"),
              "accepted requests reached the quota of 4 a minute");
    json_decref(m);

    /* Never throttled: no recommendation, no pacing. */
    m = S_model(q, "[\"2026-01-05T10:00:00Z\", 3, 0, 0, 0, 0]", 0, "",
                "{\"quota_code\": null, \"requested\": null, \"design\": null}");
    d = S_dm(m);
    CHECK(json_is_false(json_object_get(d, "throttled")));
    CHECK(json_is_false(json_object_get(json_object_get(d, "recommended"), "applies")));
    CHECK(json_is_null(json_object_get(d, "pacing")));
    json_decref(m);
}

/* Figures in Portuguese: only `_text` siblings of numbers trade their marks. */
void test_langfmt(void)
{
    static const char doc[] =
        "{\"a\": 1234567.5, \"a_text\": \"1,234,567.5\", \"b_text\": \"3.5 (no sibling)\","
        " \"k\": \"x\", \"k_text\": \"tokens, per day\","
        " \"rows\": [{\"v\": 0.25, \"v_text\": \"0.25\"}]}";
    qc_err err;
    qc_err_clear(&err);
    json_t *m = qc_json_load_mem("langfmt", doc, strlen(doc), &err);
    json_t *en = json_deep_copy(m);
    qc_langfmt_apply(en, "en");
    CHECK(json_equal(en, m));
    qc_langfmt_apply(m, "pt-BR");
    CHECK_STR(qc_json_get_str(m, "a_text"), "1.234.567,5");
    CHECK(json_number_value(json_object_get(m, "a")) == 1234567.5);
    CHECK_STR(qc_json_get_str(m, "b_text"), "3.5 (no sibling)");
    CHECK_STR(qc_json_get_str(m, "k_text"), "tokens, per day");
    CHECK_STR(qc_json_get_str(json_array_get(json_object_get(m, "rows"), 0), "v_text"), "0,25");
    json_decref(en);
    json_decref(m);
}

/* The checklist item at `key`, or NULL. */
static const json_t *S_item(const json_t *m, const char *key)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(json_object_get(m, "diagnosis"), "checklist"), i, c)
        if (!strcmp(qc_json_get_str(c, "key"), key))
            return c;
    return NULL;
}

/* Logs and metrics that share no minute do not agree; the request's own
 * items: adjustable, above the current value, in the quota's unit. */
void test_checklist(void)
{
    static const char *const docs[] = {
        /* logged at 12:00, metrics only at 10:00 and 10:01 */
        "{\"quotas\": [], \"models\": [{\"model_id\": \"m\", \"period\": 60, \"has_metrics\": true, "
        "\"log_events\": 1, \"totals\": {}, \"minutes\": [[\"2026-01-05T10:00:00Z\", 4, 1, 10, 1, 0], "
        "[\"2026-01-05T10:01:00Z\", 4, 0, 10, 1, 0], [\"2026-01-05T12:00:00Z\", 0, 0, 0, 0, 1]]}], "
        "\"events\": {\"list\": []}, \"evidence\": {}, \"case\": {}, \"request\": {\"quota\": "
        "{\"name\": \"Model invocation max tokens per day for X\", \"kind\": \"tokens_per_day\", "
        "\"effective\": 1000, \"adjustable\": false}, \"requested\": 50, \"has_arithmetic\": true, "
        "\"arithmetic_unit\": \"requests/min\"}}",
        /* logged at 10:01, within the metrics */
        "{\"quotas\": [], \"models\": [{\"model_id\": \"m\", \"period\": 60, \"has_metrics\": true, "
        "\"log_events\": 1, \"totals\": {}, \"minutes\": [[\"2026-01-05T10:00:00Z\", 4, 1, 10, 1, 0], "
        "[\"2026-01-05T10:01:00Z\", 4, 0, 10, 1, 1]]}], \"events\": {\"list\": []}, \"evidence\": {}, "
        "\"case\": {}, \"request\": {\"quota\": {\"name\": \"On-demand model inference requests per minute "
        "for X\", \"kind\": \"requests_per_minute\", \"effective\": 4, \"adjustable\": true}, "
        "\"requested\": 50, \"has_arithmetic\": true, \"arithmetic_unit\": \"requests/min\"}}",
    };
    for (int k = 0; k < 2; k++) {
        qc_err err;
        qc_err_clear(&err);
        json_t *m = qc_json_load_mem("checklist", docs[k], strlen(docs[k]), &err);
        CHECK(m != NULL);
        S_diagnose(m, &err);
        int want = k == 1;
        CHECK(json_is_boolean(json_object_get(S_item(m, "agree"), "ok")) &&
              json_is_true(json_object_get(S_item(m, "agree"), "ok")) == want);
        CHECK(json_is_true(json_object_get(S_item(m, "adjustable"), "ok")) == want);
        CHECK(json_is_true(json_object_get(S_item(m, "above_current"), "ok")) == want);
        CHECK(json_is_true(json_object_get(S_item(m, "unit"), "ok")) == want);
        json_decref(m);
    }
    /* The unit item alone: the arithmetic's unit against the quota's kind. */
    static const struct {
        const char *request;
        int ok;
    } units[] = {
        {"\"has_arithmetic\": true, \"arithmetic_unit\": \"tokens/min\", \"quota\": {\"kind\": \"tokens_per_minute\"}", 1},
        {"\"has_arithmetic\": true, \"arithmetic_unit\": \"tokens/min\", \"quota\": {\"kind\": \"requests_per_minute\"}", 0},
        {"\"has_arithmetic\": true, \"arithmetic_unit\": \"requests/min\", \"quota\": {\"kind\": \"tokens_per_minute\"}", 0},
        {"\"has_arithmetic\": true, \"arithmetic_unit\": \"tokens/min\", \"quota\": {\"kind\": \"tokens_per_day\"}", 0},
        {"\"has_arithmetic\": true, \"arithmetic_unit\": \"requests/min\", \"quota\": {\"kind\": \"not_rate\"}", 0},
        {"\"has_arithmetic\": true, \"arithmetic_unit\": \"requests/min\", \"quota\": {}", 0},
        {"\"has_arithmetic\": true, \"arithmetic_unit\": \"requests/min\", \"quota\": null", 1},
        {"\"has_arithmetic\": false, \"arithmetic_unit\": null, \"quota\": {\"kind\": \"tokens_per_day\"}", 1},
    };
    for (size_t k = 0; k < sizeof units / sizeof *units; k++) {
        qc_buf b;
        qc_buf_init(&b, 0);
        qc_buf_printf(&b, "{\"quotas\": [], \"models\": [], \"events\": {\"list\": []}, \"evidence\": {}, "
                          "\"case\": {}, \"request\": {%s}}", units[k].request);
        qc_err err;
        qc_err_clear(&err);
        json_t *m = qc_json_load_mem("unit", b.ptr, b.len, &err);
        CHECK(m != NULL);
        S_diagnose(m, &err);
        const json_t *u = S_item(m, "unit");
        CHECK(json_is_true(json_object_get(u, "ok")) == units[k].ok);
        /* The detail names the arithmetic's unit when there is one to judge. */
        if (k < 5)
            CHECK(strstr(qc_json_get_str(u, "detail"), k == 0 || k == 1 || k == 3 ? "gives tokens per minute"
                                                                                 : "gives requests per minute") != NULL);
        json_decref(m);
        qc_buf_free(&b);
    }
}

/* The bucket alone: batches, refill, a cost larger than the bucket. */
void test_replay(void)
{
    qc_replay_result r;
    /* 10 at once against 4 a minute: 4 served, 6 refused; waiting, they
     * go one every 15 s: 15 + 30 + ... + 90 = 315 s, the longest 90 s. */
    qc_replay_arrival a[] = {{0, 10, 1}};
    qc_replay_bucket(a, 1, 4, &r);
    CHECK(r.requests == 10 && r.throttled == 6 && r.unservable == 0);
    CHECK(r.wait_total_s == 315 && r.wait_max_s == 90);
    /* A minute later the bucket is full again, never fuller. */
    qc_replay_arrival b[] = {{0, 4, 1}, {60000, 4, 1}, {180000, 5, 1}};
    qc_replay_bucket(b, 3, 4, &r);
    CHECK(r.throttled == 1 && r.wait_max_s == 15);
    /* One request of 500 tokens against 400 a minute: never served. */
    qc_replay_arrival c[] = {{0, 1, 500}, {1000, 2, 100}};
    qc_replay_bucket(c, 2, 400, &r);
    CHECK(r.unservable == 1 && r.throttled == 1 && r.wait_total_s == 0);
    /* A quota of 0 serves nothing. */
    qc_replay_bucket(a, 1, 0, &r);
    CHECK(r.throttled == 10 && r.unservable == 10);
    /* Hostile counts stay finite where they can and never overflow the clock. */
    qc_replay_arrival h[] = {{0, 1e300, 1}, {60000, 1, 1}};
    qc_replay_bucket(h, 2, 4, &r);
    CHECK(r.throttled > 1e299);
    qc_replay_bucket(NULL, 0, 4, &r);
    CHECK(r.requests == 0 && r.throttled == 0);
}
