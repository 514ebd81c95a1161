/* reoffsim tests — the event queue hands out events in (time, kind, agent)
 * order, checked against a brute-force reference under random use. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "event_queue.h"
#include "next_timer.h"
#include "reoffsim/rng.h"

#define MAX_AGENTS 4096

/* The reference: every agent's pending event, and whether it has one. */
typedef struct {
    rs_event ev[MAX_AGENTS];
    int present[MAX_AGENTS];
    size_t n;
} world;

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
    w->ev[rs_event_agent(ev)] = ev;
    w->present[rs_event_agent(ev)] = 1;
    rs_queue_set(q, ev);
}

static void check_pop(rs_event_queue *q, world *w, double t, uint32_t kind, uint32_t agent)
{
    rs_event got;
    assert_int_equal(rs_queue_pop(q, &got), 1);
    assert_true(rs_event_time(got) == t);
    assert_int_equal(rs_event_kind_of(got), kind);
    assert_int_equal(rs_event_agent(got), agent);
    w->present[agent] = 0;
}

static void test_pops_in_time_then_kind_then_agent_order(void **state)
{
    (void)state;
    static world w = {.n = 10};
    rs_event_queue q = {0};
    assert_int_equal(rs_queue_reserve(&q, 10, 10.0, NULL), 0);
    const double in[6][3] = {{5.0, 1, 3}, {1.0, 4, 9}, {5.0, 0, 7}, {5.0, 1, 2}, {0.5, 2, 1}, {9.0, 0, 0}};
    for (int i = 0; i < 6; i++) set(&q, &w, rs_event_make((float)in[i][0], (unsigned)in[i][1], (uint32_t)in[i][2]));
    const double want[6][3] = {{0.5, 2, 1}, {1.0, 4, 9}, {5.0, 0, 7}, {5.0, 1, 2}, {5.0, 1, 3}, {9.0, 0, 0}};
    for (int i = 0; i < 6; i++) check_pop(&q, &w, want[i][0], (uint32_t)want[i][1], (uint32_t)want[i][2]);
    rs_event none;
    assert_int_equal(rs_queue_pop(&q, &none), 0);
    rs_queue_free(&q);
}

static void test_set_moves_any_agent_and_remove_takes_it_out(void **state)
{
    (void)state;
    static world w = {.n = 8};
    rs_event_queue q = {0};
    assert_int_equal(rs_queue_reserve(&q, 8, 200.0, NULL), 0);
    for (uint32_t a = 0; a < 8; a++) set(&q, &w, rs_event_make(10.0 + a, 0, a));
    set(&q, &w, rs_event_make(1.0, 0, 6));  /* earlier */
    set(&q, &w, rs_event_make(99.0, 0, 0)); /* later */
    rs_queue_remove(&q, 3);
    rs_queue_remove(&q, 3); /* absent: no-op */
    const uint32_t want[7] = {6, 1, 2, 4, 5, 7, 0};
    for (int i = 0; i < 7; i++) check_pop(&q, &w, rs_event_time(w.ev[want[i]]), 0, want[i]);
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
    assert_true(n_agents <= MAX_AGENTS);
    static world w;
    memset(&w, 0, sizeof w);
    w.n = n_agents;
    rs_event_queue q = {0};
    assert_int_equal(rs_queue_reserve(&q, n_agents, horizon, NULL), 0);
    rs_rng_key key = rs_rng_key_make(seed, 0);
    uint32_t draw = 0;
    for (uint32_t a = 0; a < n_agents; a++) {
        rs_rng_block b = rs_rng_block_at(key, a, RS_PURPOSE_OFFENCE, draw++, 0);
        set(&q, &w, rs_event_make(floor(rs_rng_u01(b.v[0]) * horizon / grid) * grid, b.v[1] % 6, a));
    }
    size_t taken = 0;
    rs_event got, want = {0};
    while (rs_queue_pop(&q, &got)) {
        assert_int_equal(reference_min(&w, &want), 1);
        assert_true(got.key == want.key);
        w.present[rs_event_agent(got)] = 0;
        taken++;
        rs_rng_block b = rs_rng_block_at(key, rs_event_agent(got), RS_PURPOSE_CASE, draw++, 0);
        uint32_t movers[2] = {rs_event_agent(got), b.v[2] % (uint32_t)n_agents};
        for (int m = 0; m < 2; m++) {
            uint32_t a = movers[m];
            if (m == 1 && (b.v[3] & 7) != 0) break;
            double later = rs_event_time(got) + floor(rs_rng_u01(b.v[m]) * 50.0) * grid;
            if (later < horizon && (b.v[3] & 0x30) != 0x30) {
                set(&q, &w, rs_event_make(later, b.v[1] % 6, a));
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
    check_against_reference(300, 30.0, 10.0, 4);   /* bunched: equal times fill one sub-bin, heap sort */
    check_against_reference(4096, 1.0, 0.25, 5);   /* buckets beyond the sort buffer: list merge sort */
}

static void test_key_orders_time_then_kind_then_agent_and_round_trips(void **state)
{
    (void)state;
    rs_event a = rs_event_make(2.5f, 5, 7), b = rs_event_make(2.5f, 5, 8), c = rs_event_make(2.5f, 6, 0),
             d = rs_event_make(2.5000002f, 0, 0), z = rs_event_make(-0.0f, 0, 3), inf = rs_event_make(INFINITY, 0, 0);
    assert_true(rs_event_before(&a, &b) && rs_event_before(&b, &c) && rs_event_before(&c, &d));
    assert_true(rs_event_before(&z, &a) && rs_event_before(&d, &inf));
    assert_true(rs_event_time(z) == 0.0f);
    assert_true(rs_event_time(a) == 2.5f);
    assert_int_equal(rs_event_kind_of(c), 6);
    assert_int_equal(rs_event_agent(b), 8);
    rs_event last = rs_event_make(7300.0f, 7, RS_EVENT_MAX_AGENTS - 1);
    assert_int_equal(rs_event_agent(last), RS_EVENT_MAX_AGENTS - 1);
    assert_int_equal(rs_event_kind_of(last), 7);
}

static void test_reserve_refuses_more_agents_than_the_key_holds(void **state)
{
    (void)state;
    rs_event_queue q = {0};
    rs_error err = {0, ""};
    /* The largest index is the lists' end marker, so 2^29 - 1 agents at most. */
    assert_int_not_equal(rs_queue_reserve(&q, (size_t)RS_EVENT_MAX_AGENTS, 100.0, &err), 0);
    assert_non_null(strstr(err.msg, "at most"));
    rs_queue_free(&q);
}

/* The engine's next timer (next_timer.h): integer minima of the keys pick
 * the same (time, kind) as a plain search in kind order (the first smallest
 * time wins ties), for random timers from a few values (so ties are
 * common), +inf, +0 and -0. */
static uint64_t next_timer_by_search(const float by_kind[RS_N_EVENT_KINDS])
{
    int best = 0;
    for (int k = 1; k < RS_N_EVENT_KINDS; k++)
        if (by_kind[k] < by_kind[best]) best = k;
    return rs_event_make(by_kind[best], (unsigned)best, 0).key;
}

static void test_next_timer_matches_a_plain_search(void **state)
{
    (void)state;
    const float values[] = {0.0f, -0.0f, 1.0f, 1.5f, 2.0f, 364.99997f, 365.0f, 1e6f, INFINITY};
    const int n_values = (int)(sizeof values / sizeof *values);
    rs_rng_key key = rs_rng_key_make(17, 0);
    int ties = 0;
    for (uint32_t trial = 0; trial < 200002; trial++) {
        rs_rng_block b = rs_rng_block_at(key, trial, RS_PURPOSE_OFFENCE, 0, 0),
                     c = rs_rng_block_at(key, trial, RS_PURPOSE_OFFENCE, 0, 1);
        uint32_t w[6] = {b.v[0], b.v[1], b.v[2], b.v[3], c.v[0], c.v[1]};
        float t[6];
        for (int k = 0; k < 6; k++) /* mostly from the list, sometimes any non-negative float */
            t[k] = (w[k] & 7) ? values[(w[k] >> 3) % n_values] : (float)(rs_rng_u01(w[k]) * 3650.0);
        if (trial >= 200000) /* and two sets made by hand: all +inf; all zero, some -0 */
            for (int k = 0; k < 6; k++) t[k] = trial == 200000 ? INFINITY : (k % 2 ? -0.0f : 0.0f);
        rs_agent_hot h;
        memset(&h, 0, sizeof h);
        h.t_offence = t[0];
        h.t_arrest = t[1];
        h.t_court = t[2];
        h.t_release = t[3];
        h.t_breach = t[4];
        float by_kind[RS_N_EVENT_KINDS];
        by_kind[RS_EV_RELEASE] = t[3];
        by_kind[RS_EV_SERVICE] = t[5];
        by_kind[RS_EV_COURT] = t[2];
        by_kind[RS_EV_ARREST] = t[1];
        by_kind[RS_EV_BREACH] = t[4];
        by_kind[RS_EV_OFFENCE] = t[0];
        uint64_t got = rs_next_timer(&h, t[5]);
        assert_true(got == next_timer_by_search(by_kind));
        rs_event e = {got};
        if (trial == 200000) assert_int_equal(rs_event_kind_of(e), RS_EV_RELEASE); /* all +inf: kind 0 */
        if (trial == 200001) assert_true(rs_event_time(e) == 0.0f && !signbit(rs_event_time(e)));
        int at_min = 0;
        for (int k = 0; k < 6; k++) at_min += (t[k] == rs_event_time(e));
        ties += at_min > 1;
    }
    assert_true(ties > 1000); /* ties, which the kind must break, did occur */
    print_message("next timer == plain search on 200,002 timer sets (%d with tied minima)\n", ties);
}

/* Populations of 65,536 agents or more also walk the bucket lists ahead of
 * their loads (warm cursors): a hint only, so events still leave in key
 * order, each once, with re-timings along the way. */
static void test_large_population_pops_in_order(void **state)
{
    (void)state;
    const size_t n = 70000;
    const double horizon = 3 * 365.0;
    rs_event_queue q = {0};
    assert_int_equal(rs_queue_reserve(&q, n, horizon, NULL), 0);
    assert_true(q.warm_lists);
    rs_rng_key key = rs_rng_key_make(11, 0);
    for (uint32_t a = 0; a < n; a++) {
        rs_rng_block b = rs_rng_block_at(key, a, RS_PURPOSE_OFFENCE, 0, 0);
        rs_queue_set(&q, rs_event_make((float)(rs_rng_u01(b.v[0]) * horizon), b.v[1] % 6, a));
    }
    rs_event ev, last = {0};
    size_t popped = 0, retimed = 0;
    while (rs_queue_pop(&q, &ev)) {
        assert_true(ev.key >= last.key);
        last = ev;
        popped++;
        rs_rng_block b = rs_rng_block_at(key, rs_event_agent(ev), RS_PURPOSE_OFFENCE, 1, 0);
        float later = rs_event_time(ev) + (float)(rs_rng_u01(b.v[0]) * 30.0);
        if ((b.v[1] & 3) == 0 && later < horizon) { /* a quarter come back later */
            rs_queue_set(&q, rs_event_make(later, b.v[2] % 6, rs_event_agent(ev)));
            retimed++;
        }
    }
    assert_int_equal(popped, n + retimed);
    assert_true(retimed > n / 8);
    rs_queue_free(&q);
}

/* One bucket per 4 agent-years, at most one per agent, at most 2^17 (the
 * heads must stay in cache: a million agents share 131,072 buckets). */
static void test_bucket_count_is_bounded_by_agents_and_cache(void **state)
{
    (void)state;
    assert_int_equal(rs_queue_buckets_for(10000, 5 * 365.0), 10000);
    assert_int_equal(rs_queue_buckets_for(10000, 365.0), 2500);
    assert_int_equal(rs_queue_buckets_for(1000000, 5 * 365.0), 131072);
    assert_int_equal(rs_queue_buckets_for(3, 1.0), 1);
}

static void test_reuse_starts_empty(void **state)
{
    (void)state;
    static world w = {.n = 8};
    rs_event_queue q = {0};
    assert_int_equal(rs_queue_reserve(&q, 8, 100.0, NULL), 0);
    set(&q, &w, rs_event_make(50.0, 0, 5));
    assert_int_equal(rs_queue_reserve(&q, 8, 100.0, NULL), 0);
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
        cmocka_unit_test(test_key_orders_time_then_kind_then_agent_and_round_trips),
        cmocka_unit_test(test_reserve_refuses_more_agents_than_the_key_holds),
        cmocka_unit_test(test_reuse_starts_empty),
        cmocka_unit_test(test_bucket_count_is_bounded_by_agents_and_cache),
        cmocka_unit_test(test_large_population_pops_in_order),
        cmocka_unit_test(test_next_timer_matches_a_plain_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
