/* qtime.c - timestamp parsing and formatting; see qtime.h.
 *
 * Civil-date arithmetic follows Howard Hinnant's days_from_civil algorithm,
 * which is exact for the whole proleptic Gregorian calendar and avoids
 * timegm() and the process-wide TZ setting. */
#include "qtime.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t qc_time_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void qc_time_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t S_floordiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

void qc_time_format(int64_t ms, char out[QC_TIME_STR_MAX])
{
    int64_t days = S_floordiv(ms, 86400000);
    int64_t rem = ms - days * 86400000;
    int y, m, d;
    qc_time_civil_from_days(days, &y, &m, &d);
    int H = (int)(rem / 3600000), M = (int)(rem / 60000 % 60), S = (int)(rem / 1000 % 60);
    int f = (int)(rem % 1000);
    if (f)
        snprintf(out, QC_TIME_STR_MAX, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d, H, M, S, f);
    else
        snprintf(out, QC_TIME_STR_MAX, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, H, M, S);
}

/* Reads exactly n digits at s[*i]. */
static int S_digits(const char *s, size_t len, size_t *i, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || !isdigit((unsigned char)s[*i]))
            return -1;
        v = v * 10 + (s[(*i)++] - '0');
    }
    *out = v;
    return 0;
}

/* One or two digits (hours in "2:03:22 PM", days in "Jan 5"). */
static int S_digits12(const char *s, size_t len, size_t *i, int *out)
{
    if (*i >= len || !isdigit((unsigned char)s[*i]))
        return -1;
    int v = s[(*i)++] - '0';
    if (*i < len && isdigit((unsigned char)s[*i]))
        v = v * 10 + (s[(*i)++] - '0');
    *out = v;
    return 0;
}

static int S_month_name(const char *s, size_t len, size_t i)
{
    static const char *names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
    if (i + 3 > len)
        return 0;
    for (int k = 0; k < 12; k++)
        if (tolower((unsigned char)s[i]) == names[k][0] &&
            tolower((unsigned char)s[i + 1]) == names[k][1] &&
            tolower((unsigned char)s[i + 2]) == names[k][2])
            return k + 1;
    return 0;
}

/* Fraction after '.' or ',': up to 9 digits, kept to milliseconds. */
static int S_fraction(const char *s, size_t len, size_t *i)
{
    if (*i + 1 >= len || (s[*i] != '.' && s[*i] != ',') || !isdigit((unsigned char)s[*i + 1]))
        return 0;
    (*i)++;
    int ms = 0, n = 0;
    while (*i < len && isdigit((unsigned char)s[*i])) {
        if (n < 3)
            ms = ms * 10 + (s[*i] - '0');
        n++;
        (*i)++;
    }
    while (n < 3) {
        ms *= 10;
        n++;
    }
    return ms;
}

/* Zone after the time: Z, +HH:MM, +HHMM, +HH, " UTC", " GMT".  Returns 1 and
 * sets *off when one is present. */
static int S_zone(const char *s, size_t len, size_t *i, int *off)
{
    size_t j = *i;
    if (j < len && (s[j] == 'Z' || s[j] == 'z')) {
        if (j + 1 < len && isalnum((unsigned char)s[j + 1]))
            return 0;
        *off = 0;
        *i = j + 1;
        return 1;
    }
    if (j < len && (s[j] == '+' || s[j] == '-')) {
        int sign = s[j] == '-' ? -1 : 1, hh, mm = 0;
        j++;
        if (S_digits(s, len, &j, 2, &hh) < 0 || hh > 14)
            return 0;
        if (j < len && s[j] == ':')
            j++;
        if (j + 1 < len && isdigit((unsigned char)s[j]) && isdigit((unsigned char)s[j + 1]))
            S_digits(s, len, &j, 2, &mm);
        if (mm > 59)
            return 0;
        *off = sign * (hh * 60 + mm);
        *i = j;
        return 1;
    }
    if (j + 4 <= len && s[j] == ' ' &&
        (!strncmp(s + j + 1, "UTC", 3) || !strncmp(s + j + 1, "GMT", 3)) &&
        (j + 4 == len || !isalnum((unsigned char)s[j + 4]))) {
        *off = 0;
        *i = j + 4;
        return 1;
    }
    return 0;
}

static int S_valid(int y, int mo, int d, int H, int M, int S)
{
    return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && H >= 0 &&
           H <= 23 && M >= 0 && M <= 59 && S >= 0 && S <= 60;
}

/* The instant of a civil time: at minutes east of UTC when the stamp gave
 * its zone, else local time in `zone`. */
static int64_t S_make(int y, int mo, int d, int H, int M, int S, int frac, const int *off,
                      const qc_tz *zone)
{
    int64_t days = qc_time_days_from_civil(y, mo, d);
    int64_t secs = days * 86400 + H * 3600 + M * 60 + (S == 60 ? 59 : S);
    secs = off ? secs - (int64_t)*off * 60 : qc_tz_local_to_utc(zone, secs);
    return secs * 1000 + frac;
}

/* HH:MM[:SS][frac][zone] at s[*i]; two-digit hour unless loose_hour. */
static int S_clock(const char *s, size_t len, size_t *i, int loose_hour, int *H, int *M,
                   int *S, int *frac)
{
    if ((loose_hour ? S_digits12(s, len, i, H) : S_digits(s, len, i, 2, H)) < 0)
        return -1;
    if (*i >= len || s[*i] != ':')
        return -1;
    (*i)++;
    if (S_digits(s, len, i, 2, M) < 0)
        return -1;
    *S = 0;
    if (*i < len && s[*i] == ':') {
        (*i)++;
        if (S_digits(s, len, i, 2, S) < 0)
            return -1;
    }
    *frac = S_fraction(s, len, i);
    return 0;
}

/* The clock, a check of the whole date, the zone: the common tail of the
 * numeric and day-month-year forms. */
static size_t S_finish(const char *s, size_t len, size_t i, int y, int mo, int d,
                       const qc_tz *zone, int64_t *ms)
{
    int H, M, S, frac, off;
    if (S_clock(s, len, &i, 0, &H, &M, &S, &frac) < 0 || !S_valid(y, mo, d, H, M, S))
        return 0;
    int given = S_zone(s, len, &i, &off);
    *ms = S_make(y, mo, d, H, M, S, frac, given ? &off : NULL, zone);
    return i;
}

static size_t S_parse_numeric(const char *s, size_t len, const qc_tz *zone, int64_t *ms)
{
    size_t i = 0;
    int y, mo, d;
    if (S_digits(s, len, &i, 4, &y) < 0 || i >= len || (s[i] != '-' && s[i] != '/'))
        return 0;
    char sep = s[i++];
    if (S_digits(s, len, &i, 2, &mo) < 0 || i >= len || s[i++] != sep)
        return 0;
    if (S_digits(s, len, &i, 2, &d) < 0 || i >= len || (s[i] != 'T' && s[i] != ' '))
        return 0;
    return S_finish(s, len, i + 1, y, mo, d, zone, ms);
}

/* 10-Jan-2026 14:03:22.123 */
static size_t S_parse_dmy(const char *s, size_t len, const qc_tz *zone, int64_t *ms)
{
    size_t i = 0;
    int y, mo, d;
    if (S_digits(s, len, &i, 2, &d) < 0 || i >= len || s[i++] != '-')
        return 0;
    if (!(mo = S_month_name(s, len, i)))
        return 0;
    i += 3;
    if (i >= len || s[i++] != '-' || S_digits(s, len, &i, 4, &y) < 0 || i >= len ||
        s[i++] != ' ')
        return 0;
    return S_finish(s, len, i, y, mo, d, zone, ms);
}

/* Jan 10, 2026 2:03:22 PM */
static size_t S_parse_mdy(const char *s, size_t len, const qc_tz *zone, int64_t *ms)
{
    size_t i = 0;
    int y, mo, d, H, M, S, frac, off;
    if (!(mo = S_month_name(s, len, 0)))
        return 0;
    i = 3;
    if (i >= len || s[i++] != ' ' || S_digits12(s, len, &i, &d) < 0)
        return 0;
    if (i + 1 >= len || s[i] != ',' || s[i + 1] != ' ')
        return 0;
    i += 2;
    if (S_digits(s, len, &i, 4, &y) < 0 || i >= len || s[i++] != ' ')
        return 0;
    if (S_clock(s, len, &i, 1, &H, &M, &S, &frac) < 0)
        return 0;
    if (i + 3 <= len && s[i] == ' ' && (s[i + 2] == 'M' || s[i + 2] == 'm')) {
        char ap = (char)toupper((unsigned char)s[i + 1]);
        if (ap == 'A' || ap == 'P') {
            if (H < 1 || H > 12)
                return 0;
            H = H % 12 + (ap == 'P' ? 12 : 0);
            i += 3;
        }
    }
    if (!S_valid(y, mo, d, H, M, S))
        return 0;
    int given = S_zone(s, len, &i, &off);
    *ms = S_make(y, mo, d, H, M, S, frac, given ? &off : NULL, zone);
    return i;
}

size_t qc_time_parse(const char *s, size_t len, const qc_tz *zone, int64_t *ms)
{
    if (len < 10)
        return 0;
    if (isdigit((unsigned char)s[0])) {
        if (isdigit((unsigned char)s[2]))
            return S_parse_numeric(s, len, zone, ms);
        return S_parse_dmy(s, len, zone, ms);
    }
    return S_parse_mdy(s, len, zone, ms);
}

int qc_time_parse_arg(const char *s, int64_t *ms)
{
    size_t len = strlen(s);
    if (len == 0)
        return -1;
    size_t n = qc_time_parse(s, len, NULL, ms);
    if (n && n == len)
        return 0;
    int y, mo, d;
    size_t i = 0;
    if (len == 10 && S_digits(s, len, &i, 4, &y) == 0 && s[i++] == '-' &&
        S_digits(s, len, &i, 2, &mo) == 0 && s[i++] == '-' && S_digits(s, len, &i, 2, &d) == 0 &&
        S_valid(y, mo, d, 0, 0, 0)) {
        *ms = S_make(y, mo, d, 0, 0, 0, 0, NULL, NULL);
        return 0;
    }
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end == '\0' && v >= 0 && v < 253402300800LL) {
        *ms = v * 1000;
        return 0;
    }
    return -1;
}

int qc_time_parse_offset(const char *s, int *minutes)
{
    if (!strcmp(s, "UTC") || !strcmp(s, "utc") || !strcmp(s, "Z") || !strcmp(s, "GMT")) {
        *minutes = 0;
        return 0;
    }
    size_t i = 0, len = strlen(s);
    int off;
    if (S_zone(s, len, &i, &off) && i == len) {
        *minutes = off;
        return 0;
    }
    return -1;
}

int64_t qc_time_from_epoch_number(double v)
{
    /* Year 9999 in nanoseconds is below 2.6e20; anything else is not a time. */
    if (!(v >= 0 && v < 2.6e20))
        return QC_TIME_NONE;
    if (v >= 1e17)
        return (int64_t)(v / 1e6);
    if (v >= 1e14)
        return (int64_t)(v / 1e3);
    if (v >= 1e11)
        return (int64_t)v;
    return (int64_t)(v * 1000.0 + (v >= 0 ? 0.5 : -0.5));
}
