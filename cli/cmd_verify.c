/* cmd_verify.c - `quotacase verify DIR|BUNDLE`: recompute every checksum,
 * then run the leak gate (report/leakgate.h) over every file and archive
 * entry.  Checksum problems decide the exit code when both fail: a changed
 * file is the first thing to look at, and its findings are printed anyway. */
#include <stdio.h>

#include "cli/cli.h"
#include "common/fs.h"
#include "report/bundle.h"
#include "report/leakgate.h"
#include "report/verify.h"

static const qc_optdef S_opts[] = {
    {"--quiet", NULL, 0, "print nothing on success"},
};

const qc_cmddef qc_cmd_verify_def = {
    "verify", "quotacase verify DIR|BUNDLE",
    "Recomputes the sha256 of every file the manifest lists and names any file\n"
    "that changed, is missing or is extra. For a bundle (.tar.gz), first checks\n"
    "the archive against its .sha256 file when one is beside it, then the files\n"
    "inside; files an attachment archive holds back must be named in its\n"
    "held_back.json with the manifest's checksum. Then scans\n"
    "every file, and every entry of the workbook and of the bundle, for anything\n"
    "secret-shaped (keys, tokens, e-mail addresses, random-looking strings) and\n"
    "names each finding as FILE:LINE: KIND, never the value (exit 10).",
    S_opts, sizeof S_opts / sizeof *S_opts, 1};

/* Findings go to stdout like the checksum problems; the summary to stderr. */
static int S_gate(const char *path, int is_dir, int say_ok)
{
    qc_err err;
    qc_err_clear(&err);
    qc_leak_report lr;
    qc_leak_report_init(&lr);
    int rc = is_dir ? qc_leakgate_dir(path, &lr, &err)
                    : qc_leakgate_archive(path, qc_fs_basename(path), &lr, &err);
    if (lr.lines.len)
        qc_cli_say(NULL, stdout, "%s", lr.lines.ptr);
    if (lr.findings > lr.shown)
        printf("(%zu more findings not listed)\n", lr.findings - lr.shown);
    int code = rc < 0 ? qc_cli_fail(&err) : QC_EXIT_OK;
    if (rc == 0 && say_ok)
        printf("ok: nothing secret-shaped in %zu files and archive entries\n", lr.files);
    qc_leak_report_free(&lr);
    return code;
}

int qc_cmd_verify(int argc, char **argv)
{
    qc_opts o;
    qc_err err;
    qc_err_clear(&err);
    int code;
    if (!qc_cli_start(&o, &qc_cmd_verify_def, argc, argv, &code))
        return code;
    if (o.npos != 1) {
        qc_opts_free(&o);
        qc_err_set(&err, QC_EUSAGE, "verify: name one evidence directory");
        return qc_cli_fail(&err);
    }
    const char *path = o.pos[0];
    if (!qc_fs_exists(path)) {
        qc_opts_free(&o);
        qc_err_set(&err, QC_EINPUT, "%s: no such evidence directory or bundle", path);
        return qc_cli_fail(&err);
    }
    int quiet = qc_opts_flag(&o, "--quiet"), is_dir = qc_fs_is_dir(path);
    qc_verify_report r;
    qc_verify_report_init(&r);
    int rc = is_dir ? qc_verify_dir(path, 0, &r, &err) : qc_bundle_verify(path, &r, &err);
    if (r.lines.len)
        qc_cli_say(NULL, stdout, "%s", r.lines.ptr); /* a file named with a secret */
    code = QC_EXIT_OK;
    if (rc < 0)
        code = qc_cli_fail(&err);
    else if (!quiet)
        qc_cli_say(NULL, stdout, r.held ? "ok: %zu files match the manifest of %s; %zu more are held "
                                          "back, named with their checksums in held_back.json\n"
                                        : "ok: %zu files match the manifest of %s\n",
                   r.ok, path, r.held);
    /* A manifest that cannot be read is no evidence to scan; a mismatch is. */
    if (rc == 0 || err.code == QC_EVERIFY) {
        int gate = S_gate(path, is_dir, rc == 0 && !quiet);
        if (code == QC_EXIT_OK)
            code = gate;
    }
    qc_verify_report_free(&r);
    qc_opts_free(&o);
    return code;
}
