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
    /* MoJ's breakdowns partition the cohort: previous offences, age band. */
    double by_previous = 0.0, by_age = 0.0;
    for (int g = RS_GROUP_PREVIOUS_0; g <= RS_GROUP_PREVIOUS_11_PLUS; g++) by_previous += r->cohort[g];
    for (int g = RS_GROUP_AGE_BAND_FIRST; g < RS_GROUP_AGE_BAND_FIRST + RS_N_AGE_BANDS; g++) by_age += r->cohort[g];
    assert_float_equal(by_previous, AGENTS, 0);
    assert_float_equal(by_age, AGENTS, 0);
    double by_index = 0.0; /* and index offence group */
    for (int g = RS_GROUP_INDEX_FIRST; g < RS_GROUP_INDEX_FIRST + RS_N_INDEX_GROUPS; g++) by_index += r->cohort[g];
    assert_float_equal(by_index, AGENTS, 0);
    assert_true(r->cohort[RS_GROUP_INDEX_FIRST + RS_IOG_THEFT] > r->cohort[RS_GROUP_INDEX_FIRST + RS_IOG_ROBBERY]);
    /* MoJ's gradient: more previous offences, more reoffending [MoJ 2011: 11% vs 48%]. */
    assert_true(rs_metric_rate(r, RS_GROUP_PREVIOUS_11_PLUS) > 2.0 * rs_metric_rate(r, RS_GROUP_PREVIOUS_0));
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

/* ORA supervision of SSPs with every effect of supervision switched off
 * (no technical breaches, no recall on charge, no custody uplift for
 * offending on licence) changes nothing: licence alone is not a mechanism. */
static void test_ora_without_effects_leaves_offending_unchanged_bitwise(void **state)
{
    fixture *f = *state;
    rs_params p = *params(f);
    p.custody.technical_breach_rate = 0.0;
    p.custody.recall_on_charge = 0.0;
    p.court.on_order_custody_ratio = 1.0;
    p.custody.ora_supervision = 0;
    run(f, &p, 2, 0);
    p.custody.ora_supervision = 1;
    run(f, &p, 2, 1);
    assert_memory_equal(rs_year_row(&f->res[0], RS_YEAR_OFFENCES), rs_year_row(&f->res[1], RS_YEAR_OFFENCES),
                        YEARS * sizeof(double));
    assert_memory_equal(f->res[0].reoffences, f->res[1].reoffences, sizeof f->res[0].reoffences);
}

/* Days at liberty of the cohort over the run: entry is uniform over the
 * cohort period, less the days held. */
static double liberty_days(const rs_params *p, const rs_unit_result *r)
{
    double exposure = AGENTS * (YEARS * 365.0 - p->run.cohort_period_days / 2.0);
    return exposure - year_sum(r, RS_YEAR_PRISON_DAYS) - year_sum(r, RS_YEAR_REMAND_DAYS);
}

/* Offences with ORA supervision (breaches and recalls on) relative to
 * without, per day at liberty, summed over replicates. */
static double ora_offence_rate_ratio(fixture *f, const rs_params *base, double *offence_ratio)
{
    rs_params p = *base;
    double off[2] = {0, 0}, lib[2] = {0, 0};
    for (uint32_t r = 0; r < 4; r++)
        for (int ora = 0; ora < 2; ora++) {
            p.custody.ora_supervision = ora;
            run(f, &p, r, ora);
            off[ora] += year_sum(&f->res[ora], RS_YEAR_OFFENCES);
            lib[ora] += liberty_days(&p, &f->res[ora]);
        }
    *offence_ratio = off[1] / off[0];
    return (off[1] / lib[1]) / (off[0] / lib[0]);
}

/* With breaches on, supervision changes offences through time held (recalls
 * take people off the street), not through a restarted post-release peak:
 * offences do not rise, and neither does the offending rate per day at
 * liberty (it falls a little: those recalled are the most active, so their
 * days held are the highest-rate days). With every release restoring the
 * full elevation (peak_restore_days 1: the old reset clock) the rate rises
 * (measured: offences x1.013, rate x1.025, against x0.949 and x0.960). */
static void test_ora_changes_offences_through_time_held_not_a_reset_clock(void **state)
{
    fixture *f = *state;
    rs_params p = *params(f);
    p.custody.technical_breach_rate = 1.0; /* many recalls, so the mechanism shows */
    double offences, rate = ora_offence_rate_ratio(f, &p, &offences);
    print_message("ORA with breaches: offences x%.4f, per liberty day x%.4f\n", offences, rate);
    assert_true(offences <= 1.0);
    assert_true(rate <= 1.005);
    p.offending.peak_restore_days = 1.0;
    double reset_offences, reset_rate = ora_offence_rate_ratio(f, &p, &reset_offences);
    print_message("... with a reset clock: offences x%.4f, per liberty day x%.4f\n", reset_offences, reset_rate);
    assert_true(reset_rate > rate + 0.01);
}

/* Issue 8's memory budget: every per-agent array of a unit (agents, event
 * queue, waiting-list link) in at most 128 bytes. A new per-agent field has
 * to find its bytes elsewhere. */
/* Community drug treatment: a hazard mechanism and nothing else (with the
 * treatment at no effect, switching the route on changes no offence), it
 * lowers offending when the treatment works, and DIP's referral reaches
 * only users not already in treatment (with every user reached by the
 * community route at the arrest, DIP starts none). */
static void test_community_treatment_acts_only_through_treatment(void **state)
{
    fixture *f = *state;
    rs_params p = *params(f);
    p.services.dip.treatment_hazard_ratio = 1.0;
    p.treatment.community_share = 0.0;
    run(f, &p, 5, 0);
    assert_float_equal(year_sum(&f->res[0], RS_YEAR_COMMUNITY_TREATMENT_STARTS), 0.0, 0.0);
    p.treatment.community_share = 1.0;
    run(f, &p, 5, 1);
    assert_true(year_sum(&f->res[1], RS_YEAR_COMMUNITY_TREATMENT_STARTS) > 10.0);
    assert_memory_equal(rs_year_row(&f->res[0], RS_YEAR_OFFENCES), rs_year_row(&f->res[1], RS_YEAR_OFFENCES),
                        YEARS * sizeof(double));

    p.services.dip.treatment_hazard_ratio = 0.5;
    run(f, &p, 5, 1);
    assert_true(year_sum(&f->res[1], RS_YEAR_OFFENCES) < year_sum(&f->res[0], RS_YEAR_OFFENCES));

    p.services.dip.c.enabled = 1;
    run(f, &p, 5, 1);
    assert_true(year_sum(&f->res[1], RS_YEAR_DIP_POSITIVE) > 10.0);
    assert_float_equal(year_sum(&f->res[1], RS_YEAR_DIP_TREATMENT_STARTS), 0.0, 0.0);
    p.treatment.community_share = 0.0;
    run(f, &p, 5, 1);
    assert_true(year_sum(&f->res[1], RS_YEAR_DIP_TREATMENT_STARTS) > 10.0);
}

/* Needs met by a service recur after custody, raising offending; nothing
 * recurs without a service (no need is created), nor with the chance 0. */
static void test_met_needs_recur_after_custody(void **state)
{
    fixture *f = *state;
    rs_params p = *params(f);
    for (int j = 0; j < RS_N_NEEDS; j++) p.custody.need_relapse[j] = 1.0;
    p.custody.need_relapse_days = 0.01; /* every spell held counts in full */
    run(f, &p, 6, 0);
    assert_float_equal(year_sum(&f->res[0], RS_YEAR_NEEDS_RECURRED), 0.0, 0.0); /* no service met any */

    p.services.triborough.c.enabled = 1;
    p.services.triborough.c.start_day = 0.0;
    for (int j = 0; j < RS_N_NEEDS; j++) p.offending.need_hazard_ratio[j] = 1.5;
    run(f, &p, 6, 0);
    assert_true(year_sum(&f->res[0], RS_YEAR_NEEDS_RECURRED) > 5.0);
    for (int j = 0; j < RS_N_NEEDS; j++) p.custody.need_relapse[j] = 0.0;
    run(f, &p, 6, 1);
    assert_float_equal(year_sum(&f->res[1], RS_YEAR_NEEDS_RECURRED), 0.0, 0.0);
    assert_true(year_sum(&f->res[0], RS_YEAR_OFFENCES) > year_sum(&f->res[1], RS_YEAR_OFFENCES));
}

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
        cmocka_unit_test(test_ora_without_effects_leaves_offending_unchanged_bitwise),
        cmocka_unit_test(test_ora_changes_offences_through_time_held_not_a_reset_clock),
        cmocka_unit_test(test_community_treatment_acts_only_through_treatment),
        cmocka_unit_test(test_met_needs_recur_after_custody),
        cmocka_unit_test(test_state_fits_128_bytes_per_agent),
    };
    return cmocka_run_group_tests(tests, setup, ts_units_teardown);
}
