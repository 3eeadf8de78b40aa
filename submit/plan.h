/* plan.h - what `submit` would file and send, read from a rendered
 * evidence directory, and the checks that need no AWS call.
 *
 * Everything comes from files of the directory or beside it: the quota,
 * the value and the case text from model.json (the render's analysis), the
 * communication body from support_case.txt (the console text, cut to AWS
 * Support's 8,000 characters), and the three attachments Support takes:
 * support_case.html, evidence.xlsx and the evidence archive (DIR.tar.gz, or
 * DIR.attach.tar.gz when the full bundle passes 5 MB). */
#ifndef QC_PLAN_H
#define QC_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/sha256.h"

#define QC_PLAN_BODY_CHARS 8000
#define QC_PLAN_FILE_BYTES ((uint64_t)5 * 1000 * 1000)

enum qc_route { QC_ROUTE_QUOTAS, QC_ROUTE_CASE };

typedef struct qc_plan_quota {
    char *code, *name;
    int has_desired;
    double desired;
    int has_in_force;
    double in_force;
    int adjustable; /* -1 unknown */
    /* An increase request the evidence shows still open, else NULL. */
    char *open_id, *open_status, *open_case;
} qc_plan_quota;

typedef struct qc_plan_file {
    char *path, *name;
    int exists;
    uint64_t bytes;
    char sha256[QC_SHA256_HEX_LEN + 1];
} qc_plan_file;

typedef struct qc_plan {
    char *dir, *case_id, *account, *region, *case_account, *case_region;
    const char *service_code; /* "bedrock" */
    char *subject, *severity;
    qc_buf body; /* the communication: support_case.txt */
    size_t body_chars;
    int route;
    const char *route_why;
    qc_plan_quota *q; /* q[0] is the case's quota; then its additional ones */
    size_t nq;
    qc_plan_file files[3];
    size_t nfiles;
    int archive_later; /* the evidence archive is made later, before sending */
    int to_open;       /* the evidence goes on the open request's case (--to-open-request) */
    qc_buf open_items; /* checklist items not met, one "item: detail" line each */
    size_t nopen;
} qc_plan;

/* Reads dir/model.json and dir/support_case.txt and looks at the
 * attachments (sizes and checksums).  Errors name the file and member. */
int qc_plan_load(const char *dir, qc_plan *p, qc_err *err);
void qc_plan_free(qc_plan *p);
/* The evidence archive for dir: DIR.attach.tar.gz when it exists (bundle
 * writes it only for a full bundle over 5 MB), else DIR.tar.gz.  free() it. */
char *qc_plan_archive_path(const char *dir);
/* (Re)reads the attachments' sizes and checksums (after a bundle). */
int qc_plan_files(qc_plan *p, qc_err *err);
/* The checks that need no AWS call, each a line in out when it fails;
 * returns how many failed.  allow_open lets checklist items stay open. */
size_t qc_plan_refusals(const qc_plan *p, int allow_open, qc_buf *out);

#endif
