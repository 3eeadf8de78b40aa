/* credentials.h - the credential chain, in the aws CLI v2's order.
 *
 *   1. environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
 *      (skipped when --profile is given)
 *   2. the profile: role_arn with source_profile or credential_source
 *      (STS AssumeRole; external_id, role_session_name, duration_seconds),
 *      web_identity_token_file, the credentials file's keys,
 *      credential_process, the config file's keys
 *   3. web identity from AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN
 *   4. container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or
 *      _FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE])
 *   5. EC2 instance metadata with the IMDSv2 token flow, unless
 *      AWS_EC2_METADATA_DISABLED=true (AWS_EC2_METADATA_SERVICE_ENDPOINT)
 * Temporary credentials carry their expiry; the client refreshes them. */
#ifndef QC_AWS_CREDENTIALS_H
#define QC_AWS_CREDENTIALS_H

#include "collector/aws/client.h"

int qc_creds_resolve(qc_aws *aws, qc_creds *out, qc_err *err);

/* Splits a credential_process command line like a POSIX shell would
 * (quotes and backslashes, no expansion).  NULL-terminated; free each and
 * the array.  NULL on an unterminated quote. */
char **qc_creds_split_command(const char *cmd);

#endif
