/* cmd_collect.c - `quotacase collect`: options into a qc_collect run. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/fleet.h"
#include "collector/aws/client.h"
#include "collector/collect.h"
#include "collector/live.h"
#include "common/alloc.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/qtime.h"
#include "common/tzone.h"

static const qc_optdef S_opts[] = {
    {"--logs", "FILE|DIR", 1, "application log file or directory (plain or gzip)"},
    {"--import", "FILE|DIR", 1, "aws CLI JSON export, or a directory of them (*.json)"},
    {"--model", "ID", 1, "model or inference-profile id to collect metrics for ('all': every one with data)"},
    {"--log-group", "NAME", 1, "CloudWatch Logs group to search for throttling errors"},
    {"--period", "SECONDS", 0, "metric period (default 60; raised where CloudWatch keeps no finer data)"},
    {"--offline", NULL, 0, "no AWS calls: --model only names the default model for logs"},
    {"--plan", NULL, 0, "print the calls and datapoints the run would make, and exit"},
    {"--profile", "NAME", 1, "AWS profile from the shared config and credentials files"},
    {"--assume-role", "ARN", 1, "collect as this role, assumed with the credentials found"},
    QC_CLI_AWS_CALL_OPTS,
    {"--days", "N", 0, "window: the N days up to now"},
    {"--start", "TIME", 0, "window start (ISO 8601, UTC unless a zone is given); without --end, up to now"},
    {"--end", "TIME", 0, "window end, exclusive (with --start)"},
    {"--log-timezone", "TZ", 0, "zone of log stamps without one: UTC, +05:30, Europe/Berlin"},
    {"--case", "FILE", 0, "case file (case_id, region, account_id are read here)"},
    {"--region", "REGION", 1, "AWS region the evidence is about"},
    {"--jobs", "N", 0, "accounts and regions collected at once (default 4)"},
    {"--parallel", "N", 0, "live sources (metrics, quotas, each log group) collected at once (default 4)"},
    {"--out", "DIR", 0, "evidence directory (default evidence/<case-id>)"},
    {"--force", NULL, 0, "replace an existing evidence directory"},
    {"--now", "TIME", 0, "the run's clock (default SOURCE_DATE_EPOCH, else now)"},
    {"--quiet", NULL, 0, "no progress on stderr"},
    QC_CLI_REDACT_OPTS,
};

const qc_cmddef qc_cmd_collect_def = {
    "collect", "quotacase collect [options]",
    "Collects throttling evidence into an evidence directory with a checksummed\n"
    "manifest: application logs and aws CLI exports offline; with --model, the\n"
    "AWS/Bedrock metrics from CloudWatch and the Bedrock quotas from Service Quotas;\n"
    "with --log-group, throttling errors from CloudWatch Logs. Prints the directory.\n"
    "Everything written or printed is redacted first: credentials, keys and tokens,\n"
    "e-mail addresses, phone numbers, IP addresses and prompts become placeholders\n"
    "such as [email-1], the same in every file; the map of placeholders is kept\n"
    "beside the evidence directory (mode 0600, never bundled).",
    S_opts, sizeof S_opts / sizeof *S_opts, 0};

typedef struct progress_ctx {
    int tty;
    qc_redactor *red;
} progress_ctx;

/* On a terminal one line is rewritten in place; otherwise plain lines. */
static void S_progress(void *ud, const char *line)
{
    progress_ctx *p = ud;
    if (p->tty)
        qc_cli_say(p->red, stderr, "\r\033[Kquotacase: %s", line);
    else
        qc_cli_say(p->red, stderr, "quotacase: %s\n", line);
}

typedef struct case_info {
    json_t *doc;
    const char *case_id, *region, *account;
} case_info;

static int S_read_case(const char *path, case_info *ci, qc_err *err)
{
    memset(ci, 0, sizeof *ci);
    if (!path)
        return 0;
    ci->doc = qc_json_load_file(path, err);
    if (!ci->doc)
        return -1;
    if (!json_is_object(ci->doc))
        return qc_err_set(err, QC_EINPUT, "%s: expected a JSON object", path);
    ci->case_id = qc_json_get_str(ci->doc, "case_id");
    ci->region = qc_json_get_str(ci->doc, "region");
    ci->account = qc_json_get_str(ci->doc, "account_id");
    return 0;
}

static int S_window(const qc_opts *o, int64_t now, qc_collect_opts *c, qc_err *err)
{
    return qc_cli_window(o, "collect", now, &c->start_ms, &c->end_ms, &c->window_origin, err);
}

/* What S_build allocates for the options it fills in; freed by S_owned_free. */
typedef struct owned {
    char *out, *id;
    qc_tz *zone;
} owned;

static void S_owned_free(owned *w)
{
    free(w->out);
    free(w->id);
    qc_tz_free(w->zone);
}

static int S_build(const qc_opts *o, const case_info *ci, qc_collect_opts *c, owned *w,
                   qc_err *err)
{
    memset(c, 0, sizeof *c);
    c->nlogs = qc_opts_all(o, "--logs", &c->logs);
    c->nimports = qc_opts_all(o, "--import", &c->imports);
    c->nmodels = qc_opts_all(o, "--model", &c->models);
    c->nlog_groups = qc_opts_all(o, "--log-group", &c->log_groups);
    int live = !qc_opts_flag(o, "--offline") && (c->nmodels || c->nlog_groups);
    c->live_metrics = live && c->nmodels;
    if (!c->nlogs && !c->nimports && !live)
        return qc_err_set(err, QC_EUSAGE, "collect: nothing to collect: give --logs, --import, "
                                          "--model or --log-group");
    c->period_s = 60;
    if (qc_opts_get(o, "--period")) {
        char *e;
        long p = strtol(qc_opts_get(o, "--period"), &e, 10);
        if (*e || p < 60 || p % 60)
            return qc_err_set(err, QC_EUSAGE, "collect: --period: '%s' is not a multiple of 60 seconds",
                              qc_opts_get(o, "--period"));
        c->period_s = (int)p;
    }
    if (qc_opts_get(o, "--parallel")) {
        char *e;
        long p = strtol(qc_opts_get(o, "--parallel"), &e, 10);
        if (*e || p < 1 || p > 32)
            return qc_err_set(err, QC_EUSAGE, "collect: --parallel: '%s' is not a number from 1 to 32",
                              qc_opts_get(o, "--parallel"));
        c->parallel = (int)p;
    }
    if (qc_cli_now(qc_opts_get(o, "--now"), &c->now_ms, err) < 0)
        return -1;
    if (S_window(o, c->now_ms, c, err) < 0)
        return -1;
    if (live && c->start_ms == QC_TIME_NONE) {
        /* Live sources need a window: the last 7 days, as the aws console shows. */
        c->end_ms = c->now_ms;
        c->start_ms = c->now_ms - 7 * 86400000LL;
        c->window_origin = "--days";
    }
    if (qc_cli_log_zone(o, "collect", &w->zone, err) < 0)
        return -1;
    c->log_zone = w->zone;
    c->region = qc_opts_get(o, "--region");
    if (!c->region)
        c->region = getenv("AWS_REGION") && *getenv("AWS_REGION") ? getenv("AWS_REGION")
                                                                   : getenv("AWS_DEFAULT_REGION");
    if (!c->region || !*c->region)
        c->region = ci->region;
    /* The environment outranks the case file, as for the aws CLI; a case
     * collected in another region than it names is worth a word. */
    if (ci->region && c->region && strcmp(ci->region, c->region) && !qc_opts_get(o, "--region")) {
        const char *from = getenv("AWS_REGION") && *getenv("AWS_REGION") ? "AWS_REGION"
                                                                        : "AWS_DEFAULT_REGION";
        qc_cli_say(NULL, stderr, "quotacase: warning: collecting %s (from %s), but the case file "
                   "names %s; --region chooses\n", c->region, from, ci->region);
    }
    c->account = ci->account;
    const char *out = qc_opts_get(o, "--out");
    if (ci->case_id) {
        c->case_id = ci->case_id;
    } else if (out) {
        c->case_id = qc_fs_basename(out);
    } else {
        char t[QC_TIME_STR_MAX], id[32];
        qc_time_format(c->now_ms, t);
        snprintf(id, sizeof id, "case-%.4s%.2s%.2s", t, t + 5, t + 8);
        c->case_id = w->id = qc_strdup(id);
    }
    if (!out)
        out = w->out = qc_fs_join("evidence", c->case_id);
    c->out_dir = out;
    c->force = qc_opts_flag(o, "--force");
    if (!qc_opts_flag(o, "--quiet"))
        c->progress = S_progress;
    c->interrupted = qc_cli_stop_flag();
    return 0;
}

/* Where the placeholders went: the one file of the run not to send. */
static void S_say_redactions(qc_redactor *red, const char *map_path, int progress)
{
    qc_redact_counts v;
    qc_redactor_values(red, &v);
    uint64_t n = 0;
    for (int k = 0; k < QC_SK_NKINDS; k++)
        n += v.n[k];
    if (progress && n)
        qc_cli_say(red, stderr, "quotacase: %llu value%s redacted (manifest.json \"redactions\"); "
                   "what each placeholder stands for is in %s: keep it, do not send it\n",
                   (unsigned long long)n, n == 1 ? "" : "s", map_path);
}

static void S_print_plan(const qc_collect_opts *c)
{
    qc_live_opts lo = {c->models, c->nmodels, c->start_ms, c->end_ms, c->period_s, NULL, NULL, NULL};
    int all = c->nmodels == 1 && !strcmp(c->models[0], "all");
    qc_live_plan p;
    qc_live_plan_metrics(&lo, all ? 1 : c->nmodels, c->now_ms, &p);
    char a[QC_TIME_STR_MAX], b[QC_TIME_STR_MAX];
    qc_time_format(c->start_ms, a);
    qc_time_format(c->end_ms, b);
    printf("window        %s to %s, %d-second periods\n", a, b, p.period_s);
    if (p.note[0])
        printf("note          %s\n", p.note);
    if (c->live_metrics) {
        printf("cloudwatch    %s%zu model%s x 13 queries = %zu queries, up to %zu datapoints\n",
               all ? "ListMetrics first; per model found: " : "", p.models, p.models == 1 ? "" : "s",
               p.queries, p.datapoints);
        printf("              %zu GetMetricData call%s (500 queries and 100,800 datapoints a call)\n",
               p.calls, p.calls == 1 ? "" : "s");
        printf("quotas        3 Service Quotas listings (ListServiceQuotas, "
               "ListAWSDefaultServiceQuotas, ListRequestedServiceQuotaChangeHistory), more with "
               "pages\n");
    }
    for (size_t i = 0; i < c->nlog_groups; i++)
        printf("logs          FilterLogEvents on %s, one call per page\n", c->log_groups[i]);
    printf("sts           1 GetCallerIdentity call\n");
}

int qc_cmd_collect(int argc, char **argv)
{
    return qc_cmd_collect_named(argc, argv, NULL, NULL);
}

int qc_cmd_collect_named(int argc, char **argv, const char *real, const char *shown)
{
    qc_opts o;
    qc_err err;
    qc_err_clear(&err);
    int code;
    if (!qc_cli_start(&o, &qc_cmd_collect_def, argc, argv, &code))
        return code;
    if (qc_fleet_wanted(&o)) {
        code = qc_fleet_run(&o, argv);
        qc_opts_free(&o);
        return code;
    }
    if (qc_opts_get(&o, "--jobs")) {
        qc_err_set(&err, QC_EUSAGE, "collect: --jobs goes with several regions, profiles or roles");
        qc_opts_free(&o);
        return qc_cli_fail(&err);
    }
    case_info ci;
    qc_collect_opts c;
    owned w = {0};
    code = QC_EXIT_OK;
    if (S_read_case(qc_opts_get(&o, "--case"), &ci, &err) < 0 ||
        S_build(&o, &ci, &c, &w, &err) < 0) {
        code = qc_cli_fail(&err);
    } else if (qc_opts_flag(&o, "--plan")) {
        S_print_plan(&c);
    } else {
        c.argv = (const char *const *)argv; /* for the manifest */
        c.argc = argc;
        c.names_real = real;
        c.names_shown = shown;
        char *map_path = NULL;
        progress_ctx pc = {isatty(2), NULL};
        c.progress_ud = &pc;
        qc_aws_opts ao = {0};
        ao.stop = qc_cli_stop_flag();
        if (!(pc.red = qc_cli_redactor(&o, c.out_dir, &map_path, &err))) {
            code = qc_cli_fail(&err);
            goto out;
        }
        c.redactor = pc.red;
        c.map_path = map_path;
        if ((c.live_metrics || c.nlog_groups) && !qc_opts_flag(&o, "--offline")) {
            /* Without credentials there is nothing live to collect: stop now. */
            if (qc_cli_aws_opts(&o, &ao, &err) < 0 || !(c.aws = qc_aws_new(&ao, &err)) ||
                !qc_aws_credentials(c.aws, &err)) {
                qc_aws_free(c.aws);
                code = qc_cli_fail_r(&err, pc.red);
                qc_redactor_free(pc.red);
                free(map_path);
                goto out;
            }
        }
        qc_cli_on_stop();
        qc_collect_result r;
        qc_collect_result_init(&r);
        int rc = qc_collect_run(&c, &r, &err);
        if (pc.tty && c.progress)
            fputc('\n', stderr);
        if (rc < 0) {
            code = qc_cli_fail_r(&err, pc.red);
        } else {
            if (r.interrupted) {
                qc_cli_say(pc.red, stderr, "quotacase: interrupted: the evidence collected so far "
                           "is in %s (manifest status \"interrupted\")\n", c.out_dir);
                code = 128 + (qc_cli_stopped() ? qc_cli_stopped() : SIGINT); /* 130, 143 */
            } else if (r.partial) {
                qc_cli_say(pc.red, stderr, "quotacase: warning: %s", r.warnings.ptr);
                qc_cli_say(pc.red, stderr, "quotacase: warning: evidence written with partial "
                           "sources (see manifest.json)\n");
                code = QC_EXIT_PARTIAL;
            }
            if (c.progress)
                qc_cli_say(pc.red, stderr, "quotacase: %zu throttling events, %zu files in %s\n",
                           r.events, r.files, c.out_dir);
            S_say_redactions(pc.red, map_path, c.progress != NULL);
            qc_cli_say(pc.red, stdout, "%s\n", c.out_dir);
        }
        qc_collect_result_free(&r);
        qc_aws_free(c.aws);
        qc_redactor_free(pc.red);
        free(map_path);
    }
out:
    json_decref(ci.doc);
    S_owned_free(&w);
    qc_opts_free(&o);
    return code;
}
