/* reoffsim — range checks of a work unit's result read back from a file
 * (shards, checkpoints): every value must be one the simulation can produce
 * before merge or resume uses it. Internal; unit_check.c. */
#ifndef REOFFSIM_UNIT_CHECK_H
#define REOFFSIM_UNIT_CHECK_H

#include <stddef.h>

#include "reoffsim/metrics.h"

/* 0 when r (with its year arrays) is a possible result of a run of `years`
 * years and n_agents agents: every value in range, and the relations between
 * fields hold; else -1 with the first bad field and value in why, e.g.
 * "reoffenders[all] = -3 (must be a whole number in [0, 800])" or "relation
 * reoffenders <= cohort fails for group female: ...". */
int rs_unit_check(const rs_unit_result *r, int years, int n_agents, char *why, size_t n);

#endif
