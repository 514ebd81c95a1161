/* reoffsim tests — one work unit end to end: determinism, the mechanisms
 * (no hazard, no detection, incapacitation), MoJ measure sanity, and common
 * random numbers across scenarios. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "reoffsim/engine.h"
#include "reoffsim/stats.h"
#include "test_support.h"

#define AGENTS 3000
#define YEARS 3

typedef ts_units fixture;

static int setup(void **state)
{
    *state = ts_units_create("baseline.yaml", AGENTS, YEARS);
    return *state ? 0 : -1;
}

static rs_params *params(fixture *f) { return &f->cfg.scenarios[0].params; }

static void run(fixture *f, const rs_params *p, uint32_t replicate, int slot) { ts_units_run(f, p, replicate, slot); }

static double year_sum(const rs_unit_result *r, rs_year_total t)
{
    double s = 0.0;
    for (int y = 0; y < r->years; y++) s += rs_year_row(r, t)[y];
    return s;
}

static void test_same_replicate_gives_identical_results(void **state)
{
    fixture *f = *state;
    run(f, params(f), 3, 0);
    run(f, params(f), 3, 1);
    assert_memory_equal(f->res[0].reoffences, f->res[1].reoffences, sizeof f->res[0].reoffences);
    assert_memory_equal(f->year[0], f->year[1], sizeof f->year[0]);
    assert_true(f->res[0].events == f->res[1].events && f->res[0].events > AGENTS);
    run(f, params(f), 4, 1);
    assert_true(f->res[0].events != f->res[1].events);
}

static void test_measures_are_consistent(void **state)
{
    fixture *f = *state;
    run(f, params(f), 0, 0);
    const rs_unit_result *r = &f->res[0];
    assert_float_equal(r->cohort[RS_GROUP_ALL], AGENTS, 0);
    double rate = rs_metric_rate(r, RS_GROUP_ALL);
    assert_true(rate > 0.05 && rate < 0.6);
    assert_true(r->reoffences[RS_GROUP_ALL] >= r->reoffenders[RS_GROUP_ALL]);
    double by_disposal = 0.0;
    for (int g = RS_GROUP_CAUTION; g <= RS_GROUP_CUSTODY_LONG; g++) by_disposal += r->cohort[g];
    assert_float_equal(by_disposal, AGENTS, 0);
    assert_float_equal(r->cohort[RS_GROUP_FEMALE] + r->cohort[RS_GROUP_MALE], AGENTS, 0);
    /* Higher OGRS3 bands reoffend more. */
    assert_true(rs_metric_rate(r, RS_GROUP_BAND_HIGH) > rs_metric_rate(r, RS_GROUP_BAND_LOW));
    for (int y = 0; y < YEARS; y++) assert_true(rs_year_row(r, RS_YEAR_OFFENCES)[y] > 0);
    assert_true(year_sum(r, RS_YEAR_PROVEN_OFFENCES) <= year_sum(r, RS_YEAR_OFFENCES));
}

static void test_zero_hazard_means_no_offending(void **state)
{
    fixture *f = *state;
    rs_params p = *params(f);
    p.offending.hazard_scale = 0.0;
    run(f, &p, 0, 0);
    assert_float_equal(year_sum(&f->res[0], RS_YEAR_OFFENCES), 0, 0);
    assert_float_equal(f->res[0].reoffenders[RS_GROUP_ALL], 0, 0);
}

static void test_zero_detection_means_no_arrests_or_proven_reoffending(void **state)
{
    fixture *f = *state;
    rs_params p = *params(f);
    for (int o = 0; o < RS_N_OFFENCES; o++) p.detection.probability[o] = 0.0;
    run(f, &p, 0, 0);
    assert_true(year_sum(&f->res[0], RS_YEAR_OFFENCES) > 0);
    assert_float_equal(year_sum(&f->res[0], RS_YEAR_ARRESTS), 0, 0);
    assert_float_equal(f->res[0].reoffenders[RS_GROUP_ALL], 0, 0);
}

/* Everyone convicted gets long custody: prison days rise and, because no
 * one offends in custody, community offences fall. */
static void test_custody_incapacitates(void **state)
{
    fixture *f = *state;
    rs_params p = *params(f);
    run(f, &p, 0, 0);
    p.court.conviction_probability = 1.0;
    for (int s = 0; s < RS_N_SENTENCES; s++) p.court.sentence_share_first[s] = s == RS_N_SENTENCES - 1 ? 1.0 : 0.0;
    p.police.caution_first_time = 0.0;
    run(f, &p, 0, 1);
    assert_true(year_sum(&f->res[1], RS_YEAR_PRISON_DAYS) > 2.0 * year_sum(&f->res[0], RS_YEAR_PRISON_DAYS));
    assert_true(year_sum(&f->res[1], RS_YEAR_OFFENCES) < 0.95 * year_sum(&f->res[0], RS_YEAR_OFFENCES));
}

/* Court delay grows with previous convictions ([002]: x2 at ten): doubling
 * the per-conviction slope keeps more cases pending past the MoJ window. */
static void test_longer_court_delay_lowers_proven_rate(void **state)
{
    fixture *f = *state;
    rs_params p = *params(f);
    run(f, &p, 0, 0);
    p.court.delay_per_previous = 2.0;
    run(f, &p, 0, 1);
    assert_true(rs_metric_rate(&f->res[1], RS_GROUP_ALL) < rs_metric_rate(&f->res[0], RS_GROUP_ALL));
}

/* Common random numbers: a scenario that only lowers the hazard, compared
 * replicate by replicate, differs far less noisily than against
 * independent replicates. */
static void test_paired_difference_has_far_smaller_variance_than_unpaired(void **state)
{
    fixture *f = *state;
    enum { R = 24 };
    double a[R], b[R], b_indep[R];
    rs_params pa = *params(f), pb = *params(f);
    pb.offending.hazard_scale *= 0.9;
    for (int r = 0; r < R; r++) {
        run(f, &pa, (uint32_t)r, 0);
        a[r] = rs_metric_rate(&f->res[0], RS_GROUP_ALL);
        run(f, &pb, (uint32_t)r, 1);
        b[r] = rs_metric_rate(&f->res[1], RS_GROUP_ALL);
        run(f, &pb, (uint32_t)(r + 1000), 1);
        b_indep[r] = rs_metric_rate(&f->res[1], RS_GROUP_ALL);
    }
    rs_summary paired = rs_stats_paired(b, a, R, 1), unpaired = rs_stats_paired(b_indep, a, R, 1);
    assert_true(paired.mean < 0.0);
    assert_true(paired.sd * paired.sd * 10.0 < unpaired.sd * unpaired.sd);
}

/* Issue 8's memory budget: every per-agent array of a unit (agents, event
 * queue, waiting-list link) in at most 128 bytes. A new per-agent field has
 * to find its bytes elsewhere. */
static void test_state_fits_128_bytes_per_agent(void **state)
{
    (void)state;
    size_t bytes = rs_engine_bytes_per_agent();
    print_message("%zu bytes per agent\n", bytes);
    assert_true(bytes >= 64); /* counts the real arrays, not nothing */
    assert_true(bytes <= 128);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_replicate_gives_identical_results),
        cmocka_unit_test(test_measures_are_consistent),
        cmocka_unit_test(test_zero_hazard_means_no_offending),
        cmocka_unit_test(test_zero_detection_means_no_arrests_or_proven_reoffending),
        cmocka_unit_test(test_custody_incapacitates),
        cmocka_unit_test(test_longer_court_delay_lowers_proven_rate),
        cmocka_unit_test(test_paired_difference_has_far_smaller_variance_than_unpaired),
        cmocka_unit_test(test_state_fits_128_bytes_per_agent),
    };
    return cmocka_run_group_tests(tests, setup, ts_units_teardown);
}
