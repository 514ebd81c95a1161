/* reoffsim — work-unit results as stored in HDF5 (checkpoints and shard
 * files: a group of raw per-unit results plus the run's identity). Internal;
 * checkpoint_units.c. */
#ifndef REOFFSIM_CHECKPOINT_INTERNAL_H
#define REOFFSIM_CHECKPOINT_INTERNAL_H

#include <hdf5.h>
#include <stdint.h>

#include "reoffsim/checkpoint.h"

#define RS_UNITS_FORMAT "reoffsim units 1"

/* Identity of the run a units group belongs to, and the replicates it covers. */
typedef struct {
    char fingerprint[RS_FINGERPRINT_LEN];
    char config_path[1024];
    uint64_t seed;
    int total_replicates, first_replicate, n_replicates; /* whole run; [first, first + n) here */
    int n_agents, years, point_estimates;
} rs_units_header;

void rs_units_header_init(rs_units_header *h, const rs_config *cfg, const rs_run_identity *id);

/* Group `name` under loc holding the units of e whose done[] is non-zero
 * (done NULL: all). Replicates are stored by global index. */
int rs_units_write(hid_t loc, const char *name, const rs_units_header *h, const rs_ensemble *e,
                   const unsigned char *done);

/* Read the header of group `name` (file: for messages). RS_ERR_CONFIG when
 * it is missing or not in this format or layout. */
int rs_units_read_header(hid_t loc, const char *name, const char *file, rs_units_header *h, rs_error *err);

/* Read the units of group `name` into `into` (replicate g goes to local
 * g - into->first_replicate) and mark them in done[]. RS_ERR_CONFIG when a
 * unit is outside `into` or already done (overlap). *n_read counts them. */
int rs_units_read(hid_t loc, const char *name, const char *file, rs_ensemble *into, unsigned char *done,
                  int *n_read, rs_error *err);

/* HDF5 reading helpers that stay silent on failure (< 0). */
int rs_h5_read_attr_string(hid_t obj, const char *name, char *out, size_t n);
int rs_h5_read_attr_llong(hid_t obj, const char *name, long long *out);

#endif
