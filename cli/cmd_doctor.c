/* cmd_doctor.c - `quotacase doctor`: the checks of doctor.h, one line
 * each, and an exit code that says whether a collection would work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/doctor.h"
#include "collector/aws/client.h"
#include "common/qtime.h"

static const qc_optdef S_opts[] = {
    {"--model", "ID", 1,
     "model or inference-profile id to look for data (default: every one listed)"},
    {"--log-group", "NAME", 1, "CloudWatch Logs group collect would search"},
    {"--days", "N", 0, "window: the N days up to now (default 7)"},
    {"--start", "TIME", 0, "window start (ISO 8601); without --end, up to now"},
    {"--end", "TIME", 0, "window end, exclusive (with --start)"},
    {"--period", "SECONDS", 0, "metric period collect would ask for (default 60)"},
    {"--submit", NULL, 0, "also what submit, status and follow-up need"},
    {"--now", "TIME", 0, "the window's end (default SOURCE_DATE_EPOCH, else now)"},
    {"--profile", "NAME", 0, "AWS profile from the shared config and credentials files"},
    {"--region", "REGION", 0, "AWS region"},
    QC_CLI_AWS_CALL_OPTS,
    {"--assume-role", "ARN", 0, "this role, assumed with the credentials found"},
};

const qc_cmddef qc_cmd_doctor_def = {
    "doctor", "quotacase doctor [options]",
    "Checks what a collection needs, one line each: the credentials and where\n"
    "they came from, the identity, the region, the clock against AWS's, each\n"
    "permission collect needs (tried with a call that changes nothing), and\n"
    "whether CloudWatch has AWS/Bedrock data for the models in the window and at\n"
    "which period. Each problem says what to fix. Exits 8 when something would\n"
    "stop a collection (with --submit, a submission), else 0.",
    S_opts, sizeof S_opts / sizeof *S_opts, 0};

static void S_print(void *ud, const qc_doc_line *l)
{
    static const char *const tag[] = {"ok", "note", "warn", "FAIL"};
    size_t *counts = ud;
    counts[l->level]++;
    qc_cli_say(NULL, stdout, "%-4s  %-40s %s%s%s%s\n", tag[l->level], l->check, l->detail,
               !l->fix ? "" : l->level == QC_DOC_NOTE ? " (" : " (fix: ", l->fix ? l->fix : "",
               l->fix ? ")" : "");
    fflush(stdout);
}

/* Where the client took the region from, in its order (client.h). */
static const char *S_region_origin(const qc_opts *o)
{
    if (qc_opts_get(o, "--region"))
        return "--region";
    if (getenv("AWS_REGION") && *getenv("AWS_REGION"))
        return "AWS_REGION";
    if (getenv("AWS_DEFAULT_REGION") && *getenv("AWS_DEFAULT_REGION"))
        return "AWS_DEFAULT_REGION";
    return NULL;
}

/* The window collect would use: its options, else the last 7 days. */
static int S_window(const qc_opts *o, qc_doc_opts *d, qc_err *err)
{
    const char *origin;
    if (qc_cli_now(qc_opts_get(o, "--now"), &d->now_ms, err) < 0 ||
        qc_cli_window(o, "doctor", d->now_ms, &d->start_ms, &d->end_ms, &origin, err) < 0)
        return -1;
    if (!origin) {
        d->end_ms = d->now_ms;
        d->start_ms = d->now_ms - 7 * 86400000LL;
    }
    long period = 60;
    const char *v = qc_opts_get(o, "--period");
    char *e;
    if (v && ((period = strtol(v, &e, 10)) < 60 || period % 60 || *e))
        return qc_err_set(err, QC_EUSAGE,
                          "doctor: --period: '%s' is not a multiple of 60 seconds", v);
    d->period_s = (int)period;
    return 0;
}

int qc_cmd_doctor(int argc, char **argv)
{
    qc_opts o;
    int code;
    if (!qc_cli_start(&o, &qc_cmd_doctor_def, argc, argv, &code))
        return code;
    qc_err err;
    qc_err_clear(&err);
    qc_aws_opts ao = {0};
    qc_aws *aws = NULL;
    size_t counts[4] = {0};
    qc_doc_opts d = {0};
    d.nmodels = qc_opts_all(&o, "--model", &d.models);
    d.nlog_groups = qc_opts_all(&o, "--log-group", &d.log_groups);
    d.submit = qc_opts_flag(&o, "--submit");
    d.region_origin = S_region_origin(&o);
    d.emit = S_print;
    d.ud = counts;
    int ok = S_window(&o, &d, &err) == 0 && qc_cli_aws_opts(&o, &ao, &err) == 0 &&
             (aws = qc_aws_new(&ao, &err)) != NULL;
    if (ok && ao.role_arn) {
        /* The credentials the role is assumed with, checked on their own. */
        qc_aws_opts bo = ao;
        bo.role_arn = NULL;
        ok = (d.base = qc_aws_new(&bo, &err)) != NULL;
    }
    if (!ok) {
        code = qc_cli_fail(&err);
    } else {
        size_t fails = qc_doctor_run(aws, &d);
        qc_cli_say(NULL, stdout, "doctor: %zu ok, %zu warning%s, %zu blocking%s\n", counts[0],
                   counts[2], counts[2] == 1 ? "" : "s", fails,
                   fails ? ": fix them before collecting" : "");
        code = fails ? QC_EXIT_AWS : QC_EXIT_OK;
    }
    qc_aws_free(aws);
    qc_aws_free(d.base);
    qc_opts_free(&o);
    return code;
}
