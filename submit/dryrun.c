/* dryrun.c - what submit would send, call by call, sending nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "submit/submit_int.h"

/* One line of JSON in the layout the calls send (whole numbers without a
 * fraction), taken and freed. */
static char *S_line(json_t *j)
{
    qc_buf b, out;
    qc_buf_init(&b, 0);
    qc_buf_init(&out, 0);
    qc_json_dump(j, &b);
    json_decref(j);
    for (size_t i = 0; i < b.len; i++) {
        if (b.ptr[i] == '\n') {
            while (i + 1 < b.len && b.ptr[i + 1] == ' ')
                i++;
            char prev = out.len ? out.ptr[out.len - 1] : '{';
            if (i + 1 < b.len && b.ptr[i + 1] != '}' && b.ptr[i + 1] != ']' && prev != '{' &&
                prev != '[')
                qc_buf_addc(&out, ' ');
            continue;
        }
        qc_buf_addc(&out, b.ptr[i]);
    }
    qc_buf_free(&b);
    return qc_buf_take(&out);
}

static void S_call(qc_sub *s, int *n, const char *api, const char *op, json_t *body,
                   const char *why)
{
    char *line = S_line(body);
    qc_sub_say(s, "  %d. %s %s %s%s%s\n", ++*n, api, op, line, why ? "\n       " : "",
               why ? why : "");
    free(line);
}

static json_t *S_attachments(const qc_plan *p)
{
    json_t *list = json_array();
    char d[200];
    for (size_t i = 0; i < p->nfiles; i++) {
        const qc_plan_file *f = &p->files[i];
        if (f->exists)
            snprintf(d, sizeof d, "<%llu bytes, sha256 %.16s..., sent as %llu base64 characters>",
                     (unsigned long long)f->bytes, f->sha256,
                     (unsigned long long)(4 * ((f->bytes + 2) / 3)));
        else
            snprintf(d, sizeof d, "<%s: not made yet; submit makes it>", f->name);
        json_array_append_new(list, json_pack("{s:s, s:s}", "fileName", f->name, "data", d));
    }
    return json_pack("{s:o}", "attachments", list);
}

static void S_checks(qc_sub *s, int *n)
{
    const qc_plan *p = s->p;
    char why[300];
    snprintf(why, sizeof why, "check: the credentials are for account %s, and the region is %s",
             p->account ? p->account : "(the evidence's)", p->region ? p->region : "?");
    S_call(s, n, "sts", "GetCallerIdentity", json_object(), why);
    for (size_t i = 0; i < p->nq; i++) {
        const qc_plan_quota *q = &p->q[i];
        char v[40], f[40];
        qc_json_format_number(q->desired, v);
        qc_json_format_number(q->in_force, f);
        snprintf(why, sizeof why, "check: the value in force is below %s (the evidence says %s; "
                 "without an applied value, GetAWSDefaultServiceQuota)", v,
                 q->has_in_force ? f : "nothing");
        S_call(s, n, "service-quotas", "GetServiceQuota",
               json_pack("{s:s, s:s}", "ServiceCode", p->service_code, "QuotaCode", q->code), why);
        snprintf(why, sizeof why, "check: no request for %s is open (PENDING or CASE_OPENED)",
                 q->code);
        S_call(s, n, "service-quotas", "ListRequestedServiceQuotaChangeHistoryByQuota",
               json_pack("{s:s, s:s}", "ServiceCode", p->service_code, "QuotaCode", q->code), why);
    }
}

static void S_body_note(char out[200], const qc_plan *p)
{
    snprintf(out, 200, "<%zu characters of support_case.txt, shown below>", p->body_chars);
}

static void S_quotas_calls(qc_sub *s, int *n)
{
    const qc_plan *p = s->p;
    char why[300], body[200];
    if (p->to_open) {
        snprintf(body, sizeof body, "<Id of the request open for %s, from call %d>", p->q[0].code,
                 *n);
    } else {
        int filed = *n + 1;
        S_call(s, n, "service-quotas", "RequestServiceQuotaIncrease",
               qc_sub_body_increase(p, &p->q[0]),
               "files the request; the record is written before and after");
        snprintf(body, sizeof body, "<Id from call %d>", filed);
    }
    snprintf(why, sizeof why, "read again with backoff (%g s doubling to 30 s, up to %g s) "
             "until the request has a CaseId",
             (s->o->poll_base_ms > 0 ? s->o->poll_base_ms : 2000) / 1000.0,
             s->o->wait_s >= 0 ? s->o->wait_s : 300);
    S_call(s, n, "service-quotas", "GetRequestedServiceQuotaChange",
           json_pack("{s:s}", "RequestId", body), why);
    snprintf(body, sizeof body, "<CaseId from call %d>", *n);
    S_call(s, n, "support", "DescribeCases",
           json_pack("{s:s, s:b, s:b}", "displayId", body, "includeResolvedCases", 1,
                     "includeCommunications", 0),
           "the Support case id of that display id");
    int described = *n;
    S_call(s, n, "support", "AddAttachmentsToSet", S_attachments(p), NULL);
    char cid[64], set[64];
    snprintf(cid, sizeof cid, "<caseId from call %d>", described);
    snprintf(set, sizeof set, "<attachmentSetId from call %d>", *n);
    S_body_note(body, p);
    S_call(s, n, "support", "AddCommunicationToCase",
           json_pack("{s:s, s:s, s:s}", "caseId", cid, "communicationBody", body,
                     "attachmentSetId", set),
           NULL);
}

static void S_case_calls(qc_sub *s, int *n)
{
    const qc_plan *p = s->p;
    char body[200], set[64], svc[64], cid[64];
    S_call(s, n, "support", "DescribeServices", json_pack("{s:s}", "language", "en"),
           "the service-limit-increase service and its category (else Amazon Bedrock's)");
    snprintf(svc, sizeof svc, "<from call %d>", *n);
    S_call(s, n, "support", "DescribeSeverityLevels", json_pack("{s:s}", "language", "en"),
           "the case's severity when the plan offers it, else the highest below it");
    S_call(s, n, "support", "AddAttachmentsToSet", S_attachments(p), NULL);
    snprintf(set, sizeof set, "<attachmentSetId from call %d>", *n);
    S_body_note(body, p);
    S_call(s, n, "support", "CreateCase",
           json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "subject", p->subject ? p->subject : "",
                     "communicationBody", body, "serviceCode", svc, "categoryCode", svc,
                     "severityCode", p->severity ? p->severity : "normal", "language", "en",
                     "attachmentSetId", set),
           "files the case; the record is written before and after");
    snprintf(cid, sizeof cid, "<caseId from call %d>", *n);
    S_call(s, n, "support", "DescribeCases",
           json_pack("{s:[s], s:b, s:b}", "caseIdList", cid, "includeResolvedCases", 1,
                     "includeCommunications", 0),
           "the display id the console shows");
}

void qc_sub_dry_run(qc_sub *s)
{
    const qc_plan *p = s->p;
    qc_sub_say(s, "dry run: nothing is sent\n");
    qc_sub_say(s, "route: %s\n", p->route_why);
    qc_sub_say(s, "checked without AWS: %s verifies against its manifest, the leak gate passes "
               "on it and on the attachments, and the plan's checks hold\n", p->dir);
    qc_sub_say(s, "the calls, in order:\n");
    int n = 0;
    S_checks(s, &n);
    if (p->route == QC_ROUTE_CASE)
        S_case_calls(s, &n);
    else
        S_quotas_calls(s, &n);
    qc_sub_say(s, "without a Business, Enterprise On-Ramp or Enterprise support plan the Support "
               "calls are refused (SubscriptionRequiredException): the request is still filed "
               "and submit says what to attach by hand, and where\n");
    qc_sub_say(s, "the communication body (support_case.txt, %zu characters):\n", p->body_chars);
    const char *t = p->body.ptr ? p->body.ptr : "";
    while (*t) {
        const char *nl = strchr(t, '\n');
        size_t len = nl ? (size_t)(nl - t) : strlen(t);
        qc_sub_say(s, "  | %.*s\n", (int)len, t);
        t += len + (nl != NULL);
    }
}
