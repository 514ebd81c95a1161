/* reoffsim tests — parameter uncertainty: distributions draw with the
 * stated moments, quantiles are right, every scenario of a replicate gets
 * the same draw, configs parse {dist: ...}, a censored normal is held to its
 * key's range, and the tornado varies one parameter at a time. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "reoffsim/params.h"
#include "reoffsim/tornado.h"
#include "test_support.h"

static void moments(const rs_uncertain *u, double *mean, double *sd)
{
    const int n = 40000;
    double s = 0, s2 = 0;
    for (int r = 0; r < n; r++) {
        double x = rs_uncertain_draw(u, rs_rng_key_make(3, (uint32_t)r));
        s += x;
        s2 += x * x;
    }
    *mean = s / n;
    *sd = sqrt(s2 / n - *mean * *mean);
}

static void test_draws_have_the_stated_mean_and_sd(void **state)
{
    (void)state;
    const rs_uncertain cases[4] = {{7, RS_DIST_BETA, 0.3, 0.1}, {7, RS_DIST_LOGNORMAL, 0.74, 0.08},
                                   {7, RS_DIST_NORMAL, 10, 2}, {7, RS_DIST_UNIFORM, 75, 102.74}};
    const double want_sd[4] = {0.1, 0.08, 2, (102.74 - 75) / sqrt(12)};
    for (int k = 0; k < 4; k++) {
        double m, s;
        moments(&cases[k], &m, &s);
        assert_float_equal(m, rs_uncertain_point(&cases[k]), 0.02 * fabs(rs_uncertain_point(&cases[k])));
        assert_float_equal(s, want_sd[k], 0.05 * want_sd[k]);
    }
}

static void test_quantiles(void **state)
{
    (void)state;
    rs_uncertain ln = {0, RS_DIST_LOGNORMAL, 1.0, 0.5}, be = {0, RS_DIST_BETA, 0.5, 0.1}, un = {0, RS_DIST_UNIFORM, 2, 4};
    double sigma = sqrt(log(1.25)), mu = -0.5 * sigma * sigma;
    assert_float_equal(rs_uncertain_quantile(&ln, 0.975), exp(mu + 1.959963985 * sigma), 1e-6);
    assert_float_equal(rs_uncertain_quantile(&be, 0.5), 0.5, 1e-9);
    /* beta(12, 12): symmetric, sd 0.1 -> 2.5% quantile ~ 0.5 - 1.96 * 0.1 (slightly inside) */
    double q = rs_uncertain_quantile(&be, 0.025);
    assert_true(q > 0.30 && q < 0.31);
    assert_float_equal(rs_uncertain_quantile(&un, 0.25), 2.5, 1e-12);
}

static void test_every_scenario_of_a_replicate_gets_the_same_draw(void **state)
{
    (void)state;
    rs_config cfg;
    char path[1024];
    rs_error err;
    assert_int_equal(rs_config_load(ts_config_path("triborough.yaml", path, sizeof path), &cfg, &err), 0);
    rs_params a = cfg.scenarios[0].params, b = cfg.scenarios[2].params, c = cfg.scenarios[0].params;
    assert_true(a.n_uncertain > 0);
    rs_params_draw(&a, 5);
    rs_params_draw(&b, 5);
    rs_params_draw(&c, 6);
    assert_float_equal(a.services.dip.treatment_hazard_ratio, b.services.dip.treatment_hazard_ratio, 0);
    assert_float_equal(a.economics.cost_prison_day, b.economics.cost_prison_day, 0);
    assert_true(a.services.dip.treatment_hazard_ratio != c.services.dip.treatment_hazard_ratio);
    assert_float_equal(cfg.scenarios[0].params.services.dip.treatment_hazard_ratio, 0.8593, 1e-12); /* point value */
    rs_config_free(&cfg);
}

static int load_body(const char *body, rs_config *cfg, rs_error *err)
{
    char base[1024], text[4096], path[1024];
    ts_config_path("baseline.yaml", base, sizeof base);
    snprintf(text, sizeof text, "base: %s\n%s", base, body);
    assert_non_null(ts_write_config(text, path, sizeof path));
    int rc = rs_config_load(path, cfg, err);
    unlink(path);
    return rc;
}

static void test_config_distributions_parse_and_are_checked(void **state)
{
    (void)state;
    rs_config cfg;
    rs_error err;
    assert_int_equal(load_body("court:\n  remand_probability: {dist: beta, mean: 0.1, sd: 0.02}\n", &cfg, &err), 0);
    assert_float_equal(cfg.scenarios[0].params.court.remand_probability, 0.1, 1e-12);
    rs_config_free(&cfg);
    /* a plain value in a scenario removes the uncertainty */
    assert_int_equal(load_body("scenarios:\n  - name: a\n    set: {services.dip.treatment_hazard_ratio: 0.8}\n", &cfg, &err), 0);
    for (int k = 0; k < cfg.scenarios[0].params.n_uncertain; k++)
        assert_string_not_equal(rs_params_key(cfg.scenarios[0].params.uncertain[k].key)->path, "services.dip.treatment_hazard_ratio");
    rs_config_free(&cfg);
    const char *bad[][2] = {
        {"court:\n  remand_probability: {dist: gamma, mean: 0.1, sd: 0.02}\n", "needs dist"},
        {"court:\n  remand_probability: {dist: beta, mean: 0.1, sd: 0.5}\n", "beta needs"},
        {"court:\n  remand_probability: {mean: 0.1}\n", "needs dist"},
        {"court:\n  remand_probability: {dist: beta, mean: x, sd: 0.1}\n", "finite number"},
        {"court:\n  remand_probability: {dist: beta, mean: 0.1, spread: 0.1}\n", "unknown distribution field"},
        {"run:\n  replicates: {dist: uniform, low: 1, high: 5}\n", "cannot be uncertain"},
        {"court:\n  remand_probability: {dist: uniform, low: 0.5, high: 3}\n", "central value must be in"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(load_body(bad[k][0], &cfg, &err), RS_ERR_CONFIG);
        if (!strstr(err.msg, bad[k][1])) fail_msg("'%s' not in '%s'", bad[k][1], err.msg);
        assert_non_null(strstr(err.msg, ":3: "));
    }
}

/* A censored normal is held to its key's range: a probability effect is
 * exactly 0 ("no effect") with probability Phi(-mean/sd), and its quantiles
 * are the normal's, held there too. A plain normal with the same tails is
 * refused (its draws would leave the range). */
static void test_censored_normal_has_mass_at_the_bound(void **state)
{
    (void)state;
    const rs_key *k = rs_params_key_find("services.triborough.ete_resolved");
    rs_uncertain u = {(uint32_t)(k - rs_params_key(0)), RS_DIST_CENSORED_NORMAL, 0.05, 0.06};
    const int n = 40000;
    int zeros = 0;
    for (int r = 0; r < n; r++) {
        double x = rs_uncertain_draw(&u, rs_rng_key_make(11, (uint32_t)r));
        assert_true(x >= 0.0 && x <= 1.0);
        zeros += x == 0.0;
    }
    assert_float_equal((double)zeros / n, 0.2023, 0.01); /* Phi(-0.05/0.06) */
    assert_float_equal(rs_uncertain_quantile(&u, 0.025), 0.0, 0.0);
    assert_float_equal(rs_uncertain_quantile(&u, 0.5), 0.05, 1e-9);
    assert_float_equal(rs_uncertain_quantile(&u, 0.975), 0.05 + 1.959963985 * 0.06, 1e-6);
    rs_config cfg;
    rs_error err;
    assert_int_equal(load_body("services:\n  triborough:\n    ete_resolved: {dist: censored_normal, mean: 0.05, sd: 0.06}\n",
                               &cfg, &err), 0);
    rs_config_free(&cfg);
    assert_int_equal(load_body("services:\n  triborough:\n    ete_resolved: {dist: normal, mean: 0.05, sd: 0.06}\n",
                               &cfg, &err), RS_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "must be in [0, 1]"));
}

static void test_tornado_moves_one_parameter_at_a_time(void **state)
{
    (void)state;
    rs_config cfg;
    char path[1024];
    rs_error err;
    assert_int_equal(rs_config_load(ts_config_path("triborough.yaml", path, sizeof path), &cfg, &err), 0);
    rs_config_override_run(&cfg, 2, 600, 3, NULL);
    rs_tornado t;
    assert_int_equal(rs_tornado_run(&cfg, NULL, 2, &t, &err), 0);
    assert_int_equal(t.n, cfg.scenarios[cfg.primary].params.n_uncertain);
    int moved = 0;
    for (int k = 0; k < t.n; k++) {
        assert_true(t.low_value[k] < t.high_value[k]);
        moved += t.npv_low[k] != t.base_npv || t.npv_high[k] != t.base_npv;
    }
    assert_true(moved >= 3); /* the Tri-borough effects and costs move NPV */
    rs_config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draws_have_the_stated_mean_and_sd),
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_every_scenario_of_a_replicate_gets_the_same_draw),
        cmocka_unit_test(test_config_distributions_parse_and_are_checked),
        cmocka_unit_test(test_censored_normal_has_mass_at_the_bound),
        cmocka_unit_test(test_tornado_moves_one_parameter_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
