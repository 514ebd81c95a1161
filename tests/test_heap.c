/* reoffsim tests — event heap order and tie-breaking by (time, kind, agent);
 * the bucketed event queue gives exactly the heap's order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "event_heap.h"
#include "event_queue.h"
#include "reoffsim/rng.h"

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

/* Agents' current events, as the engine would recompute them from state. */
typedef struct {
    rs_event ev[512];
} world;

static rs_event event_of(const void *ctx, uint32_t agent) { return ((const world *)ctx)->ev[agent]; }

/* Drive the queue and a plain heap with the same random sets and removals
 * (events never earlier than the last one taken, as in the engine, with
 * many exact ties): both must hand out the same events in the same order. */
static void check_queue_matches_heap(size_t n_agents, double horizon, uint64_t seed)
{
    static world w;
    rs_event_heap h = {0};
    rs_event_queue q = {0};
    assert_int_equal(rs_heap_reserve(&h, n_agents, NULL), 0);
    assert_int_equal(rs_queue_reserve(&q, n_agents, horizon, event_of, &w, NULL), 0);
    rs_rng_key key = rs_rng_key_make(seed, 0);
    uint32_t draw = 0;
    double now = 0.0;
    for (uint32_t a = 0; a < n_agents; a++) {
        rs_rng_block b = rs_rng_block_at(key, a, RS_PURPOSE_OFFENCE, draw++, 0);
        w.ev[a] = (rs_event){floor(rs_rng_u01(b.v[0]) * horizon * 4.0) / 4.0, b.v[1] % 6, a};
        rs_heap_set(&h, w.ev[a]);
        rs_queue_set(&q, w.ev[a]);
    }
    size_t taken = 0;
    rs_event got;
    while (rs_queue_peek(&q, &got)) {
        assert_true(h.n > 0);
        assert_true(got.t == h.e[0].t);
        assert_int_equal(got.kind, h.e[0].kind);
        assert_int_equal(got.agent, h.e[0].agent);
        now = got.t;
        taken++;
        rs_rng_block b = rs_rng_block_at(key, got.agent, RS_PURPOSE_CASE, draw++, 0);
        /* The taken agent moves later or leaves; sometimes another agent is
         * re-timed too (a waiting list) or taken out. */
        uint32_t movers[2] = {got.agent, b.v[2] % n_agents};
        for (int m = 0; m < 2; m++) {
            uint32_t a = movers[m];
            if (m == 1 && (b.v[3] & 7) != 0) break;
            double later = now + floor(rs_rng_u01(b.v[m]) * 200.0) / 4.0;
            if (later < horizon && (b.v[3] & 0x30) != 0x30) {
                w.ev[a] = (rs_event){later, b.v[1] % 6, a};
                rs_heap_set(&h, w.ev[a]);
                rs_queue_set(&q, w.ev[a]);
            } else {
                rs_heap_remove(&h, a);
                rs_queue_remove(&q, a);
            }
        }
    }
    assert_int_equal(h.n, 0);
    print_message("%zu agents, %.0f days: %zu events taken in the same order\n", n_agents, horizon, taken);
    assert_true(taken >= n_agents / 2);
    rs_heap_free(&h);
    rs_queue_free(&q);
}

static void test_queue_hands_out_events_in_heap_order(void **state)
{
    (void)state;
    check_queue_matches_heap(512, 365.0, 1); /* many buckets */
    check_queue_matches_heap(40, 3650.0, 2); /* few agents, long horizon */
    check_queue_matches_heap(3, 10.0, 3);    /* a single bucket */
}

static void test_queue_reuse_starts_empty(void **state)
{
    (void)state;
    static world w;
    rs_event_queue q = {0};
    assert_int_equal(rs_queue_reserve(&q, 8, 100.0, event_of, &w, NULL), 0);
    w.ev[5] = (rs_event){50.0, 0, 5};
    rs_queue_set(&q, w.ev[5]);
    assert_int_equal(rs_queue_reserve(&q, 8, 100.0, event_of, &w, NULL), 0);
    rs_event ev;
    assert_int_equal(rs_queue_peek(&q, &ev), 0);
    rs_queue_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_pops_in_time_then_kind_then_agent_order),
        cmocka_unit_test(test_heap_replace_top_reorders),
        cmocka_unit_test(test_heap_set_moves_any_agent_and_remove_takes_it_out),
        cmocka_unit_test(test_queue_hands_out_events_in_heap_order),
        cmocka_unit_test(test_queue_reuse_starts_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
