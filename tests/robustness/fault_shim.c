/* reoffsim robustness — an LD_PRELOAD shim that injects I/O faults into files whose path contains
 * FAULT_MATCH (default ".tmp-", the HDF5 temp file): disk full after FAULT_ENOSPC_AFTER bytes,
 * failing fsync (FAULT_FSYNC=1), failing rename (FAULT_RENAME=1: rename, and renameat2 and link, which the
 * no-clobber final step uses), slow writes (FAULT_DELAY_US), slow reads (FAULT_READ_DELAY_US: e.g. a
 * merge still reading its shards when a signal comes). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*pread_fn)(int, void *, size_t, off_t);
typedef ssize_t (*read_fn)(int, void *, size_t);
typedef ssize_t (*writev_fn)(int, const struct iovec *, int);
typedef int (*fd_fn)(int);
typedef int (*rename_fn)(const char *, const char *);
typedef int (*renameat2_fn)(int, const char *, int, const char *, unsigned);

/* Bytes written so far to matching files (the HDF5 writer is serial). */
static unsigned long long written;

static void *next(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) abort();
    return f;
}

static const char *env(const char *name) { return getenv(name); }

static int path_matches(const char *path)
{
    const char *pattern = env("FAULT_MATCH");
    return path && strstr(path, pattern && *pattern ? pattern : ".tmp-") != NULL;
}

static int fd_matches(int fd)
{
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return 0;
    path[n] = '\0';
    return path_matches(path);
}

static void delay_by(const char *name)
{
    const char *us = env(name);
    long v = us ? atol(us) : 0;
    if (v > 0) {
        struct timespec ts = {v / 1000000, (v % 1000000) * 1000};
        nanosleep(&ts, NULL);
    }
}

static void delay(void) { delay_by("FAULT_DELAY_US"); }

static void read_delay(int fd)
{
    if (env("FAULT_READ_DELAY_US") && fd_matches(fd)) delay_by("FAULT_READ_DELAY_US");
}

/* 0 if a write of n bytes to fd may go ahead, -1 (errno ENOSPC) once the budget is spent. */
static int admit(int fd, size_t n)
{
    if (!fd_matches(fd)) return 0;
    delay();
    const char *limit = env("FAULT_ENOSPC_AFTER");
    if (!limit) return 0;
    if (written + n > strtoull(limit, NULL, 10)) {
        errno = ENOSPC;
        return -1;
    }
    written += n;
    return 0;
}

static int fail_sync(int fd)
{
    const char *on = env("FAULT_FSYNC");
    if (on && *on == '1' && fd_matches(fd)) {
        errno = EIO;
        return -1;
    }
    return 0;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static write_fn real;
    if (!real) real = (write_fn)next("write");
    return admit(fd, n) ? -1 : real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    static pwrite_fn real;
    if (!real) real = (pwrite_fn)next("pwrite");
    return admit(fd, n) ? -1 : real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    static pwrite_fn real;
    if (!real) real = (pwrite_fn)next("pwrite64");
    return admit(fd, n) ? -1 : real(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    static writev_fn real;
    if (!real) real = (writev_fn)next("writev");
    size_t n = 0;
    for (int i = 0; i < cnt; i++) n += iov[i].iov_len;
    return admit(fd, n) ? -1 : real(fd, iov, cnt);
}

int fsync(int fd)
{
    static fd_fn real;
    if (!real) real = (fd_fn)next("fsync");
    return fail_sync(fd) ? -1 : real(fd);
}

int fdatasync(int fd)
{
    static fd_fn real;
    if (!real) real = (fd_fn)next("fdatasync");
    return fail_sync(fd) ? -1 : real(fd);
}

int rename(const char *from, const char *to)
{
    static rename_fn real;
    if (!real) real = (rename_fn)next("rename");
    const char *on = env("FAULT_RENAME");
    if (on && *on == '1' && path_matches(from)) {
        errno = EIO;
        return -1;
    }
    return real(from, to);
}

static int fail_rename(const char *from)
{
    const char *on = env("FAULT_RENAME");
    if (on && *on == '1' && path_matches(from)) {
        errno = EIO;
        return -1;
    }
    return 0;
}

int renameat2(int fromfd, const char *from, int tofd, const char *to, unsigned flags)
{
    static renameat2_fn real;
    if (!real) real = (renameat2_fn)next("renameat2");
    return fail_rename(from) ? -1 : real(fromfd, from, tofd, to, flags);
}

int link(const char *from, const char *to)
{
    static rename_fn real;
    if (!real) real = (rename_fn)next("link");
    return fail_rename(from) ? -1 : real(from, to);
}

ssize_t read(int fd, void *buf, size_t n)
{
    static read_fn real;
    if (!real) real = (read_fn)next("read");
    read_delay(fd);
    return real(fd, buf, n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    static pread_fn real;
    if (!real) real = (pread_fn)next("pread");
    read_delay(fd);
    return real(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
    static pread_fn real;
    if (!real) real = (pread_fn)next("pread64");
    read_delay(fd);
    return real(fd, buf, n, off);
}
