/* svg.c - charts as inline SVG; see svg.h.
 *
 * Three charts a model, each over the whole window so they line up: the
 * attempts per minute (accepted and throttled, stacked) against the
 * requests-per-minute quota; the tokens per minute against the
 * tokens-per-minute quota; and throttling per hour, CloudWatch's throttled
 * attempts beside the errors the application logged.  A week of minutes is
 * 10,080 bars on 712 pixels, which is why throttling gets an hourly chart
 * of its own: a single red minute is too thin to see in the first. */
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
#define H 240.0
#define L 52.0 /* left margin for the axis labels */
#define B 28.0 /* bottom margin */
#define HOUR 3600000

typedef struct words {
    const char *heading, *attempts, *attempts_cap, *tokens, *tokens_cap, *hourly, *hourly_cap,
        *quota;
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
    "quota"};

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
    "cota"};

typedef struct frame {
    int64_t t0, t1;
    double ymax;
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
    return (H - B - 8) * v / f->ymax;
}

/* 400000 as "400k": axis labels stay narrow. */
static void S_short(qc_buf *o, double v)
{
    if (v >= 1e6)
        qc_buf_printf(o, "%.3gM", v / 1e6);
    else if (v >= 1e4)
        qc_buf_printf(o, "%.3gk", v / 1e3);
    else
        qc_buf_printf(o, "%g", v);
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

/* An axis top above v with four round steps (1, 2, 2.5 or 5 times a power
 * of ten), so the labels read 0, 250, 500, 750, 1000 and not 0, 28, 56. */
static double S_nice(double v)
{
    double raw = v * 1.05 / 4, p = pow(10, floor(log10(raw > 0 ? raw : 1)));
    static const double m[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        if (m[i] * p >= raw)
            return 4 * m[i] * p;
    return 40 * p;
}

static void S_open(qc_buf *o, const frame *f, const char *id, const char *title)
{
    qc_buf_adds(o, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 240\" "
                   "width=\"100%\" role=\"img\" font-family=\"sans-serif\"><title>");
    qc_tmpl_escape_text(QC_ESC_HTML, id, strlen(id), o);
    qc_buf_printf(o, ": %s</title>", title);
    qc_buf_printf(o, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#57606a\"/>",
                  L, H - B, W, H - B);
    qc_buf_printf(o, "<line x1=\"%.0f\" y1=\"0\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#57606a\"/>", L, L,
                  H - B);
    for (int k = 0; k <= 4; k++) {
        double y = (H - B) - (H - B - 8) * k / 4;
        qc_buf_printf(o, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">", L - 4,
                      y + 3);
        S_short(o, f->ymax * k / 4);
        qc_buf_adds(o, "</text>");
    }
    /* A tick a day, or every few days so that a long window keeps about 31. */
    int64_t day = 86400000, step = day * (1 + (f->t1 - f->t0) / (day * 31));
    for (int64_t t = f->t0; t <= f->t1; t += step) {
        double x = S_x(f, t);
        char d[QC_TIME_STR_MAX];
        qc_time_format(t, d);
        qc_buf_printf(o, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#d0d7de\"/>",
                      x, H - B, x, H - B + 4);
        if (x < W - 16) /* a label at the right edge would be cut */
            qc_buf_printf(o, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\">"
                             "%.5s</text>", x, H - 10, d + 5);
    }
}

static void S_close(qc_buf *o, const char *id, const char *caption)
{
    qc_buf_adds(o, "</svg><figcaption><code>");
    qc_tmpl_escape_text(QC_ESC_HTML, id, strlen(id), o);
    qc_buf_printf(o, "</code>: %s</figcaption></figure>\n", caption);
}

/* A bar of v standing on base, at t, bw wide. */
static void S_bar(qc_buf *o, const frame *f, int64_t t, double bw, double base, double v,
                  const char *fill)
{
    double x = S_x(f, t);
    if (v <= 0 || x < L || x > W)
        return;
    qc_buf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>", x,
                  H - B - S_h(f, base) - S_h(f, v), bw, S_h(f, v), fill);
}

static void S_quota_line(qc_buf *o, const frame *f, double q, const char *word)
{
    if (q < 0)
        return;
    double y = (H - B) - S_h(f, q);
    qc_buf_printf(o, "<line x1=\"%.0f\" y1=\"%.2f\" x2=\"%.0f\" y2=\"%.2f\" stroke=\"#1b1f24\" "
                     "stroke-dasharray=\"6 4\"/><text x=\"%.0f\" y=\"%.2f\" font-size=\"10\" "
                     "text-anchor=\"end\">%s ", L, y, W, y, W - 2, y - 3, word);
    S_short(o, q);
    qc_buf_adds(o, "/min</text>");
}

static double S_bar_width(const frame *f, int64_t span)
{
    double bw = (W - L) * (double)span / (double)(f->t1 - f->t0);
    return bw < 1 ? 1 : bw;
}

/* Accepted and throttled attempts per minute, or input + output tokens,
 * against a quota. */
static void S_minute_chart(qc_buf *o, frame f, const json_t *m, int tokens, double quota,
                           const char *title, const char *caption, const char *word)
{
    const char *id = qc_json_get_str(m, "model_id");
    const json_t *rows = json_object_get(m, "minutes");
    size_t i;
    json_t *r;
    f.ymax = quota > 0 ? quota : 1;
    json_array_foreach(rows, i, r)
        f.ymax = fmax(f.ymax, tokens ? qc_analysis_cell(r, QC_MIN_TIN) + qc_analysis_cell(r, QC_MIN_TOUT) : qc_analysis_cell(r, QC_MIN_ACC) + qc_analysis_cell(r, QC_MIN_THR));
    f.ymax = S_nice(f.ymax);
    S_open(o, &f, id, title);
    double bw = S_bar_width(&f, 60000);
    json_array_foreach(rows, i, r)
    {
        int64_t t = S_ms(json_string_value(json_array_get(r, QC_MIN_T)));
        if (tokens) {
            S_bar(o, &f, t, bw, 0, qc_analysis_cell(r, QC_MIN_TIN) + qc_analysis_cell(r, QC_MIN_TOUT), "#2f6fb0");
        } else {
            S_bar(o, &f, t, bw, 0, qc_analysis_cell(r, QC_MIN_ACC), "#2f6fb0");
            S_bar(o, &f, t, bw, qc_analysis_cell(r, QC_MIN_ACC), qc_analysis_cell(r, QC_MIN_THR), "#c9372c");
        }
    }
    S_quota_line(o, &f, quota, word);
    S_close(o, id, caption);
}

/* Throttled attempts and logged events summed by hour. */
static void S_hourly_chart(qc_buf *o, frame f, const json_t *m, const words *w)
{
    const char *id = qc_json_get_str(m, "model_id");
    /* Hours, or wider bins for a window of more than 500 days. */
    int64_t bin = HOUR * (1 + (f.t1 - f.t0) / ((int64_t)HOUR * 12000));
    size_t n = (size_t)((f.t1 - f.t0 + bin - 1) / bin), i;
    double *thr = qc_calloc(n + 1, sizeof *thr), *logged = qc_calloc(n + 1, sizeof *logged);
    json_t *r;
    json_array_foreach(json_object_get(m, "minutes"), i, r)
    {
        int64_t t = S_ms(json_string_value(json_array_get(r, QC_MIN_T)));
        if (t < f.t0 || t >= f.t1)
            continue;
        thr[(t - f.t0) / bin] += qc_analysis_cell(r, QC_MIN_THR);
        logged[(t - f.t0) / bin] += qc_analysis_cell(r, QC_MIN_LOG);
    }
    f.ymax = 1;
    for (i = 0; i < n; i++)
        f.ymax = fmax(f.ymax, fmax(thr[i], logged[i]));
    f.ymax = S_nice(f.ymax);
    S_open(o, &f, id, w->hourly);
    double bw = S_bar_width(&f, bin);
    for (i = 0; i < n; i++) {
        int64_t t = f.t0 + (int64_t)i * bin;
        /* A window shorter than a bin: the bar ends with the window, and
         * the dot sits on it, inside the chart. */
        double bwt = fmin(bw, S_x(&f, f.t1) - S_x(&f, t));
        S_bar(o, &f, t, bwt, 0, thr[i], "#c9372c");
        if (logged[i] > 0)
            qc_buf_printf(o, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2\" fill=\"#1b1f24\"/>",
                          S_x(&f, t) + bwt / 2, H - B - S_h(&f, logged[i]));
    }
    free(thr);
    free(logged);
    S_close(o, id, w->hourly_cap);
}

void qc_svg_charts(const json_t *model, const char *lang, qc_buf *out)
{
    const json_t *win = json_object_get(json_object_get(model, "evidence"), "window");
    frame f = {S_ms(qc_json_get_str(win, "start")), S_ms(qc_json_get_str(win, "end")), 1};
    if (f.t1 <= f.t0)
        return;
    const words *w = lang && !strcmp(lang, "pt-BR") ? &S_pt : &S_en;
    qc_buf_printf(out, "<h2>%s</h2>\n", w->heading);
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(model, "models"), i, m)
    {
        if (!json_array_size(json_object_get(m, "minutes")))
            continue;
        const char *id = qc_json_get_str(m, "model_id");
        /* Per-minute charts only from 1-minute data: an hourly sum drawn as
         * a minute's bar would tower over the quota line. */
        json_int_t per = json_integer_value(json_object_get(m, "period_seconds"));
        if (per > 3600)
            continue;
        if (per == 60)
            S_minute_chart(out, f, m, 0, S_quota(model, id, "requests_per_minute"), w->attempts,
                           w->attempts_cap, w->quota);
        const json_t *tot = json_object_get(m, "totals");
        if (per == 60 && json_number_value(json_object_get(tot, "input_tokens")) +
                             json_number_value(json_object_get(tot, "output_tokens")) > 0)
            S_minute_chart(out, f, m, 1, S_quota(model, id, "tokens_per_minute"), w->tokens,
                           w->tokens_cap, w->quota);
        S_hourly_chart(out, f, m, w);
    }
}
