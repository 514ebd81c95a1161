/* reoffsim tests — a calibration posterior in a run: replicates pick draws
 * in proportion to their weights; the file written by the sampler reads back
 * exactly; a config's `calibration: {posterior: ...}` reaches every
 * scenario, and every scenario of a replicate gets the same draw (common
 * random numbers), which depends on the replicate and seed only. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "abc_io.h"
#include "reoffsim/config.h"
#include "reoffsim/posterior.h"
#include "test_support.h"

static void test_replicates_pick_draws_in_proportion_to_their_weights(void **state)
{
    (void)state;
    double w[3] = {1, 3, 0.5}, cum[3] = {1 / 4.5, 4 / 4.5, 1.0};
    rs_posterior post = {.n_draws = 3, .n_params = 1, .weights = w, .cumulative = cum};
    int count[3] = {0};
    const int n = 45000;
    for (int r = 0; r < n; r++) count[rs_posterior_pick(&post, 17, (uint32_t)r)]++;
    for (int d = 0; d < 3; d++) {
        double share = (double)count[d] / n, want = w[d] / 4.5;
        assert_true(fabs(share - want) < 0.01);
    }
    /* the same replicate and seed: the same draw; another seed: another stream */
    int same = 0;
    for (int r = 0; r < 200; r++) same += rs_posterior_pick(&post, 17, (uint32_t)r) == rs_posterior_pick(&post, 18, (uint32_t)r);
    assert_true(same < 200);
}

/* A sampler file with 5 draws of two keys, written as `calibrate --posterior` writes it. */
static void write_posterior(const char *path, double *theta)
{
    rs_calib_spec spec;
    memset(&spec, 0, sizeof spec);
    snprintf(spec.path, sizeof spec.path, "spec.yaml");
    spec.n_free = 2;
    spec.free[0] = (rs_free_param){(uint32_t)(rs_params_key_find("offending.hazard_scale") - rs_params_key(0)), 1, 20};
    spec.free[1] = (rs_free_param){(uint32_t)(rs_params_key_find("court.delay_first_time_days") - rs_params_key(0)), 20, 120};
    spec.n_targets = 1;
    snprintf(spec.targets[0].name, sizeof spec.targets[0].name, "t");
    spec.seed = 3;
    rs_abc_state st;
    rs_error err;
    assert_int_equal(rs_abc_state_alloc(&st, 5, 2, 1, &err), RS_OK);
    for (int i = 0; i < 5; i++) {
        st.theta[2 * i] = theta[2 * i] = 2.0 + i + 1.0 / 3.0; /* not exactly representable in decimal */
        st.theta[2 * i + 1] = theta[2 * i + 1] = 30.0 + 7.0 * i;
        st.weight[i] = 0.2;
    }
    st.generations = 1;
    rs_abc_file f = {.spec = &spec, .spec_text = "spec text", .st = &st, .date = "2026-12-02"};
    assert_int_equal(rs_abc_write(path, 1, &f, &err), RS_OK);
    rs_abc_state_free(&st);
}

static void test_posterior_file_round_trips_and_every_scenario_shares_each_draw(void **state)
{
    (void)state;
    char h5[256], yaml[256], base[1024], text[2048];
    snprintf(h5, sizeof h5, "%s/reoffsim-test-posterior-%d.h5", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    double theta[10];
    write_posterior(h5, theta);
    snprintf(text, sizeof text,
             "base: %s\ncalibration:\n  posterior: %s\nscenarios:\n  - {name: none, services: []}\n"
             "  - {name: dip, services: [dip]}\n",
             ts_config_path("baseline.yaml", base, sizeof base), h5);
    assert_non_null(ts_write_config(text, yaml, sizeof yaml));
    rs_config cfg;
    rs_error err;
    int rc = rs_config_load(yaml, &cfg, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, RS_OK);
    const rs_posterior *post = cfg.posterior;
    assert_non_null(post);
    assert_int_equal(post->n_draws, 5);
    assert_memory_equal(post->draws, theta, sizeof theta); /* bit for bit */
    const rs_key *hs = rs_params_key_find("offending.hazard_scale"), *cd = rs_params_key_find("court.delay_first_time_days");
    int seen[5] = {0};
    for (uint32_t r = 0; r < 64; r++) {
        rs_params a = cfg.scenarios[0].params, b = cfg.scenarios[1].params;
        assert_ptr_equal(a.posterior, post);
        assert_ptr_equal(b.posterior, post);
        rs_params_draw(&a, r);
        rs_params_draw(&b, r);
        int d = rs_posterior_pick(post, a.run.seed, r);
        seen[d] = 1;
        assert_true(rs_params_get(&a, hs) == theta[2 * d] && rs_params_get(&b, hs) == theta[2 * d]);
        assert_true(rs_params_get(&a, cd) == theta[2 * d + 1] && rs_params_get(&b, cd) == theta[2 * d + 1]);
    }
    for (int d = 0; d < 5; d++) assert_true(seen[d]); /* equal weights: every draw is used */
    rs_config_free(&cfg);
    unlink(yaml);
    unlink(h5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replicates_pick_draws_in_proportion_to_their_weights),
        cmocka_unit_test(test_posterior_file_round_trips_and_every_scenario_shares_each_draw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
