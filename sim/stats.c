/* reoffsim — replicate summaries (stats.h). Two-pass mean/variance in index
 * order, so the same inputs always give the same bits; percentiles from a
 * sorted copy of the finite values. */
#include "reoffsim/stats.h"

#include <math.h>
#include <stdlib.h>

#define Z95 1.959963984540054

static double value_at(const double *x, const double *y, size_t i, size_t stride)
{
    return x[i * stride] - (y ? y[i * stride] : 0.0);
}

static int compare_doubles(const void *a, const void *b)
{
    double u = *(const double *)a, v = *(const double *)b;
    return (u > v) - (u < v);
}

double rs_stats_quantile_sorted(const double *sorted, size_t n, double q)
{
    if (n == 0) return NAN;
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n) return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

/* The uncertainty interval: 2.5th and 97.5th percentiles of the finite values
 * (left NaN if there is no memory for the sorted copy). */
static void percentiles(const double *x, const double *y, size_t n, size_t stride, rs_summary *s)
{
    double *v = malloc(sizeof *v * s->n);
    if (!v) return;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double d = value_at(x, y, i, stride);
        if (!isnan(d)) v[k++] = d;
    }
    qsort(v, k, sizeof *v, compare_doubles);
    s->p025 = rs_stats_quantile_sorted(v, k, 0.025);
    s->p975 = rs_stats_quantile_sorted(v, k, 0.975);
    free(v);
}

static rs_summary summarise(const double *x, const double *y, size_t n, size_t stride)
{
    rs_summary s = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0};
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double v = value_at(x, y, i, stride);
        if (isnan(v)) continue;
        sum += v;
        s.n++;
    }
    if (s.n == 0) return s;
    s.mean = sum / (double)s.n;
    if (s.n < 2) return s;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double v = value_at(x, y, i, stride);
        if (isnan(v)) continue;
        ss += (v - s.mean) * (v - s.mean);
    }
    s.sd = sqrt(ss / (double)(s.n - 1));
    s.mcse = s.sd / sqrt((double)s.n);
    s.mc_lo = s.mean - Z95 * s.mcse;
    s.mc_hi = s.mean + Z95 * s.mcse;
    percentiles(x, y, n, stride, &s);
    return s;
}

rs_summary rs_stats_summary(const double *x, size_t n, size_t stride) { return summarise(x, NULL, n, stride); }

rs_summary rs_stats_paired(const double *x, const double *y, size_t n, size_t stride)
{
    return summarise(x, y, n, stride);
}
