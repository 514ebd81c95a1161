/* reoffsim — the results file in two parts around its streamed per-unit
 * datasets (results_stream.c): rs_hdf5_begin writes the file attributes and
 * opens /results and /economics with their dimension scales; rs_hdf5_end
 * writes /summary, /comparison, the rest of /economics, /provenance, the
 * caller's extra contents and the dataset descriptions. Internal; io_hdf5.c. */
#ifndef REOFFSIM_IO_HDF5_PARTS_H
#define REOFFSIM_IO_HDF5_PARTS_H

#include <hdf5.h>

#include "h5_dims.h"
#include "reoffsim/economics.h"
#include "reoffsim/io_hdf5.h"

int rs_hdf5_begin(hid_t file, const rs_config *cfg, const rs_h5_extent *x, rs_h5_dims *results, rs_h5_dims *econ);
int rs_hdf5_end(hid_t file, const rs_h5_dims *results, const rs_h5_dims *econ, const rs_config *cfg,
                const rs_ensemble *e, const rs_economics *x, const rs_tornado *tornado, const rs_run_info *info);

#endif
