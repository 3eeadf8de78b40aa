/* sha256.h - SHA-256 digests as lowercase hex, through OpenSSL's libcrypto. */
#ifndef QC_SHA256_H
#define QC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define QC_SHA256_HEX_LEN 64

typedef struct qc_sha256 qc_sha256;

qc_sha256 *qc_sha256_new(void);
void qc_sha256_update(qc_sha256 *h, const void *data, size_t len);
/* Writes 64 hex digits and a NUL to hex. */
void qc_sha256_final_hex(qc_sha256 *h, char hex[QC_SHA256_HEX_LEN + 1]);
void qc_sha256_free(qc_sha256 *h);

void qc_sha256_hex(const void *data, size_t len, char hex[QC_SHA256_HEX_LEN + 1]);
/* Digest and size of a file, read in chunks. */
int qc_sha256_file(const char *path, char hex[QC_SHA256_HEX_LEN + 1], uint64_t *bytes,
                   qc_err *err);

#endif
