/* fuzz_logscan.c - libFuzzer target for the log scanner, record assembly,
 * field extraction and redaction: any bytes must neither crash nor leak.
 * Redacted text must hold nothing the detectors would still take, and a
 * second pass must change nothing. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/logscan.h"
#include "common/redact.h"
#include "common/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qc_logfields_opts o = {NULL, size % 2 ? "us.anthropic.claude-sonnet-4-5-20250929-v1:0" : NULL, 0};
    qc_redactor *r = qc_redactor_new();
    qc_logscan *s = qc_logscan_new(&o, r);
    qc_logscan_mem(s, (const char *)data, size, "fuzz.log", 1);
    qc_err err;
    qc_err_clear(&err);
    qc_evstore_iter *it = qc_evstore_iter_new(qc_logscan_events(s), &err);
    while (it && qc_evstore_iter_next(it))
        ;
    qc_evstore_iter_free(it);
    qc_logscan_free(s);
    qc_buf b, again;
    qc_buf_init(&b, 0);
    qc_buf_init(&again, 0);
    qc_redact_buf(r, (const char *)data, size, &b, NULL);
    qc_span sp;
    if (qc_detect_next(b.ptr ? b.ptr : "", b.len, 0, &sp))
        abort(); /* something secret-shaped survived */
    qc_redact_buf(r, b.ptr ? b.ptr : "", b.len, &again, NULL);
    if (again.len != b.len || (b.len && memcmp(again.ptr, b.ptr, b.len)))
        abort();
    qc_buf_free(&b);
    qc_buf_free(&again);
    qc_redactor_free(r);
    return 0;
}
