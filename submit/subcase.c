/* subcase.c - the AWS Support side of submit: the attachment set, the
 * communication, the manual steps without a support plan, and the route
 * through CreateCase; see submit.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/qtime.h"
#include "common/sha256.h"
#include "submit/record.h"
#include "submit/submit_int.h"

/* ---- the attachment set ---- */

static int S_set_alive(const qc_sub *s, const json_t *set)
{
    const char *exp = qc_json_get_str(set, "expiry");
    int64_t t;
    if (!qc_json_get_str(set, "id") || json_is_true(json_object_get(set, "used")))
        return 0;
    /* A minute's margin: the communication must reach Support in time. */
    return !exp || qc_time_parse_arg(exp, &t) < 0 || t - 60000 > qc_sub_now(s);
}

int qc_sub_attachments(qc_sub *s, json_t *at, qc_err *err)
{
    json_t *set = json_object_get(at, "attachment_set");
    if (set && S_set_alive(s, set))
        return 0;
    const char *paths[3], *names[3];
    json_t *files = json_array();
    size_t n = 0;
    for (size_t i = 0; i < s->p->nfiles; i++) {
        const qc_plan_file *f = &s->p->files[i];
        if (!f->exists)
            continue;
        paths[n] = f->path;
        names[n++] = f->name;
        json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "name", f->name, "bytes",
                                               (json_int_t)f->bytes, "sha256", f->sha256));
    }
    char *id = NULL, *expiry = NULL;
    if (qc_ops_attach(&s->ops, paths, names, n, &id, &expiry, err) < 0) {
        json_decref(files);
        return -1;
    }
    set = json_object();
    json_object_set_new(set, "id", json_string(id));
    json_object_set_new(set, "expiry", qc_json_str_or_null(expiry));
    json_object_set_new(set, "files", files);
    json_object_set_new(at, "attachment_set", set);
    qc_sub_say(s, "attached: %zu files in set %s\n", n, id);
    free(id);
    free(expiry);
    return qc_sub_save(s, NULL, err);
}

/* Two bodies are the same text when their characters other than white
 * space are: Support may reflow a body, not change its words. */
static int S_same_text(const char *a, const char *b)
{
    for (;;) {
        while (a && *a && isspace((unsigned char)*a))
            a++;
        while (b && *b && isspace((unsigned char)*b))
            b++;
        if (!a || !b || !*a || !*b)
            return (!a || !*a) && (!b || !*b);
        if (*a++ != *b++)
            return 0;
    }
}

/* Did a communication with this body reach the case (a run stopped right
 * after sending it)?  Its newest communications are read, through the pages
 * (at most 100), since the call was under way. */
static int S_sent_already(qc_sub *s, json_t *at, const char *case_id, const char *body,
                          qc_err *err)
{
    const char *since = qc_json_get_str(json_object_get(at, "pending"), "at");
    char *token = NULL;
    int found = 0, rc = 0;
    for (int page = 0; page < 10 && !found; page++) {
        json_t *req = json_pack("{s:s, s:i}", "caseId", case_id, "maxResults", 10), *ans = NULL, *c;
        if (since)
            json_object_set_new(req, "afterTime", json_string(since));
        if (token)
            json_object_set_new(req, "nextToken", json_string(token));
        free(token);
        token = NULL;
        if ((rc = qc_ops_call(&s->ops, QC_API_SUPPORT, "DescribeCommunications", req, &ans, err)) < 0)
            break;
        size_t i;
        json_array_foreach(json_object_get(ans, "communications"), i, c)
            found |= S_same_text(body, qc_json_get_str(c, "body"));
        if (qc_json_get_str(ans, "nextToken"))
            token = qc_strdup(qc_json_get_str(ans, "nextToken"));
        json_decref(ans);
        if (!token)
            break;
    }
    free(token);
    return rc < 0 ? -1 : found;
}

static int S_send(qc_sub *s, json_t *at, const char *case_id, const char *body, qc_err *err)
{
    json_t *set = json_object_get(at, "attachment_set"), *ans = NULL;
    json_t *req = json_pack("{s:s, s:s}", "caseId", case_id, "communicationBody", body);
    if (qc_json_get_str(set, "id"))
        json_object_set_new(req, "attachmentSetId", json_string(qc_json_get_str(set, "id")));
    int rc = qc_ops_call(&s->ops, QC_API_SUPPORT, "AddCommunicationToCase", req, &ans, err);
    json_decref(ans);
    return rc;
}

/* After a failed call that files something: pending stays when it may
 * have been done (no answer, a 5xx), and the record says so. */
static int S_failed(qc_sub *s, json_t *at)
{
    if (!s->ops.maybe_done)
        json_object_del(at, "pending");
    qc_err ignore;
    qc_err_clear(&ignore);
    qc_sub_save(s, NULL, &ignore);
    return -1;
}

/* A set Support no longer takes: expired ones are made again; one it does
 * not know may be one this run used for a communication that went through,
 * so the case is read first (found: 1). */
static int S_set_refused(qc_sub *s, json_t *at, const char *case_id, const char *body,
                         qc_err *err)
{
    int unknown = qc_ops_failed_with(&s->ops, "AttachmentSetIdNotFound");
    if (!unknown && !qc_ops_failed_with(&s->ops, "AttachmentSetExpired"))
        return -1;
    qc_err_clear(err);
    if (unknown) {
        int found = S_sent_already(s, at, case_id, body, err);
        if (found != 0)
            return found;
    }
    json_object_del(at, "attachment_set");
    if (qc_sub_attachments(s, at, err) < 0)
        return -1;
    return S_send(s, at, case_id, body, err) < 0 ? -1 : 0;
}

int qc_sub_communicate(qc_sub *s, json_t *at, const char *case_id, const char *body,
                       size_t body_chars, qc_err *err)
{
    json_t *done = json_object_get(at, "communication");
    if (json_is_true(json_object_get(done, "sent")))
        return 0;
    const char *pending = qc_sub_pending_op(at);
    int found = pending && !strcmp(pending, "AddCommunicationToCase")
                    ? S_sent_already(s, at, case_id, body, err)
                    : 0;
    if (found < 0)
        return -1;
    if (!found) {
        if (qc_sub_pending(s, at, "AddCommunicationToCase", err) < 0)
            return -1;
        int rc = S_send(s, at, case_id, body, err);
        if (rc < 0 && !s->ops.maybe_done)
            rc = S_set_refused(s, at, case_id, body, err);
        if (rc < 0)
            return S_failed(s, at);
        found = rc > 0;
    }
    char hex[QC_SHA256_HEX_LEN + 1];
    qc_sha256_hex(body, strlen(body), hex);
    json_t *set = json_object_get(at, "attachment_set");
    if (set)
        json_object_set_new(set, "used", json_true());
    json_object_set_new(at, "communication",
                        json_pack("{s:b, s:o, s:I, s:s}", "sent", 1, "at", qc_json_time(qc_sub_now(s)),
                                  "chars", (json_int_t)body_chars, "sha256", hex));
    qc_sub_say(s, "sent: %zu characters to case %s%s\n", body_chars, case_id,
               found ? " (found there: it was sent before the last run stopped)" : "");
    return qc_sub_pending(s, at, NULL, err);
}

/* ---- no support plan ---- */

int qc_sub_manual(qc_sub *s, const char *display_id, json_t *at, const char *state,
                  const char *body, int *outcome, qc_err *err)
{
    qc_buf where;
    qc_buf_init(&where, 0);
    /* The console address is the aws partition's; others name the Support Center. */
    int aws_partition = !strcmp(qc_ops_support_region(s->p->region), "us-east-1");
    if (display_id)
        qc_buf_printf(&where, aws_partition ? "https://console.aws.amazon.com/support/home#/case/"
                                              "?displayId=%s&language=en"
                                            : "the AWS Support Center, case %s",
                      display_id);
    else
        qc_buf_printf(&where, aws_partition ? "https://console.aws.amazon.com/support/home#/case/"
                                              "create (Create case, then Service quota increase)"
                                            : "the AWS Support Center (Create case)");
    const json_t *rq = json_object_get(s->rec, "request");
    qc_sub_say(s, "AWS Support's API needs a Business, Enterprise On-Ramp or Enterprise support "
               "plan, so quotacase cannot put the evidence on the case.\n");
    if (qc_json_get_str(rq, "id"))
        qc_sub_say(s, "The Service Quotas request %s is filed%s%s.\n", qc_json_get_str(rq, "id"),
                   display_id ? "; its support case is " : "", display_id ? display_id : "");
    qc_sub_say(s, "By hand, in %s:\n", where.ptr);
    if (body) {
        qc_sub_say(s, "  1. choose Reply and paste this text:\n");
        for (const char *t = body; *t;) {
            const char *nl = strchr(t, '\n');
            size_t len = nl ? (size_t)(nl - t) : strlen(t);
            qc_sub_say(s, "     | %.*s\n", (int)len, t);
            t += len + (nl != NULL);
        }
    } else if (display_id) {
        qc_sub_say(s, "  1. choose Reply and paste the text of %s/support_case.txt\n", s->p->dir);
    } else {
        qc_sub_say(s, "  1. give the subject \"%s\" and paste the text of %s/support_case.txt\n",
                   s->p->subject ? s->p->subject : "", s->p->dir);
    }
    qc_sub_say(s, "  2. attach these files (each within Support's 5 MB):\n");
    json_t *files = json_array();
    for (size_t i = 0; i < s->p->nfiles; i++) {
        const qc_plan_file *f = &s->p->files[i];
        qc_sub_say(s, "     %s (%.2f MB)\n", f->path, (double)f->bytes / 1e6);
        json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "name", f->name, "bytes",
                                               (json_int_t)f->bytes, "sha256", f->sha256));
    }
    json_object_set_new(at, "manual",
                        json_pack("{s:s, s:s, s:o}", "reason", "SubscriptionRequiredException",
                                  "where", where.ptr, "files", files));
    qc_buf_free(&where);
    *outcome = QC_SUBMIT_MANUAL;
    json_object_del(at, "pending");
    return qc_sub_save(s, state, err);
}

/* ---- the CreateCase route ---- */

static int S_has(const char *s, const char *word)
{
    return s && strcasestr(s, word) != NULL;
}

/* The service and category for a quota increase on Bedrock: "Service limit
 * increase" when the account's list has it, else the Bedrock service. */
static int S_pick_service(qc_sub *s, json_t *cs, qc_err *err)
{
    json_t *ans = NULL, *sv, *svc = NULL;
    if (qc_ops_call(&s->ops, QC_API_SUPPORT, "DescribeServices", json_pack("{s:s}", "language", "en"),
                    &ans, err) < 0)
        return -1;
    size_t i;
    json_array_foreach(json_object_get(ans, "services"), i, sv)
    {
        const char *code = qc_json_get_str(sv, "code"), *name = qc_json_get_str(sv, "name");
        if (code && !strcmp(code, "service-limit-increase"))
            svc = sv;
        else if (!svc && (S_has(code, "bedrock") || S_has(name, "bedrock")))
            svc = sv;
    }
    json_t *cats = json_object_get(svc, "categories"), *cat = NULL, *c;
    json_array_foreach(cats, i, c)
        if (!cat && (S_has(qc_json_get_str(c, "code"), "bedrock") ||
                     S_has(qc_json_get_str(c, "name"), "bedrock")))
            cat = c;
    if (!cat)
        cat = json_array_get(cats, 0);
    if (!qc_json_get_str(svc, "code") || !qc_json_get_str(cat, "code")) {
        json_decref(ans);
        return qc_err_set(err, QC_EAWS, "support DescribeServices: no service for a quota increase "
                          "(service-limit-increase) nor for Amazon Bedrock with a category");
    }
    json_object_set_new(cs, "service_code", json_string(qc_json_get_str(svc, "code")));
    json_object_set_new(cs, "category_code", json_string(qc_json_get_str(cat, "code")));
    json_decref(ans);
    return 0;
}

/* The case's severity when the plan offers it, else the highest offered below it. */
static int S_pick_severity(qc_sub *s, json_t *cs, qc_err *err)
{
    static const char *const order[] = {"low", "normal", "high", "urgent", "critical"};
    json_t *ans = NULL, *lv;
    if (qc_ops_call(&s->ops, QC_API_SUPPORT, "DescribeSeverityLevels",
                    json_pack("{s:s}", "language", "en"), &ans, err) < 0)
        return -1;
    const char *want = s->p->severity ? s->p->severity : "normal";
    int want_rank = 1, best_rank = -1;
    for (int k = 0; k < 5; k++)
        if (!strcmp(order[k], want))
            want_rank = k;
    size_t i;
    json_array_foreach(json_object_get(ans, "severityLevels"), i, lv)
    {
        const char *code = qc_json_get_str(lv, "code");
        for (int k = 0; code && k < 5; k++)
            if (!strcmp(order[k], code) && k <= want_rank && k > best_rank)
                best_rank = k;
    }
    json_decref(ans);
    if (best_rank < 0)
        return qc_err_set(err, QC_EAWS, "support DescribeSeverityLevels: no severity at or below "
                          "'%s' is offered", want);
    if (best_rank != want_rank)
        qc_sub_say(s, "severity %s is not offered on this support plan: %s instead\n", want,
                   order[best_rank]);
    json_object_set_new(cs, "severity_code", json_string(order[best_rank]));
    return 0;
}

/* A case this run may have created before it stopped: the same subject,
 * created since the call was under way (through the pages, at most 1,000). */
static int S_adopt_case(qc_sub *s, json_t *cs, qc_err *err)
{
    const char *since = qc_json_get_str(json_object_get(cs, "pending"), "at");
    char *token = NULL;
    int found = 0, rc = 0;
    for (int page = 0; page < 10 && !found; page++) {
        json_t *req = json_pack("{s:b, s:b, s:i}", "includeResolvedCases", 1,
                                "includeCommunications", 0, "maxResults", 100), *ans = NULL, *c;
        if (since)
            json_object_set_new(req, "afterTime", json_string(since));
        if (token)
            json_object_set_new(req, "nextToken", json_string(token));
        free(token);
        token = NULL;
        if ((rc = qc_ops_call(&s->ops, QC_API_SUPPORT, "DescribeCases", req, &ans, err)) < 0)
            break;
        size_t i;
        json_array_foreach(json_object_get(ans, "cases"), i, c)
        {
            const char *subj = qc_json_get_str(c, "subject");
            if (!found && subj && s->p->subject && !strcmp(subj, s->p->subject) &&
                qc_json_get_str(c, "caseId")) {
                json_object_set_new(cs, "case_id", json_string(qc_json_get_str(c, "caseId")));
                json_object_set_new(cs, "display_id",
                                    qc_json_str_or_null(qc_json_get_str(c, "displayId")));
                found = 1;
            }
        }
        if (qc_json_get_str(ans, "nextToken"))
            token = qc_strdup(qc_json_get_str(ans, "nextToken"));
        json_decref(ans);
        if (!token)
            break;
    }
    free(token);
    if (found)
        qc_sub_say(s, "found case %s, created before the last run stopped\n",
                   qc_json_get_str(cs, "case_id"));
    return rc < 0 ? -1 : found;
}

static json_t *S_case_body(const qc_sub *s, const json_t *cs)
{
    json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "subject",
                          s->p->subject ? s->p->subject : "", "communicationBody",
                          s->p->body.ptr ? s->p->body.ptr : "", "serviceCode",
                          qc_json_get_str(cs, "service_code"), "categoryCode",
                          qc_json_get_str(cs, "category_code"), "severityCode",
                          qc_json_get_str(cs, "severity_code"), "language", "en");
    const char *set = qc_json_get_str(json_object_get(cs, "attachment_set"), "id");
    if (set)
        json_object_set_new(b, "attachmentSetId", json_string(set));
    return b;
}

/* A set CreateCase refused: as for a communication (S_set_refused), a set
 * it does not know may have gone into a case this run created. */
static int S_case_set_refused(qc_sub *s, json_t *cs, json_t **ans, qc_err *err)
{
    int unknown = qc_ops_failed_with(&s->ops, "AttachmentSetIdNotFound");
    if (!unknown && !qc_ops_failed_with(&s->ops, "AttachmentSetExpired"))
        return -1;
    qc_err_clear(err);
    if (unknown) {
        int found = S_adopt_case(s, cs, err);
        if (found != 0)
            return found;
    }
    json_object_del(cs, "attachment_set");
    if (qc_sub_attachments(s, cs, err) < 0)
        return -1;
    return qc_ops_call(&s->ops, QC_API_SUPPORT, "CreateCase", S_case_body(s, cs), ans, err);
}

static int S_create_case(qc_sub *s, json_t *cs, qc_err *err)
{
    const char *pending = qc_sub_pending_op(cs);
    if (pending && !strcmp(pending, "CreateCase")) {
        int a = S_adopt_case(s, cs, err);
        if (a != 0)
            return a < 0 ? -1 : qc_sub_pending(s, cs, NULL, err);
    }
    if (qc_sub_pending(s, cs, "CreateCase", err) < 0)
        return -1;
    json_t *ans = NULL;
    int rc = qc_ops_call(&s->ops, QC_API_SUPPORT, "CreateCase", S_case_body(s, cs), &ans, err);
    if (rc < 0 && !s->ops.maybe_done)
        rc = S_case_set_refused(s, cs, &ans, err);
    if (rc < 0)
        return S_failed(s, cs);
    if (rc > 0) /* adopted */
        ans = json_pack("{s:s}", "caseId", qc_json_get_str(cs, "case_id"));
    const char *id = qc_json_get_str(ans, "caseId");
    if (id)
        json_object_set_new(cs, "case_id", json_string(id));
    json_decref(ans);
    if (!id)
        return qc_err_set(err, QC_EAWS, "support CreateCase: the answer has no caseId");
    json_t *set = json_object_get(cs, "attachment_set");
    if (set)
        json_object_set_new(set, "used", json_true());
    char hex[QC_SHA256_HEX_LEN + 1];
    qc_sha256_hex(s->p->body.ptr ? s->p->body.ptr : "", s->p->body.len, hex);
    json_object_set_new(cs, "communication",
                        json_pack("{s:b, s:o, s:I, s:s}", "sent", 1, "at", qc_json_time(qc_sub_now(s)),
                                  "chars", (json_int_t)s->p->body_chars, "sha256", hex));
    json_object_del(cs, "pending");
    return qc_sub_save(s, "case-opened", err);
}

/* The display id people see in the console, for a case made here. */
static int S_display_id(qc_sub *s, json_t *cs, qc_err *err)
{
    json_t *ans = NULL;
    if (qc_ops_call(&s->ops, QC_API_SUPPORT, "DescribeCases",
                    json_pack("{s:[s], s:b, s:b}", "caseIdList", qc_json_get_str(cs, "case_id"),
                              "includeResolvedCases", 1, "includeCommunications", 0),
                    &ans, err) < 0)
        return -1;
    const char *d = qc_json_get_str(json_array_get(json_object_get(ans, "cases"), 0), "displayId");
    if (d)
        json_object_set_new(cs, "display_id", json_string(d));
    json_decref(ans);
    return 0;
}

int qc_sub_case_route(qc_sub *s, int *outcome, qc_err *err)
{
    json_t *cs = qc_record_obj(s->rec, "case");
    int rc = 0;
    if (!qc_json_get_str(cs, "case_id")) {
        if (!qc_json_get_str(cs, "service_code"))
            rc = S_pick_service(s, cs, err);
        if (rc == 0 && !qc_json_get_str(cs, "severity_code"))
            rc = S_pick_severity(s, cs, err);
        if (rc == 0)
            rc = qc_sub_attachments(s, cs, err);
        if (rc == 0)
            rc = S_create_case(s, cs, err);
        if (rc < 0 && qc_ops_failed_with(&s->ops, "SubscriptionRequiredException")) {
            qc_err_clear(err);
            return qc_sub_manual(s, NULL, s->rec, "no-support-plan", NULL, outcome, err);
        }
        if (rc < 0)
            return -1;
    }
    if (!qc_json_get_str(cs, "display_id") && S_display_id(s, cs, err) < 0)
        return -1;
    qc_sub_say(s, "done: support case %s (%s) holds the request and the evidence\n",
               qc_json_get_str(cs, "display_id") ? qc_json_get_str(cs, "display_id") : "?",
               qc_json_get_str(cs, "case_id"));
    *outcome = QC_SUBMIT_DONE;
    return qc_sub_save(s, "done", err);
}
