/* reoffsim tests — money to capacity: budget pots per financial year, slot
 * pools from whole workers, FIFO waiting lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "services/capacity.h"

static rs_service_common budget(double k)
{
    rs_service_common c;
    memset(&c, 0, sizeof c);
    for (int y = 0; y < RS_BUDGET_YEARS; y++) c.budget_k[y] = k;
    c.budget_k[1] = 2 * k;
    return c;
}

static void test_pot_spends_until_empty_and_refills_each_year(void **state)
{
    (void)state;
    rs_service_common c = budget(1.0); /* £1,000 a year, £2,000 in year 2 */
    c.budget_cut = 0.5;
    rs_pot pot;
    rs_pot_init(&pot, &c, 1.0, 1.0);
    assert_true(rs_pot_spend(&pot, 10, 400));
    assert_false(rs_pot_spend(&pot, 20, 200)); /* 100 left after the 50% cut */
    assert_true(rs_pot_spend(&pot, 365, 900)); /* year 2: 1,000 */
    assert_false(rs_pot_spend(&pot, 400, 200));
}

static void test_pool_counts_whole_workers_times_caseload_scaled(void **state)
{
    (void)state;
    rs_service_common c = budget(100.0); /* £100k: 2 workers at £40k */
    uint32_t links[4];
    rs_pool pool;
    rs_pool_init(&pool, &c, 1.0, 40000, 15, 0.5, links);
    assert_float_equal(rs_pool_capacity(&pool, 0), 15, 1e-12); /* 2 x 15 x 0.5 */
    assert_float_equal(rs_pool_capacity(&pool, 400), 37, 1e-12); /* year 2: 5 workers x 15 x 0.5 = 37.5 */
}

static void test_budget_below_one_worker_gives_no_places(void **state)
{
    (void)state;
    rs_service_common c = budget(39.0);
    uint32_t links[4];
    rs_pool pool;
    rs_pool_init(&pool, &c, 1.0, 40000, 15, 10.0, links);
    assert_float_equal(rs_pool_capacity(&pool, 0), 0, 0);
    assert_false(rs_pool_take(&pool, 0));
}

static void test_pool_take_release_and_fifo_waiting_list(void **state)
{
    (void)state;
    rs_service_common c = budget(40.0);
    uint32_t next_waiting[10];
    rs_pool pool, other;
    rs_pool_init(&pool, &c, 1.0, 40000, 2, 1.0, next_waiting);
    rs_pool_init(&other, &c, 1.0, 40000, 2, 1.0, next_waiting); /* shares the links */
    assert_true(rs_pool_take(&pool, 0));
    assert_true(rs_pool_take(&pool, 0));
    assert_false(rs_pool_take(&pool, 0));
    rs_pool_enqueue(&pool, 7);
    rs_pool_enqueue(&other, 4);
    rs_pool_enqueue(&pool, 3);
    rs_pool_enqueue(&pool, 9);
    rs_pool_enqueue(&other, 5);
    assert_int_equal(rs_pool_dequeue(&pool), 7);
    rs_pool_enqueue(&pool, 1);
    assert_int_equal(rs_pool_dequeue(&pool), 3);
    assert_int_equal(rs_pool_dequeue(&other), 4);
    assert_int_equal(rs_pool_dequeue(&pool), 9);
    assert_int_equal(rs_pool_dequeue(&pool), 1);
    assert_int_equal(rs_pool_dequeue(&pool), RS_NO_AGENT);
    rs_pool_enqueue(&pool, 7); /* empty list starts again */
    assert_int_equal(rs_pool_dequeue(&other), 5);
    assert_int_equal(rs_pool_dequeue(&other), RS_NO_AGENT);
    assert_int_equal(rs_pool_dequeue(&pool), 7);
    assert_int_equal(rs_pool_dequeue(&pool), RS_NO_AGENT);
    rs_pool_release(&pool);
    assert_true(rs_pool_take(&pool, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pot_spends_until_empty_and_refills_each_year),
        cmocka_unit_test(test_pool_counts_whole_workers_times_caseload_scaled),
        cmocka_unit_test(test_budget_below_one_worker_gives_no_places),
        cmocka_unit_test(test_pool_take_release_and_fifo_waiting_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
