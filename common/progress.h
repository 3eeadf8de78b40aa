/* progress.h - one line of progress to a caller-supplied sink.  The library
 * never prints; the command line decides where progress goes (stderr, or
 * nowhere with --quiet). */
#ifndef QC_PROGRESS_H
#define QC_PROGRESS_H

typedef void (*qc_progress_fn)(void *ud, const char *line);

/* Formats one line (cut at 1023 bytes) and hands it to fn; nothing when fn
 * is NULL. */
void qc_progress_say(qc_progress_fn fn, void *ud, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
