/* reoffsim — synthetic offender cohort: demographics, criminal history,
 * correlated needs (one-factor Gaussian copula), index offence and disposal,
 * frailty and the derived flags. Depends only on (params, key): every scenario
 * of a replicate sees the same people. */
#ifndef REOFFSIM_POPULATION_H
#define REOFFSIM_POPULATION_H

#include <signal.h>

#include "agents.h"
#include "cohort_tally.h"
#include "reoffsim/params.h"
#include "reoffsim/rng.h"

/* Fill the attributes of agents 0..a->n-1 (the engine resets the dynamic
 * state from them before every run) and, unless NULL, the cohort's group
 * totals (cleared first). */
void rs_population_generate(const rs_params *p, rs_rng_key key, rs_agents *a, rs_cohort_totals *totals);

/* The same, stopping early (returns 0, the cohort incomplete) once *cancel
 * is non-zero, checked every RS_POPULATION_CANCEL_AGENTS agents: a large
 * cohort takes seconds to generate, tens under the sanitizers. 1 when done. */
#define RS_POPULATION_CANCEL_AGENTS 65536
int rs_population_generate_until(const rs_params *p, rs_rng_key key, rs_agents *a, rs_cohort_totals *totals,
                                 const volatile sig_atomic_t *cancel);

/* Everything the generated cohort depends on; equal keys give equal cohorts. */
typedef struct {
    uint64_t seed;
    uint32_t replicate;
    int n_agents;
    double cohort_period_days, frailty_variance;
    double need_hazard_ratio[RS_N_NEEDS];
    rs_population_params population;
} rs_population_key;

void rs_population_key_make(const rs_params *p, uint32_t replicate, rs_population_key *k);

/* Hazard ratio of a needs bit-set (product of need_hazard_ratio). */
double rs_population_need_ratio(const rs_offending_params *o, unsigned needs);

#endif
