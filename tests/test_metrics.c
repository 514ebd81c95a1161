/* reoffsim tests — MoJ counting windows on hand-built event histories, the
 * derived measures, and per-year accounting. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "day_ticks.h"

#include "agents.h"
#include "reoffsim/metrics.h"
#include "unit.h"

static void test_moj_offence_window_is_twelve_months_from_cohort_start(void **state)
{
    (void)state;
    assert_true(rs_moj_offence_in_window(100, 100, 365));
    assert_true(rs_moj_offence_in_window(100, 464, 365));
    assert_false(rs_moj_offence_in_window(100, 465, 365));
    assert_false(rs_moj_offence_in_window(100, 99, 365));
}

static void test_moj_proof_window_adds_six_months(void **state)
{
    (void)state;
    assert_true(rs_moj_proof_in_time(0, 540, 365, 182));
    assert_true(rs_moj_proof_in_time(0, 547, 365, 182));
    assert_false(rs_moj_proof_in_time(0, 560, 365, 182));
}

/* A one-agent unit entering the cohort on day 0. */
typedef struct {
    rs_params p;
    rs_agents a;
    rs_unit_result res;
    double year[2 * RS_N_YEAR_TOTALS];
    rs_unit u;
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    f.p.run.followup_days = 365;
    f.p.run.waiting_days = 182;
    f.p.run.years = 2;
    assert_int_equal(rs_agents_reserve(&f.a, 1, NULL), 0);
    f.a.hot[0].t_entry = 0.0;
    f.a.record[0].first_reoffence = RS_TICKS_NONE;
    f.res.years = 2;
    f.res.year = f.year;
    f.u = (rs_unit){.p = &f.p, .key = rs_rng_key_make(1, 0), .a = &f.a, .res = &f.res};
    rs_unit_set_horizon(&f.u, 730.0);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rs_agents_free(&f->a);
    return 0;
}

static void test_offence_at_day_364_proven_at_day_540_counts(void **state)
{
    fixture *f = *state;
    int in_window = rs_moj_offence_in_window(0, 364, 365);
    rs_justice_record_proof(&f->u, 0, 540, 1, in_window, rs_ticks_down(364.0, f->u.tick_days));
    assert_int_equal(f->a.record[0].proven, 1);
    assert_float_equal(rs_ticks_day(f->a.record[0].first_reoffence, f->u.tick_days), 364.0, f->u.tick_days);
    assert_true(rs_ticks_day(f->a.record[0].first_reoffence, f->u.tick_days) <= 364.0); /* rounded down */
    assert_int_equal(f->a.hot[0].sanctions, 1);
}

static void test_offence_at_day_364_proven_at_day_560_does_not_count(void **state)
{
    fixture *f = *state;
    rs_justice_record_proof(&f->u, 0, 560, 1, rs_moj_offence_in_window(0, 364, 365), rs_ticks_down(364.0, f->u.tick_days));
    assert_int_equal(f->a.record[0].proven, 0);
    /* ... but it is still a proven offence in year 2's totals and a sanction. */
    assert_float_equal(rs_year_row(&f->res, RS_YEAR_PROVEN_OFFENCES)[1], 1.0, 0);
    assert_int_equal(f->a.hot[0].sanctions, 1);
}

static void test_offence_after_window_proven_early_does_not_count(void **state)
{
    fixture *f = *state;
    rs_justice_record_proof(&f->u, 0, 400, 1, rs_moj_offence_in_window(0, 366, 365), RS_TICKS_NONE);
    assert_int_equal(f->a.record[0].proven, 0);
}

static void test_derived_measures(void **state)
{
    (void)state;
    rs_unit_result r;
    memset(&r, 0, sizeof r);
    r.cohort[RS_GROUP_ALL] = 200;
    r.reoffenders[RS_GROUP_ALL] = 50;
    r.reoffences[RS_GROUP_ALL] = 145;
    r.days_to_first[RS_GROUP_ALL] = 5000;
    assert_float_equal(rs_metric_rate(&r, RS_GROUP_ALL), 0.25, 1e-12);
    assert_float_equal(rs_metric_per_reoffender(&r, RS_GROUP_ALL), 2.9, 1e-12);
    assert_float_equal(rs_metric_per_100(&r, RS_GROUP_ALL), 72.5, 1e-12);
    assert_float_equal(rs_metric_days_to_first(&r, RS_GROUP_ALL), 100, 1e-12);
    assert_true(isnan(rs_metric_rate(&r, RS_GROUP_FEMALE)));
}

static void test_year_span_splits_days_across_years_and_stops_at_horizon(void **state)
{
    fixture *f = *state;
    rs_year_add_span(&f->res, RS_YEAR_PRISON_DAYS, 300, 800);
    double *row = rs_year_row(&f->res, RS_YEAR_PRISON_DAYS);
    assert_float_equal(row[0], 65, 1e-9);
    assert_float_equal(row[1], 365, 1e-9);
}

/* rs_year_add puts a day in year floor(day / 365) on both sides of every
 * year boundary, even one ulp away, and drops days outside [0, horizon). */
static void test_year_add_finds_the_year_at_every_boundary(void **state)
{
    (void)state;
    enum { YEARS = 40 };
    double storage[RS_N_YEAR_TOTALS * YEARS];
    rs_unit_result r = {.years = YEARS, .year = storage};
    rs_unit_result_clear(&r);
    for (int y = 1; y < YEARS; y++) {
        double edge = 365.0 * y;
        rs_year_add(&r, RS_YEAR_OFFENCES, nextafter(edge, 0.0), 1.0);  /* last moment of year y-1 */
        rs_year_add(&r, RS_YEAR_OFFENCES, edge, 100.0);                  /* first of year y */
        rs_year_add(&r, RS_YEAR_OFFENCES, nextafter(edge, 1e9), 10000.0);
    }
    rs_year_add(&r, RS_YEAR_OFFENCES, 0.0, 100.0);
    rs_year_add(&r, RS_YEAR_OFFENCES, 365.0 * YEARS, 7.0);              /* at the horizon: dropped */
    rs_year_add(&r, RS_YEAR_OFFENCES, -1e-300, 7.0);                    /* before day 0: dropped */
    rs_year_add(&r, RS_YEAR_OFFENCES, INFINITY, 7.0);
    rs_year_add(&r, RS_YEAR_OFFENCES, NAN, 7.0);
    const double *row = rs_year_row(&r, RS_YEAR_OFFENCES);
    assert_float_equal(row[0], 100.0 + 1.0, 0.0);
    for (int y = 1; y < YEARS - 1; y++) assert_float_equal(row[y], 10100.0 + 1.0, 0.0);
    assert_float_equal(row[YEARS - 1], 10100.0, 0.0);
}

/* Counting at the current event (rs_unit_at, rs_unit_count) lands in the
 * same year as rs_year_add, across year ends reached one ulp early or late,
 * and days other than the event's still go through rs_year_add. */
static void test_unit_count_matches_year_add(void **state)
{
    (void)state;
    enum { YEARS = 6 };
    double by_unit[RS_N_YEAR_TOTALS * YEARS], by_add[RS_N_YEAR_TOTALS * YEARS];
    rs_unit_result r_unit = {.years = YEARS, .year = by_unit}, r_add = {.years = YEARS, .year = by_add};
    rs_unit_result_clear(&r_unit);
    rs_unit_result_clear(&r_add);
    rs_unit u = {.res = &r_unit};
    double amount = 1.0;
    for (int y = 0; y < YEARS; y++) {
        double edge = 365.0 * y;
        const double times[4] = {nextafter(edge, 0.0), edge, nextafter(edge, 1e9), edge + 100.5};
        for (int k = 0; k < 4; k++) {
            if (times[k] < 0.0) continue;
            rs_unit_at(&u, times[k]);
            rs_unit_count(&u, RS_YEAR_ARRESTS, times[k], amount);
            rs_year_add(&r_add, RS_YEAR_ARRESTS, times[k], amount);
            rs_unit_count(&u, RS_YEAR_ARRESTS, 365.0 * (YEARS - 1 - y), 7.0 * amount); /* not now */
            rs_year_add(&r_add, RS_YEAR_ARRESTS, 365.0 * (YEARS - 1 - y), 7.0 * amount);
            amount *= 2.0; /* each count identifiable by its bit */
        }
    }
    for (int y = 0; y < YEARS; y++)
        assert_true(rs_year_row(&r_unit, RS_YEAR_ARRESTS)[y] == rs_year_row(&r_add, RS_YEAR_ARRESTS)[y]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moj_offence_window_is_twelve_months_from_cohort_start),
        cmocka_unit_test(test_moj_proof_window_adds_six_months),
        cmocka_unit_test_setup_teardown(test_offence_at_day_364_proven_at_day_540_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offence_at_day_364_proven_at_day_560_does_not_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offence_after_window_proven_early_does_not_count, setup, teardown),
        cmocka_unit_test(test_derived_measures),
        cmocka_unit_test(test_year_add_finds_the_year_at_every_boundary),
        cmocka_unit_test(test_unit_count_matches_year_add),
        cmocka_unit_test_setup_teardown(test_year_span_splits_days_across_years_and_stops_at_horizon, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
