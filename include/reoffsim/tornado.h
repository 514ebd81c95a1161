/* reoffsim — one-way sensitivity for a tornado chart: the primary scenario's
 * NPV against the reference with every uncertain parameter at its point
 * value, then with one parameter at a time at its 2.5th and 97.5th percentile. */
#ifndef REOFFSIM_TORNADO_H
#define REOFFSIM_TORNADO_H

#include "reoffsim/config.h"
#include "reoffsim/ensemble.h"

typedef struct {
    int n;                          /* uncertain parameters */
    uint32_t key[RS_MAX_UNCERTAIN]; /* schema index of each */
    double low_value[RS_MAX_UNCERTAIN], high_value[RS_MAX_UNCERTAIN];
    double npv_low[RS_MAX_UNCERTAIN], npv_high[RS_MAX_UNCERTAIN]; /* mean NPV, GBP */
    double base_npv;
    int replicates;                 /* per arm */
} rs_tornado;

/* Runs 1 + 2n ensembles of the reference and primary scenarios with
 * `replicates` each (common random numbers throughout). */
int rs_tornado_run(const rs_config *cfg, const rs_ensemble_options *opt, int replicates, rs_tornado *out,
                   rs_error *err);

#endif
