/* reoffsim tests — the offending clock as a mechanism, at the level of the
 * handlers (offending.c, custody.c): a first release (cohort entry) carries
 * the full post-release elevation; custody carries the unspent elevation
 * without decaying it and restores only a share that grows with the time
 * held, so a 28-day recall or a 3-day remand does not restart the peak; the
 * long-run propensity moves continuously with age. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "test_support.h"
#include "unit.h"

typedef struct {
    rs_config cfg;
    rs_agents a;
    rs_services_state svc;
    rs_unit u;
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    if (ts_load_baseline(&f.cfg, 1, 1, 5) != 0) return -1;
    assert_int_equal(rs_agents_reserve(&f.a, 1, NULL), 0);
    f.a.n = 1;
    f.u = (rs_unit){.p = &f.cfg.scenarios[0].params, .a = &f.a, .svc = &f.svc, .key = rs_rng_key_make(7, 0)};
    rs_unit_set_horizon(&f.u, 20 * 365.0);
    rs_offending_tables_init(&f.u.tables, f.u.p);
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

/* A very high risk man of 25 (peak > 0), entering the cohort at day 0. */
static void enter_cohort(fixture *f)
{
    rs_agent_hot *h = &f->a.hot[0];
    rs_agent_profile *who = &f->a.profile[0];
    memset(h, 0, sizeof *h);
    memset(who, 0, sizeof *who);
    who->age0_days = (uint16_t)(25 * RS_DAYS_PER_YEAR);
    who->first_age_days = (uint16_t)(13 * RS_DAYS_PER_YEAR);
    who->sanctions0 = h->sanctions = 40;
    who->offence0 = h->offence = h->risk_offence = RS_OFF_THEFT;
    who->frailty = 1.0f;
    h->t_arrest = h->t_court = h->t_breach = h->t_release = INFINITY;
    h->state = RS_STATE_NOT_ENTERED;
    rs_effects_reset(&f->a, 0);
    rs_offending_start_liberty(&f->u, 0, 0.0);
}

/* Custody from day `from` for `days`, then release: the new spell's peak. */
static double peak_after_custody(fixture *f, double from, double days)
{
    rs_custody_enter(&f->u, 0, from, RS_STATE_PRISON);
    assert_true(isinf(f->a.hot[0].t_offence));
    rs_offending_start_liberty(&f->u, 0, from + days);
    return f->a.hot[0].haz_peak;
}

/* The full elevation at the age of the current spell: the entry peak moved
 * with age as the base is (both follow the same age factor). */
static double full_peak_now(double entry_peak, double entry_base, const fixture *f)
{
    return entry_peak * f->a.hot[0].haz_base / entry_base;
}

static void check_restored_share(fixture *f, double days, double lo, double hi)
{
    enter_cohort(f);
    double peak0 = f->a.hot[0].haz_peak, base0 = f->a.hot[0].haz_base;
    assert_true(peak0 > 0.0 && base0 > 0.0);
    double unspent = peak0 * exp(-200.0 / f->u.p->offending.peak_decay_days);
    double peak = peak_after_custody(f, 200.0, days);
    double restored = (peak - unspent) / full_peak_now(peak0, base0, f);
    print_message("custody of %g days restores %.3f of a first release's elevation\n", days, restored);
    assert_true(restored >= lo && restored <= hi);
}

/* The stated fractions (configs/baseline.yaml, offending.peak_restore_days
 * 180): a 28-day recall at most 15%, a 3-day remand at most 2%, two years
 * held nearly all of it. */
static void test_short_custody_restores_a_small_stated_share(void **state)
{
    fixture *f = *state;
    assert_float_equal(f->u.p->offending.peak_restore_days, 180.0, 0);
    check_restored_share(f, 28.0, 0.13, 0.15);
    check_restored_share(f, 3.0, 0.0, 0.02);
    check_restored_share(f, 730.0, 0.97, 1.0001);
}

/* The elevation decays with time at liberty only: what was unspent when
 * custody began is still there at release, whatever the time held. */
static void test_custody_carries_the_unspent_elevation(void **state)
{
    fixture *f = *state;
    enter_cohort(f);
    double peak0 = f->a.hot[0].haz_peak, base0 = f->a.hot[0].haz_base;
    double d = f->u.p->offending.peak_decay_days;
    double peak = peak_after_custody(f, 10.0, 1.0);
    double restored = full_peak_now(peak0, base0, f) * -expm1(-1.0 / f->u.p->offending.peak_restore_days);
    assert_float_equal(peak, peak0 * exp(-10.0 / d) + restored, 1e-5 * peak0);
    /* Remand then sentence: custody to custody keeps the day custody began. */
    enter_cohort(f);
    rs_custody_enter(&f->u, 0, 100.0, RS_STATE_REMAND);
    rs_custody_enter(&f->u, 0, 130.0, RS_STATE_PRISON);
    rs_offending_start_liberty(&f->u, 0, 160.0);
    double held60 = f->a.hot[0].haz_peak;
    enter_cohort(f);
    double straight60 = peak_after_custody(f, 100.0, 60.0);
    assert_float_equal(held60, straight60, 1e-7);
}

/* The long-run propensity moves continuously with age (no step at an OGRS3
 * band edge) and falls over a decade. */
static void test_propensity_moves_continuously_with_age(void **state)
{
    fixture *f = *state;
    double last = -1.0, first = -1.0;
    for (double t = 0.0; t < 3650.0; t += 1.0) { /* ages 25 to 35, past the 30-34 band's edge */
        enter_cohort(f);
        rs_custody_enter(&f->u, 0, 0.0, RS_STATE_PRISON);
        rs_offending_start_liberty(&f->u, 0, t);
        double base = f->a.hot[0].haz_base;
        if (last > 0.0) assert_true(fabs(base / last - 1.0) < 1e-3);
        if (first < 0.0) first = base;
        last = base;
    }
    assert_true(last < 0.9 * first);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_custody_restores_a_small_stated_share),
        cmocka_unit_test(test_custody_carries_the_unspent_elevation),
        cmocka_unit_test(test_propensity_moves_continuously_with_age),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
