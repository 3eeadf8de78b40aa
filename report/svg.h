/* svg.h - charts drawn by hand as inline SVG, from the model alone: per
 * model, accepted and throttled attempts per minute over the window against
 * the requests-per-minute quota line.  No scripts, no links, no fonts to
 * fetch: the page stays self-contained and prints. */
#ifndef QC_SVG_H
#define QC_SVG_H

#include <jansson.h>

#include "common/buf.h"

/* Appends an <h2> and one <figure> per model with data. */
void qc_svg_charts(const json_t *model, qc_buf *out);

#endif
