/* reoffsim — what /provenance records of a calibration posterior a run used
 * (posterior_provenance.c). Internal. */
#ifndef REOFFSIM_POSTERIOR_PROVENANCE_H
#define REOFFSIM_POSTERIOR_PROVENANCE_H

#include <hdf5.h>

#include "reoffsim/config.h"
#include "reoffsim/ensemble.h"

/* Attributes on prov: calibration_posterior (the file, or "(none)"), its
 * CRC-32C and size, its draws and parameters, and the draw each replicate
 * of e took (calibration_posterior_draw, by global replicate index). */
int rs_posterior_write_provenance(hid_t prov, const rs_config *cfg, const rs_ensemble *e);

#endif
