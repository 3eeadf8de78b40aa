/* sts.c - STS over the query protocol: form-encoded POST, XML answer
 * (botocore sts/2011-06-15 model).  Only the elements needed are read. */
#include "sts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/qtime.h"

static void S_form(qc_buf *b, const char *key, const char *value)
{
    if (!value)
        return;
    qc_buf_printf(b, "%s%s=", b->len ? "&" : "", key);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (isalnum(*p) || strchr("-_.~", *p))
            qc_buf_addc(b, (char)*p);
        else
            qc_buf_printf(b, "%%%02X", *p);
    }
}

/* The text of the first <tag>, entities decoded; NULL when absent. */
static char *S_xml(const char *xml, const char *tag)
{
    char open[64], close[64];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = strstr(xml, open), *b;
    if (!a || !(b = strstr(a, close)))
        return NULL;
    a += strlen(open);
    qc_buf out;
    qc_buf_init(&out, 0);
    static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                         {"&quot;", "\""}, {"&apos;", "'"}};
    while (a < b) {
        size_t k;
        for (k = 0; k < 5; k++)
            if (!strncmp(a, ent[k][0], strlen(ent[k][0])))
                break;
        if (k < 5) {
            qc_buf_adds(&out, ent[k][1]);
            a += strlen(ent[k][0]);
        } else {
            qc_buf_addc(&out, *a++);
        }
    }
    return qc_buf_take(&out);
}

/* An HTTP date (RFC 9110 IMF-fixdate, "Wed, 02 Dec 2026 14:46:30 GMT") as
 * epoch ms; QC_TIME_NONE when it is not one. */
static int64_t S_http_date(const char *s)
{
    static const char mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char m[4];
    int d, y, hh, mm, ss, n = 0;
    if (!s || sscanf(s, "%*3s, %2d %3s %4d %2d:%2d:%2d GMT%n", &d, m, &y, &hh, &mm, &ss, &n) != 6 ||
        !n)
        return QC_TIME_NONE;
    const char *f = strstr(mon, m);
    if (!f || (f - mon) % 3)
        return QC_TIME_NONE;
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, (int)(f - mon) / 3 + 1, d, hh, mm,
             ss);
    int64_t ms;
    return qc_time_parse_arg(iso, &ms) < 0 ? QC_TIME_NONE : ms;
}

static int64_t S_wall_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int S_call(qc_aws *aws, const char *action, const qc_buf *form, const qc_creds *creds,
                  qc_buf *xml, int64_t clocks[2], qc_err *err)
{
    qc_awsreq req;
    qc_awsreq_init(&req, "POST", "", "/", NULL);
    qc_awsreq_add_header(&req, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    qc_buf body;
    qc_buf_init(&body, 0);
    qc_buf_printf(&body, "Action=%s&Version=2011-06-15%s%s", action, form->len ? "&" : "",
                  form->ptr ? form->ptr : "");
    qc_awsreq_set_body(&req, body.ptr, body.len);
    qc_buf_free(&body);
    qc_http_resp resp;
    qc_http_resp_init(&resp);
    qc_aws_error aerr;
    const char *region = qc_aws_region(aws) ? qc_aws_region(aws) : "us-east-1";
    int rc = qc_aws_send(aws, &qc_svc_sts, region, action, &req, creds, &resp, &aerr, err);
    if (clocks && resp.status) {
        clocks[0] = S_http_date(qc_http_resp_header(&resp, "Date"));
        clocks[1] = S_wall_ms();
    }
    if (rc == 0)
        qc_buf_add(xml, resp.body.ptr ? resp.body.ptr : "", resp.body.len);
    qc_http_resp_free(&resp);
    qc_awsreq_free(&req);
    return rc;
}

int qc_sts_get_caller_identity(qc_aws *aws, const qc_creds *creds, qc_sts_identity *id,
                               qc_err *err)
{
    qc_buf form, xml;
    qc_buf_init(&form, 0);
    qc_buf_init(&xml, (size_t)1 << 20);
    id->server_ms = id->local_ms = QC_TIME_NONE;
    int64_t clocks[2] = {QC_TIME_NONE, QC_TIME_NONE};
    int rc = S_call(aws, "GetCallerIdentity", &form, creds, &xml, clocks, err);
    id->server_ms = clocks[0];
    id->local_ms = clocks[1];
    if (rc == 0) {
        char *a = S_xml(xml.ptr ? xml.ptr : "", "Account"), *arn = S_xml(xml.ptr ? xml.ptr : "", "Arn"),
             *u = S_xml(xml.ptr ? xml.ptr : "", "UserId");
        if (!a || !arn)
            rc = qc_err_set(err, QC_EAWS, "sts GetCallerIdentity: the answer has no Account/Arn");
        snprintf(id->account, sizeof id->account, "%s", a ? a : "");
        snprintf(id->arn, sizeof id->arn, "%s", arn ? arn : "");
        snprintf(id->user_id, sizeof id->user_id, "%s", u ? u : "");
        free(a);
        free(arn);
        free(u);
    }
    qc_buf_free(&form);
    qc_buf_free(&xml);
    return rc;
}

static int S_read_creds(const char *op, const char *xml, const char *arn, qc_creds *out,
                        qc_err *err)
{
    char *ak = S_xml(xml, "AccessKeyId"), *sk = S_xml(xml, "SecretAccessKey"),
         *tok = S_xml(xml, "SessionToken"), *exp = S_xml(xml, "Expiration");
    int64_t ms = QC_TIME_NONE;
    if (!ak || !sk || !tok || !exp || qc_time_parse_arg(exp, &ms) < 0) {
        free(ak);
        free(sk);
        free(tok);
        free(exp);
        return qc_err_set(err, QC_EAWS, "sts %s: the answer has no usable Credentials", op);
    }
    free(exp);
    out->access_key = ak;
    out->secret_key = sk;
    out->session_token = tok;
    out->expires_ms = ms;
    out->detail = qc_strdup(arn);
    return 0;
}

static void S_role_form(const qc_sts_role *role, qc_buf *form)
{
    char name[64];
    snprintf(name, sizeof name, "quotacase-%lld", (long long)time(NULL));
    S_form(form, "RoleArn", role->role_arn);
    S_form(form, "RoleSessionName", role->session_name ? role->session_name : name);
    if (role->duration_s > 0) {
        char d[16];
        snprintf(d, sizeof d, "%d", role->duration_s);
        S_form(form, "DurationSeconds", d);
    }
}

int qc_sts_assume_role(qc_aws *aws, const qc_creds *source, const qc_sts_role *role,
                       qc_creds *out, qc_err *err)
{
    qc_buf form, xml;
    qc_buf_init(&form, 0);
    qc_buf_init(&xml, (size_t)1 << 20);
    S_role_form(role, &form);
    S_form(&form, "ExternalId", role->external_id);
    S_form(&form, "SerialNumber", role->serial_number);
    S_form(&form, "TokenCode", role->token_code);
    int rc = S_call(aws, "AssumeRole", &form, source, &xml, NULL, err);
    if (rc == 0)
        rc = S_read_creds("AssumeRole", xml.ptr ? xml.ptr : "", role->role_arn, out, err);
    qc_buf_free(&form);
    qc_buf_free(&xml);
    return rc;
}

int qc_sts_assume_role_with_web_identity(qc_aws *aws, const qc_sts_role *role, const char *token,
                                         qc_creds *out, qc_err *err)
{
    qc_buf form, xml;
    qc_buf_init(&form, (size_t)1 << 20);
    qc_buf_init(&xml, (size_t)1 << 20);
    S_role_form(role, &form);
    S_form(&form, "WebIdentityToken", token);
    int rc = S_call(aws, "AssumeRoleWithWebIdentity", &form, NULL, &xml, NULL, err);
    if (rc == 0)
        rc = S_read_creds("AssumeRoleWithWebIdentity", xml.ptr ? xml.ptr : "", role->role_arn,
                          out, err);
    qc_buf_free(&form);
    qc_buf_free(&xml);
    return rc;
}
