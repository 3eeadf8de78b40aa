/* cmd_debug.c - `quotacase debug scan|import|sign|man|completion`.
 *
 * scan and import print what quotacase reads from a file, as JSON on
 * stdout: for users checking their log formats and exports, and for the
 * data-driven tests under tests/data.  sign shows what SigV4 signs.  man
 * and completion print the manual page and the shell completions from the
 * option tables (cli/docs.h); the build runs them to make what it installs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/docs.h"
#include "collector/aws/request.h"
#include "collector/aws/sigv4.h"
#include "collector/importers.h"
#include "common/fs.h"
#include "collector/logscan.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/qtime.h"
#include "common/tzone.h"

static const qc_optdef S_scan_opts[] = {
    {"--model", "ID", 0, "model id for records that do not name one"},
    {"--log-timezone", "TZ", 0, "zone of log stamps without one: UTC, +05:30, Europe/Berlin"},
};

const qc_cmddef qc_cmd_debug_scan_def = {
    "debug scan", "quotacase debug scan [options] FILE...",
    "Prints the throttling events found in log files, with each record's text.",
    S_scan_opts, sizeof S_scan_opts / sizeof *S_scan_opts, 1000};

static const qc_optdef S_import_opts[] = {
    {"--model", "ID", 0, "model id for exports that do not name one"},
};

const qc_cmddef qc_cmd_debug_import_def = {
    "debug import", "quotacase debug import [options] FILE...",
    "Prints what quotacase reads from aws CLI exports.",
    S_import_opts, sizeof S_import_opts / sizeof *S_import_opts, 1000};

static const qc_optdef S_sign_opts[] = {
    {"--access-key", "ID", 0, "access key id (default: the SigV4 test suite's AKIDEXAMPLE)"},
    {"--secret-key", "KEY", 0, "secret access key (default: the test suite's)"},
    {"--session-token", "TOKEN", 0, "session token, signed as X-Amz-Security-Token"},
    {"--region", "REGION", 0, "signing region (default us-east-1)"},
    {"--service", "NAME", 0, "signing name (default service)"},
    {"--date", "AMZDATE", 0, "20150830T123600Z (default: the request's X-Amz-Date)"},
};

const qc_cmddef qc_cmd_debug_sign_def = {
    "debug sign", "quotacase debug sign [options] FILE.req",
    "Reads a raw HTTP request (the AWS SigV4 test suite's .req format) and prints\n"
    "its canonical request, string to sign and Authorization header. Compare with\n"
    "what a service says it expected when it answers SignatureDoesNotMatch.",
    S_sign_opts, sizeof S_sign_opts / sizeof *S_sign_opts, 1};

const qc_cmddef qc_cmd_debug_man_def = {
    "debug man", "quotacase debug man",
    "Prints the manual page, quotacase(1), in roff, from the same tables as --help\n"
    "(the build installs it; `quotacase debug man | man -l -` shows it).",
    NULL, 0, 0};

const qc_cmddef qc_cmd_debug_completion_def = {
    "debug completion", "quotacase debug completion bash|zsh",
    "Prints the completion script for bash or zsh, from the same tables as --help\n"
    "(the build installs both; `source <(quotacase debug completion bash)` tries it).",
    NULL, 0, 1};

/* scan, import and sign read files named as operands. */
static int S_need_files(const qc_opts *o, qc_err *err)
{
    if (o->npos == 0)
        return qc_err_set(err, QC_EUSAGE, "%s: name at least one file", o->cmd->name);
    return 0;
}

static const char *S_or(const qc_opts *o, const char *name, const char *dflt)
{
    const char *v = qc_opts_get(o, name);
    return v ? v : dflt;
}

static int S_sign(const qc_opts *o, qc_err *err)
{
    if (S_need_files(o, err) < 0)
        return -1;
    qc_buf text;
    qc_buf_init(&text, (size_t)16 << 20);
    qc_awsreq req;
    if (qc_fs_read(o->pos[0], &text, err) < 0 ||
        qc_awsreq_parse(o->pos[0], text.ptr ? text.ptr : "", text.len, &req, err) < 0) {
        qc_buf_free(&text);
        return -1;
    }
    qc_buf_free(&text);
    qc_sigv4_key key = {S_or(o, "--access-key", "AKIDEXAMPLE"),
                        S_or(o, "--secret-key", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                        qc_opts_get(o, "--session-token")};
    qc_sigv4_scope scope = {S_or(o, "--region", "us-east-1"), S_or(o, "--service", "service"),
                            S_or(o, "--date", qc_awsreq_header(&req, "X-Amz-Date"))};
    qc_sigv4_parts parts = {0};
    int rc = qc_sigv4_sign(&req, &key, &scope, &parts, err);
    if (rc == 0)
        printf("canonical request:\n%s\n\nstring to sign:\n%s\n\nauthorization:\n%s\n",
               parts.canonical_request, parts.string_to_sign, parts.authorization);
    qc_sigv4_parts_free(&parts);
    qc_awsreq_free(&req);
    return rc;
}

static int S_print(json_t *doc)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_json_dump(doc, &b);
    fwrite(b.ptr, 1, b.len, stdout);
    qc_buf_free(&b);
    json_decref(doc);
    return QC_EXIT_OK;
}

static int S_scan(const qc_opts *o, qc_err *err)
{
    if (S_need_files(o, err) < 0)
        return -1;
    qc_tz *zone;
    if (qc_cli_log_zone(o, "debug scan", &zone, err) < 0)
        return -1;
    qc_logfields_opts lo = {zone, qc_opts_get(o, "--model"), 0};
    qc_redactor *red = qc_redactor_new();
    qc_logscan *s = qc_logscan_new(&lo, red);
    json_t *errors = json_array();
    for (size_t i = 0; i < o->npos; i++) {
        qc_err ferr;
        qc_err_clear(&ferr);
        if (qc_logscan_file(s, o->pos[i], o->pos[i], &ferr) < 0)
            json_array_append_new(errors, qc_json_str(ferr.msg));
    }
    json_t *doc = json_object(), *evs = json_array();
    qc_err ierr;
    qc_err_clear(&ierr);
    qc_evstore_iter *it = qc_evstore_iter_new(qc_logscan_events(s), &ierr);
    const qc_event *ev;
    while (it && (ev = qc_evstore_iter_next(it))) {
        json_t *j = qc_event_to_json(ev);
        json_object_set_new(j, "text", qc_json_str(ev->text));
        json_array_append_new(evs, j);
    }
    qc_evstore_iter_free(it);
    json_object_set_new(doc, "stats", qc_logscan_stats_json(s));
    json_object_set_new(doc, "redactions", qc_logscan_redactions_json(s));
    json_object_set_new(doc, "errors", errors);
    json_object_set_new(doc, "events", evs);
    qc_logscan_free(s);
    qc_tz_free(zone);
    qc_redact_json(red, doc); /* the file names and errors too */
    qc_redactor_free(red);
    return S_print(doc);
}

static int S_import(const qc_opts *o, qc_err *err)
{
    if (S_need_files(o, err) < 0)
        return -1;
    qc_series_set ss = {0};
    qc_quota_set qs = {0};
    qc_import_ctx ctx = {&ss, &qs, qc_opts_get(o, "--model"), QC_QUOTAS_AUTO};
    json_t *kinds = json_array();
    int rc = 0;
    for (size_t i = 0; i < o->npos && rc == 0; i++) {
        qc_import_result res;
        rc = qc_import_file(o->pos[i], NULL, &ctx, &res, err);
        if (rc == 0)
            json_array_append_new(kinds, json_string(res.kind));
    }
    if (rc == 0) {
        qc_series_finish(&ss);
        qc_quota_finish(&qs);
        json_t *doc = json_object(), *series = json_array();
        for (size_t i = 0; i < ss.n; i++)
            json_array_append_new(series, qc_series_to_json(&ss.s[i]));
        json_object_set_new(doc, "kinds", kinds);
        json_object_set_new(doc, "series", series);
        size_t nm;
        const char **models = qc_series_models(&ss, &nm);
        json_object_set_new(doc, "service_quotas", qc_quota_to_json(&qs, "bedrock", models, nm));
        free(models);
        S_print(doc);
    } else {
        json_decref(kinds);
    }
    qc_series_set_free(&ss);
    qc_quota_set_free(&qs);
    return rc;
}

static int S_man(const qc_opts *o, qc_err *err);
static int S_completion(const qc_opts *o, qc_err *err);

typedef struct debug_cmd {
    const char *word; /* after `debug` */
    const qc_cmddef *def;
    const char *summary;
    int (*run)(const qc_opts *o, qc_err *err);
} debug_cmd;

static const debug_cmd S_cmds[] = {
    {"scan", &qc_cmd_debug_scan_def, "the throttling events found in log files, as JSON", S_scan},
    {"import", &qc_cmd_debug_import_def, "what the importers read from aws CLI exports, as JSON",
     S_import},
    {"sign", &qc_cmd_debug_sign_def, "what SigV4 signs for a raw HTTP request", S_sign},
    {"man", &qc_cmd_debug_man_def, "the manual page, quotacase(1), in roff", S_man},
    {"completion", &qc_cmd_debug_completion_def, "the completion script for bash or zsh",
     S_completion},
};
#define S_NCMDS (sizeof S_cmds / sizeof *S_cmds)

/* The options of each top-level command, found by its name: the command
 * list in cli/main.c has no room for them. */
static const qc_cmddef *const S_defs[] = {
    &qc_cmd_whoami_def, &qc_cmd_doctor_def, &qc_cmd_iam_def, &qc_cmd_init_def, &qc_cmd_collect_def,
    &qc_cmd_render_def, &qc_cmd_template_def, &qc_cmd_bundle_def, &qc_cmd_verify_def,
    &qc_cmd_submit_def, &qc_cmd_status_def, &qc_cmd_follow_up_def, &qc_cmd_demo_def,
};

/* Every command, debug's own after `debug`, for the generators.  A command
 * without a table here is left out, with a warning (a test fails on it). */
static qc_docs_cmd *S_doc_cmds(size_t *n)
{
    size_t ntop;
    const qc_cli_cmd *top = qc_cli_commands(&ntop);
    qc_docs_cmd *out = qc_calloc(ntop + S_NCMDS, sizeof *out);
    *n = 0;
    for (size_t i = 0; i < ntop; i++) {
        const qc_cmddef *def = NULL;
        for (size_t k = 0; k < sizeof S_defs / sizeof *S_defs; k++)
            if (!strcmp(S_defs[k]->name, top[i].name))
                def = S_defs[k];
        if (!def && strcmp(top[i].name, "debug")) {
            fprintf(stderr, "quotacase: warning: '%s' has no option table in S_defs "
                    "(cli/cmd_debug.c): left out of the manual and the completions\n",
                    top[i].name);
            continue;
        }
        out[(*n)++] = (qc_docs_cmd){top[i].name, top[i].summary, def};
        if (def)
            continue;
        for (size_t k = 0; k < S_NCMDS; k++)
            out[(*n)++] = (qc_docs_cmd){S_cmds[k].def->name, S_cmds[k].summary, S_cmds[k].def};
    }
    return out;
}

static int S_docs(const qc_opts *o, void (*gen)(FILE *, const qc_docs *), qc_err *err)
{
    char date[16] = "";
    /* For a reproducible build the page's date is SOURCE_DATE_EPOCH's, else none. */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        time_t t = (time_t)strtoll(sde, &end, 10);
        struct tm tm;
        if (*end || !gmtime_r(&t, &tm))
            return qc_err_set(err, QC_EUSAGE, "SOURCE_DATE_EPOCH: '%s' is not epoch seconds", sde);
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
    }
    qc_docs d = {NULL, 0, QC_VERSION, QC_DATADIR, date};
    qc_docs_cmd *cmds = S_doc_cmds(&d.ncmds);
    d.cmds = cmds;
    gen(stdout, &d);
    free(cmds);
    if (fflush(stdout) != 0 || ferror(stdout))
        return qc_err_set(err, QC_EIO, "%s: cannot write standard output", o->cmd->name);
    return 0;
}

static int S_man(const qc_opts *o, qc_err *err)
{
    return S_docs(o, qc_docs_man, err);
}

static int S_completion(const qc_opts *o, qc_err *err)
{
    const char *sh = o->npos ? o->pos[0] : "";
    if (!strcmp(sh, "bash"))
        return S_docs(o, qc_docs_bash, err);
    if (!strcmp(sh, "zsh"))
        return S_docs(o, qc_docs_zsh, err);
    return qc_err_set(err, QC_EUSAGE, "debug completion: say 'bash' or 'zsh'");
}

static void S_help(FILE *f)
{
    fprintf(f, "usage: quotacase debug COMMAND [options] ...\n\n"
               "Looks inside: what quotacase reads from logs and exports, what it signs,\n"
               "and the manual page and completions it installs.\n\ncommands:\n");
    for (size_t i = 0; i < S_NCMDS; i++)
        fprintf(f, "  %-11s %s\n", S_cmds[i].word, S_cmds[i].summary);
    fprintf(f, "\n'quotacase debug COMMAND --help' shows a command's options.\n");
}

int qc_cmd_debug(int argc, char **argv)
{
    qc_err err;
    qc_err_clear(&err);
    const char *word = argc >= 3 ? argv[2] : "";
    if (!strcmp(word, "--help") || !strcmp(word, "-h") || !strcmp(word, "help")) {
        S_help(stdout);
        return QC_EXIT_OK;
    }
    const debug_cmd *c = NULL;
    for (size_t i = 0; i < S_NCMDS; i++)
        if (!strcmp(word, S_cmds[i].word))
            c = &S_cmds[i];
    if (!c) {
        qc_err_set(&err, QC_EUSAGE, "debug: say which: scan, import, sign, man or completion "
                                    "(see quotacase debug --help)");
        return qc_cli_fail(&err);
    }
    qc_opts o;
    int code;
    /* "debug scan" is two words: skip one more before the options. */
    if (!qc_cli_start(&o, c->def, argc - 1, argv + 1, &code))
        return code;
    c->run(&o, &err);
    code = err.code ? qc_cli_fail(&err) : QC_EXIT_OK;
    qc_opts_free(&o);
    return code;
}
