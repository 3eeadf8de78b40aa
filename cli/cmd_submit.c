/* cmd_submit.c - `quotacase submit`, `status` and `follow-up`: file the
 * increase with the evidence, follow it to the end, add newer evidence.
 * The work is submit/'s; this file reads options, makes the bundle the
 * attachments need, prints through the run's redactor and maps outcomes
 * to exit codes. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "collector/aws/ratelimit.h"
#include "collector/aws/client.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/redact.h"
#include "report/attach.h"
#include "report/bundle.h"
#include "report/leakgate.h"
#include "submit/plan.h"
#include "submit/status.h"
#include "submit/submit.h"

#define S_AWS_OPTS                                                                             \
    {"--profile", "NAME", 0, "profile from the shared config and credentials files"},         \
    {"--region", "REGION", 0, "AWS region (must be the evidence's)"},                         \
    QC_CLI_AWS_CALL_OPTS

static const qc_optdef S_submit_opts[] = {
    {"--dry-run", NULL, 0, "print every call it would make, in order, and make none"},
    {"--resume", NULL, 0, "finish a submission that stopped part-way"},
    {"--allow-open", NULL, 0, "send even with open checklist items"},
    {"--to-open-request", NULL, 0, "put the evidence on the case of the request already open"},
    {"--wait", "SECONDS", 0, "longest wait for Service Quotas to open the case (default 300)"},
    S_AWS_OPTS,
    QC_CLI_REDACT_OPTS,
};

const qc_cmddef qc_cmd_submit_def = {
    "submit", "quotacase submit [options] DIR",
    "Files the increase and puts the evidence on its case. An adjustable quota:\n"
    "a Service Quotas request, then, once it has a support case, the attachments\n"
    "(support_case.html, evidence.xlsx, the evidence archive) and the console text\n"
    "as a communication on that case. A quota Service Quotas cannot raise, or a\n"
    "case for several quotas: one AWS Support case (CreateCase) with the same.\n"
    "Refuses, sending nothing, when the directory does not verify, the leak gate\n"
    "finds something, the checklist has open items, the credentials' account or\n"
    "the region is not the evidence's, a request for the quota is open, or the\n"
    "value asked for is not above the value in force. Every step is recorded in\n"
    "submission.json: a second submit refuses; --resume finishes one that stopped.",
    S_submit_opts, sizeof S_submit_opts / sizeof *S_submit_opts, 1};

static const qc_optdef S_status_opts[] = {
    {"--watch", NULL, 0, "poll with backoff until the request or case is final"},
    {"--interval", "SECONDS", 0, "first pause between polls with --watch (default 60)"},
    {"--json", NULL, 0, "print the status as JSON"},
    S_AWS_OPTS,
    QC_CLI_REDACT_OPTS,
};

const qc_cmddef qc_cmd_status_def = {
    "status", "quotacase status [options] DIR",
    "Where the submission of DIR stands: the Service Quotas request's status and\n"
    "the quota's request history, the value in force now, and the support case\n"
    "with its latest communications. The exit code says the outcome: 0 approved,\n"
    "20 still open, 21 denied or closed without the increase, 22 invalid request.",
    S_status_opts, sizeof S_status_opts / sizeof *S_status_opts, 1};

static const qc_optdef S_follow_opts[] = {
    {"--evidence", "NEWDIR", 0, "the newer evidence directory, rendered (required)"},
    {"--message", "FILE", 0, "the communication's text (default: NEWDIR's console text)"},
    {"--dry-run", NULL, 0, "print what it would send and send nothing"},
    {"--reopen", NULL, 0, "post to a resolved case too (Support reopens it)"},
    S_AWS_OPTS,
    QC_CLI_REDACT_OPTS,
};

const qc_cmddef qc_cmd_follow_up_def = {
    "follow-up", "quotacase follow-up [options] DIR --evidence NEWDIR",
    "Adds newer evidence to the open support case of DIR's submission: NEWDIR's\n"
    "page, workbook and evidence archive as attachments, with a communication\n"
    "(NEWDIR's console text, or --message). NEWDIR must verify and pass the leak\n"
    "gate; the same evidence is never sent twice.",
    S_follow_opts, sizeof S_follow_opts / sizeof *S_follow_opts, 1};

static void S_out(void *ud, const char *line)
{
    qc_cli_say(ud, stdout, "%s", line);
    fflush(stdout);
}

static void S_progress(void *ud, const char *line)
{
    qc_cli_say(ud, stderr, "quotacase: %s\n", line);
}

static long S_env_ms(const char *name, long dflt)
{
    const char *v = getenv(name);
    char *end;
    long n = v && *v ? strtol(v, &end, 10) : -1;
    return v && *v && !*end && n >= 0 ? n : dflt;
}

static int S_seconds(const qc_opts *o, const char *name, double dflt, double *out, qc_err *err)
{
    const char *v = qc_opts_get(o, name);
    *out = dflt;
    if (!v)
        return 0;
    char *end;
    double d = strtod(v, &end);
    if (*end || !(d >= 0) || d > 86400 * 7)
        return qc_err_set(err, QC_EUSAGE, "%s: '%s' is not a number of seconds", name, v);
    *out = d;
    return 0;
}

/* The bundle, and the attachment archive when it passes 5 MB, made for
 * what is in the directory now. */
static int S_bundle(const char *dir, qc_plan *p, qc_redactor *red, qc_err *err)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    qc_buf full;
    qc_buf_init(&full, 0);
    qc_buf_printf(&full, "%.*s.tar.gz", (int)n, dir);
    char *ap = NULL;
    qc_attach_result res;
    int rc = qc_bundle_write(dir, full.ptr, err);
    if (rc == 0)
        rc = qc_attach_update(dir, full.ptr, &ap, &res, err);
    if (rc == 0)
        qc_cli_say(red, stderr, "quotacase: bundled %s%s%s\n", full.ptr, ap ? "; attaching " : "",
                   ap ? ap : "");
    free(ap);
    qc_buf_free(&full);
    return rc == 0 ? qc_plan_files(p, err) : -1;
}

/* The exit code of a run that ended without an error. */
static int S_make_archive(void *ud, qc_plan *p, qc_err *err);

static int S_exit(int outcome)
{
    switch (outcome) {
    case QC_SUBMIT_WAITING: return QC_EXIT_WAITING;
    case QC_SUBMIT_MANUAL: return QC_EXIT_MANUAL;
    case QC_SUBMIT_CLOSED: return QC_EXIT_DENIED;
    default: return QC_EXIT_OK;
    }
}

/* Options shared by the three commands: the dir, the redactor, the client. */
typedef struct S_run {
    qc_opts o;
    qc_redactor *red;
    char *map_path;
    qc_aws *aws;
} S_run;

/* Parses the options, makes the redactor and the client. */
static int S_begin(S_run *r, const qc_cmddef *def, int argc, char **argv, int *code, qc_err *err)
{
    memset(r, 0, sizeof *r);
    if (!qc_cli_start(&r->o, def, argc, argv, code))
        return 0;
    if (r->o.npos != 1) {
        qc_err_set(err, QC_EUSAGE, "%s: name one evidence directory", def->name);
        return 1;
    }
    if (!qc_fs_is_dir(r->o.pos[0])) {
        qc_err_set(err, QC_EINPUT, "%s: no such evidence directory", r->o.pos[0]);
        return 1;
    }
    if (!(r->red = qc_cli_redactor(&r->o, r->o.pos[0], &r->map_path, err)))
        return 1;
    /* A dry run makes the client too (it makes no call): the region it
     * would use is one of the checks. */
    qc_aws_opts ao = {0};
    if (qc_cli_aws_opts(&r->o, &ao, err) == 0) {
        ao.stop = qc_cli_stop_flag();
        r->aws = qc_aws_new(&ao, err);
    }
    qc_cli_on_stop();
    return 1;
}

static int S_end(S_run *r, int code)
{
    if (r->red && r->map_path) {
        qc_err ignore;
        qc_err_clear(&ignore);
        qc_redactor_save_map(r->red, r->map_path, &ignore);
    }
    qc_aws_free(r->aws);
    qc_redactor_free(r->red);
    free(r->map_path);
    qc_opts_free(&r->o);
    return code;
}

static int S_make_archive(void *ud, qc_plan *p, qc_err *err)
{
    S_run *r = ud;
    return S_bundle(p->dir, p, r->red, err);
}

int qc_cmd_submit(int argc, char **argv)
{
    S_run r;
    int code;
    qc_err err;
    qc_err_clear(&err);
    if (!S_begin(&r, &qc_cmd_submit_def, argc, argv, &code, &err))
        return code;
    qc_submit_opts so = {0};
    so.dir = r.o.npos ? r.o.pos[0] : NULL;
    so.aws = r.aws;
    so.redactor = r.red;
    so.dry_run = qc_opts_flag(&r.o, "--dry-run");
    so.resume = qc_opts_flag(&r.o, "--resume");
    so.allow_open = qc_opts_flag(&r.o, "--allow-open");
    so.poll_base_ms = S_env_ms("QUOTACASE_POLL_BASE_MS", 2000);
    so.say = S_out;
    so.say_ud = r.red;
    so.progress = S_progress;
    so.progress_ud = r.red;
    so.stop = qc_cli_stop_flag();
    if (!err.code && so.dry_run && so.resume)
        qc_err_set(&err, QC_EUSAGE, "submit: --dry-run shows a first submit; for one under way, "
                   "`quotacase status` shows where it stands");
    qc_plan p;
    memset(&p, 0, sizeof p);
    int outcome = QC_SUBMIT_REFUSED;
    if (err.code || S_seconds(&r.o, "--wait", 300, &so.wait_s, &err) < 0 ||
        qc_plan_load(so.dir, &p, &err) < 0) {
        qc_plan_free(&p);
        return S_end(&r, qc_cli_fail_r(&err, r.red));
    }
    /* A first submit bundles what is there now, once the checks that need
     * nothing have passed; a resumed one keeps what it bundled unless the
     * archive is gone.  A dry run writes nothing. */
    p.archive_later = 1; /* made after the checks that need nothing */
    p.to_open = qc_opts_flag(&r.o, "--to-open-request");
    so.make_archive = S_make_archive;
    so.archive_ud = &r;
    int rc = qc_submit_run(&so, &p, &outcome, &err);
    if (rc < 0 && err.code == QC_ECHECK)
        code = (qc_cli_fail_r(&err, r.red), QC_EXIT_REFUSED);
    else if (rc < 0)
        code = qc_cli_stopped() ? (qc_cli_fail_r(&err, r.red), QC_EXIT_INTERRUPTED) : qc_cli_fail_r(&err, r.red);
    else
        code = S_exit(outcome);
    qc_plan_free(&p);
    return S_end(&r, code);
}

static void S_status_line(void *ud, const char *line)
{
    qc_cli_say(ud, stdout, "%s", line);
}

static int S_status_exit(int outcome)
{
    switch (outcome) {
    case QC_STATUS_APPROVED: return QC_EXIT_OK;
    case QC_STATUS_OPEN: return QC_EXIT_OPEN;
    case QC_STATUS_DENIED: return QC_EXIT_DENIED;
    default: return QC_EXIT_INVALID;
    }
}

static void S_print_status(const S_run *r, const json_t *st, int as_json)
{
    /* Watching, each state is seen as it comes, also through a pipe. */
    if (as_json) {
        qc_buf b;
        qc_buf_init(&b, 0);
        qc_json_dump(st, &b);
        qc_cli_say(r->red, stdout, "%s", b.ptr);
        qc_buf_free(&b);
    } else {
        qc_status_text(st, S_status_line, r->red);
    }
    fflush(stdout);
}

int qc_cmd_status(int argc, char **argv)
{
    S_run r;
    int code;
    qc_err err;
    qc_err_clear(&err);
    if (!S_begin(&r, &qc_cmd_status_def, argc, argv, &code, &err))
        return code;
    double interval;
    if (err.code || S_seconds(&r.o, "--interval", 60, &interval, &err) < 0)
        return S_end(&r, qc_cli_fail_r(&err, r.red));
    int watch = qc_opts_flag(&r.o, "--watch"), as_json = qc_opts_flag(&r.o, "--json");
    long pause = interval * 1000 >= 1 ? (long)(interval * 1000) : 1;
    long base = S_env_ms("QUOTACASE_POLL_BASE_MS", -1);
    if (base >= 0)
        pause = base;
    char last[64] = "";
    for (;;) {
        json_t *st = NULL;
        int outcome;
        if (qc_status_read(r.o.pos[0], r.aws, r.red, &st, &outcome, &err) < 0)
            return S_end(&r, qc_cli_stopped() ? QC_EXIT_INTERRUPTED : qc_cli_fail_r(&err, r.red));
        /* Watching, a line is printed when something changed. */
        char now[64];
        snprintf(now, sizeof now, "%s/%s/%s", qc_json_get_str(st, "outcome"),
                 qc_json_get_str(json_object_get(st, "request"), "status")
                     ? qc_json_get_str(json_object_get(st, "request"), "status") : "-",
                 qc_json_get_str(json_object_get(st, "case"), "status")
                     ? qc_json_get_str(json_object_get(st, "case"), "status") : "-");
        if (!watch || strcmp(now, last) || outcome != QC_STATUS_OPEN)
            S_print_status(&r, st, as_json);
        snprintf(last, sizeof last, "%s", now);
        json_decref(st);
        code = S_status_exit(outcome);
        if (!watch || outcome != QC_STATUS_OPEN)
            break;
        /* Backoff: the pause doubles up to 15 minutes. */
        qc_sleep_ms(pause, qc_cli_stop_flag());
        if (qc_cli_stopped()) {
            qc_cli_say(r.red, stderr, "quotacase: interrupted: the outcome is still open\n");
            return S_end(&r, QC_EXIT_INTERRUPTED);
        }
        pause = pause * 2 > 900000 ? 900000 : pause * 2;
    }
    return S_end(&r, code);
}

/* The message goes to AWS Support: through the redactor (an e-mail address
 * becomes its placeholder), then the leak gate reads what is left. */
static int S_gate_message(const char *path, qc_redactor *red, qc_buf *msg, qc_err *err)
{
    qc_buf out;
    qc_buf_init(&out, msg->max);
    qc_redact_counts counts = {{0}};
    int rc = qc_redact_buf(red, msg->ptr ? msg->ptr : "", msg->len, &out, &counts) < 0
                 ? qc_err_set(err, QC_EINPUT, "%s: too long", path)
                 : 0;
    uint64_t replaced = 0;
    for (int k = 0; k < QC_SK_NKINDS; k++)
        replaced += counts.n[k];
    if (rc == 0 && replaced)
        qc_cli_say(red, stderr, "quotacase: %s: %llu value%s redacted before sending\n", path,
                   (unsigned long long)replaced, replaced == 1 ? "" : "s");
    qc_leak_report lr;
    qc_leak_report_init(&lr);
    if (rc == 0)
        rc = qc_leakgate_text(qc_fs_basename(path), out.ptr ? out.ptr : "", out.len, &lr, err);
    if (lr.lines.len)
        qc_cli_say(NULL, stdout, "%s", lr.lines.ptr);
    qc_leak_report_free(&lr);
    if (rc == 0) {
        qc_buf_reset(msg);
        qc_buf_add(msg, out.ptr ? out.ptr : "", out.len);
    }
    qc_buf_free(&out);
    return rc;
}

int qc_cmd_follow_up(int argc, char **argv)
{
    S_run r;
    int code;
    qc_err err;
    qc_err_clear(&err);
    if (!S_begin(&r, &qc_cmd_follow_up_def, argc, argv, &code, &err))
        return code;
    int dry = qc_opts_flag(&r.o, "--dry-run");
    const char *newdir = qc_opts_get(&r.o, "--evidence");
    if (!err.code && !newdir)
        qc_err_set(&err, QC_EUSAGE, "follow-up: --evidence NEWDIR names the newer evidence");
    if (err.code)
        return S_end(&r, qc_cli_fail_r(&err, r.red));
    qc_buf msg;
    qc_buf_init(&msg, (size_t)1 << 20);
    const char *mfile = qc_opts_get(&r.o, "--message");
    qc_plan np;
    memset(&np, 0, sizeof np);
    int outcome = QC_SUBMIT_REFUSED;
    qc_submit_opts so = {0};
    so.dir = r.o.pos[0];
    so.aws = r.aws;
    so.redactor = r.red;
    so.dry_run = dry;
    so.reopen = qc_opts_flag(&r.o, "--reopen");
    so.say = S_out;
    so.say_ud = r.red;
    so.stop = qc_cli_stop_flag();
    int rc = mfile ? qc_fs_read(mfile, &msg, &err) : 0;
    if (rc == 0 && mfile && !qc_utf8_valid(msg.ptr, msg.len))
        rc = qc_err_set(&err, QC_EINPUT, "%s: not UTF-8 text", mfile);
    if (rc == 0 && mfile)
        rc = S_gate_message(mfile, r.red, &msg, &err);
    if (rc == 0)
        rc = qc_plan_load(newdir, &np, &err);
    np.archive_later = dry;
    /* NEWDIR's bundle is made for what it holds now (the same bytes when
     * nothing changed), after its checks. */
    so.make_archive = S_make_archive;
    so.archive_ud = &r;
    if (rc == 0)
        rc = qc_submit_follow_up(&so, &np, mfile ? msg.ptr : NULL, &outcome, &err);
    if (rc < 0 && err.code == QC_ECHECK)
        code = (qc_cli_fail_r(&err, r.red), QC_EXIT_REFUSED);
    else
        code = rc < 0 ? qc_cli_fail_r(&err, r.red) : S_exit(outcome);
    qc_plan_free(&np);
    qc_buf_free(&msg);
    return S_end(&r, code);
}
