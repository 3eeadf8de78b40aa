/* logread.c - plain or gzip log input with zlib's inflate; see logread.h. */
#include "logread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "common/alloc.h"

#define QC_LOGREAD_IN (1 << 18)

struct qc_logread {
    char *path;
    int fd;
    int gzip;
    int eof;       /* the file has no more bytes */
    int ended;     /* gzip: the last member ended cleanly */
    z_stream zs;
    unsigned char *in;
    size_t in_len;   /* plain: bytes of `in` not yet handed out */
    size_t in_off;
    unsigned long long raw;
};

static ssize_t S_fill(qc_logread *r, unsigned char *dst, size_t cap, qc_err *err)
{
    for (;;) {
        ssize_t n = read(r->fd, dst, cap);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return qc_err_set(err, QC_EINPUT, "cannot read: %s", strerror(errno));
        r->raw += (unsigned long long)n;
        return n;
    }
}

qc_logread *qc_logread_open(const char *path, qc_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        qc_err_set(err, QC_EINPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    qc_logread *r = qc_calloc(1, sizeof *r);
    r->path = qc_strdup(path);
    r->fd = fd;
    r->in = qc_malloc(QC_LOGREAD_IN);
    /* Peek at the first bytes to tell gzip from plain text. */
    ssize_t n = S_fill(r, r->in, QC_LOGREAD_IN, err);
    if (n < 0) {
        qc_err_prefix(err, "%s", path);
        qc_logread_close(r);
        return NULL;
    }
    r->in_len = (size_t)n;
    r->eof = n == 0;
    if (n >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b) {
        r->gzip = 1;
        if (inflateInit2(&r->zs, 15 + 16) != Z_OK) {
            qc_err_set(err, QC_EINPUT, "%s: cannot start gzip decoder", path);
            qc_logread_close(r);
            return NULL;
        }
        r->zs.next_in = r->in;
        r->zs.avail_in = (uInt)n;
    }
    return r;
}

static ssize_t S_read_plain(qc_logread *r, char *dst, size_t cap, qc_err *err)
{
    if (r->in_off < r->in_len) {
        size_t n = r->in_len - r->in_off;
        if (n > cap)
            n = cap;
        memcpy(dst, r->in + r->in_off, n);
        r->in_off += n;
        return (ssize_t)n;
    }
    if (r->eof)
        return 0;
    ssize_t n = S_fill(r, (unsigned char *)dst, cap, err);
    if (n == 0)
        r->eof = 1;
    return n;
}

static ssize_t S_read_gzip(qc_logread *r, char *dst, size_t cap, qc_err *err)
{
    r->zs.next_out = (unsigned char *)dst;
    r->zs.avail_out = (uInt)(cap > (1u << 30) ? (1u << 30) : cap);
    uInt want = r->zs.avail_out;
    while (r->zs.avail_out == want) {
        if (r->zs.avail_in == 0 && !r->eof) {
            ssize_t n = S_fill(r, r->in, QC_LOGREAD_IN, err);
            if (n < 0)
                return -1;
            if (n == 0)
                r->eof = 1;
            r->zs.next_in = r->in;
            r->zs.avail_in = (uInt)n;
        }
        if (r->zs.avail_in == 0 && r->eof) {
            /* Hand out what was inflated before reporting the cut. */
            if (r->ended || r->zs.avail_out != want)
                break;
            return qc_err_set(err, QC_EINPUT,
                              "truncated gzip stream after %llu compressed bytes",
                              r->raw);
        }
        if (r->ended) {
            /* Another gzip member follows the one that ended. */
            if (inflateReset(&r->zs) != Z_OK)
                return qc_err_set(err, QC_EINPUT, "corrupt gzip stream");
            r->ended = 0;
        }
        int zr = inflate(&r->zs, Z_NO_FLUSH);
        if (zr == Z_STREAM_END) {
            r->ended = 1;
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            return qc_err_set(err, QC_EINPUT, "corrupt gzip stream: %s",
                              r->zs.msg ? r->zs.msg : "inflate failed");
        }
        if (r->ended && r->zs.avail_in == 0 && r->eof)
            break;
    }
    return (ssize_t)(want - r->zs.avail_out);
}

ssize_t qc_logread_read(qc_logread *r, char *dst, size_t cap, qc_err *err)
{
    return r->gzip ? S_read_gzip(r, dst, cap, err) : S_read_plain(r, dst, cap, err);
}

int qc_logread_is_gzip(const qc_logread *r)
{
    return r->gzip;
}

unsigned long long qc_logread_raw_bytes(const qc_logread *r)
{
    return r->raw;
}

void qc_logread_close(qc_logread *r)
{
    if (!r)
        return;
    if (r->gzip)
        inflateEnd(&r->zs);
    if (r->fd >= 0)
        close(r->fd);
    free(r->in);
    free(r->path);
    free(r);
}
