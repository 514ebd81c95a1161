/* reoffsim — writes the calibration report HDF5 file (io_calibration.c). */
#ifndef REOFFSIM_IO_CALIBRATION_H
#define REOFFSIM_IO_CALIBRATION_H

#include "reoffsim/calibration.h"

/* fit may be NULL (a check of targets without fitting). */
int rs_hdf5_write_calibration(const char *path, int force, const rs_calib_spec *spec, const rs_target_result *results,
                              int replicates, const rs_calib_fit_result *fit, const char *date, rs_error *err);

#endif
