/* svg.c - demand-versus-quota charts as SVG; see svg.h. */
#include "svg.h"

#include <math.h>
#include <string.h>

#include "common/json.h"
#include "common/qtime.h"
#include "report/mustache.h"

#define W 760.0
#define H 240.0
#define L 48.0 /* left margin for the axis labels */
#define B 28.0 /* bottom margin */

static int64_t S_ms(const char *iso)
{
    int64_t ms = 0;
    if (iso)
        qc_time_parse_arg(iso, &ms);
    return ms;
}

static const json_t *S_rpm(const json_t *model, const char *id)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(json_object_get(model, "diagnosis"), "models"), i, d)
        if (!strcmp(qc_json_get_str(d, "model_id") ? qc_json_get_str(d, "model_id") : "", id))
            return json_object_get(json_object_get(d, "quotas"), "requests_per_minute");
    return NULL;
}

static void S_axes(qc_buf *o, int64_t t0, int64_t t1, double ymax)
{
    qc_buf_printf(o, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#57606a\"/>",
                  L, H - B, W, H - B);
    qc_buf_printf(o, "<line x1=\"%.0f\" y1=\"0\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#57606a\"/>", L, L,
                  H - B);
    for (int k = 0; k <= 4; k++) {
        double v = ymax * k / 4, y = (H - B) - (H - B - 8) * k / 4;
        qc_buf_printf(o, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.0f</text>",
                      L - 4, y + 3, v);
    }
    /* A tick a day. */
    for (int64_t t = t0; t <= t1; t += 86400000) {
        double x = L + (W - L) * (double)(t - t0) / (double)(t1 - t0);
        char d[QC_TIME_STR_MAX];
        qc_time_format(t, d);
        qc_buf_printf(o, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#d0d7de\"/>"
                         "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\">%.5s</text>",
                      x, H - B, x, H - B + 4, x, H - 10, d + 5);
    }
}

static void S_chart(const json_t *model, const json_t *m, int64_t t0, int64_t t1, qc_buf *o)
{
    const char *id = qc_json_get_str(m, "model_id");
    const json_t *rpm = S_rpm(model, id), *rows = json_object_get(m, "minutes");
    double quota = json_is_object(rpm) ? json_number_value(json_object_get(rpm, "value")) : -1;
    double ymax = quota > 0 ? quota : 1;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        double a = json_number_value(json_array_get(r, 1)) + json_number_value(json_array_get(r, 2));
        ymax = a > ymax ? a : ymax;
    }
    ymax = ceil(ymax * 1.1);
    qc_buf_adds(o, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 240\" "
                   "width=\"100%\" role=\"img\" font-family=\"sans-serif\"><title>");
    qc_tmpl_escape_text(QC_ESC_HTML, id, strlen(id), o);
    qc_buf_adds(o, ": attempts per minute against the quota</title>");
    S_axes(o, t0, t1, ymax);
    double bw = (W - L) * 60000.0 / (double)(t1 - t0);
    bw = bw < 1 ? 1 : bw;
    json_array_foreach(rows, i, r)
    {
        int64_t t = S_ms(json_string_value(json_array_get(r, 0)));
        double acc = json_number_value(json_array_get(r, 1)), thr = json_number_value(json_array_get(r, 2));
        double x = L + (W - L) * (double)(t - t0) / (double)(t1 - t0);
        double ya = (H - B - 8) * acc / ymax, yt = (H - B - 8) * thr / ymax;
        if (x < L || x > W)
            continue;
        qc_buf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#2f6fb0\"/>",
                      x, H - B - ya, bw, ya);
        if (thr > 0)
            qc_buf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#c9372c\"/>",
                          x, H - B - ya - yt, bw, yt);
    }
    if (quota >= 0) {
        double y = (H - B) - (H - B - 8) * quota / ymax;
        qc_buf_printf(o, "<line x1=\"%.0f\" y1=\"%.2f\" x2=\"%.0f\" y2=\"%.2f\" stroke=\"#1b1f24\" "
                         "stroke-dasharray=\"6 4\"/><text x=\"%.0f\" y=\"%.2f\" font-size=\"10\" "
                         "text-anchor=\"end\">quota %.0f/min</text>",
                      L, y, W, y, W - 2, y - 3, quota);
    }
    qc_buf_adds(o, "</svg><figcaption><code>");
    qc_tmpl_escape_text(QC_ESC_HTML, id, strlen(id), o);
    qc_buf_adds(o, "</code>: accepted requests (blue) and throttled attempts (red) per minute, "
                   "with the requests-per-minute quota in force (dashed).</figcaption></figure>\n");
}

void qc_svg_charts(const json_t *model, qc_buf *out)
{
    const json_t *w = json_object_get(json_object_get(model, "evidence"), "window");
    int64_t t0 = S_ms(qc_json_get_str(w, "start")), t1 = S_ms(qc_json_get_str(w, "end"));
    if (t1 <= t0)
        return;
    qc_buf_adds(out, "<h2>Charts</h2>\n");
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(model, "models"), i, m)
        if (json_array_size(json_object_get(m, "minutes")))
        S_chart(model, m, t0, t1, out);
}
