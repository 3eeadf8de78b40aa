/* chartpng.c - SVG to PNG with librsvg, cairo and libpng; see chartpng.h. */
#include "chartpng.h"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <png.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"

#define QC_PNG_SCALE 2.0
#define QC_PNG_LEVEL 6
#define QC_PNG_WAITING 4 /* pictures drawn and not yet encoded, at most */

/* A drawn picture: cairo's RGB24 pixels (a native-endian 32-bit word
 * each, 0x00RRGGBB) in memory of ours, so no cairo object crosses threads. */
typedef struct picture {
    unsigned char *px;
    int w, h, stride;
} picture;

/* ---- drawing (the calling thread only) ---- */

static int S_draw(const char *svg, size_t len, picture *p, qc_err *err)
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
    p->w = (int)(w * QC_PNG_SCALE);
    p->h = (int)(hgt * QC_PNG_SCALE);
    p->stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, p->w);
    p->px = qc_malloc((size_t)p->stride * (size_t)p->h);
    cairo_surface_t *s = cairo_image_surface_create_for_data(p->px, CAIRO_FORMAT_RGB24, p->w, p->h,
                                                             p->stride);
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
    cairo_surface_flush(s);
    if (rc == 0 && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        rc = qc_err_set(err, QC_EIO, "chart picture: cannot draw: %s",
                        cairo_status_to_string(cairo_surface_status(s)));
    /* The surface only borrowed p->px: it is finished with it here. */
    cairo_surface_finish(s);
    if (rc < 0) {
        free(p->px);
        p->px = NULL;
    }
    cairo_surface_destroy(s);
    g_object_unref(h);
    return rc;
}

/* ---- encoding (any thread: one libpng state each) ---- */

static void S_png_write(png_structp png, png_bytep data, png_size_t len)
{
    if (qc_buf_add(png_get_io_ptr(png), data, len) < 0)
        png_error(png, "the picture is larger than its buffer may hold");
}

static void S_png_flush(png_structp png) { (void)png; }

static void S_png_fail(png_structp png, png_const_charp msg)
{
    char *why = png_get_error_ptr(png);
    snprintf(why, 200, "%s", msg);
    png_longjmp(png, 1);
}

static void S_png_warn(png_structp png, png_const_charp msg) { (void)png, (void)msg; }

/* Appends the PNG of p to out (its pixels are overwritten on the way); why
 * (200 bytes) says what failed. */
static int S_encode(picture *p, qc_buf *out, char *why)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, why, S_png_fail, S_png_warn);
    if (!png) {
        snprintf(why, 200, "out of memory");
        return -1;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        snprintf(why, 200, "out of memory");
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    /* setjmp alone in its condition, as C allows it; png and info are not
     * changed after it, so they need not be volatile. */
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_set_write_fn(png, out, S_png_write, S_png_flush);
    png_set_IHDR(png, info, (png_uint_32)p->w, (png_uint_32)p->h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, QC_PNG_LEVEL);
    png_write_info(png, info);
    for (int y = 0; y < p->h; y++) {
        /* Each row to 8-bit RGB in place: 4 bytes a pixel become 3, front to back. */
        unsigned char *row = p->px + (size_t)y * (size_t)p->stride;
        for (int x = 0; x < p->w; x++) {
            uint32_t v;
            memcpy(&v, row + 4 * (size_t)x, 4);
            row[3 * x] = (unsigned char)(v >> 16);
            row[3 * x + 1] = (unsigned char)(v >> 8);
            row[3 * x + 2] = (unsigned char)v;
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int qc_chartpng_render(const char *svg, size_t len, qc_buf *out, qc_err *err)
{
    qc_chartpng_job job = {svg, len, out};
    return qc_chartpng_render_all(&job, 1, 0, err);
}

/* ---- the pipeline: drawn pictures waiting for an encoder ---- */

typedef struct slot {
    picture pic;
    qc_buf *out;
    size_t index;
} slot;

typedef struct pipeline {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    slot waiting[QC_PNG_WAITING];
    size_t head, count;
    int closed;        /* no more pictures will come */
    int failed;        /* an encoding failed: its message is in why */
    size_t failed_at;  /* the first failed job */
    char why[200];
} pipeline;

static void S_fail_at(pipeline *pl, size_t index, const char *why)
{
    if (!pl->failed || index < pl->failed_at) {
        pl->failed = 1;
        pl->failed_at = index;
        snprintf(pl->why, sizeof pl->why, "%s", why);
    }
}

static void *S_encoder(void *ud)
{
    pipeline *pl = ud;
    pthread_mutex_lock(&pl->lock);
    for (;;) {
        while (!pl->count && !pl->closed)
            pthread_cond_wait(&pl->changed, &pl->lock);
        if (!pl->count)
            break;
        slot s = pl->waiting[pl->head];
        pl->head = (pl->head + 1) % QC_PNG_WAITING;
        pl->count--;
        pthread_cond_broadcast(&pl->changed);
        pthread_mutex_unlock(&pl->lock);
        char why[200] = "";
        int rc = S_encode(&s.pic, s.out, why);
        free(s.pic.px);
        pthread_mutex_lock(&pl->lock);
        if (rc < 0)
            S_fail_at(pl, s.index, why);
    }
    pthread_mutex_unlock(&pl->lock);
    return NULL;
}

static void S_push(pipeline *pl, const slot *s)
{
    pthread_mutex_lock(&pl->lock);
    while (pl->count == QC_PNG_WAITING)
        pthread_cond_wait(&pl->changed, &pl->lock);
    pl->waiting[(pl->head + pl->count) % QC_PNG_WAITING] = *s;
    pl->count++;
    pthread_cond_broadcast(&pl->changed);
    pthread_mutex_unlock(&pl->lock);
}

int qc_chartpng_render_all(const qc_chartpng_job *jobs, size_t n, int threads, qc_err *err)
{
    if (threads > (int)n)
        threads = (int)n;
    pipeline pl;
    memset(&pl, 0, sizeof pl);
    pthread_mutex_init(&pl.lock, NULL);
    pthread_cond_init(&pl.changed, NULL);
    pthread_t *th = qc_calloc(threads > 0 ? (size_t)threads : 1, sizeof *th);
    int started = 0;
    while (started < threads && pthread_create(&th[started], NULL, S_encoder, &pl) == 0)
        started++;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        slot s = {{NULL, 0, 0, 0}, jobs[i].out, i};
        if (S_draw(jobs[i].svg, jobs[i].len, &s.pic, err) < 0) {
            rc = -1;
            break;
        }
        if (started == 0) { /* no encoder threads (asked for none, or none could be made) */
            char why[200] = "";
            int bad = S_encode(&s.pic, s.out, why) < 0;
            free(s.pic.px);
            if (bad) {
                S_fail_at(&pl, i, why);
                break;
            }
        } else {
            S_push(&pl, &s);
        }
    }
    pthread_mutex_lock(&pl.lock);
    pl.closed = 1;
    pthread_cond_broadcast(&pl.changed);
    pthread_mutex_unlock(&pl.lock);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    if (rc == 0 && pl.failed)
        rc = qc_err_set(err, QC_EIO, "chart picture: cannot encode the PNG: %s", pl.why);
    pthread_cond_destroy(&pl.changed);
    pthread_mutex_destroy(&pl.lock);
    return rc;
}
