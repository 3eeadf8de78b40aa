/* logspool.c - see logspool.h.  A record is the time (8 bytes), the name's
 * length with its NUL and the message's length (4 bytes each), then the
 * name and its NUL (read back in place) and the message. */
#include "logspool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"

#define QC_SPOOL_BUDGET ((size_t)8 << 20)

#define QC_SPOOL_IDLE ((size_t)1 << 20) /* held in memory once fetching ends */

struct qc_logspool {
    qc_buf mem;   /* records not yet in the file */
    FILE *file;   /* NULL until the budget is passed */
    size_t budget, count;
    int broken;   /* a write to the file failed: what it holds is not whole */
};

qc_logspool *qc_logspool_new(size_t budget)
{
    qc_logspool *s = qc_calloc(1, sizeof *s);
    s->budget = budget ? budget : QC_SPOOL_BUDGET;
    qc_buf_init(&s->mem, (size_t)-1 / 2);
    return s;
}

void qc_logspool_free(qc_logspool *s)
{
    if (!s)
        return;
    if (s->file)
        fclose(s->file);
    qc_buf_free(&s->mem);
    free(s);
}

size_t qc_logspool_count(const qc_logspool *s) { return s->count; }

/* Moves what memory holds to the file, and gives the memory back. */
static int S_flush(qc_logspool *s, qc_err *err)
{
    if (s->broken)
        return qc_err_set(err, QC_EIO, "cloudwatch logs: the temporary file of log messages "
                          "could not be written");
    if (!s->file && !(s->file = tmpfile())) {
        s->broken = 1;
        return qc_err_set(err, QC_EIO, "cloudwatch logs: a temporary file for log messages: %s",
                          strerror(errno));
    }
    int bad = s->mem.len && fwrite(s->mem.ptr, 1, s->mem.len, s->file) != s->mem.len;
    qc_buf_free(&s->mem);
    qc_buf_init(&s->mem, (size_t)-1 / 2);
    if (bad) {
        s->broken = 1;
        return qc_err_set(err, QC_EIO, "cloudwatch logs: writing log messages to a temporary "
                          "file: %s", strerror(errno));
    }
    return 0;
}

int qc_logspool_seal(qc_logspool *s, qc_err *err)
{
    return s->broken || s->mem.len > QC_SPOOL_IDLE ? S_flush(s, err) : 0;
}

int qc_logspool_add(qc_logspool *s, int64_t ts_ms, const char *name, const char *msg,
                    size_t len, qc_err *err)
{
    size_t nlen = strlen(name);
    if (s->broken)
        return qc_err_set(err, QC_EIO, "cloudwatch logs: the temporary file of log messages "
                          "could not be written");
    if (nlen >= UINT32_MAX || len > UINT32_MAX)
        return qc_err_set(err, QC_EIO, "cloudwatch logs: a log message of %zu bytes", len);
    uint32_t lens[2] = {(uint32_t)nlen + 1, (uint32_t)len};
    qc_buf_add(&s->mem, &ts_ms, sizeof ts_ms);
    qc_buf_add(&s->mem, lens, sizeof lens);
    qc_buf_add(&s->mem, name, nlen + 1);
    qc_buf_add(&s->mem, msg, len);
    s->count++;
    return s->mem.len > s->budget ? S_flush(s, err) : 0;
}

/* Records of p[0..n); returns the bytes used (a record cut at the end is
 * left for the next call); *stopped when fn said to stop. */
static size_t S_records(const char *p, size_t n, qc_logspool_fn fn, void *ud, int *stopped)
{
    size_t at = 0;
    while (n - at >= 16 && !*stopped) {
        int64_t ts;
        uint32_t lens[2];
        memcpy(&ts, p + at, 8);
        memcpy(lens, p + at + 8, 8);
        size_t whole = 16 + (size_t)lens[0] + lens[1];
        if (n - at < whole)
            break;
        *stopped = fn(ud, ts, p + at + 16, p + at + 16 + lens[0], lens[1]) != 0;
        at += whole;
    }
    return at;
}

int qc_logspool_replay(qc_logspool *s, qc_logspool_fn fn, void *ud, qc_err *err)
{
    int stopped = 0;
    if (s->broken)
        return qc_err_set(err, QC_EIO, "cloudwatch logs: the temporary file of log messages "
                          "could not be written; its messages were not read");
    if (s->file) {
        if (S_flush(s, err) < 0)
            return -1;
        if (fflush(s->file) != 0 || fseek(s->file, 0, SEEK_SET) != 0)
            return qc_err_set(err, QC_EIO, "cloudwatch logs: reading back log messages: %s",
                              strerror(errno));
        qc_buf chunk;
        qc_buf_init(&chunk, (size_t)-1 / 2);
        char block[65536];
        size_t got;
        while (!stopped && (got = fread(block, 1, sizeof block, s->file)) > 0) {
            qc_buf_add(&chunk, block, got);
            size_t used = S_records(chunk.ptr, chunk.len, fn, ud, &stopped);
            memmove(chunk.ptr, chunk.ptr + used, chunk.len - used);
            qc_buf_truncate(&chunk, chunk.len - used);
        }
        int bad = !stopped && (ferror(s->file) || chunk.len);
        qc_buf_free(&chunk);
        if (bad)
            return qc_err_set(err, QC_EIO, "cloudwatch logs: reading back log messages: %s",
                              ferror(s->file) ? strerror(errno) : "the temporary file is cut short");
        return stopped;
    }
    S_records(s->mem.ptr, s->mem.len, fn, ud, &stopped);
    return stopped;
}
