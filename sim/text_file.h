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

/* The same in two steps, for a writer that fills the file itself (the
 * streamed results file): rs_atomic_begin checks path as above and creates
 * the temporary (its name to tmp); it returns the open fd (the caller keeps
 * it open while writing, see results_stream.c) or -1. rs_atomic_finish
 * fsyncs fd, closes it, moves tmp to path (no clobber unless force) and
 * fsyncs the directory; on failure it removes tmp. */
int rs_atomic_begin(const char *path, int force, char *tmp, size_t tmp_len, rs_error *err);
int rs_atomic_finish(int fd, const char *tmp, const char *path, int force, rs_error *err);

#endif
