/* awserror.h - what went wrong on the AWS side, read from a failed answer. */
#ifndef QC_AWS_AWSERROR_H
#define QC_AWS_AWSERROR_H

#include "collector/aws/http.h"

/* The code, message and request id of an AWS error answer, when any. */
typedef struct qc_aws_error {
    long http_status;
    char code[128];
    char message[512];
    char request_id[128];
} qc_aws_error;

/* The error code, message and request id of a failed response, whatever the
 * protocol: JSON "__type" ("ns#Code" or "Code:uri"), "message" or "Message",
 * an x-amzn-query-error header, or an XML <Error>. */
void qc_aws_parse_error(const qc_http_resp *r, qc_aws_error *e);

#endif
