/* sts.h - the few AWS STS calls quotacase needs (query protocol, XML). */
#ifndef QC_AWS_STS_H
#define QC_AWS_STS_H

#include <stdint.h>

#include "collector/aws/client.h"

typedef struct qc_sts_identity {
    char account[64];
    char arn[512];
    char user_id[256];
    /* AWS's clock (the answer's Date header) and ours when it arrived, for
     * the clock check; set whenever an answer came, even an error.
     * QC_TIME_NONE when none came or it had no Date. */
    int64_t server_ms, local_ms;
} qc_sts_identity;

typedef struct qc_sts_role {
    const char *role_arn;
    const char *session_name; /* default: quotacase-<epoch> */
    const char *external_id;  /* may be NULL */
    int duration_s;           /* 0: the service default */
    const char *serial_number; /* mfa_serial; NULL when none */
    const char *token_code;    /* the MFA code that goes with it */
} qc_sts_role;

int qc_sts_get_caller_identity(qc_aws *aws, const qc_creds *creds, qc_sts_identity *id,
                               qc_err *err);
/* Temporary credentials for a role, signed with the source credentials. */
int qc_sts_assume_role(qc_aws *aws, const qc_creds *source, const qc_sts_role *role,
                       qc_creds *out, qc_err *err);
/* The same from a web identity token (an unsigned call). */
int qc_sts_assume_role_with_web_identity(qc_aws *aws, const qc_sts_role *role, const char *token,
                                         qc_creds *out, qc_err *err);

#endif
