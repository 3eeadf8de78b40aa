/* faultfs.c - an LD_PRELOAD shim that makes one file-system call fail, to
 * prove that every interruption leaves either the old state or the new one.
 *
 *   QC_FAULT_WRITE=N    the Nth write(2) to a regular file fails with ENOSPC
 *                       (after writing half, as a full disk does);
 *   QC_FAULT_RENAME=N   the Nth rename(2)/renameat2(2) fails with EIO;
 *   QC_FAULT_FSYNC=N    the Nth fsync(2) fails with EIO;
 *   QC_FAULT_KILL=1     instead of failing, the process is killed there
 *                       (SIGKILL: no cleanup runs, as at a power cut);
 *   QC_SIGNAL=INT|TERM with QC_SIGNAL_READ=N (the Nth read(2) of a regular
 *                       file) or QC_SIGNAL_RECV=N (the Nth recv(2)): the
 *                       process gets that signal there, as from Ctrl-C or
 *                       kill, at a point the test chooses without timing.
 * Only one of them is set at a time; each counts its own calls. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t n);
ssize_t read(int fd, void *buf, size_t n);
ssize_t recv(int fd, void *buf, size_t n, int flags);
int rename(const char *a, const char *b);
int renameat2(int da, const char *a, int db, const char *b, unsigned int flags);
int fsync(int fd);

/* rename(2) and renameat2(2) count as one sequence. */
static long S_renames;

/* Is this the call that fails?  Counts calls per variable. */
static int S_hit(const char *var, long *calls)
{
    const char *at = getenv(var);
    if (!at || ++*calls != atol(at))
        return 0;
    if (getenv("QC_FAULT_KILL"))
        kill(getpid(), SIGKILL);
    return 1;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    static long calls;
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    struct stat st;
    const char *limit = getenv("QC_FAULT_WRITE");
    if (limit && fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        ++calls >= atol(limit)) {
        if (getenv("QC_FAULT_KILL"))
            kill(getpid(), SIGKILL);
        if (n > 1)
            real(fd, buf, n / 2);
        errno = ENOSPC;
        return -1;
    }
    return real(fd, buf, n);
}

int rename(const char *a, const char *b)
{
    static int (*real)(const char *, const char *);
    if (!real)
        real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    if (S_hit("QC_FAULT_RENAME", &S_renames)) {
        errno = EIO;
        return -1;
    }
    return real(a, b);
}

int renameat2(int da, const char *a, int db, const char *b, unsigned int flags)
{
    static int (*real)(int, const char *, int, const char *, unsigned int);
    if (!real)
        real = (int (*)(int, const char *, int, const char *, unsigned int))dlsym(RTLD_NEXT,
                                                                                "renameat2");
    if (S_hit("QC_FAULT_RENAME", &S_renames)) {
        errno = EIO;
        return -1;
    }
    return real(da, a, db, b, flags);
}

int fsync(int fd)
{
    static int (*real)(int);
    static long calls;
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (S_hit("QC_FAULT_FSYNC", &calls)) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

/* The signal QC_SIGNAL names, at the Nth call counted by var. */
static void S_signal_at(const char *var, long *calls)
{
    const char *at = getenv(var), *sig = getenv("QC_SIGNAL");
    if (at && sig && ++*calls == atol(at))
        raise(!strcmp(sig, "TERM") ? SIGTERM : SIGINT);
}

ssize_t read(int fd, void *buf, size_t n)
{
    static ssize_t (*real)(int, void *, size_t);
    static long calls;
    if (!real)
        real = (ssize_t(*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
    struct stat st;
    if (getenv("QC_SIGNAL_READ") && fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        S_signal_at("QC_SIGNAL_READ", &calls);
    return real(fd, buf, n);
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
    static ssize_t (*real)(int, void *, size_t, int);
    static long calls;
    if (!real)
        real = (ssize_t(*)(int, void *, size_t, int))dlsym(RTLD_NEXT, "recv");
    S_signal_at("QC_SIGNAL_RECV", &calls);
    return real(fd, buf, n, flags);
}
