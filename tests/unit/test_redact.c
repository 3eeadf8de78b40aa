/* test_redact.c - the redactor, case by case: each kind in the syntaxes logs
 * use, what must stay, placeholders that stay the same, and the map. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/redact.h"

void test_redact(void);

static char *S_red(qc_redactor *r, const char *in, qc_redact_counts *c)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    memset(c, 0, sizeof *c);
    qc_redact_buf(r, in, strlen(in), &b, c);
    char *t = qc_buf_take(&b);
    return t ? t : strdup("");
}

struct red_case {
    const char *in, *out;
};

/* Each in a fresh redactor, so every placeholder is number 1. */
static const struct red_case S_cases[] = {
    {"key AKIAIOSFODNN7EXAMPLE used", "key [aws-key-id-1] used"},
    /* A secret key's shape glued to a key's name: both go, and a second
     * pass changes nothing (it once took the name for a key). */
    {"x NhijklmmaxTokensnopqrstuvwxyz012345lient_secret=abc123", "x [aws-secret-key-1]_secret=[secret-1]"},
    {"s3://b/keys/AKIAIOSFODNN7EXAMPLE/x", "s3://b/keys/[aws-key-id-1]/x"},
    {"user/AKIAIOSFODNN7EXAMPLE+x", "user/[aws-key-id-1]+x"},
    {"idASIAY34FZKBOKMUTVV7A,", "id[aws-key-id-1],"},
    {"s=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY end", "s=[aws-secret-key-1] end"},
    {"aws_secret_access_key = /abc123", "aws_secret_access_key = [aws-secret-key-1]"},
    {"{\"SecretAccessKey\": \"+shortone\"}", "{\"SecretAccessKey\": \"[aws-secret-key-1]\"}"},
    {"secretAccessKey: 'abcDEF123'", "secretAccessKey: '[aws-secret-key-1]'"},
    {"X-Amz-Security-Token: FQoGZXIvYXdzEXAMPLE", "X-Amz-Security-Token: [aws-session-token-1]"},
    {"AWS_SESSION_TOKEN=abc", "AWS_SESSION_TOKEN=[aws-session-token-1]"},
    /* The header, not the rest of the line: the exception after it stays. */
    {"Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260112/us-east-1/"
     "bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123 ThrottlingException",
     "Authorization: [authorization-1] ThrottlingException"},
    {"'Authorization': b'AWS4-HMAC-SHA256 Credential=x', 'Host': 'h'",
     "'Authorization': b'[authorization-1]', 'Host': 'h'"},
    {"{\"body\": \"{\\\"Authorization\\\": \\\"Bearer abc.def\\\", \\\"x\\\": 1}\"}",
     "{\"body\": \"{\\\"Authorization\\\": \\\"[authorization-1]\\\", \\\"x\\\": 1}\"}"},
    {"?X-Amz-Signature=fedcba9876543210fedcba9876543210&x=1", "?X-Amz-Signature=[aws-signature-1]&x=1"},
    {"X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261130%2Fus-east-1",
     "X-Amz-Credential=[aws-key-id-1]%2F20261130%2Fus-east-1"},
    {"X-Amz-Security-Token=IQoJb3Jp%2F\\/ab&y", "X-Amz-Security-Token=[aws-session-token-1]&y"},
    {"header Bearer abcdefghijklmnop0123 rest", "header Bearer [bearer-token-1] rest"},
    {"t eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_-x end", "t [jwt-1] end"},
    {"k ABSKQmVkcm9ja0FQSUtleS1hYmNkZWYxMjM0NTY3ODkw", "k [bedrock-api-key-1]"},
    {"ANTHROPIC=sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345", "ANTHROPIC=[anthropic-key-1]"},
    {"api_key=sk-proj-abcdefghijklmnopqrstuvwxyz", "api_key=[openai-key-1]"},
    {"ghp_abcdefghijklmnopqrstuvwxyz0123456789 x", "[github-token-1] x"},
    {"tok github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "tok [github-token-1]"},
    {"slack xoxb-1234567890-abcdefghij", "slack [slack-token-1]"},
    {"g AIzaSyA-abcdefghijklmnopqrstuvwxyz0123", "g [google-api-key-1]"},
    {"  -----BEGIN RSA PRIVATE KEY-----\n  MIIEow\n  -----END RSA PRIVATE KEY-----\nnext",
     "  [private-key-1]\nnext"},
    {"url https://bob:hunter2@db.internal/x", "url https://bob:[password-1]@db.internal/x"},
    {"password=hunter2 next", "password=[password-1] next"},
    {"{\"password\": \"hunter 2\"}", "{\"password\": \"[password-1]\"}"},
    {"client_secret=abc123", "client_secret=[secret-1]"},
    {"x_api_key: abc123", "x_api_key: [api-key-1]"},
    {"refresh_token=abc123", "refresh_token=[token-1]"},
    {"mail bob.smith+ops@example.co.uk now", "mail [email-1] now"},
    {"or write to oncall@example.com.", "or write to [email-1]."},
    /* brackets that only look like a placeholder hide nothing */
    {"[req-42: key AKIAIOSFODNN7EXAMPLE] An error", "[req-42: key [aws-key-id-1]] An error"},
    {"headers={Authorization=[Basic ZGVwbG95OnMzY3IzdHBhc3M=]}",
     "headers={Authorization=[authorization-1]]}"},
    {"authorization: basic b3BzOmNTZWNyZXQ=", "authorization: [authorization-1]"},
    {"Authorization: AWS AKIAIOSFODNN7EXAMPLE:H8WAoPa8abc= next", "Authorization: [authorization-1] next"},
    {"{\"log\":\"GET / HTTP/1.1\\r\\nAuthorization: Basic c3ZjOnB3\\r\\nHost: x\"}",
     "{\"log\":\"GET / HTTP/1.1\\r\\nAuthorization: [authorization-1]\\r\\nHost: x\"}"},
    {"authorization=AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/x, SignedHeaders=host, "
     "Signature=abcd code=ThrottlingException status=429",
     "authorization=[authorization-1] code=ThrottlingException status=429"},
    {"password=Xk9#mQ2v;J3Su&3M0y9O! next", "password=[password-1] next"},
    {"url?password=abc&user=bob", "url?password=[password-1]&user=bob"},
    {"token=abc123|ThrottlingException", "token=[token-1]|ThrottlingException"},
    {"MYSQL_PWD=hunter2", "MYSQL_PWD=[password-1]"},
    /* a key name right after a token taken out is read as after its placeholder */
    {"ghp_abcdefghijklmnopqrstuvwxyz0123456789_secret=abc123", "[github-token-1]_secret=[secret-1]"},
    {"Cookie: session=abc123def; theme=dark", "Cookie: [token-1]"},
    {"x-AKIAIOSFODNN7EXAMPLE-token=abc123", "x-[aws-key-id-1]-token=[token-1]"},
    {"k glpat-abcdefghijklmnopqrstu", "k [api-key-1]"},
    {"{\"prompt\":\"C:\\\\reports\\\\\"},\"error\":\"x\"}",
     "{\"prompt\":\"[prompt-1: 13 chars, sha256 ########]\"},\"error\":\"x\"}"},
    {"call (212) 867-5309 now", "call [phone-1] now"},
    {"next=https%3A%2F%2Fb%2Fk%3FX-Amz-Signature%3Dabcdef0123456789abcdef0123456789 x",
     "next=https%3A%2F%2Fb%2Fk%3FX-Amz-Signature%3D[aws-signature-1] x"},
    {"{\"texts\": [\"first doc\", \"second doc\"], \"input_type\": \"search_document\"}",
     "{\"texts\": [prompt-1: 27 chars, sha256 ########], \"input_type\": \"search_document\"}"},
    {"{\"role\": \"USER\", \"message\": \"what is due\"}",
     "{\"role\": \"USER\", \"message\": \"[prompt-1: 11 chars, sha256 ########]\"}"},
    {"owner jos\xc3\xa9.garc\xc3\xad" "a@example.com", "owner [email-1]"},
    {"SECRET_KEY_BASE=5695e47199c2c704b6b5", "SECRET_KEY_BASE=[secret-1]"},
    {"host ec2-54-80-194-17.compute-1.amazonaws.com", "host [ip-1].compute-1.amazonaws.com"},
    {"call +1 415-555-0134 now", "call [phone-1] now"},
    {"tel (11) 91234-5678.", "tel [phone-1]."},
    {"or 415.555.0134", "or [phone-1]"},
    {"host 10.12.4.77:443", "host [ip-1]:443"},
    {"ip-10-0-3-17.ec2.internal", "[ip-1].ec2.internal"},
    {"v6 2001:db8::8a2e:370:7334 x", "v6 [ip-1] x"},
    {"{\"messages\": [{\"role\": \"user\", \"content\": \"hi ]\"}], \"max_tokens\": 512}",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"[prompt-1: 4 chars, sha256 ########]\"}], "
     "\"max_tokens\": 512}"},
    {"{\"content\": [{\"type\": \"text\", \"text\": \"Hello\"}]}",
     "{\"content\": [{\"type\": \"text\", \"text\": \"[prompt-1: 5 chars, sha256 ########]\"}]}"},
    {"api_key=abc123: An error occurred", "api_key=[api-key-1]: An error occurred"},
    {"notify ?to=ops.lead%40example.org&x", "notify ?to=[email-1]&x"},
    {"\"https:\\/\\/deploy:pw1@git.example.com\\/x\"", "\"https:\\/\\/deploy:[password-1]@git.example.com\\/x\""},
    {"k=ABSKQmVkcm9ja0FQSUtleS1hYmNk\\\\/ZWYxMjM0NTY3ODkw end", "k=[bedrock-api-key-1] end"},
    {"'prompt': 'Tell me', 'x': 1", "'prompt': '[prompt-1: 7 chars, sha256 ########]', 'x': 1"},
    {"\\\"inputText\\\": \\\"a \\\\\\\"b\\\\\\\" c\\\", \\\"maxTokenCount\\\": 9",
     "\\\"inputText\\\": \\\"[prompt-1: 13 chars, sha256 ########]\\\", \\\"maxTokenCount\\\": 9"},
};

/* Looks close but is no secret: must come out as it went in. */
static const char *const S_keep[] = {
    "The request signature we calculated does not match the signature you provided.",
    "model us.anthropic.claude-sonnet-4-5-20250929-v1:0 at 2026-01-12T09:00:00Z",
    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 ok",
    "RequestID: 5d1e8a43-2b0f-4c51-9a7e-0f3b2c9d8e11",
    "user@localhost is not an address with a domain",
    "at 12:34:56.789 on 2026-11-30, 1,234,567 tokens; 4 000 000 a day",
    "endpoint http://127.0.0.1:8443/ and 0.0.0.0",
    "\"max_tokens\": 4096, \"input_tokens\": 10, \"next_token\": null",
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">",
    "Content: plain words [email-3] and [prompt-2: 5 chars, sha256 0011aabb] stay",
    "version 1.2.3 and arn:aws:iam::123456789012:role/x",
    "at 10:00:00.123 +0000 UTC m=+12.345678901, retry in +0.123456789 s",
    "ids 100-200-3000 and 400 000 2000, logo@2x.png",
    "{\"system\":\"bedrock-gateway\",\"content\":\"application/json\",\"generation\":\"gen-2\"}",
    "{\"text\":\"ThrottlingException: Too many requests, please wait\"}",
    "{\"level\":\"error\",\"message\":\"model call failed for investigation 4100\"}",
    "\"clientRequestToken\":\"5d1e8a43-2b0f-4c51-9a7e-0f3b2c9d8e11\"",
};

/* The prompt's hash is keyed per map: compare everything else. */
static void S_mask_hash(char *s)
{
    for (char *p = strstr(s, "sha256 "); p; p = strstr(p, "sha256 "))
        for (p += 7; *p && *p != ']'; p++)
            *p = '#';
}

static void S_cases_each(void)
{
    qc_redact_counts c;
    for (size_t i = 0; i < sizeof S_cases / sizeof *S_cases; i++) {
        qc_redactor *r = qc_redactor_new();
        char *got = S_red(r, S_cases[i].in, &c);
        /* Redacted text read again is left as it is. */
        char *again = S_red(r, got, &c);
        CHECK_STR(again, got);
        free(again);
        S_mask_hash(got);
        CHECK_STR(got, S_cases[i].out);
        free(got);
        qc_redactor_free(r);
    }
    qc_redactor *r = qc_redactor_new();
    for (size_t i = 0; i < sizeof S_keep / sizeof *S_keep; i++) {
        char *got = S_red(r, S_keep[i], &c);
        CHECK_STR(got, S_keep[i]);
        free(got);
    }
    qc_redactor_free(r);
}

/* One value, one placeholder, in every call of a run; counts per kind. */
static void S_consistent(void)
{
    qc_redactor *r = qc_redactor_new();
    qc_redact_counts c;
    char *a = S_red(r, "a@example.com b@example.com a@example.com", &c);
    CHECK_STR(a, "[email-1] [email-2] [email-1]");
    CHECK(c.n[QC_SK_EMAIL] == 3);
    char *b = S_red(r, "again b@example.com", &c);
    CHECK_STR(b, "again [email-2]");
    qc_redact_counts v;
    qc_redactor_values(r, &v);
    CHECK(v.n[QC_SK_EMAIL] == 2);
    free(a);
    free(b);
    qc_redactor_free(r);
}

static void S_words(void)
{
    qc_redactor *r = qc_redactor_new();
    qc_err err;
    qc_err_clear(&err);
    CHECK(qc_redactor_add_word(r, "ProjectFalcon", &err) == 0);
    CHECK(qc_redactor_add_pattern(r, "cust-[0-9]{4}", &err) == 0);
    CHECK(qc_redactor_add_word(r, "ab", &err) < 0);
    qc_err_clear(&err);
    CHECK(qc_redactor_add_pattern(r, "([a-z", &err) < 0);
    CHECK(strstr(err.msg, "([a-z") != NULL);
    qc_redact_counts c;
    char *got = S_red(r, "projectfalcon for cust-1234 and cust-99", &c);
    CHECK_STR(got, "[word-1] for [word-2] and cust-99");
    free(got);
    qc_redactor_free(r);
}

/* Saved and loaded again, the map gives the same placeholders and goes on
 * numbering after them; its file is 0600 and keeps no credential. */
static void S_map(void)
{
    char path[] = "/tmp/qc-redmap-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    unlink(path);
    qc_err err;
    qc_err_clear(&err);
    qc_redactor *r = qc_redactor_new();
    qc_redact_counts c;
    char *a = S_red(r, "x@example.com AKIAIOSFODNN7EXAMPLE", &c);
    CHECK_STR(a, "[email-1] [aws-key-id-1]");
    CHECK(qc_redactor_save_map(r, path, &err) == 0);
    qc_redactor_free(r);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    FILE *f = fopen(path, "r");
    char text[4096] = {0};
    if (f) {
        CHECK(fread(text, 1, sizeof text - 1, f) > 0);
        fclose(f);
    }
    CHECK(strstr(text, "AKIAIOSFODNN7EXAMPLE") == NULL);
    CHECK(strstr(text, "x@example.com") != NULL); /* personal data: readable back */
    r = qc_redactor_new();
    CHECK(qc_redactor_load_map(r, path, &err) == 0);
    char *b = S_red(r, "y@example.com AKIAIOSFODNN7EXAMPLE x@example.com", &c);
    CHECK_STR(b, "[email-2] [aws-key-id-1] [email-1]");
    qc_redactor_free(r);
    unlink(path);
    free(a);
    free(b);
}

/* The gate's extra check: random tokens, but not the ids that are random
 * by design. */
static void S_entropy(void)
{
    static const char *const yes[] = {"k Xq7Lm2Pz9Rt4Vb8Nc1Wd6Hs3Jf5Gk0Ya2Qe", "\"x\": \"8fJ2kLq9ZrT4mN7pW1sB6vC3xD0yH5gE\""};
    static const char *const no[] = {"id toolu_bdrk_01AbCdEfGhIjKlMnOpQrStUvWx",
                                     "\"extendedRequestId\": \"Xq7Lm2Pz9Rt4Vb8Nc1Wd6Hs3Jf5Gk0Ya\"",
                                     "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                     "inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1"};
    qc_span sp;
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        CHECK(qc_detect_entropy(yes[i], strlen(yes[i]), 0, &sp) == 1);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        CHECK(qc_detect_entropy(no[i], strlen(no[i]), 0, &sp) == 0);
}

void test_redact(void)
{
    S_entropy();
    S_cases_each();
    S_consistent();
    S_words();
    S_map();
}
