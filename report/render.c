/* render.c - the render step: model, templates, Markdown, manifest. */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/sha256.h"
#include "report/analysis.h"
#include "report/cost.h"
#include "report/embedded.h"
#include "report/casefile.h"
#include "report/markdown.h"
#include "report/mustache.h"
#include "report/svg.h"
#include "report/langfmt.h"
#include "report/templates.h"
#include "report/xlsx.h"

#define QC_RENDER_FILES 6

typedef struct output {
    const char *name;
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
    dst->name = out_name;
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

/* Replaces (or adds) the rendered files' entries in the manifest. */
static int S_update_manifest(const qc_render_opts *o, output *outs, size_t n, qc_err *err)
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
        int mine = 0;
        for (size_t k = 0; k < n; k++)
            mine |= !strcmp(qc_json_get_str(f, "name") ? qc_json_get_str(f, "name") : "", outs[k].name);
        if (!mine)
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

/* Cuts text at the last paragraph that ends within `chars` characters. */
static void S_cut(qc_buf *t, size_t chars)
{
    size_t c = 0, last = 0;
    for (size_t i = 0; i < t->len; i++) {
        c += ((unsigned char)t->ptr[i] & 0xc0) != 0x80;
        if (c > chars)
            break;
        if (t->ptr[i] == '\n' && i + 1 < t->len && t->ptr[i + 1] == '\n')
            last = i + 1;
    }
    qc_buf_truncate(t, last);
}

/* A case longer than the cap: the compact console template, which keeps
 * the request, the key numbers and the evidence list and points to the full
 * case; still too long, it ends at the last paragraph that fits. */
static int S_console(const qc_render_opts *o, const json_t *model, output *txt,
                     qc_render_result *r, qc_err *err)
{
    output c;
    memset(&c, 0, sizeof c);
    qc_buf_init(&c.data, (size_t)16 << 20);
    int rc = S_template(o, "support_case_console.txt.mustache", "support_case.txt", model, &c, err);
    if (rc == 0) {
        static const char tail[] = "\n[The full case is attached as support_case.md.]\n";
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
    dst->name = "evidence.xlsx";
    dst->provenance = qc_strdup("model.json written as a workbook by libxlsxwriter");
    return rc;
}

/* The case, its HTML and text, and the summary, from the templates. */
static int S_render_text(const qc_render_opts *o, const json_t *model, output *outs,
                         qc_render_result *r, qc_err *err)
{
    if (S_template(o, "support_case.md.mustache", "support_case.md", model, &outs[1], err) < 0 ||
        S_template(o, "evidence_summary.txt.mustache", "evidence_summary.txt", model, &outs[2],
                   err) < 0)
        return -1;
    const char *subject = qc_json_get_str(json_object_get(model, "case"), "subject");
    outs[3].name = "support_case.html";
    qc_buf charts;
    qc_buf_init(&charts, (size_t)64 << 20);
    qc_svg_charts(model, o->lang, &charts);
    qc_md_html_page(subject ? subject : "Quota increase request", outs[1].data.ptr,
                    outs[1].data.len, charts.ptr, &outs[3].data);
    qc_buf_free(&charts);
    outs[3].provenance = qc_strdup("support_case.md rendered to HTML by cmark-gfm");
    outs[4].name = "support_case.txt";
    qc_md_plaintext(outs[1].data.ptr, outs[1].data.len, &outs[4].data);
    outs[4].provenance = qc_strdup("support_case.md rendered to plain text by cmark-gfm");
    r->case_chars = S_chars(outs[4].data.ptr, outs[4].data.len);
    if (r->case_chars > QC_CONSOLE_CHARS && S_console(o, model, &outs[4], r, err) < 0)
        return -1;
    return 0;
}

static int S_render_all(const qc_render_opts *o, const json_t *model, output *outs,
                        qc_render_result *r, qc_err *err)
{
    outs[0].name = "model.json";
    qc_json_dump(model, &outs[0].data);
    outs[0].provenance = qc_strdup("analysis of the evidence files and the case file");
    /* The templates read the figures as their language writes them. */
    json_t *view = qc_langfmt_view(model, o->lang);
    int rc = S_render_text(o, view, outs, r, err);
    json_decref(view);
    return rc < 0 ? -1 : S_workbook(o, model, &outs[5], err);
}

int qc_render_run(const qc_render_opts *o, qc_render_result *r, qc_err *err)
{
    memset(r, 0, sizeof *r);
    json_t *cs = qc_case_normalize(o->case_doc);
    json_t *model = qc_analysis_run(o->evidence_dir, cs, o->now_ms, err);
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
    output outs[QC_RENDER_FILES];
    memset(outs, 0, sizeof outs);
    for (int i = 0; i < QC_RENDER_FILES; i++)
        qc_buf_init(&outs[i].data, (size_t)256 << 20);
    int rc = S_render_all(o, model, outs, r, err);
    /* All outputs go to temporary names first; only when every one is on
     * disk are they renamed, so a failed write leaves the old set whole. */
    char *tmp[QC_RENDER_FILES] = {0};
    for (int i = 0; rc == 0 && i < QC_RENDER_FILES; i++) {
        char *path = qc_fs_join(o->evidence_dir, outs[i].name);
        tmp[i] = qc_fs_tmpname(path);
        rc = qc_fs_write_file(tmp[i], outs[i].data.ptr ? outs[i].data.ptr : "", outs[i].data.len, err);
        free(path);
    }
    for (int i = 0; i < QC_RENDER_FILES && outs[i].name; i++) {
        char *path = qc_fs_join(o->evidence_dir, outs[i].name);
        if (rc == 0 && tmp[i])
            rc = qc_fs_commit(tmp[i], path, err);
        else
            qc_fs_discard(tmp[i]);
        free(tmp[i]);
        free(path);
    }
    if (rc == 0)
        rc = S_update_manifest(o, outs, QC_RENDER_FILES, err);
    if (rc == 0)
        r->files = QC_RENDER_FILES;
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
    for (int i = 0; i < QC_RENDER_FILES; i++) {
        qc_buf_free(&outs[i].data);
        free(outs[i].provenance);
    }
    json_decref(model);
    return rc;
}
