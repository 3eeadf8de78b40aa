/* tzone.h - the zone of log stamps written without one: UTC, a fixed offset,
 * or an IANA zone name read from the system's tzdata (TZif files, RFC 8536).
 *
 * A zone maps a local wall-clock time, as a log line prints it, to a UTC
 * instant.  Where clocks go back, a local time happens twice: the first one
 * (the offset in force before the change) is taken.  Where clocks go forward,
 * a local time never happens: the offset in force before the gap is taken. */
#ifndef QC_TZONE_H
#define QC_TZONE_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

typedef struct qc_tz qc_tz;

/* Where tzdata lives when the caller knows no better (glibc's default). */
#define QC_TZ_DEFAULT_DIR "/usr/share/zoneinfo"

/* A zone that is always `minutes` east of UTC.  Never NULL. */
qc_tz *qc_tz_fixed(int minutes);

/* "UTC", "Z", "+05:30", "-0800" (a fixed offset), else a zone name such as
 * "Europe/Berlin" read from tzdir (NULL or "": QC_TZ_DEFAULT_DIR).  NULL with
 * err set: QC_EUSAGE when spec names no zone, QC_EINPUT when the zone's file
 * cannot be read or is not a valid TZif file. */
qc_tz *qc_tz_load(const char *spec, const char *tzdir, qc_err *err);

/* Parses the bytes of a TZif file (at most 1 MiB; version 2+ 64-bit data
 * when present, with its footer rule for later instants).  `name` is what
 * qc_tz_name returns, `where` names the file in errors.  NULL with err set. */
qc_tz *qc_tz_parse(const char *name, const char *where, const void *data, size_t len,
                   qc_err *err);

void qc_tz_free(qc_tz *tz);

/* What the manifest records: "+05:30" for a fixed offset, else the zone name. */
const char *qc_tz_name(const qc_tz *tz);

/* Seconds east of UTC in force at the UTC instant utc_s. */
int32_t qc_tz_offset_at(const qc_tz *tz, int64_t utc_s);

/* The UTC instant of a local wall-clock time, both in seconds since the
 * epoch (local_s counts as if the local clock were UTC).  tz NULL is UTC. */
int64_t qc_tz_local_to_utc(const qc_tz *tz, int64_t local_s);

#endif
