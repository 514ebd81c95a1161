/* reoffsim tests — decision rules on synthetic data (voi.h, decision.h):
 * dominance and extended dominance on textbook and random examples, ICERs
 * rising along the frontier, quadrant labels against the reference, CEAC
 * probabilities summing to 1, EVPI >= 0 (0 when one option always wins),
 * EVPPI <= EVPI, ~0 for an irrelevant parameter and ~EVPI for the only one;
 * the schema-driven null-effect and effect-scaling of service parameters. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "reoffsim/decision.h"
#include "test_support.h"

#define assert_near(a, b, eps) assert_true(fabs((a) - (b)) <= (eps))

/* xorshift64*: reproducible synthetic data. */
static double u01(uint64_t *s)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static double normal(uint64_t *s)
{
    double a = u01(s), b = u01(s);
    return sqrt(-2.0 * log(a > 0 ? a : 1e-300)) * cos(6.283185307179586 * b);
}

static void textbook_extended_dominance(void **state)
{
    (void)state;
    /* O (0, 0); A (100, 10): ICER 10; B (300, 15): ICER 40 vs A; C (400, 25): ICER 10 vs B.
     * B's ICER exceeds C's, so a mix of A and C beats B: B is extendedly dominated, and C's
     * ICER becomes (400 - 100) / (25 - 10) = 20 against A. */
    const double cost[] = {0, 100, 300, 400}, eff[] = {0, 10, 15, 25};
    rs_dominance st[4];
    double icer[4];
    rs_error err;
    assert_int_equal(rs_dominance_classify(4, cost, eff, st, icer, &err), RS_OK);
    assert_int_equal(st[0], RS_DOM_FRONTIER);
    assert_int_equal(st[1], RS_DOM_FRONTIER);
    assert_int_equal(st[2], RS_DOM_EXTENDED);
    assert_int_equal(st[3], RS_DOM_FRONTIER);
    assert_true(isnan(icer[0]) && isnan(icer[2]));
    assert_near(icer[1], 10.0, 1e-12);
    assert_near(icer[3], 20.0, 1e-12);
}

static void strong_dominance_and_dominant(void **state)
{
    (void)state;
    /* Option 1 is cheaper and more effective than 0 and 2: dominant; 2 costs more and does less. */
    const double cost[] = {0, -50, 80}, eff[] = {0, 30, -5};
    rs_dominance st[3];
    double icer[3];
    rs_error err;
    assert_int_equal(rs_dominance_classify(3, cost, eff, st, icer, &err), RS_OK);
    assert_int_equal(st[1], RS_DOM_DOMINANT);
    assert_int_equal(st[0], RS_DOM_DOMINATED);
    assert_int_equal(st[2], RS_DOM_DOMINATED);
    /* Identical options: one of them is (weakly) dominated, never both on the frontier. */
    const double c2[] = {10, 10}, e2[] = {5, 5};
    assert_int_equal(rs_dominance_classify(2, c2, e2, st, icer, &err), RS_OK);
    assert_int_equal(st[0], RS_DOM_DOMINANT);
    assert_int_equal(st[1], RS_DOM_DOMINATED);
}

/* Random planes: labels agree with the definitions, frontier ICERs rise with cost. */
static void random_planes_obey_the_rules(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    rs_error err;
    for (int trial = 0; trial < 2000; trial++) {
        int n = 2 + trial % 7;
        double cost[9], eff[9], icer[9];
        rs_dominance st[9];
        for (int j = 0; j < n; j++) cost[j] = 100 * normal(&seed), eff[j] = 10 * normal(&seed);
        assert_int_equal(rs_dominance_classify(n, cost, eff, st, icer, &err), RS_OK);
        for (int j = 0; j < n; j++) {
            int beaten = 0;
            for (int k = 0; k < n; k++)
                beaten |= k != j && cost[k] <= cost[j] && eff[k] >= eff[j] && (cost[k] < cost[j] || eff[k] > eff[j]);
            if (beaten) assert_int_equal(st[j], RS_DOM_DOMINATED); /* never dominant, never on the frontier */
            if (st[j] == RS_DOM_DOMINANT)
                for (int k = 0; k < n; k++) assert_true(k == j || (cost[j] <= cost[k] && eff[j] >= eff[k]));
        }
        double last_cost = -INFINITY, last_icer = -INFINITY;
        int on = 0;
        for (int pass = 0; pass < n; pass++) { /* frontier in cost order */
            int next = -1;
            for (int j = 0; j < n; j++)
                if ((st[j] == RS_DOM_FRONTIER || st[j] == RS_DOM_DOMINANT) && cost[j] > last_cost &&
                    (next < 0 || cost[j] < cost[next]))
                    next = j;
            if (next < 0) break;
            if (on++ > 0) {
                assert_true(icer[next] >= last_icer - 1e-9);
                assert_true(icer[next] > 0.0);
                last_icer = icer[next];
            }
            last_cost = cost[next];
        }
        assert_true(on >= 1);
    }
}

static void quadrants_never_negative(void **state)
{
    (void)state;
    double r;
    assert_int_equal(rs_vs_reference_of(-10, 5, &r), RS_VS_DOMINANT);
    assert_true(isnan(r));
    assert_int_equal(rs_vs_reference_of(10, -5, &r), RS_VS_DOMINATED);
    assert_true(isnan(r));
    assert_int_equal(rs_vs_reference_of(10, 5, &r), RS_VS_COSTLIER_MORE_EFFECTIVE);
    assert_near(r, 2.0, 1e-12);
    assert_int_equal(rs_vs_reference_of(-10, -4, &r), RS_VS_CHEAPER_LESS_EFFECTIVE);
    assert_near(r, 2.5, 1e-12); /* GBP saved per offence forgone, positive */
    assert_int_equal(rs_vs_reference_of(0, 0, &r), RS_VS_SAME);
}

#define NREP 1000

static void ceac_sums_to_one(void **state)
{
    (void)state;
    uint64_t seed = 7;
    double eff[3 * NREP], cost[3 * NREP], wtp[51], p[51 * 3], evpi[51];
    for (int r = 0; r < NREP; r++) {
        eff[r] = cost[r] = 0.0; /* the reference */
        eff[NREP + r] = 100 + 30 * normal(&seed), cost[NREP + r] = 2e5 + 5e4 * normal(&seed);
        eff[2 * NREP + r] = eff[NREP + r], cost[2 * NREP + r] = cost[NREP + r]; /* a tie in every replicate */
    }
    for (int w = 0; w < 51; w++) wtp[w] = 1000.0 * w;
    rs_error err;
    assert_int_equal(rs_voi_ceac(3, NREP, eff, cost, 51, wtp, p, evpi, &err), RS_OK);
    for (int w = 0; w < 51; w++) {
        assert_near(p[w * 3] + p[w * 3 + 1] + p[w * 3 + 2], 1.0, 1e-12);
        assert_near(p[w * 3 + 1], p[w * 3 + 2], 1e-12); /* ties shared */
        assert_true(evpi[w] >= 0.0);
    }
    assert_true(p[0] > 0.99);      /* at WTP 0 the costless reference wins */
    assert_true(p[50 * 3] < 0.01); /* at GBP 50,000 it does not (ICER ~ GBP 2,000) */
}

static void evpi_zero_when_one_option_always_wins(void **state)
{
    (void)state;
    uint64_t seed = 99;
    double nb[3 * NREP];
    for (int r = 0; r < NREP; r++) {
        nb[r] = 1e6 * normal(&seed);
        nb[NREP + r] = nb[r] + 1.0 + fabs(normal(&seed));  /* always best */
        nb[2 * NREP + r] = nb[r] - 5e5 * fabs(normal(&seed));
    }
    assert_near(rs_voi_evpi(3, NREP, nb), 0.0, 1e-6);
    double p[3];
    rs_voi_p_best(3, NREP, nb, p);
    assert_near(p[1], 1.0, 1e-12);
}

/* NB_1 depends on x0 (curved), not on x1; NB_2 on x0 linearly; noise optional. */
static void synthetic(double *nb, double *x, double noise, uint64_t seed)
{
    for (int r = 0; r < NREP; r++) {
        double a = 2.0 * u01(&seed) - 1.0, b = 2.0 * u01(&seed) - 1.0;
        x[2 * r] = a;
        x[2 * r + 1] = b;
        nb[r] = 0.0;
        nb[NREP + r] = 2.0 * a + a * a - 0.3 + noise * normal(&seed);
        nb[2 * NREP + r] = 0.2 - a + noise * normal(&seed);
    }
}

static void evppi_bounds(void **state)
{
    (void)state;
    static double nb[3 * NREP], x[2 * NREP], x0[NREP], x1[NREP];
    rs_error err;
    synthetic(nb, x, 0.5, 2024);
    for (int r = 0; r < NREP; r++) x0[r] = x[2 * r], x1[r] = x[2 * r + 1];
    double evpi = rs_voi_evpi(3, NREP, nb), relevant, irrelevant, both;
    assert_true(evpi > 0.0);
    assert_int_equal(rs_voi_evppi(3, NREP, nb, 1, x0, &relevant, &err), RS_OK);
    assert_int_equal(rs_voi_evppi(3, NREP, nb, 1, x1, &irrelevant, &err), RS_OK);
    assert_int_equal(rs_voi_evppi(3, NREP, nb, 2, x, &both, &err), RS_OK);
    assert_true(relevant <= evpi + 1e-9);
    assert_true(both <= evpi + 1e-9);
    assert_true(relevant > 0.5 * evpi);      /* most of the decision uncertainty is x0 */
    assert_true(irrelevant < 0.05 * evpi);   /* NB does not depend on x1 */
    assert_true(irrelevant >= 0.0);
    /* Without noise x0 is the only uncertainty: its EVPPI is the EVPI. */
    synthetic(nb, x, 0.0, 2024);
    for (int r = 0; r < NREP; r++) x0[r] = x[2 * r];
    evpi = rs_voi_evpi(3, NREP, nb);
    assert_int_equal(rs_voi_evppi(3, NREP, nb, 1, x0, &relevant, &err), RS_OK);
    assert_near(relevant, evpi, 0.02 * evpi);
}

static void smoother_follows_a_curve(void **state)
{
    (void)state;
    static double x[NREP], y[NREP], fit[NREP];
    uint64_t seed = 5;
    for (int r = 0; r < NREP; r++) x[r] = 4.0 * u01(&seed) - 2.0, y[r] = sin(2.0 * x[r]);
    rs_error err;
    assert_int_equal(rs_smoother_fit(NREP, 1, x, y, fit, &err), RS_OK);
    double ss = 0.0;
    for (int r = 0; r < NREP; r++) ss += (fit[r] - y[r]) * (fit[r] - y[r]);
    assert_true(sqrt(ss / NREP) < 0.05); /* a straight line: ~0.6 */
}

static void null_effects_from_the_schema(void **state)
{
    (void)state;
    rs_config cfg;
    assert_int_equal(ts_load_baseline(&cfg, 100, 1, 1), RS_OK);
    rs_params p = cfg.scenarios[0].params;
    double keyworker_cost = p.services.triborough.keyworker_cost;
    int n = rs_params_null_effects(&p);
    assert_true(n >= 15);
    for (size_t i = 0; i < rs_params_key_count(); i++) {
        const rs_key *k = rs_params_key(i);
        /* Every service ratio is an effect (guards against a new one declared without RATIO). */
        if (!strncmp(k->path, "services.", 9) && strstr(k->path, "_ratio")) assert_int_equal(k->effect, RS_EFFECT_RATIO);
        if (k->effect == RS_EFFECT_RATIO) assert_near(rs_params_get(&p, k), 1.0, 0.0);
        if (k->effect == RS_EFFECT_PROBABILITY) assert_near(rs_params_get(&p, k), 0.0, 0.0);
        if (k->effect != RS_EFFECT_NONE) assert_true(!strncmp(k->path, "services.", 9));
    }
    for (int i = 0; i < p.n_uncertain; i++) assert_int_equal(rs_params_key(p.uncertain[i].key)->effect, RS_EFFECT_NONE);
    assert_near(p.services.triborough.keyworker_cost, keyworker_cost, 0.0);
    rs_config_free(&cfg);
}

static void effect_scale_touches_only_added_services(void **state)
{
    (void)state;
    rs_config cfg;
    assert_int_equal(ts_load_baseline(&cfg, 100, 1, 1), RS_OK);
    rs_params ref = cfg.scenarios[0].params, p = ref;
    ref.services.dip.c.enabled = 1;
    p.services.dip.c.enabled = 1;
    p.services.triborough.c.enabled = 1;
    rs_params half = p, none = p, same = p;
    rs_params_scale_effects(&half, &ref, 0.5);
    rs_params_scale_effects(&none, &ref, 0.0);
    rs_params_scale_effects(&same, &ref, 1.0);
    assert_near(none.services.triborough.treatment_hazard_ratio, 1.0, 1e-12);
    assert_near(none.services.triborough.ete_resolved, 0.0, 1e-12);
    assert_near(half.services.triborough.intensive_hazard_ratio, sqrt(p.services.triborough.intensive_hazard_ratio), 1e-12);
    assert_near(same.services.triborough.support_hazard_ratio, p.services.triborough.support_hazard_ratio, 1e-12);
    assert_near(none.services.dip.treatment_hazard_ratio, p.services.dip.treatment_hazard_ratio, 0.0); /* in the reference too */
    rs_config_free(&cfg);
}

static void parameter_groups(void **state)
{
    (void)state;
    char g[64];
    rs_decision_group_of("services.triborough.treatment_hazard_ratio", g, sizeof g);
    assert_string_equal(g, "services.triborough.effects");
    rs_decision_group_of("services.gto.tag_cost_per_year", g, sizeof g);
    assert_string_equal(g, "services.gto.costs_capacity");
    rs_decision_group_of("economics.harm.violence", g, sizeof g);
    assert_string_equal(g, "economics.unit_costs");
    rs_decision_group_of("offending.hazard_scale", g, sizeof g);
    assert_string_equal(g, "offending");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(textbook_extended_dominance),
        cmocka_unit_test(strong_dominance_and_dominant),
        cmocka_unit_test(random_planes_obey_the_rules),
        cmocka_unit_test(quadrants_never_negative),
        cmocka_unit_test(ceac_sums_to_one),
        cmocka_unit_test(evpi_zero_when_one_option_always_wins),
        cmocka_unit_test(evppi_bounds),
        cmocka_unit_test(smoother_follows_a_curve),
        cmocka_unit_test(null_effects_from_the_schema),
        cmocka_unit_test(effect_scale_touches_only_added_services),
        cmocka_unit_test(parameter_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
