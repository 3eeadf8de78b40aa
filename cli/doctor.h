/* doctor.h - what stands between these credentials and a collection, each
 * check one line: the credentials and where they came from, the identity,
 * the region, the clock against AWS's, every permission collect needs
 * (and with submit, those of submit) tried with a call that changes
 * nothing, and whether CloudWatch holds AWS/Bedrock data for the models in
 * the window, at which period.  A failing line says what to fix. */
#ifndef QC_DOCTOR_H
#define QC_DOCTOR_H

#include <stddef.h>
#include <stdint.h>

#include "collector/aws/client.h"

typedef enum {
    QC_DOC_OK,
    QC_DOC_NOTE, /* said, not checked: the calls that would file something */
    QC_DOC_WARN, /* collect works, but the evidence may be thin or the run may trip */
    QC_DOC_FAIL, /* collect (or, with submit, submit) would fail */
} qc_doc_level;

typedef struct qc_doc_line {
    qc_doc_level level;
    const char *check;  /* "credentials", "cloudwatch:GetMetricData", "data <model>" */
    const char *detail;
    const char *fix;    /* NULL when there is nothing to do */
} qc_doc_line;

typedef void (*qc_doc_fn)(void *ud, const qc_doc_line *l);

typedef struct qc_doc_opts {
    const char *const *models; /* none: every model ListMetrics finds */
    size_t nmodels;
    const char *const *log_groups;
    size_t nlog_groups;
    int64_t start_ms, end_ms, now_ms; /* the window collect would use */
    int period_s;                     /* asked for; CloudWatch may keep only coarser */
    int submit;                       /* also what submit, status and follow-up call */
    const char *region_origin;        /* where the region came from, for its line */
    qc_aws *base; /* with --assume-role: a client for the credentials the role is assumed
                   * with (a cached role answers without them), or NULL */
    qc_doc_fn emit;
    void *ud;
} qc_doc_opts;

/* Runs the checks in order, one emit per line; stops after the identity
 * when there is none to ask with.  Returns the number of FAIL lines. */
size_t qc_doctor_run(qc_aws *aws, const qc_doc_opts *o);

#endif
