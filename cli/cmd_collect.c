/* cmd_collect.c - `quotacase collect`: options into a qc_collect run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "collector/collect.h"
#include "common/alloc.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/qtime.h"

static const qc_optdef S_opts[] = {
    {"--logs", "FILE|DIR", 1, "application log file or directory (plain or gzip)"},
    {"--import", "FILE|DIR", 1, "aws CLI JSON export, or a directory of them (*.json)"},
    {"--model", "ID", 1, "model or inference-profile id; the only one is the default for logs"},
    {"--days", "N", 0, "window: the N days up to now"},
    {"--start", "TIME", 0, "window start (ISO 8601, UTC unless a zone is given)"},
    {"--end", "TIME", 0, "window end, exclusive"},
    {"--log-timezone", "TZ", 0, "zone of log stamps without one: UTC, +05:30, -0800"},
    {"--case", "FILE", 0, "case file (case_id, region, account_id are read here)"},
    {"--region", "REGION", 0, "AWS region the evidence is about"},
    {"--out", "DIR", 0, "evidence directory (default evidence/<case-id>)"},
    {"--force", NULL, 0, "replace an existing evidence directory"},
    {"--now", "TIME", 0, "the run's clock (default SOURCE_DATE_EPOCH, else now)"},
    {"--quiet", NULL, 0, "no progress on stderr"},
};

const qc_cmddef qc_cmd_collect_def = {
    "collect", "quotacase collect [options]",
    "Scans application logs and imports aws CLI exports into an evidence directory\n"
    "with a checksummed manifest. Prints the directory on stdout.",
    S_opts, sizeof S_opts / sizeof *S_opts, 0};

static void S_progress(void *ud, const char *line)
{
    (void)ud;
    fprintf(stderr, "quotacase: %s\n", line);
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
    const char *days = qc_opts_get(o, "--days"), *start = qc_opts_get(o, "--start"),
               *end = qc_opts_get(o, "--end");
    c->start_ms = c->end_ms = QC_TIME_NONE;
    if (days && (start || end))
        return qc_err_set(err, QC_EUSAGE, "collect: --days and --start/--end exclude each other");
    if (days) {
        char *e;
        long n = strtol(days, &e, 10);
        if (*e || n < 1 || n > 455)
            return qc_err_set(err, QC_EUSAGE, "collect: --days: '%s' is not 1 to 455", days);
        c->end_ms = now;
        c->start_ms = now - (int64_t)n * 86400000;
        c->window_origin = "--days";
        return 0;
    }
    if (!start != !end)
        return qc_err_set(err, QC_EUSAGE, "collect: --start and --end go together");
    if (start) {
        if (qc_time_parse_arg(start, &c->start_ms) < 0)
            return qc_err_set(err, QC_EUSAGE, "collect: --start: '%s' is not a time", start);
        if (qc_time_parse_arg(end, &c->end_ms) < 0)
            return qc_err_set(err, QC_EUSAGE, "collect: --end: '%s' is not a time", end);
        if (c->end_ms <= c->start_ms)
            return qc_err_set(err, QC_EUSAGE, "collect: --end must be after --start");
        c->window_origin = "--start/--end";
    }
    return 0;
}

static int S_build(const qc_opts *o, const case_info *ci, qc_collect_opts *c, char **out_owned,
                   char **id_owned, qc_err *err)
{
    memset(c, 0, sizeof *c);
    c->nlogs = qc_opts_all(o, "--logs", &c->logs);
    c->nimports = qc_opts_all(o, "--import", &c->imports);
    c->nmodels = qc_opts_all(o, "--model", &c->models);
    if (!c->nlogs && !c->nimports)
        return qc_err_set(err, QC_EUSAGE, "collect: nothing to collect: give --logs or --import");
    if (qc_cli_now(qc_opts_get(o, "--now"), &c->now_ms, err) < 0)
        return -1;
    if (S_window(o, c->now_ms, c, err) < 0)
        return -1;
    const char *tz = qc_opts_get(o, "--log-timezone");
    if (tz && qc_time_parse_offset(tz, &c->tz_offset_min) < 0)
        return qc_err_set(err, QC_EUSAGE,
                          "collect: --log-timezone: '%s' is not UTC or an offset like +05:30", tz);
    c->region = qc_opts_get(o, "--region");
    if (!c->region)
        c->region = getenv("AWS_REGION") && *getenv("AWS_REGION") ? getenv("AWS_REGION")
                                                                   : getenv("AWS_DEFAULT_REGION");
    if (!c->region || !*c->region)
        c->region = ci->region;
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
        c->case_id = *id_owned = qc_strdup(id);
    }
    if (!out)
        out = *out_owned = qc_fs_join("evidence", c->case_id);
    c->out_dir = out;
    c->force = qc_opts_flag(o, "--force");
    if (!qc_opts_flag(o, "--quiet"))
        c->progress = S_progress;
    return 0;
}

int qc_cmd_collect(int argc, char **argv)
{
    qc_opts o;
    qc_err err;
    qc_err_clear(&err);
    int code;
    if (!qc_cli_start(&o, &qc_cmd_collect_def, argc, argv, &code))
        return code;
    case_info ci;
    qc_collect_opts c;
    char *out_owned = NULL, *id_owned = NULL;
    code = QC_EXIT_OK;
    if (S_read_case(qc_opts_get(&o, "--case"), &ci, &err) < 0 ||
        S_build(&o, &ci, &c, &out_owned, &id_owned, &err) < 0) {
        code = qc_cli_fail(&err);
    } else {
        c.argv = (const char *const *)argv; /* for the manifest */
        c.argc = argc;
        qc_collect_result r;
        qc_collect_result_init(&r);
        if (qc_collect_run(&c, &r, &err) < 0) {
            code = qc_cli_fail(&err);
        } else {
            if (r.partial) {
                fprintf(stderr, "quotacase: warning: %s", r.warnings.ptr);
                fprintf(stderr, "quotacase: warning: evidence written with partial sources "
                                "(see manifest.json)\n");
                code = QC_EXIT_PARTIAL;
            }
            if (c.progress)
                fprintf(stderr, "quotacase: %zu throttling events, %zu files in %s\n", r.events,
                        r.files, c.out_dir);
            printf("%s\n", c.out_dir);
        }
        qc_collect_result_free(&r);
    }
    json_decref(ci.doc);
    free(out_owned);
    free(id_owned);
    qc_opts_free(&o);
    return code;
}
