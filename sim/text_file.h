/* reoffsim — atomic text file writing (text_file.c). */
#ifndef REOFFSIM_TEXT_FILE_H
#define REOFFSIM_TEXT_FILE_H

#include "reoffsim/error.h"

#include <stddef.h>

/* Write text (or len bytes) to path via a temporary beside it, fsync and
 * rename; an existing path is kept unless force. Never leaves a partial file. */
int rs_write_text_atomic(const char *path, int force, const char *text, rs_error *err);
int rs_write_bytes_atomic(const char *path, int force, const void *data, size_t len, rs_error *err);

#endif
