/* chartpng.h - the charts as PNG pictures, for the places a picture goes
 * where an inline SVG cannot (a support case's attachments, a document).
 *
 * Each picture is the chart's own SVG (svg.h) rasterised by librsvg onto a
 * cairo image surface at twice its size: one drawing, two forms, so the
 * picture and the page never disagree.  The PNG is written by libpng
 * without row filters at zlib level 6: on these flat-coloured charts that
 * is both the smaller file and a third of the time of libpng's adaptive
 * filtering (bench/README.md). */
#ifndef QC_CHARTPNG_H
#define QC_CHARTPNG_H

#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"

/* The PNG of one standalone SVG document, appended to out. */
int qc_chartpng_render(const char *svg, size_t len, qc_buf *out, qc_err *err);

typedef struct qc_chartpng_job {
    const char *svg;
    size_t len;
    qc_buf *out; /* the PNG is appended here */
} qc_chartpng_job;

/* Every job's picture.  The drawing stays on the calling thread (librsvg,
 * cairo, pango and fontconfig are used from one thread only); the encoding
 * runs on up to `threads` others (0: in this thread), with a few pictures
 * waiting at most, so memory does not grow with the number of charts.  The
 * bytes are the same whatever the number of threads.  On an error no job
 * is left half-encoded unnoticed: the first error is returned. */
int qc_chartpng_render_all(const qc_chartpng_job *jobs, size_t n, int threads, qc_err *err);

#endif
