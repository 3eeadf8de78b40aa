/* templates.h - finding templates: a directory given with --templates
 * overrides the shipped set file by file; the shipped set is built into the
 * binary.  Partial "x" is "partials/x.mustache" in the same places. */
#ifndef QC_TEMPLATES_H
#define QC_TEMPLATES_H

#include "common/buf.h"
#include "common/err.h"
#include "report/mustache.h"

typedef struct qc_templates {
    const char *dir;  /* override directory, or NULL */
    const char *lang; /* "pt-BR": look in <lang>/ first; NULL for English */
} qc_templates;

/* Reads template `name` ("support_case.md.mustache"); *origin says where it
 * came from (a path, or "shipped:<name>"); free() it.  -1 with err when no
 * such template exists or it cannot be read. */
int qc_templates_read(const qc_templates *t, const char *name, qc_buf *out, char **origin,
                      qc_err *err);
/* A partial loader for qc_tmpl_opts over the same places. */
int qc_templates_partial(void *ud, const char *name, qc_buf *out, qc_err *err);

#endif
