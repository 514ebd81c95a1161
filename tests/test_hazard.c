/* reoffsim tests — the Weibull offending clock: sampled times follow the
 * analytic CDF, OGRS3 probabilities are reproduced, re-timing keeps draws. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hazard.h"
#include "hazard_table.h"
#include "reoffsim/ogrs3.h"
#include "reoffsim/rng.h"
#include "sampling.h"

static void test_hazard_reproduces_ogrs3_one_and_two_year_probabilities(void **state)
{
    (void)state;
    rs_hazard h = rs_hazard_from_ogrs3(0.423, 0.601, 1.0, 0.1, 3.0);
    assert_float_equal(1.0 - exp(-rs_hazard_cumulative(h, 365.0)), 0.423, 1e-12);
    assert_float_equal(1.0 - exp(-rs_hazard_cumulative(h, 730.0)), 0.601, 1e-12);
    /* MODEL.md §2: shape ~0.74 for the worked example. */
    assert_float_equal(h.k, 0.74, 0.01);
}

static void test_hazard_shape_is_clamped(void **state)
{
    (void)state;
    assert_float_equal(rs_hazard_from_ogrs3(0.5, 0.51, 1.0, 0.3, 1.5).k, 0.3, 1e-12);
    assert_float_equal(rs_hazard_from_ogrs3(0.1, 0.9, 1.0, 0.3, 1.5).k, 1.5, 1e-12);
}

/* Empirical CDF of sampled first-event times vs 1 - exp(-Lambda(t)). */
static void test_hazard_sampled_times_follow_analytic_cdf(void **state)
{
    (void)state;
    rs_hazard h = {0.8, 0.74};
    const int n = 200000;
    const double probes[5] = {7, 30, 180, 365, 1000};
    int below[5] = {0};
    rs_rng_key key = rs_rng_key_make(99, 0);
    for (int i = 0; i < n; i++) {
        double e = rs_sample_exp1(rs_rng_block_at(key, (uint32_t)i, RS_PURPOSE_OFFENCE, 0, 0).v[0]);
        double t = rs_hazard_inverse(h, e);
        for (int j = 0; j < 5; j++) below[j] += t <= probes[j];
    }
    for (int j = 0; j < 5; j++) {
        double want = 1.0 - exp(-rs_hazard_cumulative(h, probes[j]));
        assert_float_equal((double)below[j] / n, want, 0.005); /* SE <= 0.0011 */
    }
}

/* The engine's clock: the next event sits at the previous one's cumulative
 * intensity plus a fresh draw, and inverse undoes cumulative. */
static void test_hazard_inverse_continues_the_clock(void **state)
{
    (void)state;
    rs_hazard h = {1.2, 0.6};
    double t1 = rs_hazard_inverse(h, 0.5);
    double t2 = rs_hazard_inverse(h, rs_hazard_cumulative(h, t1) + 0.7);
    assert_float_equal(rs_hazard_cumulative(h, t2), 1.2, 1e-9);
    assert_true(t2 > t1);
}

static void test_hazard_rerate_lower_hazard_moves_event_later_with_same_draw(void **state)
{
    (void)state;
    rs_hazard from = {1.0, 0.8}, to = {0.5, 0.8};
    double now = 30.0, cum = rs_hazard_cumulative(from, now) + 0.9, next = rs_hazard_inverse(from, cum);
    double moved = rs_hazard_inverse(to, rs_hazard_rerate(from, to, now, cum));
    assert_true(moved > next);
    /* The intensity owed after `now` is the same under the new hazard. */
    assert_float_equal(rs_hazard_cumulative(to, moved) - rs_hazard_cumulative(to, now), 0.9, 1e-9);
}

static void test_hazard_rerate_through_zero_keeps_the_owed_intensity(void **state)
{
    (void)state;
    rs_hazard h = {1.0, 0.7}, zero = {0.0, 0.7};
    double now = 100.0, cum = rs_hazard_cumulative(h, now) + 0.4;
    double paused = rs_hazard_rerate(h, zero, now, cum); /* hazard switched off */
    assert_true(isinf(rs_hazard_inverse(zero, paused)));
    double resumed = rs_hazard_rerate(zero, h, now + 50.0, paused); /* and back on later */
    double t = rs_hazard_inverse(h, resumed);
    assert_float_equal(rs_hazard_cumulative(h, t) - rs_hazard_cumulative(h, now + 50.0), 0.4, 1e-9);
}

static void test_hazard_zero_scale_never_fires(void **state)
{
    (void)state;
    rs_hazard h = {0.0, 0.8};
    assert_true(isinf(rs_hazard_inverse(h, 1.0)));
}

/* The engine's path from the predictor gives the same Weibull as going
 * through the probabilities (to rounding), across the whole score range. */
static void test_hazard_from_predictor_matches_from_probabilities(void **state)
{
    (void)state;
    assert_true(fabs(exp(RS_OGRS3_C2 - RS_OGRS3_C1) / 2.052667157594393 - 1.0) < 1e-15);
    for (double y = -8.0; y <= 6.0; y += 0.01) {
        double p1, p2;
        rs_ogrs3_probabilities(y, &p1, &p2);
        rs_hazard want = rs_hazard_from_ogrs3(p1, p2, 1.3, 0.05, 5.0);
        rs_hazard got = rs_hazard_from_ogrs3_predictor(y, 1.3, 0.05, 5.0);
        assert_true(fabs(got.a - want.a) <= 1e-12 * want.a);
        assert_true(fabs(got.k - want.k) <= 1e-9);
    }
}

/* The tabulated hazard matches the direct computation far below float
 * resolution across the table, between knots as well as on them, and falls
 * back to it outside; shapes are clamped the same way. */
static void test_hazard_table_matches_direct_computation(void **state)
{
    (void)state;
    static rs_hazard_table table;
    rs_hazard_table_init(&table);
    double worst_h1 = 0.0, worst_k = 0.0;
    for (int j = 0; j <= 240000; j++) {
        double y = -12.5 + 25.0 * j / 240000.0 + 1e-7 * (j % 7); /* off the knots too */
        rs_hazard want = rs_hazard_from_ogrs3_predictor(y, 1.7, 0.0, 5.0);
        rs_hazard got = rs_hazard_table_eval(&table, y, 1.7, 0.0, 5.0);
        double e_h1 = fabs(got.a / want.a - 1.0), e_k = fabs(got.k - want.k);
        if (e_h1 > worst_h1) worst_h1 = e_h1;
        if (e_k > worst_k) worst_k = e_k;
        if (y < RS_HAZARD_TABLE_Y_MIN || y >= RS_HAZARD_TABLE_Y_MAX) {
            assert_true(got.a == want.a);
            assert_true(got.k == want.k);
        }
    }
    print_message("hazard table: worst relative error of H1 %.2g, of k %.2g\n", worst_h1, worst_k);
    assert_true(worst_h1 < 1e-9);
    assert_true(worst_k < 1e-9);
    /* Without a table (units built by hand in tests): the direct computation. */
    rs_hazard direct = rs_hazard_from_ogrs3_predictor(0.3, 1.7, 0.0, 5.0);
    rs_hazard untabled = rs_hazard_table_eval(NULL, 0.3, 1.7, 0.0, 5.0);
    assert_true(untabled.a == direct.a && untabled.k == direct.k);
    /* Clamping: a shape range that excludes the unclamped k on either side. */
    assert_float_equal(rs_hazard_table_eval(&table, 0.3, 1.0, 0.9, 0.95).k, 0.9, 0.0);
    assert_float_equal(rs_hazard_table_eval(&table, 0.3, 1.0, 0.1, 0.2).k, 0.2, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hazard_reproduces_ogrs3_one_and_two_year_probabilities),
        cmocka_unit_test(test_hazard_shape_is_clamped),
        cmocka_unit_test(test_hazard_sampled_times_follow_analytic_cdf),
        cmocka_unit_test(test_hazard_inverse_continues_the_clock),
        cmocka_unit_test(test_hazard_rerate_lower_hazard_moves_event_later_with_same_draw),
        cmocka_unit_test(test_hazard_rerate_through_zero_keeps_the_owed_intensity),
        cmocka_unit_test(test_hazard_zero_scale_never_fires),
        cmocka_unit_test(test_hazard_from_predictor_matches_from_probabilities),
        cmocka_unit_test(test_hazard_table_matches_direct_computation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
