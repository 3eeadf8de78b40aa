/* svg.c - charts as inline SVG; see svg.h.
 *
 * Three charts a model, each over the whole window so they line up: the
 * attempts per minute (accepted and throttled, stacked) against the
 * requests-per-minute quota; the tokens per minute against the
 * tokens-per-minute quota; and throttling per hour, CloudWatch's throttled
 * attempts beside the errors the application logged.  A long window is
 * drawn in at most QC_SVG_BUCKETS bars, each the envelope of its minutes,
 * so the page stays small whatever the window; throttling also gets an
 * hourly chart of its own, where a single red minute is easy to see. */
#include "svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/json.h"
#include "common/qtime.h"
#include "report/analysis.h"
#include "report/mustache.h"

#define W 760.0
#define H 270.0
#define L 62.0 /* left margin: the axis labels and the axis title */
#define B 40.0 /* bottom margin: dates and the axis title */
#define T 44.0 /* top margin: the title and the legend */
#define HOUR 3600000
#define QC_SVG_BUCKETS 1400 /* bars a chart draws at most: two a pixel of the PNG */

typedef struct words {
    const char *heading, *attempts, *attempts_cap, *tokens, *tokens_cap, *hourly, *hourly_cap,
        *quota;
    /* axis titles and legend entries */
    const char *y_attempts, *y_tokens, *y_hourly, *x_axis, *accepted, *throttled, *tokens_word,
        *logged, *per_min;
    /* the burst charts: title (before and after the burst's start), caption,
     * time axis (before the date) */
    const char *burst_a, *burst_b, *burst_cap, *x_time;
    char decimal; /* the language's decimal mark on the axes */
} words;

static const words S_en = {
    "Charts", "attempts per minute against the quota",
    "accepted requests (blue) and throttled attempts (red) per minute, with the "
    "requests-per-minute quota in force (dashed).",
    "tokens per minute against the quota",
    "input plus output tokens per minute (blue), with the tokens-per-minute quota in force "
    "(dashed).",
    "throttling per hour",
    "throttled attempts per hour as CloudWatch counted them (red) and throttling errors the "
    "application logged in the same hour (black dots).",
    "quota",
    "attempts per minute", "tokens per minute", "per hour", "date (UTC)", "accepted",
    "throttled", "tokens", "logged throttling errors", "/min",
    "burst at ", " UTC",
    "the minutes of one throttling burst and the half hour either side: accepted requests "
    "(blue) and throttled attempts (red), or tokens (blue) when tokens bit, with the quota in "
    "force (dashed).",
    "time (UTC) on ", '.'};

static const words S_pt = {
    "Gráficos", "tentativas por minuto contra a cota",
    "solicitações aceitas (azul) e tentativas limitadas (vermelho) por minuto, com a cota de "
    "solicitações por minuto em vigor (tracejada).",
    "tokens por minuto contra a cota",
    "tokens de entrada e de saída por minuto (azul), com a cota de tokens por minuto em vigor "
    "(tracejada).",
    "limitação por hora",
    "tentativas limitadas por hora segundo o CloudWatch (vermelho) e erros de limitação "
    "registrados pela aplicação na mesma hora (pontos pretos).",
    "cota",
    "tentativas por minuto", "tokens por minuto", "por hora", "data (UTC)", "aceitas",
    "limitadas", "tokens", "erros de limitação registrados", "/min",
    "rajada às ", " UTC",
    "os minutos de uma rajada de limitação e meia hora antes e depois: solicitações aceitas "
    "(azul) e tentativas limitadas (vermelho), ou tokens (azul) quando os tokens limitaram, com "
    "a cota em vigor (tracejada).",
    "hora (UTC) em ", ','};

typedef struct frame {
    int64_t t0, t1;
    double ymax;
    const words *w;
} frame;

static int64_t S_ms(const char *iso)
{
    int64_t ms = 0;
    if (iso)
        qc_time_parse_arg(iso, &ms);
    return ms;
}

static double S_x(const frame *f, int64_t t)
{
    return L + (W - L) * (double)(t - f->t0) / (double)(f->t1 - f->t0);
}

static double S_h(const frame *f, double v)
{
    return (H - B - T) * v / f->ymax;
}

/* 400000 as "400k": axis labels stay narrow; the language's decimal mark. */
static void S_short(qc_buf *o, const frame *f, double v)
{
    size_t at = o->len;
    if (v >= 1e6)
        qc_buf_printf(o, "%.3gM", v / 1e6);
    else if (v >= 1e4)
        qc_buf_printf(o, "%.3gk", v / 1e3);
    else
        qc_buf_printf(o, "%.10g", v);
    for (size_t i = at; i < o->len; i++)
        if (o->ptr[i] == '.')
            o->ptr[i] = f->w->decimal;
}

/* The governing quota of one kind for a model, or -1. */
static double S_quota(const json_t *model, const char *id, const char *kind)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(json_object_get(model, "diagnosis"), "models"), i, d)
    {
        const char *mid = qc_json_get_str(d, "model_id");
        const json_t *q = json_object_get(json_object_get(d, "quotas"), kind);
        if (mid && !strcmp(mid, id) && json_is_object(q))
            return json_number_value(json_object_get(q, "value"));
    }
    return -1;
}

/* An axis top above v (with 5 % room, so a bar never touches the frame)
 * read in four round steps: 0, 30, 60, 90, 120 for a quota of 100, not
 * 0, 50 ... 200, where a few throttles would be a sliver; counts get whole
 * steps (0, 1, 2, 3, 4 rather than 0, 0.5 ... 2). */
static double S_nice(double v)
{
    double want = v * 1.05, p = pow(10, floor(log10(want > 0 ? want : 1)));
    /* In tenths, so that 1.2 x 100 is exactly 120. */
    /* (5 is left out: its quarters, 125k, read badly.) */
    static const double m[] = {10, 12, 16, 20, 24, 30, 40, 60, 80, 100};
    for (;; p *= 10)
        for (size_t i = 0; i < sizeof m / sizeof *m; i++) {
            double top = p >= 10 ? m[i] * (p / 10) : m[i] * p / 10;
            if (top >= want && top >= 4 && top / 4 == floor(top / 4))
                return top;
        }
}

/* A legend entry at x: a swatch (a bar, a dashed line or a dot) and its words. */
static double S_legend(qc_buf *o, double x, const char *kind, const char *fill, const char *label)
{
    double y = 34;
    if (!strcmp(kind, "dash"))
        qc_buf_printf(o, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"%s\" "
                         "stroke-dasharray=\"6 4\"/>", x, y - 4, x + 18, y - 4, fill);
    else if (!strcmp(kind, "dot"))
        qc_buf_printf(o, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"3\" fill=\"%s\"/>", x + 9, y - 4, fill);
    else
        qc_buf_printf(o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"18\" height=\"8\" fill=\"%s\"/>", x,
                      y - 8, fill);
    qc_buf_printf(o, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">%s</text>", x + 24, y, label);
    return x + 24 + 6.5 * (double)strlen(label) + 18;
}

/* The chart's frame: a standalone SVG (it is also rasterised to PNG) with
 * its title naming the model, the axes, their titles and ticks. */
static void S_open(qc_buf *o, const frame *f, const char *id, const char *title,
                   const char *y_title)
{
    qc_buf_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                     "width=\"%.0f\" height=\"%.0f\" role=\"img\" font-family=\"sans-serif\">"
                     "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/><title>", W, H, W, H);
    qc_tmpl_escape_text(QC_ESC_HTML, id, strlen(id), o);
    qc_buf_printf(o, ": %s</title>", title);
    qc_buf_printf(o, "<text x=\"%.0f\" y=\"15\" font-size=\"13\" font-weight=\"bold\">", L);
    qc_tmpl_escape_text(QC_ESC_HTML, id, strlen(id), o);
    qc_buf_printf(o, ": %s</text>", title);
    qc_buf_printf(o, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#57606a\"/>",
                  L, H - B, W, H - B);
    qc_buf_printf(o, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#57606a\"/>", L,
                  T, L, H - B);
    for (int k = 0; k <= 4; k++) {
        double y = (H - B) - (H - B - T) * k / 4;
        qc_buf_printf(o, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">", L - 4,
                      y + 3);
        S_short(o, f, f->ymax * k / 4);
        qc_buf_adds(o, "</text>");
    }
    qc_buf_printf(o, "<text transform=\"translate(12 %.0f) rotate(-90)\" font-size=\"11\" "
                     "text-anchor=\"middle\">%s</text>", T + (H - B - T) / 2, y_title);
    /* Ticks a day apart (or more, for about 31 at most), labelled with the
     * date; a window of hours (a burst's) has ticks of minutes, labelled
     * with the time and the date in the axis title.  No more than 7 labels,
     * so they never overlap. */
    int64_t day = 86400000, step = day * (1 + (f->t1 - f->t0) / (day * 31)), first = f->t0;
    int hours = f->t1 - f->t0 <= day / 2;
    if (hours) {
        static const int64_t mins[] = {5, 10, 15, 30, 60, 120, 180};
        for (size_t i = 0; i < sizeof mins / sizeof *mins; i++)
            if ((step = mins[i] * 60000) * 7 >= f->t1 - f->t0)
                break;
        first = f->t0 + (step - f->t0 % step) % step; /* on the clock's round minutes */
    }
    int64_t nticks = (f->t1 - first) / step + 1, every = 1 + nticks / 7;
    int64_t k = 0;
    char d[QC_TIME_STR_MAX];
    for (int64_t t = first; t <= f->t1; t += step, k++) {
        double x = S_x(f, t);
        qc_time_format(t, d);
        qc_buf_printf(o, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#d0d7de\"/>",
                      x, H - B, x, H - B + 4);
        if (k % every == 0 && x < W - 30) /* a label at the right edge would be cut */
            qc_buf_printf(o, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\">"
                             "%.*s</text>", x, H - B + 14, hours ? 5 : 10, hours ? d + 11 : d);
    }
    qc_buf_printf(o, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"middle\">",
                  L + (W - L) / 2, H - 6);
    qc_time_format(f->t0, d);
    if (hours)
        qc_buf_printf(o, "%s%.10s</text>", f->w->x_time, d);
    else
        qc_buf_printf(o, "%s</text>", f->w->x_axis);
}

/* Ends the SVG; it goes to the page inside a figure with its caption,
 * and to the list of pictures when one is kept. */
static void S_close(qc_buf *o, qc_buf *svg, const char *id, const char *caption,
                    qc_svg_list *pics, const char *kind)
{
    qc_buf_adds(svg, "</svg>");
    qc_buf fig;
    qc_buf_init(&fig, 0);
    qc_buf_adds(&fig, "<figure>");
    qc_buf_add(&fig, svg->ptr, svg->len);
    qc_buf_adds(&fig, "<figcaption><code>");
    qc_tmpl_escape_text(QC_ESC_HTML, id, strlen(id), &fig);
    qc_buf_printf(&fig, "</code>: %s</figcaption></figure>\n", caption);
    qc_buf_add(o, fig.ptr, fig.len);
    if (pics)
    {
        qc_svg_list_add(pics, id, kind, svg->ptr, svg->len, fig.ptr);
        pics->items[pics->n - 1].caption = caption;
    }
    qc_buf_free(&fig);
    qc_buf_free(svg);
}

/* A bar of v standing on base, at t, bw wide. */
static void S_bar(qc_buf *o, const frame *f, int64_t t, double bw, double base, double v,
                  const char *fill)
{
    double x = S_x(f, t);
    if (v <= 0 || x < L || x > W)
        return;
    qc_buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", x,
                  H - B - S_h(f, base) - S_h(f, v), bw, S_h(f, v));
    /* Without a fill, the bar takes its group's: a chart of 1,400 bars
     * says its colours twice, not 2,800 times. */
    if (fill)
        qc_buf_printf(o, " fill=\"%s\"", fill);
    qc_buf_adds(o, "/>");
}

static void S_quota_line(qc_buf *o, const frame *f, double q, const char *word)
{
    if (q < 0)
        return;
    double y = (H - B) - S_h(f, q);
    qc_buf_printf(o, "<line x1=\"%.0f\" y1=\"%.2f\" x2=\"%.0f\" y2=\"%.2f\" stroke=\"#1b1f24\" "
                     "stroke-dasharray=\"6 4\"/><text x=\"%.0f\" y=\"%.2f\" font-size=\"10\" "
                     "text-anchor=\"end\">%s ", L, y, W, y, W - 2, y - 3, word);
    S_short(o, f, q);
    qc_buf_printf(o, "%s</text>", f->w->per_min);
}

static double S_bar_width(const frame *f, int64_t span)
{
    double bw = (W - L) * (double)span / (double)(f->t1 - f->t0);
    return bw < 1 ? 1 : bw;
}

/* What a per-minute chart is: its title, caption and picture's kind. */
typedef struct chart {
    const char *title, *caption, *kind;
} chart;

/* Accepted and throttled attempts per minute, or input + output tokens,
 * against a quota, over the frame's span. */
static void S_minute_chart(qc_buf *o, frame f, const char *id, const qc_minutes *rows, int tokens,
                           double quota, const chart *c, qc_svg_list *pics)
{
    const words *w = f.w;
    size_t i;
    f.ymax = quota > 0 ? quota : 1;
    for (i = 0; i < rows->n; i++)
        if (rows->t[i] >= f.t0 && rows->t[i] < f.t1)
            f.ymax = fmax(f.ymax, tokens ? qc_minutes_tokens(rows, i) : qc_minutes_attempts(rows, i));
    f.ymax = S_nice(f.ymax);
    qc_buf svg;
    qc_buf_init(&svg, (size_t)32 << 20);
    S_open(&svg, &f, id, c->title, tokens ? w->y_tokens : w->y_attempts);
    double x = L + 4;
    if (tokens) {
        x = S_legend(&svg, x, "bar", "#2f6fb0", w->tokens_word);
    } else {
        x = S_legend(&svg, x, "bar", "#2f6fb0", w->accepted);
        x = S_legend(&svg, x, "bar", "#c9372c", w->throttled);
    }
    if (quota >= 0)
        S_legend(&svg, x, "dash", "#1b1f24", w->quota);
    /* At most QC_SVG_BUCKETS bars, whatever the window: each the envelope of
     * its minutes, as tall as their busiest one and as red as their most
     * throttled one, so no peak and no throttling is lost to the drawing. */
    int64_t bucket = 60000 * (1 + (f.t1 - f.t0) / (60000 * QC_SVG_BUCKETS));
    size_t nb = (size_t)((f.t1 - f.t0) / bucket + 1);
    double *top = qc_calloc(nb, sizeof *top), *red = qc_calloc(nb, sizeof *red);
    for (i = 0; i < rows->n; i++) {
        int64_t t = rows->t[i];
        if (t < f.t0 || t >= f.t1)
            continue;
        size_t k = (size_t)((t - f.t0) / bucket);
        double acc = tokens ? qc_minutes_tokens(rows, i) : rows->c[QC_MIN_ACC][i];
        double thr = tokens ? 0 : rows->c[QC_MIN_THR][i];
        top[k] = fmax(top[k], acc + thr);
        red[k] = fmax(red[k], thr);
    }
    double bw = S_bar_width(&f, bucket);
    /* The blue part of every bar, then the red on top of it. */
    for (int red_part = 0; red_part < 2; red_part++) {
        qc_buf_printf(&svg, "<g fill=\"%s\">", red_part ? "#c9372c" : "#2f6fb0");
        for (size_t k = 0; k < nb; k++) {
            int64_t t = f.t0 + (int64_t)k * bucket;
            double r_k = fmin(red[k], top[k]);
            if (red_part)
                S_bar(&svg, &f, t, bw, top[k] - r_k, r_k, NULL);
            else
                S_bar(&svg, &f, t, bw, 0, top[k] - r_k, NULL);
        }
        qc_buf_adds(&svg, "</g>");
    }
    free(top);
    free(red);
    S_quota_line(&svg, &f, quota, w->quota);
    S_close(o, &svg, id, c->caption, pics, c->kind);
}

/* The diagnosis of one model. */
static const json_t *S_diag(const json_t *model, const char *id)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(json_object_get(model, "diagnosis"), "models"), i, d)
        if (qc_json_get_str(d, "model_id") && !strcmp(qc_json_get_str(d, "model_id"), id))
            return d;
    return NULL;
}

#define QC_SVG_BURSTS 3 /* bursts drawn close up, the most throttled first */

/* The model's most throttled bursts, each minute by minute with half an
 * hour either side (inside the window): the close-ups of the CloudWatch
 * graphs a hand-made case showed.  Tokens are drawn where tokens bit. */
static void S_burst_charts(qc_buf *out, frame whole, const json_t *model, const char *id,
                           const qc_minutes *rows, qc_svg_list *pics)
{
    static const char *const kinds[QC_SVG_BURSTS] = {"burst-1", "burst-2", "burst-3"};
    const words *w = whole.w;
    size_t i, drawn = 0;
    json_t *b;
    int64_t shown[QC_SVG_BURSTS][2];
    json_array_foreach(json_object_get(S_diag(model, id), "top_bursts"), i, b)
    {
        if (drawn >= QC_SVG_BURSTS)
            break;
        int64_t t0 = S_ms(qc_json_get_str(b, "start")), t1 = S_ms(qc_json_get_str(b, "end"));
        frame f = whole;
        f.t0 = t0 - 1800000 > whole.t0 ? t0 - 1800000 : whole.t0;
        f.t1 = t1 + 1800000 < whole.t1 ? t1 + 1800000 : whole.t1;
        if (t1 <= t0 || f.t1 <= f.t0)
            continue;
        /* A burst already in a close-up drawn for a bigger one is not drawn
         * again. */
        int seen = 0;
        for (size_t k = 0; k < drawn && !seen; k++)
            seen = t0 < shown[k][1] && t1 > shown[k][0];
        if (seen)
            continue;
        shown[drawn][0] = f.t0;
        shown[drawn][1] = f.t1;
        char start[QC_TIME_STR_MAX], title[160];
        qc_time_format(t0, start);
        snprintf(title, sizeof title, "%s%.10s %.5s%s", w->burst_a, start, start + 11, w->burst_b);
        const chart c = {title, w->burst_cap, kinds[drawn++]};
        int tokens = qc_json_get_str(b, "limit") && !strcmp(qc_json_get_str(b, "limit"), "tokens_per_minute");
        S_minute_chart(out, f, id, rows, tokens,
                       S_quota(model, id, tokens ? "tokens_per_minute" : "requests_per_minute"), &c, pics);
    }
}

/* Throttled attempts and logged events summed by hour. */
static void S_hourly_chart(qc_buf *o, frame f, const char *id, const qc_minutes *rows,
                           qc_svg_list *pics)
{
    const words *w = f.w;
    /* Hours, or wider bins for a window of more than 500 days. */
    int64_t bin = HOUR * (1 + (f.t1 - f.t0) / ((int64_t)HOUR * 12000));
    size_t n = (size_t)((f.t1 - f.t0 + bin - 1) / bin), i;
    double *thr = qc_calloc(n + 1, sizeof *thr), *logged = qc_calloc(n + 1, sizeof *logged);
    for (i = 0; i < rows->n; i++) {
        int64_t t = rows->t[i];
        if (t < f.t0 || t >= f.t1)
            continue;
        thr[(t - f.t0) / bin] += rows->c[QC_MIN_THR][i];
        logged[(t - f.t0) / bin] += rows->c[QC_MIN_LOG][i];
    }
    f.ymax = 1;
    for (i = 0; i < n; i++)
        f.ymax = fmax(f.ymax, fmax(thr[i], logged[i]));
    f.ymax = S_nice(f.ymax);
    qc_buf svg;
    qc_buf_init(&svg, (size_t)32 << 20);
    S_open(&svg, &f, id, w->hourly, w->y_hourly);
    double x = S_legend(&svg, L + 4, "bar", "#c9372c", w->throttled);
    S_legend(&svg, x, "dot", "#1b1f24", w->logged);
    double bw = S_bar_width(&f, bin);
    for (i = 0; i < n; i++) {
        int64_t t = f.t0 + (int64_t)i * bin;
        /* A window shorter than a bin: the bar ends with the window, and
         * the dot sits on it, inside the chart. */
        double bwt = fmin(bw, S_x(&f, f.t1) - S_x(&f, t));
        S_bar(&svg, &f, t, bwt, 0, thr[i], "#c9372c");
        if (logged[i] > 0)
            qc_buf_printf(&svg, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2\" fill=\"#1b1f24\"/>",
                          S_x(&f, t) + bwt / 2, H - B - S_h(&f, logged[i]));
    }
    free(thr);
    free(logged);
    S_close(o, &svg, id, w->hourly_cap, pics, "hourly");
}

const char *qc_svg_heading(const char *lang)
{
    return (lang && !strcmp(lang, "pt-BR") ? &S_pt : &S_en)->heading;
}

void qc_svg_list_add(qc_svg_list *l, const char *model_id, const char *kind, const char *svg,
                     size_t len, const char *html)
{
    l->items = qc_realloc(l->items, (l->n + 1) * sizeof *l->items);
    qc_svg_item *it = &l->items[l->n++];
    it->model_id = qc_strdup(model_id);
    it->kind = kind;
    it->svg = qc_strndup(svg, len);
    it->len = len;
    it->html = qc_strdup(html ? html : "");
}

void qc_svg_list_free(qc_svg_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].model_id);
        free(l->items[i].svg);
        free(l->items[i].html);
    }
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

void qc_svg_charts(const json_t *model, const qc_mintabs *tabs, const char *lang, qc_buf *out,
                   qc_svg_list *pics)
{
    const json_t *win = json_object_get(json_object_get(model, "evidence"), "window");
    const words *w = lang && !strcmp(lang, "pt-BR") ? &S_pt : &S_en;
    frame f = {S_ms(qc_json_get_str(win, "start")), S_ms(qc_json_get_str(win, "end")), 1, w};
    if (f.t1 <= f.t0)
        return;
    qc_buf_printf(out, "<h2>%s</h2>\n", w->heading);
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(model, "models"), i, m)
    {
        const char *id = qc_json_get_str(m, "model_id");
        /* By position: the model's ids may have been redacted since. */
        const qc_minutes *rows = qc_mintabs_at(tabs, i);
        if (!rows->n)
            continue;
        /* Per-minute charts only from 1-minute data: an hourly sum drawn as
         * a minute's bar would tower over the quota line. */
        json_int_t per = json_integer_value(json_object_get(m, "period_seconds"));
        if (per > 3600)
            continue;
        const chart whole_rpm = {w->attempts, w->attempts_cap, "attempts"};
        const chart whole_tpm = {w->tokens, w->tokens_cap, "tokens"};
        if (per == 60)
            S_minute_chart(out, f, id, rows, 0, S_quota(model, id, "requests_per_minute"), &whole_rpm,
                           pics);
        const json_t *tot = json_object_get(m, "totals");
        if (per == 60 && json_number_value(json_object_get(tot, "input_tokens")) +
                             json_number_value(json_object_get(tot, "output_tokens")) > 0)
            S_minute_chart(out, f, id, rows, 1, S_quota(model, id, "tokens_per_minute"), &whole_tpm,
                           pics);
        S_hourly_chart(out, f, id, rows, pics);
        if (per == 60)
            S_burst_charts(out, f, model, id, rows, pics);
    }
}
