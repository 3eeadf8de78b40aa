/* status.c - where a submission stands; see status.h. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/qtime.h"
#include "submit/ops.h"
#include "submit/record.h"

int qc_status_outcome(const char *rs, int has_now, double now, double desired,
                      const char *case_status)
{
    if ((rs && !strcmp(rs, "APPROVED")) || (has_now && now >= desired))
        return QC_STATUS_APPROVED;
    if (rs && !strcmp(rs, "INVALID_REQUEST"))
        return QC_STATUS_INVALID;
    if (rs && (!strcmp(rs, "DENIED") || !strcmp(rs, "NOT_APPROVED") || !strcmp(rs, "CASE_CLOSED")))
        return QC_STATUS_DENIED;
    if (!rs && case_status && !strcmp(case_status, "resolved"))
        return QC_STATUS_DENIED;
    return QC_STATUS_OPEN;
}

const char *qc_status_outcome_name(int outcome)
{
    static const char *const names[] = {"approved", "open", "denied", "invalid"};
    return outcome >= 0 && outcome < 4 ? names[outcome] : "?";
}

static void S_note(json_t *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_note(json_t *st, const char *fmt, ...)
{
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    json_array_append_new(json_object_get(st, "notes"), qc_json_str(line));
}

static int S_request(qc_ops *o, json_t *rec, json_t *st, const char *dir, qc_err *err)
{
    json_t *rq = json_object_get(rec, "request"), *ans = NULL;
    const char *id = qc_json_get_str(rq, "id");
    if (!id)
        return 0;
    if (qc_ops_call(o, QC_API_QUOTAS, "GetRequestedServiceQuotaChange",
                    json_pack("{s:s}", "RequestId", id), &ans, err) < 0)
        return -1;
    json_t *r = json_object_get(ans, "RequestedQuota");
    json_t *out = json_object();
    json_object_set_new(out, "id", json_string(id));
    json_object_set(out, "status", json_object_get(r, "Status") ? json_object_get(r, "Status")
                                                                : json_null());
    json_object_set(out, "case_id", json_object_get(r, "CaseId") ? json_object_get(r, "CaseId")
                                                                 : json_null());
    json_object_set(out, "desired_value", json_object_get(r, "DesiredValue")
                                              ? json_object_get(r, "DesiredValue") : json_null());
    double t;
    json_object_set_new(out, "created", qc_json_get_num(r, "Created", &t)
                                            ? qc_json_time((int64_t)(t * 1000)) : json_null());
    json_object_set_new(out, "last_updated", qc_json_get_num(r, "LastUpdated", &t)
                                                 ? qc_json_time((int64_t)(t * 1000)) : json_null());
    json_object_set_new(st, "request", out);
    const char *cid = qc_json_get_str(r, "CaseId");
    json_object_set_new(rq, "status", qc_json_str_or_null(qc_json_get_str(r, "Status")));
    if (cid && !qc_json_get_str(rq, "case_display_id"))
        json_object_set_new(rq, "case_display_id", json_string(cid));
    const json_t *sent = json_object_get(json_object_get(json_object_get(rec, "case"),
                                                         "communication"), "sent");
    if (cid && !json_is_true(sent) && !json_object_get(rec, "manual"))
        S_note(st, "the evidence is not on support case %s yet: `quotacase submit --resume %s` "
               "puts it there", cid, dir);
    json_decref(ans);
    return 0;
}

static int S_history(qc_ops *o, const json_t *rec, json_t *st, qc_err *err)
{
    const json_t *q0 = json_array_get(json_object_get(rec, "quotas"), 0);
    const char *code = qc_json_get_str(q0, "quota_code");
    json_t *list = NULL, *h = json_array(), *r;
    if (!code)
        return 0;
    if (qc_ops_quota_requests(o, "bedrock", code, &list, err) < 0) {
        json_decref(h);
        return -1;
    }
    size_t i;
    json_array_foreach(list, i, r)
    {
        double t = 0, v = 0;
        qc_json_get_num(r, "Created", &t);
        qc_json_get_num(r, "DesiredValue", &v);
        json_array_append_new(h, json_pack("{s:o, s:o, s:f, s:o, s:o}", "id",
                                           qc_json_str_or_null(qc_json_get_str(r, "Id")), "status",
                                           qc_json_str_or_null(qc_json_get_str(r, "Status")),
                                           "desired_value", v, "created",
                                           qc_json_time((int64_t)(t * 1000)), "case_id",
                                           qc_json_str_or_null(qc_json_get_str(r, "CaseId"))));
    }
    json_decref(list);
    json_object_set_new(st, "history", h);
    return 0;
}

static int S_values(qc_ops *o, const json_t *rec, json_t *st, qc_err *err)
{
    json_t *out = json_array(), *q;
    json_object_set_new(st, "quotas", out);
    size_t i;
    json_array_foreach(json_object_get(rec, "quotas"), i, q)
    {
        double now, want = 0;
        int adj;
        const char *code = qc_json_get_str(q, "quota_code");
        if (!code || qc_ops_quota_value(o, "bedrock", code, &now, &adj, err) < 0)
            return code ? -1 : 0;
        qc_json_get_num(q, "desired_value", &want);
        json_array_append_new(out, json_pack("{s:s, s:o, s:f, s:f}", "quota_code", code,
                                             "quota_name",
                                             qc_json_str_or_null(qc_json_get_str(q, "quota_name")),
                                             "desired_value", want, "value_now", now));
    }
    return 0;
}

/* The case and its five latest communications. */
static int S_case(qc_ops *o, json_t *rec, json_t *st, qc_err *err)
{
    json_t *cs = qc_record_obj(rec, "case");
    const char *cid = qc_json_get_str(cs, "case_id");
    const char *disp = qc_json_get_str(cs, "display_id");
    if (!disp)
        disp = qc_json_get_str(json_object_get(rec, "request"), "case_display_id");
    if (!cid && !disp)
        return 0;
    json_t *req = json_pack("{s:b, s:b}", "includeResolvedCases", 1, "includeCommunications", 0);
    if (cid)
        json_object_set_new(req, "caseIdList", json_pack("[s]", cid));
    else
        json_object_set_new(req, "displayId", json_string(disp));
    json_t *ans = NULL;
    if (qc_ops_call(o, QC_API_SUPPORT, "DescribeCases", req, &ans, err) < 0)
        return -1;
    json_t *c = json_array_get(json_object_get(ans, "cases"), 0);
    if (c) {
        json_object_set_new(st, "case", json_pack("{s:o, s:o, s:o, s:o, s:o}", "case_id",
            qc_json_str_or_null(qc_json_get_str(c, "caseId")), "display_id",
            qc_json_str_or_null(qc_json_get_str(c, "displayId")), "status",
            qc_json_str_or_null(qc_json_get_str(c, "status")), "subject",
            qc_json_str_or_null(qc_json_get_str(c, "subject")), "created",
            qc_json_str_or_null(qc_json_get_str(c, "timeCreated"))));
        if (!cid && qc_json_get_str(c, "caseId"))
            json_object_set_new(cs, "case_id", json_string(qc_json_get_str(c, "caseId")));
        cid = qc_json_get_str(cs, "case_id");
    }
    json_decref(ans);
    if (!cid)
        return 0;
    if (qc_ops_call(o, QC_API_SUPPORT, "DescribeCommunications",
                    json_pack("{s:s, s:i}", "caseId", cid, "maxResults", 10), &ans, err) < 0)
        return -1;
    json_t *list = json_array(), *m;
    size_t i, k;
    json_array_foreach(json_object_get(ans, "communications"), i, m)
    {
        if (i >= 5)
            break;
        json_t *names = json_array(), *a;
        json_array_foreach(json_object_get(m, "attachmentSet"), k, a)
            json_array_append_new(names, qc_json_str_or_null(qc_json_get_str(a, "fileName")));
        const char *body = qc_json_get_str(m, "body");
        json_array_append_new(list, json_pack("{s:o, s:o, s:o, s:o}", "at",
            qc_json_str_or_null(qc_json_get_str(m, "timeCreated")), "by",
            qc_json_str_or_null(qc_json_get_str(m, "submittedBy")), "body",
            body ? qc_json_strn(body, strlen(body) > 600 ? 600 : strlen(body)) : json_null(),
            "attachments", names));
    }
    json_object_set_new(st, "communications", list);
    json_decref(ans);
    return 0;
}

static int64_t S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int S_read(const char *dir, qc_aws *aws, qc_redactor *red, json_t **out, int *outcome,
                  qc_err *err)
{
    json_t *rec = NULL;
    if (qc_record_load(dir, &rec, err) < 0)
        return -1;
    if (!rec)
        return qc_err_set(err, QC_EINPUT, "%s: no submission on record (run `quotacase submit "
                          "%s` first)", dir, dir);
    const json_t *cs = json_object_get(rec, "case");
    if (!qc_json_get_str(json_object_get(rec, "request"), "id") &&
        !qc_json_get_str(cs, "case_id") && !qc_json_get_str(cs, "display_id")) {
        qc_err_set(err, QC_EINPUT, "%s: nothing was filed yet (state %s): `quotacase submit%s %s`",
                   dir, qc_json_get_str(rec, "state") ? qc_json_get_str(rec, "state") : "?",
                   qc_json_get_str(rec, "state") && !strcmp(qc_json_get_str(rec, "state"), "failed")
                       ? "" : " --resume", dir);
        json_decref(rec);
        return -1;
    }
    const char *rregion = qc_json_get_str(rec, "region"), *region = qc_aws_region(aws);
    if (rregion && region && strcmp(rregion, region)) {
        qc_err_set(err, QC_EUSAGE, "%s: the submission is in region %s, the region configured is "
                   "%s: pass --region %s", dir, rregion, region, rregion);
        json_decref(rec);
        return -1;
    }
    qc_ops o;
    qc_ops_init(&o, aws, rregion);
    json_t *st = json_pack("{s:s, s:o, s:[]}", "dir", dir, "state",
                           qc_json_str_or_null(qc_json_get_str(rec, "state")), "notes");
    int rc = S_request(&o, rec, st, dir, err);
    if (rc == 0)
        rc = S_history(&o, rec, st, err);
    if (rc == 0)
        rc = S_values(&o, rec, st, err);
    if (rc == 0 && S_case(&o, rec, st, err) < 0) {
        if (qc_ops_failed_with(&o, "SubscriptionRequiredException")) {
            qc_err_clear(err);
            S_note(st, "the case itself needs a support plan to be read (AWS Support's API); see "
                   "it in the Support Center");
        } else {
            rc = -1;
        }
    }
    if (rc == 0) {
        const json_t *q0 = json_array_get(json_object_get(st, "quotas"), 0);
        double now = 0, want = 0;
        int has = qc_json_get_num(q0, "value_now", &now) && qc_json_get_num(q0, "desired_value", &want);
        *outcome = qc_status_outcome(qc_json_get_str(json_object_get(st, "request"), "status"), has,
                                     now, want, qc_json_get_str(json_object_get(st, "case"), "status"));
        json_object_set_new(st, "outcome", json_string(qc_status_outcome_name(*outcome)));
        json_object_set_new(rec, "last_status",
                            json_pack("{s:o, s:s, s:o, s:o}", "at", qc_json_time(S_now()), "outcome",
                                      qc_status_outcome_name(*outcome), "request_status",
                                      qc_json_str_or_null(qc_json_get_str(json_object_get(st, "request"), "status")),
                                      "case_status",
                                      qc_json_str_or_null(qc_json_get_str(json_object_get(st, "case"), "status"))));
    }
    /* The record keeps what was filed and sent; status's reads leave only
     * last_status (a --watch would otherwise add calls at every poll). */
    qc_err e2;
    qc_err_clear(&e2);
    if (qc_record_save(dir, rec, red, rc == 0 ? err : &e2) < 0)
        rc = -1;
    qc_ops_free(&o);
    json_decref(rec);
    if (rc < 0) {
        json_decref(st);
        return -1;
    }
    qc_redact_json(red, st);
    *out = st;
    return 0;
}

int qc_status_read(const char *dir, qc_aws *aws, qc_redactor *red, json_t **out, int *outcome,
                   qc_err *err)
{
    int lock = -1;
    if (qc_record_lock(dir, &lock, err) < 0)
        return -1;
    int rc = S_read(dir, aws, red, out, outcome, err);
    qc_record_unlock(dir, lock);
    return rc;
}

static void S_say(void (*say)(void *, const char *), void *ud, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void S_say(void (*say)(void *, const char *), void *ud, const char *fmt, ...)
{
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    say(ud, line);
}

#define S_STR(o, k) (qc_json_get_str((o), (k)) ? qc_json_get_str((o), (k)) : "-")

void qc_status_text(const json_t *st, void (*say)(void *, const char *), void *ud)
{
    const json_t *rq = json_object_get(st, "request"), *cs = json_object_get(st, "case"), *x;
    size_t i;
    S_say(say, ud, "%s: %s\n", S_STR(st, "dir"), S_STR(st, "outcome"));
    if (rq)
        S_say(say, ud, "  request %s: %s (case %s, updated %s)\n", S_STR(rq, "id"),
              S_STR(rq, "status"), S_STR(rq, "case_id"), S_STR(rq, "last_updated"));
    json_array_foreach(json_object_get(st, "quotas"), i, x)
    {
        char a[40], b[40];
        double v = 0, w = 0;
        qc_json_get_num(x, "value_now", &v);
        qc_json_get_num(x, "desired_value", &w);
        qc_json_format_number(v, a);
        qc_json_format_number(w, b);
        S_say(say, ud, "  %s: %s in force now, %s asked for (%s)\n", S_STR(x, "quota_code"), a, b,
              S_STR(x, "quota_name"));
    }
    if (json_array_size(json_object_get(st, "history")))
        S_say(say, ud, "  history of the quota's requests:\n");
    json_array_foreach(json_object_get(st, "history"), i, x)
    {
        char v[40];
        double d = 0;
        qc_json_get_num(x, "desired_value", &d);
        qc_json_format_number(d, v);
        S_say(say, ud, "    %s  %-13s to %s  %s%s%s\n", S_STR(x, "created"), S_STR(x, "status"), v,
              S_STR(x, "id"), qc_json_get_str(x, "case_id") ? "  case " : "",
              qc_json_get_str(x, "case_id") ? qc_json_get_str(x, "case_id") : "");
    }
    if (cs)
        S_say(say, ud, "  support case %s (%s): %s, \"%s\"\n", S_STR(cs, "display_id"),
              S_STR(cs, "case_id"), S_STR(cs, "status"), S_STR(cs, "subject"));
    json_array_foreach(json_object_get(st, "communications"), i, x)
    {
        const char *body = S_STR(x, "body");
        const char *nl = strchr(body, '\n');
        S_say(say, ud, "    %s %s: %.*s%s (%zu attachments)\n", S_STR(x, "at"), S_STR(x, "by"),
              nl ? (int)(nl - body) : 160, body, nl || strlen(body) > 160 ? " ..." : "",
              json_array_size(json_object_get(x, "attachments")));
    }
    json_array_foreach(json_object_get(st, "notes"), i, x)
        S_say(say, ud, "  note: %s\n", json_string_value(x));
}
