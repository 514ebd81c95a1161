/* reoffsim tests — the appraisal conventions: Green Book discounting with
 * year 1 undiscounted reproduces seed 000's discounted savings table from a
 * constant undiscounted saving (half a year in 2013/14), and NPV, B:C and
 * cost per offence averted follow from the simulated activity. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "reoffsim/economics.h"

#define Y 5

typedef struct {
    rs_config cfg;
    rs_scenario scen[2];
    rs_ensemble e;
    rs_unit_result units[2];
    double year[2][Y * RS_N_YEAR_TOTALS];
} fixture;

/* Two scenarios, one replicate: scenario 0 is the reference. */
static void build(fixture *f)
{
    memset(f, 0, sizeof *f);
    for (int s = 0; s < 2; s++) {
        rs_params *p = &f->scen[s].params;
        p->run.n_agents = 1000;
        p->economics.area_offenders = 1000; /* area scale 1 */
        p->economics.discount_rate = 0.035;
        p->economics.cost_prison_day = 1.0;
        f->units[s].years = Y;
        f->units[s].year = f->year[s];
    }
    f->cfg.n_scenarios = 2;
    f->cfg.scenarios = f->scen;
    f->cfg.reference = 0;
    f->e = (rs_ensemble){.n_scenarios = 2, .n_replicates = 1, .years = Y, .units = f->units, .threads = 1};
}

static void test_year_one_is_undiscounted_then_3_5_percent(void **state)
{
    (void)state;
    assert_float_equal(rs_discount_factor(0.035, 0), 1.0, 1e-15);
    assert_float_equal(rs_discount_factor(0.035, 1), 1 / 1.035, 1e-15);
    assert_float_equal(rs_discount_factor(0.035, 4), pow(1.035, -4), 1e-15);
}

/* Seed 000 (§1.6): 10% fewer SSP offences -> GBP 25.0m discounted over 5 years. */
static void test_reproduces_seed_000_discounted_savings_table(void **state)
{
    (void)state;
    static fixture f;
    build(&f);
    /* MODEL.md §5: a constant ~GBP 6.0m a year undiscounted, split 2.37 / 3.63 (the split
     * that year 1's published 1.2 / 1.8 implies, to rounding). */
    const double communities_per_year = 2.37e6, cjs_per_year = 3.63e6;
    for (int y = 0; y < Y; y++) {
        double part = y == 0 ? 0.5 : 1.0; /* service from October 2013: half of 2013/14 */
        rs_year_row(&f.units[0], RS_YEAR_OFFENCE_HARM)[y] = 10e6;
        rs_year_row(&f.units[1], RS_YEAR_OFFENCE_HARM)[y] = 10e6 - part * communities_per_year;
        rs_year_row(&f.units[0], RS_YEAR_PRISON_DAYS)[y] = 20e6;
        rs_year_row(&f.units[1], RS_YEAR_PRISON_DAYS)[y] = 20e6 - part * cjs_per_year;
    }
    rs_economics x;
    assert_int_equal(rs_economics_compute(&f.cfg, &f.e, &x, NULL), 0);
    const double communities[Y] = {1.2, 2.3, 2.2, 2.1, 2.1}, cjs[Y] = {1.8, 3.5, 3.4, 3.3, 3.1};
    const double total[Y] = {3.0, 5.8, 5.6, 5.4, 5.2};
    double sum_c = 0, sum_j = 0;
    for (int y = 0; y < Y; y++) {
        double c = x.saving_communities[rs_econ_syr(&x, 1, 0, y)] / 1e6, j = x.saving_cjs[rs_econ_syr(&x, 1, 0, y)] / 1e6;
        assert_float_equal(c, communities[y], 0.1);
        assert_float_equal(j, cjs[y], 0.1);
        assert_float_equal(c + j, total[y], 0.1);
        sum_c += c;
        sum_j += j;
    }
    assert_float_equal(sum_c, 9.9, 0.1);
    assert_float_equal(sum_j, 15.1, 0.1);
    assert_float_equal(x.total_savings[rs_econ_sr(&x, 1, 0)] / 1e6, 25.0, 0.1);
    /* The reference saves nothing against itself. */
    assert_float_equal(x.total_savings[rs_econ_sr(&x, 0, 0)], 0.0, 0.0);
    rs_economics_free(&x);
}

static void test_npv_bcr_and_cost_per_offence_averted(void **state)
{
    (void)state;
    static fixture f;
    build(&f);
    for (int y = 0; y < Y; y++) {
        rs_year_row(&f.units[0], RS_YEAR_OFFENCE_HARM)[y] = 5e6;
        rs_year_row(&f.units[1], RS_YEAR_OFFENCE_HARM)[y] = 4e6;      /* saves 1m a year */
        rs_year_row(&f.units[1], RS_YEAR_SERVICE_COST)[y] = 0.5e6;     /* costs 0.5m a year */
        rs_year_row(&f.units[0], RS_YEAR_OFFENCES)[y] = 1000;
        rs_year_row(&f.units[1], RS_YEAR_OFFENCES)[y] = 900;           /* 100 averted a year */
    }
    rs_economics x;
    assert_int_equal(rs_economics_compute(&f.cfg, &f.e, &x, NULL), 0);
    double annuity = 0.0;
    for (int y = 0; y < Y; y++) annuity += pow(1.035, -y);
    size_t k = rs_econ_sr(&x, 1, 0);
    assert_float_equal(x.total_savings[k], 1e6 * annuity, 1e-3);
    assert_float_equal(x.incremental_cost[k], 0.5e6 * annuity, 1e-3);
    assert_float_equal(x.npv[k], 0.5e6 * annuity, 1e-3);
    assert_float_equal(x.bcr[k], 2.0, 1e-12);
    assert_float_equal(x.offences_averted[k], 500, 1e-9);
    assert_float_equal(x.cost_per_offence_averted[k], 0.5e6 * annuity / 500, 1e-6);
    assert_true(isnan(x.bcr[rs_econ_sr(&x, 0, 0)]));
    rs_economics_free(&x);
}

static void test_area_scale_multiplies_cohort_costs(void **state)
{
    (void)state;
    static fixture f;
    build(&f);
    for (int s = 0; s < 2; s++) f.scen[s].params.economics.area_offenders = 3000; /* 3x the cohort */
    rs_year_row(&f.units[0], RS_YEAR_PRISON_DAYS)[0] = 100;
    rs_economics x;
    assert_int_equal(rs_economics_compute(&f.cfg, &f.e, &x, NULL), 0);
    assert_float_equal(x.cjs[rs_econ_syr(&x, 0, 0, 0)], 300, 1e-9);
    assert_float_equal(x.saving_cjs[rs_econ_syr(&x, 1, 0, 0)], 300, 1e-9);
    rs_economics_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_one_is_undiscounted_then_3_5_percent),
        cmocka_unit_test(test_reproduces_seed_000_discounted_savings_table),
        cmocka_unit_test(test_npv_bcr_and_cost_per_offence_averted),
        cmocka_unit_test(test_area_scale_multiplies_cohort_costs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
