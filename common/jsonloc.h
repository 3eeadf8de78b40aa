/* jsonloc.h - where a member sits in JSON text, as line and column.
 *
 * jansson parses without keeping positions; this walks the (already valid)
 * text again to find one path, so schema errors can name file:line:column
 * like syntax errors do.  Paths look like "request_pattern.components[2].role". */
#ifndef QC_JSONLOC_H
#define QC_JSONLOC_H

#include <stddef.h>

/* Finds the member at `path`: its key's position (for object members) and
 * its value's position.  Returns 0, or -1 when the path is not in the text
 * (positions are then 1:1). */
int qc_jsonloc_find(const char *text, size_t len, const char *path, int *key_line, int *key_col,
                    int *val_line, int *val_col);

#endif
