/* verify.h - recomputes an evidence directory's checksums against its manifest. */
#ifndef QC_VERIFY_H
#define QC_VERIFY_H

#include <stddef.h>

#include <jansson.h>

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

/* The member of an attachment archive (report/attach), and of the directory
 * it unpacks to, that names the files left to the full bundle with their
 * checksums. */
#define QC_VERIFY_HELD "held_back.json"
/* The files an attachment always carries: a held_back.json naming one is
 * not believed (it would hide the case's own figures). */
int qc_verify_always_carried(const char *name);
/* A listed file that is absent: 1 when held (a held_back.json document, or
 * NULL) names it with the manifest's checksum want and it is not one an
 * attachment always carries; it is then counted in r->held and named in
 * r->lines ("held back: NAME"). */
int qc_verify_held(const json_t *held, const char *name, const char *want, qc_verify_report *r);

#endif
