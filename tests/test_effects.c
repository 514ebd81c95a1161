/* reoffsim tests — service effects: end days kept as the unit's day ticks
 * (rounded up by less than one tick), combined ratios and expiry; the 16-bit day clock they share with other
 * per-agent days. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "day_ticks.h"
#include "unit.h"

#define FIXTURE_YEARS 20

typedef struct {
    rs_params p;
    rs_agents a;
    rs_services_state svc;
    rs_unit_result res;
    double year[RS_N_YEAR_TOTALS * FIXTURE_YEARS];
    rs_unit u;
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    assert_int_equal(rs_agents_reserve(&f.a, 1, NULL), 0);
    f.a.hot[0].state = RS_STATE_NOT_ENTERED; /* not at liberty: no offence to re-time */
    f.res = (rs_unit_result){.years = FIXTURE_YEARS, .year = f.year};
    f.u = (rs_unit){.p = &f.p, .a = &f.a, .svc = &f.svc, .res = &f.res};
    rs_unit_set_horizon(&f.u, 20 * 365.0);
    rs_effects_reset(&f.a, 0);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rs_agents_free(&f->a);
    return 0;
}

static void test_effect_lasts_its_days_rounded_up_by_under_a_tick(void **state)
{
    fixture *f = *state;
    double tick = f->u.tick_days;
    assert_true(tick > 0.0 && tick < 3.0 / 24.0); /* under 3 hours at 20 years */
    rs_effect_start(&f->u, 0, 1000.25, RS_EFF_TAG, 0.8, 30.0);
    assert_true(rs_effect_active(&f->u, 0, RS_EFF_TAG, 1000.25));
    assert_true(rs_effect_active(&f->u, 0, RS_EFF_TAG, 1030.2));
    double end = rs_ticks_end_day(f->a.hot[0].svc_next, f->u.tick_days);
    assert_true(end >= 1030.25 - 1e-3 && end < 1030.25 + tick + 1e-3);
    assert_false(rs_effect_active(&f->u, 0, RS_EFF_TAG, end));
    assert_float_equal(rs_effects_ratio(&f->u, 0, 1000.25), 0.8f, 1e-7);

    rs_effect_start(&f->u, 0, 1010.0, RS_EFF_GTO_IOM, 0.5, 5.0);
    assert_float_equal(rs_effects_ratio(&f->u, 0, 1010.0), 0.4f, 1e-6); /* ratios multiply */
    double first_end = rs_ticks_end_day(f->a.hot[0].svc_next, f->u.tick_days);
    assert_true(first_end < 1015.0 + tick + 1e-3); /* the earlier end is next */

    rs_effect ended[RS_N_EFFECTS];
    int n = 0;
    rs_effects_expire(&f->u, 0, first_end, ended, &n);
    assert_int_equal(n, 1);
    assert_int_equal(ended[0], RS_EFF_GTO_IOM);
    assert_float_equal(rs_effects_ratio(&f->u, 0, first_end), 0.8f, 1e-7);
    rs_effects_expire(&f->u, 0, end, ended, &n);
    assert_int_equal(n, 1);
    assert_int_equal(ended[0], RS_EFF_TAG);
    assert_float_equal(rs_effects_ratio(&f->u, 0, end), 1.0f, 0);
    assert_int_equal(f->a.hot[0].svc_next, 0);
    assert_true(isinf(rs_ticks_end_day(f->a.hot[0].svc_next, f->u.tick_days)));
}

/* The 16-bit day clock (day_ticks.h) that effect ends, licence and order
 * ends, waiting-list joins and first-offence days share. */
static void test_day_ticks_round_the_right_way_and_keep_order(void **state)
{
    (void)state;
    double horizon = 5 * 365.0, tick = rs_tick_days(horizon);
    assert_true(tick < 1.0 / 24.0); /* under an hour at 5 years */
    assert_int_equal(rs_ticks_up(-INFINITY, tick), 0);
    assert_int_equal(rs_ticks_up(0.0, tick), 0);
    assert_int_equal(rs_ticks_up(1e9, tick), RS_TICKS_MAX); /* past the horizon: the last tick */
    assert_true(rs_ticks_down(horizon - 1e-9, tick) < RS_TICKS_NONE);
    assert_true(isinf(rs_ticks_end_day(0, tick)));                       /* an end of 0 ticks: none */
    assert_float_equal(rs_ticks_end_day(3, tick), (float)(3 * tick), 0.0); /* others: their day */
    for (double day = 0.37; day < horizon; day += 97.31) {
        double up = rs_ticks_day(rs_ticks_up(day, tick), tick);
        double down = rs_ticks_day(rs_ticks_down(day, tick), tick);
        assert_true(up >= day - 1e-9 && up < day + tick + 1e-9);   /* "until" rounds later */
        assert_true(down <= day + 1e-9 && down > day - tick - 1e-9); /* "since" rounds earlier */
        assert_true(rs_ticks_down(day, tick) <= rs_ticks_down(day + tick, tick)); /* order kept */
    }
}

static void test_tiny_effect_is_still_active_when_it_starts(void **state)
{
    fixture *f = *state;
    rs_effect_start(&f->u, 0, 7000.0, RS_EFF_DRUG_TREATMENT, 0.9, 1e-9);
    assert_true(rs_effect_active(&f->u, 0, RS_EFF_DRUG_TREATMENT, 7000.0));
    rs_effect_stop(&f->u, 0, 7000.0, RS_EFF_DRUG_TREATMENT);
    assert_false(rs_effect_active(&f->u, 0, RS_EFF_DRUG_TREATMENT, 7000.0));
}

static void test_effect_past_the_horizon_saturates(void **state)
{
    fixture *f = *state;
    rs_effect_start(&f->u, 0, 7000.0, RS_EFF_KW_SUPPORT, 0.7, 5000.0);
    assert_true(rs_effect_active(&f->u, 0, RS_EFF_KW_SUPPORT, 20 * 365.0 - 1.0));
}

/* Every kind with its own ratio (distinct powers of two would multiply
 * exactly in any order; these do not, so the order shows). */
static double kind_ratio(rs_effect e) { return 0.9 - 0.07 * (int)e; }

/* The product of the ratios is taken in kind order whatever order the
 * effects started in: the slots keep kind order, so the result is bitwise
 * the same as a column per kind (the layout before the slots). */
static void test_slots_multiply_in_kind_order_whatever_the_start_order(void **state)
{
    fixture *f = *state;
    const rs_effect order[] = {RS_EFF_GTO_WOMEN, RS_EFF_DRUG_TREATMENT, RS_EFF_TAG, RS_EFF_KW_INTENSIVE,
                               RS_EFF_TRI_TREATMENT, RS_EFF_GTO_IOM};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        assert_int_equal(rs_effect_start(&f->u, 0, 100.0, order[k], kind_ratio(order[k]), 50.0 + (double)k), 1);
    float expect = 1.0f;
    for (int e = 0; e < RS_N_EFFECTS; e++)
        for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
            if (order[k] == (rs_effect)e) expect *= (float)kind_ratio((rs_effect)e);
    float got = rs_effects_ratio(&f->u, 0, 120.0);
    assert_memory_equal(&got, &expect, sizeof got);
    for (int k = 1; k < RS_EFFECT_SLOTS; k++) /* kept in kind order */
        assert_true(rs_effect_slot_kind(&f->a.effects[0], k - 1) < rs_effect_slot_kind(&f->a.effects[0], k));

    /* Stopping one keeps the rest, still in order. */
    rs_effect_stop(&f->u, 0, 120.0, RS_EFF_TAG);
    assert_false(rs_effect_active(&f->u, 0, RS_EFF_TAG, 120.0));
    assert_true(rs_effect_active(&f->u, 0, RS_EFF_GTO_WOMEN, 120.0));
    expect /= (float)kind_ratio(RS_EFF_TAG);
    assert_float_equal(rs_effects_ratio(&f->u, 0, 120.0), expect, 1e-6);
}

/* A seventh effect at once is not started and is counted; a restart of a
 * kind in force takes no new slot; an ended slot is freed for a new kind. */
static void test_full_slots_crowd_out_and_count(void **state)
{
    fixture *f = *state;
    for (int e = 0; e < RS_EFFECT_SLOTS; e++)
        assert_int_equal(rs_effect_start(&f->u, 0, 100.0, (rs_effect)e, kind_ratio((rs_effect)e), 10.0 + e), 1);
    rs_effect extra = (rs_effect)RS_EFFECT_SLOTS;
    assert_int_equal(rs_effect_start(&f->u, 0, 101.0, extra, kind_ratio(extra), 30.0), 0);
    assert_false(rs_effect_active(&f->u, 0, extra, 101.0));
    assert_float_equal(rs_year_row(&f->res, RS_YEAR_EFFECTS_CROWDED_OUT)[0], 1.0, 0.0);
    assert_int_equal(rs_effect_start(&f->u, 0, 101.0, (rs_effect)0, kind_ratio((rs_effect)0), 30.0), 1);
    assert_true(rs_effect_active(&f->u, 0, (rs_effect)0, 125.0));

    /* Kind 1 ends at 111: a start at that very time (before its expiry event
     * ran) runs the expiry first and takes the freed slot. */
    double end1 = rs_ticks_end_day(f->a.effects[0].until[1], f->u.tick_days);
    assert_int_equal(rs_effect_start(&f->u, 0, end1, extra, kind_ratio(extra), 30.0), 1);
    assert_true(rs_effect_active(&f->u, 0, extra, end1));
    assert_false(rs_effect_active(&f->u, 0, (rs_effect)1, end1));
    assert_float_equal(rs_year_row(&f->res, RS_YEAR_EFFECTS_CROWDED_OUT)[0], 1.0, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_ticks_round_the_right_way_and_keep_order),
        cmocka_unit_test_setup_teardown(test_effect_lasts_its_days_rounded_up_by_under_a_tick, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tiny_effect_is_still_active_when_it_starts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_effect_past_the_horizon_saturates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slots_multiply_in_kind_order_whatever_the_start_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_slots_crowd_out_and_count, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
