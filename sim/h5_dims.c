/* reoffsim — dimension scales of a results group and the /results per-unit
 * variables (h5_dims.h). */
#include "h5_dims.h"

#include <hdf5_hl.h>
#include <stdlib.h>
#include <string.h>

#include "h5_util.h"

int rs_h5_dims_open(rs_h5_dims *d, hid_t group, const rs_config *cfg, const rs_h5_extent *x)
{
    memset(d, 0, sizeof *d);
    d->group = group;
    d->scenario = d->replicate = d->subgroup = d->year = -1;
    const char *names[256];
    for (int s = 0; s < cfg->n_scenarios; s++) names[s] = cfg->scenarios[s].name;
    d->scenario = rs_h5_write_strings(group, "scenario", names, (hsize_t)cfg->n_scenarios);
    const char *groups[RS_N_GROUPS];
    for (int g = 0; g < RS_N_GROUPS; g++) groups[g] = rs_group_name((rs_group)g);
    d->subgroup = rs_h5_write_strings(group, "subgroup", groups, RS_N_GROUPS);
    int *idx = malloc(sizeof(int) * (size_t)(x->n_replicates > x->years ? x->n_replicates : x->years));
    if (!idx) return -1;
    for (int r = 0; r < x->n_replicates; r++) idx[r] = x->first_replicate + r; /* a shard's own replicates */
    d->replicate = rs_h5_write_ints(group, "replicate", idx, (hsize_t)x->n_replicates);
    for (int y = 0; y < x->years; y++) idx[y] = y + 1;
    d->year = rs_h5_write_ints(group, "year", idx, (hsize_t)x->years);
    free(idx);
    int rc = rs_h5_make_scale(d->scenario, "scenario", "scenario name");
    rc |= rs_h5_make_scale(d->subgroup, "subgroup", "MoJ cohort subgroup");
    rc |= rs_h5_make_scale(d->replicate, "replicate", "replicate index (key of the random streams)");
    rc |= rs_h5_make_scale(d->year, "year", "simulated year (1 = first 365 days)");
    rc |= rs_h5_attr_string(d->year, "units", "year");
    return rc;
}

void rs_h5_dims_close(rs_h5_dims *d)
{
    hid_t all[4] = {d->scenario, d->replicate, d->subgroup, d->year};
    for (int i = 0; i < 4; i++)
        if (all[i] >= 0) H5Dclose(all[i]);
}

static double m_cohort(const rs_unit_result *r, rs_group g) { return r->cohort[g]; }
static double m_reoffenders(const rs_unit_result *r, rs_group g) { return r->reoffenders[g]; }
static double m_reoffences(const rs_unit_result *r, rs_group g) { return r->reoffences[g]; }

const rs_group_var rs_group_vars[] = {
    {"cohort_size", "offenders", "offenders in the MoJ cohort", m_cohort},
    {"reoffenders", "offenders", "offenders with at least one proven reoffence", m_reoffenders},
    {"proven_reoffences", "offences", "proven reoffences (MoJ 12-month + 6-month window)", m_reoffences},
    {"proven_reoffending_rate", "1", "proportion of the cohort with a proven reoffence", rs_metric_rate},
    {"reoffences_per_reoffender", "offences/offender", "proven reoffences per reoffender", rs_metric_per_reoffender},
    {"reoffences_per_100", "offences per 100 offenders", "proven reoffences per 100 offenders", rs_metric_per_100},
    {"mean_days_to_first_reoffence", "days", "mean days from cohort start to first proven reoffence", rs_metric_days_to_first},
    {"ogrs3_p1_mean", "1", "mean OGRS3 one-year probability at cohort start (predicted proven reoffending)", rs_metric_ogrs3_p1},
    {"ogrs3_p2_mean", "1", "mean OGRS3 two-year probability at cohort start", rs_metric_ogrs3_p2},
};
const size_t rs_n_group_vars = sizeof rs_group_vars / sizeof rs_group_vars[0];
