/* markdown.h - the rendered support case, as HTML and as plain text, by
 * cmark-gfm (CommonMark with GitHub's table extension). */
#ifndef QC_MARKDOWN_H
#define QC_MARKDOWN_H

#include <stddef.h>

#include "common/buf.h"

/* A whole, self-contained HTML page: no network requests (a restrictive
 * Content-Security-Policy says so to the browser), raw HTML in the Markdown
 * is not passed through, and the style reads well on screen and on paper. */
/* A picture the Markdown names ![alt](src) (a PNG beside the file) that the
 * page shows inline as html (an SVG figure), where the Markdown puts it. */
typedef struct qc_md_figure {
    const char *src, *html;
} qc_md_figure;
/* Pictures the Markdown does not name go last, under rest_heading. */
void qc_md_html_page(const char *title, const char *md, size_t len, const qc_md_figure *figs,
                     size_t nfigs, const char *rest_heading, qc_buf *out);
/* Plain text for pasting into a console form; pictures are left out (the
 * text names its attachments). */
void qc_md_plaintext(const char *md, size_t len, qc_buf *out);

#endif
