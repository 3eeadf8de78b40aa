/* fuzz_sigv4.c - libFuzzer target for the SigV4 canonicalizer: the raw
 * request parser, canonical URI, query and headers, and the signature. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/aws/request.h"
#include "collector/aws/sigv4.h"
#include "common/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_sigv4_canonical_uri(s, &b);
    qc_buf_reset(&b);
    qc_sigv4_canonical_query(s, &b);
    qc_buf_free(&b);
    qc_err err;
    qc_err_clear(&err);
    qc_awsreq req;
    if (qc_awsreq_parse("fuzz.req", (const char *)data, size, &req, &err) == 0) {
        qc_sigv4_key key = {"AKIDEXAMPLE", "secret", size % 2 ? "token" : NULL};
        qc_sigv4_scope scope = {"us-east-1", "service", "20150830T123600Z"};
        qc_sigv4_parts parts = {0};
        qc_sigv4_sign(&req, &key, &scope, &parts, &err);
        qc_sigv4_parts_free(&parts);
        qc_awsreq_free(&req);
    }
    free(s);
    return 0;
}
