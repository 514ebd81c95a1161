/* reoffsim tests — the ABC-SMC sampler on toy problems whose posterior is
 * known: one statistic s = theta1 + N(0, 0.5^2) observed at 2 with a
 * uniform kernel |s - 2| <= 1 identifies theta1 (posterior U(1, 3) + N(0,
 * 0.25): mean 2, sd sqrt(1/3 + 1/4)); a second parameter no statistic
 * depends on keeps its prior U(0, 1). Also: the sampler is deterministic,
 * and an interrupted generation leaves the state as it was. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "abc_smc.h"
#include "reoffsim/rng.h"

typedef struct {
    int calls, fail_at; /* fail_at > 0: the fail_at-th call is interrupted */
} toy_ctx;

static int toy_simulate(void *ctx, int n, const double *theta, const uint32_t *sim_id, double *stats, rs_error *err)
{
    toy_ctx *c = ctx;
    if (++c->calls == c->fail_at) return rs_error_set(err, RS_ERR_INTERRUPTED, "interrupted");
    for (int i = 0; i < n; i++) {
        rs_rng_block b = rs_rng_block_at(rs_rng_key_make(99, sim_id[i]), 0, RS_PURPOSE_OFFENCE, 0, 0);
        stats[i] = theta[2 * i] + 0.5 * rs_rng_normal(b.v[0], b.v[1]);
    }
    return RS_OK;
}

static const rs_abc_problem toy = {
    .n_params = 2, .n_stats = 1, .lower = {-10, 0}, .upper = {10, 1}, .observed = {2}, .scale = {1}, .weight = {1}};

static rs_abc_settings toy_settings(void)
{
    return (rs_abc_settings){.n_particles = 2000, .max_generations = 40, .alpha = 0.5, .epsilon = 1.0,
                             .min_acceptance = 0.0, .seed = 7};
}

static void run_toy(rs_abc_state *st, toy_ctx *c)
{
    rs_abc_settings set = toy_settings();
    rs_error err;
    assert_int_equal(rs_abc_state_alloc(st, set.n_particles, 2, 1, &err), RS_OK);
    assert_int_equal(rs_abc_start(st, &toy, &set, toy_simulate, c, &err), RS_OK);
    while (rs_abc_check_stop(st, &set) == RS_ABC_RUNNING)
        assert_int_equal(rs_abc_step(st, &toy, &set, toy_simulate, c, &err), RS_OK);
}

static void weighted_moments(const rs_abc_state *st, int k, double *mean, double *sd)
{
    double w = 0, s = 0, s2 = 0;
    for (int i = 0; i < st->n; i++) {
        double x = st->theta[2 * i + k];
        w += st->weight[i];
        s += st->weight[i] * x;
        s2 += st->weight[i] * x * x;
    }
    *mean = s / w;
    *sd = sqrt(s2 / w - *mean * *mean);
}

static void test_abc_recovers_the_known_posterior_of_an_identified_parameter(void **state)
{
    (void)state;
    rs_abc_state st;
    toy_ctx c = {0, 0};
    run_toy(&st, &c);
    assert_int_equal(st.stop, RS_ABC_STOP_EPSILON);
    double m, sd;
    weighted_moments(&st, 0, &m, &sd);
    printf("theta1: mean %.3f sd %.3f (want 2, %.3f); generations %d, simulations %u\n", m, sd, sqrt(1.0 / 3 + 0.25),
           st.generations, st.next_sim);
    assert_true(fabs(m - 2.0) < 0.08);
    assert_true(fabs(sd - sqrt(1.0 / 3 + 0.25)) < 0.08);
    for (int i = 0; i < st.n; i++) assert_true(st.distance[i] <= 1.0);
    rs_abc_state_free(&st);
}

static void test_abc_leaves_an_unidentified_parameter_at_its_prior(void **state)
{
    (void)state;
    rs_abc_state st;
    toy_ctx c = {0, 0};
    run_toy(&st, &c);
    double m, sd;
    weighted_moments(&st, 1, &m, &sd);
    printf("theta2: mean %.3f sd %.3f (want 0.5, %.3f)\n", m, sd, sqrt(1.0 / 12));
    assert_true(fabs(m - 0.5) < 0.05);
    assert_true(fabs(sd - sqrt(1.0 / 12)) < 0.04);
    rs_abc_state_free(&st);
}

static void test_abc_is_deterministic(void **state)
{
    (void)state;
    rs_abc_state a, b;
    toy_ctx ca = {0, 0}, cb = {0, 0};
    run_toy(&a, &ca);
    run_toy(&b, &cb);
    assert_int_equal(a.generations, b.generations);
    assert_memory_equal(a.theta, b.theta, sizeof(double) * 2 * (size_t)a.n);
    rs_abc_state_free(&a);
    rs_abc_state_free(&b);
}

static void test_abc_interrupted_generation_leaves_the_state_unchanged(void **state)
{
    (void)state;
    rs_abc_settings set = toy_settings();
    rs_abc_state st;
    rs_error err;
    toy_ctx c = {0, 3}; /* prior sample, one generation, then interrupted */
    assert_int_equal(rs_abc_state_alloc(&st, set.n_particles, 2, 1, &err), RS_OK);
    assert_int_equal(rs_abc_start(&st, &toy, &set, toy_simulate, &c, &err), RS_OK);
    assert_int_equal(rs_abc_step(&st, &toy, &set, toy_simulate, &c, &err), RS_OK);
    double theta0 = st.theta[0], w0 = st.weight[0];
    uint32_t next = st.next_sim;
    assert_int_equal(rs_abc_step(&st, &toy, &set, toy_simulate, &c, &err), RS_ERR_INTERRUPTED);
    assert_int_equal(st.generations, 2);
    assert_int_equal(st.next_sim, next);
    assert_true(st.theta[0] == theta0 && st.weight[0] == w0);
    /* and continuing gives what an uninterrupted run gives */
    while (rs_abc_check_stop(&st, &set) == RS_ABC_RUNNING)
        assert_int_equal(rs_abc_step(&st, &toy, &set, toy_simulate, &c, &err), RS_OK);
    rs_abc_state ref;
    toy_ctx cr = {0, 0};
    run_toy(&ref, &cr);
    assert_memory_equal(st.theta, ref.theta, sizeof(double) * 2 * (size_t)st.n);
    rs_abc_state_free(&st);
    rs_abc_state_free(&ref);
}

static void test_abc_ess_of_equal_and_degenerate_weights(void **state)
{
    (void)state;
    double eq[4] = {1, 1, 1, 1}, one[4] = {0, 3, 0, 0};
    assert_true(fabs(rs_abc_ess(eq, 4) - 4.0) < 1e-12);
    assert_true(fabs(rs_abc_ess(one, 4) - 1.0) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abc_recovers_the_known_posterior_of_an_identified_parameter),
        cmocka_unit_test(test_abc_leaves_an_unidentified_parameter_at_its_prior),
        cmocka_unit_test(test_abc_is_deterministic),
        cmocka_unit_test(test_abc_interrupted_generation_leaves_the_state_unchanged),
        cmocka_unit_test(test_abc_ess_of_equal_and_degenerate_weights),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
