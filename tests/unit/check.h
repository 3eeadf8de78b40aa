/* check.h - the few assertions the C unit tests need. */
#ifndef QC_CHECK_H
#define QC_CHECK_H

#include <stdio.h>
#include <string.h>

extern int qc_check_failed, qc_check_passed;

#define CHECK(cond)                                                               \
    do {                                                                          \
        if (cond) {                                                               \
            qc_check_passed++;                                                    \
        } else {                                                                  \
            qc_check_failed++;                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                         \
    } while (0)

#define CHECK_STR(got, want)                                                       \
    do {                                                                           \
        const char *g_ = (got), *w_ = (want);                                      \
        if (g_ && w_ && !strcmp(g_, w_)) {                                         \
            qc_check_passed++;                                                     \
        } else {                                                                   \
            qc_check_failed++;                                                     \
            fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                       \
        }                                                                          \
    } while (0)

#endif
