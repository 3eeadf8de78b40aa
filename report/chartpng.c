/* chartpng.c - SVG to PNG with librsvg and cairo; see chartpng.h. */
#include "chartpng.h"

#include <cairo.h>
#include <librsvg/rsvg.h>

#define QC_PNG_SCALE 2.0

static cairo_status_t S_write(void *closure, const unsigned char *data, unsigned int len)
{
    return qc_buf_add(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int qc_chartpng_render(const char *svg, size_t len, qc_buf *out, qc_err *err)
{
    GError *ge = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, len, &ge);
    if (!h) {
        qc_err_set(err, QC_EIO, "chart picture: %s", ge ? ge->message : "not an SVG");
        if (ge)
            g_error_free(ge);
        return -1;
    }
    gdouble w = 0, hgt = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hgt) || w <= 0 || hgt <= 0) {
        w = 760;
        hgt = 270;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * QC_PNG_SCALE),
                                                    (int)(hgt * QC_PNG_SCALE));
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    RsvgRectangle vp = {0, 0, w * QC_PNG_SCALE, hgt * QC_PNG_SCALE};
    int rc = 0;
    if (!rsvg_handle_render_document(h, cr, &vp, &ge)) {
        rc = qc_err_set(err, QC_EIO, "chart picture: %s", ge ? ge->message : "cannot draw");
        if (ge)
            g_error_free(ge);
    }
    cairo_destroy(cr);
    if (rc == 0 && cairo_surface_write_to_png_stream(s, S_write, out) != CAIRO_STATUS_SUCCESS)
        rc = qc_err_set(err, QC_EIO, "chart picture: cannot encode the PNG");
    cairo_surface_destroy(s);
    g_object_unref(h);
    return rc;
}
