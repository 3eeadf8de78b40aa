/* render.h - an evidence directory into the support case and its siblings.
 *
 * Writes into the evidence directory: model.json, support_case.md (from the
 * Mustache template, Markdown-escaped, strict), support_case.html and
 * support_case.txt (cmark-gfm from the Markdown), evidence_summary.txt,
 * evidence.xlsx and next_steps.md (for the user, not for AWS); then
 * adds them to manifest.json.  Everything is rendered in memory first, so a
 * template error writes nothing; each file is written atomically.  The
 * model is redacted as soon as it is built (the case file's text is the
 * user's, and may name people), and every text output once more as written. */
#ifndef QC_RENDER_H
#define QC_RENDER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "common/redact.h"

typedef struct qc_render_opts {
    const char *evidence_dir;
    const json_t *case_doc;    /* checked case file, or NULL */
    const char *templates_dir; /* --templates, or NULL */
    const char *lang;          /* NULL for English */
    int64_t now_ms;
    int strict; /* an open checklist item is an error (after writing) */
    const json_t *prices; /* --prices, or NULL for the built-in table */
    qc_redactor *redactor; /* every output passes it (borrowed) */
    const char *map_path;  /* where its placeholders are kept; NULL: not kept */
} qc_render_opts;

typedef struct qc_render_result {
    size_t files;
    size_t case_chars; /* support_case.txt, in characters */
    size_t full_chars; /* the full case as text when it was over the cap, else 0 */
    size_t checklist_open;
    size_t attach_over; /* attachments over Support's 5 MB (see next_steps.md) */
} qc_render_result;

int qc_render_run(const qc_render_opts *o, qc_render_result *r, qc_err *err);

#endif
