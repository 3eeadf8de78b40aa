/* leakscan.h - the leak gate's scanner of one text, fed in pieces.
 *
 * Internal to the leak gate (report/leakgate): the detectors of
 * common/detect run over a window of the text, with the rules for what they
 * find that is no secret (a JSON number where a key promised a value, a path,
 * an old placeholder), and each finding is listed in the report as
 * "name:line: kind", never the value. */
#ifndef QC_LEAKSCAN_H
#define QC_LEAKSCAN_H

#include <stddef.h>

#include "common/buf.h"
#include "common/detect.h"
#include "report/leakgate.h"

typedef struct qc_lscan {
    const char *name;
    qc_leak_report *r;
    qc_buf win;
    size_t from;         /* win[from..] is not scanned yet */
    size_t line;         /* the line number of win[from] */
    size_t found;        /* findings in this file */
    size_t last_line;    /* the line last reported, and */
    unsigned last_kinds; /* the kinds reported on it */
    int fed;             /* some text was fed */
} qc_lscan;

void qc_lscan_init(qc_lscan *sc, const char *name, qc_leak_report *r);
/* Any length: a longer piece is scanned in parts. */
void qc_lscan_feed(qc_lscan *sc, const char *p, size_t n);
/* Scans what is left and frees the window. */
void qc_lscan_end(qc_lscan *sc);

/* Lists a finding (line 0: in the file's name) in the report. */
void qc_lscan_list(qc_leak_report *r, const char *name, size_t line, int kind);
/* The first span of either detector in s[from..n) that is no false alarm. */
int qc_lscan_first(const char *s, size_t n, size_t from, qc_span *sp);

#endif
