/* reoffsim — replicate summaries (stats.h). Two-pass mean/variance in index
 * order, so the same inputs always give the same bits. */
#include "reoffsim/stats.h"

#include <math.h>

#define Z95 1.959963984540054

static rs_summary summarise(const double *x, const double *y, size_t n, size_t stride)
{
    rs_summary s = {NAN, NAN, NAN, NAN, NAN, 0};
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride] - (y ? y[i * stride] : 0.0);
        if (isnan(v)) continue;
        sum += v;
        s.n++;
    }
    if (s.n == 0) return s;
    s.mean = sum / (double)s.n;
    if (s.n < 2) return s;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride] - (y ? y[i * stride] : 0.0);
        if (isnan(v)) continue;
        ss += (v - s.mean) * (v - s.mean);
    }
    s.sd = sqrt(ss / (double)(s.n - 1));
    s.mcse = s.sd / sqrt((double)s.n);
    s.lo = s.mean - Z95 * s.mcse;
    s.hi = s.mean + Z95 * s.mcse;
    return s;
}

rs_summary rs_stats_summary(const double *x, size_t n, size_t stride) { return summarise(x, NULL, n, stride); }

rs_summary rs_stats_paired(const double *x, const double *y, size_t n, size_t stride)
{
    return summarise(x, y, n, stride);
}
