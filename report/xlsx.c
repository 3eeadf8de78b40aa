/* xlsx.c - evidence.xlsx with libxlsxwriter; see xlsx.h.
 *
 * Constant-memory mode: every sheet is written top to bottom, row by row,
 * so a long per-minute series never sits in memory twice.  Numbers are
 * numbers, times are Excel dates, header rows are frozen, tables have
 * filters, and the capacity plan is live formulas a reader can change.
 * The document's creation time is the model's, so the bytes depend on the
 * model only. */
#include "xlsx.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "common/json.h"
#include "common/qtime.h"

typedef struct book {
    lxw_workbook *wb;
    lxw_format *head, *date, *date_s, *num, *dec, *pct, *wrap, *bad, *warn;
} book;

static double S_n(const json_t *o, const char *k)
{
    return json_number_value(json_object_get(o, k));
}

static const char *S_s(const json_t *o, const char *k)
{
    const char *v = qc_json_get_str(o, k);
    return v ? v : "";
}

static int64_t S_unix(const char *iso)
{
    int64_t ms = 0;
    if (iso)
        qc_time_parse_arg(iso, &ms);
    return ms / 1000;
}

static lxw_worksheet *S_sheet(book *b, const char *name, const char *const *heads, int n,
                              const double *widths)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    for (int c = 0; c < n; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], b->head);
    }
    worksheet_freeze_panes(ws, 1, 0);
    /* Printed: landscape A4, as wide as one page, the header on each page. */
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    return ws;
}

/* A yes/no cell (booleans print as TRUE/FALSE, or 1/0 in some readers). */
static void S_yes_no(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const json_t *v)
{
    (void)b;
    if (json_is_boolean(v))
        worksheet_write_string(ws, r, c, json_is_true(v) ? "yes" : "no", NULL);
    else
        worksheet_write_string(ws, r, c, "not known", NULL);
}

static void S_num_or_blank(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const json_t *v,
                           lxw_format *f)
{
    if (json_is_number(v))
        worksheet_write_number(ws, r, c, json_number_value(v), f);
}

/* ---- Summary ---- */

static void S_summary(book *b, const json_t *m)
{
    static const char *const h[] = {"Item", "Value"};
    static const double w[] = {34, 90};
    lxw_worksheet *ws = S_sheet(b, "Summary", h, 2, w);
    const json_t *c = json_object_get(m, "case"), *ev = json_object_get(m, "evidence"),
                 *rq = json_object_get(m, "request"), *q = json_object_get(rq, "quota");
    lxw_row_t r = 1;
    worksheet_write_string(ws, r, 0, "Case", NULL);
    worksheet_write_string(ws, r++, 1, S_s(ev, "case_id"), NULL);
    worksheet_write_string(ws, r, 0, "Subject", NULL);
    worksheet_write_string(ws, r++, 1, S_s(c, "subject"), NULL);
    worksheet_write_string(ws, r, 0, "Window start (UTC)", NULL);
    worksheet_write_unixtime(ws, r++, 1, S_unix(S_s(json_object_get(ev, "window"), "start")), b->date);
    worksheet_write_string(ws, r, 0, "Window end (UTC)", NULL);
    worksheet_write_unixtime(ws, r++, 1, S_unix(S_s(json_object_get(ev, "window"), "end")), b->date);
    worksheet_write_string(ws, r, 0, "Region", NULL);
    worksheet_write_string(ws, r++, 1, S_s(ev, "region"), NULL);
    worksheet_write_string(ws, r, 0, "Quota to raise", NULL);
    worksheet_write_string(ws, r++, 1, q ? S_s(q, "name") : "not mapped", NULL);
    worksheet_write_string(ws, r, 0, "Quota code", NULL);
    worksheet_write_string(ws, r++, 1, S_s(rq, "quota_code"), NULL);
    worksheet_write_string(ws, r, 0, "Current value", NULL);
    S_num_or_blank(ws, r++, 1, json_object_get(q, "effective"), b->num);
    worksheet_write_string(ws, r, 0, "AWS default", NULL);
    S_num_or_blank(ws, r++, 1, json_object_get(q, "default"), b->num);
    worksheet_write_string(ws, r, 0, "Requested value", NULL);
    S_num_or_blank(ws, r++, 1, json_object_get(rq, "requested"), b->num);
    worksheet_write_string(ws, r, 0, "Checklist items open", NULL);
    S_num_or_blank(ws, r++, 1, json_object_get(json_object_get(m, "diagnosis"), "checklist_open"), b->num);
}

/* ---- Quotas ---- */

/* The peak demand a quota faces, as a share of its value. */
static double S_utilisation(const json_t *m, const json_t *q)
{
    double best = -1, eff = S_n(q, "effective");
    const char *name = S_s(q, "name");
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(json_object_get(m, "diagnosis"), "models"), i, d)
    {
        const json_t *qs = json_object_get(d, "quotas");
        const char *kind = strstr(name, "tokens per minute") ? "tokens_per_minute"
                           : strstr(name, "requests per minute") ? "requests_per_minute" : NULL;
        const json_t *ref = kind ? json_object_get(qs, kind) : NULL;
        if (!json_is_object(ref) || strcmp(S_s(ref, "code"), S_s(q, "code")) || eff <= 0)
            continue;
        double peak = !strcmp(kind, "tokens_per_minute")
                          ? S_n(json_object_get(d, "demand"), "tokens_max")
                          : S_n(json_object_get(d, "demand"), "attempts_max");
        best = peak / eff > best ? peak / eff : best;
    }
    return best;
}

static void S_quotas(book *b, const json_t *m)
{
    static const char *const h[] = {"Code", "Name", "Applied", "AWS default", "In force",
                                    "Adjustable", "Unit", "Requested", "Peak / quota"};
    static const double w[] = {13, 70, 12, 14, 12, 11, 8, 11, 13};
    lxw_worksheet *ws = S_sheet(b, "Quotas", h, 9, w);
    const json_t *rq = json_object_get(m, "request");
    size_t i;
    json_t *q;
    lxw_row_t r = 1;
    json_array_foreach(json_object_get(m, "quotas"), i, q)
    {
        worksheet_write_string(ws, r, 0, S_s(q, "code"), NULL);
        worksheet_write_string(ws, r, 1, S_s(q, "name"), NULL);
        S_num_or_blank(ws, r, 2, json_object_get(q, "applied"), b->num);
        S_num_or_blank(ws, r, 3, json_object_get(q, "default"), b->num);
        S_num_or_blank(ws, r, 4, json_object_get(q, "effective"), b->num);
        S_yes_no(b, ws, r, 5, json_object_get(q, "adjustable"));
        worksheet_write_string(ws, r, 6, S_s(q, "unit"), NULL);
        if (!strcmp(S_s(q, "code"), S_s(rq, "quota_code")))
            S_num_or_blank(ws, r, 7, json_object_get(rq, "requested"), b->num);
        double u = S_utilisation(m, q);
        if (u >= 0)
            worksheet_write_number(ws, r, 8, u, b->pct);
        r++;
    }
    if (r > 1) {
        worksheet_autofilter(ws, 0, 0, r - 1, 8);
        lxw_conditional_format over = {.type = LXW_CONDITIONAL_TYPE_CELL,
                                       .criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
                                       .value = 1, .format = b->bad};
        lxw_conditional_format near = {.type = LXW_CONDITIONAL_TYPE_CELL,
                                       .criteria = LXW_CONDITIONAL_CRITERIA_BETWEEN,
                                       .min_value = 0.8, .max_value = 0.99999, .format = b->warn};
        worksheet_conditional_format_range(ws, 1, 8, r - 1, 8, &over);
        worksheet_conditional_format_range(ws, 1, 8, r - 1, 8, &near);
    }
}

/* ---- Throttling events ---- */

static void S_events(book *b, const json_t *m)
{
    static const char *const h[] = {"Time (UTC)", "Model", "Limit named in the message", "Attempts",
                                    "Error code", "Request id", "Source (file:line)"};
    static const double w[] = {20, 48, 26, 12, 30, 40, 44};
    lxw_worksheet *ws = S_sheet(b, "Throttling events", h, 7, w);
    const json_t *ev = json_object_get(m, "events");
    if (json_is_true(json_object_get(ev, "list_cut"))) {
        char note[160];
        snprintf(note, sizeof note, "The first %s of %s events; all are in throttling_events.json.",
                 S_s(ev, "listed_text"), S_s(ev, "total_text"));
        worksheet_write_string(ws, 0, 8, note, NULL);
    }
    static const int text_col[] = {1, 2, -1, 7, 5, 6}; /* list column of sheet column 1.. */
    size_t i;
    json_t *e;
    lxw_row_t r = 1;
    json_array_foreach(json_object_get(ev, "list"), i, e)
    {
        const json_t *t = json_array_get(e, 0);
        if (json_is_string(t))
            worksheet_write_unixtime(ws, r, 0, S_unix(json_string_value(t)), b->date_s);
        for (int c = 0; c < 6; c++) {
            const char *v = text_col[c] < 0 ? NULL : json_string_value(json_array_get(e, (size_t)text_col[c]));
            if (v)
                worksheet_write_string(ws, r, (lxw_col_t)(c + 1), v, NULL);
        }
        S_num_or_blank(ws, r, 3, json_array_get(e, 3), b->num);
        r++;
    }
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, 6);
}

/* ---- Hours: every model's whole window, an hour a row ---- */

static void S_hours(book *b, const json_t *m)
{
    static const char *const h[] = {"Hour (UTC)", "Model", "Accepted", "Throttled", "Attempts",
                                    "Busiest period's attempts", "Input tokens", "Output tokens",
                                    "Log events"};
    static const double w[] = {18, 48, 12, 12, 12, 24, 14, 14, 11};
    lxw_worksheet *ws = S_sheet(b, "Hours", h, 9, w);
    size_t i, k;
    json_t *model, *row;
    lxw_row_t r = 1;
    json_array_foreach(json_object_get(m, "models"), i, model)
        json_array_foreach(json_object_get(model, "hours"), k, row)
    {
        double v[6];
        for (int c = 0; c < 6; c++)
            v[c] = json_number_value(json_array_get(row, (size_t)c + 1));
        worksheet_write_unixtime(ws, r, 0, S_unix(json_string_value(json_array_get(row, 0))), b->date);
        worksheet_write_string(ws, r, 1, S_s(model, "model_id"), NULL);
        worksheet_write_number(ws, r, 2, v[0], b->num);
        worksheet_write_number(ws, r, 3, v[1], b->num);
        worksheet_write_number(ws, r, 4, v[0] + v[1], b->num);
        worksheet_write_number(ws, r, 5, v[5], b->num);
        worksheet_write_number(ws, r, 6, v[2], b->num);
        worksheet_write_number(ws, r, 7, v[3], b->num);
        worksheet_write_number(ws, r, 8, v[4], b->num);
        r++;
    }
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, 8);
}

/* ---- Demand per model, with charts ---- */

static const json_t *S_diag_for(const json_t *m, const char *id)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(json_object_get(m, "diagnosis"), "models"), i, d)
        if (!strcmp(S_s(d, "model_id"), id)) return d;
    return NULL;
}

/* Hidden cells of row 1 holding the quota lines' two ends (first and last
 * minute, the quota at each): a quota drawn from its column would break at
 * every gap between windows, in pieces too short to see. */
#define QC_XLSX_ENDS 30

static void S_chart(book *b, lxw_worksheet *ws, const char *sheet, lxw_row_t last, const char *title,
                    const char *y_title, const int *cols, const char *const *names, int n,
                    int quota_at, lxw_row_t at)
{
    /* A scatter chart's x axis is a value axis: time runs continuously,
     * and the blank row between two windows breaks the line. */
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_SCATTER_STRAIGHT);
    chart_axis_set_name(ch->x_axis, "Minute (UTC)");
    chart_axis_set_name(ch->y_axis, y_title);
    chart_axis_set_num_format(ch->y_axis, "#,##0");
    chart_show_blanks_as(ch, LXW_CHART_BLANKS_AS_GAP);
    for (int k = 0; k < n; k++) {
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(s, sheet, 1, 0, last, 0);
        chart_series_set_values(s, sheet, 1, (lxw_col_t)cols[k], last, (lxw_col_t)cols[k]);
        chart_series_set_name(s, names[k]);
    }
    if (quota_at >= 0) {
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(s, sheet, 0, QC_XLSX_ENDS, 0, QC_XLSX_ENDS + 1);
        chart_series_set_values(s, sheet, 0, (lxw_col_t)quota_at, 0, (lxw_col_t)quota_at + 1);
        chart_series_set_name(s, names[n]);
        lxw_chart_line dash = {.color = 0x1B1F24, .dash_type = LXW_CHART_LINE_DASH_DASH, .width = 1.5};
        chart_series_set_line(s, &dash);
        chart_show_hidden_data(ch);
    }
    chart_title_set_name(ch, title);
    lxw_chart_font tf = {.size = 11, .bold = LXW_TRUE};
    chart_title_set_name_font(ch, &tf);
    chart_axis_set_num_format(ch->x_axis, "mm-dd hh:mm");
    lxw_chart_options place = {.x_scale = 1.6, .y_scale = 1.3};
    worksheet_insert_chart_opt(ws, at, 11, ch, &place);
}

/* One row of the Demand sheet: a period's figures, the sums as formulas. */
static void S_demand_row(book *b, lxw_worksheet *ws, lxw_row_t r, const json_t *row,
                         const json_t *rpm, const json_t *tpm)
{
    char f[64];
    double v[5];
    for (int c = 0; c < 5; c++)
        v[c] = json_number_value(json_array_get(row, (size_t)c + 1));
    worksheet_write_unixtime(ws, r, 0, S_unix(json_string_value(json_array_get(row, 0))), b->date);
    worksheet_write_number(ws, r, 1, v[0], b->num);
    worksheet_write_number(ws, r, 2, v[1], b->num);
    snprintf(f, sizeof f, "=B%u+C%u", r + 1, r + 1);
    worksheet_write_formula_num(ws, r, 3, f, b->num, v[0] + v[1]);
    worksheet_write_number(ws, r, 4, v[2], b->num);
    worksheet_write_number(ws, r, 5, v[3], b->num);
    snprintf(f, sizeof f, "=E%u+F%u", r + 1, r + 1);
    worksheet_write_formula_num(ws, r, 6, f, b->num, v[2] + v[3]);
    worksheet_write_number(ws, r, 7, v[4], b->num);
    S_num_or_blank(ws, r, 8, json_object_get(rpm, "value"), b->num);
    S_num_or_blank(ws, r, 9, json_object_get(tpm, "value"), b->num);
}

/* The minutes of the model's throttled windows (model.json's windows),
 * one blank row between two windows; the hours are on the Hours sheet. */
static void S_demand(book *b, const json_t *m, const json_t *model, int index)
{
    static const char *const h[] = {"Minute (UTC)", "Accepted", "Throttled", "Attempts",
                                    "Input tokens", "Output tokens", "Tokens", "Log events",
                                    "RPM quota", "TPM quota"};
    static const double w[] = {18, 10, 10, 10, 13, 13, 12, 11, 11, 12};
    char name[32];
    snprintf(name, sizeof name, "Demand %d", index + 1);
    lxw_worksheet *ws = S_sheet(b, name, h, 10, w);
    /* Row 0 now: in constant-memory mode a row cannot be written once the
     * next one has been. */
    worksheet_set_column(ws, 11, 11, 48, NULL);
    worksheet_write_string(ws, 0, 11, S_s(model, "model_id"), b->head);
    const char *note = json_is_true(json_object_get(model, "windows_cut"))
                           ? "The most throttled windows (not all fit), each with 15 minutes "
                             "before and after. Every hour is on the Hours sheet, every minute "
                             "in the evidence files."
                           : "The throttled windows, each with 15 minutes before and after. Every "
                             "hour is on the Hours sheet, every minute in the evidence files.";
    const json_t *d = S_diag_for(m, S_s(model, "model_id"));
    const json_t *rpm = json_object_get(json_object_get(d, "quotas"), "requests_per_minute");
    const json_t *tpm = json_object_get(json_object_get(d, "quotas"), "tokens_per_minute");
    /* The quota lines' ends, in hidden cells of row 0 (written now, as the
     * constant-memory mode asks): the first and the last minute shown. */
    const json_t *ws0 = json_object_get(model, "windows");
    const json_t *first = json_array_get(json_object_get(json_array_get(ws0, 0), "rows"), 0);
    const json_t *lastw = json_object_get(json_array_get(ws0, json_array_size(ws0) - 1), "rows");
    const json_t *lastr = json_array_get(lastw, json_array_size(lastw) - 1);
    if (first && lastr) {
        worksheet_set_column_opt(ws, QC_XLSX_ENDS, QC_XLSX_ENDS + 5, 12, NULL,
                                 &(lxw_row_col_options){.hidden = 1});
        worksheet_write_unixtime(ws, 0, QC_XLSX_ENDS, S_unix(json_string_value(json_array_get(first, 0))), b->date);
        worksheet_write_unixtime(ws, 0, QC_XLSX_ENDS + 1, S_unix(json_string_value(json_array_get(lastr, 0))), b->date);
        for (int e = 0; e < 2; e++) {
            S_num_or_blank(ws, 0, (lxw_col_t)(QC_XLSX_ENDS + 2 + e), json_object_get(rpm, "value"), b->num);
            S_num_or_blank(ws, 0, (lxw_col_t)(QC_XLSX_ENDS + 4 + e), json_object_get(tpm, "value"), b->num);
        }
    }
    size_t i, k;
    json_t *win, *row;
    lxw_row_t r = 1;
    json_array_foreach(json_object_get(model, "windows"), i, win)
    {
        if (i)
            r++; /* the gap */
        json_array_foreach(json_object_get(win, "rows"), k, row)
        {
            S_demand_row(b, ws, r, row, rpm, tpm);
            /* Under the model's name, while row 1 is the one being written. */
            if (r++ == 1)
                worksheet_write_string(ws, 1, 11, note, NULL);
        }
    }
    if (r == 1)
        worksheet_write_string(ws, 1, 11, note, NULL);
    if (r > 1) {
        worksheet_autofilter(ws, 0, 0, r - 1, 9);
        static const int c1[] = {1, 2, 8};
        static const char *const n1[] = {"Accepted", "Throttled", "RPM quota"};
        char t1[256], t2[256];
        snprintf(t1, sizeof t1, "%s: requests per minute, accepted and throttled, and the quota",
                 S_s(model, "model_id"));
        snprintf(t2, sizeof t2, "%s: tokens per minute against the quota", S_s(model, "model_id"));
        S_chart(b, ws, name, r - 1, t1, "Requests per minute", c1, n1, 2,
                json_is_object(rpm) ? QC_XLSX_ENDS + 2 : -1, 3);
        static const int c2[] = {6, 9};
        static const char *const n2[] = {"Tokens", "TPM quota"};
        S_chart(b, ws, name, r - 1, t2, "Tokens per minute", c2, n2, 1,
                json_is_object(tpm) ? QC_XLSX_ENDS + 4 : -1, 24);
    }
}

/* ---- Quota plan: every governing quota per model, what bit, what to do ---- */

static const char *S_action_words(const char *a)
{
    if (!a || !strcmp(a, "none"))
        return "none";
    if (!strcmp(a, "service_quotas"))
        return "raise through Service Quotas";
    if (!strcmp(a, "support_case"))
        return "ask AWS Support (not adjustable)";
    return "an increase is already open: follow that case";
}

static void S_plan(book *b, const json_t *m)
{
    static const char *const h[] = {"Model", "Quota", "Name", "Limit", "Long context", "Applied",
                                    "AWS default", "Adjustable", "Bursts", "Recommended", "Action",
                                    "Calls (first attempts)", "Attempts (with retries)"};
    static const double w[] = {48, 14, 70, 22, 14, 14, 14, 12, 10, 14, 40, 22, 24};
    lxw_worksheet *ws = S_sheet(b, "Quota plan", h, 13, w);
    size_t i, k;
    json_t *d, *q;
    lxw_row_t r = 1;
    json_array_foreach(json_object_get(json_object_get(m, "diagnosis"), "models"), i, d)
        json_array_foreach(json_object_get(d, "quota_table"), k, q)
    {
        const json_t *dm = json_object_get(d, "demand");
        worksheet_write_string(ws, r, 0, S_s(d, "model_id"), NULL);
        worksheet_write_string(ws, r, 1, S_s(q, "code"), NULL);
        worksheet_write_string(ws, r, 2, S_s(q, "name"), NULL);
        worksheet_write_string(ws, r, 3, S_s(q, "limit_text"), NULL);
        worksheet_write_string(ws, r, 4, json_is_true(json_object_get(q, "long_context")) ? "yes" : "no",
                               NULL);
        S_num_or_blank(ws, r, 5, json_object_get(q, "applied"), b->num);
        S_num_or_blank(ws, r, 6, json_object_get(q, "default"), b->num);
        S_yes_no(b, ws, r, 7, json_object_get(q, "adjustable"));
        worksheet_write_number(ws, r, 8, S_n(q, "bursts"), b->num);
        S_num_or_blank(ws, r, 9, json_object_get(q, "recommended"), b->num);
        worksheet_write_string(ws, r, 10, S_action_words(S_s(q, "action")), NULL);
        worksheet_write_number(ws, r, 11, S_n(dm, "first_attempts"), b->num);
        worksheet_write_number(ws, r, 12, S_n(dm, "attempts"), b->num);
        r++;
    }
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, 12);
}

/* ---- What-if ---- */

static void S_whatif(book *b, const json_t *m)
{
    static const char *const h[] = {"Model", "Quota", "Unit", "Quota per minute", "Attempts",
                                    "Logged times", "Throttled (replayed)", "Throttled (observed)",
                                    "Waiting (minutes, in all)", "Longest wait (s)"};
    static const double w[] = {48, 14, 10, 16, 12, 14, 20, 20, 22, 18};
    lxw_worksheet *ws = S_sheet(b, "What-if", h, 10, w);
    size_t i, k;
    json_t *d, *rp;
    lxw_row_t r = 1;
    json_array_foreach(json_object_get(json_object_get(m, "diagnosis"), "models"), i, d)
        json_array_foreach(json_object_get(d, "replay"), k, rp)
    {
        static const char *const nums[] = {"quota", "attempts", "timed", "throttled",
                                           "observed_throttled", "delay_minutes",
                                           "delay_max_seconds"};
        worksheet_write_string(ws, r, 0, S_s(d, "model_id"), NULL);
        worksheet_write_string(ws, r, 1, S_s(rp, "label"), NULL);
        worksheet_write_string(ws, r, 2, S_s(rp, "unit"), NULL);
        for (lxw_col_t c = 0; c < 7; c++)
            worksheet_write_number(ws, r, (lxw_col_t)(3 + c), S_n(rp, nums[c]), c >= 5 ? b->dec : b->num);
        r++;
    }
    worksheet_write_string(ws, r + 1, 0, S_s(json_object_get(m, "diagnosis"), "replay_note"), b->wrap);
}

/* ---- Capacity plan: the arithmetic as formulas ---- */

/* The larger end of a number or {"min", "max"}. */
static double S_peak(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : S_n(v, "max");
}

static void S_capacity(book *b, const json_t *m)
{
    static const char *const h[] = {"Component", "Requests per investigation"};
    static const double w[] = {44, 26};
    lxw_worksheet *ws = S_sheet(b, "Capacity plan", h, 2, w);
    const json_t *p = json_object_get(json_object_get(m, "case"), "request_pattern");
    const json_t *comps = json_object_get(p, "components");
    size_t n = json_array_size(comps), i;
    json_t *c;
    lxw_row_t r = 1;
    json_array_foreach(comps, i, c)
    {
        worksheet_write_string(ws, r, 0, S_s(c, "component"), NULL);
        worksheet_write_number(ws, r++, 1, S_peak(json_object_get(c, "requests_per_investigation")), b->num);
    }
    double minutes = S_n(p, "investigation_minutes");
    /* Inputs are numbers; rows 0, 5 and 6 are formulas over them. */
    struct {
        const char *label;
        double value;
    } rows[] = {
        {"Requests per investigation", 0},
        {"Minutes one investigation takes", minutes > 0 ? minutes : 1},
        {"Concurrent investigations at peak", S_peak(json_object_get(p, "concurrent_investigations"))},
        {"Retry allowance (%)", S_n(p, "retry_allowance_percent")},
        {"Buffer (%)", S_n(p, "buffer_percent")},
        {"Requests per minute", 0},
        {"Requested requests per minute", 0},
    };
    lxw_row_t base = r + 1; /* a blank row, then the plan */
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
        lxw_row_t at = base + (lxw_row_t)k;
        char f[160];
        worksheet_write_string(ws, at, 0, rows[k].label, NULL);
        if (k == 0)
            snprintf(f, sizeof f, "=SUM(B2:B%u)", (unsigned)(n + 1));
        else if (k == 5)
            snprintf(f, sizeof f, "=B%u/B%u*B%u*(1+B%u/100)*(1+B%u/100)", base + 1, base + 2,
                     base + 3, base + 4, base + 5);
        else if (k == 6)
            snprintf(f, sizeof f, "=ROUNDUP(B%u,0)", base + 6);
        else
            f[0] = '\0';
        if (f[0])
            worksheet_write_formula(ws, at, 1, f, k == 5 ? b->dec : b->num);
        else
            worksheet_write_number(ws, at, 1, rows[k].value, b->num);
    }
}

/* ---- Evidence files ---- */

static void S_files(book *b, const json_t *m)
{
    static const char *const h[] = {"File", "Bytes", "SHA-256", "Content"};
    static const double w[] = {64, 10, 68, 80};
    lxw_worksheet *ws = S_sheet(b, "Evidence files", h, 4, w);
    size_t i;
    json_t *f;
    lxw_row_t r = 1;
    json_array_foreach(json_object_get(json_object_get(m, "evidence"), "files"), i, f)
    {
        worksheet_write_string(ws, r, 0, S_s(f, "name"), NULL);
        worksheet_write_number(ws, r, 1, S_n(f, "bytes"), b->num);
        worksheet_write_string(ws, r, 2, S_s(f, "sha256"), NULL);
        worksheet_write_string(ws, r, 3, S_s(f, "provenance"), NULL);
        r++;
    }
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, 3);
}

int qc_xlsx_write(const json_t *model, const char *path, qc_err *err)
{
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    book b;
    memset(&b, 0, sizeof b);
    b.wb = workbook_new_opt(path, &opt);
    if (!b.wb)
        return qc_err_set(err, QC_EIO, "%s: cannot create the workbook", path);
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)"Quota increase evidence";
    props.author = (char *)"quotacase";
    props.created = (time_t)S_unix(qc_json_get_str(model, "generated"));
    workbook_set_properties(b.wb, &props);
    b.head = workbook_add_format(b.wb);
    format_set_bold(b.head);
    format_set_bg_color(b.head, 0xE7ECF1);
    format_set_bottom(b.head, LXW_BORDER_THIN);
    b.date = workbook_add_format(b.wb);
    format_set_num_format(b.date, "yyyy-mm-dd hh:mm");
    b.date_s = workbook_add_format(b.wb);
    format_set_num_format(b.date_s, "yyyy-mm-dd hh:mm:ss");
    b.num = workbook_add_format(b.wb);
    format_set_num_format(b.num, "#,##0");
    /* Figures with fractions; "#,##0.##" would print a whole number as "50.". */
    b.dec = workbook_add_format(b.wb);
    format_set_num_format(b.dec, "#,##0.0#");
    b.pct = workbook_add_format(b.wb);
    format_set_num_format(b.pct, "0%");
    b.wrap = workbook_add_format(b.wb);
    format_set_text_wrap(b.wrap);
    b.bad = workbook_add_format(b.wb);
    format_set_bg_color(b.bad, 0xF4C7C3);
    b.warn = workbook_add_format(b.wb);
    format_set_bg_color(b.warn, 0xFCE8B2);
    S_summary(&b, model);
    S_quotas(&b, model);
    S_plan(&b, model);
    S_events(&b, model);
    S_hours(&b, model);
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(model, "models"), i, m) S_demand(&b, model, m, (int)i);
    S_whatif(&b, model);
    S_capacity(&b, model);
    S_files(&b, model);
    lxw_error e = workbook_close(b.wb);
    if (e != LXW_NO_ERROR)
        return qc_err_set(err, QC_EIO, "%s: cannot write the workbook: %s", path, lxw_strerror(e));
    return 0;
}
