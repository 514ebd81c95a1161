/* reoffsim — sequential replication: add replicates in fixed blocks until
 * the 95% CI of the headline paired difference is narrow enough. Blocks are
 * whole replicates with fixed seeds, so the result equals a single run with
 * the final replicate count. */
#ifndef REOFFSIM_PRECISION_H
#define REOFFSIM_PRECISION_H

#include "reoffsim/config.h"
#include "reoffsim/ensemble.h"

/* 95% CI half-width of the paired difference in the overall proven
 * reoffending rate, primary minus reference (NaN if undefined). */
double rs_precision_half_width(const rs_config *cfg, const rs_ensemble *e);

typedef struct {
    double target;      /* stop when half-width <= target (a proportion, e.g. 0.002) */
    int block;          /* replicates added per step (also the first run) */
    int max_replicates; /* stop here even if the target is not met */
} rs_precision_options;

/* Run blocks until the target or the maximum is reached. *reached says which.
 * On success the caller frees out with rs_ensemble_free. */
int rs_precision_run(const rs_config *cfg, const rs_ensemble_options *opt, const rs_precision_options *popt,
                     rs_ensemble *out, int *reached, rs_error *err);

#endif
