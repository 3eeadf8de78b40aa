/* svg.h - charts drawn by hand as inline SVG, from the model alone: per
 * model, accepted and throttled attempts per minute against the
 * requests-per-minute quota, tokens per minute against the tokens-per-minute
 * quota, and throttling per hour (CloudWatch and the application's logs).  No scripts, no links, no fonts to
 * fetch: the page stays self-contained and prints. */
#ifndef QC_SVG_H
#define QC_SVG_H

#include <jansson.h>

#include "common/buf.h"

/* Appends an <h2> and the figures of every model with data, with titles
 * and captions in lang ("en" or "pt-BR"; NULL is "en"). */
void qc_svg_charts(const json_t *model, const char *lang, qc_buf *out);

#endif
