/* client.h - talking to AWS like the aws CLI v2 does.
 *
 * Settings come from the command line, then the environment, then the
 * shared files: profile (--profile, AWS_PROFILE), region (--region,
 * AWS_REGION, AWS_DEFAULT_REGION, the profile's region), endpoint
 * (--endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the
 * profile's services section and endpoint_url), CA bundle (AWS_CA_BUNDLE,
 * ca_bundle), retries (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE).  Calls are signed
 * with SigV4 and retried in the SDKs' standard mode: throttling codes,
 * 5xx, timeouts and broken connections retry with full-jitter exponential
 * backoff capped at 20 s, Retry-After is honoured, and a client-side rate
 * limiter slows sending while the service keeps throttling.  Every call is
 * recorded for the manifest. */
#ifndef QC_AWS_CLIENT_H
#define QC_AWS_CLIENT_H

#include <jansson.h>
#include <stdint.h>

#include "collector/aws/awserror.h"
#include "collector/aws/config.h"
#include "collector/aws/http.h"
#include "collector/aws/request.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/stop.h"

typedef struct qc_aws_service {
    const char *name;         /* for messages and the call log: "sts" */
    const char *endpoint_prefix; /* host prefix: "sts", "monitoring", ... */
    const char *signing_name;
    const char *env_id;       /* AWS_ENDPOINT_URL_<env_id> */
    const char *config_id;    /* key in a [services] section */
    const char *iam_prefix;   /* "cloudwatch", for naming the IAM action to grant */
} qc_aws_service;

extern const qc_aws_service qc_svc_sts;
extern const qc_aws_service qc_svc_cloudwatch;
extern const qc_aws_service qc_svc_logs;    /* CloudWatch Logs */
extern const qc_aws_service qc_svc_quotas;  /* Service Quotas */
extern const qc_aws_service qc_svc_support; /* AWS Support */
extern const qc_aws_service qc_svc_sso;     /* IAM Identity Center portal (unsigned calls) */
extern const qc_aws_service qc_svc_sso_oidc; /* IAM Identity Center OIDC */

typedef struct qc_creds {
    char *access_key, *secret_key, *session_token;
    int64_t expires_ms; /* QC_TIME_NONE: does not expire */
    char *source;       /* "environment", "shared-credentials-file", ... */
    char *detail;       /* "profile dev", a role ARN, ... */
} qc_creds;

void qc_creds_free(qc_creds *c);

typedef struct qc_aws_opts {
    const char *profile;      /* --profile */
    const char *region;       /* --region */
    const char *endpoint_url; /* --endpoint-url */
    double connect_timeout_s; /* --cli-connect-timeout; 0: default */
    double read_timeout_s;    /* --cli-read-timeout; 0: default */
    int verbose;
    const qc_stop_flag *stop; /* set by a signal: calls abort, no retries */
    const char *mfa_code;     /* --mfa-code: for a role profile with mfa_serial */
    const char *role_arn;     /* --assume-role: the credentials found are its source */
} qc_aws_opts;

typedef struct qc_aws qc_aws;

qc_aws *qc_aws_new(const qc_aws_opts *o, qc_err *err);
void qc_aws_free(qc_aws *aws);
/* A client for another thread: the same settings and credentials, its own
 * connections, rate limiter and call log.  It borrows the parent's shared
 * files, so the parent must outlive it.  Clones may be made and may refresh
 * their credentials from any thread: the refresh happens once, in the
 * parent, under its lock (the parent itself must not be used meanwhile). */
qc_aws *qc_aws_clone(qc_aws *parent, qc_err *err);
/* Appends calls (as qc_aws_calls gives them) to this client's log. */
void qc_aws_append_calls(qc_aws *aws, const json_t *calls);
/* How many calls this client has recorded. */
size_t qc_aws_ncalls(const qc_aws *aws);

const char *qc_aws_region(const qc_aws *aws);         /* NULL when none */
const char *qc_aws_mfa_code(const qc_aws *aws);       /* --mfa-code, or NULL */
const char *qc_aws_role_arn(const qc_aws *aws);       /* --assume-role, or NULL */
const char *qc_aws_profile_name(const qc_aws *aws);
int qc_aws_profile_explicit(const qc_aws *aws);
/* A profile setting: config file [profile x] (or the credentials file's [x]
 * when from_credentials). */
const char *qc_aws_setting(const qc_aws *aws, const char *profile, const char *key,
                           int from_credentials);
qc_http *qc_aws_http(qc_aws *aws);
/* A setting of any config-file section, as written ("sso-session corp"). */
const char *qc_aws_section_setting(const qc_aws *aws, const char *section, const char *key);

/* The credentials, resolved once and refreshed before they expire. */
const qc_creds *qc_aws_credentials(qc_aws *aws, qc_err *err);

/* One API call with retries.  creds NULL sends it unsigned.  On an AWS
 * error returns -1 with aerr filled and err saying "<op>: <code>: <msg>". */
int qc_aws_send(qc_aws *aws, const qc_aws_service *svc, const char *region,
                const char *operation, qc_awsreq *req, const qc_creds *creds,
                qc_http_resp *resp, qc_aws_error *aerr, qc_err *err);
/* An AWS JSON protocol call (awsJson 1.0 or 1.1): POST / with X-Amz-Target
 * "<target_prefix>.<operation>", the body (`{}` when NULL), retries as
 * qc_aws_send.  *out is the parsed answer (new reference). */
int qc_aws_json_call(qc_aws *aws, const qc_aws_service *svc, const char *region,
                     const char *target_prefix, const char *json_version, const char *operation,
                     const json_t *body, json_t **out, qc_aws_error *aerr, qc_err *err);

/* The same for a call that changes something (request.h, `once`):
 * retried only after a throttling answer. */
int qc_aws_json_call_once(qc_aws *aws, const qc_aws_service *svc, const char *region,
                          const char *target_prefix, const char *json_version,
                          const char *operation, const json_t *body, json_t **out,
                          qc_aws_error *aerr, qc_err *err);


/* The endpoint for a service: scheme and host ("https", "sts.us-east-1.amazonaws.com"). */
int qc_aws_endpoint(const qc_aws *aws, const qc_aws_service *svc, const char *region,
                    char **scheme, char **host, qc_err *err);

/* The calls made so far (a new reference): per call the service,
 * operation, attempts, HTTP status, error code, milliseconds, bytes. */
json_t *qc_aws_calls(const qc_aws *aws);

#endif
