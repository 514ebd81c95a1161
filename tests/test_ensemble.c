/* reoffsim tests — the ensemble gives bitwise identical results for 1, 2
 * and 4 threads, and stops cleanly when cancelled. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "reoffsim/ensemble.h"
#include "test_support.h"

static void run_with_threads(const rs_config *cfg, int threads, rs_ensemble *e)
{
    rs_ensemble_options opt = {.threads = threads};
    rs_error err;
    int rc = rs_ensemble_run(cfg, &opt, e, &err);
    if (rc) fail_msg("%s", err.msg);
}

static void test_results_identical_for_1_2_and_4_threads(void **state)
{
    (void)state;
    rs_config cfg;
    assert_int_equal(ts_load_baseline(&cfg, 1500, 6, 3), 0);
    rs_ensemble e1, e2, e4;
    run_with_threads(&cfg, 1, &e1);
    run_with_threads(&cfg, 2, &e2);
    run_with_threads(&cfg, 4, &e4);
    size_t units = (size_t)e1.n_scenarios * (size_t)e1.n_replicates;
    size_t year_bytes = units * (size_t)e1.years * RS_N_YEAR_TOTALS * sizeof(double);
    assert_memory_equal(e1.year_storage, e2.year_storage, year_bytes);
    assert_memory_equal(e1.year_storage, e4.year_storage, year_bytes);
    for (size_t u = 0; u < units; u++) {
        assert_memory_equal(e1.units[u].reoffences, e2.units[u].reoffences, sizeof e1.units[u].reoffences);
        assert_memory_equal(e1.units[u].days_to_first, e4.units[u].days_to_first, sizeof e1.units[u].days_to_first);
        assert_true(e1.units[u].events == e4.units[u].events);
    }
    assert_true(e1.events == e2.events && e2.events == e4.events);
    rs_ensemble_free(&e1);
    rs_ensemble_free(&e2);
    rs_ensemble_free(&e4);
    rs_config_free(&cfg);
}

static void test_cancelled_run_reports_interrupted(void **state)
{
    (void)state;
    rs_config cfg;
    assert_int_equal(ts_load_baseline(&cfg, 200, 4, 3), 0);
    volatile sig_atomic_t cancel = 1;
    rs_ensemble_options opt = {.threads = 2, .cancel = &cancel};
    rs_ensemble e;
    rs_error err;
    assert_int_equal(rs_ensemble_run(&cfg, &opt, &e, &err), RS_ERR_INTERRUPTED);
    assert_null(e.units);
    rs_config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_results_identical_for_1_2_and_4_threads),
        cmocka_unit_test(test_cancelled_run_reports_interrupted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
