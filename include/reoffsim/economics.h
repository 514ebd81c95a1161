/* reoffsim — the appraisal (MODEL.md §6): costs of offences to communities
 * and the economy, CJS costs from simulated activity, service costs from
 * budgets, all scaled to the real area; savings against the reference
 * scenario by financial year, discounted (Green Book: year 1 undiscounted),
 * NPV net of service cost, benefit-cost ratio, cost per offence averted. */
#ifndef REOFFSIM_ECONOMICS_H
#define REOFFSIM_ECONOMICS_H

#include "reoffsim/config.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/error.h"

/* Discount factor of year index y (0 = first year, undiscounted). */
double rs_discount_factor(double rate, int y);

typedef struct {
    int n_scenarios, n_replicates, years, reference;
    /* [scenario][replicate][year], GBP for the whole area, undiscounted */
    double *harm, *cjs, *service;
    /* [scenario][replicate][year], GBP discounted, reference minus scenario */
    double *saving_communities, *saving_cjs;
    /* [scenario][replicate], GBP discounted over all years */
    double *total_savings;    /* communities + CJS */
    double *incremental_cost; /* service cost minus the reference's */
    double *npv;              /* total_savings - incremental_cost */
    double *bcr;              /* total_savings / incremental_cost (NaN if cost <= 0) */
    double *offences_averted; /* area, undiscounted, all years */
    double *cost_per_offence_averted; /* incremental_cost / offences_averted (NaN if none averted) */
} rs_economics;

static inline size_t rs_econ_syr(const rs_economics *x, int s, int r, int y)
{
    return ((size_t)s * (size_t)x->n_replicates + (size_t)r) * (size_t)x->years + (size_t)y;
}
static inline size_t rs_econ_sr(const rs_economics *x, int s, int r)
{
    return (size_t)s * (size_t)x->n_replicates + (size_t)r;
}

/* Ratios of replicate means for scenario s (NaN when the denominator is not
 * positive): B:C = mean savings / mean extra cost, and cost per offence
 * averted = mean extra cost / mean offences averted. Unlike the mean of
 * per-replicate ratios they do not drop replicates with a zero denominator. */
double rs_economics_bcr(const rs_economics *x, int s);
double rs_economics_cost_per_offence(const rs_economics *x, int s);

/* CJS cost (GBP, cohort scale) of one unit's activity in year y. */
double rs_economics_cjs_cost(const rs_economics_params *p, const rs_unit_result *u, int y);

/* Compute everything for a finished ensemble. Caller frees with rs_economics_free. */
int rs_economics_compute(const rs_config *cfg, const rs_ensemble *e, rs_economics *out, rs_error *err);
void rs_economics_free(rs_economics *x);

#endif
