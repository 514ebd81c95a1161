/* reoffsim — opening an HDF5 file reoffsim reads (a shard, a checkpoint):
 * read-only, and only if it is a regular file, so a FIFO planted at its
 * name is refused instead of blocking H5Fis_hdf5/H5Fopen forever.
 * Internal; h5_input.c. */
#ifndef REOFFSIM_H5_INPUT_H
#define REOFFSIM_H5_INPUT_H

#include <stddef.h>
#include <hdf5.h>

/* The open file (caller closes), or -1 with why for "PATH: why": "is a FIFO,
 * not a regular file", "cannot open: ...", or "not a readable HDF5 file". */
hid_t rs_h5_open_input(const char *path, char *why, size_t why_len);

#endif
