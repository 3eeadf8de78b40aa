/* bench_logscan.c - scans one log file with the real scanner and prints the
 * figures bench/README.md quotes: wall time, throughput, events, peak memory. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "collector/logscan.h"

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long S_peak_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            sscanf(line + 6, "%ld", &kib);
    if (f)
        fclose(f);
    return kib;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_logscan FILE\n");
        return 2;
    }
    qc_logfields_opts o = {NULL, NULL, 0};
    qc_redactor *red_r = qc_redactor_new();
    qc_logscan *s = qc_logscan_new(&o, red_r);
    qc_err err;
    qc_err_clear(&err);
    double t0 = S_now();
    int rc = qc_logscan_file(s, argv[1], argv[1], &err);
    double dt = S_now() - t0;
    const qc_logscan_stats *st = qc_logscan_get_stats(s);
    const qc_redact_counts *rc_n = qc_logscan_redactions(s);
    unsigned long long red = 0;
    for (int k = 0; k < QC_SK_NKINDS; k++)
        red += rc_n->n[k];
    printf("scan: %.3f s, %.0f MiB/s, %llu lines, %llu events, %llu redactions, peak RSS %ld KiB\n",
           dt, (double)st->bytes / (1 << 20) / dt, (unsigned long long)st->lines,
           (unsigned long long)st->events, red, S_peak_kib());
    if (rc < 0)
        fprintf(stderr, "%s\n", err.msg);
    qc_logscan_free(s);
    qc_redactor_free(red_r);
    return rc < 0;
}
