/* gen_log.c - writes a synthetic application log of a given size in which
 * one line in a thousand is a Bedrock throttling error, in the forms the
 * scanner reads (botocore line and traceback, Go, Java, JS dump, JSON).
 * With "secrets", one line in a hundred is, and each such record carries
 * what the redactor must take out: a signed request's headers, an e-mail
 * address, a host address and the request body with its prompt.
 * With "dense", one line in ten is (the worst case for event assembly).
 * Deterministic: the same arguments give the same bytes. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t S_state = 88172645463325252ULL;

static uint64_t S_rand(void)
{
    S_state ^= S_state << 13;
    S_state ^= S_state >> 7;
    S_state ^= S_state << 17;
    return S_state;
}

static void S_normal(FILE *f, uint64_t v)
{
    switch (S_rand() % 5) {
    case 0: fprintf(f, "INFO agent.supervisor investigation %" PRIu64 " dispatched to 5 specialist agents\n", v); break;
    case 1: fprintf(f, "DEBUG agent.tools tool call search_logs returned 42 rows in 118 ms (request %" PRIu64 ")\n", v); break;
    case 2: fprintf(f, "INFO agent.triage model reply received, 1834 input tokens, 512 output tokens, id %" PRIu64 "\n", v); break;
    case 3: fprintf(f, "WARNING agent.ratelimit local queue depth %" PRIu64 ", delaying next call by 250 ms\n", v); break;
    default: fprintf(f, "INFO http.server GET /healthz 200 0.4ms peer=10.0.3.%" PRIu64 "\n", v);
    }
}

static void S_stamp(FILE *f, uint64_t sec)
{
    uint64_t h = (sec / 3600) % 24, m = (sec / 60) % 60, s = sec % 60;
    fprintf(f, "2026-01-12 %02" PRIu64 ":%02" PRIu64 ":%02" PRIu64 ",%03" PRIu64 " ", h, m, s,
            S_rand() % 1000);
}

static void S_throttle(FILE *f, uint64_t sec, uint64_t k)
{
    switch (k % 5) {
    case 0:
        S_stamp(f, sec);
        fprintf(f, "ERROR agent.triage An error occurred (ThrottlingException) when calling the "
                   "Converse operation (reached max retries: 4): Too many requests, please wait "
                   "before trying again. modelId=us.anthropic.claude-sonnet-4-5-20250929-v1:0\n");
        break;
    case 1:
        S_stamp(f, sec);
        fprintf(f, "ERROR agent.planner call failed\nTraceback (most recent call last):\n"
                   "  File \"/srv/agent/planner.py\", line 41, in plan\n"
                   "    r = client.invoke_model(modelId=\"anthropic.claude-3-5-haiku-20241022-v1:0\")\n"
                   "botocore.errorfactory.ThrottlingException: An error occurred "
                   "(ThrottlingException) when calling the InvokeModel operation (reached max "
                   "retries: 4): Too many tokens, please wait before trying again.\n");
        break;
    case 2:
        S_stamp(f, sec);
        fprintf(f, "ERROR worker: operation error Bedrock Runtime: Converse, exceeded maximum "
                   "number of attempts, 3, https response error StatusCode: 429, RequestID: "
                   "%016" PRIx64 ", ThrottlingException: Too many tokens, please wait before "
                   "trying again. model=us.anthropic.claude-sonnet-4-5-20250929-v1:0\n", S_rand());
        break;
    case 3:
        S_stamp(f, sec);
        fprintf(f, "ERROR c.e.agent.ModelClient - converse failed for model "
                   "meta.llama3-3-70b-instruct-v1:0: software.amazon.awssdk.services.bedrockruntime."
                   "model.ThrottlingException: Too many requests, please wait before trying "
                   "again. (Service: BedrockRuntime, Status Code: 429, Request ID: %016" PRIx64
                   ")\n", S_rand());
        break;
    default:
        fprintf(f, "{\"time\":%" PRIu64 "000,\"level\":\"error\",\"modelId\":\"amazon.nova-pro-v1:0\","
                   "\"error\":{\"code\":\"ThrottlingException\",\"message\":\"Too many tokens per "
                   "day, please wait before trying again.\"}}\n", 1768176000 + sec);
    }
}

/* An indented line: it belongs to the record above it. */
static void S_secrets(FILE *f, uint64_t k)
{
    fprintf(f, "    request headers={'Authorization': "
               "b'AWS4-HMAC-SHA256 Credential=AKIA%016" PRIX64 "/20260112/us-east-1/bedrock/"
               "aws4_request, SignedHeaders=host;x-amz-date, Signature=%016" PRIx64 "%016" PRIx64
               "%016" PRIx64 "%016" PRIx64 "'} owner=user%" PRIu64 "@example.com peer=10.1.%" PRIu64
               ".%" PRIu64 " body={\"messages\": [{\"role\": \"user\", \"content\": "
               "\"Summarise incident %" PRIu64 " for the on-call channel\"}], \"max_tokens\": 512}\n",
            (uint64_t)(S_rand() & 0xFFFFFFFFFFFFFFFull), S_rand(), S_rand(), S_rand(), S_rand(), k % 977,
            k % 250, k % 199, k);
}

int main(int argc, char **argv)
{
    int secrets = argc == 3 && !strcmp(argv[2], "secrets");
    int dense = argc == 3 && !strcmp(argv[2], "dense");
    if (argc != 2 && !secrets && !dense) {
        fprintf(stderr, "usage: gen_log MEBIBYTES [secrets|dense] > file\n");
        return 2;
    }
    uint64_t every = secrets ? 100 : dense ? 10 : 1000;
    uint64_t limit = strtoull(argv[1], NULL, 10) << 20, written = 0, lines = 0, thr = 0;
    static char buf[1 << 20];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    while (written < limit) {
        uint64_t sec = lines / 40;
        long before = ftell(stdout);
        if (S_rand() % every == 0) {
            S_throttle(stdout, sec, thr);
            if (secrets)
                S_secrets(stdout, thr);
            thr++;
        } else {
            S_stamp(stdout, sec);
            S_normal(stdout, S_rand() % 100000);
        }
        written += (uint64_t)(ftell(stdout) - before);
        lines++;
    }
    fprintf(stderr, "gen_log: %" PRIu64 " lines, %" PRIu64 " throttling records\n", lines, thr);
    return 0;
}
