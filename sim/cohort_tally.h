/* reoffsim — the MoJ cohort tally of a work unit by subgroup (all, entry
 * disposal, OGRS3 band, sex, GTO-eligible, 18-25, PPO). Who is in which
 * group and their OGRS3 predictions depend only on the cohort, so those
 * totals are computed once per generated cohort and shared by its
 * scenarios; each unit adds only its outcomes. Internal. */
#ifndef REOFFSIM_COHORT_TALLY_H
#define REOFFSIM_COHORT_TALLY_H

#include "agents.h"
#include "reoffsim/metrics.h"

typedef struct {
    double cohort[RS_N_GROUPS];   /* offenders */
    double ogrs3_p1[RS_N_GROUPS]; /* sums of OGRS3 one- and two-year predictions at entry */
    double ogrs3_p2[RS_N_GROUPS];
} rs_cohort_totals;

/* The population generator adds each agent as it is drawn (in agent order),
 * with its OGRS3 two-year prediction at entry (kept nowhere else). */
void rs_cohort_totals_clear(rs_cohort_totals *t);
void rs_cohort_totals_add(rs_cohort_totals *t, const rs_agents *a, uint32_t i, float p2_at_entry);

/* Into r: the cohort totals, then each reoffender's outcome (reoffenders,
 * proven reoffences, days to first) in its groups, in agent order; day
 * ticks are `tick_days` long (rs_unit.tick_days). */
void rs_cohort_tally(const rs_agents *a, const rs_cohort_totals *t, double tick_days, rs_unit_result *r);

#endif
