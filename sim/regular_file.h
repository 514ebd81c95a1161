/* reoffsim — the one check every input file passes before it is opened
 * (YAML configs and specs, HDF5 shards and checkpoints): it must be a
 * regular file. A FIFO would block the reader forever (HDF5 has no
 * non-blocking open), a device could have side effects. Internal;
 * regular_file.c. */
#ifndef REOFFSIM_REGULAR_FILE_H
#define REOFFSIM_REGULAR_FILE_H

#include <stddef.h>

/* 0 if path is a regular file (after following symlinks); else -1 and why,
 * for a message "PATH: why": "is a FIFO, not a regular file", "is a
 * directory, not a regular file", "cannot open: No such file or directory". */
int rs_regular_file_check(const char *path, char *why, size_t why_len);

#endif
