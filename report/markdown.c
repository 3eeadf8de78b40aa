/* markdown.c - cmark-gfm rendering; see markdown.h. */
#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "report/mustache.h"

static cmark_node *S_parse(const char *md, size_t len, cmark_parser **pp)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    cmark_syntax_extension *table = cmark_find_syntax_extension("table");
    if (table)
        cmark_parser_attach_syntax_extension(p, table);
    cmark_parser_feed(p, md, len);
    *pp = p;
    return cmark_parser_finish(p);
}

/* A key/value table ("| | |" over its rows) has a header row of empty
 * cells: the page shows it as an empty grey bar, so it goes. */
static void S_drop_empty_headers(cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    cmark_node *drop[256];
    size_t n = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *t = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || strcmp(cmark_node_get_type_string(t), "table"))
            continue;
        cmark_node *row = cmark_node_first_child(t);
        if (!row || !cmark_gfm_extensions_get_table_row_is_header(row) || n == 256)
            continue;
        int empty = 1;
        for (cmark_node *c = cmark_node_first_child(row); c && empty; c = cmark_node_next(c))
            empty = cmark_node_first_child(c) == NULL;
        /* Only when a row follows: a table is never left without rows. */
        if (empty && cmark_node_next(row))
            drop[n++] = row;
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < n; i++)
        cmark_node_free(drop[i]);
}

/* Pictures out, with the paragraphs they leave empty. */
static void S_drop_images(cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    size_t n = 0, cap = 0;
    cmark_node **drop = NULL;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *t = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(t) == CMARK_NODE_IMAGE) {
            drop = qc_grow(drop, &cap, n + 1, sizeof *drop);
            drop[n++] = t;
        }
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < n; i++) {
        cmark_node *para = cmark_node_parent(drop[i]);
        cmark_node_free(drop[i]);
        int empty = 1;
        for (cmark_node *c = para ? cmark_node_first_child(para) : NULL; c && empty; c = cmark_node_next(c))
            empty = cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK ||
                    (cmark_node_get_type(c) == CMARK_NODE_TEXT &&
                     strspn(cmark_node_get_literal(c), "\t \n") == strlen(cmark_node_get_literal(c)));
        if (para && empty && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH)
            cmark_node_free(para);
    }
    free(drop);
}

static const char S_style[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;"
    "color:#1b1f24;margin:0;background:#fff}"
    "main{max-width:60rem;margin:0 auto;padding:2rem 1.5rem}"
    "h1{font-size:1.6rem;border-bottom:2px solid #d0d7de;padding-bottom:.3rem}"
    "h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d0d7de}"
    "table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}"
    "th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}"
    /* Hashes and ARNs (in code spans) break anywhere; words and figures never. */
    "td code{overflow-wrap:anywhere}"
    "th{background:#f3f5f7}td[align=right],th[align=right]{text-align:right}"
    "code{font-family:ui-monospace,monospace;font-size:.88em;background:#f3f5f7;"
    "padding:.1em .3em;border-radius:3px}"
    "@media print{main{max-width:none;padding:0}h2{break-after:avoid}"
    "table,tr{break-inside:avoid}figure{break-inside:avoid}}"
    "figure{margin:1rem 0}figcaption{font-size:.85rem;color:#57606a}"
    /* Charts as wide as the text: drawn 760 wide, their labels read at the
     * page's size, not smaller. */
    "figure svg{width:100%;height:auto}";

/* Appends html with each of cmark's <img src="SRC" alt="..." /> for a
 * figure's src replaced by the figure (its paragraph too, when the picture
 * is alone in it); placed[i] says whether figure i was. */
static void S_place(const char *html, const qc_md_figure *figs, size_t n, int *placed, qc_buf *out)
{
    const char *p = html;
    for (;;) {
        const char *img = strstr(p, "<img src=\""), *end;
        if (!img) {
            qc_buf_adds(out, p);
            return;
        }
        const char *src = img + 10, *q = strchr(src, '"');
        size_t k = n;
        for (size_t i = 0; q && i < n; i++)
            if ((size_t)(q - src) == strlen(figs[i].src) && !strncmp(src, figs[i].src, (size_t)(q - src)))
                k = i;
        if (k == n || !(end = strstr(q, " />"))) {
            qc_buf_add(out, p, (size_t)(src - p));
            p = src;
            continue;
        }
        end += 3;
        int alone = img - p >= 3 && !strncmp(img - 3, "<p>", 3) && !strncmp(end, "</p>", 4);
        qc_buf_add(out, p, (size_t)(img - p) - (alone ? 3 : 0));
        qc_buf_adds(out, figs[k].html);
        placed[k] = 1;
        p = end + (alone ? 4 : 0);
    }
}

void qc_md_html_page(const char *title, const char *md, size_t len, const qc_md_figure *figs,
                     size_t nfigs, const char *rest_heading, qc_buf *out)
{
    cmark_parser *p;
    cmark_node *doc = S_parse(md, len, &p);
    S_drop_empty_headers(doc);
    char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(p));
    qc_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'; img-src data:\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>");
    qc_tmpl_escape_text(QC_ESC_HTML, title, strlen(title), out);
    qc_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", S_style);
    int *placed = calloc(nfigs + 1, sizeof *placed);
    S_place(html, figs, nfigs, placed, out);
    int rest = 0;
    for (size_t i = 0; i < nfigs; i++)
        if (!placed[i]) {
            if (!rest++ && rest_heading)
                qc_buf_printf(out, "<h2>%s</h2>\n", rest_heading);
            qc_buf_adds(out, figs[i].html);
        }
    free(placed);
    qc_buf_adds(out, "</main>\n</body>\n</html>\n");
    free(html);
    cmark_node_free(doc);
    cmark_parser_free(p);
}

void qc_md_plaintext(const char *md, size_t len, qc_buf *out)
{
    cmark_parser *p;
    cmark_node *doc = S_parse(md, len, &p);
    S_drop_images(doc);
    char *text = cmark_render_plaintext(doc, CMARK_OPT_DEFAULT, 0);
    qc_buf_adds(out, text);
    free(text);
    cmark_node_free(doc);
    cmark_parser_free(p);
}
