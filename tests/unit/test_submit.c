/* test_submit.c - submit's parts that need no AWS: the attachment limits
 * (checked before any call), the plan's refusals, the status outcomes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "submit/ops.h"
#include "submit/plan.h"
#include "submit/status.h"

void test_submit(void);

static void S_file(const char *path, size_t n)
{
    FILE *f = fopen(path, "wb");
    for (size_t i = 0; f && i < n; i++)
        fputc('a' + (int)(i % 26), f);
    if (f)
        fclose(f);
}

/* At most 3 files a set and 5,000,000 bytes a file: refused here, before
 * a call (the client is NULL: reaching AWS would crash). */
static void S_attach_limits(void)
{
    char dir[] = "/tmp/qc-submit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char big[64], ok[64];
    snprintf(big, sizeof big, "%s/big", dir);
    snprintf(ok, sizeof ok, "%s/ok", dir);
    S_file(big, 5000001);
    S_file(ok, 10);
    qc_ops o;
    qc_ops_init(&o, NULL, "us-east-1");
    qc_err err;
    qc_err_clear(&err);
    char *id = NULL, *exp = NULL;
    const char *four[] = {ok, ok, ok, ok}, *names[] = {"a", "b", "c", "d"};
    CHECK(qc_ops_attach(&o, four, names, 4, &id, &exp, &err) < 0);
    CHECK(strstr(err.msg, "1 to 3 files, not 4") != NULL);
    qc_err_clear(&err);
    const char *one[] = {big};
    CHECK(qc_ops_attach(&o, one, names, 1, &id, &exp, &err) < 0);
    CHECK(strstr(err.msg, "over AWS Support's 5 MB") != NULL);
    CHECK(json_array_size(o.calls) == 0);
    qc_ops_free(&o);
    unlink(big);
    unlink(ok);
    rmdir(dir);
}

static void S_plan_refusals(void)
{
    qc_plan p;
    memset(&p, 0, sizeof p);
    qc_buf_init(&p.body, 0);
    qc_buf_init(&p.open_items, 0);
    qc_buf_adds(&p.body, "text");
    p.body_chars = 4;
    qc_plan_quota q = {0};
    q.code = "L-1";
    q.name = "quota";
    q.has_desired = q.has_in_force = 1;
    q.desired = 50;
    q.in_force = 4;
    p.q = &q;
    p.nq = 1;
    p.nfiles = 3;
    const char *names[] = {"support_case.html", "evidence.xlsx", "ev.tar.gz"};
    for (int i = 0; i < 3; i++) {
        p.files[i].path = (char *)names[i];
        p.files[i].name = (char *)names[i];
        p.files[i].exists = 1;
        p.files[i].bytes = 1000;
    }
    qc_buf out;
    qc_buf_init(&out, 0);
    CHECK(qc_plan_refusals(&p, 0, &out) == 0);
    /* 5,000,000 bytes is within the limit; one more is not. */
    p.files[2].bytes = 5000000;
    CHECK(qc_plan_refusals(&p, 0, &out) == 0);
    p.files[2].bytes = 5000001;
    CHECK(qc_plan_refusals(&p, 0, &out) == 1);
    CHECK(strstr(out.ptr, "ev.tar.gz is 5.0 MB, over AWS Support's 5 MB") != NULL);
    p.files[2].bytes = 1000;
    qc_buf_reset(&out);
    p.body_chars = 8001;
    CHECK(qc_plan_refusals(&p, 0, &out) == 1);
    CHECK(strstr(out.ptr, "8001 characters; AWS Support takes 1 to 8000") != NULL);
    p.body_chars = 8000;
    q.desired = 4;
    qc_buf_reset(&out);
    CHECK(qc_plan_refusals(&p, 0, &out) == 1);
    CHECK(strstr(out.ptr, "the value asked for (4) is not above the value in force (4)") != NULL);
    q.desired = 50;
    q.open_id = "req-1";
    q.open_status = "CASE_OPENED";
    q.open_case = "1788";
    qc_buf_reset(&out);
    CHECK(qc_plan_refusals(&p, 0, &out) == 1);
    CHECK(strstr(out.ptr, "request req-1 is still open (CASE_OPENED, support case 1788)") != NULL);
    q.open_id = NULL;
    qc_buf_adds(&p.open_items, "justification: use case and business impact\n");
    p.nopen = 1;
    qc_buf_reset(&out);
    CHECK(qc_plan_refusals(&p, 0, &out) == 1);
    CHECK(qc_plan_refusals(&p, 1, &out) == 0);
    p.case_account = "111122223333";
    p.account = "123456789012";
    qc_buf_reset(&out);
    CHECK(qc_plan_refusals(&p, 1, &out) == 1);
    CHECK(strstr(out.ptr, "names account 111122223333, the evidence account 123456789012") != NULL);
    qc_buf_free(&out);
    qc_buf_free(&p.body);
    qc_buf_free(&p.open_items);
}

static void S_outcomes(void)
{
    CHECK(qc_status_outcome("PENDING", 1, 4, 50, NULL) == QC_STATUS_OPEN);
    CHECK(qc_status_outcome("CASE_OPENED", 1, 4, 50, "opened") == QC_STATUS_OPEN);
    CHECK(qc_status_outcome("APPROVED", 1, 4, 50, NULL) == QC_STATUS_APPROVED);
    CHECK(qc_status_outcome("DENIED", 1, 4, 50, NULL) == QC_STATUS_DENIED);
    CHECK(qc_status_outcome("NOT_APPROVED", 0, 0, 50, NULL) == QC_STATUS_DENIED);
    CHECK(qc_status_outcome("INVALID_REQUEST", 1, 4, 50, NULL) == QC_STATUS_INVALID);
    /* A closed case: the value in force tells whether the increase came. */
    CHECK(qc_status_outcome("CASE_CLOSED", 1, 4, 50, "resolved") == QC_STATUS_DENIED);
    CHECK(qc_status_outcome("CASE_CLOSED", 1, 50, 50, "resolved") == QC_STATUS_APPROVED);
    /* The Support case route has no request status. */
    CHECK(qc_status_outcome(NULL, 1, 4, 50, "opened") == QC_STATUS_OPEN);
    CHECK(qc_status_outcome(NULL, 1, 4, 50, "resolved") == QC_STATUS_DENIED);
    CHECK(qc_status_outcome(NULL, 1, 60, 50, "resolved") == QC_STATUS_APPROVED);
    CHECK_STR(qc_status_outcome_name(QC_STATUS_DENIED), "denied");
    CHECK_STR(qc_ops_support_region("eu-west-1"), "us-east-1");
    CHECK_STR(qc_ops_support_region("cn-northwest-1"), "cn-north-1");
    CHECK_STR(qc_ops_support_region("us-gov-east-1"), "us-gov-west-1");
    json_t *reqs = json_pack("[{s:s, s:s, s:f}, {s:s, s:s, s:f}, {s:s, s:s, s:f}]", "Id", "a",
                             "Status", "PENDING", "Created", 10.0, "Id", "b", "Status",
                             "CASE_OPENED", "Created", 20.0, "Id", "c", "Status", "DENIED",
                             "Created", 30.0);
    CHECK_STR(json_string_value(json_object_get(qc_ops_newest_open(reqs), "Id")), "b");
    json_decref(reqs);
}

void test_submit(void)
{
    S_attach_limits();
    S_plan_refusals();
    S_outcomes();
}
