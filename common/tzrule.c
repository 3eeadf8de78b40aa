/* tzrule.c - the POSIX TZ string that ends a TZif file (RFC 8536 section 3.3,
 * POSIX XBD 8.3): STDoffset[DST[offset][,start[/time],end[/time]]], with
 * dates as Jn (Julian day 1-365, Feb 29 never counted), n (zero-based day,
 * Feb 29 counted) or Mm.w.d (day d of week w of month m, 5 being the last).
 *
 * Offsets in the string count hours west of UTC (POSIX's sign); they are kept
 * here as seconds east, like the TZif time types.  Transition times may run
 * from -167 to 167 hours (RFC 8536's extension of POSIX, used by zic for
 * zones whose change happens "at 24:00" or before midnight).  A string with
 * daylight time but no rule is refused: zic always writes the rule, and
 * guessing the United States' rules (as glibc does) would be wrong elsewhere. */
#include "common/tzone_int.h"

#include <ctype.h>
#include <string.h>

#include "common/qtime.h"

/* A zone abbreviation: three or more letters, or <...> of letters, digits, + and -. */
static int S_abbr(const char **p)
{
    const char *s = *p;
    size_t n = 0;
    if (*s == '<') {
        s++;
        while (isalnum((unsigned char)s[n]) || s[n] == '+' || s[n] == '-')
            n++;
        if (s[n] != '>' || n < 1)
            return -1;
        *p = s + n + 1;
        return 0;
    }
    while (isalpha((unsigned char)s[n]))
        n++;
    if (n < 3)
        return -1;
    *p = s + n;
    return 0;
}

/* [+-]h[h[h]][:mm[:ss]] with hours at most max_h; seconds, signed as written. */
static int S_hms(const char **p, int max_h, int32_t *out)
{
    const char *s = *p;
    int sign = 1;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    if (!isdigit((unsigned char)*s))
        return -1;
    int32_t h = 0, m = 0, sec = 0;
    for (int k = 0; k < 3 && isdigit((unsigned char)*s); k++)
        h = h * 10 + (*s++ - '0');
    if (h > max_h)
        return -1;
    for (int part = 0; part < 2 && *s == ':'; part++) {
        if (!isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
            return -1;
        int32_t v = (s[1] - '0') * 10 + (s[2] - '0');
        if (v > 59)
            return -1;
        *(part ? &sec : &m) = v;
        s += 3;
    }
    *out = sign * (h * 3600 + m * 60 + sec);
    *p = s;
    return 0;
}

static int S_num(const char **p, int lo, int hi, int *out)
{
    const char *s = *p;
    int v = 0, k = 0;
    for (; k < 3 && isdigit((unsigned char)*s); k++)
        v = v * 10 + (*s++ - '0');
    if (!k || isdigit((unsigned char)*s) || v < lo || v > hi)
        return -1;
    *out = v;
    *p = s;
    return 0;
}

/* One of the two dates, with its optional /time (default 02:00:00). */
static int S_when(const char **p, qc_tz_when *w)
{
    const char *s = *p;
    int rc;
    w->kind = *s;
    if (*s == 'J') {
        s++;
        rc = S_num(&s, 1, 365, &w->d);
    } else if (*s == 'M') {
        s++;
        rc = S_num(&s, 1, 12, &w->m);
        if (rc == 0 && *s++ == '.')
            rc = S_num(&s, 1, 5, &w->w);
        else
            rc = -1;
        if (rc == 0 && *s++ == '.')
            rc = S_num(&s, 0, 6, &w->d);
        else
            rc = -1;
    } else {
        w->kind = 'n';
        rc = S_num(&s, 0, 365, &w->d);
    }
    if (rc < 0)
        return -1;
    w->time = 7200;
    if (*s == '/') {
        s++;
        if (S_hms(&s, 167, &w->time) < 0)
            return -1;
    }
    *p = s;
    return 0;
}

int qc_tz_rule_parse(const char *s, qc_tz_rule *r)
{
    memset(r, 0, sizeof *r);
    int32_t v;
    if (S_abbr(&s) < 0 || S_hms(&s, 24, &v) < 0)
        return -1;
    r->std_off = -v;
    if (!*s)
        return 0;
    if (S_abbr(&s) < 0)
        return -1;
    r->has_dst = 1;
    r->dst_off = r->std_off + 3600;
    if (*s && *s != ',') {
        if (S_hms(&s, 24, &v) < 0)
            return -1;
        r->dst_off = -v;
    }
    if (*s++ != ',' || S_when(&s, &r->start) < 0 || *s++ != ',' || S_when(&s, &r->end) < 0)
        return -1;
    return *s ? -1 : 0;
}

static int S_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int S_month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m - 1] + (m == 2 && S_leap(y));
}

/* Days since the epoch of the date a rule names in year y. */
static int64_t S_day(int y, const qc_tz_when *w)
{
    int64_t jan1 = qc_time_days_from_civil(y, 1, 1);
    if (w->kind == 'J')
        return jan1 + w->d - 1 + (S_leap(y) && w->d >= 60);
    if (w->kind == 'n')
        return jan1 + w->d;
    int64_t first = qc_time_days_from_civil(y, w->m, 1);
    /* 1970-01-01 was a Thursday (weekday 4, Sunday being 0). */
    int dow = (int)(((first + 4) % 7 + 7) % 7);
    int day = 1 + (w->d - dow + 7) % 7 + (w->w - 1) * 7;
    while (day > S_month_days(y, w->m))
        day -= 7;
    return first + day - 1;
}

/* The UTC instant of a change in year y: the time is read on the clock in
 * force before it (standard time for the start, daylight time for the end). */
static int64_t S_change(const qc_tz_rule *r, int y, int end)
{
    const qc_tz_when *w = end ? &r->end : &r->start;
    return S_day(y, w) * 86400 + w->time - (end ? r->dst_off : r->std_off);
}

/* The year of the local standard-time calendar at u. */
static int S_year(const qc_tz_rule *r, int64_t u)
{
    int64_t t = u + r->std_off;
    int64_t days = t / 86400 - (t % 86400 < 0);
    int y, m, d;
    qc_time_civil_from_days(days, &y, &m, &d);
    return y;
}

int32_t qc_tz_rule_offset(const qc_tz_rule *r, int64_t u)
{
    if (!r->has_dst)
        return r->std_off;
    int y = S_year(r, u);
    int64_t s = S_change(r, y, 0), e = S_change(r, y, 1);
    /* Northern zones have daylight time inside the year, southern ones across its end. */
    int dst = s < e ? (u >= s && u < e) : (u < e || u >= s);
    return dst ? r->dst_off : r->std_off;
}

int qc_tz_rule_next(const qc_tz_rule *r, int64_t u, int64_t *t)
{
    if (!r->has_dst)
        return 0;
    int y = S_year(r, u), found = 0;
    for (int k = -1; k <= 2; k++)
        for (int end = 0; end <= 1; end++) {
            int64_t c = S_change(r, y + k, end);
            if (c > u && (!found || c < *t)) {
                *t = c;
                found = 1;
            }
        }
    return found;
}
