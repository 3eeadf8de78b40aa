/* cmd_whoami.c - `quotacase whoami`: who the credentials are (STS
 * GetCallerIdentity), in which region, and where they came from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "collector/aws/client.h"
#include "collector/aws/sts.h"

static const qc_optdef S_opts[] = {
    {"--profile", "NAME", 0, "profile from the shared config and credentials files"},
    {"--region", "REGION", 0, "AWS region"},
    QC_CLI_AWS_CALL_OPTS,
    {"--assume-role", "ARN", 0, "this role, assumed with the credentials found"},
};

const qc_cmddef qc_cmd_whoami_def = {
    "whoami", "quotacase whoami [options]",
    "Prints the account, ARN and region the AWS credentials resolve to, and where\n"
    "the credentials came from. The first thing to run.",
    S_opts, sizeof S_opts / sizeof *S_opts, 0};

int qc_cli_aws_opts(const qc_opts *o, qc_aws_opts *out, qc_err *err)
{
    out->profile = qc_opts_get(o, "--profile");
    out->region = qc_opts_get(o, "--region");
    out->endpoint_url = qc_opts_get(o, "--endpoint-url");
    out->verbose = qc_opts_flag(o, "--verbose");
    out->mfa_code = qc_opts_get(o, "--mfa-code");
    out->role_arn = qc_opts_get(o, "--assume-role");
    static const char *const t[] = {"--cli-connect-timeout", "--cli-read-timeout"};
    for (int i = 0; i < 2; i++) {
        const char *v = qc_opts_get(o, t[i]);
        if (!v)
            continue;
        char *e;
        double d = strtod(v, &e);
        if (*e || d <= 0 || d > 3600)
            return qc_err_set(err, QC_EUSAGE, "%s: '%s' is not a number of seconds", t[i], v);
        if (i == 0)
            out->connect_timeout_s = d;
        else
            out->read_timeout_s = d;
    }
    return 0;
}

int qc_cmd_whoami(int argc, char **argv)
{
    qc_opts o;
    int code;
    if (!qc_cli_start(&o, &qc_cmd_whoami_def, argc, argv, &code))
        return code;
    qc_err err;
    qc_err_clear(&err);
    qc_aws_opts ao = {0};
    qc_aws *aws = NULL;
    const qc_creds *c;
    qc_sts_identity id;
    if (qc_cli_aws_opts(&o, &ao, &err) == 0 && (aws = qc_aws_new(&ao, &err)) &&
        (c = qc_aws_credentials(aws, &err)) && qc_sts_get_caller_identity(aws, c, &id, &err) == 0) {
        printf("account   %s\narn       %s\nuser_id   %s\nregion    %s\nprofile   %s\n"
               "source    %s%s%s%s\n",
               id.account, id.arn, id.user_id, qc_aws_region(aws) ? qc_aws_region(aws) : "(none)",
               /* Environment keys come from no profile: do not name one. */
               strcmp(c->source, "environment") ? qc_aws_profile_name(aws)
                                                : "(none: environment keys)",
               c->source, c->detail ? " (" : "",
               c->detail ? c->detail : "", c->detail ? ")" : "");
    }
    code = err.code ? qc_cli_fail(&err) : QC_EXIT_OK;
    qc_aws_free(aws);
    qc_opts_free(&o);
    return code;
}
