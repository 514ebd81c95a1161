/* reoffsim tests — the two kinds of interval (stats.h). With n replicates
 * drawn from a known distribution, the uncertainty interval (p025, p975)
 * approaches the distribution's own 2.5th and 97.5th percentiles and does
 * not narrow as replicates are added, while the Monte Carlo standard error
 * is sd / sqrt(n) and halves when n is quadrupled. Each test fails if the
 * two are swapped or if the uncertainty interval is the normal-approximation
 * interval of the mean. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "reoffsim/rng.h"
#include "reoffsim/stats.h"
#include "reoffsim/uncertainty.h"

#define N_MAX 16000

/* In double precision (cmocka's assert_float_equal casts to float). */
#define ASSERT_NEAR(a, b, tol)                                                                        \
    do {                                                                                              \
        double a_ = (a), b_ = (b);                                                                    \
        if (!(fabs(a_ - b_) <= (tol))) fail_msg("%s = %.10g, expected %.10g +- %.3g", #a, a_, b_, (double)(tol)); \
    } while (0)

/* n draws of u, one per replicate stream (seed 11, replicate r). */
static void draw(const rs_uncertain *u, double *x, size_t n)
{
    for (size_t r = 0; r < n; r++) x[r] = rs_uncertain_draw(u, rs_rng_key_make(11, (uint32_t)r));
}

static void test_quantile_matches_numpy_type7(void **state)
{
    (void)state;
    const double v[4] = {1, 2, 3, 4}; /* numpy.percentile([1,2,3,4], [2.5, 50, 97.5]) */
    ASSERT_NEAR(rs_stats_quantile_sorted(v, 4, 0.025), 1.075, 1e-12);
    ASSERT_NEAR(rs_stats_quantile_sorted(v, 4, 0.5), 2.5, 1e-12);
    ASSERT_NEAR(rs_stats_quantile_sorted(v, 4, 0.975), 3.925, 1e-12);
    ASSERT_NEAR(rs_stats_quantile_sorted(v, 4, 0.0), 1.0, 1e-15);
    ASSERT_NEAR(rs_stats_quantile_sorted(v, 4, 1.0), 4.0, 1e-15);
    ASSERT_NEAR(rs_stats_quantile_sorted(v, 1, 0.975), 1.0, 1e-15);
    assert_true(isnan(rs_stats_quantile_sorted(v, 0, 0.5)));
}

/* Normal(10, 2), 4000 replicates: the 2.5th percentile's standard error is
 * about 0.27 sd / sqrt(n / 100) = 0.085, so 0.3 is 3.5 standard errors; the
 * sd's relative standard error is 1 / sqrt(2n) = 1.1%, so 5% is 4.5 of them. */
static void test_normal_interval_is_the_distributions_percentiles(void **state)
{
    (void)state;
    static double x[N_MAX];
    rs_uncertain u = {0, RS_DIST_NORMAL, 10.0, 2.0};
    const size_t n = 4000;
    draw(&u, x, n);
    rs_summary s = rs_stats_summary(x, n, 1);
    assert_int_equal(s.n, n);
    ASSERT_NEAR(s.p025, 10.0 - 1.959964 * 2.0, 0.3);
    ASSERT_NEAR(s.p975, 10.0 + 1.959964 * 2.0, 0.3);
    ASSERT_NEAR(s.mcse, 2.0 / sqrt((double)n), 0.05 * 2.0 / sqrt((double)n));
    ASSERT_NEAR(s.mcse, s.sd / sqrt((double)n), 1e-15);
    /* The uncertainty interval is ~sqrt(n) = 63 times the width of the
     * Monte Carlo CI of the mean: swapping them cannot pass. */
    assert_true(s.p975 - s.p025 > 30 * (s.mc_hi - s.mc_lo));
    ASSERT_NEAR(s.mc_hi - s.mean, 1.959964 * s.mcse, 1e-6 * s.mcse);
}

/* A skewed distribution (lognormal, mean 1, sd 0.8): the interval follows
 * the distribution's own percentiles, not mean -/+ 1.96 sd. */
static void test_skewed_interval_is_not_symmetric(void **state)
{
    (void)state;
    static double x[N_MAX];
    rs_uncertain u = {0, RS_DIST_LOGNORMAL, 1.0, 0.8};
    const size_t n = N_MAX;
    draw(&u, x, n);
    rs_summary s = rs_stats_summary(x, n, 1);
    double q025 = rs_uncertain_quantile(&u, 0.025), q975 = rs_uncertain_quantile(&u, 0.975);
    ASSERT_NEAR(s.p025, q025, 0.05 * q025);
    ASSERT_NEAR(s.p975, q975, 0.05 * q975);
    assert_true(s.p025 > 0.0);                    /* mean - 1.96 sd would be < 0 */
    assert_true(s.p975 - s.mean > 2 * (s.mean - s.p025));
}

/* Quadrupling the replicates halves the MCSE and leaves the uncertainty
 * interval where it was (both within Monte Carlo noise: the sd of 1000
 * draws has a 2.2% relative standard error, the interval width ~3%). */
static void test_more_replicates_shrink_mcse_not_the_interval(void **state)
{
    (void)state;
    static double x[N_MAX];
    rs_uncertain u = {0, RS_DIST_UNIFORM, 0.0, 1.0};
    draw(&u, x, 4000);
    rs_summary a = rs_stats_summary(x, 1000, 1), b = rs_stats_summary(x, 4000, 1);
    ASSERT_NEAR(a.mcse / b.mcse, 2.0, 0.2);
    ASSERT_NEAR((a.p975 - a.p025) / (b.p975 - b.p025), 1.0, 0.1);
    ASSERT_NEAR(b.p025, 0.025, 0.01);
    ASSERT_NEAR(b.p975, 0.975, 0.01);
    ASSERT_NEAR(b.sd, 1.0 / sqrt(12.0), 0.02 / sqrt(12.0));
}

/* Paired values and strides: the interval is of the differences x - y,
 * NaNs are skipped, and fewer than two values give no interval. */
static void test_paired_strided_and_nan(void **state)
{
    (void)state;
    /* Two interleaved columns; column 0 is x, column 1 is y = x - (r + 1). */
    double v[2 * 5];
    for (int r = 0; r < 5; r++) {
        v[2 * r] = 100.0 + 7.0 * r;
        v[2 * r + 1] = v[2 * r] - (r + 1);
    }
    rs_summary d = rs_stats_paired(v, v + 1, 5, 2); /* differences 1..5 */
    ASSERT_NEAR(d.mean, 3.0, 1e-12);
    ASSERT_NEAR(d.p025, 1.1, 1e-12);        /* numpy.percentile([1..5], 2.5) */
    ASSERT_NEAR(d.p975, 4.9, 1e-12);
    ASSERT_NEAR(d.mcse, sqrt(2.5 / 5.0), 1e-12);
    v[4] = NAN;                                      /* replicate 2 drops out */
    d = rs_stats_paired(v, v + 1, 5, 2);             /* differences 1, 2, 4, 5 */
    assert_int_equal(d.n, 4);
    ASSERT_NEAR(d.p025, 1.075, 1e-12);
    ASSERT_NEAR(d.p975, 4.925, 1e-12);
    rs_summary one = rs_stats_summary(v, 1, 1);
    assert_int_equal(one.n, 1);
    assert_true(isnan(one.p025) && isnan(one.p975) && isnan(one.mcse));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantile_matches_numpy_type7),
        cmocka_unit_test(test_normal_interval_is_the_distributions_percentiles),
        cmocka_unit_test(test_skewed_interval_is_not_symmetric),
        cmocka_unit_test(test_more_replicates_shrink_mcse_not_the_interval),
        cmocka_unit_test(test_paired_strided_and_nan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
