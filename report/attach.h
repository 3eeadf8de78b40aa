/* attach.h - the evidence as one attachment within AWS Support's limits.
 *
 * Support takes three attachments a set, each at most 5 MB: the case as
 * HTML, the workbook, and the evidence.  Twenty models over two weeks make
 * a full bundle of tens of megabytes, nearly all of it the per-minute
 * series.  The attachment archive holds the manifest (every file's
 * checksum), model.json (every figure the case prints, with the hours and
 * the throttled windows), the quotas and the rendered text and charts, and
 * as many of the collected files as fit, smallest first; held_back.json
 * names each file left out with its checksum and the full bundle's, so an
 * engineer can verify what came and ask for the rest. */
#ifndef QC_ATTACH_H
#define QC_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

/* AWS Support's limit for one attachment. */
#define QC_ATTACH_MAX_BYTES ((uint64_t)5 * 1000 * 1000)

typedef struct qc_attach_result {
    size_t files, held; /* members, files held back */
    uint64_t bytes;     /* the archive's size */
    uint64_t full_bytes; /* the full bundle's (qc_attach_update) */
} qc_attach_result;

/* Writes out_path (and its .sha256) from dir, whose full bundle is
 * full_path, at most max bytes; an error when even the manifest, the model
 * and the rendered files pass it. */
int qc_attach_write(const char *dir, const char *full_path, const char *out_path, uint64_t max,
                    qc_attach_result *res, qc_err *err);

/* After a bundle: when full_path passes 5 MB, writes DIR.attach.tar.gz
 * beside it (*attach_path, free() it); when it fits, the full bundle is
 * the attachment and an older attachment archive, which describes another
 * bundle, is removed (*attach_path NULL). */
int qc_attach_update(const char *dir, const char *full_path, char **attach_path,
                     qc_attach_result *res, qc_err *err);

#endif
