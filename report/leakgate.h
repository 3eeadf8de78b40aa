/* leakgate.h - the last check before evidence leaves: nothing secret-shaped.
 *
 * Evidence goes to AWS Support.  The redactor cleans what collect and render
 * write; the gate checks the result on its own, with the same detectors
 * (common/detect.h) plus one the redactor never applies: random-looking
 * tokens (qc_detect_entropy).  It reads every file of an evidence directory
 * and every entry of the archives it meets (the .xlsx workbook is a zip, a
 * bundle a tar.gz, recognised by their bytes, not their names), and reports
 * each finding as "NAME:LINE: KIND" - never the value, so the report can be
 * pasted anywhere.  Archive entries are named "ARCHIVE!ENTRY":
 * "evidence.xlsx!xl/worksheets/sheet1.xml:2: email".  A file or entry whose
 * own name is secret-shaped is shown with "[KIND]" in place of that part,
 * and reported as "NAME: name: KIND".  A kind counts once per line.
 *
 * The redactor's placeholders ("[email-3]") are never findings; neither are
 * a few shapes the shared detectors take for secrets in evidence files (a
 * JSON number under a secret's key, a path through a random directory name).
 *
 * Memory stays bounded whatever the input: files and entries are read in
 * chunks, and at most QC_LEAK_SHOWN findings are listed (the rest counted). */
#ifndef QC_LEAKGATE_H
#define QC_LEAKGATE_H

#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"

#define QC_LEAK_SHOWN 50

typedef struct qc_leak_report {
    size_t files;       /* files and archive entries read */
    size_t findings;    /* (line, kind) pairs and secret-shaped names */
    size_t leaky_files; /* files and entries with at least one finding */
    size_t shown;       /* findings listed in `lines` */
    qc_buf lines;       /* "NAME:LINE: KIND\n", the first QC_LEAK_SHOWN findings */
} qc_leak_report;

void qc_leak_report_init(qc_leak_report *r);
void qc_leak_report_free(qc_leak_report *r);

/* Every file below dir (names relative to it), archives entry by entry.
 * Returns 0 when nothing was found; -1 with QC_ELEAK when something was (a
 * message naming dir, the counts and the first finding; the listed findings
 * in r->lines), or QC_EINPUT when a file or archive cannot be read or holds
 * archives nested more than 3 deep: what the gate cannot read fails it. */
int qc_leakgate_dir(const char *dir, qc_leak_report *r, qc_err *err);

/* The same for one file, usually an archive (entries shown as
 * "shown_name!ENTRY"); any other file is scanned as text under shown_name. */
int qc_leakgate_archive(const char *path, const char *shown_name, qc_leak_report *r,
                        qc_err *err);

/* The same for text in memory, shown as name (a message about to be sent). */
int qc_leakgate_text(const char *name, const char *p, size_t n, qc_leak_report *r, qc_err *err);

#endif
