/* plan.c - what submit would send, from the rendered evidence; see plan.h. */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/alloc.h"
#include "common/fs.h"
#include "common/json.h"

static char *S_dup(const json_t *o, const char *key)
{
    const char *s = qc_json_get_str(o, key);
    return s ? qc_strdup(s) : NULL;
}

/* The newest request still open among a quota's requests in the model. */
static void S_open_request(qc_plan_quota *q, const json_t *requests)
{
    size_t i;
    json_t *r;
    json_array_foreach(requests, i, r)
    {
        if (!json_is_true(json_object_get(r, "open")))
            continue;
        free(q->open_id);
        free(q->open_status);
        free(q->open_case);
        q->open_id = S_dup(r, "id");
        q->open_status = S_dup(r, "status");
        q->open_case = S_dup(r, "case_id");
    }
}

static qc_plan_quota *S_add_quota(qc_plan *p)
{
    p->q = qc_realloc(p->q, (p->nq + 1) * sizeof *p->q);
    qc_plan_quota *q = &p->q[p->nq++];
    memset(q, 0, sizeof *q);
    q->adjustable = -1;
    return q;
}

/* The model's quota entry for a code (quotas[]), borrowed. */
static const json_t *S_model_quota(const json_t *model, const char *code)
{
    size_t i;
    json_t *q;
    json_array_foreach(json_object_get(model, "quotas"), i, q)
    {
        const char *c = qc_json_get_str(q, "code");
        if (c && code && !strcmp(c, code))
            return q;
    }
    return NULL;
}

static void S_fill_quota(qc_plan_quota *q, const json_t *mq)
{
    if (!mq)
        return;
    if (!q->name)
        q->name = S_dup(mq, "name");
    q->has_in_force = qc_json_get_num(mq, "effective", &q->in_force);
    json_t *adj = json_object_get(mq, "adjustable");
    q->adjustable = json_is_boolean(adj) ? json_is_true(adj) : -1;
    S_open_request(q, json_object_get(mq, "requests"));
}

static void S_quotas(qc_plan *p, const json_t *model)
{
    const json_t *req = json_object_get(model, "request");
    qc_plan_quota *q = S_add_quota(p);
    q->code = S_dup(req, "quota_code");
    q->has_desired = json_is_true(json_object_get(req, "has_value")) &&
                     qc_json_get_num(req, "requested", &q->desired);
    S_fill_quota(q, S_model_quota(model, q->code));
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(json_object_get(model, "diagnosis"), "additional_requests"),
                       i, a)
    {
        qc_plan_quota *x = S_add_quota(p);
        x->code = S_dup(a, "quota_code");
        x->name = S_dup(a, "name");
        x->has_desired = qc_json_get_num(a, "requested", &x->desired);
        S_fill_quota(x, S_model_quota(model, x->code));
    }
}

/* Items with a refusal of their own (or that only choose the route) are
 * not repeated from the checklist. */
static int S_own_check(const char *key)
{
    static const char *const own[] = {"adjustable", "above_current", "no_open_request",
                                      "account", "region", NULL};
    for (int i = 0; own[i]; i++)
        if (key && !strcmp(key, own[i]))
            return 1;
    return 0;
}

static void S_checklist(qc_plan *p, const json_t *model)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(json_object_get(model, "diagnosis"), "checklist"), i, c)
    {
        if (json_is_true(json_object_get(c, "ok")) || S_own_check(qc_json_get_str(c, "key")))
            continue;
        const char *item = qc_json_get_str(c, "item"), *detail = qc_json_get_str(c, "detail");
        qc_buf_printf(&p->open_items, "%s: %s\n", item ? item : "?", detail ? detail : "");
        p->nopen++;
    }
}

char *qc_plan_archive_path(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_buf_printf(&b, "%.*s.attach.tar.gz", (int)n, dir);
    if (!qc_fs_exists(b.ptr)) {
        qc_buf_reset(&b);
        qc_buf_printf(&b, "%.*s.tar.gz", (int)n, dir);
    }
    return qc_buf_take(&b);
}

int qc_plan_files(qc_plan *p, qc_err *err)
{
    for (size_t i = 0; i < p->nfiles; i++) {
        free(p->files[i].path);
        free(p->files[i].name);
    }
    memset(p->files, 0, sizeof p->files);
    p->files[0].path = qc_fs_join(p->dir, "support_case.html");
    p->files[1].path = qc_fs_join(p->dir, "evidence.xlsx");
    p->files[2].path = qc_plan_archive_path(p->dir);
    p->nfiles = 3;
    for (size_t i = 0; i < p->nfiles; i++) {
        qc_plan_file *f = &p->files[i];
        f->name = qc_strdup(qc_fs_basename(f->path));
        struct stat st;
        f->exists = stat(f->path, &st) == 0 && S_ISREG(st.st_mode);
        if (f->exists && qc_sha256_file(f->path, f->sha256, &f->bytes, err) < 0)
            return -1;
    }
    return 0;
}

static size_t S_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

static int S_body(qc_plan *p, qc_err *err)
{
    char *path = qc_fs_join(p->dir, "support_case.txt");
    int rc = qc_fs_read(path, &p->body, err);
    if (rc == 0 && !qc_utf8_valid(p->body.ptr, p->body.len))
        rc = qc_err_set(err, QC_EINPUT, "%s: not UTF-8 text", path);
    free(path);
    p->body_chars = S_chars(p->body.ptr ? p->body.ptr : "", p->body.len);
    return rc;
}

int qc_plan_load(const char *dir, qc_plan *p, qc_err *err)
{
    memset(p, 0, sizeof *p);
    qc_buf_init(&p->body, (size_t)1 << 20);
    qc_buf_init(&p->open_items, 0);
    p->dir = qc_strdup(dir);
    p->service_code = "bedrock";
    char *path = qc_fs_join(dir, "model.json");
    if (!qc_fs_exists(path)) {
        qc_err_set(err, QC_EINPUT, "%s: no model.json: run `quotacase render %s` first", dir, dir);
        free(path);
        return -1;
    }
    json_t *m = qc_json_load_file(path, err);
    free(path);
    if (!m)
        return -1;
    const json_t *c = json_object_get(m, "case"), *ev = json_object_get(m, "evidence");
    p->case_id = S_dup(c, "case_id");
    p->subject = S_dup(c, "subject");
    p->severity = S_dup(c, "severity");
    p->case_account = S_dup(c, "account_id");
    p->case_region = S_dup(c, "region");
    p->account = S_dup(ev, "account");
    p->region = S_dup(ev, "region");
    S_quotas(p, m);
    S_checklist(p, m);
    json_decref(m);
    if (p->nq > 1) {
        p->route = QC_ROUTE_CASE;
        p->route_why = "the case asks for several quotas: one AWS Support case for all of them";
    } else if (p->q[0].adjustable == 0) {
        p->route = QC_ROUTE_CASE;
        p->route_why = "Service Quotas cannot raise this quota (not adjustable): an AWS Support "
                       "case asks for it";
    } else {
        p->route = QC_ROUTE_QUOTAS;
        p->route_why = "an adjustable quota: a Service Quotas request, then the evidence on the "
                       "case it opens";
    }
    if (S_body(p, err) < 0 || qc_plan_files(p, err) < 0)
        return -1;
    return 0;
}

void qc_plan_free(qc_plan *p)
{
    for (size_t i = 0; i < p->nq; i++) {
        free(p->q[i].code);
        free(p->q[i].name);
        free(p->q[i].open_id);
        free(p->q[i].open_status);
        free(p->q[i].open_case);
    }
    free(p->q);
    for (size_t i = 0; i < p->nfiles; i++) {
        free(p->files[i].path);
        free(p->files[i].name);
    }
    free(p->dir);
    free(p->case_id);
    free(p->account);
    free(p->region);
    free(p->case_account);
    free(p->case_region);
    free(p->subject);
    free(p->severity);
    qc_buf_free(&p->body);
    qc_buf_free(&p->open_items);
    memset(p, 0, sizeof *p);
}

static size_t S_quota_refusals(const qc_plan_quota *q, int to_open, qc_buf *out)
{
    size_t n = 0;
    char a[40], b[40];
    if (!q->code || !q->name) {
        qc_buf_printf(out, "the quota %s is not in the evidence's Service Quotas data\n",
                      q->code ? q->code : "(none named)");
        return 1;
    }
    if (!q->has_desired) {
        qc_buf_printf(out, "%s: the case asks for no value (requested_limit)\n", q->code);
        n++;
    } else if (q->has_in_force && !(q->desired > q->in_force)) {
        qc_json_format_number(q->desired, a);
        qc_json_format_number(q->in_force, b);
        qc_buf_printf(out, "%s: the value asked for (%s) is not above the value in force (%s)\n",
                      q->code, a, b);
        n++;
    }
    if (q->open_id && !to_open) {
        qc_buf_printf(out, "%s: request %s is still open (%s%s%s): Service Quotas refuses a "
                      "second one; `quotacase submit --to-open-request` puts this evidence on "
                      "its case\n",
                      q->code, q->open_id, q->open_status ? q->open_status : "open",
                      q->open_case ? ", support case " : "", q->open_case ? q->open_case : "");
        n++;
    }
    return n;
}

size_t qc_plan_refusals(const qc_plan *p, int allow_open, qc_buf *out)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nq; i++)
        n += S_quota_refusals(&p->q[i], p->to_open && i == 0, out);
    if (p->to_open && p->route != QC_ROUTE_QUOTAS) {
        qc_buf_printf(out, "--to-open-request is for one adjustable quota (%s)\n", p->route_why);
        n++;
    }
    if (p->case_account && p->account && strcmp(p->case_account, p->account)) {
        qc_buf_printf(out, "the case file names account %s, the evidence account %s\n",
                      p->case_account, p->account);
        n++;
    }
    if (p->case_region && p->region && strcmp(p->case_region, p->region)) {
        qc_buf_printf(out, "the case file names region %s, the evidence region %s\n",
                      p->case_region, p->region);
        n++;
    }
    if (p->nopen && !allow_open) {
        qc_buf_printf(out, "the checklist has %zu open item%s (--allow-open sends anyway):\n%s",
                      p->nopen, p->nopen == 1 ? "" : "s", p->open_items.ptr);
        n++;
    }
    if (p->body_chars == 0 || p->body_chars > QC_PLAN_BODY_CHARS) {
        qc_buf_printf(out, "support_case.txt has %zu characters; AWS Support takes 1 to %d\n",
                      p->body_chars, QC_PLAN_BODY_CHARS);
        n++;
    }
    if (p->route == QC_ROUTE_CASE && (!p->subject || !*p->subject)) {
        qc_buf_printf(out, "the case file has no subject, which a support case needs\n");
        n++;
    }
    for (size_t i = 0; i < p->nfiles; i++) {
        const qc_plan_file *f = &p->files[i];
        if (!f->exists && i == 2 && p->archive_later)
            continue;
        if (!f->exists)
            qc_buf_printf(out, "%s is missing (%s)\n", f->path,
                          i == 2 ? "run `quotacase bundle`" : "run `quotacase render`");
        else if (f->bytes > QC_PLAN_FILE_BYTES)
            qc_buf_printf(out, "%s is %.1f MB, over AWS Support's 5 MB an attachment\n", f->path,
                          (double)f->bytes / 1e6);
        else
            continue;
        n++;
    }
    return n;
}
