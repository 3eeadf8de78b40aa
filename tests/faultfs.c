/* faultfs.c - an LD_PRELOAD shim that makes write(2) fail with ENOSPC on
 * the Nth call to a regular file (QC_FAULT_WRITE=N), to prove that a failed
 * write leaves no half-written output behind. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t n);

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    static long calls;
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    const char *limit = getenv("QC_FAULT_WRITE");
    struct stat st;
    if (limit && fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        ++calls >= atol(limit)) {
        /* Write part of it first, as a full disk does. */
        if (n > 1)
            real(fd, buf, n / 2);
        errno = ENOSPC;
        return -1;
    }
    return real(fd, buf, n);
}
