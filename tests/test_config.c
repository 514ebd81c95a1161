/* reoffsim tests — config loading: the baseline is complete and valid, and
 * every kind of bad input is refused with file:line: key: message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "reoffsim/config.h"
#include "test_support.h"

/* Load `body` (prefixed by "base: <baseline>" when with_base) and return the
 * status; the error message is left in err. */
static int load_text(const char *body, int with_base, rs_config *cfg, rs_error *err, char *path, size_t len)
{
    char base[1024], text[8192];
    ts_config_path("baseline.yaml", base, sizeof base);
    snprintf(text, sizeof text, "%s%s%s%s", with_base ? "base: " : "", with_base ? base : "", with_base ? "\n" : "", body);
    assert_non_null(ts_write_config(text, path, len));
    int rc = rs_config_load(path, cfg, err);
    unlink(path);
    return rc;
}

/* Expect RS_ERR_CONFIG with "<path>:<line>: " and `fragment` in the message. */
static void expect_error(const char *body, int with_base, int line, const char *fragment)
{
    rs_config cfg;
    rs_error err = {0, ""};
    char path[1024], where[1100];
    int rc = load_text(body, with_base, &cfg, &err, path, sizeof path);
    if (rc != RS_ERR_CONFIG || !strstr(err.msg, fragment)) fprintf(stderr, "got rc=%d msg='%s'\n", rc, err.msg);
    assert_int_equal(rc, RS_ERR_CONFIG);
    snprintf(where, sizeof where, "%s:%d: ", path, line);
    if (strncmp(err.msg, where, strlen(where)) != 0) fprintf(stderr, "want prefix '%s' in '%s'\n", where, err.msg);
    assert_true(strncmp(err.msg, where, strlen(where)) == 0);
    assert_non_null(strstr(err.msg, fragment));
}

/* Load `body` on the baseline and require success (the message shown if not). */
static void load_ok(const char *body, rs_config *cfg)
{
    rs_error err;
    char path[1024];
    int rc = load_text(body, 1, cfg, &err, path, sizeof path);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
}

static void test_baseline_config_loads_with_one_scenario(void **state)
{
    (void)state;
    rs_config cfg;
    assert_int_equal(ts_load_baseline(&cfg, 0, 0, 0), 0);
    assert_int_equal(cfg.n_scenarios, 1);
    assert_string_equal(cfg.scenarios[0].name, "baseline");
    assert_int_equal(cfg.scenarios[0].params.run.n_agents, 10000);
    assert_float_equal(cfg.scenarios[0].params.court.delay_per_previous, 0.1, 1e-12);
    assert_non_null(strstr(cfg.text, "hazard_scale"));
    rs_config_free(&cfg);
}

static void test_scenarios_override_only_their_keys(void **state)
{
    (void)state;
    rs_config cfg;
    load_ok("scenarios:\n  - name: a\n  - name: b\n    set:\n      offending.hazard_scale: 2.5\n"
            "      court: {remand_probability: 0.2}\nreference: b\n", &cfg);
    assert_int_equal(cfg.n_scenarios, 2);
    assert_int_equal(cfg.reference, 1);
    rs_config base;
    assert_int_equal(ts_load_baseline(&base, 0, 0, 0), 0);
    assert_float_equal(cfg.scenarios[0].params.offending.hazard_scale, base.scenarios[0].params.offending.hazard_scale, 0);
    assert_float_equal(cfg.scenarios[1].params.offending.hazard_scale, 2.5, 1e-12);
    rs_config_free(&base);
    assert_float_equal(cfg.scenarios[1].params.court.remand_probability, 0.2, 1e-12);
    rs_config_free(&cfg);
}

static void test_services_list_enables_exactly_the_named_services(void **state)
{
    (void)state;
    rs_config cfg;
    rs_error err;
    char path[1024];
    int rc = load_text("scenarios:\n  - name: none\n    services: []\n  - name: both\n    services: [dip, gto]\n"
                       "    set:\n      services.gto.budget_cut: 0.3\n",
                       1, &cfg, &err, path, sizeof path);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_false(cfg.scenarios[0].params.services.dip.c.enabled);
    assert_true(cfg.scenarios[1].params.services.dip.c.enabled);
    assert_true(cfg.scenarios[1].params.services.gto.c.enabled);
    assert_false(cfg.scenarios[1].params.services.triborough.c.enabled);
    assert_float_equal(cfg.scenarios[1].params.services.gto.c.budget_cut, 0.3, 1e-12);
    assert_int_equal(cfg.primary, 1);
    rs_config_free(&cfg);
}

static void test_child_config_inherits_base_scenarios_with_its_overrides(void **state)
{
    (void)state;
    char base[1024], text[2048], path[1024];
    ts_config_path("triborough.yaml", base, sizeof base);
    snprintf(text, sizeof text, "base: %s\nservices:\n  triborough:\n    budget_cut: 0.3\n", base);
    assert_non_null(ts_write_config(text, path, sizeof path));
    rs_config cfg;
    rs_error err;
    int rc = rs_config_load(path, &cfg, &err);
    unlink(path);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(cfg.n_scenarios, 5);
    assert_string_equal(cfg.scenarios[cfg.reference].name, "dip");
    assert_string_equal(cfg.scenarios[cfg.primary].name, "triborough");
    for (int s = 0; s < 5; s++) assert_float_equal(cfg.scenarios[s].params.services.triborough.c.budget_cut, 0.3, 1e-12);
    assert_float_equal(cfg.scenarios[2].params.services.dip.c.end_day, 183, 1e-12);
    rs_config_free(&cfg);
}

static void test_seed_keeps_all_64_bits(void **state)
{
    (void)state;
    rs_config cfg;
    rs_error err;
    char path[1024];
    assert_int_equal(load_text("run:\n  seed: 18446744073709551615\n", 1, &cfg, &err, path, sizeof path), 0);
    assert_true(cfg.scenarios[0].params.run.seed == UINT64_MAX);
    rs_config_free(&cfg);
}

/* budget_components_k: a yearly amount per component gives the total and
 * the shares; it cannot be mixed with the shares it sets in one place. */
static void test_budget_components_set_total_and_shares(void **state)
{
    (void)state;
    rs_config cfg;
    load_ok("scenarios:\n  - name: a\n    set:\n      services.triborough.budget_components_k:\n"
            "        {custody: 400, keyworker: 1200, women: 300, fund: 100, other: 400}\n", &cfg);
    const rs_triborough_params *t = &cfg.scenarios[0].params.services.triborough;
    for (int y = 0; y < 5; y++) assert_float_equal(t->c.budget_k[y], 2400.0, 0.0);
    assert_float_equal(t->custody_share, 400.0 / 2400.0, 1e-15);
    assert_float_equal(t->keyworker_share, 0.5, 1e-15);
    assert_float_equal(t->women_share, 0.125, 1e-15);
    assert_float_equal(t->fund_share, 100.0 / 2400.0, 1e-15);
    rs_config_free(&cfg);

    expect_error("services:\n  gto:\n    budget_components_k: {policing: 1, courts: 2, management: 3}\n", 1, 4,
                 "missing component 'pathways'");
    expect_error("services:\n  gto:\n    budget_components_k: {policing: 1, courts: 2, management: 3, pathway: 4}\n", 1, 4,
                 "unknown component");
    expect_error("services:\n  triborough:\n    keyworker_share: 0.3\n"
                 "    budget_components_k: {custody: 1, keyworker: 1, women: 1, fund: 1}\n", 1, 5,
                 "given here and by budget_components_k");
    expect_error("services:\n  triborough:\n    budget_components_k: {custody: 1, keyworker: 1, women: 1, fund: 1}\n"
                 "    keyworker_share: 0.3\n", 1, 5, "also set by budget_components_k");
    expect_error("services:\n  triborough:\n    budget_components_k: {custody: 0, keyworker: 0, women: 0, fund: 0}\n", 1, 4,
                 "add up to 0");
    expect_error("services:\n  triborough:\n    budget_components_k: {custody: -5, keyworker: 0, women: 0, fund: 1}\n", 1, 4,
                 "each component must be a number");
}

/* A scenario that breaks a check involving several keys is told about the
 * key it changed, at its line (issue 20 §2: the error named the group's
 * first share and the `set:` line). */
static void test_scenario_error_names_the_key_it_changed(void **state)
{
    (void)state;
    expect_error("scenarios:\n  - name: a\n    set:\n      services.dip.end_day: 183\n"
                 "      services.triborough.keyworker_share: 0.6\n", 1, 6,
                 "a: services.triborough.keyworker_share (set here): budget shares");
    expect_error("scenarios:\n  - name: a\n    set:\n      services:\n        gto:\n          courts_share: 0.9\n", 1, 7,
                 "services.gto.courts_share (set here)");
}

static void test_rejects_unknown_key_with_line(void **state)
{
    (void)state;
    expect_error("court:\n  remand_probability: 0.1\n  remand_probabilty: 0.2\n", 1, 4, "court.remand_probabilty: unknown key");
}

static void test_rejects_unknown_top_level_section(void **state)
{
    (void)state;
    expect_error("polise:\n  nfa_probability: 0.1\n", 1, 2, "polise: unknown top-level key");
}

static void test_rejects_wrong_type(void **state)
{
    (void)state;
    expect_error("police:\n  nfa_probability: high\n", 1, 3, "police.nfa_probability: expected a number");
    expect_error("police:\n  nfa_probability: \"0.3\"\n", 1, 3, "quoted string");
    expect_error("run:\n  replicates: 2.5\n", 1, 3, "run.replicates: expected a whole number");
    expect_error("custody:\n  ora_supervision: maybe\n", 1, 3, "expected true or false");
    expect_error("police: 3\n", 1, 2, "police: expected a mapping");
}

static void test_rejects_out_of_range_and_non_finite(void **state)
{
    (void)state;
    expect_error("court:\n  remand_probability: 1.3\n", 1, 3, "court.remand_probability: must be in [0, 1], got 1.3");
    expect_error("court:\n  remand_probability: -0.1\n", 1, 3, "must be in [0, 1]");
    expect_error("court:\n  remand_probability: .nan\n", 1, 3, "expected a number");
    expect_error("court:\n  remand_probability: 1e999\n", 1, 3, "expected a number");
    expect_error("run:\n  replicates: 0\n", 1, 3, "run.replicates: must be in [1,");
}

static void test_rejects_shares_that_do_not_sum_to_one(void **state)
{
    (void)state;
    expect_error("population:\n  disposal_share:\n    caution: 0.5\n", 1, 4, "population.disposal_share: shares must sum to 1");
}

static void test_rejects_missing_key_without_base(void **state)
{
    (void)state;
    expect_error("run:\n  n_agents: 10\n", 0, 1, "missing");
}

static void test_rejects_duplicate_key(void **state)
{
    (void)state;
    expect_error("police:\n  nfa_probability: 0.1\n  nfa_probability: 0.2\n", 1, 4, "police.nfa_probability: given twice");
}

static void test_rejects_bad_scenarios(void **state)
{
    (void)state;
    expect_error("scenarios:\n  - name: a\n  - name: a\n", 1, 4, "duplicate scenario name 'a'");
    expect_error("scenarios:\n  - name: a\n    set:\n      court.bogus: 1\n", 1, 5, "court.bogus: unknown key");
    expect_error("scenarios:\n  - name: a\n    sett: {}\n", 1, 4, "unknown key 'sett'");
    expect_error("scenarios:\n  - name: a\n    set:\n      run.replicates: 3\n", 1, 5, "cannot be overridden");
    expect_error("scenarios: []\n", 1, 2, "list is empty");
    expect_error("scenarios:\n  - name: a\nreference: zzz\n", 1, 4, "no scenario named 'zzz'");
    expect_error("scenarios:\n  - name: bad name\n", 1, 3, "scenarios.name");
    expect_error("scenarios:\n  - name: a\n    services: [dip, dop]\n", 1, 4, "unknown service 'dop'");
    expect_error("scenarios:\n  - name: a\n    services: dip\n", 1, 4, "must be a list of service names");
    expect_error("scenarios:\n  - name: a\n    set:\n      services.dip.cost_per_tset: 3\n", 1, 5,
                 "services.dip.cost_per_tset: unknown key");
    expect_error("scenarios:\n  - name: a\n  - name: b\nreference: a\nprimary: a\n", 1, 6, "must differ");
}

static void test_rejects_relation_between_keys(void **state)
{
    (void)state;
    expect_error("run:\n  years: 1\n", 1, 3, "run.years");
}

static void test_rejects_empty_file_syntax_error_and_binary(void **state)
{
    (void)state;
    expect_error("", 0, 1, "config is empty");
    expect_error("run: [1, 2\n", 0, 2, "YAML syntax error");
    expect_error("- just\n- a list\n", 0, 1, "must be a mapping");
    rs_config cfg;
    rs_error err;
    char path[1024];
    assert_non_null(ts_write_config("x", path, sizeof path));
    FILE *f = fopen(path, "wb");
    fwrite("run:\0\x01\x02", 1, 7, f);
    fclose(f);
    assert_int_equal(rs_config_load(path, &cfg, &err), RS_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "not a text file"));
    unlink(path);
}

static void test_missing_file_is_a_config_error(void **state)
{
    (void)state;
    rs_config cfg;
    rs_error err;
    assert_int_equal(rs_config_load("/nonexistent/reoffsim.yaml", &cfg, &err), RS_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "cannot open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_baseline_config_loads_with_one_scenario),
        cmocka_unit_test(test_scenarios_override_only_their_keys),
        cmocka_unit_test(test_seed_keeps_all_64_bits),
        cmocka_unit_test(test_child_config_inherits_base_scenarios_with_its_overrides),
        cmocka_unit_test(test_services_list_enables_exactly_the_named_services),
        cmocka_unit_test(test_budget_components_set_total_and_shares),
        cmocka_unit_test(test_scenario_error_names_the_key_it_changed),
        cmocka_unit_test(test_rejects_unknown_key_with_line),
        cmocka_unit_test(test_rejects_unknown_top_level_section),
        cmocka_unit_test(test_rejects_wrong_type),
        cmocka_unit_test(test_rejects_out_of_range_and_non_finite),
        cmocka_unit_test(test_rejects_shares_that_do_not_sum_to_one),
        cmocka_unit_test(test_rejects_missing_key_without_base),
        cmocka_unit_test(test_rejects_duplicate_key),
        cmocka_unit_test(test_rejects_bad_scenarios),
        cmocka_unit_test(test_rejects_relation_between_keys),
        cmocka_unit_test(test_rejects_empty_file_syntax_error_and_binary),
        cmocka_unit_test(test_missing_file_is_a_config_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
