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
    /* [scenario][replicate][year] for replicates [by_year_first, by_year_first
     * + by_year_n): all of them (rs_economics_compute), or the block a
     * streaming writer has not yet written out (rs_economics_begin).
     * GBP for the whole area, undiscounted */
    int by_year_first, by_year_n;
    double *harm, *cjs, *service;
    /* GBP discounted, reference minus scenario */
    double *saving_communities, *saving_cjs;
    /* [scenario][year]: means over all replicates of the arrays above, summed
     * in replicate order (set by rs_economics_finish) */
    double *harm_mean, *cjs_mean, *service_mean, *saving_communities_mean, *saving_cjs_mean, *saving_total_mean;
    /* [scenario][replicate], GBP discounted over all years */
    double *total_savings;    /* communities + CJS */
    double *incremental_cost; /* service cost minus the reference's */
    double *npv;              /* total_savings - incremental_cost */
    double *bcr;              /* total_savings / incremental_cost (NaN if cost <= 0) */
    double *offences_averted; /* area, undiscounted, all years */
    double *cost_per_offence_averted; /* incremental_cost / offences_averted (NaN if none averted) */
    double *saving_communities_sum, *saving_cjs_sum; /* the by-year savings summed over years */
    double *proven_averted;   /* proven offences averted vs the reference (area, all years) */
} rs_economics;

static inline size_t rs_econ_syr(const rs_economics *x, int s, int r, int y)
{
    return ((size_t)s * (size_t)x->by_year_n + (size_t)(r - x->by_year_first)) * (size_t)x->years + (size_t)y;
}
static inline size_t rs_econ_sr(const rs_economics *x, int s, int r)
{
    return (size_t)s * (size_t)x->n_replicates + (size_t)r;
}
static inline size_t rs_econ_sy(const rs_economics *x, int s, int y)
{
    return (size_t)s * (size_t)x->years + (size_t)y;
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

/* The same one replicate at a time, for a writer that streams units:
 * rs_economics_begin keeps the by-year arrays for `block` replicates;
 * rs_economics_add_replicate(r) takes the S units of replicate r (units[s])
 * into slot r - by_year_first (r in increasing order, from 0); the caller
 * moves by_year_first on once it has written a block out; rs_economics_finish
 * turns the sums into the means. Bitwise the same as rs_economics_compute. */
int rs_economics_begin(const rs_config *cfg, int n_replicates, int years, int block, rs_economics *out, rs_error *err);
void rs_economics_add_replicate(const rs_config *cfg, rs_economics *x, int r, const rs_unit_result *const *units);
void rs_economics_finish(rs_economics *x);
void rs_economics_free(rs_economics *x);

#endif
