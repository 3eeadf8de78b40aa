/* mustache.h - the Mustache template engine (spec v1.3 core modules).
 *
 * Interpolation ({{x}} escaped, {{{x}}} and {{&x}} raw), dotted names,
 * the implicit iterator {{.}}, sections over lists, objects, booleans and
 * non-empty values, inverted sections, comments, partials, set delimiters,
 * and the spec's standalone-line rules.  Data is JSON (jansson).
 *
 * Escaping follows the output: HTML for .html and unknown names, Markdown-
 * safe for .md (user text cannot change the document's structure), none
 * for .txt.  In strict mode a name missing from the data is an error naming
 * template:line:column. */
#ifndef QC_MUSTACHE_H
#define QC_MUSTACHE_H

#include <jansson.h>
#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"

typedef enum { QC_ESC_HTML, QC_ESC_MARKDOWN, QC_ESC_NONE } qc_tmpl_escape;

/* Finds a partial's text by name; returns 0 and fills out, or -1 (with err
 * set only for a real failure; an absent partial leaves err clear). */
typedef int (*qc_tmpl_loader)(void *ud, const char *name, qc_buf *out, qc_err *err);

typedef struct qc_tmpl_opts {
    qc_tmpl_escape escape;
    int strict;
    qc_tmpl_loader load_partial; /* may be NULL: partials render empty */
    void *loader_ud;
} qc_tmpl_opts;

/* The escaping an output file name asks for (by its extension). */
qc_tmpl_escape qc_tmpl_escape_for(const char *output_name);

/* Renders src (named `name` in errors) with data; appends to out. */
int qc_tmpl_render(const char *name, const char *src, size_t len, const json_t *data,
                   const qc_tmpl_opts *o, qc_buf *out, qc_err *err);

/* Escapes text as the mode asks (used for values; exposed for tests). */
void qc_tmpl_escape_text(qc_tmpl_escape mode, const char *s, size_t n, qc_buf *out);

#endif
