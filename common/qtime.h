/* qtime.h - UTC instants as milliseconds since the epoch, parsed from the
 * many ways logs and the aws CLI print them, and printed one way: ISO 8601
 * with a Z (milliseconds only when they are not zero). */
#ifndef QC_QTIME_H
#define QC_QTIME_H

#include <stddef.h>
#include <stdint.h>

#include "common/tzone.h"

#define QC_TIME_NONE INT64_MIN
#define QC_TIME_STR_MAX 64

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t qc_time_days_from_civil(int y, int m, int d);
void qc_time_civil_from_days(int64_t days, int *y, int *m, int *d);

/* "2026-01-10T14:03:22Z" or "2026-01-10T14:03:22.120Z". */
void qc_time_format(int64_t ms, char out[QC_TIME_STR_MAX]);

/* Parses a timestamp at the start of s (len bytes).  Accepted:
 *   2026-01-10T14:03:22[.123|,123][Z|+01:00|+0100|+01| UTC]  (T or space)
 *   2026/01/10 14:03:22[.123456]                 (Go's log package)
 *   10-Jan-2026 14:03:22.123                     (Tomcat, Java)
 *   Jan 10, 2026 2:03:22 PM                      (java.util.logging)
 * A stamp without a zone is local time in `zone` (NULL: UTC).
 * Returns the number of bytes consumed, 0 when s does not start with one. */
size_t qc_time_parse(const char *s, size_t len, const qc_tz *zone, int64_t *ms);

/* The whole string must be one timestamp (as above), a date alone
 * (midnight UTC), or epoch seconds.  Returns 0 or -1. */
int qc_time_parse_arg(const char *s, int64_t *ms);

/* "UTC", "Z", "+05:30", "-0800", "+01" into minutes east of UTC. 0 or -1. */
int qc_time_parse_offset(const char *s, int *minutes);

/* A JSON number that is an epoch time in seconds, milliseconds,
 * microseconds or nanoseconds (told apart by magnitude); QC_TIME_NONE when
 * it is negative or too large to be one. */
int64_t qc_time_from_epoch_number(double v);

#endif
