/* reoffsim — summaries across replicates: mean, Monte Carlo standard error
 * and a normal-approximation 95% interval, for plain and paired values. */
#ifndef REOFFSIM_STATS_H
#define REOFFSIM_STATS_H

#include <stddef.h>

typedef struct {
    double mean, sd, mcse, lo, hi; /* lo/hi: 95% CI of the mean */
    size_t n;                      /* finite values used */
} rs_summary;

/* Summary of x[0], x[stride], ... (n values); NaNs are skipped. */
rs_summary rs_stats_summary(const double *x, size_t n, size_t stride);

/* Summary of the paired differences x[i] - y[i] (same strides). */
rs_summary rs_stats_paired(const double *x, const double *y, size_t n, size_t stride);

#endif
