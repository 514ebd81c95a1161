/* reoffsim — the dimension scales of a results group (scenario, replicate,
 * subgroup, year) and the per-unit /results variables, shared by the
 * streaming writer of /results (results_stream.c) and the summary writer
 * (io_hdf5.c). Internal; h5_dims.c. */
#ifndef REOFFSIM_H5_DIMS_H
#define REOFFSIM_H5_DIMS_H

#include <hdf5.h>
#include <stddef.h>

#include "reoffsim/config.h"
#include "reoffsim/metrics.h"

typedef struct {
    hid_t group;
    hid_t scenario, replicate, subgroup, year;
} rs_h5_dims;

/* The replicates a results file covers: n from global index first. */
typedef struct {
    int n_replicates, first_replicate, years;
} rs_h5_extent;

/* Create the four scales in group (close with rs_h5_dims_close). */
int rs_h5_dims_open(rs_h5_dims *d, hid_t group, const rs_config *cfg, const rs_h5_extent *x);
void rs_h5_dims_close(rs_h5_dims *d);

typedef double (*rs_unit_metric)(const rs_unit_result *r, rs_group g);

/* The per-(scenario, replicate, subgroup) variables of /results. */
typedef struct {
    const char *name, *units, *long_name;
    rs_unit_metric f;
} rs_group_var;
extern const rs_group_var rs_group_vars[];
extern const size_t rs_n_group_vars;

#endif
