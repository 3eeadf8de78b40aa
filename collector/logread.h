/* logread.h - a log file's bytes, whether plain or gzip.
 *
 * Compression is told by the gzip magic bytes, never by the name: rotated
 * logs are often misnamed.  Concatenated gzip members (what `cat a.gz b.gz`
 * and some rotators make) are read as one stream.  A truncated gzip file
 * yields everything before the cut, then an error that says so. */
#ifndef QC_LOGREAD_H
#define QC_LOGREAD_H

#include <stddef.h>
#include <sys/types.h>

#include "common/err.h"

typedef struct qc_logread qc_logread;

qc_logread *qc_logread_open(const char *path, qc_err *err);
/* Up to cap bytes into dst: the count, 0 at the end, -1 with err set. */
ssize_t qc_logread_read(qc_logread *r, char *dst, size_t cap, qc_err *err);
int qc_logread_is_gzip(const qc_logread *r);
/* Bytes read from the file itself (compressed size for gzip). */
unsigned long long qc_logread_raw_bytes(const qc_logread *r);
void qc_logread_close(qc_logread *r);

#endif
