/* reoffsim — small HDF5 helpers shared by the writers (h5_util.c). */
#ifndef REOFFSIM_H5_UTIL_H
#define REOFFSIM_H5_UTIL_H

#include <hdf5.h>

#include "reoffsim/error.h"

int rs_h5_attr_string(hid_t obj, const char *name, const char *value);
int rs_h5_attr_double(hid_t obj, const char *name, double v);
int rs_h5_attr_int(hid_t obj, const char *name, long long v);
/* A string attribute on the object at path `obj` below loc (e.g. a dataset). */
int rs_h5_attr_string_on(hid_t loc, const char *obj, const char *name, const char *value);
/* 1-D datasets; return the open dataset (caller closes) or < 0. */
hid_t rs_h5_write_strings(hid_t loc, const char *name, const char *const *v, hsize_t n);
hid_t rs_h5_write_ints(hid_t loc, const char *name, const int *v, hsize_t n);
/* Make ds a dimension scale with a long_name. */
int rs_h5_make_scale(hid_t ds, const char *name, const char *long_name);
/* A double array with dimension scales (may be NULL), units and long_name. */
int rs_h5_write_var(hid_t group, const char *name, int rank, const hsize_t *shape, const hid_t *scales,
                    const double *data, const char *units, const char *long_name);
/* An HDF5 file in memory only (core driver, no backing store); < 0 on failure. */
hid_t rs_h5_create_in_memory(void);
/* Create path via a temporary beside it, fill it with contents(), fsync and
 * rename; never leaves a partial file at path. Refuses an existing path
 * unless force. */
int rs_h5_write_atomic(const char *path, int force, int (*contents)(hid_t file, void *ctx), void *ctx, rs_error *err);

#endif
