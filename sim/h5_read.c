/* reoffsim — whole datasets read back from HDF5 with their shape checked
 * (h5_read.h): numbers as doubles, strings of either HDF5 kind. */
#include "h5_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The open dataset if it exists with the given rank; dims filled. */
static hid_t open_rank(hid_t loc, const char *name, int rank, hsize_t *dims)
{
    hid_t ds = H5Lexists(loc, name, H5P_DEFAULT) > 0 ? H5Dopen2(loc, name, H5P_DEFAULT) : -1;
    if (ds < 0) return -1;
    hid_t space = H5Dget_space(ds);
    int ok = space >= 0 && H5Sget_simple_extent_ndims(space) == rank &&
             H5Sget_simple_extent_dims(space, dims, NULL) == rank;
    if (space >= 0) H5Sclose(space);
    if (!ok) {
        H5Dclose(ds);
        return -1;
    }
    return ds;
}

static int has_class(hid_t ds, H5T_class_t want1, H5T_class_t want2)
{
    hid_t type = H5Dget_type(ds);
    H5T_class_t c = type >= 0 ? H5Tget_class(type) : H5T_NO_CLASS;
    if (type >= 0) H5Tclose(type);
    return c == want1 || c == want2;
}

int rs_h5_read_doubles(hid_t loc, const char *name, int rank, size_t max_elems, hsize_t *dims, double **out)
{
    *out = NULL;
    hsize_t d[2] = {0, 1};
    hid_t ds = open_rank(loc, name, rank, d);
    if (ds < 0) return -1;
    size_t n = 1;
    int rc = has_class(ds, H5T_FLOAT, H5T_INTEGER) ? 0 : -1;
    for (int i = 0; i < rank && !rc; i++) {
        dims[i] = d[i];
        if (d[i] > max_elems || (d[i] && n > max_elems / d[i])) rc = -1;
        else n *= d[i];
    }
    if (!rc && n > 0) {
        *out = malloc(n * sizeof **out);
        if (!*out || H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *out) < 0) rc = -1;
    }
    H5Dclose(ds);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

/* Variable-length strings: HDF5 allocates each; copied out and reclaimed. */
static int read_vlen(hid_t ds, hid_t type, size_t n, size_t len, char *out)
{
    char **v = calloc(n ? n : 1, sizeof *v);
    if (!v) return -1;
    hid_t mem = H5Tcopy(H5T_C_S1);
    H5Tset_size(mem, H5T_VARIABLE);
    H5Tset_cset(mem, H5Tget_cset(type));
    int read = H5Dread(ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0, rc = read ? 0 : -1;
    for (size_t i = 0; !rc && i < n; i++) {
        if (!v[i] || strlen(v[i]) >= len) rc = -1;
        else memcpy(out + i * len, v[i], strlen(v[i]) + 1);
    }
    if (read) {
        hid_t space = H5Dget_space(ds);
        H5Dvlen_reclaim(mem, space, H5P_DEFAULT, v);
        H5Sclose(space);
    }
    H5Tclose(mem);
    free(v);
    return rc;
}

/* Fixed-length strings: read into a zeroed buffer one byte wider each. */
static int read_fixed(hid_t ds, hid_t type, size_t n, size_t len, char *out)
{
    size_t size = H5Tget_size(type);
    if (size == 0 || size > 65536) return -1;
    char *buf = calloc(n ? n : 1, size + 1);
    hid_t mem = H5Tcopy(H5T_C_S1);
    H5Tset_size(mem, size + 1);
    int rc = buf && H5Dread(ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0 ? 0 : -1;
    for (size_t i = 0; !rc && i < n; i++) {
        const char *s = buf + i * (size + 1);
        if (strlen(s) >= len) rc = -1;
        else memcpy(out + i * len, s, strlen(s) + 1);
    }
    H5Tclose(mem);
    free(buf);
    return rc;
}

int rs_h5_read_strings(hid_t loc, const char *name, size_t max_n, size_t len, char *out, size_t *n)
{
    hsize_t d[1] = {0};
    hid_t ds = open_rank(loc, name, 1, d);
    if (ds < 0) return -1;
    hid_t type = H5Dget_type(ds);
    int rc = -1;
    if (type >= 0 && H5Tget_class(type) == H5T_STRING && d[0] <= max_n) {
        *n = (size_t)d[0];
        rc = H5Tis_variable_str(type) > 0 ? read_vlen(ds, type, *n, len, out) : read_fixed(ds, type, *n, len, out);
    }
    if (type >= 0) H5Tclose(type);
    H5Dclose(ds);
    return rc;
}

int rs_h5_read_attr_double(hid_t obj, const char *name, double *out)
{
    hid_t attr = H5Aexists(obj, name) > 0 ? H5Aopen(obj, name, H5P_DEFAULT) : -1;
    if (attr < 0) return -1;
    hid_t type = H5Aget_type(attr), space = H5Aget_space(attr);
    H5T_class_t c = type >= 0 ? H5Tget_class(type) : H5T_NO_CLASS;
    int ok = (c == H5T_FLOAT || c == H5T_INTEGER) && space >= 0 && H5Sget_simple_extent_npoints(space) == 1 &&
             H5Aread(attr, H5T_NATIVE_DOUBLE, out) >= 0;
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    H5Aclose(attr);
    return ok ? 0 : -1;
}
