/* langfmt.h - figures written the way the case's language writes them.
 * model.json keeps one spelling (1,234.5); a template set in another
 * language renders from a copy whose `_text` figures follow that language,
 * so a Brazilian reader never takes a thousands separator for a decimal
 * mark. */
#ifndef QC_LANGFMT_H
#define QC_LANGFMT_H

#include <jansson.h>

/* Rewrites, in place, every string `x_text` whose sibling `x` is a number,
 * for lang ("pt-BR" and other "pt" tags group thousands with '.' and mark
 * decimals with ','); English or NULL leaves the model as it is.  The
 * numbers themselves never change. */
void qc_langfmt_apply(json_t *model, const char *lang);

/* What the templates of lang read: a new reference to model itself when
 * lang writes figures as model.json does (no copy of a large model), else
 * a copy with qc_langfmt_apply done.  The caller json_decref()s it. */
json_t *qc_langfmt_view(const json_t *model, const char *lang);

#endif
