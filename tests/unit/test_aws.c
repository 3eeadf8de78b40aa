/* test_aws.c - pieces of the AWS client that need no server: error parsing
 * in every protocol's form, the shared-file parser, command splitting, and
 * the SigV4 canonical URI and query on their edge cases. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "collector/aws/client.h"
#include "collector/aws/config.h"
#include "collector/aws/credentials.h"
#include "collector/aws/sigv4.h"

void test_aws(void);

static void S_err(const char *body, const char *hname, const char *hvalue, qc_aws_error *e)
{
    qc_http_resp r;
    qc_http_resp_init(&r);
    r.status = 400;
    qc_buf_adds(&r.body, body);
    if (hname) {
        r.headers = calloc(1, sizeof *r.headers);
        r.headers[0].name = strdup(hname);
        r.headers[0].value = strdup(hvalue);
        r.nheaders = r.cap = 1;
    }
    qc_aws_parse_error(&r, e);
    qc_http_resp_free(&r);
}

static void S_parse_errors(void)
{
    qc_aws_error e;
    S_err("{\"__type\": \"com.amazonaws.monitoring#InvalidNextToken\", \"message\": \"bad\"}", NULL,
          NULL, &e);
    CHECK_STR(e.code, "InvalidNextToken");
    CHECK_STR(e.message, "bad");
    S_err("{\"__type\": \"ThrottlingException:http://internal.amazon.com/coral/\", \"Message\": \"Rate exceeded\"}",
          "x-amzn-RequestId", "abc-123", &e);
    CHECK_STR(e.code, "ThrottlingException");
    CHECK_STR(e.message, "Rate exceeded");
    CHECK_STR(e.request_id, "abc-123");
    S_err("{\"__type\": \"ns#InternalFailure\", \"message\": \"x\"}", "x-amzn-query-error",
          "Throttling;Sender", &e);
    CHECK_STR(e.code, "Throttling");
    S_err("<ErrorResponse><Error><Code>AccessDenied</Code><Message>no &amp; no</Message></Error>"
          "<RequestId>r-1</RequestId></ErrorResponse>", NULL, NULL, &e);
    CHECK_STR(e.code, "AccessDenied");
    CHECK_STR(e.request_id, "r-1");
    S_err("Bad Gateway", NULL, NULL, &e);
    CHECK_STR(e.code, "HTTP400");
    CHECK_STR(e.message, "Bad Gateway");
}

static void S_ini(void)
{
    qc_err err;
    qc_err_clear(&err);
    const char *t = "# comment\n[default]\nregion = us-east-1\nS3 =\n  Max_Attempts = 3\n"
                    "; another\n[profile dev]\nrole_arn: arn:aws:iam::1:role/x\nempty =\n";
    qc_ini *ini = qc_ini_parse("cfg", t, strlen(t), &err);
    CHECK(ini != NULL);
    CHECK_STR(qc_ini_get(ini, "default", "region"), "us-east-1");
    CHECK_STR(qc_ini_get(ini, "default", "s3.max_attempts"), "3");
    CHECK_STR(qc_ini_get(ini, "profile dev", "role_arn"), "arn:aws:iam::1:role/x");
    CHECK_STR(qc_ini_get(ini, "profile dev", "empty"), "");
    CHECK(qc_ini_get(ini, "dev", "role_arn") == NULL);
    qc_ini_free(ini);
    static const char *const bad[][2] = {
        {"region = x\n", "cfg:1: a key outside any [section]"},
        {"[a]\nk = 1\nk = 2\n", "cfg:3: key \"k\" appears twice in [a]"},
        {"[a\n", "cfg:1: section header without ']'"},
        {"[a]\njust words\n", "cfg:2: expected \"key = value\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        qc_err_clear(&err);
        CHECK(qc_ini_parse("cfg", bad[i][0], strlen(bad[i][0]), &err) == NULL);
        CHECK_STR(err.msg, bad[i][1]);
    }
}

static void S_split(void)
{
    char **a = qc_creds_split_command("/bin/tool --a 'b c' \"d \\\"e\\\"\" f\\ g");
    CHECK(a && a[0] && a[1] && a[2] && a[3] && a[4] && !a[5]);
    if (a && a[4]) {
        CHECK_STR(a[2], "b c");
        CHECK_STR(a[3], "d \"e\"");
        CHECK_STR(a[4], "f g");
    }
    for (size_t i = 0; a && a[i]; i++)
        free(a[i]);
    free(a);
    CHECK(qc_creds_split_command("tool 'unterminated") == NULL);
}

static void S_canonical(void)
{
    static const char *const uri[][2] = {
        {"", "/"}, {"/", "/"}, {"//a//b/", "/a/b/"}, {"/a/./b/../c", "/a/c"},
        {"/../..", "/"}, {"/x%3A0", "/x%253A0"}, {"/a b", "/a%20b"},
    };
    for (size_t i = 0; i < sizeof uri / sizeof *uri; i++) {
        qc_buf b;
        qc_buf_init(&b, 0);
        qc_sigv4_canonical_uri(uri[i][0], &b);
        CHECK_STR(b.ptr, uri[i][1]);
        qc_buf_free(&b);
    }
    static const char *const q[][2] = {
        {"b=2&a=1", "a=1&b=2"}, {"a=2&a=1", "a=1&a=2"}, {"k", "k="}, {"a=%2f", "a=%2F"},
        {"s=a+b", "s=a%2Bb"}, {"x=%zz", "x=%25zz"}, {"&&", ""},
    };
    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        qc_buf b;
        qc_buf_init(&b, 0);
        qc_sigv4_canonical_query(q[i][0], &b);
        CHECK_STR(b.ptr ? b.ptr : "", q[i][1]);
        qc_buf_free(&b);
    }
    char d[17];
    qc_sigv4_amz_date(1440938160000LL, d);
    CHECK_STR(d, "20150830T123600Z");
}

void test_aws(void)
{
    S_parse_errors();
    S_ini();
    S_split();
    S_canonical();
}
