/* reoffsim — HDF5 inputs are opened only if they are regular files (h5_input.h). */
#include "h5_input.h"

#include <stdio.h>

#include "regular_file.h"

hid_t rs_h5_open_input(const char *path, char *why, size_t why_len)
{
    if (rs_regular_file_check(path, why, why_len)) return -1; /* never hand a FIFO to HDF5 */
    hid_t file = H5Fis_hdf5(path) > 0 ? H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT) : -1;
    if (file < 0) snprintf(why, why_len, "not a readable HDF5 file");
    return file;
}
