#include "progress.h"

#include <stdarg.h>
#include <stdio.h>

void qc_progress_say(qc_progress_fn fn, void *ud, const char *fmt, ...)
{
    if (!fn)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fn(ud, line);
}
