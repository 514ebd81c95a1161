/* reoffsim — summaries across replicates, for plain and paired values. Two
 * different things are reported and must not be confused:
 *  - the uncertainty interval (p025, p975): the 2.5th and 97.5th percentiles
 *    of the values over replicates. Each replicate draws its own parameters
 *    and its own chance events, so this is where the outcome could plausibly
 *    lie (probabilistic sensitivity analysis, NICE / Green Book). It does not
 *    shrink as replicates are added.
 *  - the Monte Carlo standard error of the mean (mcse = sd / sqrt(n)): how
 *    precisely the simulation has estimated the average. It shrinks as
 *    1/sqrt(n). mc_lo/mc_hi = mean -/+ 1.96 mcse is the Monte Carlo 95%
 *    confidence interval of the mean, for precision targets and calibration
 *    only; it is not an uncertainty interval. */
#ifndef REOFFSIM_STATS_H
#define REOFFSIM_STATS_H

#include <stddef.h>

/* What each kind is, in the words the results file and the terminal use. */
#define RS_UNCERTAINTY_INTERVAL_TEXT \
    "uncertainty interval: 2.5th-97.5th percentile over replicates (parameter draws + stochastic outcomes)"
#define RS_MCSE_TEXT "Monte Carlo standard error of the mean"

typedef struct {
    double mean, sd;
    double mcse;         /* Monte Carlo standard error of the mean */
    double mc_lo, mc_hi; /* Monte Carlo 95% CI of the mean (mean -/+ 1.96 mcse) */
    double p025, p975;   /* uncertainty interval: percentiles over replicates */
    size_t n;            /* finite values used */
} rs_summary;

/* Summary of x[0], x[stride], ... (n values); NaNs are skipped. sd, mcse and
 * both intervals need n >= 2 finite values (NaN otherwise). */
rs_summary rs_stats_summary(const double *x, size_t n, size_t stride);

/* Summary of the paired differences x[i] - y[i] (same strides). */
rs_summary rs_stats_paired(const double *x, const double *y, size_t n, size_t stride);

/* Quantile q in [0, 1] of n sorted values by linear interpolation between
 * order statistics (Hyndman & Fan type 7, numpy's default): position
 * (n - 1) q. NaN if n == 0. */
double rs_stats_quantile_sorted(const double *sorted, size_t n, double q);

#endif
