/* reoffsim tests — event heap order and tie-breaking by (time, kind, agent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "event_heap.h"

static void test_heap_pops_in_time_then_kind_then_agent_order(void **state)
{
    (void)state;
    rs_event_heap h = {0};
    assert_int_equal(rs_heap_reserve(&h, 10, NULL), 0); /* agent ids are < capacity */
    rs_event in[6] = {{5.0, 1, 3}, {1.0, 4, 9}, {5.0, 0, 7}, {5.0, 1, 2}, {0.5, 2, 1}, {9.0, 0, 0}};
    for (int i = 0; i < 6; i++) rs_heap_push(&h, in[i]);
    rs_event want[6] = {{0.5, 2, 1}, {1.0, 4, 9}, {5.0, 0, 7}, {5.0, 1, 2}, {5.0, 1, 3}, {9.0, 0, 0}};
    for (int i = 0; i < 6; i++) {
        assert_true(h.e[0].t == want[i].t);
        assert_int_equal(h.e[0].kind, want[i].kind);
        assert_int_equal(h.e[0].agent, want[i].agent);
        rs_heap_pop(&h);
    }
    assert_int_equal(h.n, 0);
    rs_heap_free(&h);
}

static void test_heap_replace_top_reorders(void **state)
{
    (void)state;
    rs_event_heap h = {0};
    assert_int_equal(rs_heap_reserve(&h, 4, NULL), 0);
    rs_heap_push(&h, (rs_event){1.0, 0, 0});
    rs_heap_push(&h, (rs_event){2.0, 0, 1});
    rs_heap_push(&h, (rs_event){3.0, 0, 2});
    rs_heap_replace_top(&h, (rs_event){2.5, 0, 0});
    assert_int_equal(h.e[0].agent, 1);
    rs_heap_pop(&h);
    assert_int_equal(h.e[0].agent, 0);
    rs_heap_free(&h);
}

static void test_heap_set_moves_any_agent_and_remove_takes_it_out(void **state)
{
    (void)state;
    rs_event_heap h = {0};
    assert_int_equal(rs_heap_reserve(&h, 8, NULL), 0);
    for (uint32_t a = 0; a < 8; a++) rs_heap_set(&h, (rs_event){10.0 + a, 0, a});
    rs_heap_set(&h, (rs_event){1.0, 0, 6});  /* earlier */
    rs_heap_set(&h, (rs_event){99.0, 0, 0}); /* later */
    rs_heap_remove(&h, 3);
    rs_heap_remove(&h, 3); /* absent: no-op */
    const uint32_t want[7] = {6, 1, 2, 4, 5, 7, 0};
    for (int i = 0; i < 7; i++) {
        assert_int_equal(h.e[0].agent, want[i]);
        rs_heap_pop(&h);
    }
    assert_int_equal(h.n, 0);
    for (uint32_t a = 0; a < 8; a++) assert_int_equal(h.pos[a], RS_HEAP_ABSENT);
    rs_heap_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_pops_in_time_then_kind_then_agent_order),
        cmocka_unit_test(test_heap_replace_top_reorders),
        cmocka_unit_test(test_heap_set_moves_any_agent_and_remove_takes_it_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
