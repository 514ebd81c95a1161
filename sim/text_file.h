/* reoffsim — atomic, no-clobber file writing (text_file.c). */
#ifndef REOFFSIM_TEXT_FILE_H
#define REOFFSIM_TEXT_FILE_H

#include "reoffsim/error.h"

#include <stddef.h>

/* Write text (or len bytes) to path via a temporary beside it (exclusive,
 * unpredictable name), fsync, rename, fsync of the directory. An existing
 * path is kept unless force, also one created by someone else while writing
 * (then RS_ERR_IO); an existing path that is not a regular file (symlink,
 * device, FIFO, directory) is never replaced. Never leaves a partial file. */
int rs_write_text_atomic(const char *path, int force, const char *text, rs_error *err);
int rs_write_bytes_atomic(const char *path, int force, const void *data, size_t len, rs_error *err);

/* Create path's temporary exclusively (mkstemp in path's directory, mode
 * 0644 less the umask); its name goes to tmp. Returns the fd, or -1 with err set. */
int rs_temp_create(const char *path, char *tmp, size_t tmp_len, rs_error *err);

/* The same in steps, for a writer that creates the file itself (HDF5 on
 * disk: the streamed results file). rs_atomic_check: path may be written
 * (not a non-regular file; not existing unless force). rs_temp_pick: an
 * unpredictable temporary name beside path, free when picked, that the
 * caller then creates with O_EXCL (H5F_ACC_EXCL); it also tries a write of
 * a few KiB there, so a full disk fails now (ENOSPC, err set). rs_atomic_move:
 * the no-clobber rename of the (fsynced) temporary to path and the fsync of
 * the directory; tmp is removed on failure. */
int rs_atomic_check(const char *path, int force, rs_error *err);
int rs_temp_pick(const char *path, char *tmp, size_t tmp_len, rs_error *err);
int rs_atomic_move(const char *tmp, const char *path, int force, rs_error *err);

#endif
