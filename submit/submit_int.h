/* submit_int.h - what the parts of submit share (not a public surface). */
#ifndef QC_SUBMIT_INT_H
#define QC_SUBMIT_INT_H

#include <jansson.h>

#include "submit/ops.h"
#include "submit/plan.h"
#include "submit/submit.h"

typedef struct qc_sub {
    const qc_submit_opts *o;
    qc_plan *p;
    qc_ops ops;
    json_t *rec; /* the submission record, owned */
    json_t *carried_calls; /* a failed run's calls, kept when starting over */
    json_t *adopt;         /* the open request the evidence goes to (--to-open-request) */
} qc_sub;

int64_t qc_sub_now(const qc_sub *s);
void qc_sub_say(const qc_sub *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The calls made so far go into the record, with the state; then it is saved. */
int qc_sub_save(qc_sub *s, const char *state, qc_err *err);
/* Marks a call that files something as under way in at (the record for
 * the request, the case or a follow-up for theirs), or done (op NULL):
 * at.pending {operation, at}, saved. */
int qc_sub_pending(qc_sub *s, json_t *at, const char *op, qc_err *err);
/* The call under way in at, or NULL. */
const char *qc_sub_pending_op(const json_t *at);
/* A stop asked for (Ctrl-C)? */
int qc_sub_stopped(const qc_sub *s, qc_err *err);
/* Pauses ms, or less when a stop is asked for. */
void qc_sub_pause(const qc_sub *s, long ms);

/* The attachment set for the plan's files: the record's when still alive,
 * else a new one (recorded). */
int qc_sub_attachments(qc_sub *s, json_t *at, qc_err *err);
/* AddCommunicationToCase with the body and the set, once (recorded in at,
 * which holds "attachment_set" and gets "communication"). */
int qc_sub_communicate(qc_sub *s, json_t *at, const char *case_id, const char *body,
                       size_t body_chars, qc_err *err);
/* Support's API answered that no support plan covers it: the manual
 * steps, printed and recorded in at ("manual"); the record takes state
 * unless NULL.  body: the text to paste when it is not support_case.txt. */
int qc_sub_manual(qc_sub *s, const char *display_id, json_t *at, const char *state,
                  const char *body, int *outcome, qc_err *err);

/* The Support case route (CreateCase). */
int qc_sub_case_route(qc_sub *s, int *outcome, qc_err *err);

/* Request bodies, shared by the calls and the dry run (new references). */
json_t *qc_sub_body_increase(const qc_plan *p, const qc_plan_quota *q);

/* The dry run's listing. */
void qc_sub_dry_run(qc_sub *s);

#endif
