/* replay.c - runs a fuzz target over files and directories (its corpus),
 * so every ordinary build replays the corpora as tests without clang. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/fs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int S_one(const char *path, size_t *n)
{
    qc_buf b;
    qc_err err;
    qc_err_clear(&err);
    qc_buf_init(&b, (size_t)64 << 20);
    if (qc_fs_read(path, &b, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        qc_buf_free(&b);
        return -1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)(b.ptr ? b.ptr : ""), b.len);
    /* Every prefix of a small input too: truncation is the usual hostile edit. */
    if (b.len < 4096)
        for (size_t k = 0; k < b.len; k += 1 + b.len / 64)
            LLVMFuzzerTestOneInput((const uint8_t *)b.ptr, k);
    qc_buf_free(&b);
    (*n)++;
    return 0;
}

int main(int argc, char **argv)
{
    size_t n = 0;
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        if (!qc_fs_is_dir(argv[i])) {
            bad |= S_one(argv[i], &n) < 0;
            continue;
        }
        qc_pathlist l = {0};
        qc_err err;
        qc_err_clear(&err);
        if (qc_fs_list_files(argv[i], &l, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        for (size_t k = 0; k < l.len; k++) {
            char *p = qc_fs_join(argv[i], l.items[k]);
            bad |= S_one(p, &n) < 0;
            free(p);
        }
        qc_pathlist_free(&l);
    }
    printf("%zu passed, %d failed\n", n, bad);
    return bad || n == 0;
}
