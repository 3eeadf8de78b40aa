/* bundle.h - the evidence directory as one reproducible archive.
 *
 * <case>.tar.gz holds every file of the directory under "<case>/", in sorted
 * order, owned by 0:0, with mode 0600 (0700 for directories) and the manifest's creation time as
 * mtime, and a gzip header without a timestamp: bundling the same directory
 * twice gives the same bytes.  <case>.tar.gz.sha256 is in sha256sum format. */
#ifndef QC_BUNDLE_H
#define QC_BUNDLE_H

#include "common/buf.h"
#include "common/err.h"
#include "common/fs.h"
#include "report/verify.h"

/* Writes out_path and out_path + ".sha256" (each atomically), after the
 * leak gate (leakgate.h) has passed the directory: on a finding nothing is
 * written and the error is QC_ELEAK, naming the first finding. */
int qc_bundle_write(const char *dir, const char *out_path, qc_err *err);
/* The same for the named files of dir only (names relative to it), with
 * one more member, extra_name, made from extra when extra_name is not NULL;
 * no leak gate (the caller has run it on the directory). */
int qc_bundle_pack(const char *dir, const char *out_path, const qc_pathlist *files,
                   const char *extra_name, const qc_buf *extra, qc_err *err);
/* Checks the archive against its .sha256 file, then every file inside
 * against the manifest inside.  Problems go to r->lines like qc_verify_dir. */
int qc_bundle_verify(const char *bundle_path, qc_verify_report *r, qc_err *err);

#endif
