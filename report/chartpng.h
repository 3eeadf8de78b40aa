/* chartpng.h - the charts as PNG pictures, for the places a picture goes
 * where an inline SVG cannot (a support case's attachments, a document).
 *
 * Each picture is the chart's own SVG (svg.h) rasterised by librsvg onto a
 * cairo image surface at twice its size: one drawing, two forms, so the
 * picture and the page never disagree. */
#ifndef QC_CHARTPNG_H
#define QC_CHARTPNG_H

#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"

/* The PNG of one standalone SVG document, appended to out. */
int qc_chartpng_render(const char *svg, size_t len, qc_buf *out, qc_err *err);

#endif
