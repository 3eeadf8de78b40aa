/* cmd_iam.c - `quotacase iam-policy`: the least-privilege IAM policy for
 * the calls quotacase makes.  The lists are the calls of collector/live.c
 * (collect) and submit/ (submit, status, follow-up); the live and submit
 * tests check that every call the local endpoint serves is in them.  STS
 * GetCallerIdentity needs no permission. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "common/buf.h"
#include "common/json.h"

static const char *const S_collect[] = {
    "cloudwatch:GetMetricData",
    "cloudwatch:ListMetrics",
    "servicequotas:ListServiceQuotas",
    "servicequotas:ListAWSDefaultServiceQuotas",
    "servicequotas:ListRequestedServiceQuotaChangeHistory",
    NULL,
};

static const char *const S_submit[] = {
    "servicequotas:GetServiceQuota",
    "servicequotas:GetAWSDefaultServiceQuota",
    "servicequotas:ListRequestedServiceQuotaChangeHistoryByQuota",
    "servicequotas:RequestServiceQuotaIncrease",
    "servicequotas:GetRequestedServiceQuotaChange",
    "support:DescribeServices",
    "support:DescribeSeverityLevels",
    "support:DescribeCases",
    "support:DescribeCommunications",
    "support:AddAttachmentsToSet",
    "support:AddCommunicationToCase",
    "support:CreateCase",
    NULL,
};

static const qc_optdef S_opts[] = {
    {"--submit", NULL, 0, "also what submit, status and follow-up call"},
    {"--log-group", "NAME", 1, "scope logs:FilterLogEvents to these log groups (default: all)"},
};

const qc_cmddef qc_cmd_iam_def = {
    "iam-policy", "quotacase iam-policy [options]",
    "Prints the least-privilege IAM policy (JSON) for the calls collect makes,\n"
    "and with --submit those of submit, status and follow-up, to attach to the\n"
    "role or user that runs quotacase.",
    S_opts, sizeof S_opts / sizeof *S_opts, 0};

static json_t *S_statement(const char *sid, const char *const *actions, json_t *resource)
{
    json_t *a = json_array();
    for (size_t i = 0; actions[i]; i++)
        json_array_append_new(a, json_string(actions[i]));
    return json_pack("{s:s, s:s, s:o, s:o}", "Sid", sid, "Effect", "Allow", "Action", a,
                     "Resource", resource);
}

int qc_cmd_iam_policy(int argc, char **argv)
{
    qc_opts o;
    int code;
    if (!qc_cli_start(&o, &qc_cmd_iam_def, argc, argv, &code))
        return code;
    json_t *st = json_array();
    json_array_append_new(st, S_statement("QuotacaseCollect", S_collect, json_string("*")));
    /* Log groups by name: the ARN's region and account are left open, a
     * collection names its log group, not where it lives. */
    const char *const *groups;
    size_t ng = qc_opts_all(&o, "--log-group", &groups);
    json_t *res = ng ? json_array() : json_string("*");
    for (size_t i = 0; i < ng; i++) {
        qc_buf b;
        qc_buf_init(&b, 0);
        qc_buf_printf(&b, "arn:aws:logs:*:*:log-group:%s:*", groups[i]);
        json_array_append_new(res, json_string(b.ptr));
        qc_buf_free(&b);
    }
    static const char *const logs[] = {"logs:FilterLogEvents", NULL};
    json_array_append_new(st, S_statement("QuotacaseLogs", logs, res));
    if (qc_opts_flag(&o, "--submit"))
        json_array_append_new(st, S_statement("QuotacaseSubmit", S_submit, json_string("*")));
    json_t *doc = json_pack("{s:s, s:o}", "Version", "2012-10-17", "Statement", st);
    qc_buf out;
    qc_buf_init(&out, 0);
    qc_json_dump(doc, &out);
    fwrite(out.ptr, 1, out.len, stdout);
    qc_buf_free(&out);
    json_decref(doc);
    qc_opts_free(&o);
    return QC_EXIT_OK;
}
