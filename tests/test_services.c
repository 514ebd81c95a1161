/* reoffsim tests — each service mechanism does what it claims, and does
 * nothing when switched off: DIP with a blind test equals no service, the
 * Tri-borough service with neutral effects equals no service, key workers
 * lower SSP reoffending, GPS tags raise detection, a budget that buys no key
 * worker serves nobody, and the default comparison keeps common random numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "reoffsim/engine.h"
#include "reoffsim/stats.h"
#include "test_support.h"

#define AGENTS 4000
#define YEARS 3

typedef ts_units fixture;

static int setup(void **state)
{
    *state = ts_units_create("triborough.yaml", AGENTS, YEARS);
    return *state ? 0 : -1;
}

static rs_params scenario(const fixture *f, const char *name)
{
    for (int s = 0; s < f->cfg.n_scenarios; s++)
        if (!strcmp(f->cfg.scenarios[s].name, name)) return f->cfg.scenarios[s].params;
    fail_msg("no scenario %s", name);
    rs_params none;
    memset(&none, 0, sizeof none);
    return none;
}

static const rs_unit_result *run(fixture *f, const rs_params *p, uint32_t replicate, int slot)
{
    return ts_units_run(f, p, replicate, slot);
}

static double total(const rs_unit_result *r, rs_year_total t) { return rs_metric_per_year(r, t) * r->years; }

/* Everything but the service activity counters is bitwise equal. */
static void assert_same_outcomes(const rs_unit_result *a, const rs_unit_result *b)
{
    assert_memory_equal(a->cohort, b->cohort, sizeof a->cohort);
    assert_memory_equal(a->reoffenders, b->reoffenders, sizeof a->reoffenders);
    assert_memory_equal(a->reoffences, b->reoffences, sizeof a->reoffences);
    assert_memory_equal(a->days_to_first, b->days_to_first, sizeof a->days_to_first);
    assert_memory_equal(a->year, b->year, sizeof(double) * (size_t)a->years * RS_YEAR_DIP_TESTS);
}

static void test_dip_with_zero_test_sensitivity_equals_no_service(void **state)
{
    fixture *f = *state;
    rs_params none = scenario(f, "no_service"), dip = scenario(f, "dip");
    dip.services.dip.test_sensitivity = 0.0;
    const rs_unit_result *a = run(f, &none, 0, 0), *b = run(f, &dip, 0, 1);
    assert_true(total(b, RS_YEAR_DIP_TESTS) > 0);
    assert_float_equal(total(b, RS_YEAR_DIP_POSITIVE), 0, 0);
    assert_same_outcomes(a, b);
}

static void test_dip_treatment_lowers_offending(void **state)
{
    fixture *f = *state;
    rs_params none = scenario(f, "no_service"), dip = scenario(f, "dip");
    double off[2] = {0, 0};
    for (uint32_t r = 0; r < 4; r++) {
        off[0] += total(run(f, &none, r, 0), RS_YEAR_OFFENCES);
        off[1] += total(run(f, &dip, r, 1), RS_YEAR_DIP_TREATMENT_STARTS) > 0 ? total(&f->res[1], RS_YEAR_OFFENCES) : 1e12;
    }
    assert_true(off[1] < off[0]);
}

/* A missed required assessment is an offence known to police; the arrest it
 * causes is not tested again (the person was tested for this episode), so
 * missing assessments cannot chain into test after test: with every
 * assessment missed and every miss prosecuted, DIP tests barely rise over
 * misses that are never prosecuted (without the rule they rose by half). */
static void test_dip_does_not_retest_the_arrest_a_missed_assessment_caused(void **state)
{
    fixture *f = *state;
    rs_params dip = scenario(f, "dip");
    dip.services.dip.attend_assessment = 0.0;
    double tests[2] = {0, 0}, missed = 0;
    for (int prosecuted = 0; prosecuted < 2; prosecuted++) {
        dip.services.dip.missed_assessment_detection = prosecuted;
        for (uint32_t r = 0; r < 2; r++) {
            const rs_unit_result *res = run(f, &dip, r, prosecuted);
            tests[prosecuted] += total(res, RS_YEAR_DIP_TESTS);
            if (prosecuted) missed += total(res, RS_YEAR_DIP_MISSED_ASSESSMENTS);
        }
    }
    print_message("DIP tests: %.0f with misses prosecuted, %.0f without (%.0f misses)\n", tests[1], tests[0], missed);
    assert_true(missed > 100);
    assert_true(tests[1] < 1.1 * tests[0]);
}

/* Tri-borough service with every effect neutral: activity, but no change. */
static void test_triborough_with_neutral_effects_equals_no_service(void **state)
{
    fixture *f = *state;
    rs_params none = scenario(f, "no_service"), tri = scenario(f, "triborough");
    rs_triborough_params *t = &tri.services.triborough;
    tri.services.dip.c.enabled = 0;
    t->treatment_hazard_ratio = t->intensive_hazard_ratio = t->support_hazard_ratio = 1.0;
    t->accommodation_resolved = t->ete_resolved = t->finance_resolved = t->fund_accommodation_boost = 0.0;
    const rs_unit_result *a = run(f, &none, 1, 0), *b = run(f, &tri, 1, 1);
    assert_true(total(b, RS_YEAR_TRI_SCREENED) > 0);
    assert_true(total(b, RS_YEAR_TRI_KEYWORKER_STARTS) > 0);
    assert_same_outcomes(a, b);
}

static void test_keyworkers_lower_ssp_reoffending(void **state)
{
    fixture *f = *state;
    rs_params none = scenario(f, "no_service"), tri = scenario(f, "triborough");
    tri.services.dip.c.enabled = 0;
    tri.services.triborough.c.start_day = 0;
    tri.services.triborough.screen_acceptance = 0.0; /* key workers only */
    double rate[2] = {0, 0};
    for (uint32_t r = 0; r < 4; r++) {
        rate[0] += rs_metric_rate(run(f, &none, r, 0), RS_GROUP_CUSTODY_SHORT);
        rate[1] += rs_metric_rate(run(f, &tri, r, 1), RS_GROUP_CUSTODY_SHORT);
        assert_true(total(&f->res[1], RS_YEAR_TRI_KEYWORKER_STARTS) > 0);
        assert_float_equal(total(&f->res[1], RS_YEAR_TRI_SCREENED), 0, 0);
    }
    assert_true(rate[1] < rate[0] - 0.01);
}

static void test_budget_too_small_for_one_key_worker_serves_nobody_and_says_so(void **state)
{
    fixture *f = *state;
    rs_params tri = scenario(f, "triborough");
    tri.services.triborough.keyworker_cost = 1e9;
    tri.services.triborough.women_keyworker_cost = 1e9;
    const rs_unit_result *b = run(f, &tri, 0, 0);
    assert_float_equal(total(b, RS_YEAR_TRI_KEYWORKER_STARTS), 0, 0);
    assert_float_equal(total(b, RS_YEAR_TRI_KEYWORKER_CAPACITY), 0, 0);
    assert_true(total(b, RS_YEAR_TRI_WAITLIST_JOINS) > 0);
    char notes[1024];
    assert_true(rs_params_capacity_notes(&tri, YEARS, notes, sizeof notes) >= 2);
    assert_non_null(strstr(notes, "key workers"));
    assert_non_null(strstr(notes, "nobody is served"));
    rs_params ok = scenario(f, "triborough");
    assert_int_equal(rs_params_capacity_notes(&ok, YEARS, notes, sizeof notes), 0);
}

/* GPS tags and IOM prison coordination are through-the-gate measures: with
 * nobody entering from custody and no custodial sentences, nobody in the
 * GTO cohort is tagged or gets IOM, while the pathways still run; with the
 * usual mix, tags go to custodial releases only. */
static void test_gto_tags_and_iom_only_on_release_from_custody(void **state)
{
    fixture *f = *state;
    rs_params p = scenario(f, "gto");
    const rs_unit_result *r = run(f, &p, 0, 0);
    assert_true(total(r, RS_YEAR_GTO_TAGGED) > 0);
    assert_true(total(r, RS_YEAR_GTO_TAGGED) + total(r, RS_YEAR_GTO_TAG_TURNED_AWAY) <= total(r, RS_YEAR_GTO_ELIGIBLE_RELEASES));
    for (int d = 0; d < RS_N_DISPOSALS; d++) p.population.disposal_share[d] = d == RS_DISP_FINE ? 1.0 : 0.0;
    for (int s = 0; s < RS_N_SENTENCES; s++) p.court.sentence_share_first[s] = s == 0 ? 1.0 : 0.0;
    r = run(f, &p, 0, 0);
    assert_float_equal(total(r, RS_YEAR_GTO_ELIGIBLE_RELEASES), 0, 0);
    assert_float_equal(total(r, RS_YEAR_GTO_TAGGED) + total(r, RS_YEAR_GTO_TAG_TURNED_AWAY), 0, 0);
    assert_float_equal(total(r, RS_YEAR_GTO_IOM_STARTS), 0, 0);
    assert_true(total(r, RS_YEAR_GTO_YOUNG_STARTS) + total(r, RS_YEAR_GTO_WOMEN_STARTS) > 0);
}

/* GTO with only the tag's detection effect, and tags for everyone. */
static rs_params tag_only(const fixture *f, double detection_ratio)
{
    rs_params p = scenario(f, "gto");
    rs_gto_params *g = &p.services.gto;
    p.services.dip.c.enabled = 0;
    g->tag_cost_per_year = 1.0;
    g->enforcement_detection_ratio = g->court_delay_ratio = g->court_custody_ratio = 1.0;
    g->iom_hazard_ratio = g->young_hazard_ratio = g->women_hazard_ratio = g->tag_hazard_ratio = 1.0;
    g->tag_arrest_delay_ratio = 1.0;
    g->tag_detection_ratio = detection_ratio;
    return p;
}

static void test_gps_tag_raises_detection(void **state)
{
    fixture *f = *state;
    rs_params plain = tag_only(f, 1.0), tagged = tag_only(f, 3.0);
    const rs_unit_result *a = run(f, &plain, 0, 0), *b = run(f, &tagged, 0, 1);
    assert_true(total(b, RS_YEAR_GTO_TAGGED) > 0);
    assert_float_equal(total(b, RS_YEAR_GTO_TAG_TURNED_AWAY), 0, 0);
    double ratio_a = total(a, RS_YEAR_ARRESTS) / total(a, RS_YEAR_OFFENCES);
    double ratio_b = total(b, RS_YEAR_ARRESTS) / total(b, RS_YEAR_OFFENCES);
    assert_true(ratio_b > ratio_a * 1.02);
    assert_true(rs_metric_rate(b, RS_GROUP_GTO_ELIGIBLE) > rs_metric_rate(a, RS_GROUP_GTO_ELIGIBLE));
}

/* The default comparison: Tri-borough vs DIP, paired replicate by replicate,
 * has at least 10x less variance than against independent replicates. */
static void test_default_comparison_paired_variance_at_least_10x_smaller(void **state)
{
    fixture *f = *state;
    enum { R = 24 };
    rs_params dip = scenario(f, "dip"), tri = scenario(f, "triborough");
    double a[R], b[R], b_indep[R];
    for (int r = 0; r < R; r++) {
        a[r] = rs_metric_rate(run(f, &dip, (uint32_t)r, 0), RS_GROUP_ALL);
        b[r] = rs_metric_rate(run(f, &tri, (uint32_t)r, 1), RS_GROUP_ALL);
        b_indep[r] = rs_metric_rate(run(f, &tri, (uint32_t)(R + r), 1), RS_GROUP_ALL);
    }
    rs_summary paired = rs_stats_paired(b, a, R, 1), unpaired = rs_stats_paired(b_indep, a, R, 1);
    fprintf(stderr, "paired var %.3g, unpaired var %.3g, ratio %.1f\n", paired.sd * paired.sd,
            unpaired.sd * unpaired.sd, unpaired.sd * unpaired.sd / (paired.sd * paired.sd));
    assert_true(paired.sd * paired.sd * 10.0 < unpaired.sd * unpaired.sd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dip_with_zero_test_sensitivity_equals_no_service),
        cmocka_unit_test(test_dip_treatment_lowers_offending),
        cmocka_unit_test(test_dip_does_not_retest_the_arrest_a_missed_assessment_caused),
        cmocka_unit_test(test_triborough_with_neutral_effects_equals_no_service),
        cmocka_unit_test(test_keyworkers_lower_ssp_reoffending),
        cmocka_unit_test(test_budget_too_small_for_one_key_worker_serves_nobody_and_says_so),
        cmocka_unit_test(test_gps_tag_raises_detection),
        cmocka_unit_test(test_gto_tags_and_iom_only_on_release_from_custody),
        cmocka_unit_test(test_default_comparison_paired_variance_at_least_10x_smaller),
    };
    return cmocka_run_group_tests(tests, setup, ts_units_teardown);
}
