/* render.c - the render step: model, templates, Markdown, manifest.
 *
 * The outputs are the fixed set below plus one success-evidence file per
 * model in model.json's success_evidence, so the set can change from one
 * render to the next: a rendered file the manifest lists that this render
 * does not write is dropped from the manifest and removed, never left
 * behind with an earlier render's figures. */
#include "render.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/sha256.h"
#include "report/analysis.h"
#include "report/cost.h"
#include "report/embedded.h"
#include "report/casefile.h"
#include "report/chartpng.h"
#include "collector/series.h"
#include "report/markdown.h"
#include "report/mustache.h"
#include "report/success.h"
#include "report/svg.h"
#include "report/langfmt.h"
#include "report/templates.h"
#include "report/xlsx.h"

/* model.json, the case as .md, .html and .txt, the summary, the workbook;
 * the success-evidence files follow them. */
#define QC_RENDER_FILES 7

typedef struct output {
    char *name;
    qc_buf data;
    char *provenance;
} output;

static int S_template(const qc_render_opts *o, const char *tname, const char *out_name,
                      const json_t *model, output *dst, qc_err *err)
{
    qc_templates t = {o->templates_dir, o->lang};
    qc_buf src;
    qc_buf_init(&src, (size_t)16 << 20);
    char *origin = NULL;
    int rc = qc_templates_read(&t, tname, &src, &origin, err);
    if (rc == 0) {
        qc_tmpl_opts to = {qc_tmpl_escape_for(out_name), 1, qc_templates_partial, &t};
        rc = qc_tmpl_render(origin, src.ptr, src.len, model, &to, &dst->data, err);
    }
    dst->name = qc_strdup(out_name);
    if (origin) {
        qc_buf p;
        qc_buf_init(&p, 0);
        qc_buf_printf(&p, "rendered from model.json with %s", origin);
        dst->provenance = qc_buf_take(&p);
    }
    free(origin);
    qc_buf_free(&src);
    return rc;
}

static size_t S_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

static int S_written(const output *outs, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(name, outs[k].name))
            return 1;
    return 0;
}

/* Replaces (or adds) the rendered files' entries in the manifest.  An
 * earlier render's output that this one did not write (a model's success
 * evidence once the model has been throttled) leaves the manifest; its
 * name goes to `stale` for the caller to remove once the manifest is
 * written. */
static int S_update_manifest(const qc_render_opts *o, output *outs, size_t n, qc_pathlist *stale,
                             qc_err *err)
{
    char *path = qc_fs_join(o->evidence_dir, "manifest.json");
    json_t *m = qc_json_load_file(path, err);
    if (!m) {
        free(path);
        return -1;
    }
    json_t *files = json_object_get(m, "files"), *kept = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        const char *name = qc_json_get_str(f, "name") ? qc_json_get_str(f, "name") : "";
        const char *stage = qc_json_get_str(f, "stage");
        if (S_written(outs, n, name))
            continue;
        /* Rendered outputs live at the top of the directory; a name with a
         * slash is no file of ours to delete. */
        if (stage && !strcmp(stage, "rendered") && name[0] && !strchr(name, '/'))
            qc_pathlist_add(stale, name);
        else
            json_array_append(kept, f);
    }
    for (size_t k = 0; k < n; k++) {
        char hex[QC_SHA256_HEX_LEN + 1];
        qc_sha256_hex(outs[k].data.ptr ? outs[k].data.ptr : "", outs[k].data.len, hex);
        json_t *e = json_object();
        json_object_set_new(e, "name", json_string(outs[k].name));
        json_object_set_new(e, "bytes", json_integer((json_int_t)outs[k].data.len));
        json_object_set_new(e, "sha256", json_string(hex));
        json_object_set_new(e, "provenance", qc_json_str(outs[k].provenance));
        json_object_set_new(e, "stage", json_string("rendered"));
        json_array_append_new(kept, e);
    }
    json_object_set_new(m, "files", kept);
    json_t *r = json_object();
    json_object_set_new(r, "at", qc_json_time(o->now_ms));
    json_object_set_new(r, "templates", json_string(o->templates_dir ? "override directory" : "shipped"));
    json_object_set_new(r, "lang", json_string(o->lang ? o->lang : "en"));
    /* What this render replaced (in the case file's text, say). */
    json_object_set_new(r, "redactions", qc_redactor_values_json(o->redactor));
    json_object_set_new(m, "rendered", r);
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_json_dump(m, &b);
    int rc = qc_fs_write_atomic(path, b.ptr, b.len, err);
    qc_buf_free(&b);
    json_decref(m);
    free(path);
    return rc;
}

/* The Support API takes at most 8,000 characters of case text. */
#define QC_CONSOLE_CHARS 8000

/* One blank line at most between paragraphs: a section the case leaves
 * empty in the console template would otherwise leave a gap of several. */
static void S_squeeze_blank(qc_buf *t)
{
    size_t w = 0, run = 0;
    for (size_t i = 0; i < t->len; i++) {
        run = t->ptr[i] == '\n' ? run + 1 : 0;
        if (run <= 2)
            t->ptr[w++] = t->ptr[i];
    }
    qc_buf_truncate(t, w);
}

/* Cuts text at the last line that ends within `chars` characters. */
static void S_cut(qc_buf *t, size_t chars)
{
    size_t c = 0, last = 0;
    for (size_t i = 0; i < t->len; i++) {
        c += ((unsigned char)t->ptr[i] & 0xc0) != 0x80;
        if (c > chars)
            break;
        /* A whole line: each line of the console text is a whole sentence. */
        if (t->ptr[i] == '\n')
            last = i + 1;
    }
    qc_buf_truncate(t, last);
    /* A section heading ("WHY") left without its section goes too. */
    while (t->len > 1) {
        size_t end = t->len - 1, start = end;
        while (start > 0 && t->ptr[start - 1] != '\n')
            start--;
        int lower = 0;
        for (size_t i = start; i < end; i++)
            lower |= t->ptr[i] >= 'a' && t->ptr[i] <= 'z';
        if (lower)
            break;
        qc_buf_truncate(t, start);
    }
}

/* A case longer than the cap: the compact console template, which puts
 * first what must survive (see the template) and points to the full case;
 * still too long, it ends at the last line that fits. */
static int S_console(const qc_render_opts *o, const json_t *model, output *txt,
                     qc_render_result *r, qc_err *err)
{
    output c;
    memset(&c, 0, sizeof c);
    qc_buf_init(&c.data, (size_t)16 << 20);
    int rc = S_template(o, "support_case_console.txt.mustache", "support_case.txt", model, &c, err);
    if (rc == 0) {
        S_squeeze_blank(&c.data);
        static const char tail[] = "\n[The full case is attached as support_case.html.]\n";
        if (S_chars(c.data.ptr, c.data.len) > QC_CONSOLE_CHARS) {
            S_cut(&c.data, QC_CONSOLE_CHARS - (sizeof tail - 1));
            qc_buf_adds(&c.data, tail);
        }
        qc_buf_free(&txt->data);
        free(txt->provenance);
        txt->data = c.data;
        qc_buf p;
        qc_buf_init(&p, 0);
        qc_buf_printf(&p, "%s (the full case is %zu characters, over the Support API's %d)",
                      c.provenance ? c.provenance : "console template", r->case_chars,
                      QC_CONSOLE_CHARS);
        txt->provenance = qc_buf_take(&p);
        r->full_chars = r->case_chars;
        r->case_chars = S_chars(txt->data.ptr, txt->data.len);
    } else {
        qc_buf_free(&c.data);
    }
    free(c.name);
    free(c.provenance);
    return rc;
}

/* libxlsxwriter writes a file: write it beside the others, read it back,
 * and let it go the way every output goes. */
static int S_workbook(const qc_render_opts *o, const json_t *model, output *dst, qc_err *err)
{
    char *path = qc_fs_join(o->evidence_dir, "evidence.xlsx");
    char *tmp = qc_fs_tmpname(path);
    int rc = qc_xlsx_write(model, tmp, err);
    if (rc == 0)
        rc = qc_fs_read(tmp, &dst->data, err);
    qc_fs_discard(tmp);
    free(tmp);
    free(path);
    dst->name = qc_strdup("evidence.xlsx");
    dst->provenance = qc_strdup("model.json written as a workbook by libxlsxwriter");
    return rc;
}

/* A chart's picture: chart-<model slug>-<kind>.png. */
static char *S_chart_name(const qc_svg_item *it)
{
    char *slug = qc_series_slug(it->model_id);
    qc_buf name;
    qc_buf_init(&name, 0);
    qc_buf_printf(&name, "chart-%s-%s.png", slug, it->kind);
    free(slug);
    return qc_buf_take(&name);
}

/* The charts, drawn once: each model of the diagnosis names its own
 * (diagnosis.models[].charts: file and caption), so the case shows them
 * beside the bursts they draw. */
static int S_charts(const qc_render_opts *o, json_t *view, const qc_mintabs *tabs,
                    qc_svg_list *pics, qc_err *err)
{
    qc_buf all;
    qc_buf_init(&all, (size_t)64 << 20);
    qc_svg_charts(view, tabs, o->lang, &all, pics);
    int over = all.overflow;
    qc_buf_free(&all);
    if (over)
        return qc_err_set(err, QC_EIO, "support_case.html: the charts pass 64 MiB; nothing was "
                          "written (render fewer models or a shorter window)");
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(json_object_get(view, "diagnosis"), "models"), i, d)
    {
        json_t *list = json_array();
        for (size_t k = 0; k < pics->n; k++) {
            const qc_svg_item *it = &pics->items[k];
            if (strcmp(it->model_id, qc_json_get_str(d, "model_id") ? qc_json_get_str(d, "model_id") : ""))
                continue;
            char *name = S_chart_name(it);
            json_array_append_new(list, json_pack("{s:s, s:s}", "file", name, "caption", it->caption));
            free(name);
        }
        json_object_set_new(d, "has_charts", json_boolean(json_array_size(list) > 0));
        json_object_set_new(d, "charts", list);
    }
    return 0;
}

/* The case, its HTML and text, and the summary, from the templates. */
static int S_render_text(const qc_render_opts *o, const json_t *model, output *outs,
                         qc_render_result *r, const qc_svg_list *pics, qc_err *err)
{
    if (S_template(o, "support_case.md.mustache", "support_case.md", model, &outs[1], err) < 0 ||
        S_template(o, "evidence_summary.txt.mustache", "evidence_summary.txt", model, &outs[2],
                   err) < 0)
        return -1;
    const char *subject = qc_json_get_str(json_object_get(model, "case"), "subject");
    outs[3].name = qc_strdup("support_case.html");
    /* The page is one file: where the Markdown shows a chart's PNG, the
     * page has its SVG. */
    qc_md_figure *figs = qc_calloc(pics->n + 1, sizeof *figs);
    char **names = qc_calloc(pics->n + 1, sizeof *names);
    for (size_t i = 0; i < pics->n; i++) {
        names[i] = S_chart_name(&pics->items[i]);
        figs[i] = (qc_md_figure){names[i], pics->items[i].html};
    }
    qc_md_html_page(subject ? subject : "Quota increase request", outs[1].data.ptr,
                    outs[1].data.len, figs, pics->n, qc_svg_heading(o->lang), &outs[3].data);
    for (size_t i = 0; i < pics->n; i++)
        free(names[i]);
    free(names);
    free(figs);
    outs[3].provenance = qc_strdup("support_case.md rendered to HTML by cmark-gfm");
    outs[4].name = qc_strdup("support_case.txt");
    qc_md_plaintext(outs[1].data.ptr, outs[1].data.len, &outs[4].data);
    S_squeeze_blank(&outs[4].data);
    outs[4].provenance = qc_strdup("support_case.md rendered to plain text by cmark-gfm");
    r->case_chars = S_chars(outs[4].data.ptr, outs[4].data.len);
    if (r->case_chars > QC_CONSOLE_CHARS && S_console(o, model, &outs[4], r, err) < 0)
        return -1;
    return 0;
}

/* One file per entry of success_evidence, each rendered with that
 * model's own context (see success.h) from the language's view. */
static int S_render_success(const qc_render_opts *o, const json_t *view, output *outs, size_t n,
                            qc_err *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *ctx = qc_success_context(view, i);
        rc = S_template(o, "success_evidence.txt.mustache", qc_json_get_str(ctx, "file"), ctx,
                        &outs[i], err);
        json_decref(ctx);
    }
    return rc;
}

/* Encoder threads for the pictures: one per processor this process may
 * run on, at most 4; none on one processor. */
static int S_encoders(void)
{
    cpu_set_t set;
    int n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    return n <= 1 ? 0 : n > 4 ? 4 : n;
}

/* The charts as PNG pictures, chart-<model slug>-<kind>.png: the
 * screenshots of CloudWatch graphs a hand-made case asked for. */
static int S_pictures(const qc_svg_list *pics, output *outs, qc_err *err)
{
    qc_chartpng_job *jobs = qc_calloc(pics->n ? pics->n : 1, sizeof *jobs);
    for (size_t i = 0; i < pics->n; i++) {
        const qc_svg_item *it = &pics->items[i];
        outs[i].name = S_chart_name(it);
        outs[i].provenance = qc_strdup("the chart of support_case.html, drawn from model.json and "
                                       "rasterised by librsvg");
        jobs[i] = (qc_chartpng_job){it->svg, it->len, &outs[i].data};
    }
    int rc = qc_chartpng_render_all(jobs, pics->n, S_encoders(), err);
    free(jobs);
    return rc;
}

/* AWS Support takes attachments of at most 5 MB each, three a set. */
#define QC_ATTACH_MAX ((size_t)5 * 1000 * 1000)

/* next_steps.md, for the user: what to read, what to attach (with the
 * sizes just rendered), how to submit, pacing until the increase, what
 * the case still lacks.  Rendered last, when the sizes are known. */
static int S_next_steps(const qc_render_opts *o, const json_t *view, output *outs,
                        qc_render_result *r, qc_err *err)
{
    static const struct {
        int index;
        const char *advice;
    } att[] = {
        {3, "attach support_case.md or a PDF of the HTML instead, or render fewer models"},
        {5, "attach it zipped, or render a shorter window"},
    };
    json_t *ctx = json_copy((json_t *)view), *list = json_array();
    r->attach_over = 0;
    for (size_t k = 0; k < sizeof att / sizeof *att; k++) {
        const output *x = &outs[att[k].index];
        json_t *a = json_object();
        char size[64];
        /* Against Support's 5 MB: megabytes, or kilobytes under one. */
        if (x->data.len >= 1000000)
            snprintf(size, sizeof size, "%.1f MB", (double)x->data.len / 1e6);
        else
            snprintf(size, sizeof size, "%.0f KB", ceil((double)x->data.len / 1e3));
        json_object_set_new(a, "name", json_string(x->name));
        json_object_set_new(a, "bytes", json_integer((json_int_t)x->data.len));
        json_object_set_new(a, "size_text", json_string(size));
        json_object_set_new(a, "fits", json_boolean(x->data.len <= QC_ATTACH_MAX));
        json_object_set_new(a, "advice", json_string(att[k].advice));
        r->attach_over += x->data.len > QC_ATTACH_MAX;
        json_array_append_new(list, a);
    }
    json_object_set_new(ctx, "attachments", list);
    int rc = S_template(o, "next_steps.md.mustache", "next_steps.md", ctx, &outs[6], err);
    json_decref(ctx);
    return rc;
}

static int S_render_all(const qc_render_opts *o, const json_t *model, const qc_mintabs *tabs,
                        output *outs, size_t n, qc_render_result *r, qc_svg_list *pics, qc_err *err)
{
    outs[0].name = qc_strdup("model.json");
    qc_json_dump(model, &outs[0].data);
    outs[0].provenance = qc_strdup("analysis of the evidence files and the case file");
    /* The templates read the figures as their language writes them. */
    json_t *view = qc_langfmt_view(model, o->lang);
    int rc = S_charts(o, view, tabs, pics, err);
    if (rc == 0)
        rc = S_render_text(o, view, outs, r, pics, err);
    if (rc == 0)
        rc = S_render_success(o, view, outs + QC_RENDER_FILES, n - QC_RENDER_FILES, err);
    if (rc == 0)
        rc = S_workbook(o, model, &outs[5], err);
    if (rc == 0)
        rc = S_next_steps(o, view, outs, r, err);
    json_decref(view);
    return rc < 0 ? -1 : 0;
}

/* Once the manifest no longer lists them: an earlier render's outputs that
 * this one did not write. */
static int S_remove_stale(const qc_render_opts *o, const qc_pathlist *stale, qc_err *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < stale->len; i++) {
        char *path = qc_fs_join(o->evidence_dir, stale->items[i]);
        if (unlink(path) != 0 && errno != ENOENT)
            rc = qc_err_set(err, QC_EIO, "%s: cannot remove: %s", path, strerror(errno));
        free(path);
    }
    return rc;
}

/* Writes every output under a temporary name; only when all are on disk
 * are they renamed, so a failed write leaves the old set whole.  Then the
 * manifest, then the removal of what this render no longer writes. */
/* The text outputs once more through the redactor: a template of the
 * user's own may carry what the model did not.  JSON was redacted as a
 * document, and the workbook is built from the redacted model. */
static void S_redact_texts(const qc_render_opts *o, output *outs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *ext = strrchr(outs[i].name, '.');
        if (ext && (!strcmp(ext, ".json") || !strcmp(ext, ".xlsx") || !strcmp(ext, ".png")))
            continue; /* documents redacted whole, and pictures drawn from them */
        qc_buf b;
        qc_buf_init(&b, outs[i].data.max);
        if (qc_redact_buf(o->redactor, outs[i].data.ptr ? outs[i].data.ptr : "",
                          outs[i].data.len, &b, NULL) == 0) {
            qc_buf_free(&outs[i].data);
            outs[i].data = b;
        } else {
            qc_buf_free(&b);
        }
    }
}

static int S_commit(const qc_render_opts *o, output *outs, size_t n, qc_err *err)
{
    S_redact_texts(o, outs, n);
    /* The map first: no placeholder on disk that the map has not kept. */
    int rc = o->map_path ? qc_redactor_save_map(o->redactor, o->map_path, err) : 0;
    if (rc < 0)
        return -1;
    char **tmp = qc_calloc(n, sizeof *tmp);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *path = qc_fs_join(o->evidence_dir, outs[i].name);
        tmp[i] = qc_fs_tmpname(path);
        rc = qc_fs_write_file(tmp[i], outs[i].data.ptr ? outs[i].data.ptr : "", outs[i].data.len, err);
        free(path);
    }
    for (size_t i = 0; i < n; i++) {
        char *path = qc_fs_join(o->evidence_dir, outs[i].name);
        if (rc == 0 && tmp[i])
            rc = qc_fs_commit(tmp[i], path, err);
        else
            qc_fs_discard(tmp[i]);
        free(tmp[i]);
        free(path);
    }
    free(tmp);
    qc_pathlist stale = {0};
    if (rc == 0)
        rc = S_update_manifest(o, outs, n, &stale, err);
    if (rc == 0)
        rc = S_remove_stale(o, &stale, err);
    qc_pathlist_free(&stale);
    return rc;
}

/* The render commits as one step: outputs, manifest and removals are made
 * in a staging copy, which then takes the directory's place.  Interrupted
 * or failing at any point, the directory holds the old outputs with the old
 * manifest, or the new with the new; the staging copy is removed now or by
 * the next run. */
static int S_commit_staged(const qc_render_opts *o, output *outs, size_t n, qc_err *err)
{
    qc_fs_remove_leftovers(o->evidence_dir);
    char *stage = qc_fs_stage_links(o->evidence_dir, err);
    if (!stage)
        return -1;
    qc_render_opts so = *o;
    so.evidence_dir = stage;
    int rc = S_commit(&so, outs, n, err);
    if (rc == 0)
        rc = qc_fs_replace_dir(stage, o->evidence_dir, err);
    if (rc < 0) {
        qc_err ignore;
        qc_err_clear(&ignore);
        qc_fs_remove_tree(stage, &ignore);
        /* Messages name the directory the user gave, not the staging copy. */
        char *at = strstr(err->msg, stage);
        if (at) {
            char rest[sizeof err->msg];
            snprintf(rest, sizeof rest, "%s", at + strlen(stage));
            snprintf(at, sizeof err->msg - (size_t)(at - err->msg), "%s%s", o->evidence_dir, rest);
        }
    }
    free(stage);
    return rc;
}

int qc_render_run(const qc_render_opts *o, qc_render_result *r, qc_err *err)
{
    memset(r, 0, sizeof *r);
    json_t *cs = qc_case_normalize(o->case_doc);
    qc_mintabs tabs;
    json_t *model = qc_analysis_run(o->evidence_dir, cs, o->now_ms, &tabs, err);
    json_decref(cs);
    if (!model)
        return -1;
    json_t *builtin = NULL;
    if (!o->prices) {
        const qc_embedded_file *f = qc_embedded_get("templates/prices.json");
        builtin = f ? json_loadb(f->data, f->len, 0, NULL) : json_object();
    }
    qc_cost_run(model, o->prices ? o->prices : builtin);
    json_decref(builtin);
    qc_success_add(model);
    qc_redact_json(o->redactor, model);
    size_t n = QC_RENDER_FILES + json_array_size(json_object_get(model, "success_evidence"));
    output *outs = qc_calloc(n, sizeof *outs);
    for (size_t i = 0; i < n; i++)
        qc_buf_init(&outs[i].data, (size_t)256 << 20);
    qc_svg_list pics = {0};
    int rc = S_render_all(o, model, &tabs, outs, n, r, &pics, err);
    if (rc == 0 && pics.n) {
        outs = qc_realloc(outs, (n + pics.n) * sizeof *outs);
        memset(outs + n, 0, pics.n * sizeof *outs);
        for (size_t i = 0; i < pics.n; i++)
            qc_buf_init(&outs[n + i].data, (size_t)32 << 20);
        rc = S_pictures(&pics, outs + n, err);
        n += pics.n;
    }
    qc_svg_list_free(&pics);
    /* A file cut at a ceiling is never written: the render fails whole. */
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (outs[i].data.overflow)
            rc = qc_err_set(err, QC_EIO, "%s: larger than %zu MiB; nothing was written",
                            outs[i].name ? outs[i].name : "output", outs[i].data.max >> 20);
    if (rc == 0)
        rc = S_commit_staged(o, outs, n, err);
    if (rc == 0)
        r->files = n;
    const json_t *d = json_object_get(model, "diagnosis");
    r->checklist_open = (size_t)json_integer_value(json_object_get(d, "checklist_open"));
    if (rc == 0 && o->strict && r->checklist_open) {
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(d, "checklist"), i, c) if (!json_is_true(json_object_get(c, "ok")))
        {
            rc = qc_err_set(err, QC_ECHECK, "%s: the case still lacks %zu item%s (first: %s: %s); "
                            "see evidence_summary.txt", o->evidence_dir, r->checklist_open,
                            r->checklist_open == 1 ? "" : "s", qc_json_get_str(c, "item"),
                            qc_json_get_str(c, "detail"));
            break;
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(outs[i].name);
        qc_buf_free(&outs[i].data);
        free(outs[i].provenance);
    }
    free(outs);
    json_decref(model);
    qc_mintabs_free(&tabs);
    return rc;
}
