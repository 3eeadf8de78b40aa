/* rolecache.c - assumed-role credentials in the aws CLI's cache; see rolecache.h. */
#include "rolecache.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/qtime.h"

#define QC_ROLECACHE_WINDOW_MS (15 * 60 * 1000LL)

/* A JSON string as Python's json.dumps writes it (ensure_ascii). */
static void S_pystr(qc_buf *b, const char *s)
{
    qc_buf_addc(b, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp = *p, extra = 0;
        if (cp >= 0xf0) cp &= 0x07, extra = 3;
        else if (cp >= 0xe0) cp &= 0x0f, extra = 2;
        else if (cp >= 0xc0) cp &= 0x1f, extra = 1;
        p++;
        for (unsigned i = 0; i < extra && (*p & 0xc0) == 0x80; i++, p++)
            cp = cp << 6 | (*p & 0x3f);
        if (cp == '"' || cp == '\\')
            qc_buf_printf(b, "\\%c", (char)cp);
        else if (cp == '\n')
            qc_buf_adds(b, "\\n");
        else if (cp == '\t')
            qc_buf_adds(b, "\\t");
        else if (cp < 0x20 || (cp >= 0x7f && cp < 0x10000))
            qc_buf_printf(b, "\\u%04x", cp);
        else if (cp >= 0x10000)
            qc_buf_printf(b, "\\u%04x\\u%04x", 0xd800 + ((cp - 0x10000) >> 10),
                          0xdc00 + ((cp - 0x10000) & 0x3ff));
        else
            qc_buf_addc(b, (char)cp);
    }
    qc_buf_addc(b, '"');
}

char *qc_rolecache_args(const qc_sts_role *role)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    /* Sorted: DurationSeconds, ExternalId, RoleArn, RoleSessionName, SerialNumber. */
    qc_buf_addc(&b, '{');
    const char *sep = "";
    if (role->duration_s > 0) {
        qc_buf_printf(&b, "\"DurationSeconds\": %d", role->duration_s);
        sep = ", ";
    }
    if (role->external_id) {
        qc_buf_printf(&b, "%s\"ExternalId\": ", sep);
        S_pystr(&b, role->external_id);
        sep = ", ";
    }
    qc_buf_printf(&b, "%s\"RoleArn\": ", sep);
    S_pystr(&b, role->role_arn);
    if (role->session_name) {
        qc_buf_adds(&b, ", \"RoleSessionName\": ");
        S_pystr(&b, role->session_name);
    }
    if (role->serial_number) {
        qc_buf_adds(&b, ", \"SerialNumber\": ");
        S_pystr(&b, role->serial_number);
    }
    qc_buf_addc(&b, '}');
    return qc_buf_take(&b);
}

char *qc_aws_cache_path(const char *dir, const char *key)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(key, strlen(key), md, &n, EVP_sha1(), NULL);
    char hex[2 * EVP_MAX_MD_SIZE + 1];
    for (unsigned int i = 0; i < n; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    const char *home = getenv("HOME");
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_buf_printf(&b, "%s/.aws/%s/%s.json", home && *home ? home : ".", dir, hex);
    return qc_buf_take(&b);
}

char *qc_rolecache_path(const qc_sts_role *role)
{
    char *args = qc_rolecache_args(role);
    char *path = qc_aws_cache_path("cli/cache", args);
    free(args);
    return path;
}

static int64_t S_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int qc_rolecache_load(const char *path, qc_creds *out)
{
    if (!qc_fs_exists(path))
        return 0;
    qc_err err;
    qc_err_clear(&err);
    json_t *doc = qc_json_load_file(path, &err);
    json_t *c = json_object_get(doc, "Credentials");
    const char *ak = qc_json_get_str(c, "AccessKeyId"), *sk = qc_json_get_str(c, "SecretAccessKey"),
               *tok = qc_json_get_str(c, "SessionToken"), *exp = qc_json_get_str(c, "Expiration");
    int64_t exp_ms;
    int ok = ak && sk && tok && exp && qc_time_parse_arg(exp, &exp_ms) == 0 &&
             exp_ms - S_now_ms() > QC_ROLECACHE_WINDOW_MS;
    if (ok) {
        memset(out, 0, sizeof *out);
        out->access_key = qc_strdup(ak);
        out->secret_key = qc_strdup(sk);
        out->session_token = qc_strdup(tok);
        out->expires_ms = exp_ms;
    }
    json_decref(doc);
    return ok;
}

void qc_rolecache_save(const char *path, const qc_creds *c)
{
    if (c->expires_ms == QC_TIME_NONE)
        return;
    char *dir = qc_strdup(path);
    *strrchr(dir, '/') = '\0';
    qc_err err;
    qc_err_clear(&err);
    if (qc_fs_mkdirs(dir, &err) == 0)
        chmod(dir, 0700);
    free(dir);
    json_t *doc = json_pack("{s:{s:s, s:s, s:s, s:o}}", "Credentials", "AccessKeyId",
                            c->access_key, "SecretAccessKey", c->secret_key, "SessionToken",
                            c->session_token ? c->session_token : "", "Expiration",
                            qc_json_time(c->expires_ms));
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_json_dump(doc, &b);
    json_decref(doc);
    qc_fs_write_atomic(path, b.ptr, b.len, &err);
    memset(b.ptr, 0, b.len);
    qc_buf_free(&b);
}
