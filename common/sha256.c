/* sha256.c - thin wrapper over OpenSSL EVP for SHA-256; see sha256.h. */
#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct qc_sha256 {
    EVP_MD_CTX *ctx;
};

qc_sha256 *qc_sha256_new(void)
{
    qc_sha256 *h = malloc(sizeof *h);
    if (!h)
        abort();
    h->ctx = EVP_MD_CTX_new();
    if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1)
        abort();
    return h;
}

void qc_sha256_update(qc_sha256 *h, const void *data, size_t len)
{
    EVP_DigestUpdate(h->ctx, data, len);
}

void qc_sha256_final_hex(qc_sha256 *h, char hex[QC_SHA256_HEX_LEN + 1])
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_DigestFinal_ex(h->ctx, md, &n);
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
}

void qc_sha256_free(qc_sha256 *h)
{
    if (!h)
        return;
    EVP_MD_CTX_free(h->ctx);
    free(h);
}

void qc_sha256_hex(const void *data, size_t len, char hex[QC_SHA256_HEX_LEN + 1])
{
    qc_sha256 *h = qc_sha256_new();
    qc_sha256_update(h, data, len);
    qc_sha256_final_hex(h, hex);
    qc_sha256_free(h);
}

int qc_sha256_file(const char *path, char hex[QC_SHA256_HEX_LEN + 1], uint64_t *bytes,
                   qc_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return qc_err_set(err, QC_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    qc_sha256 *h = qc_sha256_new();
    static const size_t chunk = 1 << 16;
    unsigned char *buf = malloc(chunk);
    if (!buf)
        abort();
    uint64_t total = 0;
    int rc = 0;
    for (;;) {
        ssize_t n = read(fd, buf, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = qc_err_set(err, QC_EINPUT, "%s: cannot read: %s", path, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        qc_sha256_update(h, buf, (size_t)n);
        total += (uint64_t)n;
    }
    close(fd);
    free(buf);
    if (rc == 0) {
        qc_sha256_final_hex(h, hex);
        if (bytes)
            *bytes = total;
    }
    qc_sha256_free(h);
    return rc;
}
