/* tzone_int.h - the POSIX TZ rule inside common/tzone.c (tzrule.c).  Not for
 * other modules: they see a zone only through tzone.h. */
#ifndef QC_TZONE_INT_H
#define QC_TZONE_INT_H

#include <stdint.h>

typedef struct qc_tz_when {
    char kind;    /* 'J' (1-365, no Feb 29), 'n' (0-365), 'M' (month.week.day) */
    int m, w, d;  /* M: month 1-12, week 1-5 (5: last), weekday 0-6; J, n: day in d */
    int32_t time; /* seconds after local midnight, -167 to 167 hours */
} qc_tz_when;

typedef struct qc_tz_rule {
    int32_t std_off, dst_off; /* seconds east of UTC */
    int has_dst;
    qc_tz_when start, end;
} qc_tz_rule;

/* The whole string must be one rule.  0 or -1. */
int qc_tz_rule_parse(const char *s, qc_tz_rule *r);
/* Seconds east of UTC at the UTC instant u. */
int32_t qc_tz_rule_offset(const qc_tz_rule *r, int64_t u);
/* The first change after u (UTC): 1 and *t, or 0 when the rule never changes. */
int qc_tz_rule_next(const qc_tz_rule *r, int64_t u, int64_t *t);

#endif
