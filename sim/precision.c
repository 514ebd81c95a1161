/* reoffsim — run replicates in blocks until the Monte Carlo estimate of the
 * headline comparison is precise enough (precision.h). */
#include "reoffsim/precision.h"

#include <math.h>
#include <stdlib.h>

#include "reoffsim/stats.h"

double rs_precision_half_width(const rs_config *cfg, const rs_ensemble *e)
{
    if (cfg->primary < 0 || e->n_replicates < 2) return NAN;
    size_t n = (size_t)e->n_replicates;
    double *x = malloc(2 * n * sizeof *x);
    if (!x) return NAN;
    for (int r = 0; r < e->n_replicates; r++) {
        x[r] = rs_metric_rate(rs_ensemble_unit(e, cfg->primary, r), RS_GROUP_ALL);
        x[n + (size_t)r] = rs_metric_rate(rs_ensemble_unit(e, cfg->reference, r), RS_GROUP_ALL);
    }
    rs_summary d = rs_stats_paired(x, x + n, n, 1);
    free(x);
    return d.mc_hi - d.mean; /* 1.96 x MCSE */
}

int rs_precision_run(const rs_config *cfg, const rs_ensemble_options *opt, const rs_precision_options *popt,
                     rs_ensemble *out, int *reached, rs_error *err)
{
    if (cfg->primary < 0)
        return rs_error_set(err, RS_ERR_CONFIG, "--precision needs at least two scenarios (a reference and a primary)");
    if (popt->block < 2 || popt->max_replicates < popt->block)
        return rs_error_set(err, RS_ERR_CONFIG, "--precision: block must be >= 2 and <= the maximum replicates");
    rs_config first = *cfg;
    /* The first block runs as an ordinary ensemble of `block` replicates. */
    rs_scenario *scen = malloc(sizeof *scen * (size_t)cfg->n_scenarios);
    if (!scen) return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    for (int s = 0; s < cfg->n_scenarios; s++) {
        scen[s] = cfg->scenarios[s];
        scen[s].params.run.replicates = popt->block;
    }
    first.scenarios = scen;
    int rc = rs_ensemble_run(&first, opt, out, err);
    free(scen);
    *reached = 0;
    while (rc == RS_OK) {
        double hw = rs_precision_half_width(cfg, out);
        if (hw <= popt->target) {
            *reached = 1;
            break;
        }
        if (out->n_replicates >= popt->max_replicates) break;
        int next = out->n_replicates + popt->block;
        rc = rs_ensemble_extend(cfg, opt, out, next < popt->max_replicates ? next : popt->max_replicates, err);
        if (rc) rs_ensemble_free(out);
    }
    return rc;
}
