/* reoffsim — sequential replication: add replicates in fixed blocks until
 * the Monte Carlo estimate of the headline paired difference is precise
 * enough. The target is on the half-width of the Monte Carlo 95% confidence
 * interval of the mean difference, 1.96 x MCSE: how precisely the simulation
 * has estimated the average, not how uncertain the outcome is (that is the
 * uncertainty interval over replicates, which does not shrink with more
 * replicates; see docs/uncertainty.md). Blocks are whole replicates with
 * fixed seeds, so the result equals a single run with the final replicate
 * count. */
#ifndef REOFFSIM_PRECISION_H
#define REOFFSIM_PRECISION_H

#include "reoffsim/config.h"
#include "reoffsim/ensemble.h"

/* Monte Carlo precision of the paired difference in the overall proven
 * reoffending rate, primary minus reference: 1.96 x its Monte Carlo standard
 * error, the half-width of the Monte Carlo 95% CI of the mean difference
 * (NaN if undefined). */
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
