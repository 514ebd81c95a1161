/* reoffsim — Bayesian calibration of the model by ABC-SMC (calib_abc.c):
 * the spec's free parameters with uniform priors on their bounds, its
 * targets as summary statistics (weight 0: held out, carried for the
 * predictive check), one replicate of the spec's agents per simulation with
 * its own random numbers. Internal. */
#ifndef REOFFSIM_CALIB_ABC_H
#define REOFFSIM_CALIB_ABC_H

#include "abc_smc.h"
#include "reoffsim/calibration.h"

/* Simulation numbers of the posterior predictive draws start here, far above
 * any sampler's (particles x generations). */
#define RS_CALIB_PREDICTIVE_SIM0 0x80000000u

typedef struct {
    const rs_calib_spec *spec;
    const rs_params *base;          /* the model config's reference scenario */
    const rs_ensemble_options *opt; /* threads, cancel flag */
} rs_calib_abc;

void rs_calib_abc_problem(const rs_calib_spec *spec, rs_abc_problem *pb);
void rs_calib_abc_settings(const rs_calib_spec *spec, rs_abc_settings *set);

/* rs_abc_simulate_fn over the model: ctx is an rs_calib_abc. Runs the n
 * simulations in parallel (OpenMP); results do not depend on the thread count. */
int rs_calib_abc_simulate(void *ctx, int n, const double *theta, const uint32_t *sim_id, double *stats, rs_error *err);

/* Posterior predictive: spec->abc.predictive_draws draws from st's weighted
 * particles (Philox), each simulated afresh; stats out is draws x n_targets
 * (caller allocates), draw[] the particle each used. */
int rs_calib_abc_predictive(const rs_calib_abc *c, const rs_abc_state *st, int *draw, double *stats, rs_error *err);

#endif
