/* reoffsim — needs that recur after custody. A need a service met (housing
 * found, a job, drug treatment completed) is not met for good: custody is
 * where people lose their housing, jobs and family contact [SEU 2002]. On
 * leaving custody after `held` days, each need present at cohort entry and
 * met since recurs with probability
 *
 *     custody.need_relapse[j] × (1 − exp(−held / custody.need_relapse_days))
 *
 * so a long sentence brings the full chance and a 3-day remand little of it.
 * Needs the agent never had are not created: the generator's prevalences
 * already describe the cohort at entry (docs/model.md). */
#include <math.h>

#include "unit.h"

void rs_needs_relapse_after_custody(rs_unit *u, uint32_t i, double t, double held)
{
    rs_agent_hot *h = &u->a->hot[i];
    unsigned met = (unsigned)u->a->profile[i].needs0 & ~(unsigned)h->needs;
    if (!met || !(held > 0.0)) return;
    const rs_custody_params *c = &u->p->custody;
    double exposure = 1.0 - exp(-held / c->need_relapse_days);
    uint32_t release = u->a->profile[i].n_releases;
    rs_rng_block b = {{0}};
    for (int j = 0; j < RS_N_NEEDS; j++) {
        if (j % 4 == 0) b = rs_rng_block_at(u->key, i, RS_PURPOSE_NEED_RELAPSE, release, (uint32_t)(j / 4));
        if (!((met >> j) & 1u) || rs_rng_u01(b.v[j % 4]) >= c->need_relapse[j] * exposure) continue;
        h->needs |= (uint16_t)(1u << j);
        rs_unit_count(u, RS_YEAR_NEEDS_RECURRED, t, 1.0);
    }
}
