/* main.c - the quotacase command: a table of subcommands and shared helpers. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli/cli.h"
#include "common/qtime.h"
#include "common/tzone.h"

static const qc_cli_cmd S_cmds[] = {
    {"whoami", qc_cmd_whoami, "which AWS account and identity the credentials are"},
    {"iam-policy", qc_cmd_iam_policy, "the least-privilege IAM policy for what quotacase calls"},
    {"doctor", qc_cmd_doctor, "what stands between these credentials and a collection"},
    {"init", qc_cmd_init, "write an example case file to edit"},
    {"collect", qc_cmd_collect, "gather throttling evidence into an evidence directory"},
    {"render", qc_cmd_render, "evidence directory + case file into the support case"},
    {"template", qc_cmd_template, "render any template with any JSON (for custom templates)"},
    {"bundle", qc_cmd_bundle, "pack an evidence directory into a reproducible tar.gz"},
    {"verify", qc_cmd_verify, "check an evidence directory or bundle against its manifest"},
    {"submit", qc_cmd_submit, "file the increase and put the evidence on its case"},
    {"status", qc_cmd_status, "where the request and its case stand (exit code by outcome)"},
    {"follow-up", qc_cmd_follow_up, "add newer evidence to the open case"},
    {"demo", qc_cmd_demo, "the whole pipeline on the shipped example (examples/)"},
    {"debug", qc_cmd_debug, "look inside: debug scan (logs), import (exports), sign (requests)"},
};

const qc_cli_cmd *qc_cli_commands(size_t *n)
{
    *n = sizeof S_cmds / sizeof *S_cmds;
    return S_cmds;
}

int qc_cli_fail(const qc_err *err)
{
    qc_cli_say(NULL, stderr, "quotacase: error: %s\n", err->msg[0] ? err->msg : "failed");
    switch (err->code) {
    case QC_EUSAGE: return QC_EXIT_USAGE;
    case QC_EINPUT: return QC_EXIT_INPUT;
    case QC_EIO: return QC_EXIT_IO;
    case QC_EEXIST: return QC_EXIT_EXISTS;
    case QC_EVERIFY: return QC_EXIT_VERIFY;
    case QC_EPARTIAL: return QC_EXIT_PARTIAL;
    case QC_EAWS: return QC_EXIT_AWS;
    case QC_ECHECK: return QC_EXIT_CHECKLIST;
    case QC_ELEAK: return QC_EXIT_LEAK;
    default: return QC_EXIT_FAIL;
    }
}

/* Global state beside the options: the signal that asked the command to
 * stop, set by the handler and read by every thread of the run. */
static qc_stop_flag S_stop;

static void S_on_stop(int sig)
{
    S_stop = sig;
}

qc_stop_flag *qc_cli_stop_flag(void)
{
    return &S_stop;
}

int qc_cli_stopped(void)
{
    return S_stop;
}

void qc_cli_on_stop(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int qc_cli_now(const char *opt, int64_t *ms, qc_err *err)
{
    if (opt) {
        if (qc_time_parse_arg(opt, ms) < 0)
            return qc_err_set(err, QC_EUSAGE, "--now: '%s' is not a time (use 2026-01-31T12:00:00Z)",
                              opt);
        return 0;
    }
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (*end || v < 0)
            return qc_err_set(err, QC_EUSAGE, "SOURCE_DATE_EPOCH: '%s' is not epoch seconds", sde);
        *ms = v * 1000;
        return 0;
    }
    *ms = (int64_t)time(NULL) * 1000;
    return 0;
}

int qc_cli_log_zone(const qc_opts *o, const char *cmd, qc_tz **zone, qc_err *err)
{
    const char *spec = qc_opts_get(o, "--log-timezone");
    *zone = NULL;
    if (!spec)
        return 0;
    if (!(*zone = qc_tz_load(spec, getenv("TZDIR"), err))) {
        qc_err_prefix(err, "%s%s--log-timezone", cmd ? cmd : "", cmd ? ": " : "");
        return -1;
    }
    return 0;
}

/* --days, --start and --end: the N days up to now, from a start to now, or
 * from a start to an end (exclusive). */
int qc_cli_window(const qc_opts *o, const char *cmd, int64_t now, int64_t *start_ms,
                  int64_t *end_ms, const char **origin, qc_err *err)
{
    const char *days = qc_opts_get(o, "--days"), *start = qc_opts_get(o, "--start"),
               *end = qc_opts_get(o, "--end");
    *start_ms = *end_ms = QC_TIME_NONE;
    *origin = NULL;
    if (days && (start || end))
        return qc_err_set(err, QC_EUSAGE, "%s: --days and --start/--end exclude each other", cmd);
    if (days) {
        char *e;
        long n = strtol(days, &e, 10);
        if (*e || n < 1 || n > 455)
            return qc_err_set(err, QC_EUSAGE, "%s: --days: '%s' is not 1 to 455", cmd, days);
        *end_ms = now;
        *start_ms = now - (int64_t)n * 86400000;
        *origin = "--days";
        return 0;
    }
    if (end && !start)
        return qc_err_set(err, QC_EUSAGE, "%s: --end needs --start (or give --days N, or "
                              "--start alone for a window up to now)", cmd);
    if (!start)
        return 0;
    if (qc_time_parse_arg(start, start_ms) < 0)
        return qc_err_set(err, QC_EUSAGE, "%s: --start: '%s' is not a time", cmd, start);
    if (!end) {
        /* Up to the run's clock, so --now and SOURCE_DATE_EPOCH make it reproducible. */
        char t[QC_TIME_STR_MAX];
        qc_time_format(now, t);
        if (*start_ms >= now)
            return qc_err_set(err, QC_EUSAGE, "%s: --start: '%s' is not before now (%s); "
                              "give --end too for a window that ends later", cmd, start, t);
        *end_ms = now;
        *origin = "--start";
        return 0;
    }
    if (qc_time_parse_arg(end, end_ms) < 0)
        return qc_err_set(err, QC_EUSAGE, "%s: --end: '%s' is not a time", cmd, end);
    if (*end_ms <= *start_ms)
        return qc_err_set(err, QC_EUSAGE, "%s: --end must be after --start", cmd);
    *origin = "--start/--end";
    return 0;
}


int qc_cli_start(qc_opts *o, const qc_cmddef *cmd, int argc, char **argv, int *code)
{
    qc_err err;
    qc_err_clear(&err);
    if (qc_opts_parse(o, cmd, argc - 2, argv + 2, &err) < 0) {
        qc_opts_free(o);
        *code = qc_cli_fail(&err);
        return 0;
    }
    if (o->help) {
        qc_opts_help(stdout, cmd);
        qc_opts_free(o);
        *code = QC_EXIT_OK;
        return 0;
    }
    return 1;
}

static void S_usage(FILE *f)
{
    fprintf(f, "usage: quotacase COMMAND [options]\n\n"
               "Builds the evidence for an AWS quota increase from Bedrock throttling.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof S_cmds / sizeof *S_cmds; i++)
        fprintf(f, "  %-10s %s\n", S_cmds[i].name, S_cmds[i].summary);
    fprintf(f, "\n'quotacase COMMAND --help' shows a command's options.\n");
}

int main(int argc, char **argv)
{
    /* Credentials live in this process's memory: never in a core file. */
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    if (argc < 2) {
        S_usage(stderr);
        return QC_EXIT_USAGE;
    }
    const char *c = argv[1];
    if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
        S_usage(stdout);
        return QC_EXIT_OK;
    }
    if (!strcmp(c, "--version") || !strcmp(c, "version")) {
        printf("quotacase %s\n", QC_VERSION);
        return QC_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof S_cmds / sizeof *S_cmds; i++)
        if (!strcmp(c, S_cmds[i].name))
            return S_cmds[i].run(argc, argv);
    fprintf(stderr, "quotacase: error: unknown command '%s' (see quotacase --help)\n", c);
    return QC_EXIT_USAGE;
}
