/* reoffsim — a post-pass over a results file that writes, generically, the
 * metadata readers rely on without custom code: `units` on labels and
 * indices, and `dimensions` / `dimensions_note` on every labelled array, so
 * R (hdf5r, which reverses the axes), pandas and spreadsheets can name the
 * axes without knowing HDF5 dimension scales. Only attributes are written. */
#include "h5_describe.h"

#include <hdf5_hl.h>
#include <stdio.h>
#include <string.h>

#include "h5_util.h"

#define MAX_RANK 8
#define NAME_LEN 64

/* H5DSiterate_scales callback: the name of the first scale on the axis. */
static herr_t first_scale_name(hid_t did, unsigned dim, hid_t scale, void *out)
{
    (void)did;
    (void)dim;
    return H5DSget_scale_name(scale, out, NAME_LEN) > 0 ? 1 : -1;
}

/* names[i] = the scale of axis i; 0 if every axis has one, 1 if not. */
static int axis_names(hid_t ds, int rank, char names[][NAME_LEN])
{
    for (int i = 0; i < rank; i++) {
        names[i][0] = '\0';
        if (H5DSget_num_scales(ds, (unsigned)i) < 1) return 1;
        if (H5DSiterate_scales(ds, (unsigned)i, NULL, first_scale_name, names[i]) != 1) return 1;
    }
    return 0;
}

/* "a,b,c" from names in the given direction (reverse: R's order). */
static void join(char names[][NAME_LEN], int rank, int reverse, char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < rank && used < len; i++) {
        const char *n = names[reverse ? rank - 1 - i : i];
        used += (size_t)snprintf(out + used, len - used, "%s%s", i ? "," : "", n);
    }
}

static int add_dimensions(hid_t ds, int rank, char names[][NAME_LEN])
{
    char c_order[MAX_RANK * NAME_LEN], r_order[MAX_RANK * NAME_LEN], note[3 * MAX_RANK * NAME_LEN];
    join(names, rank, 0, c_order, sizeof c_order);
    int rc = 0;
    if (H5Aexists(ds, RS_H5_DIMENSIONS_ATTR) == 0) rc = rs_h5_attr_string(ds, RS_H5_DIMENSIONS_ATTR, c_order);
    if (rc || rank < 2 || H5Aexists(ds, RS_H5_DIMENSIONS_NOTE_ATTR) != 0) return rc;
    join(names, rank, 1, r_order, sizeof r_order);
    snprintf(note, sizeof note,
             "'dimensions' is in C (row-major) order, slowest-varying first, as h5py, numpy, xarray and pandas "
             "index it; R's hdf5r (column-major) returns this array with its dimensions reversed: %s", r_order);
    return rs_h5_attr_string(ds, RS_H5_DIMENSIONS_NOTE_ATTR, note);
}

static int is_string(hid_t ds)
{
    hid_t type = H5Dget_type(ds);
    int s = type >= 0 && H5Tget_class(type) == H5T_STRING;
    if (type >= 0) H5Tclose(type);
    return s;
}

static int describe_dataset(hid_t ds)
{
    int scale = H5DSis_scale(ds) > 0;
    int rc = 0;
    if ((scale || is_string(ds)) && H5Aexists(ds, "units") == 0) rc = rs_h5_attr_string(ds, "units", "1");
    if (rc || scale) return rc;
    hid_t space = H5Dget_space(ds);
    int rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
    if (space >= 0) H5Sclose(space);
    if (rank < 0) return -1;
    char names[MAX_RANK][NAME_LEN];
    if (rank == 0 || rank > MAX_RANK || axis_names(ds, rank, names)) return 0; /* not labelled: nothing to say */
    return add_dimensions(ds, rank, names);
}

/* H5Lvisit callback: describe each dataset (hard links only). */
static herr_t visit(hid_t group, const char *name, const H5L_info_t *info, void *failed)
{
    if (info->type != H5L_TYPE_HARD) return 0;
    hid_t obj = H5Oopen(group, name, H5P_DEFAULT);
    if (obj < 0) return -1;
    int rc = H5Iget_type(obj) == H5I_DATASET ? describe_dataset(obj) : 0;
    H5Oclose(obj);
    if (rc) *(int *)failed = 1;
    return rc ? -1 : 0;
}

int rs_h5_describe_datasets(hid_t file)
{
    int failed = 0;
    herr_t rc = H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, visit, &failed);
    return rc < 0 || failed ? -1 : 0;
}
