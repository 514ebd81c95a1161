/* reoffsim — synthetic offender cohort: demographics, criminal history,
 * correlated needs (one-factor Gaussian copula), index offence and disposal,
 * frailty and the derived flags. Depends only on (params, key): every scenario
 * of a replicate sees the same people. */
#ifndef REOFFSIM_POPULATION_H
#define REOFFSIM_POPULATION_H

#include "agents.h"
#include "reoffsim/params.h"
#include "reoffsim/rng.h"

/* Fill the attributes of agents 0..a->n-1 and reset their dynamic state. */
void rs_population_generate(const rs_params *p, rs_rng_key key, rs_agents *a);

/* Hazard ratio of a needs bit-set (product of need_hazard_ratio). */
double rs_population_need_ratio(const rs_offending_params *o, unsigned needs);

#endif
