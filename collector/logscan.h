/* logscan.h - Bedrock throttling events out of application logs.
 *
 * One streaming pass per file with a fixed-size window, and the events kept
 * in bounded memory (evstore.h): memory does not grow with the input.  A fast
 * substring prefilter finds candidate lines; only around those are records
 * (a line, or a traceback or error dump over several lines) assembled,
 * redacted and read by logfields. */
#ifndef QC_LOGSCAN_H
#define QC_LOGSCAN_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "collector/event.h"
#include "collector/evstore.h"
#include "collector/logfields.h"
#include "common/redact.h"
#include "common/err.h"
#include "common/stop.h"

typedef struct qc_logscan_stats {
    uint64_t files;
    uint64_t bytes;      /* uncompressed bytes scanned */
    uint64_t lines;
    uint64_t candidates; /* records that mention throttling at all */
    uint64_t events;     /* records kept as Bedrock runtime throttling events */
} qc_logscan_stats;

typedef struct qc_logscan qc_logscan;

/* Records are redacted through `redactor` (borrowed; it outlives the scan), and
 * opts is copied but what it points to (the zone, the model) is borrowed too. */
qc_logscan *qc_logscan_new(const qc_logfields_opts *opts, qc_redactor *redactor);
void qc_logscan_free(qc_logscan *s);

/* Scans one file (plain or gzip); `name` is how sources are shown in the
 * evidence.  On a read error (say a truncated gzip file) the events found
 * before it are kept and -1 is returned with err naming the file and line;
 * stopped by the flag (qc_logscan_set_stop), 1, with err saying where. */
int qc_logscan_file(qc_logscan *s, const char *path, const char *name, qc_err *err);
/* Scans bytes already in memory (CloudWatch Logs messages, fuzzing).
 * first_line is the line number of data[0]. */
void qc_logscan_mem(qc_logscan *s, const char *data, size_t len, const char *name,
                    uint64_t first_line);

/* A flag a signal handler sets: the scan stops at the next chunk. */
void qc_logscan_set_stop(qc_logscan *s, const qc_stop_flag *stop);
/* The time given to records that carry none (QC_TIME_NONE: leave unknown). */
void qc_logscan_set_default_time(qc_logscan *s, int64_t ms);
size_t qc_logscan_count(const qc_logscan *s);
/* The events found, kept in bounded memory (evstore.h); read them in time
 * order with qc_evstore_iter_new.  Borrowed. */
qc_evstore *qc_logscan_events(qc_logscan *s);
/* Why an event could not be kept (a full disk for the spill files), or NULL. */
const qc_err *qc_logscan_store_error(const qc_logscan *s);
const qc_logscan_stats *qc_logscan_get_stats(const qc_logscan *s);
/* Replacements made in the records' text, per kind. */
const qc_redact_counts *qc_logscan_redactions(const qc_logscan *s);
/* The stats and the redaction counts per kind as JSON objects (new references). */
json_t *qc_logscan_stats_json(const qc_logscan *s);
json_t *qc_logscan_redactions_json(const qc_logscan *s);

#endif
