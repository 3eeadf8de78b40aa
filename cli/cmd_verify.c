/* cmd_verify.c - `quotacase verify DIR`: recompute every checksum. */
#include <stdio.h>

#include "cli/cli.h"
#include "common/fs.h"
#include "report/bundle.h"
#include "report/verify.h"

static const qc_optdef S_opts[] = {
    {"--quiet", NULL, 0, "print nothing on success"},
};

const qc_cmddef qc_cmd_verify_def = {
    "verify", "quotacase verify DIR|BUNDLE",
    "Recomputes the sha256 of every file the manifest lists and names any file\n"
    "that changed, is missing or is extra. For a bundle (.tar.gz), first checks\n"
    "the archive against its .sha256 file, then the files inside.",
    S_opts, sizeof S_opts / sizeof *S_opts, 1};

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
    qc_verify_report r;
    qc_verify_report_init(&r);
    int rc = qc_fs_is_dir(o.pos[0]) || !qc_fs_exists(o.pos[0])
                 ? qc_verify_dir(o.pos[0], 0, &r, &err)
                 : qc_bundle_verify(o.pos[0], &r, &err);
    if (r.lines.len)
        fputs(r.lines.ptr, stdout);
    code = QC_EXIT_OK;
    if (rc < 0)
        code = qc_cli_fail(&err);
    else if (!qc_opts_flag(&o, "--quiet"))
        printf("ok: %zu files match the manifest of %s\n", r.ok, o.pos[0]);
    qc_verify_report_free(&r);
    qc_opts_free(&o);
    return code;
}
