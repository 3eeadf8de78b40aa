/* followup.c - newer evidence onto the open case; see submit.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/sha256.h"
#include "report/leakgate.h"
#include "report/verify.h"
#include "submit/record.h"
#include "submit/submit_int.h"

/* The body: the message, or a line saying what this is over newdir's
 * console text, cut at a line to Support's 8,000 characters. */
static void S_body(const qc_plan *np, const char *message, qc_buf *out, size_t *chars)
{
    if (message)
        qc_buf_adds(out, message);
    else
        qc_buf_printf(out, "Newer evidence for this request (%s): the updated case text follows; "
                      "the page, the workbook and the evidence archive are attached.\n\n%s",
                      qc_fs_basename(np->dir), np->body.ptr ? np->body.ptr : "");
    size_t c = 0, last = 0;
    for (size_t i = 0; i < out->len; i++) {
        c += ((unsigned char)out->ptr[i] & 0xc0) != 0x80;
        if (c > QC_PLAN_BODY_CHARS)
            break;
        if (out->ptr[i] == '\n' || i + 1 == out->len)
            last = i + 1;
    }
    qc_buf_truncate(out, last);
    *chars = 0;
    for (size_t i = 0; i < out->len; i++)
        *chars += ((unsigned char)out->ptr[i] & 0xc0) != 0x80;
}

/* newdir must be whole and clean before any of it leaves; its archive is
 * made once it is. */
static int S_check(const qc_submit_opts *o, qc_plan *np, qc_err *err)
{
    qc_verify_report vr;
    qc_verify_report_init(&vr);
    int rc = qc_verify_dir(np->dir, 0, &vr, err);
    qc_verify_report_free(&vr);
    qc_leak_report lr;
    qc_leak_report_init(&lr);
    if (rc == 0)
        rc = qc_leakgate_dir(np->dir, &lr, err);
    if (rc == 0 && !o->dry_run && o->make_archive)
        rc = o->make_archive(o->archive_ud, np, err);
    if (rc == 0 && np->files[2].exists)
        rc = qc_leakgate_archive(np->files[2].path, np->files[2].name, &lr, err);
    qc_leak_report_free(&lr);
    for (size_t i = 0; rc == 0 && i < np->nfiles; i++)
        if ((!np->files[i].exists && !(i == 2 && np->archive_later)) ||
            np->files[i].bytes > QC_PLAN_FILE_BYTES)
            rc = qc_err_set(err, QC_EINPUT, "%s: %s", np->files[i].path,
                            np->files[i].exists ? "over AWS Support's 5 MB an attachment"
                                                : "missing (render and bundle the new evidence)");
    return rc;
}

static json_t *S_entry(json_t *rec, const char *manifest_sha, int *sent)
{
    json_t *fu = json_object_get(rec, "follow_ups"), *e;
    if (!json_is_array(fu)) {
        fu = json_array();
        json_object_set_new(rec, "follow_ups", fu);
    }
    size_t i;
    json_array_foreach(fu, i, e)
    {
        const char *m = qc_json_get_str(e, "manifest_sha256");
        if (m && !strcmp(m, manifest_sha)) {
            *sent = json_is_true(json_object_get(json_object_get(e, "communication"), "sent"));
            return e;
        }
    }
    *sent = 0;
    e = json_object();
    json_object_set_new(e, "manifest_sha256", json_string(manifest_sha));
    json_array_append_new(fu, e);
    return e;
}

static size_t S_chars(const char *t)
{
    size_t c = 0;
    for (; t && *t; t++)
        c += ((unsigned char)*t & 0xc0) != 0x80;
    return c;
}

/* Was this evidence's page sent already, with the submission or a follow-up? */
static const char *S_sent_before(const json_t *rec, const qc_plan *np)
{
    const json_t *sets[64];
    size_t n = 0, i, k;
    json_t *e, *f;
    sets[n++] = json_object_get(json_object_get(rec, "case"), "attachment_set");
    json_array_foreach(json_object_get(rec, "follow_ups"), i, e)
        if (n < 64)
            sets[n++] = json_object_get(e, "attachment_set");
    for (i = 0; i < n; i++)
        json_array_foreach(json_object_get(sets[i], "files"), k, f)
        {
            const char *sha = qc_json_get_str(f, "sha256");
            if (sha && json_is_true(json_object_get(sets[i], "used")) &&
                !strcmp(sha, np->files[0].sha256))
                return i == 0 ? "with the submission" : "in a follow-up";
        }
    return NULL;
}

/* A resolved case is reopened by a communication: only when asked. */
static int S_case_open(qc_sub *s, const char *case_id, qc_err *err)
{
    json_t *ans = NULL;
    if (qc_ops_call(&s->ops, QC_API_SUPPORT, "DescribeCases",
                    json_pack("{s:[s], s:b, s:b}", "caseIdList", case_id, "includeResolvedCases", 1,
                              "includeCommunications", 0),
                    &ans, err) < 0)
        return -1;
    const char *st = qc_json_get_str(json_array_get(json_object_get(ans, "cases"), 0), "status");
    int resolved = st && !strcmp(st, "resolved");
    json_decref(ans);
    if (resolved && !s->o->reopen)
        return qc_err_set(err, QC_ECHECK, "case %s is resolved: a communication would reopen it "
                          "(`--reopen` sends it anyway; `quotacase status %s` shows the outcome)",
                          case_id, s->o->dir);
    return 0;
}

/* Sends newer evidence as recorded in the entry for its manifest. */
static int S_send(qc_sub *s, const char *case_id, const char *msha, const qc_buf *body,
                  size_t chars, int *outcome, qc_err *err)
{
    int sent;
    json_t *e = S_entry(s->rec, msha, &sent);
    const char *before = sent ? "in a follow-up" : S_sent_before(s->rec, s->p);
    if (before) {
        *outcome = QC_SUBMIT_EXISTS;
        qc_sub_say(s, "%s went to case %s %s already\n", s->p->dir, case_id, before);
        return qc_err_set(err, QC_EEXIST, "%s was sent to case %s %s already: nothing is sent "
                          "twice", s->p->dir, case_id, before);
    }
    json_object_set_new(e, "evidence", qc_json_str_or_null(qc_fs_basename(s->p->dir)));
    int rc = qc_sub_pending_op(e) ? 0 : S_case_open(s, case_id, err);
    if (rc == 0)
        rc = qc_sub_attachments(s, e, err);
    if (rc == 0)
        rc = qc_sub_communicate(s, e, case_id, body->ptr, chars, err);
    if (rc == 0) {
        *outcome = QC_SUBMIT_DONE;
        return qc_sub_save(s, NULL, err);
    }
    if (qc_ops_failed_with(&s->ops, "SubscriptionRequiredException")) {
        qc_err_clear(err);
        return qc_sub_manual(s, qc_json_get_str(json_object_get(s->rec, "case"), "display_id"), e,
                             NULL, body->ptr, outcome, err);
    }
    return -1;
}

static int S_follow(qc_sub *s, const char *message, int *outcome, qc_err *err)
{
    const qc_submit_opts *o = s->o;
    if (qc_record_load(o->dir, &s->rec, err) < 0)
        return -1;
    qc_plan *np = s->p;
    const json_t *cs = json_object_get(s->rec, "case");
    const char *case_id = qc_json_get_str(cs, "case_id");
    const char *state = qc_json_get_str(s->rec, "state");
    if (s->rec && state && !strcmp(state, "no-support-plan") && !o->dry_run) {
        /* The evidence went on the case by hand: so does the newer one. */
        if (S_check(o, s->p, err) < 0)
            return -1;
        const char *disp = qc_json_get_str(cs, "display_id");
        if (!disp)
            disp = qc_json_get_str(json_object_get(s->rec, "request"), "case_display_id");
        json_t *fu = json_object_get(s->rec, "follow_ups");
        if (!json_is_array(fu)) {
            fu = json_array();
            json_object_set_new(s->rec, "follow_ups", fu);
        }
        json_t *e = json_pack("{s:o}", "evidence", qc_json_str_or_null(qc_fs_basename(np->dir)));
        json_array_append_new(fu, e);
        return qc_sub_manual(s, disp, e, NULL, NULL, outcome, err);
    }
    if (!s->rec || !case_id ||
        !json_is_true(json_object_get(json_object_get(cs, "communication"), "sent")))
        return qc_err_set(err, QC_EINPUT, "%s: no support case on record with the evidence on it "
                          "to follow up (submit first, or `submit --resume %s` until it is done)",
                          o->dir, o->dir);
    const char *acct = qc_json_get_str(s->rec, "account");
    if (message && S_chars(message) > QC_PLAN_BODY_CHARS)
        return qc_err_set(err, QC_EINPUT, "the follow-up message has %zu characters; AWS Support "
                          "takes at most %d", S_chars(message), QC_PLAN_BODY_CHARS);
    if (S_check(o, s->p, err) < 0)
        return -1;
    if (acct && np->account && strcmp(acct, np->account))
        return qc_err_set(err, QC_ECHECK, "%s is evidence for account %s, the case for %s",
                          np->dir, np->account, acct);
    char *mpath = qc_fs_join(np->dir, "manifest.json");
    char msha[QC_SHA256_HEX_LEN + 1];
    uint64_t mbytes;
    int rc = qc_sha256_file(mpath, msha, &mbytes, err);
    free(mpath);
    qc_buf body;
    qc_buf_init(&body, (size_t)1 << 20);
    size_t chars = 0;
    S_body(np, message, &body, &chars);
    if (rc == 0 && !chars)
        rc = qc_err_set(err, QC_EINPUT, "the follow-up message is empty");
    s->ops.region = qc_json_get_str(s->rec, "region");
    if (rc == 0 && o->dry_run) {
        qc_sub_say(s, "dry run: nothing is sent\n  1. support AddAttachmentsToSet with %s, %s "
                   "and %s\n  2. support AddCommunicationToCase to %s: %zu characters\n",
                   np->files[0].path, np->files[1].path, np->files[2].path, case_id, chars);
        *outcome = QC_SUBMIT_DRY;
    } else if (rc == 0) {
        rc = S_send(s, case_id, msha, &body, chars, outcome, err);
    }
    qc_buf_free(&body);
    return rc;
}

int qc_submit_follow_up(const qc_submit_opts *o, qc_plan *np, const char *message, int *outcome,
                        qc_err *err)
{
    qc_sub s = {o, np, {0}, NULL, NULL, NULL};
    *outcome = QC_SUBMIT_REFUSED;
    qc_ops_init(&s.ops, o->aws, NULL);
    s.ops.now_ms = o->now_ms;
    int lock = -1;
    int rc = o->dry_run ? 0 : qc_record_lock(o->dir, &lock, err);
    if (rc == 0)
        rc = S_follow(&s, message, outcome, err);
    qc_record_unlock(o->dir, lock);
    json_decref(s.rec);
    qc_ops_free(&s.ops);
    return rc;
}
