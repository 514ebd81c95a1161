/* reoffsim — decision rules on per-option, per-replicate results (pure
 * functions on arrays, no model): incremental cost-effectiveness analysis
 * with strong and extended dominance (dominance.c), the probability that each
 * option is best, cost-effectiveness acceptability curves, the expected value
 * of perfect information and of partial perfect information by the
 * regression method of Strong, Oakley & Brennan 2014 (voi.c), and the
 * regression smoother it uses (smoother.c).
 *
 * Layout: a per-option, per-replicate array v holds option j's replicate r
 * at v[j * n_rep + r] (the layout of rs_economics' [scenario][replicate]);
 * parameter draws x hold replicate r's parameter k at x[r * n_par + k]. */
#ifndef REOFFSIM_VOI_H
#define REOFFSIM_VOI_H

#include "reoffsim/error.h"

#define RS_VOI_MAX_OPTIONS 256

/* Frontier status on the cost-effect plane (all options together). */
typedef enum {
    RS_DOM_FRONTIER,   /* on the efficient frontier */
    RS_DOM_DOMINANT,   /* the only frontier option: costs no more and is no less effective than every other */
    RS_DOM_DOMINATED,  /* another option costs no more and is at least as effective (one strictly) */
    RS_DOM_EXTENDED    /* extendedly dominated: a mix of two frontier options does better */
} rs_dominance;

/* One option against the reference (its cost-effectiveness quadrant). */
typedef enum {
    RS_VS_SAME,                   /* the reference itself, or the same cost and effect */
    RS_VS_DOMINANT,               /* costs no more, averts no fewer (one strictly) */
    RS_VS_DOMINATED,              /* costs no less, averts no more (one strictly) */
    RS_VS_COSTLIER_MORE_EFFECTIVE,/* ratio: extra GBP per extra offence averted */
    RS_VS_CHEAPER_LESS_EFFECTIVE  /* ratio: GBP saved per offence forgone */
} rs_vs_reference;

const char *rs_dominance_name(rs_dominance d);
const char *rs_vs_reference_name(rs_vs_reference q);

/* Incremental analysis (Drummond et al.; NICE): options sorted by mean cost;
 * strongly dominated options removed, then extendedly dominated ones (whose
 * ICER exceeds the next option's) until ICERs rise with cost. icer[j] is
 * against the next cheaper frontier option, NaN for the cheapest frontier
 * option and off the frontier. Ties: equal cost and effect count as
 * dominated by the lower index. Fails above RS_VOI_MAX_OPTIONS. */
int rs_dominance_classify(int n, const double *cost, const double *effect, rs_dominance *status, double *icer,
                          rs_error *err);

/* Quadrant of (d_cost, d_effect) against the reference, and the ratio that
 * makes sense there (|d_cost / d_effect|; NaN where no ratio is meaningful). */
rs_vs_reference rs_vs_reference_of(double d_cost, double d_effect, double *ratio);

/* p[j]: share of replicates in which option j has the highest net benefit
 * (ties shared equally, so the p sum to 1). */
void rs_voi_p_best(int n_opt, int n_rep, const double *nb, double *p);

/* EVPI = mean_r max_j nb - max_j mean_r nb (>= 0), in nb's units. */
double rs_voi_evpi(int n_opt, int n_rep, const double *nb);

/* CEAC: at each willingness to pay wtp[w], nb_j = wtp[w] * effect_j - cost_j;
 * p[w * n_opt + j] = P(option j best); evpi[w] (may be NULL) the EVPI there. */
int rs_voi_ceac(int n_opt, int n_rep, const double *effect, const double *cost, int n_wtp, const double *wtp,
                double *p, double *evpi, rs_error *err);

/* EVPPI of the parameters x (n_par per replicate): each option's net
 * benefit minus option 0's is regressed on x (rs_smoother_fit), then
 * EVPPI = mean_r max_j fitted - max_j mean_r fitted. 0 if n_par == 0. */
int rs_voi_evppi(int n_opt, int n_rep, const double *nb, int n_par, const double *x, double *evppi, rs_error *err);

/* Additive regression-spline smoother: y (n values) on x (n_par columns);
 * each column enters as a restricted (natural) cubic spline with 3, 4 or 5
 * knots at Harrell's quantiles, or linearly, or not at all; the number of
 * knots (the same for every column) is chosen by generalised cross-validation
 * (GCV = n RSS / (n - p)^2), so an irrelevant parameter is fitted by (nearly)
 * a constant. Least squares by Cholesky with a tiny ridge for stability. */
int rs_smoother_fit(int n, int n_par, const double *x, const double *y, double *fitted, rs_error *err);

#endif
