/* reoffsim — writes the calibration report HDF5 file (io_calibration.c). */
#ifndef REOFFSIM_IO_CALIBRATION_H
#define REOFFSIM_IO_CALIBRATION_H

#include <stdint.h>

#include "reoffsim/calibration.h"

/* The file's title and version attributes and the /calibration group with
 * the spec's identity (spec, config, seed, date, agents); the open group
 * (an hid_t; caller closes) or -1. */
int64_t rs_hdf5_calibration_group(int64_t file, const char *title, const rs_calib_spec *spec, const char *date);

/* fit may be NULL (a check of targets without fitting). */
int rs_hdf5_write_calibration(const char *path, int force, const rs_calib_spec *spec, const rs_target_result *results,
                              int replicates, const rs_calib_fit_result *fit, const char *date, rs_error *err);

#endif
