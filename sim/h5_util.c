/* reoffsim — small HDF5 helpers shared by the writers: attributes, string and
 * integer datasets, dimension scales, labelled double arrays, and writing a
 * whole file atomically (temporary name, fsync, rename). Return < 0 (or an
 * rs_error code) on failure. */
#include "h5_util.h"

#include <stdlib.h>

#include "text_file.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5_hl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


int rs_h5_attr_string(hid_t obj, const char *name, const char *value)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, strlen(value) > 0 ? strlen(value) : 1);
    H5Tset_cset(type, H5T_CSET_UTF8);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = attr < 0 ? -1 : H5Awrite(attr, type, value);
    if (attr >= 0) H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
    return rc < 0 ? -1 : 0;
}

int rs_h5_attr_string_on(hid_t loc, const char *obj, const char *name, const char *value)
{
    hid_t o = H5Oopen(loc, obj, H5P_DEFAULT);
    if (o < 0) return -1;
    int rc = rs_h5_attr_string(o, name, value);
    return H5Oclose(o) < 0 ? -1 : rc;
}

static int attr_number(hid_t obj, const char *name, hid_t mem_type, hid_t file_type, const void *v)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5Acreate2(obj, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = attr < 0 ? -1 : H5Awrite(attr, mem_type, v);
    if (attr >= 0) H5Aclose(attr);
    H5Sclose(space);
    return rc < 0 ? -1 : 0;
}

int rs_h5_attr_double(hid_t obj, const char *name, double v)
{
    return attr_number(obj, name, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, &v);
}

int rs_h5_attr_int(hid_t obj, const char *name, long long v)
{
    return attr_number(obj, name, H5T_NATIVE_LLONG, H5T_STD_I64LE, &v);
}

static hid_t vlen_string_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

/* A 1-D dataset of n values stored as file_type, written from mem_type; -1 on failure. */
static hid_t write_1d(hid_t loc, const char *name, hid_t file_type, hid_t mem_type, const void *v, hsize_t n)
{
    hid_t space = H5Screate_simple(1, &n, NULL);
    hid_t ds = H5Dcreate2(loc, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (ds >= 0 && H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
        H5Dclose(ds);
        ds = -1;
    }
    H5Sclose(space);
    return ds;
}

hid_t rs_h5_write_strings(hid_t loc, const char *name, const char *const *v, hsize_t n)
{
    hid_t type = vlen_string_type();
    hid_t ds = write_1d(loc, name, type, type, v, n);
    H5Tclose(type);
    return ds;
}

hid_t rs_h5_write_ints(hid_t loc, const char *name, const int *v, hsize_t n)
{
    return write_1d(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, v, n);
}

/* Make ds a dimension scale named `name` with a description. */
int rs_h5_make_scale(hid_t ds, const char *name, const char *long_name)
{
    if (ds < 0 || H5DSset_scale(ds, name) < 0) return -1;
    return rs_h5_attr_string(ds, "long_name", long_name);
}


int rs_h5_write_var(hid_t group, const char *name, int rank, const hsize_t *shape, const hid_t *scales,
                    const double *data, const char *units, const char *long_name)
{
    hid_t space = H5Screate_simple(rank, shape, NULL);
    hid_t ds = H5Dcreate2(group, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = ds < 0 ? -1 : 0;
    if (!rc && H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) rc = -1;
    for (int i = 0; !rc && scales && i < rank; i++)
        if (H5DSattach_scale(ds, scales[i], (unsigned)i) < 0) rc = -1;
    if (!rc) rc = rs_h5_attr_string(ds, "units", units) | rs_h5_attr_string(ds, "long_name", long_name);
    if (ds >= 0) H5Dclose(ds);
    H5Sclose(space);
    return rc;
}

hid_t rs_h5_create_in_memory(void)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fapl_core(fapl, 1 << 20, 0) < 0) {
        if (fapl >= 0) H5Pclose(fapl);
        return -1;
    }
    hid_t file = H5Fcreate("reoffsim-in-memory.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    return file;
}

/* Build the file in memory (HDF5's core driver, no backing store), so HDF5
 * never writes to disk itself: a full disk or an I/O error then surfaces in
 * our own write, which cleans up, instead of leaving HDF5 with a file it
 * cannot close. */
static int build_image(int (*contents)(hid_t file, void *ctx), void *ctx, void **image, size_t *len)
{
    hid_t file = rs_h5_create_in_memory();
    if (file < 0) return -1;
    int rc = contents(file, ctx);
    if (!rc && H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) rc = -1;
    ssize_t size = rc ? -1 : H5Fget_file_image(file, NULL, 0);
    *image = size > 0 ? malloc((size_t)size) : NULL;
    if (!*image || H5Fget_file_image(file, *image, (size_t)size) != size) rc = -1;
    if (H5Fclose(file) < 0) rc = -1;
    if (rc) {
        free(*image);
        *image = NULL;
        return -1;
    }
    *len = (size_t)size;
    return 0;
}

int rs_h5_write_atomic(const char *path, int force, int (*contents)(hid_t file, void *ctx), void *ctx, rs_error *err)
{
    struct stat st;
    if (!force && stat(path, &st) == 0)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: already exists (use --force to overwrite)", path);
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    void *image = NULL;
    size_t len = 0;
    int rc = build_image(contents, ctx, &image, &len);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    if (rc) return rs_error_set(err, RS_ERR_IO, "%s: could not build the HDF5 contents (out of memory?)", path);
    rc = rs_write_bytes_atomic(path, force, image, len, err); /* no-clobber unless force */
    free(image);
    return rc;
}
