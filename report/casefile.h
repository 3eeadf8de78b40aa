/* casefile.h - the case file: what only the user knows about the case.
 *
 * A JSON object (see examples/case.json, the demo's worked example, and
 * examples/case.init.json, the placeholders `quotacase init` writes):
 * subject, severity, service, account and region, contact, the business
 * justification, the architecture, the request pattern behind the requested
 * value, the quota to raise, deadline, questions and workaround.  Unknown
 * keys and wrong types are errors naming file:line:column; absent fields are
 * allowed and show up as gaps in the rendered case. */
#ifndef QC_CASEFILE_H
#define QC_CASEFILE_H

#include <jansson.h>

#include "common/err.h"

/* Reads and checks a case file; the result is a new reference. */
json_t *qc_case_load(const char *path, qc_err *err);
/* Checks an already-read case file (text kept for error positions). */
int qc_case_check(const char *name, const char *text, size_t len, const json_t *doc,
                  qc_err *err);
/* The case file with every known field present (null where absent, empty
 * lists where absent) so templates can name any field (new reference). */
json_t *qc_case_normalize(const json_t *doc);
/* The case file `quotacase init` writes (examples/case.init.json): the
 * example's shape with placeholders in place of the case's own text. */
const char *qc_case_example(size_t *len);

#endif
