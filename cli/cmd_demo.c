/* cmd_demo.c - `quotacase demo`: the whole pipeline on the shipped example.
 *
 * It runs the collect command a user would type for examples/, with a fixed
 * clock and window so the output is the same on every machine; the result in
 * evidence/example/ is committed and a test regenerates and compares it.
 * Without an examples/ where it runs (an installed quotacase) it reads the
 * installed copy, and the evidence still names it examples/: the output is
 * then the same bytes as from a checkout. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/alloc.h"
#include "common/fs.h"

static const qc_optdef S_opts[] = {
    {"--examples", "DIR", 0, "demo inputs (default examples, else the installed copy)"},
    {"--out", "DIR", 0, "evidence directory (default evidence/example)"},
};

const qc_cmddef qc_cmd_demo_def = {
    "demo", "quotacase demo [options]",
    "Runs the whole pipeline on the shipped example (logs in several client\n"
    "formats, aws CLI exports of 7 days of AWS/Bedrock metrics and Service Quotas,\n"
    "a case file): collect into evidence/example, render the support case, bundle\n"
    "it into evidence/example.tar.gz, verify the bundle, and print what `submit`\n"
    "would send to AWS for it (submit --dry-run: nothing is sent).",
    S_opts, sizeof S_opts / sizeof *S_opts, 0};

/* The installed examples: beside the program first (its bin/ and share/ as
 * installed, found from /proc/self/exe, so a DESTDIR or moved tree works),
 * then where the build was configured to install them.  NULL: neither. */
static char *S_installed(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            char *dir = qc_fs_join(exe, QC_DATADIR_FROM_BIN "/quotacase/examples");
            char *real = realpath(dir, NULL);
            free(dir);
            if (real && qc_fs_is_dir(real))
                return real;
            free(real);
        }
    }
    return qc_fs_is_dir(QC_DATADIR "/quotacase/examples")
               ? qc_strdup(QC_DATADIR "/quotacase/examples") : NULL;
}

int qc_cmd_demo(int argc, char **argv)
{
    qc_opts o;
    qc_err err;
    qc_err_clear(&err);
    int code;
    if (!qc_cli_start(&o, &qc_cmd_demo_def, argc, argv, &code))
        return code;
    const char *ex = qc_opts_get(&o, "--examples");
    char *installed = NULL;
    if (!ex && !qc_fs_is_dir("examples") && (installed = S_installed()))
        ex = installed;
    if (!ex)
        ex = "examples";
    const char *out = qc_opts_get(&o, "--out") ? qc_opts_get(&o, "--out") : "evidence/example";
    char *cs = qc_fs_join(ex, "case.json"), *logs = qc_fs_join(ex, "logs"),
         *exports = qc_fs_join(ex, "exports");
    /* Always --quiet: the manifest records this command line, and it must be
     * the same on every run for the golden comparison. */
    char *cargv[] = {argv[0], "collect", "--case", cs, "--start", "2026-01-05T00:00:00Z",
                     "--end", "2026-01-12T00:00:00Z", "--now", "2026-01-12T00:00:00Z",
                     "--logs", logs, "--import", exports, "--out", (char *)out, "--force",
                     "--quiet", NULL};
    int cargc = 0;
    while (cargv[cargc])
        cargc++;
    code = qc_cmd_collect_named(cargc, cargv, installed, installed ? "examples" : NULL);
    if (code == QC_EXIT_OK) {
        char *rargv[] = {argv[0], "render", "--quiet", "--case", cs, "--now",
                         "2026-01-12T00:00:00Z", "--evidence", (char *)out, NULL};
        code = qc_cmd_render(9, rargv);
    }
    char *bundle = qc_malloc(strlen(out) + 8);
    sprintf(bundle, "%s.tar.gz", out);
    if (code == QC_EXIT_OK) {
        char *bargv[] = {argv[0], "bundle", "--out", bundle, (char *)out, NULL};
        code = qc_cmd_bundle(5, bargv);
    }
    if (code == QC_EXIT_OK) {
        char *vargv[] = {argv[0], "verify", "--quiet", bundle, NULL};
        code = qc_cmd_verify(4, vargv);
    }
    /* What submit would send for this case, sending nothing (the example's
     * account is not the user's). */
    if (code == QC_EXIT_OK) {
        char *sargv[] = {argv[0], "submit", "--dry-run", (char *)out, NULL};
        code = qc_cmd_submit(4, sargv);
    }
    /* What a user of the real thing does next, with this example. */
    if (code == QC_EXIT_OK)
        qc_cli_say(NULL, stderr, "quotacase: open %s/support_case.html; attach it, %s/evidence.xlsx "
                   "and %s; %s/next_steps.md says how; `quotacase submit %s` sends them for an account "
                   "of your own (above: what it would send)\n", out, out, bundle, out, out);
    free(bundle);
    free(cs);
    free(logs);
    free(exports);
    free(installed);
    qc_opts_free(&o);
    return code;
}
