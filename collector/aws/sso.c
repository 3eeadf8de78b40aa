/* sso.c - IAM Identity Center profiles; see sso.h.  Shapes from the botocore
 * models sso 2019-06-10 (GetRoleCredentials: GET /federation/credentials,
 * account_id and role_name in the query, the token in the
 * x-amz-sso_bearer_token header, unsigned) and sso-oidc 2019-06-10
 * (CreateToken: POST /token, JSON, unsigned); the token cache as botocore's
 * SSOTokenLoader and SSOTokenProvider keep it. */
#include "sso.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/aws/rolecache.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/qtime.h"

#define QC_SSO_REFRESH_WINDOW_MS (15 * 60 * 1000LL)

typedef struct sso_conf {
    const char *session, *start_url, *region, *account, *role;
} sso_conf;

static int64_t S_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int qc_sso_profile(qc_aws *aws, const char *profile)
{
    return qc_aws_setting(aws, profile, "sso_session", 0) ||
           qc_aws_setting(aws, profile, "sso_start_url", 0) ||
           qc_aws_setting(aws, profile, "sso_account_id", 0);
}

static int S_conf(qc_aws *aws, const char *profile, sso_conf *c, qc_err *err)
{
    memset(c, 0, sizeof *c);
    c->session = qc_aws_setting(aws, profile, "sso_session", 0);
    c->account = qc_aws_setting(aws, profile, "sso_account_id", 0);
    c->role = qc_aws_setting(aws, profile, "sso_role_name", 0);
    char section[300];
    if (c->session) {
        snprintf(section, sizeof section, "sso-session %s", c->session);
        c->start_url = qc_aws_section_setting(aws, section, "sso_start_url");
        c->region = qc_aws_section_setting(aws, section, "sso_region");
        if (!c->start_url && !c->region)
            return qc_err_set(err, QC_EUSAGE, "profile %s: sso_session %s has no [sso-session %s] "
                              "section with sso_start_url and sso_region", profile, c->session,
                              c->session);
    } else {
        c->start_url = qc_aws_setting(aws, profile, "sso_start_url", 0);
        c->region = qc_aws_setting(aws, profile, "sso_region", 0);
    }
    const char *missing = !c->start_url ? "sso_start_url" : !c->region ? "sso_region"
                        : !c->account   ? "sso_account_id"
                        : !c->role      ? "sso_role_name" : NULL;
    if (missing)
        return qc_err_set(err, QC_EUSAGE, "profile %s: an SSO profile needs %s", profile, missing);
    return 0;
}

static int S_login_hint(const char *profile, const char *why, qc_err *err)
{
    return qc_err_set(err, QC_EAWS, "profile %s: %s: run `aws sso login --profile %s`", profile,
                      why, profile);
}

/* ~/.aws/sso/cache/<sha1 of the session name, or of the start URL>.json */
static char *S_cache_path(const sso_conf *c)
{
    return qc_aws_cache_path("sso/cache", c->session ? c->session : c->start_url);
}

/* CreateToken with the refresh token; the cache entry is updated in place. */
static int S_refresh(qc_aws *aws, const char *profile, const sso_conf *c, json_t *tok, qc_err *err)
{
    const char *rt = qc_json_get_str(tok, "refreshToken"), *id = qc_json_get_str(tok, "clientId"),
               *secret = qc_json_get_str(tok, "clientSecret"),
               *reg = qc_json_get_str(tok, "registrationExpiresAt");
    int64_t reg_ms;
    if (!c->session || !rt || !id || !secret || !reg || qc_time_parse_arg(reg, &reg_ms) < 0 ||
        reg_ms <= S_now_ms())
        return 0; /* nothing to refresh with */
    json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "clientId", id, "clientSecret", secret,
                             "grantType", "refresh_token", "refreshToken", rt);
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_json_dump(body, &b);
    json_decref(body);
    qc_awsreq req;
    qc_awsreq_init(&req, "POST", "", "/token", NULL);
    qc_awsreq_add_header(&req, "Content-Type", "application/json");
    qc_awsreq_set_body(&req, b.ptr, b.len);
    qc_buf_free(&b);
    qc_http_resp resp;
    qc_http_resp_init(&resp);
    qc_aws_error aerr;
    qc_err e2;
    qc_err_clear(&e2);
    int rc = qc_aws_send(aws, &qc_svc_sso_oidc, c->region, "CreateToken", &req, NULL, &resp, &aerr,
                         &e2);
    json_t *ans = rc == 0 ? json_loadb(resp.body.ptr ? resp.body.ptr : "", resp.body.len, 0, NULL)
                          : NULL;
    double expires_in = 0;
    const char *at = qc_json_get_str(ans, "accessToken");
    int ok = at && qc_json_get_num(ans, "expiresIn", &expires_in) && expires_in > 0;
    if (ok) {
        json_object_set_new(tok, "accessToken", json_string(at));
        json_object_set_new(tok, "expiresAt", qc_json_time(S_now_ms() + (int64_t)(expires_in * 1000)));
        if (qc_json_get_str(ans, "refreshToken"))
            json_object_set_new(tok, "refreshToken", json_string(qc_json_get_str(ans, "refreshToken")));
    }
    json_decref(ans);
    qc_http_resp_free(&resp);
    qc_awsreq_free(&req);
    (void)profile;
    (void)err;
    return ok; /* a refresh that fails leaves the token as it was */
}

/* The cached token, refreshed when it is about to expire.  *token is new. */
static int S_token(qc_aws *aws, const char *profile, const sso_conf *c, char **token, qc_err *err)
{
    char *path = S_cache_path(c);
    if (!qc_fs_exists(path)) {
        free(path);
        return S_login_hint(profile, "no SSO login is cached", err);
    }
    json_t *tok = qc_json_load_file(path, err);
    int64_t exp;
    const char *at = qc_json_get_str(tok, "accessToken"), *ea = qc_json_get_str(tok, "expiresAt");
    if (!tok || !at || !ea || qc_time_parse_arg(ea, &exp) < 0) {
        json_decref(tok);
        free(path);
        qc_err_clear(err);
        return S_login_hint(profile, "the cached SSO login cannot be read", err);
    }
    int rc = 0;
    if (exp - S_now_ms() < QC_SSO_REFRESH_WINDOW_MS && S_refresh(aws, profile, c, tok, err) > 0) {
        qc_buf b;
        qc_buf_init(&b, 0);
        qc_json_dump(tok, &b);
        rc = qc_fs_write_atomic(path, b.ptr, b.len, err);
        qc_buf_free(&b);
        qc_time_parse_arg(qc_json_get_str(tok, "expiresAt"), &exp);
    }
    if (rc == 0 && exp <= S_now_ms())
        rc = S_login_hint(profile, "the SSO login has expired", err);
    if (rc == 0)
        *token = qc_strdup(qc_json_get_str(tok, "accessToken"));
    json_decref(tok);
    free(path);
    return rc;
}

static void S_query_add(qc_buf *q, const char *name, const char *v)
{
    qc_buf_printf(q, "%s%s=", q->len ? "&" : "", name);
    for (; *v; v++) {
        unsigned char ch = (unsigned char)*v;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '_' || ch == '.' || ch == '~')
            qc_buf_addc(q, (char)ch);
        else
            qc_buf_printf(q, "%%%02X", ch);
    }
}

int qc_sso_credentials(qc_aws *aws, const char *profile, qc_creds *out, qc_err *err)
{
    sso_conf c;
    char *token = NULL;
    if (S_conf(aws, profile, &c, err) < 0 || S_token(aws, profile, &c, &token, err) < 0)
        return -1;
    qc_buf q;
    qc_buf_init(&q, 0);
    S_query_add(&q, "account_id", c.account);
    S_query_add(&q, "role_name", c.role);
    qc_awsreq req;
    qc_awsreq_init(&req, "GET", "", "/federation/credentials", q.ptr);
    qc_buf_free(&q);
    qc_awsreq_add_header(&req, "x-amz-sso_bearer_token", token);
    memset(token, 0, strlen(token));
    free(token);
    qc_http_resp resp;
    qc_http_resp_init(&resp);
    qc_aws_error aerr;
    int rc = qc_aws_send(aws, &qc_svc_sso, c.region, "GetRoleCredentials", &req, NULL, &resp, &aerr,
                         err);
    if (rc < 0 && (resp.status == 401 || !strcmp(aerr.code, "UnauthorizedException"))) {
        qc_err_clear(err);
        rc = S_login_hint(profile, "the SSO portal refused the cached login", err);
    }
    json_t *ans = rc == 0 ? json_loadb(resp.body.ptr ? resp.body.ptr : "", resp.body.len, 0, NULL)
                          : NULL;
    json_t *rcred = json_object_get(ans, "roleCredentials");
    const char *ak = qc_json_get_str(rcred, "accessKeyId"), *sk = qc_json_get_str(rcred, "secretAccessKey"),
               *st = qc_json_get_str(rcred, "sessionToken");
    double expiration = 0;
    if (rc == 0 && (!ak || !sk || !qc_json_get_num(rcred, "expiration", &expiration)))
        rc = qc_err_set(err, QC_EAWS, "sso GetRoleCredentials: the answer has no roleCredentials");
    if (rc == 0) {
        memset(out, 0, sizeof *out);
        out->access_key = qc_strdup(ak);
        out->secret_key = qc_strdup(sk);
        out->session_token = st ? qc_strdup(st) : NULL;
        out->expires_ms = qc_time_from_epoch_number(expiration);
        out->source = qc_strdup("sso");
        qc_buf d;
        qc_buf_init(&d, 0);
        qc_buf_printf(&d, "profile %s, role %s in %s%s%s", profile, c.role, c.account,
                      c.session ? ", sso-session " : "", c.session ? c.session : "");
        out->detail = qc_buf_take(&d);
    }
    json_decref(ans);
    qc_http_resp_free(&resp);
    /* The token was in a header: wipe it with the request. */
    for (size_t i = 0; i < req.nheaders; i++)
        if (req.headers[i].value)
            memset(req.headers[i].value, 0, strlen(req.headers[i].value));
    qc_awsreq_free(&req);
    return rc < 0 ? -1 : 1;
}
