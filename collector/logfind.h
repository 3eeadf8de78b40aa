/* logfind.h - the log scanner's prefilter: the next position in a buffer
 * where a Bedrock throttling record's marker string starts
 * ("ThrottlingException", "Too many ", "ServiceUnavailableException",
 * "ServiceQuotaExceededException"), counting the newlines passed on the
 * way, so the scanner reads each byte once for both.  Positions with
 * neither are skipped 16 or 32 at a time (SSE2, AVX2 when the CPU has it). */
#ifndef QC_LOGFIND_H
#define QC_LOGFIND_H

#include <stddef.h>
#include <stdint.h>

/* The first marker at or after from (limit when none starts before it);
 * *nl grows by the newlines in [from, result). */
size_t qc_logfind_next(const char *d, size_t from, size_t limit, uint64_t *nl);
/* Newlines in [p, p + n). */
uint64_t qc_logfind_count_nl(const char *p, size_t n);

#endif
