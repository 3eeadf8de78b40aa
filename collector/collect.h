/* collect.h - one collection run: sources in, evidence directory out.
 *
 * Inputs named on the command line that are missing or malformed stop the
 * run before anything is written.  A source that fails part-way (a truncated
 * gzip log) keeps what was read, is marked partial in the manifest, and the
 * run reports it so the command can exit with its own code. */
#ifndef QC_COLLECT_H
#define QC_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/progress.h"
#include "common/redact.h"
#include "common/tzone.h"
#include "common/stop.h"

typedef struct qc_collect_opts {
    const char *const *logs;
    size_t nlogs;
    const char *const *imports;
    size_t nimports;
    const char *const *models;
    size_t nmodels;
    const qc_tz *log_zone; /* for log stamps without a zone; NULL: UTC (borrowed) */
    int64_t start_ms, end_ms; /* QC_TIME_NONE: the window comes from the data */
    const char *window_origin;
    int64_t now_ms;
    const char *case_id;
    const char *region;  /* may be NULL */
    const char *account; /* may be NULL */
    const char *out_dir;
    int force;
    const char *const *argv; /* the command line, for the manifest */
    /* Inputs under names_real (and command-line words naming them) are
     * recorded as under names_shown: `demo` reads an installed copy of
     * examples/ and names it examples/, so its evidence is the same
     * wherever it runs.  NULL: every input is named as given. */
    const char *names_real, *names_shown;
    int argc;
    qc_progress_fn progress;
    void *progress_ud;
    /* Live sources (NULL aws: offline only). */
    struct qc_aws *aws;
    int live_metrics; /* CloudWatch and Service Quotas for models */
    const char *const *log_groups;
    size_t nlog_groups;
    int period_s;
    int parallel; /* live sources collected at once (0: the default, 4) */
    qc_stop_flag *interrupted;
    qc_redactor *redactor; /* every byte written passes it (borrowed) */
    const char *map_path;  /* where its placeholders are kept; NULL: not kept */
} qc_collect_opts;

typedef struct qc_collect_result {
    size_t events;
    size_t files;     /* evidence files written, manifest included */
    int partial;      /* some source failed part-way */
    int interrupted;  /* stopped by a signal; what was complete is written */
    qc_buf warnings;  /* one line per partial source */
} qc_collect_result;

void qc_collect_result_init(qc_collect_result *r);
void qc_collect_result_free(qc_collect_result *r);
int qc_collect_run(const qc_collect_opts *o, qc_collect_result *r, qc_err *err);

#endif
