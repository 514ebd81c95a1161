/* reoffsim tests — the event queue hands out events in (time, kind, agent)
 * order, checked against a brute-force reference under random use. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "event_queue.h"
#include "reoffsim/rng.h"

#define MAX_AGENTS 512

/* The reference: every agent's pending event, and whether it has one. */
typedef struct {
    rs_event ev[MAX_AGENTS];
    int present[MAX_AGENTS];
    size_t n;
} world;

static rs_event event_of(const void *ctx, uint32_t agent) { return ((const world *)ctx)->ev[agent]; }

static int reference_min(const world *w, rs_event *out)
{
    int found = 0;
    for (size_t a = 0; a < w->n; a++)
        if (w->present[a] && (!found || rs_event_before(&w->ev[a], out))) {
            *out = w->ev[a];
            found = 1;
        }
    return found;
}

static void set(rs_event_queue *q, world *w, rs_event ev)
{
    w->ev[ev.agent] = ev;
    w->present[ev.agent] = 1;
    rs_queue_set(q, ev);
}

static void check_pop(rs_event_queue *q, world *w, double t, uint32_t kind, uint32_t agent)
{
    rs_event got;
    assert_int_equal(rs_queue_pop(q, &got), 1);
    assert_true(got.t == t);
    assert_int_equal(got.kind, kind);
    assert_int_equal(got.agent, agent);
    w->present[agent] = 0;
}

static void test_pops_in_time_then_kind_then_agent_order(void **state)
{
    (void)state;
    static world w = {.n = 10};
    rs_event_queue q = {0};
    assert_int_equal(rs_queue_reserve(&q, 10, 10.0, event_of, &w, NULL), 0);
    rs_event in[6] = {{5.0, 1, 3}, {1.0, 4, 9}, {5.0, 0, 7}, {5.0, 1, 2}, {0.5, 2, 1}, {9.0, 0, 0}};
    for (int i = 0; i < 6; i++) set(&q, &w, in[i]);
    rs_event want[6] = {{0.5, 2, 1}, {1.0, 4, 9}, {5.0, 0, 7}, {5.0, 1, 2}, {5.0, 1, 3}, {9.0, 0, 0}};
    for (int i = 0; i < 6; i++) check_pop(&q, &w, want[i].t, want[i].kind, want[i].agent);
    rs_event none;
    assert_int_equal(rs_queue_pop(&q, &none), 0);
    rs_queue_free(&q);
}

static void test_set_moves_any_agent_and_remove_takes_it_out(void **state)
{
    (void)state;
    static world w = {.n = 8};
    rs_event_queue q = {0};
    assert_int_equal(rs_queue_reserve(&q, 8, 200.0, event_of, &w, NULL), 0);
    for (uint32_t a = 0; a < 8; a++) set(&q, &w, (rs_event){10.0 + a, 0, a});
    set(&q, &w, (rs_event){1.0, 0, 6});  /* earlier */
    set(&q, &w, (rs_event){99.0, 0, 0}); /* later */
    rs_queue_remove(&q, 3);
    rs_queue_remove(&q, 3); /* absent: no-op */
    const uint32_t want[7] = {6, 1, 2, 4, 5, 7, 0};
    for (int i = 0; i < 7; i++) check_pop(&q, &w, w.ev[want[i]].t, 0, want[i]);
    rs_event none;
    assert_int_equal(rs_queue_pop(&q, &none), 0);
    rs_queue_free(&q);
}

/* Random sets and removals as the engine makes them (never earlier than
 * the last event taken; the taken agent re-set or dropped; sometimes another
 * agent re-timed or dropped, as a waiting list does), with times on a coarse
 * grid so exact ties are common. Every pop must be the reference's minimum. */
static void check_against_reference(size_t n_agents, double horizon, double grid, uint64_t seed)
{
    static world w;
    memset(&w, 0, sizeof w);
    w.n = n_agents;
    rs_event_queue q = {0};
    assert_int_equal(rs_queue_reserve(&q, n_agents, horizon, event_of, &w, NULL), 0);
    rs_rng_key key = rs_rng_key_make(seed, 0);
    uint32_t draw = 0;
    for (uint32_t a = 0; a < n_agents; a++) {
        rs_rng_block b = rs_rng_block_at(key, a, RS_PURPOSE_OFFENCE, draw++, 0);
        set(&q, &w, (rs_event){floor(rs_rng_u01(b.v[0]) * horizon / grid) * grid, b.v[1] % 6, a});
    }
    size_t taken = 0;
    rs_event got, want = {0.0, 0, 0};
    while (rs_queue_pop(&q, &got)) {
        assert_int_equal(reference_min(&w, &want), 1);
        assert_true(got.t == want.t);
        assert_int_equal(got.kind, want.kind);
        assert_int_equal(got.agent, want.agent);
        w.present[got.agent] = 0;
        taken++;
        rs_rng_block b = rs_rng_block_at(key, got.agent, RS_PURPOSE_CASE, draw++, 0);
        uint32_t movers[2] = {got.agent, b.v[2] % (uint32_t)n_agents};
        for (int m = 0; m < 2; m++) {
            uint32_t a = movers[m];
            if (m == 1 && (b.v[3] & 7) != 0) break;
            double later = got.t + floor(rs_rng_u01(b.v[m]) * 50.0) * grid;
            if (later < horizon && (b.v[3] & 0x30) != 0x30) {
                set(&q, &w, (rs_event){later, b.v[1] % 6, a});
            } else {
                rs_queue_remove(&q, a);
                w.present[a] = 0;
            }
        }
    }
    assert_int_equal(reference_min(&w, &want), 0);
    print_message("%zu agents, %.0f days: %zu events in reference order\n", n_agents, horizon, taken);
    assert_true(taken >= n_agents / 2);
    rs_queue_free(&q);
}

static void test_random_use_matches_reference(void **state)
{
    (void)state;
    check_against_reference(512, 365.0, 0.25, 1);  /* many buckets */
    check_against_reference(40, 3650.0, 1.0, 2);   /* few agents, long horizon */
    check_against_reference(3, 10.0, 0.25, 3);     /* a single bucket */
    check_against_reference(300, 30.0, 10.0, 4);   /* bunched: large buckets are heap-sorted */
}

static void test_reuse_starts_empty(void **state)
{
    (void)state;
    static world w = {.n = 8};
    rs_event_queue q = {0};
    assert_int_equal(rs_queue_reserve(&q, 8, 100.0, event_of, &w, NULL), 0);
    set(&q, &w, (rs_event){50.0, 0, 5});
    assert_int_equal(rs_queue_reserve(&q, 8, 100.0, event_of, &w, NULL), 0);
    rs_event ev;
    assert_int_equal(rs_queue_pop(&q, &ev), 0);
    rs_queue_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pops_in_time_then_kind_then_agent_order),
        cmocka_unit_test(test_set_moves_any_agent_and_remove_takes_it_out),
        cmocka_unit_test(test_random_use_matches_reference),
        cmocka_unit_test(test_reuse_starts_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
