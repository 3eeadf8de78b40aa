/* submit.c - checks, the record, and the Service Quotas route; see submit.h. */
#include "submit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/aws/ratelimit.h"
#include "collector/aws/sts.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/qtime.h"
#include "report/leakgate.h"
#include "report/verify.h"
#include "submit/record.h"
#include "submit/submit_int.h"

#define QC_POLL_CAP_MS 30000L

int64_t qc_sub_now(const qc_sub *s)
{
    if (s->o->now_ms)
        return s->o->now_ms();
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void qc_sub_say(const qc_sub *s, const char *fmt, ...)
{
    if (!s->o->say)
        return;
    qc_buf b;
    qc_buf_init(&b, 0);
    va_list ap;
    va_start(ap, fmt);
    qc_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    s->o->say(s->o->say_ud, b.ptr ? b.ptr : "");
    qc_buf_free(&b);
}

int qc_sub_save(qc_sub *s, const char *state, qc_err *err)
{
    qc_record_take_calls(s->rec, s->ops.calls);
    if (state)
        qc_record_state(s->rec, state, qc_sub_now(s));
    return qc_record_save(s->o->dir, s->rec, s->o->redactor, err);
}

int qc_sub_pending(qc_sub *s, json_t *at, const char *op, qc_err *err)
{
    if (op)
        json_object_set_new(at, "pending",
                            json_pack("{s:s, s:o}", "operation", op, "at", qc_json_time(qc_sub_now(s))));
    else
        json_object_del(at, "pending");
    return qc_sub_save(s, NULL, err);
}

const char *qc_sub_pending_op(const json_t *at)
{
    return qc_json_get_str(json_object_get(at, "pending"), "operation");
}

int qc_sub_stopped(const qc_sub *s, qc_err *err)
{
    if (s->o->stop && *s->o->stop)
        return qc_err_set(err, QC_EPARTIAL, "interrupted: `quotacase submit --resume %s` goes on "
                          "from where this stopped", s->o->dir);
    return 0;
}

void qc_sub_pause(const qc_sub *s, long ms)
{
    qc_sleep_ms(ms, s->o->stop); /* Ctrl-C is seen within a tenth of a second */
}

json_t *qc_sub_body_increase(const qc_plan *p, const qc_plan_quota *q)
{
    return json_pack("{s:s, s:s, s:f, s:b}", "ServiceCode", p->service_code, "QuotaCode", q->code,
                     "DesiredValue", q->desired, "SupportCaseAllowed", 1);
}

/* ---- checks ---- */

/* What is in the directory and what is attached: checksums and the leak gate. */
static int S_check_files(qc_sub *s, qc_err *err)
{
    qc_verify_report vr;
    qc_verify_report_init(&vr);
    int rc = qc_verify_dir(s->p->dir, 0, &vr, err);
    if (rc < 0 && err->code == QC_EVERIFY)
        qc_err_prefix(err, "%s does not match its manifest (`quotacase verify %s` names the files): "
                      "collected files are not edited (collect again); the case's text comes from "
                      "the case file and the templates (change those and render again)",
                      s->p->dir, s->p->dir);
    qc_verify_report_free(&vr);
    if (rc < 0)
        return -1;
    qc_leak_report lr;
    qc_leak_report_init(&lr);
    rc = qc_leakgate_dir(s->p->dir, &lr, err);
    qc_leak_report_free(&lr);
    return rc;
}

/* The evidence archive, made when the run is to send it and it is not
 * there (or a first submit: made for what the directory holds now), then
 * through the leak gate (the page and the workbook are in the directory). */
static int S_check_archive(qc_sub *s, int first, qc_err *err)
{
    const qc_plan_file *archive = &s->p->files[2];
    if (!s->o->dry_run && s->o->make_archive && (first || !archive->exists) &&
        s->o->make_archive(s->o->archive_ud, s->p, err) < 0)
        return -1;
    if (!archive->exists)
        return 0;
    qc_leak_report lr;
    qc_leak_report_init(&lr);
    int rc = qc_leakgate_archive(archive->path, archive->name, &lr, err);
    qc_leak_report_free(&lr);
    return rc;
}

/* The credentials' account and the region configured against the
 * evidence's (or, resuming, the record's). */
/* The region configured (--region, the environment, the profile) must be
 * the quota's: no call is needed to know it. */
static void S_check_region(qc_sub *s, const char *want_region, qc_buf *why)
{
    const char *region = s->o->aws ? qc_aws_region(s->o->aws) : NULL;
    if (region && want_region && strcmp(region, want_region))
        qc_buf_printf(why, "the region configured is %s, the quota's (the evidence's) %s: pass "
                      "--region %s\n", region, want_region, want_region);
}

static int S_check_identity(qc_sub *s, const char *account, const char *want_region, qc_buf *why,
                            qc_err *err)
{
    S_check_region(s, want_region, why);
    if (why->len)
        return 0;
    const qc_creds *c = qc_aws_credentials(s->o->aws, err);
    qc_sts_identity id;
    if (!c || qc_sts_get_caller_identity(s->o->aws, c, &id, err) < 0)
        return -1;
    if (account && strcmp(id.account, account))
        qc_buf_printf(why, "the credentials are for account %s, the evidence for %s\n", id.account,
                      account);
    return 0;
}

/* The checks that ask AWS: the account, the value in force, open requests. */
static int S_check_live(qc_sub *s, qc_buf *why, qc_err *err)
{
    if (S_check_identity(s, s->p->account, NULL, why, err) < 0)
        return -1;
    if (why->len)
        return 0;
    for (size_t i = 0; i < s->p->nq; i++) {
        qc_plan_quota *q = &s->p->q[i];
        double now;
        int adj;
        json_t *list = NULL;
        if (qc_ops_quota_value(&s->ops, s->p->service_code, q->code, &now, &adj, err) < 0 ||
            qc_ops_quota_requests(&s->ops, s->p->service_code, q->code, &list, err) < 0)
            return -1;
        char a[40], b[40];
        qc_json_format_number(q->desired, a);
        qc_json_format_number(now, b);
        if (!(q->desired > now) && !(s->p->to_open && i == 0))
            qc_buf_printf(why, "%s: the value asked for (%s) is not above the value in force "
                          "now (%s)\n", q->code, a, b);
        q->in_force = now;
        q->has_in_force = 1;
        if (adj >= 0)
            q->adjustable = adj;
        json_t *open = qc_ops_newest_open(list);
        double asked = 0;
        if (open && s->p->to_open && i == 0) {
            qc_json_get_num(open, "DesiredValue", &asked);
            qc_json_format_number(asked, b);
            if (asked != q->desired)
                qc_buf_printf(why, "%s: request %s asks for %s, the case for %s: render the case "
                              "with requested_limit %s\n", q->code,
                              qc_json_get_str(open, "Id"), b, a, b);
            else
                s->adopt = json_incref(open);
        } else if (open) {
            qc_buf_printf(why, "%s: request %s is already open (%s%s%s): Service Quotas refuses a "
                          "second one; `quotacase submit --to-open-request` puts this evidence on "
                          "its case\n", q->code,
                          qc_json_get_str(open, "Id") ? qc_json_get_str(open, "Id") : "?",
                          qc_json_get_str(open, "Status"),
                          qc_json_get_str(open, "CaseId") ? ", support case " : "",
                          qc_json_get_str(open, "CaseId") ? qc_json_get_str(open, "CaseId") : "");
        } else if (s->p->to_open && i == 0) {
            qc_buf_printf(why, "%s: no request for it is open now: submit without "
                          "--to-open-request files one\n", q->code);
        }
        json_decref(list);
    }
    return 0;
}

static int S_refuse(qc_sub *s, const qc_buf *why, int *outcome, qc_err *err)
{
    qc_sub_say(s, "submit refused: nothing was sent\n%s", why->ptr);
    *outcome = QC_SUBMIT_REFUSED;
    const char *nl = strchr(why->ptr, '\n');
    return qc_err_set(err, QC_ECHECK, "submit refused: %.*s", nl ? (int)(nl - why->ptr) : 200,
                      why->ptr);
}

/* ---- the record ---- */

static json_t *S_new_record(const qc_sub *s)
{
    const qc_plan *p = s->p;
    json_t *r = json_object(), *qs = json_array();
    json_object_set_new(r, "schema", json_string(QC_RECORD_SCHEMA));
    json_object_set_new(r, "case_id", qc_json_str_or_null(p->case_id));
    json_object_set_new(r, "route", json_string(p->route == QC_ROUTE_CASE ? "support_case"
                                                                           : "service_quotas"));
    json_object_set_new(r, "account", qc_json_str_or_null(p->account));
    json_object_set_new(r, "region", qc_json_str_or_null(p->region));
    json_object_set_new(r, "started", qc_json_time(qc_sub_now(s)));
    for (size_t i = 0; i < p->nq; i++) {
        json_t *q = json_object();
        json_object_set_new(q, "quota_code", json_string(p->q[i].code));
        json_object_set_new(q, "quota_name", qc_json_str_or_null(p->q[i].name));
        json_object_set_new(q, "desired_value", json_real(p->q[i].desired));
        json_object_set_new(q, "value_in_force", p->q[i].has_in_force ? json_real(p->q[i].in_force)
                                                                      : json_null());
        json_array_append_new(qs, q);
    }
    json_object_set_new(r, "quotas", qs);
    json_object_set_new(r, "calls", json_array());
    json_object_set_new(r, "follow_ups", json_array());
    if (s->adopt) {
        /* Filed before, by hand or elsewhere: the evidence goes on its case. */
        json_t *rq = json_pack("{s:o, s:o, s:b}", "id",
                               qc_json_str_or_null(qc_json_get_str(s->adopt, "Id")), "status",
                               qc_json_str_or_null(qc_json_get_str(s->adopt, "Status")), "adopted",
                               1);
        if (qc_json_get_str(s->adopt, "CaseId"))
            json_object_set_new(rq, "case_display_id",
                                json_string(qc_json_get_str(s->adopt, "CaseId")));
        json_object_set_new(r, "request", rq);
    }
    return r;
}

static void S_show_record(const qc_sub *s, const json_t *r)
{
    const json_t *rq = json_object_get(r, "request"), *cs = json_object_get(r, "case");
    qc_sub_say(s, "%s was submitted on %s (state %s)\n", s->o->dir,
               qc_json_get_str(r, "started") ? qc_json_get_str(r, "started") : "?",
               qc_json_get_str(r, "state") ? qc_json_get_str(r, "state") : "?");
    if (qc_json_get_str(rq, "id"))
        qc_sub_say(s, "  Service Quotas request %s, status %s\n", qc_json_get_str(rq, "id"),
                   qc_json_get_str(rq, "status") ? qc_json_get_str(rq, "status") : "?");
    if (qc_json_get_str(cs, "display_id") || qc_json_get_str(cs, "case_id"))
        qc_sub_say(s, "  support case %s (%s)\n",
                   qc_json_get_str(cs, "display_id") ? qc_json_get_str(cs, "display_id") : "?",
                   qc_json_get_str(cs, "case_id") ? qc_json_get_str(cs, "case_id") : "?");
    qc_sub_say(s, "  `quotacase status %s` follows it; `quotacase submit --resume %s` finishes a "
               "submission that stopped\n", s->o->dir, s->o->dir);
}

/* ---- the Service Quotas route ---- */

/* A request this run may have filed before it stopped: one for the quota
 * and the value, created since the call was under way (a minute's margin
 * for clocks), whatever its status now (it may be approved already). */
static int S_adopt_request(qc_sub *s, json_t *rq, qc_err *err)
{
    json_t *list = NULL, *r, *best = NULL;
    const qc_plan_quota *q = &s->p->q[0];
    if (qc_ops_quota_requests(&s->ops, s->p->service_code, q->code, &list, err) < 0)
        return -1;
    int64_t since = QC_TIME_NONE;
    const char *st = qc_json_get_str(json_object_get(s->rec, "pending"), "at");
    if (st)
        qc_time_parse_arg(st, &since);
    double best_t = 0, t, v;
    size_t i;
    json_array_foreach(list, i, r)
    {
        if (!qc_json_get_str(r, "Id") || !qc_json_get_num(r, "Created", &t) ||
            !qc_json_get_num(r, "DesiredValue", &v) || v != q->desired)
            continue;
        if ((since == QC_TIME_NONE || t * 1000 >= (double)since - 60000) && (!best || t > best_t)) {
            best = r;
            best_t = t;
        }
    }
    if (best) {
        json_object_set_new(rq, "id", json_string(qc_json_get_str(best, "Id")));
        json_object_set_new(rq, "status", qc_json_str_or_null(qc_json_get_str(best, "Status")));
        if (qc_json_get_str(best, "CaseId"))
            json_object_set_new(rq, "case_display_id", json_string(qc_json_get_str(best, "CaseId")));
        qc_sub_say(s, "found request %s (%s), filed before the last run stopped\n",
                   qc_json_get_str(best, "Id"), qc_json_get_str(rq, "status"));
    }
    json_decref(list);
    return best != NULL;
}

static int S_file_request(qc_sub *s, json_t *rq, qc_err *err)
{
    const qc_plan_quota *q = &s->p->q[0];
    if (qc_sub_pending_op(s->rec)) {
        int a = S_adopt_request(s, rq, err);
        if (a < 0)
            return -1; /* still pending: the next resume looks again */
        if (a > 0)
            return qc_sub_pending(s, s->rec, NULL, err) < 0 ? -1 : qc_sub_save(s, "requested", err);
    }
    if (qc_sub_pending(s, s->rec, "RequestServiceQuotaIncrease", err) < 0)
        return -1;
    json_t *ans = NULL;
    int rc = qc_ops_call(&s->ops, QC_API_QUOTAS, "RequestServiceQuotaIncrease",
                         qc_sub_body_increase(s->p, q), &ans, err);
    if (rc < 0) {
        /* An answer that refuses means nothing was filed (ResourceAlreadyExists
         * included: a throttled first attempt was not done, so the open
         * request is someone else's); no answer or a 5xx may hide one that
         * was: it stays pending and --resume looks for it. */
        qc_err ignore;
        qc_err_clear(&ignore);
        if (!s->ops.maybe_done)
            json_object_del(s->rec, "pending");
        qc_sub_save(s, s->ops.maybe_done ? "requesting" : "failed", &ignore);
        return -1;
    }
    json_t *r = json_object_get(ans, "RequestedQuota");
    const char *id = qc_json_get_str(r, "Id");
    if (!id) {
        json_decref(ans);
        return qc_err_set(err, QC_EAWS, "service-quotas RequestServiceQuotaIncrease: the answer "
                          "has no RequestedQuota.Id");
    }
    json_object_set_new(rq, "id", json_string(id));
    json_object_set_new(rq, "status", qc_json_str_or_null(qc_json_get_str(r, "Status")));
    if (qc_json_get_str(r, "CaseId"))
        json_object_set_new(rq, "case_display_id", json_string(qc_json_get_str(r, "CaseId")));
    json_object_set_new(rq, "filed", qc_json_time(qc_sub_now(s)));
    json_decref(ans);
    char v[40];
    qc_json_format_number(q->desired, v);
    qc_sub_say(s, "filed: Service Quotas request %s for %s to %s\n", qc_json_get_str(rq, "id"),
               q->code, v);
    json_object_del(s->rec, "pending");
    return qc_sub_save(s, "requested", err);
}

/* Reads the request back until it has a case or a final status. */
static int S_await_case(qc_sub *s, json_t *rq, qc_err *err)
{
    long pause = s->o->poll_base_ms > 0 ? s->o->poll_base_ms : 2000;
    double waited = 0, budget = (s->o->wait_s >= 0 ? s->o->wait_s : 300) * 1000;
    for (int reads = 1;; reads++) {
        json_t *ans = NULL;
        if (qc_ops_call(&s->ops, QC_API_QUOTAS, "GetRequestedServiceQuotaChange",
                        json_pack("{s:s}", "RequestId", qc_json_get_str(rq, "id")), &ans, err) < 0)
            return -1;
        json_t *r = json_object_get(ans, "RequestedQuota");
        const char *st = qc_json_get_str(r, "Status"), *cid = qc_json_get_str(r, "CaseId");
        json_object_set_new(rq, "status", qc_json_str_or_null(st));
        if (cid)
            json_object_set_new(rq, "case_display_id", json_string(cid));
        json_decref(ans);
        if (cid || !qc_ops_request_open(qc_json_get_str(rq, "status")))
            return qc_sub_save(s, NULL, err);
        if (waited + pause > budget) {
            qc_sub_say(s, "Service Quotas has not opened a case for request %s yet (status %s "
                       "after %d reads over %.0f s)\n", qc_json_get_str(rq, "id"),
                       qc_json_get_str(rq, "status"), reads, waited / 1000);
            return qc_sub_save(s, "awaiting-case", err) < 0 ? -1 : 1;
        }
        qc_progress_say(s->o->progress, s->o->progress_ud, "waiting for Service Quotas to open the "
                        "case of request %s: %s after %d read%s; next read in %.1f s",
                        qc_json_get_str(rq, "id"), qc_json_get_str(rq, "status"), reads,
                        reads == 1 ? "" : "s", pause / 1000.0);
        qc_sub_pause(s, pause);
        if (qc_sub_stopped(s, err)) {
            qc_err ignore;
            qc_err_clear(&ignore);
            qc_sub_save(s, "awaiting-case", &ignore);
            return -1;
        }
        waited += pause;
        pause = pause * 2 > QC_POLL_CAP_MS ? QC_POLL_CAP_MS : pause * 2;
    }
}

/* The Support case id for the display id Service Quotas gives. */
static int S_resolve_case(qc_sub *s, json_t *cs, const char *display_id, qc_err *err)
{
    json_t *ans = NULL;
    if (qc_ops_call(&s->ops, QC_API_SUPPORT, "DescribeCases",
                    json_pack("{s:s, s:b, s:b}", "displayId", display_id, "includeResolvedCases", 1,
                              "includeCommunications", 0),
                    &ans, err) < 0)
        return -1;
    json_t *c = json_array_get(json_object_get(ans, "cases"), 0);
    const char *id = qc_json_get_str(c, "caseId");
    if (!id) {
        json_decref(ans);
        qc_sub_say(s, "AWS Support does not list case %s yet\n", display_id);
        return 1;
    }
    json_object_set_new(cs, "case_id", json_string(id));
    json_object_set_new(cs, "display_id", json_string(display_id));
    json_decref(ans);
    return qc_sub_save(s, "case-opened", err);
}

static int S_quotas_route(qc_sub *s, int *outcome, qc_err *err)
{
    json_t *rq = qc_record_obj(s->rec, "request"), *cs = qc_record_obj(s->rec, "case");
    if (!qc_json_get_str(rq, "id") && S_file_request(s, rq, err) < 0)
        return -1;
    if (!qc_json_get_str(rq, "case_display_id")) {
        int rc = S_await_case(s, rq, err);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            *outcome = QC_SUBMIT_WAITING;
            if (rc > 0)
                qc_sub_say(s, "run `quotacase submit --resume %s` later to put the evidence on "
                           "the case\n", s->o->dir);
            return rc < 0 ? -1 : 0;
        }
    }
    const char *display = qc_json_get_str(rq, "case_display_id");
    if (!display) {
        const char *st = qc_json_get_str(rq, "status");
        int approved = st && !strcmp(st, "APPROVED");
        qc_sub_say(s, approved ? "request %s was approved at once: no case to attach to\n"
                               : "request %s ended %s before a case opened (`quotacase status` "
                                 "shows its history)\n",
                   qc_json_get_str(rq, "id"), st ? st : "?");
        *outcome = approved ? QC_SUBMIT_DONE : QC_SUBMIT_CLOSED;
        return qc_sub_save(s, approved ? "approved" : "closed", err);
    }
    if (!qc_json_get_str(cs, "case_id")) {
        int rc = S_resolve_case(s, cs, display, err);
        if (rc < 0 && qc_ops_failed_with(&s->ops, "SubscriptionRequiredException")) {
            qc_err_clear(err);
            return qc_sub_manual(s, display, s->rec, "no-support-plan", NULL, outcome, err);
        }
        if (rc < 0)
            return -1;
        if (rc > 0) {
            *outcome = QC_SUBMIT_WAITING;
            return qc_sub_save(s, "awaiting-case", err);
        }
    }
    int sent = json_is_true(json_object_get(json_object_get(cs, "communication"), "sent"));
    if (!sent && (qc_sub_attachments(s, cs, err) < 0 ||
                  qc_sub_communicate(s, cs, qc_json_get_str(cs, "case_id"), s->p->body.ptr,
                                     s->p->body_chars, err) < 0)) {
        if (qc_ops_failed_with(&s->ops, "SubscriptionRequiredException")) {
            qc_err_clear(err);
            return qc_sub_manual(s, display, s->rec, "no-support-plan", NULL, outcome, err);
        }
        return -1;
    }
    qc_sub_say(s, "done: the evidence is on support case %s\n", display);
    *outcome = QC_SUBMIT_DONE;
    return qc_sub_save(s, "done", err);
}

/* ---- the run ---- */

static int S_nothing_filed(const json_t *r)
{
    const char *st = qc_json_get_str(r, "state");
    return st && !strcmp(st, "failed") && !qc_json_get_str(json_object_get(r, "request"), "id") &&
           !qc_json_get_str(json_object_get(r, "case"), "case_id") &&
           !qc_sub_pending_op(r) && !qc_sub_pending_op(json_object_get(r, "case"));
}

static int S_finished(const json_t *r)
{
    static const char *const done[] = {"done", "approved", "closed", NULL};
    const char *st = qc_json_get_str(r, "state");
    for (int i = 0; st && done[i]; i++)
        if (!strcmp(st, done[i]))
            return 1;
    return 0;
}

static int S_exists(qc_sub *s, json_t *old, int *outcome, const char *why, qc_err *err)
{
    s->rec = old;
    S_show_record(s, old);
    *outcome = QC_SUBMIT_EXISTS;
    return qc_err_set(err, QC_EEXIST, "%s: %s (state %s)", s->o->dir, why,
                      qc_json_get_str(old, "state") ? qc_json_get_str(old, "state") : "?");
}

/* Resuming: the same account and region as the run that began it. */
static int S_check_resume(qc_sub *s, int *outcome, qc_err *err)
{
    qc_buf why;
    qc_buf_init(&why, 0);
    int rc = S_check_identity(s, qc_json_get_str(s->rec, "account"),
                              qc_json_get_str(s->rec, "region"), &why, err);
    if (rc == 0 && why.len)
        rc = S_refuse(s, &why, outcome, err);
    qc_buf_free(&why);
    return rc;
}

static int S_prepare(qc_sub *s, int *outcome, qc_err *err)
{
    json_t *old = NULL;
    if (qc_record_load(s->o->dir, &old, err) < 0)
        return -1;
    int restart = old && S_nothing_filed(old);
    if (restart) {
        /* The last run failed before anything was filed: this one (resumed
         * or not) starts over, its calls kept on record. */
        s->carried_calls = json_incref(json_object_get(old, "calls"));
        json_decref(old);
        old = NULL;
    }
    if (old && s->o->resume && S_finished(old))
        return S_exists(s, old, outcome, "the submission is finished: nothing left to send", err);
    if (old && !s->o->resume)
        return S_exists(s, old, outcome, "submitted already; nothing is sent twice: `quotacase "
                        "status` follows it, `--resume` finishes it", err);
    if (!old && s->o->resume && !restart)
        return qc_err_set(err, QC_EINPUT, "%s: no submission to resume (no %s)", s->o->dir,
                          QC_RECORD_NAME);
    s->rec = old;
    if (S_check_files(s, err) < 0)
        return -1;
    if (old)
        return S_check_archive(s, 0, err) < 0 ? -1 : S_check_resume(s, outcome, err);
    qc_buf why;
    qc_buf_init(&why, 0);
    qc_plan_refusals(s->p, s->o->allow_open, &why);
    S_check_region(s, s->p->region, &why);
    int rc = 0;
    if (!why.len && S_check_archive(s, 1, err) < 0)
        rc = -1;
    if (rc == 0 && !why.len && !s->o->dry_run && S_check_live(s, &why, err) < 0)
        rc = -1;
    if (rc == 0 && why.len)
        rc = S_refuse(s, &why, outcome, err);
    qc_buf_free(&why);
    return rc;
}

int qc_submit_run(const qc_submit_opts *o, qc_plan *p, int *outcome, qc_err *err)
{
    qc_sub s = {o, p, {0}, NULL, NULL, NULL};
    qc_ops_init(&s.ops, o->aws, p->region);
    s.ops.now_ms = o->now_ms;
    *outcome = QC_SUBMIT_REFUSED;
    int lock = -1;
    int rc = o->dry_run ? 0 : qc_record_lock(o->dir, &lock, err);
    if (rc == 0)
        rc = S_prepare(&s, outcome, err);
    if (rc == 0 && o->dry_run) {
        qc_sub_dry_run(&s);
        *outcome = QC_SUBMIT_DRY;
    } else if (rc == 0) {
        if (!s.rec) {
            s.rec = S_new_record(&s);
            if (s.carried_calls)
                json_object_set(s.rec, "calls", s.carried_calls);
            rc = qc_sub_save(&s, "started", err);
        }
        const char *route = qc_json_get_str(s.rec, "route");
        if (rc == 0)
            rc = route && !strcmp(route, "support_case") ? qc_sub_case_route(&s, outcome, err)
                                                          : S_quotas_route(&s, outcome, err);
        if (rc < 0 && json_array_size(s.ops.calls)) {
            /* What failed is on record too. */
            qc_err ignore;
            qc_err_clear(&ignore);
            qc_sub_save(&s, NULL, &ignore);
        }
    }
    qc_record_unlock(o->dir, lock);
    json_decref(s.rec);
    json_decref(s.adopt);
    json_decref(s.carried_calls);
    qc_ops_free(&s.ops);
    return rc;
}
