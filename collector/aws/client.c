/* client.c - settings, endpoints, signing, retries and the call log; see
 * client.h.  Retry rules follow botocore's standard mode (retries/standard.py
 * and _retry.json): which codes retry, full jitter, a 20 s cap. */
#include "client.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "collector/aws/credentials.h"
#include "collector/aws/ratelimit.h"
#include "collector/aws/sigv4.h"
#include "common/alloc.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/qtime.h"

#define QC_RETRY_CAP_MS 20000
#define QC_REFRESH_BEFORE_MS (5 * 60 * 1000)

const qc_aws_service qc_svc_sts = {"sts", "sts", "sts", "STS", "sts", "sts"};
const qc_aws_service qc_svc_cloudwatch = {"cloudwatch", "monitoring", "monitoring", "CLOUDWATCH",
                                          "cloudwatch", "cloudwatch"};
const qc_aws_service qc_svc_logs = {"logs", "logs", "logs", "CLOUDWATCH_LOGS", "cloudwatch_logs",
                                    "logs"};
const qc_aws_service qc_svc_quotas = {"service-quotas", "servicequotas", "servicequotas",
                                      "SERVICE_QUOTAS", "service_quotas", "servicequotas"};
const qc_aws_service qc_svc_support = {"support", "support", "support", "SUPPORT", "support",
                                       "support"};
const qc_aws_service qc_svc_sso = {"sso", "portal.sso", "awsssoportal", "SSO", "sso", "sso"};
const qc_aws_service qc_svc_sso_oidc = {"sso-oidc", "oidc", "awsssooidc", "SSO_OIDC", "sso_oidc",
                                        "sso-oauth"};

struct qc_aws {
    qc_aws_opts o;
    char *profile;
    int profile_explicit;
    char *region;
    qc_ini *config, *credentials;
    int files_borrowed; /* a clone's: its parent's (qc_aws_clone) */
    struct qc_aws *parent; /* a clone's: whose credentials it refreshes from */
    pthread_mutex_t creds_lock; /* a parent's: one refresh at a time for its clones */
    char *config_path, *credentials_path;
    int max_attempts;
    char *retry_mode;
    long retry_base_ms;
    qc_http *http;
    qc_creds creds;
    int have_creds;
    qc_ratelimit lim;
    json_t *calls;
    unsigned int seed;
};

static const char *S_env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static int64_t S_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void qc_creds_free(qc_creds *c)
{
    if (c->secret_key)
        memset(c->secret_key, 0, strlen(c->secret_key));
    if (c->session_token)
        memset(c->session_token, 0, strlen(c->session_token));
    free(c->access_key);
    free(c->secret_key);
    free(c->session_token);
    free(c->source);
    free(c->detail);
    memset(c, 0, sizeof *c);
}

/* ---- settings ---- */

/* AWS_CONFIG_FILE and friends as the CLI reads them: a leading "~/" is the
 * home directory. */
static char *S_home_file(const char *env, const char *rel)
{
    const char *v = S_env(env), *home = S_env("HOME");
    if (v && (!strcmp(v, "~") || !strncmp(v, "~/", 2)))
        return qc_fs_join(home ? home : ".", v[1] ? v + 2 : "");
    if (v)
        return qc_strdup(v);
    return qc_fs_join(home ? home : ".", rel);
}

const char *qc_aws_setting(const qc_aws *aws, const char *profile, const char *key,
                           int from_credentials)
{
    if (from_credentials)
        return qc_ini_get(aws->credentials, profile, key);
    char section[300];
    snprintf(section, sizeof section, "profile %s", profile);
    const char *v = qc_ini_get(aws->config, section, key);
    if (!v && !strcmp(profile, "default"))
        v = qc_ini_get(aws->config, "default", key);
    return v;
}

const char *qc_aws_section_setting(const qc_aws *aws, const char *section, const char *key)
{
    return qc_ini_get(aws->config, section, key);
}

static int S_profile_exists(const qc_aws *aws, const char *p)
{
    char section[300];
    snprintf(section, sizeof section, "profile %s", p);
    return qc_ini_has_section(aws->config, section) || qc_ini_has_section(aws->credentials, p) ||
           (!strcmp(p, "default") && qc_ini_has_section(aws->config, "default"));
}

static int S_retry_settings(qc_aws *aws, qc_err *err)
{
    const char *mode = S_env("AWS_RETRY_MODE");
    if (!mode)
        mode = qc_aws_setting(aws, aws->profile, "retry_mode", 0);
    if (!mode)
        mode = "standard";
    if (strcmp(mode, "standard") && strcmp(mode, "legacy") && strcmp(mode, "adaptive"))
        return qc_err_set(err, QC_EUSAGE, "retry mode '%s' is not standard, legacy or adaptive",
                          mode);
    aws->retry_mode = qc_strdup(mode);
    const char *ma = S_env("AWS_MAX_ATTEMPTS");
    if (!ma)
        ma = qc_aws_setting(aws, aws->profile, "max_attempts", 0);
    aws->max_attempts = !strcmp(mode, "legacy") ? 5 : 3;
    if (ma) {
        char *e;
        long v = strtol(ma, &e, 10);
        if (*e || v < 1 || v > 50)
            return qc_err_set(err, QC_EUSAGE, "max_attempts '%s' is not a number from 1 to 50", ma);
        aws->max_attempts = (int)v;
    }
    const char *base = S_env("QUOTACASE_RETRY_BASE_MS");
    aws->retry_base_ms = base ? strtol(base, NULL, 10) : 1000;
    return 0;
}

static qc_http *S_http_new(const qc_aws *aws)
{
    const qc_aws_opts *o = &aws->o;
    const char *ca = S_env("AWS_CA_BUNDLE");
    if (!ca)
        ca = qc_aws_setting(aws, aws->profile, "ca_bundle", 0);
    qc_http_opts ho = {(long)(o->connect_timeout_s > 0 ? o->connect_timeout_s * 1000 : 5000),
                       (long)(o->read_timeout_s > 0 ? o->read_timeout_s * 1000 : 60000), ca, 4,
                       o->stop};
    return qc_http_new(&ho);
}

static char *S_dup_or_null(const char *s) { return s ? qc_strdup(s) : NULL; }

static void S_creds_copy(qc_creds *dst, const qc_creds *src)
{
    dst->access_key = S_dup_or_null(src->access_key);
    dst->secret_key = S_dup_or_null(src->secret_key);
    dst->session_token = S_dup_or_null(src->session_token);
    dst->expires_ms = src->expires_ms;
    dst->source = S_dup_or_null(src->source);
    dst->detail = S_dup_or_null(src->detail);
}

qc_aws *qc_aws_new(const qc_aws_opts *o, qc_err *err)
{
    qc_aws *aws = qc_calloc(1, sizeof *aws);
    aws->o = *o;
    aws->calls = json_array();
    aws->seed = (unsigned)S_now_ms();
    pthread_mutex_init(&aws->creds_lock, NULL);
    const char *p = o->profile ? o->profile : S_env("AWS_PROFILE");
    if (!p)
        p = S_env("AWS_DEFAULT_PROFILE");
    aws->profile = qc_strdup(p ? p : "default");
    aws->profile_explicit = o->profile != NULL;
    aws->config_path = S_home_file("AWS_CONFIG_FILE", ".aws/config");
    aws->credentials_path = S_home_file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
    if (!(aws->config = qc_ini_load(aws->config_path, err)) ||
        !(aws->credentials = qc_ini_load(aws->credentials_path, err)) ||
        S_retry_settings(aws, err) < 0) {
        qc_aws_free(aws);
        return NULL;
    }
    if (p && !S_profile_exists(aws, aws->profile)) {
        qc_err_set(err, QC_EUSAGE, "the config profile (%s) could not be found in %s or %s",
                   aws->profile, aws->config_path, aws->credentials_path);
        qc_aws_free(aws);
        return NULL;
    }
    const char *r = o->region ? o->region : S_env("AWS_REGION");
    if (!r)
        r = S_env("AWS_DEFAULT_REGION");
    if (!r)
        r = qc_aws_setting(aws, aws->profile, "region", 0);
    aws->region = r ? qc_strdup(r) : NULL;
    aws->http = S_http_new(aws);
    return aws;
}

qc_aws *qc_aws_clone(qc_aws *parent, qc_err *err)
{
    pthread_mutex_lock(&parent->creds_lock);
    const qc_creds *c = qc_aws_credentials(parent, err);
    if (!c) {
        pthread_mutex_unlock(&parent->creds_lock);
        return NULL;
    }
    qc_aws *aws = qc_calloc(1, sizeof *aws);
    aws->o = parent->o;
    aws->parent = parent;
    aws->calls = json_array();
    aws->seed = parent->seed * 1103515245u + 12345u;
    parent->seed = aws->seed;
    S_creds_copy(&aws->creds, c);
    aws->have_creds = 1;
    pthread_mutex_unlock(&parent->creds_lock);
    aws->profile = qc_strdup(parent->profile);
    aws->profile_explicit = parent->profile_explicit;
    aws->config_path = qc_strdup(parent->config_path);
    aws->credentials_path = qc_strdup(parent->credentials_path);
    /* The shared files are only read after they are loaded: the clone reads
     * its parent's, which outlives it. */
    aws->config = parent->config;
    aws->credentials = parent->credentials;
    aws->files_borrowed = 1;
    aws->max_attempts = parent->max_attempts;
    aws->retry_mode = qc_strdup(parent->retry_mode);
    aws->retry_base_ms = parent->retry_base_ms;
    aws->region = parent->region ? qc_strdup(parent->region) : NULL;
    aws->http = S_http_new(aws);
    return aws;
}

void qc_aws_append_calls(qc_aws *aws, const json_t *calls)
{
    size_t i;
    json_t *c;
    json_array_foreach(calls, i, c)
        json_array_append(aws->calls, c);
}

void qc_aws_free(qc_aws *aws)
{
    if (!aws)
        return;
    qc_http_free(aws->http);
    if (!aws->files_borrowed) {
        qc_ini_free(aws->config);
        qc_ini_free(aws->credentials);
    }
    if (!aws->parent)
        pthread_mutex_destroy(&aws->creds_lock);
    qc_creds_free(&aws->creds);
    json_decref(aws->calls);
    free(aws->profile);
    free(aws->region);
    free(aws->config_path);
    free(aws->credentials_path);
    free(aws->retry_mode);
    free(aws);
}

const char *qc_aws_region(const qc_aws *aws) { return aws->region; }
const char *qc_aws_mfa_code(const qc_aws *aws) { return aws->o.mfa_code; }
const char *qc_aws_role_arn(const qc_aws *aws) { return aws->o.role_arn; }
const char *qc_aws_profile_name(const qc_aws *aws) { return aws->profile; }
int qc_aws_profile_explicit(const qc_aws *aws) { return aws->profile_explicit; }
qc_http *qc_aws_http(qc_aws *aws) { return aws->http; }

json_t *qc_aws_calls(const qc_aws *aws)
{
    return json_deep_copy(aws->calls);
}

size_t qc_aws_ncalls(const qc_aws *aws) { return json_array_size(aws->calls); }

static int S_creds_fresh(const qc_aws *aws)
{
    return aws->have_creds && (aws->creds.expires_ms == QC_TIME_NONE ||
                               aws->creds.expires_ms - S_now_ms() > QC_REFRESH_BEFORE_MS);
}

const qc_creds *qc_aws_credentials(qc_aws *aws, qc_err *err)
{
    if (S_creds_fresh(aws))
        return &aws->creds;
    if (aws->parent) {
        /* Clones that near expiry together refresh once, in the parent
         * (one MFA prompt, one AssumeRole), and take its new credentials. */
        pthread_mutex_lock(&aws->parent->creds_lock);
        const qc_creds *c = qc_aws_credentials(aws->parent, err);
        if (c) {
            qc_creds_free(&aws->creds);
            S_creds_copy(&aws->creds, c);
        }
        pthread_mutex_unlock(&aws->parent->creds_lock);
        return c ? &aws->creds : NULL;
    }
    qc_creds fresh;
    memset(&fresh, 0, sizeof fresh);
    if (qc_creds_resolve(aws, &fresh, err) < 0)
        return NULL;
    qc_creds_free(&aws->creds);
    aws->creds = fresh;
    aws->have_creds = 1;
    return &aws->creds;
}

/* ---- endpoints ---- */

static int S_split_url(const char *url, char **scheme, char **host, qc_err *err)
{
    const char *sep = strstr(url, "://");
    if (!sep || (strncmp(url, "http", (size_t)(sep - url)) && strncmp(url, "https", (size_t)(sep - url))))
        return qc_err_set(err, QC_EUSAGE, "endpoint URL '%s' is not http:// or https://", url);
    const char *h = sep + 3, *slash = strchr(h, '/');
    size_t hl = slash ? (size_t)(slash - h) : strlen(h);
    if (!hl)
        return qc_err_set(err, QC_EUSAGE, "endpoint URL '%s' has no host", url);
    *scheme = qc_strndup(url, (size_t)(sep - url));
    *host = qc_strndup(h, hl);
    return 0;
}

static const char *S_configured_endpoint(const qc_aws *aws, const qc_aws_service *svc)
{
    const char *ign = S_env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    if (ign && !strcasecmp(ign, "true"))
        return NULL;
    char env[128];
    snprintf(env, sizeof env, "AWS_ENDPOINT_URL_%s", svc->env_id);
    const char *v = S_env(env);
    if (!v)
        v = S_env("AWS_ENDPOINT_URL");
    const char *services = qc_aws_setting(aws, aws->profile, "services", 0);
    if (!v && services) {
        char section[300], key[128];
        snprintf(section, sizeof section, "services %s", services);
        snprintf(key, sizeof key, "%s.endpoint_url", svc->config_id);
        v = qc_ini_get(aws->config, section, key);
    }
    if (!v)
        v = qc_aws_setting(aws, aws->profile, "endpoint_url", 0);
    return v;
}

int qc_aws_endpoint(const qc_aws *aws, const qc_aws_service *svc, const char *region,
                    char **scheme, char **host, qc_err *err)
{
    const char *url = aws->o.endpoint_url ? aws->o.endpoint_url : S_configured_endpoint(aws, svc);
    if (url)
        return S_split_url(url, scheme, host, err);
    if (!region)
        return qc_err_set(err, QC_EUSAGE, "no AWS region: pass --region or set AWS_REGION");
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_buf_printf(&b, "%s.%s.amazonaws.com%s", svc->endpoint_prefix, region,
                  !strncmp(region, "cn-", 3) ? ".cn" : "");
    *scheme = qc_strdup("https");
    *host = qc_buf_take(&b);
    return 0;
}

/* ---- error codes ---- */

static int S_in(const char *code, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp(code, *set))
            return 1;
    return 0;
}

static const char *const S_throttle_codes[] = {
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException",
    "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
    "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "EC2ThrottledException", NULL};
static const char *const S_transient_codes[] = {
    "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
    "InternalServiceError", "ServiceUnavailable", "ServiceUnavailableException", NULL};
static const char *const S_signature_codes[] = {
    "SignatureDoesNotMatch", "InvalidSignatureException", "IncompleteSignature",
    "InvalidClientTokenId", "UnrecognizedClientException", NULL};

/* ---- sending ---- */

static void S_record(qc_aws *aws, const qc_aws_service *svc, const char *op, int attempts,
                     const qc_http_resp *r, const qc_aws_error *e, long ms)
{
    json_t *c = json_object();
    json_object_set_new(c, "service", json_string(svc->name));
    json_object_set_new(c, "operation", json_string(op));
    json_object_set_new(c, "attempts", json_integer(attempts));
    json_object_set_new(c, "http_status", r->status ? json_integer(r->status) : json_null());
    json_object_set_new(c, "error_code", e && e->code[0] ? json_string(e->code) : json_null());
    json_object_set_new(c, "request_id", e && e->request_id[0] ? json_string(e->request_id) : json_null());
    json_object_set_new(c, "ms", json_integer(ms));
    json_object_set_new(c, "bytes_out", json_integer((json_int_t)r->bytes_out));
    json_object_set_new(c, "bytes_in", json_integer((json_int_t)r->bytes_in));
    json_array_append_new(aws->calls, c);
}

static long S_backoff(qc_aws *aws, int attempt, const qc_http_resp *r)
{
    const char *ra = qc_http_resp_header(r, "Retry-After");
    if (ra) {
        long s = strtol(ra, NULL, 10);
        if (s > 0)
            return s * 1000 > QC_RETRY_CAP_MS ? QC_RETRY_CAP_MS : s * 1000;
    }
    double cap = (double)aws->retry_base_ms * pow(2, attempt - 1);
    if (cap > QC_RETRY_CAP_MS)
        cap = QC_RETRY_CAP_MS;
    return (long)(cap * ((double)rand_r(&aws->seed) / RAND_MAX));
}

static int S_sign(qc_aws *aws, const qc_aws_service *svc, const char *region, qc_awsreq *req,
                  const qc_creds *creds, qc_err *err)
{
    if (!creds)
        return 0;
    char date[17];
    qc_sigv4_amz_date(S_now_ms(), date);
    qc_sigv4_key key = {creds->access_key, creds->secret_key, creds->session_token};
    qc_sigv4_scope scope = {region ? region : "us-east-1", svc->signing_name, date};
    (void)aws;
    return qc_sigv4_sign(req, &key, &scope, NULL, err);
}

static int S_fail(const qc_aws_service *svc, const char *op, const qc_aws_error *e,
                  const qc_creds *creds, int attempts, qc_err *err)
{
    if (S_in(e->code, S_signature_codes))
        return qc_err_set(err, QC_EAWS,
                          "%s %s: %s: %s (HTTP %ld): the request signature was refused; check "
                          "the secret access key paired with %s (from %s) and the system clock, "
                          "and compare with `quotacase debug sign`",
                          svc->name, op, e->code, e->message, e->http_status,
                          creds ? creds->access_key : "no key", creds ? creds->source : "nowhere");
    static const char *const denied[] = {"AccessDenied", "AccessDeniedException",
                                         "UnauthorizedOperation", NULL};
    if (S_in(e->code, denied))
        return qc_err_set(err, QC_EAWS, "%s %s: %s: %s (HTTP %ld%s%s); grant the IAM action "
                          "%s:%s to this identity", svc->name, op, e->code, e->message,
                          e->http_status, e->request_id[0] ? ", request id " : "", e->request_id,
                          svc->iam_prefix, op);
    return qc_err_set(err, QC_EAWS, "%s %s: %s: %s (HTTP %ld%s%s, %d attempt%s)", svc->name, op,
                      e->code, e->message[0] ? e->message : "no message", e->http_status,
                      e->request_id[0] ? ", request id " : "", e->request_id, attempts,
                      attempts == 1 ? "" : "s");
}

int qc_aws_send(qc_aws *aws, const qc_aws_service *svc, const char *region,
                const char *operation, qc_awsreq *req, const qc_creds *creds,
                qc_http_resp *resp, qc_aws_error *aerr, qc_err *err)
{
    char *scheme = NULL, *host = NULL;
    if (qc_aws_endpoint(aws, svc, region, &scheme, &host, err) < 0)
        return -1;
    free(req->host);
    req->host = host;
    qc_awsreq_set_header(req, "Host", host);
    int64_t t0 = S_now_ms();
    int attempt = 0, rc = -1;
    memset(aerr, 0, sizeof *aerr);
    for (;;) {
        attempt++;
        qc_ratelimit_wait(&aws->lim, aws->o.stop);
        if (S_sign(aws, svc, region, req, creds, err) < 0)
            break;
        qc_http_resp_free(resp);
        qc_http_resp_init(resp);
        if (qc_http_send(aws->http, scheme, req, resp, err) < 0)
            break;
        int retry = 0, throttled = 0;
        if (resp->transport) {
            memset(aerr, 0, sizeof *aerr);
            snprintf(aerr->code, sizeof aerr->code, "%s", resp->timed_out ? "Timeout" : "ConnectionError");
            snprintf(aerr->message, sizeof aerr->message, "%s: %s", host, resp->transport_error);
            retry = resp->transport != 60 /* CURLE_PEER_FAILED_VERIFICATION */ && !req->once;
        } else if (resp->status >= 200 && resp->status < 300) {
            rc = 0;
        } else {
            qc_aws_parse_error(resp, aerr);
            throttled = S_in(aerr->code, S_throttle_codes) || resp->status == 429;
            /* A call sent once is retried only when AWS said it throttled it
             * (so it was not done): a 5xx does not say the call did nothing. */
            retry = throttled || (!req->once && (S_in(aerr->code, S_transient_codes) ||
                                                 resp->status == 500 || resp->status == 502 ||
                                                 resp->status == 503 || resp->status == 504));
        }
        qc_ratelimit_update(&aws->lim, throttled);
        if (aws->o.verbose)
            fprintf(stderr, "quotacase: %s %s attempt %d: %s%ld%s%s in %ld ms\n", svc->name,
                    operation, attempt, resp->transport ? "" : "HTTP ",
                    resp->transport ? 0L : resp->status, rc == 0 ? "" : " ",
                    rc == 0 ? "" : aerr->code, resp->ms);
        if (rc == 0 || !retry || attempt >= aws->max_attempts || (aws->o.stop && *aws->o.stop))
            break;
        long wait = S_backoff(aws, attempt, resp);
        if (aws->o.verbose)
            fprintf(stderr, "quotacase: retrying in %ld ms\n", wait);
        qc_sleep_ms(wait, aws->o.stop);
    }
    S_record(aws, svc, operation, attempt, resp, rc == 0 ? NULL : aerr, (long)(S_now_ms() - t0));
    if (rc < 0 && !err->code)
        S_fail(svc, operation, aerr, creds, attempt, err);
    free(scheme);
    return rc;
}

static int S_json_call(qc_aws *aws, const qc_aws_service *svc, const char *region,
                       const char *target_prefix, const char *json_version, const char *operation,
                       const json_t *body, int once, json_t **out, qc_aws_error *aerr, qc_err *err)
{
    const qc_creds *creds = qc_aws_credentials(aws, err);
    if (!creds)
        return -1;
    qc_awsreq req;
    qc_awsreq_init(&req, "POST", "", "/", NULL);
    char ctype[64], target[256];
    snprintf(ctype, sizeof ctype, "application/x-amz-json-%s", json_version);
    snprintf(target, sizeof target, "%s.%s", target_prefix, operation);
    qc_awsreq_add_header(&req, "Content-Type", ctype);
    qc_awsreq_add_header(&req, "X-Amz-Target", target);
    qc_buf b;
    qc_buf_init(&b, (size_t)64 << 20);
    if (body)
        qc_json_dump(body, &b);
    else
        qc_buf_adds(&b, "{}");
    qc_awsreq_set_body(&req, b.ptr, b.len);
    qc_buf_free(&b);
    req.once = once;
    qc_http_resp resp;
    qc_http_resp_init(&resp);
    int rc = qc_aws_send(aws, svc, region, operation, &req, creds, &resp, aerr, err);
    if (rc == 0) {
        json_error_t je;
        *out = json_loadb(resp.body.ptr ? resp.body.ptr : "", resp.body.len, 0, &je);
        if (!*out)
            rc = qc_err_set(err, QC_EAWS, "%s %s: the answer is not JSON (%s at byte %d)",
                            svc->name, operation, je.text, je.position);
    }
    qc_http_resp_free(&resp);
    qc_awsreq_free(&req);
    return rc;
}

int qc_aws_json_call(qc_aws *aws, const qc_aws_service *svc, const char *region,
                     const char *target_prefix, const char *json_version, const char *operation,
                     const json_t *body, json_t **out, qc_aws_error *aerr, qc_err *err)
{
    return S_json_call(aws, svc, region, target_prefix, json_version, operation, body, 0, out,
                       aerr, err);
}

int qc_aws_json_call_once(qc_aws *aws, const qc_aws_service *svc, const char *region,
                          const char *target_prefix, const char *json_version,
                          const char *operation, const json_t *body, json_t **out,
                          qc_aws_error *aerr, qc_err *err)
{
    return S_json_call(aws, svc, region, target_prefix, json_version, operation, body, 1, out,
                       aerr, err);
}
