/* fuzz_tzone.c - libFuzzer target for the TZif reader and its footer rule:
 * whatever the bytes, parsing ends in a zone or an error, and a zone answers
 * for any local time without reading past what it holds. */
#include <stddef.h>
#include <stdint.h>

#include "common/tzone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qc_err err;
    qc_err_clear(&err);
    qc_tz *tz = qc_tz_parse("fuzz", "fuzz.tzif", data, size, &err);
    if (!tz)
        return 0;
    /* 1970, 2026 (inside most tables), 2090 (past them: the footer), 9999. */
    static const int64_t local[] = {0, 1768212000, 1774747800, 3802291200, 253402300799};
    for (size_t i = 0; i < sizeof local / sizeof *local; i++) {
        int64_t u = qc_tz_local_to_utc(tz, local[i]);
        qc_tz_offset_at(tz, u);
    }
    qc_tz_free(tz);
    return 0;
}
