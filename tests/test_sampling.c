/* reoffsim tests — samplers: categorical, Poisson, gamma, normal CDF. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reoffsim/rng.h"
#include "sampling.h"

static void test_categorical_picks_by_cumulative_weight_and_skips_zeros(void **state)
{
    (void)state;
    const double w[4] = {0.2, 0.0, 0.5, 0.3};
    assert_int_equal(rs_sample_categorical(w, 4, 0.1), 0);
    assert_int_equal(rs_sample_categorical(w, 4, 0.2), 2);
    assert_int_equal(rs_sample_categorical(w, 4, 0.69), 2);
    assert_int_equal(rs_sample_categorical(w, 4, 0.71), 3);
    assert_int_equal(rs_sample_categorical(w, 4, 0.9999999), 3);
}

/* The prepared table (searched from its guide) must give the index of
 * rs_sample_categorical's plain search from the first category, bit for bit
 * (the engine relies on it to keep results unchanged), including zero and
 * negative weights, uniforms at the edges of every interval and on both
 * sides of every guide slice's edge. */
static void test_prepared_categorical_matches_direct_sampling(void **state)
{
    (void)state;
    const double weights[4][6] = {{0.1, 0.2, 0.3, 0.4, 0.0, 0.0},
                                  {0.0, 0.5, 0.0, 0.25, 0.25, 0.0},
                                  {3.0, 0.0, -1.0, 2.0, 1e-12, 7.0},
                                  {0.0, 0.0, 0.0, 0.0, 0.0, 1.0}};
    /* Weights whose running sums sit on guide slice edges (1/32, 1/4, 1/2). */
    const double on_edges[6] = {1.0, 7.0, 8.0, 0.0, 16.0, 0.0};
    for (int w = 0; w < 5; w++) {
        const double *weights_w = w < 4 ? weights[w] : on_edges;
        rs_categorical c;
        rs_categorical_init(&c, weights_w, 6);
        for (uint32_t k = 0; k < 200000; k++) {
            double u = rs_rng_u01(rs_rng_block_at(rs_rng_key_make(7, 0), k, RS_PURPOSE_OFFENCE, 0, 0).v[0]);
            assert_int_equal(rs_categorical_draw(&c, u), rs_sample_categorical(weights_w, 6, u));
        }
        const double edges[] = {1e-300, 0.1, 0.3, 0.5, 0.6, 0.75, 1.0 - 1e-16};
        for (int e = 0; e < 7; e++)
            assert_int_equal(rs_categorical_draw(&c, edges[e]), rs_sample_categorical(weights_w, 6, edges[e]));
        for (int g = 1; g < RS_CATEGORICAL_GUIDE; g++) {
            double edge = (double)g / RS_CATEGORICAL_GUIDE;
            const double near[3] = {nextafter(edge, 0.0), edge, nextafter(edge, 1.0)};
            for (int e = 0; e < 3; e++)
                assert_int_equal(rs_categorical_draw(&c, near[e]), rs_sample_categorical(weights_w, 6, near[e]));
        }
    }
}

/* Unit exponentials (single precision): positive at both ends of the word
 * range, decreasing in the word, mean and variance 1. */
static void test_exponential_draws(void **state)
{
    (void)state;
    assert_true(rs_sample_exp1(UINT32_MAX) > 0.0);
    assert_true(rs_sample_exp1(0) > 22.0); /* -log(2^-33) = 22.9 */
    double sum = 0.0, sum2 = 0.0, prev = INFINITY;
    const uint32_t n = 1000000;
    for (uint32_t k = 0; k < n; k++) {
        double e = rs_sample_exp1(k * 4294u + 1234u);
        assert_true(e > 0.0 && e <= prev);
        prev = e;
        sum += e;
        sum2 += e * e;
    }
    double mean = sum / n, var = sum2 / n - mean * mean;
    assert_float_equal(mean, 1.0, 0.002);
    assert_float_equal(var, 1.0, 0.01);
}

/* The bracket replaces "Phi(z) < q" by "z < hi" in cohort generation: the
 * two must agree for every z a draw can give. */
static void test_normal_cdf_bracket_replaces_the_cdf_comparison(void **state)
{
    (void)state;
    const double qs[] = {1e-6, 0.05, 0.25, 0.5, 0.6180339887, 0.9, 0.999999};
    for (int k = 0; k < 7; k++) {
        double lo, hi;
        rs_normal_cdf_bracket(qs[k], &lo, &hi);
        assert_true(rs_normal_cdf(lo) < qs[k] && qs[k] <= rs_normal_cdf(hi));
        assert_true(nextafter(lo, INFINITY) >= hi); /* adjacent (or equal) */
        for (uint32_t w = 0; w < 200000; w++) {
            rs_rng_block b = rs_rng_block_at(rs_rng_key_make(5, 0), w, RS_PURPOSE_NEEDS, 0, (uint32_t)k);
            double z = rs_rng_normal(b.v[0], b.v[1]);
            assert_int_equal(rs_normal_cdf(z) < qs[k], z < hi);
        }
        /* and right at the crossing */
        assert_int_equal(rs_normal_cdf(lo) < qs[k], lo < hi);
        assert_int_equal(rs_normal_cdf(hi) < qs[k], hi < hi);
    }
}

static void test_poisson_mean_matches(void **state)
{
    (void)state;
    rs_rng_key key = rs_rng_key_make(5, 0);
    const int n = 50000;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        rs_rng_block b = rs_rng_block_at(key, (uint32_t)i, RS_PURPOSE_HISTORY, 0, 0);
        sum += rs_sample_poisson(6.5, b.v[0], b.v[1], b.v[2]);
    }
    assert_float_equal(sum / n, 6.5, 0.06); /* SE 0.011 */
    /* Above 500: the normal approximation, from the other two words. */
    double big = 0.0, big_sq = 0.0;
    for (int i = 0; i < n; i++) {
        rs_rng_block b = rs_rng_block_at(key, (uint32_t)i, RS_PURPOSE_HISTORY, 0, 0);
        double k = rs_sample_poisson(900.0, b.v[0], b.v[1], b.v[2]);
        big += k;
        big_sq += k * k;
    }
    double mean = big / n;
    assert_float_equal(mean, 900.0, 0.7);                       /* SE 0.13 */
    assert_float_equal(big_sq / n - mean * mean, 900.0, 40.0); /* variance = mean */
}

static void test_gamma_mean_and_variance_match(void **state)
{
    (void)state;
    rs_rng_key key = rs_rng_key_make(6, 0);
    const double shapes[2] = {0.5, 3.0};
    for (int s = 0; s < 2; s++) {
        const int n = 50000;
        double sum = 0.0, sum2 = 0.0;
        for (int i = 0; i < n; i++) {
            double x = rs_sample_gamma(key, (uint32_t)i, RS_PURPOSE_FRAILTY, 0, 0, shapes[s]);
            sum += x;
            sum2 += x * x;
        }
        double mean = sum / n, var = sum2 / n - mean * mean;
        assert_float_equal(mean, shapes[s], 0.03 * shapes[s] + 0.01);
        assert_float_equal(var, shapes[s], 0.08 * shapes[s]);
    }
}

static void test_normal_cdf_known_values(void **state)
{
    (void)state;
    assert_float_equal(rs_normal_cdf(0.0), 0.5, 1e-12);
    assert_float_equal(rs_normal_cdf(1.959963985), 0.975, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_categorical_picks_by_cumulative_weight_and_skips_zeros),
        cmocka_unit_test(test_prepared_categorical_matches_direct_sampling),
        cmocka_unit_test(test_exponential_draws),
        cmocka_unit_test(test_normal_cdf_bracket_replaces_the_cdf_comparison),
        cmocka_unit_test(test_poisson_mean_matches),
        cmocka_unit_test(test_gamma_mean_and_variance_match),
        cmocka_unit_test(test_normal_cdf_known_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
