/* cmd_debug.c - `quotacase debug scan|import`: what quotacase reads from a
 * file, as JSON on stdout.  For users checking their log formats and
 * exports, and for the data-driven tests under tests/data. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "collector/aws/request.h"
#include "collector/aws/sigv4.h"
#include "collector/importers.h"
#include "common/fs.h"
#include "collector/logscan.h"
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

static const char *S_or(const qc_opts *o, const char *name, const char *dflt)
{
    const char *v = qc_opts_get(o, name);
    return v ? v : dflt;
}

static int S_sign(const qc_opts *o, qc_err *err)
{
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
    qc_series_set ss = {0};
    qc_quota_set qs = {0};
    qc_import_ctx ctx = {&ss, &qs, qc_opts_get(o, "--model"), QC_QUOTAS_AUTO};
    json_t *kinds = json_array();
    int rc = 0;
    for (size_t i = 0; i < o->npos && rc == 0; i++) {
        qc_import_result res;
        rc = qc_import_file(o->pos[i], &ctx, &res, err);
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

int qc_cmd_debug(int argc, char **argv)
{
    qc_err err;
    qc_err_clear(&err);
    const qc_cmddef *def = NULL;
    if (argc >= 3 && !strcmp(argv[2], "scan"))
        def = &qc_cmd_debug_scan_def;
    else if (argc >= 3 && !strcmp(argv[2], "import"))
        def = &qc_cmd_debug_import_def;
    else if (argc >= 3 && !strcmp(argv[2], "sign"))
        def = &qc_cmd_debug_sign_def;
    if (!def) {
        qc_err_set(&err, QC_EUSAGE, "debug: say 'debug scan', 'debug import' or 'debug sign'");
        return qc_cli_fail(&err);
    }
    qc_opts o;
    int code;
    /* "debug scan" is two words: skip one more before the options. */
    if (!qc_cli_start(&o, def, argc - 1, argv + 1, &code))
        return code;
    if (o.npos == 0)
        qc_err_set(&err, QC_EUSAGE, "%s: name at least one file", def->name);
    else if (def == &qc_cmd_debug_scan_def)
        S_scan(&o, &err);
    else if (def == &qc_cmd_debug_sign_def)
        S_sign(&o, &err);
    else
        S_import(&o, &err);
    code = err.code ? qc_cli_fail(&err) : QC_EXIT_OK;
    qc_opts_free(&o);
    return code;
}
