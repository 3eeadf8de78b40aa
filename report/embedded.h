/* embedded.h - files built into the binary: the shipped templates and the
 * example case file, so quotacase works from any directory.  The table is
 * generated at build time by cmake/embed.cmake. */
#ifndef QC_EMBEDDED_H
#define QC_EMBEDDED_H

#include <stddef.h>

typedef struct qc_embedded_file {
    const char *name; /* path in the source tree: "templates/support_case.md.mustache" */
    const char *data; /* NUL-terminated */
    size_t len;
} qc_embedded_file;

extern const qc_embedded_file qc_embedded_files[];

/* The embedded file with this name, or NULL. */
const qc_embedded_file *qc_embedded_get(const char *name);

#endif
