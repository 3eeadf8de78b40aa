/* verify.h - recomputes an evidence directory's checksums against its manifest. */
#ifndef QC_VERIFY_H
#define QC_VERIFY_H

#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"

typedef struct qc_verify_report {
    size_t ok, changed, missing, extra;
    size_t held; /* an attachment archive's files held back (held_back.json) */
    qc_buf lines; /* one line per problem: "changed: NAME ..." */
} qc_verify_report;

void qc_verify_report_init(qc_verify_report *r);
void qc_verify_report_free(qc_verify_report *r);

/* Checks every file the manifest lists (size and sha256) and names files
 * present but not listed.  Returns 0 when all match; -1 with QC_EVERIFY when
 * any differs (details in r->lines), or another code when the manifest
 * itself cannot be read.  With allow_extra, unlisted files are not counted. */
int qc_verify_dir(const char *dir, int allow_extra, qc_verify_report *r, qc_err *err);

#endif
