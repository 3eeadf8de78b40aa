/* submit.h - filing the increase and putting the evidence on its case.
 *
 * An adjustable quota: Service Quotas RequestServiceQuotaIncrease, then
 * GetRequestedServiceQuotaChange until the request has a case (bounded,
 * with backoff), DescribeCases to turn that display id into the Support
 * case id, AddAttachmentsToSet with the three attachments, and
 * AddCommunicationToCase with the console text.  A quota Service Quotas
 * cannot raise, or a case for several quotas: DescribeServices and
 * DescribeSeverityLevels for the codes, the attachment set, CreateCase.
 *
 * Before anything is sent: the directory verifies against its manifest,
 * the leak gate passes on it and on every attachment, the plan's checks
 * hold (plan.h), and then, from AWS, the credentials' account is the
 * evidence's, the value asked for is above the value in force, and no
 * request for the quota is open.  A dry run does every check that needs no
 * call and prints each call it would make, in order, and makes none.
 *
 * Each step is written to the submission record (record.h) before and
 * after its call, so a second submit refuses, and `--resume` finishes a
 * run that stopped: it never files a request, a case or a communication
 * twice (one that may have been sent when the run stopped is looked up
 * before it is sent again). */
#ifndef QC_SUBMIT_H
#define QC_SUBMIT_H

#include <stdint.h>

#include "collector/aws/client.h"
#include "common/err.h"
#include "common/progress.h"
#include "common/redact.h"
#include "submit/plan.h"
#include "common/stop.h"

enum qc_submit_outcome {
    QC_SUBMIT_DONE,     /* filed and the evidence is on the case (or approved at once) */
    QC_SUBMIT_DRY,      /* a dry run: nothing sent */
    QC_SUBMIT_WAITING,  /* filed; the case is not open yet: --resume later */
    QC_SUBMIT_MANUAL,   /* filed where possible; no support plan: attach by hand */
    QC_SUBMIT_CLOSED,   /* the request was refused or closed before a case opened */
    QC_SUBMIT_REFUSED,  /* a check failed: nothing sent */
    QC_SUBMIT_EXISTS,   /* submitted already: the record is shown */
};

typedef struct qc_submit_opts {
    const char *dir;
    qc_aws *aws; /* makes no call in a dry run (may be NULL then) */
    /* Makes the evidence archive (bundle) for the plan and re-reads its files;
     * called after the checks that need nothing, before any call. */
    int (*make_archive)(void *ud, qc_plan *p, qc_err *err);
    void *archive_ud;
    qc_redactor *redactor;
    int dry_run, resume, allow_open;
    int reopen; /* follow-up: post to a resolved case (it reopens) */
    double wait_s;     /* longest wait for the case (default 300 s) */
    long poll_base_ms; /* first pause between reads (default 2 s), doubled up to 30 s */
    qc_progress_fn say; /* what the user reads, one line at a time */
    void *say_ud;
    qc_progress_fn progress; /* how a wait goes (stderr); may be NULL */
    void *progress_ud;
    const qc_stop_flag *stop;
    int64_t (*now_ms)(void); /* NULL: the clock */
} qc_submit_opts;

int qc_submit_run(const qc_submit_opts *o, qc_plan *p, int *outcome, qc_err *err);

/* Newer evidence (a rendered directory, newdir's plan) added to the open
 * case of dir's submission as a communication with its attachments; the
 * body is message when given, else newdir's console text under a line
 * that says what it is.  Recorded in dir's record; the same evidence is
 * never sent twice. */
int qc_submit_follow_up(const qc_submit_opts *o, qc_plan *newp, const char *message,
                        int *outcome, qc_err *err);

#endif
