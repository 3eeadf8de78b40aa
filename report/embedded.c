/* embedded.c - lookup in the generated table of built-in files. */
#include "embedded.h"

#include <string.h>

const qc_embedded_file *qc_embedded_get(const char *name)
{
    for (const qc_embedded_file *f = qc_embedded_files; f->name; f++)
        if (!strcmp(f->name, name))
            return f;
    return NULL;
}
