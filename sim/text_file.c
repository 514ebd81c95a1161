/* reoffsim — write a file atomically and safely in a shared directory: a
 * temporary created exclusively under an unpredictable name beside the
 * target (mkstemp: O_CREAT|O_EXCL, so a planted symlink is never followed),
 * fsync, then a no-clobber rename (an existing file is kept unless force,
 * even one that appeared while writing), then fsync of the directory. */
#define _GNU_SOURCE /* mkostemp, renameat2 */
#include "text_file.h"

#include "reoffsim/io_hdf5.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef NAME_MAX
#define NAME_MAX 255
#endif
#define TEMP_SUFFIX ".tmp-XXXXXX"

void rs_hdf5_temp_name(const char *path, char *out, size_t out_len)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    /* A long file name is shortened so the temporary's name fits NAME_MAX. */
    size_t base_len = strlen(path + dir_len), room = NAME_MAX - (sizeof TEMP_SUFFIX - 1);
    if (base_len > room) base_len = room;
    snprintf(out, out_len, "%.*s%.*s%s", (int)dir_len, path, (int)base_len, path + dir_len, TEMP_SUFFIX);
}

int rs_temp_create(const char *path, char *tmp, size_t tmp_len, rs_error *err)
{
    rs_hdf5_temp_name(path, tmp, tmp_len);
    size_t n = strlen(tmp);
    if (n + 1 >= tmp_len || n < sizeof TEMP_SUFFIX - 1 || strcmp(tmp + n - 6, "XXXXXX") != 0) {
        rs_error_set(err, RS_ERR_IO, "%s: cannot create a temporary file: name too long", path);
        return -1;
    }
    int fd = mkostemp(tmp, O_CLOEXEC); /* mode 0600, O_EXCL: never an existing file or link */
    if (fd < 0) {
        rs_error_set(err, RS_ERR_IO, "%s: cannot create a temporary file: %s", path, strerror(errno));
        return -1;
    }
    /* The final file gets the usual 0644 less the umask, as open(..., 0644) would. */
    mode_t mask = umask(022);
    umask(mask);
    if (fchmod(fd, 0644 & ~mask) != 0) {
        rs_error_set(err, RS_ERR_IO, "%s: cannot set permissions: %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        return -1;
    }
    return fd;
}

int rs_write_text_atomic(const char *path, int force, const char *text, rs_error *err)
{
    return rs_write_bytes_atomic(path, force, text, strlen(text), err);
}

/* Write all of len bytes and fsync; 0 or an errno value. */
static int write_all(int fd, const char *bytes, size_t len)
{
    size_t done = 0;
    while (done < len) {
        errno = 0;
        ssize_t w = write(fd, bytes + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return errno ? errno : EIO;
        done += (size_t)w;
    }
    return fsync(fd) != 0 ? errno : 0;
}

/* Move tmp to path without replacing anything already there: EEXIST if
 * something is. renameat2(RENAME_NOREPLACE), else link + unlink. */
static int move_no_clobber(const char *tmp, const char *path)
{
#ifdef RENAME_NOREPLACE
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
#endif
    if (link(tmp, path) == 0) {
        unlink(tmp);
        return 0;
    }
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP) return errno;
    /* No hard links here (e.g. FAT): check, then rename (a narrow race remains). */
    struct stat st;
    if (lstat(path, &st) == 0) return EEXIST;
    return rename(tmp, path) != 0 ? errno : 0;
}

/* Make the rename durable: fsync the directory holding path (best effort:
 * the file is already complete and in place). */
static void sync_directory(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash) snprintf(dir, sizeof dir, ".");
    else snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)fsync(fd);
    close(fd);
}

/* An existing path that is not a regular file (device, FIFO, directory,
 * symlink) is never replaced, even with force. */
static int check_target(const char *path, int force, rs_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0) return RS_OK;
    if (!S_ISREG(st.st_mode))
        return rs_error_set(err, RS_ERR_CONFIG, "%s: exists and is not a regular file (a %s); not replaced", path,
                            S_ISLNK(st.st_mode) ? "symbolic link" : S_ISDIR(st.st_mode) ? "directory" : "special file");
    if (!force) return rs_error_set(err, RS_ERR_CONFIG, "%s: already exists (use --force to overwrite)", path);
    return RS_OK;
}

int rs_atomic_check(const char *path, int force, rs_error *err) { return check_target(path, force, err); }

int rs_temp_pick(const char *path, char *tmp, size_t tmp_len, rs_error *err)
{
    int fd = rs_temp_create(path, tmp, tmp_len, err);
    if (fd < 0) return RS_ERR_IO;
    char zeros[4096] = {0};
    int e = write_all(fd, zeros, sizeof zeros);
    close(fd);
    unlink(tmp);
    if (e) return rs_error_set(err, RS_ERR_IO, "%s: cannot write: %s", path, strerror(e));
    return RS_OK;
}

int rs_atomic_move(const char *tmp, const char *path, int force, rs_error *err)
{
    int e = force ? (rename(tmp, path) != 0 ? errno : 0) : move_no_clobber(tmp, path);
    if (e) {
        unlink(tmp);
        if (e == EEXIST)
            return rs_error_set(err, RS_ERR_IO, "%s: appeared while this result was being written (another run "
                                "with the same output?); kept it, discarded this result and removed its "
                                "temporary file (use --force to replace)", path);
        return rs_error_set(err, RS_ERR_IO, "%s: cannot rename the temporary file into place: %s", path, strerror(e));
    }
    sync_directory(path);
    return RS_OK;
}

int rs_write_bytes_atomic(const char *path, int force, const void *data, size_t len, rs_error *err)
{
    int rc = check_target(path, force, err);
    if (rc) return rc;
    char tmp[4096];
    int fd = rs_temp_create(path, tmp, sizeof tmp, err);
    if (fd < 0) return RS_ERR_IO;
    int e = write_all(fd, data, len);
    if (close(fd) != 0 && e == 0) e = errno;
    if (e) {
        unlink(tmp);
        return rs_error_set(err, RS_ERR_IO, "%s: cannot write: %s", path, strerror(e));
    }
    return rs_atomic_move(tmp, path, force, err);
}
