/* fuzz_logscan.c - libFuzzer target for the log scanner, record assembly,
 * field extraction and redaction: any bytes must neither crash nor leak. */
#include <stddef.h>
#include <stdint.h>

#include "collector/logscan.h"
#include "collector/redact.h"
#include "common/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qc_logfields_opts o = {0, size % 2 ? "us.anthropic.claude-sonnet-4-5-20250929-v1:0" : NULL, 0};
    qc_logscan *s = qc_logscan_new(&o);
    qc_logscan_mem(s, (const char *)data, size, "fuzz.log", 1);
    qc_logscan_sort(s);
    qc_logscan_free(s);
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_redact((const char *)data, size, &b, NULL);
    qc_buf_free(&b);
    return 0;
}
