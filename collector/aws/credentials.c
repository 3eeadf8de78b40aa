/* credentials.c - the credential chain; see credentials.h.
 * Order and names from botocore's credentials.py (create_credential_resolver)
 * and the aws CLI v2 documentation.  Secrets are never printed: messages
 * name the source and at most the access key id. */
#include "credentials.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collector/aws/rolecache.h"
#include "collector/aws/sso.h"
#include "collector/aws/sts.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/qtime.h"

#define QC_MAX_ROLE_CHAIN 8

static const char *S_env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static void S_set(qc_creds *c, const char *ak, const char *sk, const char *tok, int64_t exp,
                  const char *source, const char *detail)
{
    c->access_key = qc_strdup(ak);
    c->secret_key = qc_strdup(sk);
    c->session_token = tok ? qc_strdup(tok) : NULL;
    c->expires_ms = exp;
    c->source = qc_strdup(source);
    c->detail = detail ? qc_strdup(detail) : NULL;
}

/* Half a key pair in the environment is an error, as in the aws CLI: going
 * on to the profile's keys would be another identity, often another account. */
static int S_from_env(qc_creds *out, qc_err *err)
{
    const char *ak = S_env("AWS_ACCESS_KEY_ID"), *sk = S_env("AWS_SECRET_ACCESS_KEY");
    if (!ak != !sk)
        return qc_err_set(err, QC_EUSAGE, "partial credentials in the environment: %s is set, %s "
                          "is not (set both, or neither to use a profile)",
                          ak ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                          ak ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
    if (!ak || !sk)
        return 0;
    const char *tok = S_env("AWS_SESSION_TOKEN");
    if (!tok)
        tok = S_env("AWS_SECURITY_TOKEN");
    int64_t exp = QC_TIME_NONE;
    const char *e = S_env("AWS_CREDENTIAL_EXPIRATION");
    if (e && qc_time_parse_arg(e, &exp) < 0)
        exp = QC_TIME_NONE;
    S_set(out, ak, sk, tok, exp, "environment", NULL);
    return 1;
}

static int S_from_keys(qc_aws *aws, const char *profile, int from_credentials, qc_creds *out)
{
    const char *ak = qc_aws_setting(aws, profile, "aws_access_key_id", from_credentials);
    const char *sk = qc_aws_setting(aws, profile, "aws_secret_access_key", from_credentials);
    if (!ak || !sk)
        return 0;
    char detail[300];
    snprintf(detail, sizeof detail, "profile %s", profile);
    S_set(out, ak, sk, qc_aws_setting(aws, profile, "aws_session_token", from_credentials),
          QC_TIME_NONE, from_credentials ? "shared-credentials-file" : "config-file", detail);
    return 1;
}

/* AccessKeyId / SecretAccessKey / SessionToken or Token / Expiration. */
static int S_json_creds(const json_t *j, const char *what, const char *source, const char *detail,
                        qc_creds *out, qc_err *err)
{
    const char *ak = qc_json_get_str(j, "AccessKeyId"), *sk = qc_json_get_str(j, "SecretAccessKey");
    const char *tok = qc_json_get_str(j, "SessionToken");
    if (!tok)
        tok = qc_json_get_str(j, "Token");
    if (!ak || !sk)
        return qc_err_set(err, QC_EAWS, "%s: the answer has no AccessKeyId/SecretAccessKey", what);
    int64_t exp = QC_TIME_NONE;
    const char *e = qc_json_get_str(j, "Expiration");
    if (e && qc_time_parse_arg(e, &exp) < 0)
        return qc_err_set(err, QC_EAWS, "%s: Expiration '%s' is not a time", what, e);
    S_set(out, ak, sk, tok, exp, source, detail);
    return 1;
}

/* ---- credential_process ---- */

char **qc_creds_split_command(const char *cmd)
{
    size_t cap = 8, n = 0;
    char **argv = qc_calloc(cap, sizeof *argv);
    const char *p = cmd;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        qc_buf w;
        qc_buf_init(&w, 0);
        char quote = 0;
        for (; *p && (quote || (*p != ' ' && *p != '\t')); p++) {
            if (quote) {
                if (*p == quote)
                    quote = 0;
                else if (*p == '\\' && quote == '"' && p[1])
                    qc_buf_addc(&w, *++p);
                else
                    qc_buf_addc(&w, *p);
            } else if (*p == '\'' || *p == '"') {
                quote = *p;
            } else if (*p == '\\' && p[1]) {
                qc_buf_addc(&w, *++p);
            } else {
                qc_buf_addc(&w, *p);
            }
        }
        if (quote) {
            qc_buf_free(&w);
            for (size_t i = 0; i < n; i++)
                free(argv[i]);
            free(argv);
            return NULL;
        }
        argv = qc_grow(argv, &cap, n + 2, sizeof *argv);
        argv[n++] = qc_buf_take(&w);
        argv[n] = NULL;
    }
    return argv;
}

static void S_free_argv(char **argv)
{
    for (size_t i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}

static int S_run(char **argv, qc_buf *out, int *status)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    char buf[4096];
    ssize_t r;
    while ((r = read(fd[0], buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || qc_buf_add(out, buf, (size_t)r) < 0)
            break;
    }
    close(fd[0]);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
    return 0;
}

static int S_process(const char *profile, const char *cmd, qc_creds *out, qc_err *err)
{
    char **argv = qc_creds_split_command(cmd);
    if (!argv || !argv[0]) {
        S_free_argv(argv);
        return qc_err_set(err, QC_EUSAGE, "credential_process of profile %s cannot be parsed",
                          profile);
    }
    qc_buf o;
    qc_buf_init(&o, (size_t)1 << 20);
    int status = 0, rc;
    if (S_run(argv, &o, &status) < 0)
        rc = qc_err_set(err, QC_EAWS, "credential_process (profile %s): cannot run %s", profile,
                        argv[0]);
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        rc = qc_err_set(err, QC_EAWS, "credential_process (profile %s): %s exited with status %d",
                        profile, argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    else {
        qc_err jerr;
        qc_err_clear(&jerr);
        json_t *j = qc_json_load_mem("credential_process output", o.ptr ? o.ptr : "", o.len, &jerr);
        double version = 0;
        char what[300], detail[300];
        snprintf(what, sizeof what, "credential_process (profile %s)", profile);
        snprintf(detail, sizeof detail, "profile %s", profile);
        if (!j)
            rc = qc_err_set(err, QC_EAWS, "%s: output is not JSON (%s)", what, jerr.msg);
        else if (!qc_json_get_num(j, "Version", &version) || version != 1)
            rc = qc_err_set(err, QC_EAWS, "%s: output needs \"Version\": 1", what);
        else
            rc = S_json_creds(j, what, "credential-process", detail, out, err);
        json_decref(j);
    }
    if (o.ptr)
        memset(o.ptr, 0, o.len);
    qc_buf_free(&o);
    S_free_argv(argv);
    return rc;
}

/* ---- container and instance metadata ---- */

static int S_get(const char *method, const char *url, const char *hname, const char *hvalue,
                 long timeout_ms, qc_http_resp *resp, qc_err *err)
{
    qc_awsreq req;
    char *scheme = NULL;
    if (qc_awsreq_init_url(&req, method, url, &scheme, err) < 0)
        return -1;
    if (hname)
        qc_awsreq_add_header(&req, hname, hvalue);
    qc_http_opts ho = {timeout_ms, timeout_ms * 2, NULL, 1, NULL};
    qc_http *h = qc_http_new(&ho);
    int rc = qc_http_send(h, scheme, &req, resp, err);
    qc_http_free(h);
    qc_awsreq_free(&req);
    free(scheme);
    return rc;
}

static int S_loopback_or_container(const char *url)
{
    static const char *const ok[] = {"http://127.", "http://localhost", "http://[::1]",
                                     "http://169.254.170.2", "http://169.254.170.23",
                                     "http://[fd00:ec2::23]", "https://"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (!strncmp(url, ok[i], strlen(ok[i])))
            return 1;
    return 0;
}

static int S_container(qc_creds *out, qc_err *err)
{
    const char *rel = S_env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    const char *full = S_env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    if (!rel && !full)
        return 0;
    qc_buf url, token;
    qc_buf_init(&url, 0);
    qc_buf_init(&token, 1 << 16);
    if (rel)
        qc_buf_printf(&url, "http://169.254.170.2%s", rel);
    else
        qc_buf_adds(&url, full);
    int rc = 0;
    if (!rel && !S_loopback_or_container(url.ptr))
        rc = qc_err_set(err, QC_EUSAGE, "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, "
                                         "loopback or the container endpoint");
    const char *tf = S_env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    if (rc == 0 && tf && qc_fs_read(tf, &token, err) < 0)
        rc = -1;
    else if (rc == 0 && !tf && S_env("AWS_CONTAINER_AUTHORIZATION_TOKEN"))
        qc_buf_adds(&token, S_env("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
    while (token.len && (token.ptr[token.len - 1] == '\n' || token.ptr[token.len - 1] == '\r'))
        token.ptr[--token.len] = '\0';
    qc_http_resp resp;
    qc_http_resp_init(&resp);
    if (rc == 0 && S_get("GET", url.ptr, token.len ? "Authorization" : NULL, token.ptr, 2000, &resp, err) == 0) {
        json_t *j = resp.status == 200 ? json_loadb(resp.body.ptr ? resp.body.ptr : "", resp.body.len, 0, NULL) : NULL;
        if (!j)
            rc = qc_err_set(err, QC_EAWS, "container credentials (%s): %s", url.ptr,
                            resp.transport ? resp.transport_error : "no usable answer");
        else
            rc = S_json_creds(j, "container credentials", "container", url.ptr, out, err);
        json_decref(j);
    } else if (rc == 0) {
        rc = -1;
    }
    qc_http_resp_free(&resp);
    if (token.ptr)
        memset(token.ptr, 0, token.len);
    qc_buf_free(&token);
    qc_buf_free(&url);
    return rc;
}

static int S_imds(qc_creds *out, qc_err *err)
{
    const char *off = S_env("AWS_EC2_METADATA_DISABLED");
    if (off && !strcasecmp(off, "true"))
        return 0;
    const char *base = S_env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
    if (!base)
        base = "http://169.254.169.254";
    qc_buf url;
    qc_buf_init(&url, 0);
    qc_http_resp r;
    qc_http_resp_init(&r);
    qc_err ignore;
    qc_err_clear(&ignore);
    char *token = NULL, *role = NULL;
    int rc = 0;
    qc_buf_printf(&url, "%s/latest/api/token", base);
    if (S_get("PUT", url.ptr, "X-aws-ec2-metadata-token-ttl-seconds", "21600", 1000, &r, &ignore) < 0 ||
        r.transport)
        goto done; /* not on EC2: nothing to find here */
    if (r.status == 200)
        token = qc_strndup(r.body.ptr ? r.body.ptr : "", r.body.len);
    else if (S_env("AWS_EC2_METADATA_V1_DISABLED") || r.status == 400)
        goto done;
    qc_buf_reset(&url);
    qc_buf_printf(&url, "%s/latest/meta-data/iam/security-credentials/", base);
    qc_http_resp_free(&r);
    qc_http_resp_init(&r);
    if (S_get("GET", url.ptr, token ? "X-aws-ec2-metadata-token" : NULL, token, 1000, &r, &ignore) < 0 ||
        r.status != 200 || !r.body.len)
        goto done;
    role = qc_strndup(r.body.ptr, strcspn(r.body.ptr, "\r\n"));
    qc_buf_reset(&url);
    qc_buf_printf(&url, "%s/latest/meta-data/iam/security-credentials/%s", base, role);
    qc_http_resp_free(&r);
    qc_http_resp_init(&r);
    if (S_get("GET", url.ptr, token ? "X-aws-ec2-metadata-token" : NULL, token, 1000, &r, err) < 0)
        rc = -1;
    else {
        json_t *j = r.status == 200 ? json_loadb(r.body.ptr ? r.body.ptr : "", r.body.len, 0, NULL) : NULL;
        const char *code = j ? qc_json_get_str(j, "Code") : NULL;
        if (!j || (code && strcmp(code, "Success")))
            rc = qc_err_set(err, QC_EAWS, "instance metadata: role %s gave no credentials", role);
        else
            rc = S_json_creds(j, "instance metadata", "instance-metadata", role, out, err);
        json_decref(j);
    }
done:
    free(token);
    free(role);
    qc_http_resp_free(&r);
    qc_buf_free(&url);
    return rc;
}

/* ---- roles ---- */

static int S_profile(qc_aws *aws, const char *profile, int depth, qc_creds *out, qc_err *err);

static int S_web_identity(qc_aws *aws, const char *role_arn, const char *token_file,
                          const char *session, qc_creds *out, qc_err *err)
{
    qc_buf tok;
    qc_buf_init(&tok, 1 << 20);
    if (qc_fs_read(token_file, &tok, err) < 0) {
        qc_buf_free(&tok);
        return -1;
    }
    while (tok.len && (tok.ptr[tok.len - 1] == '\n' || tok.ptr[tok.len - 1] == '\r'))
        tok.ptr[--tok.len] = '\0';
    qc_sts_role role = {role_arn, session, NULL, 0, NULL, NULL};
    int rc = qc_sts_assume_role_with_web_identity(aws, &role, tok.ptr ? tok.ptr : "", out, err);
    memset(tok.ptr, 0, tok.len);
    qc_buf_free(&tok);
    if (rc == 0) {
        out->source = qc_strdup("web-identity");
        return 1;
    }
    return -1;
}

static int S_role_source(qc_aws *aws, const char *profile, int depth, qc_creds *src, qc_err *err)
{
    const char *sp = qc_aws_setting(aws, profile, "source_profile", 0);
    const char *cs = qc_aws_setting(aws, profile, "credential_source", 0);
    int found;
    if (sp && cs)
        return qc_err_set(err, QC_EUSAGE, "profile %s has both source_profile and credential_source",
                          profile);
    if (sp)
        found = S_profile(aws, sp, depth + 1, src, err);
    else if (cs && !strcmp(cs, "Environment"))
        found = S_from_env(src, err);
    else if (cs && !strcmp(cs, "EcsContainer"))
        found = S_container(src, err);
    else if (cs && !strcmp(cs, "Ec2InstanceMetadata"))
        found = S_imds(src, err);
    else
        return qc_err_set(err, QC_EUSAGE, "profile %s: role_arn needs source_profile or a "
                                           "credential_source of Environment, EcsContainer or "
                                           "Ec2InstanceMetadata", profile);
    if (found == 0)
        return qc_err_set(err, QC_EAWS, "profile %s: its source (%s) has no credentials", profile,
                          sp ? sp : cs);
    return found < 0 ? -1 : 0;
}

/* The MFA code: --mfa-code, else asked on the terminal (never echoed
 * elsewhere, never written). */
static int S_mfa_code(qc_aws *aws, const char *profile, const char *serial, char code[64],
                      qc_err *err)
{
    const char *given = qc_aws_mfa_code(aws);
    code[0] = '\0';
    if (given) {
        snprintf(code, 64, "%s", given);
        return 0;
    }
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty)
        return qc_err_set(err, QC_EUSAGE, "profile %s needs an MFA code (mfa_serial %s) and there "
                          "is no terminal to ask on: pass --mfa-code CODE", profile, serial);
    fprintf(tty, "Enter MFA code for %s: ", serial);
    fflush(tty);
    int ok = fgets(code, 64, tty) != NULL;
    fclose(tty);
    code[strcspn(code, "\r\n")] = '\0';
    if (!ok || !code[0])
        return qc_err_set(err, QC_EUSAGE, "profile %s: no MFA code given", profile);
    return 0;
}

static int S_assume(qc_aws *aws, const char *profile, const char *role_arn, int depth,
                    qc_creds *out, qc_err *err)
{
    if (depth > QC_MAX_ROLE_CHAIN)
        return qc_err_set(err, QC_EUSAGE, "profile %s: source_profile chain is too long (a loop?)",
                          profile);
    qc_creds src;
    memset(&src, 0, sizeof src);
    if (S_role_source(aws, profile, depth, &src, err) < 0) {
        qc_creds_free(&src);
        return -1;
    }
    const char *dur = qc_aws_setting(aws, profile, "duration_seconds", 0);
    qc_sts_role role = {role_arn, qc_aws_setting(aws, profile, "role_session_name", 0),
                        qc_aws_setting(aws, profile, "external_id", 0), dur ? atoi(dur) : 0,
                        qc_aws_setting(aws, profile, "mfa_serial", 0), NULL};
    /* The CLI's cache first: a live entry needs no AssumeRole, and no MFA code. */
    char *cache = qc_rolecache_path(&role), code[64];
    if (qc_rolecache_load(cache, out)) {
        qc_creds_free(&src);
        free(cache);
        out->source = qc_strdup("assume-role");
        out->detail = qc_strdup(role_arn);
        return 1;
    }
    int rc = role.serial_number ? S_mfa_code(aws, profile, role.serial_number, code, err) : 0;
    if (role.serial_number)
        role.token_code = code;
    if (rc == 0)
        rc = qc_sts_assume_role(aws, &src, &role, out, err);
    memset(code, 0, sizeof code);
    qc_creds_free(&src);
    if (rc == 0)
        qc_rolecache_save(cache, out);
    free(cache);
    if (rc < 0)
        return -1;
    out->source = qc_strdup("assume-role");
    return 1;
}

/* 1: found, 0: this profile names no credentials, -1: error. */
static int S_profile(qc_aws *aws, const char *profile, int depth, qc_creds *out, qc_err *err)
{
    const char *role = qc_aws_setting(aws, profile, "role_arn", 0);
    const char *wif = qc_aws_setting(aws, profile, "web_identity_token_file", 0);
    if (role && wif)
        return S_web_identity(aws, role, wif, qc_aws_setting(aws, profile, "role_session_name", 0),
                              out, err);
    if (role)
        return S_assume(aws, profile, role, depth, out, err);
    if (qc_sso_profile(aws, profile))
        return qc_sso_credentials(aws, profile, out, err);
    if (S_from_keys(aws, profile, 1, out))
        return 1;
    const char *proc = qc_aws_setting(aws, profile, "credential_process", 0);
    if (proc)
        return S_process(profile, proc, out, err);
    return S_from_keys(aws, profile, 0, out);
}

/* --assume-role: the credentials found are the source, the role's the
 * answer; cached as a role profile's are, so a fleet's second pass over
 * an account (and the aws CLI) reuses them. */
static int S_assume_given(qc_aws *aws, const char *role_arn, qc_creds *out, qc_err *err)
{
    qc_creds src = *out;
    memset(out, 0, sizeof *out);
    qc_sts_role role = {role_arn, NULL, NULL, 0, NULL, NULL};
    char *cache = qc_rolecache_path(&role);
    int rc = 0;
    if (!qc_rolecache_load(cache, out)) {
        rc = qc_sts_assume_role(aws, &src, &role, out, err);
        if (rc == 0)
            qc_rolecache_save(cache, out);
    }
    free(cache);
    qc_creds_free(&src);
    if (rc < 0)
        return -1;
    free(out->source);
    out->source = qc_strdup("assume-role");
    if (!out->detail)
        out->detail = qc_strdup(role_arn);
    return 0;
}

int qc_creds_resolve(qc_aws *aws, qc_creds *out, qc_err *err)
{
    int found = 0;
    if (!qc_aws_profile_explicit(aws))
        found = S_from_env(out, err);
    if (found < 0)
        return -1;
    if (!found)
        found = S_profile(aws, qc_aws_profile_name(aws), 0, out, err);
    if (!found && S_env("AWS_WEB_IDENTITY_TOKEN_FILE") && S_env("AWS_ROLE_ARN"))
        found = S_web_identity(aws, S_env("AWS_ROLE_ARN"), S_env("AWS_WEB_IDENTITY_TOKEN_FILE"),
                               S_env("AWS_ROLE_SESSION_NAME"), out, err);
    if (!found)
        found = S_container(out, err);
    if (!found)
        found = S_imds(out, err);
    if (found < 0)
        return -1;
    if (!found)
        return qc_err_set(err, QC_EAWS,
                          "no AWS credentials found: tried the environment, profile \"%s\" in "
                          "the shared files, web identity, container credentials and instance "
                          "metadata; run `aws configure` or set AWS_PROFILE",
                          qc_aws_profile_name(aws));
    if (qc_aws_role_arn(aws))
        return S_assume_given(aws, qc_aws_role_arn(aws), out, err);
    return 0;
}
