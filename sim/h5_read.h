/* reoffsim — reading whole datasets back from HDF5 files reoffsim wrote
 * (a calibration posterior, an ABC checkpoint): shape checked, memory
 * owned by the caller. Internal; h5_read.c. */
#ifndef REOFFSIM_H5_READ_H
#define REOFFSIM_H5_READ_H

#include <hdf5.h>
#include <stddef.h>

/* Dataset `name` under loc as doubles: its rank must be `rank` (1 or 2) and
 * it must hold at most max_elems values. dims[0..rank) receive its shape and
 * *out a malloc'd row-major copy (caller frees; NULL when it is empty).
 * -1 when missing, of another rank or class, too big, or unreadable. */
int rs_h5_read_doubles(hid_t loc, const char *name, int rank, size_t max_elems, hsize_t *dims, double **out);

/* 1-D string dataset `name` (variable or fixed length) of at most max_n
 * entries, each shorter than len: *n entries into out[i * len]. -1 otherwise. */
int rs_h5_read_strings(hid_t loc, const char *name, size_t max_n, size_t len, char *out, size_t *n);

/* Scalar numeric attribute `name` of obj as a double; -1 if missing. */
int rs_h5_read_attr_double(hid_t obj, const char *name, double *out);

#endif
