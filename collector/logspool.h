/* logspool.h - CloudWatch Logs messages held until they can be scanned.
 *
 * Log groups are fetched at once, but the scanner redacts as it reads and
 * the redactor numbers its placeholders in the order it meets values: to
 * give the same evidence however the fetches interleave, each group's
 * messages wait here and are scanned group after group once all are in.
 * Messages are held in memory up to a budget and past it in an anonymous
 * temporary file (gone with the process, whatever ends it), so memory does
 * not grow with the log group. */
#ifndef QC_LOGSPOOL_H
#define QC_LOGSPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

typedef struct qc_logspool qc_logspool;

/* budget: bytes held in memory before the file is used (0: 8 MiB). */
qc_logspool *qc_logspool_new(size_t budget);
void qc_logspool_free(qc_logspool *s);

/* One message: CloudWatch's time for it, the name it is shown under
 * ("group:stream") and its text.  Fails only when the file cannot be
 * written (a full disk). */
int qc_logspool_add(qc_logspool *s, int64_t ts_ms, const char *name, const char *msg,
                    size_t len, qc_err *err);
size_t qc_logspool_count(const qc_logspool *s);
/* Once nothing more will be added: past 1 MiB, what memory holds goes to
 * the file, so spools waiting their turn hold little memory each.  After a
 * failed write the spool is broken: add, seal and replay then fail. */
int qc_logspool_seal(qc_logspool *s, qc_err *err);

/* 0: go on; anything else: stop (an interruption). */
typedef int (*qc_logspool_fn)(void *ud, int64_t ts_ms, const char *name, const char *msg,
                              size_t len);
/* Hands every message to fn in the order added: 0 when all were, 1 when fn
 * stopped it, -1 (err set) when the file cannot be read back. */
int qc_logspool_replay(qc_logspool *s, qc_logspool_fn fn, void *ud, qc_err *err);

#endif
