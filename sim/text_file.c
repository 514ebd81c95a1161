/* reoffsim — write a file atomically: temporary name beside it, fsync,
 * rename; an existing file is kept unless force. */
#define _POSIX_C_SOURCE 200809L
#include "text_file.h"

#include "reoffsim/io_hdf5.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void rs_hdf5_temp_name(const char *path, char *out, size_t out_len)
{
    snprintf(out, out_len, "%s.tmp-%ld", path, (long)getpid());
}

int rs_write_text_atomic(const char *path, int force, const char *text, rs_error *err)
{
    return rs_write_bytes_atomic(path, force, text, strlen(text), err);
}

int rs_write_bytes_atomic(const char *path, int force, const void *data, size_t len, rs_error *err)
{
    const char *bytes = data;
    struct stat st;
    if (!force && stat(path, &st) == 0)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: already exists (use --force to overwrite)", path);
    char tmp[4096];
    rs_hdf5_temp_name(path, tmp, sizeof tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return rs_error_set(err, RS_ERR_IO, "%s: cannot create: %s", tmp, strerror(errno));
    size_t done = 0;
    int rc = 0;
    while (done < len && rc == 0) {
        errno = 0;
        ssize_t w = write(fd, bytes + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) rc = errno ? errno : EIO;
        else done += (size_t)w;
    }
    if (rc == 0 && fsync(fd) != 0) rc = errno;
    if (close(fd) != 0 && rc == 0) rc = errno;
    if (rc == 0 && rename(tmp, path) != 0) rc = errno;
    if (rc != 0) {
        unlink(tmp);
        return rs_error_set(err, RS_ERR_IO, "%s: cannot write: %s", path, strerror(rc));
    }
    return RS_OK;
}
