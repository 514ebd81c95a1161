/* reoffsim tests — the synthetic cohort reproduces its configured margins,
 * needs correlate, and the same key gives the same people. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "agents.h"
#include "population.h"
#include "test_support.h"

#define N 40000

typedef struct {
    rs_config cfg;
    rs_agents a;
} fixture;

static int setup(void **state)
{
    static fixture f;
    if (ts_load_baseline(&f.cfg, N, 1, 0)) return -1;
    if (rs_agents_reserve(&f.a, N, NULL)) return -1;
    rs_population_generate(&f.cfg.scenarios[0].params, rs_rng_key_make(11, 0), &f.a, NULL);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rs_agents_free(&f->a);
    rs_config_free(&f->cfg);
    return 0;
}

static double share(const rs_agents *a, int (*pred)(const rs_agents *, size_t, int), int arg)
{
    size_t k = 0;
    for (size_t i = 0; i < a->n; i++) k += pred(a, i, arg) != 0;
    return (double)k / (double)a->n;
}

static int has_need(const rs_agents *a, size_t i, int j) { return (a->profile[i].needs0 >> j) & 1u; }
static int has_disposal(const rs_agents *a, size_t i, int d) { return a->profile[i].disposal0 == d; }
static int is_female(const rs_agents *a, size_t i, int unused) { (void)unused; return a->hot[i].flags & RS_FLAG_FEMALE; }

static void test_need_prevalence_matches_config(void **state)
{
    fixture *f = *state;
    const rs_population_params *pp = &f->cfg.scenarios[0].params.population;
    for (int j = 0; j < RS_N_NEEDS; j++) assert_float_equal(share(&f->a, has_need, j), pp->need_prevalence[j], 0.012);
}

static void test_sex_and_disposal_shares_match_config(void **state)
{
    fixture *f = *state;
    const rs_population_params *pp = &f->cfg.scenarios[0].params.population;
    assert_float_equal(share(&f->a, is_female, 0), pp->female_share, 0.01);
    for (int d = 0; d < RS_N_DISPOSALS; d++) assert_float_equal(share(&f->a, has_disposal, d), pp->disposal_share[d], 0.01);
}

static void test_needs_are_positively_correlated(void **state)
{
    fixture *f = *state;
    /* P(accommodation and class A) > P(accommodation) P(class A) under a positive loading. */
    size_t both = 0;
    for (size_t i = 0; i < f->a.n; i++) both += has_need(&f->a, i, RS_NEED_ACCOMMODATION) && has_need(&f->a, i, RS_NEED_DRUGS_CLASS_A);
    double joint = (double)both / (double)f->a.n;
    double indep = share(&f->a, has_need, RS_NEED_ACCOMMODATION) * share(&f->a, has_need, RS_NEED_DRUGS_CLASS_A);
    assert_true(joint > indep * 1.15);
}

static void test_short_sentenced_prisoners_have_longer_records_than_cautioned(void **state)
{
    fixture *f = *state;
    double sum[2] = {0, 0}, n[2] = {0, 0};
    for (size_t i = 0; i < f->a.n; i++) {
        int k = f->a.profile[i].disposal0 == RS_DISP_CUSTODY_SHORT ? 1 : f->a.profile[i].disposal0 == RS_DISP_CAUTION ? 0 : -1;
        if (k < 0) continue;
        sum[k] += f->a.profile[i].sanctions0;
        n[k] += 1;
    }
    assert_true(sum[1] / n[1] > 2.0 * sum[0] / n[0]);
}

static void test_attributes_are_in_range(void **state)
{
    fixture *f = *state;
    const rs_run_params *run = &f->cfg.scenarios[0].params.run;
    for (size_t i = 0; i < f->a.n; i++) {
        double age = rs_age_years(f->a.profile[i].age0_days), first = rs_age_years(f->a.profile[i].first_age_days);
        assert_true(age >= 18.0 && age <= 75.0);
        assert_true(first >= 10.0 && first <= age);
        assert_true(f->a.profile[i].sanctions0 >= 1);
        assert_true(f->a.hot[i].t_entry >= 0.0 && f->a.hot[i].t_entry < run->cohort_period_days);
        assert_true(f->a.profile[i].frailty > 0.0f);
    }
}

static void test_same_key_gives_same_population(void **state)
{
    fixture *f = *state;
    rs_agents b = {0};
    assert_int_equal(rs_agents_reserve(&b, N, NULL), 0);
    rs_population_generate(&f->cfg.scenarios[0].params, rs_rng_key_make(11, 0), &b, NULL);
    assert_memory_equal(b.profile, f->a.profile, N * sizeof *b.profile); /* sanctions, frailty, ages, ... */
    rs_population_generate(&f->cfg.scenarios[0].params, rs_rng_key_make(11, 1), &b, NULL);
    size_t same = 0;
    for (size_t i = 0; i < N; i++) same += b.profile[i].age0_days == f->a.profile[i].age0_days;
    assert_true(same < N / 100);
    rs_agents_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_need_prevalence_matches_config),
        cmocka_unit_test(test_sex_and_disposal_shares_match_config),
        cmocka_unit_test(test_needs_are_positively_correlated),
        cmocka_unit_test(test_short_sentenced_prisoners_have_longer_records_than_cautioned),
        cmocka_unit_test(test_attributes_are_in_range),
        cmocka_unit_test(test_same_key_gives_same_population),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
