/* sigv4.h - AWS Signature Version 4 for request headers.
 *
 * Follows the SigV4 specification as botocore implements it for every
 * service but S3: the canonical URI is the path with dot segments and
 * repeated slashes removed, percent-encoded once more; the canonical query
 * has each key and value decoded, then encoded with the unreserved set and
 * sorted; headers are lower-cased, trimmed, inner white space folded,
 * repeated names joined with commas; the payload is hashed with SHA-256. */
#ifndef QC_SIGV4_H
#define QC_SIGV4_H

#include "collector/aws/request.h"
#include "common/buf.h"
#include "common/err.h"

typedef struct qc_sigv4_key {
    const char *access_key;
    const char *secret_key;
    const char *session_token; /* NULL for long-term keys */
} qc_sigv4_key;

typedef struct qc_sigv4_scope {
    const char *region;
    const char *service;  /* signing name: "sts", "monitoring", ... */
    const char *amz_date; /* "20150830T123600Z" */
} qc_sigv4_scope;

typedef struct qc_sigv4_parts {
    char *canonical_request;
    char *string_to_sign;
    char *signature;
    char *authorization;
} qc_sigv4_parts;

/* Signs req in place: sets X-Amz-Date, X-Amz-Security-Token (when a session
 * token is given) and Authorization.  Every header already on the request
 * is signed except those a proxy or libcurl may change (user-agent, expect,
 * connection, ...).  parts may be NULL; its strings are the caller's. */
int qc_sigv4_sign(qc_awsreq *req, const qc_sigv4_key *key, const qc_sigv4_scope *scope,
                  qc_sigv4_parts *parts, qc_err *err);
void qc_sigv4_parts_free(qc_sigv4_parts *p);

/* The pieces, for tests and `quotacase debug sign`. */
void qc_sigv4_canonical_uri(const char *path, qc_buf *out);
void qc_sigv4_canonical_query(const char *query, qc_buf *out);
/* "20150830T123600Z" for a time in milliseconds. */
void qc_sigv4_amz_date(long long ms, char out[17]);

#endif
