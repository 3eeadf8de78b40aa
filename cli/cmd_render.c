/* cmd_render.c - `quotacase init`, `render`, `template` and `bundle`: the
 * renderer's commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/redact.h"
#include "report/attach.h"
#include "report/bundle.h"
#include "report/casefile.h"
#include "report/cost.h"
#include "report/mustache.h"
#include "report/render.h"
#include "report/templates.h"
#include "report/verify.h"

/* ---- init ---- */

static const qc_optdef S_init_opts[] = {
    {"--out", "FILE", 0, "where to write the case file (default case.json)"},
    {"--force", NULL, 0, "replace an existing file"},
};

const qc_cmddef qc_cmd_init_def = {
    "init", "quotacase init [options]",
    "Writes a case file to fill in: the shape of the demo's examples/case.json, with\n"
    "REPLACE: placeholders for the case's own text and the account 000000000000.\n"
    "Until its account, subject and justification are replaced, render's checklist\n"
    "keeps the item \"case file edited\" open.",
    S_init_opts, sizeof S_init_opts / sizeof *S_init_opts, 0};

int qc_cmd_init(int argc, char **argv)
{
    qc_opts o;
    int code;
    if (!qc_cli_start(&o, &qc_cmd_init_def, argc, argv, &code))
        return code;
    const char *out = qc_opts_get(&o, "--out") ? qc_opts_get(&o, "--out") : "case.json";
    qc_err err;
    qc_err_clear(&err);
    size_t len;
    const char *text = qc_case_example(&len);
    if (qc_fs_exists(out) && !qc_opts_flag(&o, "--force"))
        qc_err_set(&err, QC_EEXIST, "%s: already exists; use --force to replace it", out);
    else if (qc_fs_write_atomic(out, text, len, &err) == 0)
        printf("%s\n", out);
    code = err.code ? qc_cli_fail(&err) : QC_EXIT_OK;
    qc_opts_free(&o);
    return code;
}

/* ---- render ---- */

static const qc_optdef S_render_opts[] = {
    {"--evidence", "DIR", 0, "evidence directory (default: the only one under evidence/)"},
    {"--case", "FILE", 0, "case file (see quotacase init)"},
    {"--templates", "DIR", 0, "templates that override the shipped ones, file by file"},
    {"--lang", "LANG", 0, "template language: en (default) or pt-BR"},
    {"--now", "TIME", 0, "the render's clock (default SOURCE_DATE_EPOCH, else now)"},
    {"--strict", NULL, 0, "exit non-zero when the completeness checklist has open items"},
    {"--prices", "FILE", 0, "price table for the cost estimate (default: the built-in, dated one)"},
    {"--quiet", NULL, 0, "no summary on stderr"},
    QC_CLI_REDACT_OPTS,
};

const qc_cmddef qc_cmd_render_def = {
    "render", "quotacase render [options] [DIR]",
    "Turns an evidence directory into model.json, support_case.md, .html and .txt,\n"
    "and evidence_summary.txt, and adds them to its manifest. No network.\n"
    "Every output passes the redactor, with the placeholders collect chose (the\n"
    "map beside the evidence directory), so the case file's own text is redacted\n"
    "the same way as the evidence.",
    S_render_opts, sizeof S_render_opts / sizeof *S_render_opts, 1};

/* The evidence directory when none is named: the only one under evidence/. */
static char *S_default_evidence(qc_err *err)
{
    qc_pathlist l = {0};
    if (qc_fs_list_files("evidence", &l, err) < 0) {
        qc_err_clear(err);
        qc_err_set(err, QC_EUSAGE, "render: name the evidence directory (--evidence DIR)");
        return NULL;
    }
    char *found = NULL;
    int many = 0;
    for (size_t i = 0; i < l.len; i++) {
        const char *slash = strchr(l.items[i], '/');
        if (!slash || strcmp(slash + 1, "manifest.json"))
            continue;
        if (found)
            many = 1;
        else
            found = qc_fs_join("evidence", l.items[i]);
    }
    qc_pathlist_free(&l);
    if (found)
        found[strlen(found) - strlen("/manifest.json")] = '\0';
    if (!found || many) {
        free(found);
        qc_err_set(err, QC_EUSAGE, "render: name the evidence directory (--evidence DIR)");
        return NULL;
    }
    return found;
}

int qc_cmd_render(int argc, char **argv)
{
    qc_opts o;
    int code;
    if (!qc_cli_start(&o, &qc_cmd_render_def, argc, argv, &code))
        return code;
    qc_err err;
    qc_err_clear(&err);
    qc_render_opts ro = {0};
    char *dflt = NULL, *map_path = NULL;
    json_t *cs = NULL;
    ro.evidence_dir = qc_opts_get(&o, "--evidence") ? qc_opts_get(&o, "--evidence")
                      : o.npos ? o.pos[0] : (dflt = S_default_evidence(&err));
    ro.templates_dir = qc_opts_get(&o, "--templates");
    ro.strict = qc_opts_flag(&o, "--strict");
    const char *lang = qc_opts_get(&o, "--lang");
    if (lang && strcmp(lang, "en") && strcmp(lang, "pt-BR"))
        qc_err_set(&err, QC_EUSAGE, "render: --lang: '%s' is not en or pt-BR", lang);
    ro.lang = lang && strcmp(lang, "en") ? lang : NULL;
    json_t *prices = qc_opts_get(&o, "--prices") ? qc_cost_load(qc_opts_get(&o, "--prices"), &err)
                                                 : NULL;
    ro.prices = prices;
    if (!err.code && qc_opts_get(&o, "--case") && !(cs = qc_case_load(qc_opts_get(&o, "--case"), &err)))
        ;
    else if (!err.code && qc_cli_now(qc_opts_get(&o, "--now"), &ro.now_ms, &err) == 0 &&
             (ro.redactor = qc_cli_redactor(&o, ro.evidence_dir, &map_path, &err))) {
        ro.case_doc = cs;
        ro.map_path = map_path;
        qc_render_result r;
        if (qc_render_run(&ro, &r, &err) == 0) {
            /* Said even with --quiet: the case AWS reads has no subject,
             * justification or contact. */
            if (!cs)
                qc_cli_say(ro.redactor, stderr, "quotacase: warning: no --case: the case was "
                           "rendered without a case file (no subject, justification or contact); "
                           "render again with --case FILE\n");
            if (!qc_opts_flag(&o, "--quiet"))
                qc_cli_say(ro.redactor, stderr, "quotacase: rendered %zu files in %s; "
                           "support_case.txt is %zu characters%s\n", r.files, ro.evidence_dir,
                           r.case_chars, r.full_chars ? " (the console version: the full case "
                                                        "is longer than 8,000)" : "");
            if (!qc_opts_flag(&o, "--quiet"))
                qc_cli_say(ro.redactor, stderr, "quotacase: open %s/support_case.html; attach it, "
                           "evidence.xlsx and the bundle that 'quotacase bundle %s' writes (its "
                           ".attach.tar.gz when the bundle passes 5 MB)%s; next_steps.md says "
                           "how\n", ro.evidence_dir, ro.evidence_dir,
                           r.attach_over ? " - one is over Support's 5 MB" : "");
            qc_cli_say(ro.redactor, stdout, "%s\n", ro.evidence_dir);
        }
    }
    code = err.code ? qc_cli_fail_r(&err, ro.redactor) : QC_EXIT_OK;
    qc_redactor_free(ro.redactor);
    free(map_path);
    json_decref(cs);
    json_decref(prices);
    free(dflt);
    qc_opts_free(&o);
    return code;
}

/* ---- template ---- */

static const qc_optdef S_template_opts[] = {
    {"--lenient", NULL, 0, "render missing names as empty instead of failing"},
    {"--escape", "MODE", 0, "html, markdown or none (default: from the template's name)"},
};

const qc_cmddef qc_cmd_template_def = {
    "template", "quotacase template [options] TEMPLATE DATA.json",
    "Renders any Mustache template with any JSON (a model.json, say) to stdout.\n"
    "Partials come from TEMPLATE's directory (partials/NAME.mustache), then the\n"
    "shipped set. Escaping follows the name: x.md.mustache is Markdown-safe,\n"
    "x.txt.mustache is not escaped, anything else is HTML-escaped.",
    S_template_opts, sizeof S_template_opts / sizeof *S_template_opts, 2};

static int S_escape_mode(const char *opt, const char *tmpl, qc_tmpl_escape *m, qc_err *err)
{
    if (!opt) {
        char name[512];
        snprintf(name, sizeof name, "%s", qc_fs_basename(tmpl));
        char *ext = strstr(name, ".mustache");
        if (ext && ext[9] == '\0')
            *ext = '\0';
        *m = qc_tmpl_escape_for(name);
        return 0;
    }
    if (!strcmp(opt, "html"))
        *m = QC_ESC_HTML;
    else if (!strcmp(opt, "markdown"))
        *m = QC_ESC_MARKDOWN;
    else if (!strcmp(opt, "none"))
        *m = QC_ESC_NONE;
    else
        return qc_err_set(err, QC_EUSAGE, "template: --escape: '%s' is not html, markdown or none", opt);
    return 0;
}

int qc_cmd_template(int argc, char **argv)
{
    qc_opts o;
    int code;
    if (!qc_cli_start(&o, &qc_cmd_template_def, argc, argv, &code))
        return code;
    qc_err err;
    qc_err_clear(&err);
    qc_buf src, out;
    qc_buf_init(&src, (size_t)16 << 20);
    qc_buf_init(&out, (size_t)256 << 20);
    json_t *data = NULL;
    char *dir = NULL;
    qc_tmpl_escape mode = QC_ESC_HTML;
    if (o.npos != 2)
        qc_err_set(&err, QC_EUSAGE, "template: give TEMPLATE and DATA.json");
    else if (S_escape_mode(qc_opts_get(&o, "--escape"), o.pos[0], &mode, &err) == 0 &&
             qc_fs_read(o.pos[0], &src, &err) == 0 && (data = qc_json_load_file(o.pos[1], &err))) {
        dir = qc_strdup(o.pos[0]);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        else
            strcpy(dir, ".");
        qc_templates t = {dir, NULL};
        qc_tmpl_opts to = {mode, !qc_opts_flag(&o, "--lenient"), qc_templates_partial, &t};
        if (qc_tmpl_render(o.pos[0], src.ptr ? src.ptr : "", src.len, data, &to, &out, &err) == 0)
            qc_cli_say(NULL, stdout, "%.*s", (int)out.len, out.ptr ? out.ptr : "");
    }
    code = err.code ? qc_cli_fail(&err) : QC_EXIT_OK;
    json_decref(data);
    free(dir);
    qc_buf_free(&src);
    qc_buf_free(&out);
    qc_opts_free(&o);
    return code;
}

/* ---- bundle ---- */

static const qc_optdef S_bundle_opts[] = {
    {"--out", "FILE", 0, "archive path (default: DIR.tar.gz beside the directory)"},
};

const qc_cmddef qc_cmd_bundle_def = {
    "bundle", "quotacase bundle [options] DIR",
    "Packs an evidence directory into a reproducible DIR.tar.gz and writes its\n"
    "checksum to DIR.tar.gz.sha256 (sha256sum format).  When the archive passes\n"
    "AWS Support's 5 MB an attachment, it also writes DIR.attach.tar.gz: the\n"
    "manifest, model.json, the quotas, the rendered text and charts and the\n"
    "collected files that fit, with held_back.json naming the rest and their\n"
    "checksums.  Attach that one; both verify with 'quotacase verify'.",
    S_bundle_opts, sizeof S_bundle_opts / sizeof *S_bundle_opts, 1};

/* A bundle over Support's 5 MB gets an attachment archive beside it
 * (DIR.attach.tar.gz): what to attach in its place. */
static void S_attachment(const char *dir, const char *full, qc_err *err)
{
    if (err->code)
        return;
    char *ap = NULL;
    qc_attach_result res;
    if (qc_attach_update(dir, full, &ap, &res, err) == 0 && ap)
        qc_cli_say(NULL, stdout, "%s\n%s.sha256\n%s is %.1f MB, over Support's 5 MB: attach %s "
                   "(%.1f MB, %zu files; the %zu held back are named with their checksums in %s)\n",
                   ap, ap, qc_fs_basename(full), (double)res.full_bytes / 1e6, qc_fs_basename(ap),
                   (double)res.bytes / 1e6, res.files, res.held, QC_VERIFY_HELD);
    free(ap);
}

int qc_cmd_bundle(int argc, char **argv)
{
    qc_opts o;
    int code;
    if (!qc_cli_start(&o, &qc_cmd_bundle_def, argc, argv, &code))
        return code;
    qc_err err;
    qc_err_clear(&err);
    qc_buf out;
    qc_buf_init(&out, 0);
    if (o.npos != 1) {
        qc_err_set(&err, QC_EUSAGE, "bundle: name one evidence directory");
    } else {
        size_t n = strlen(o.pos[0]);
        while (n > 1 && o.pos[0][n - 1] == '/')
            n--;
        if (qc_opts_get(&o, "--out"))
            qc_buf_adds(&out, qc_opts_get(&o, "--out"));
        else
            qc_buf_printf(&out, "%.*s.tar.gz", (int)n, o.pos[0]);
        if (qc_bundle_write(o.pos[0], out.ptr, &err) == 0)
            qc_cli_say(NULL, stdout, "%s\n%s.sha256\n", out.ptr, out.ptr);
        S_attachment(o.pos[0], out.ptr, &err);
    }
    code = err.code ? qc_cli_fail(&err) : QC_EXIT_OK;
    qc_buf_free(&out);
    qc_opts_free(&o);
    return code;
}
