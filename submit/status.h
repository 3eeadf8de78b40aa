/* status.h - where a submission stands: the Service Quotas request and
 * its history, the value in force now, the support case and its latest
 * communications.
 *
 * Calls: GetRequestedServiceQuotaChange, ListRequestedServiceQuotaChangeHistoryByQuota,
 * GetServiceQuota (GetAWSDefaultServiceQuota without an applied value),
 * DescribeCases and DescribeCommunications.  Without a support plan the
 * case part says so and the rest is still read.  What is learnt (a case id
 * the request now has, the last status) goes into the submission record. */
#ifndef QC_STATUS_H
#define QC_STATUS_H

#include <jansson.h>

#include "collector/aws/client.h"
#include "common/err.h"
#include "common/redact.h"

enum qc_status_outcome {
    QC_STATUS_APPROVED, /* APPROVED, or the value in force reached the one asked for */
    QC_STATUS_OPEN,     /* PENDING, CASE_OPENED, or the case still open */
    QC_STATUS_DENIED,   /* DENIED, NOT_APPROVED, or closed without the increase */
    QC_STATUS_INVALID,  /* INVALID_REQUEST */
};

/* The outcome from a request status, the value now and the value asked for
 * (has_now 0 when unknown), and a case status (NULL when none). */
int qc_status_outcome(const char *request_status, int has_now, double now, double desired,
                      const char *case_status);
const char *qc_status_outcome_name(int outcome);

/* Reads it all for dir's submission; *out is the status document (new
 * reference): {dir, outcome, request{...}, history[...], quotas[{code,
 * desired, value_now}], case{...}, communications[...], notes[...]}. */
int qc_status_read(const char *dir, qc_aws *aws, qc_redactor *r, json_t **out, int *outcome,
                   qc_err *err);
/* The document as lines for a person. */
void qc_status_text(const json_t *st, void (*say)(void *ud, const char *line), void *ud);

#endif
