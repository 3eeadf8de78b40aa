/* svg.h - charts drawn by hand as inline SVG, from the model alone: per
 * model, accepted and throttled attempts per minute against the
 * requests-per-minute quota, tokens per minute against the tokens-per-minute
 * quota, and throttling per hour (CloudWatch and the application's logs).  No scripts, no links, no fonts to
 * fetch: the page stays self-contained and prints. */
#ifndef QC_SVG_H
#define QC_SVG_H

#include <jansson.h>

#include <stddef.h>

#include "common/buf.h"
#include "report/minutes.h"

/* Each chart as a standalone SVG document, for the PNG pictures. */
typedef struct qc_svg_item {
    char *model_id;
    const char *kind; /* "attempts", "tokens", "hourly" (static) */
    char *svg;
    size_t len;
    char *html; /* the chart as the page shows it: <figure>, the SVG, <figcaption> */
    const char *caption; /* what it shows, in the render's language (static) */
} qc_svg_item;

typedef struct qc_svg_list {
    qc_svg_item *items;
    size_t n;
} qc_svg_list;

void qc_svg_list_add(qc_svg_list *l, const char *model_id, const char *kind, const char *svg,
                     size_t len, const char *html);
/* The heading of the charts' section in lang. */
const char *qc_svg_heading(const char *lang);
void qc_svg_list_free(qc_svg_list *l);

/* Appends an <h2> and the figures of every model with data, with titles,
 * axis titles, legends and captions in lang ("en" or "pt-BR"; NULL is
 * "en"); each chart's SVG also goes to pics when pics is not NULL. */
void qc_svg_charts(const json_t *model, const qc_mintabs *tabs, const char *lang, qc_buf *out,
                   qc_svg_list *pics);

#endif
