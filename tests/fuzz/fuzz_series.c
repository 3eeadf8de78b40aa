/* fuzz_series.c - libFuzzer target for the streaming JSON reader and the
 * evidence files read with it: tokens to the end with skips, then the
 * CloudWatch series reader (report/cwload) and the events reader
 * (report/events) on the same bytes from a file. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/jsonpull.h"
#include "report/cwload.h"
#include "report/events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qc_jp *p = qc_jp_mem("fuzz", (const char *)data, size);
    qc_jp_tok t;
    size_t n = 0;
    while ((t = qc_jp_next(p)) != QC_JP_ERROR && t != QC_JP_EOF)
        if (++n % 7 == 0 && qc_jp_skip(p, t) < 0)
            break;
    qc_jp_free(p);
    char path[] = "/tmp/qc-fuzz-series-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) == (ssize_t)size) {
        qc_cwload l;
        qc_err err;
        qc_err_clear(&err);
        if (qc_cwload_file(path, &l, &err) == 0)
            qc_cwload_free(&l);
        qc_err_clear(&err);
        qc_events *e = qc_events_load(path, &err);
        if (e) {
            json_decref(qc_events_model(e));
            qc_events_free(e);
        }
    }
    close(fd);
    unlink(path);
    return 0;
}
