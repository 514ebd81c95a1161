/* reoffsim — the event loop of one work unit: a queue of agents ordered by
 * their next event; pop, dispatch to the pathway handler, re-key the agent. */
#include "reoffsim/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agents.h"
#include "cohort_tally.h"
#include "day_ticks.h"
#include "event_queue.h"
#include "next_timer.h"
#include "population.h"
#include "unit.h"

struct rs_workspace {
    rs_agents agents;
    int have_population;            /* agents hold the cohort of population_key */
    rs_population_key population_key;
    rs_cohort_totals cohort_totals; /* of the cohort in agents */
    rs_event_queue queue;
    rs_services_state svc;
    rs_hazard_table *hazard_table; /* filled once, on first use */
    uint32_t *waiting_next; /* per agent: link of the slot pools' waiting lists */
    size_t waiting_capacity;
    const volatile sig_atomic_t *cancel; /* stop within a unit (rs_workspace_set_cancel) */
};

void rs_workspace_set_cancel(rs_workspace *ws, const volatile sig_atomic_t *cancel) { ws->cancel = cancel; }

rs_workspace *rs_workspace_create(void) { return calloc(1, sizeof(rs_workspace)); }

void rs_workspace_free(rs_workspace *ws)
{
    if (!ws) return;
    rs_agents_free(&ws->agents);
    rs_queue_free(&ws->queue);
    free(ws->waiting_next);
    free(ws->hazard_table);
    free(ws);
}

/* Agent arrays, the event queue's share (its bucket heads at most one per
 * agent, whatever the horizon), the waiting-list link. */
size_t rs_engine_bytes_per_agent(void)
{
    return rs_agents_bytes_per_agent() + rs_queue_bytes_per_agent(100000, 5 * 365.0) + sizeof(uint32_t);
}

static int reserve_waiting(rs_workspace *ws, size_t n, rs_error *err)
{
    if (n <= ws->waiting_capacity) return RS_OK;
    uint32_t *w = realloc(ws->waiting_next, n * sizeof *w);
    if (!w) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for waiting lists (%zu agents)", n);
    ws->waiting_next = w;
    ws->waiting_capacity = n;
    return RS_OK;
}

static int prepare_hazard_table(rs_workspace *ws, rs_error *err)
{
    if (ws->hazard_table) return RS_OK;
    ws->hazard_table = malloc(sizeof *ws->hazard_table);
    if (!ws->hazard_table) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the hazard table");
    rs_hazard_table_init(ws->hazard_table);
    return RS_OK;
}

static void reset_services(rs_workspace *ws)
{
    memset(&ws->svc, 0, sizeof ws->svc);
    ws->svc.waiting_next = ws->waiting_next;
}

static void reset_dynamic(rs_agents *a, uint32_t i)
{
    rs_agent_hot *h = &a->hot[i];
    rs_agent_record *r = &a->record[i];
    rs_agent_profile *who = &a->profile[i];
    h->needs = who->needs0;
    h->offence = who->offence0;
    h->risk_offence = who->offence0; /* the index offence */
    h->sanctions = who->sanctions0;
    h->state = RS_STATE_NOT_ENTERED;
    rs_flags_put(&h->flags, RS_FLAG_WILL_CONVICT, 0);
    h->n_offences = h->n_cases = who->n_releases = r->court_case = 0;
    h->haz_base = h->haz_peak = h->haz_scale = h->haz_cum = 0.0f;
    h->spell_start = 0.0f;
    h->t_offence = h->t_arrest = h->t_court = h->t_breach = INFINITY;
    h->t_release = h->t_entry;
    r->licence_end = r->order_end = 0;
    h->arrest_count = h->arrest_in_window = h->court_count = h->court_in_window = 0;
    h->arrest_first = r->court_first = RS_TICKS_NONE;
    r->proven = 0;
    r->first_reoffence = RS_TICKS_NONE;
    r->sentence = who->disposal0;
    rs_effects_reset(a, i);
}

/* The agent's earliest pending event (next_timer.h). */
static rs_event next_event(const rs_unit *u, uint32_t i)
{
    const rs_agent_hot *h = &u->a->hot[i];
    rs_event ev = {rs_next_timer(h, rs_ticks_end_day(h->svc_next, u->tick_days)) | i};
    return ev;
}

/* Populations beyond the caches: start fetching the state an upcoming
 * event will touch, so the misses of several agents overlap instead of
 * queueing: its hot record (timers, what offences read) and its profile,
 * record and effect row, which releases, sentences and re-ratings read
 * (1M agents: 186 -> 153 ns/event with all four, bench/README.md). Below
 * ~65k agents everything stays in cache and prefetching gains nothing. */
#define PREFETCH_MIN_AGENTS 65536
#define PREFETCH_DISTANCE 2

static void prefetch_agent(const rs_agents *a, uint32_t i)
{
    __builtin_prefetch(&a->hot[i]);
    __builtin_prefetch(&a->profile[i]);
    __builtin_prefetch(&a->record[i]);
    __builtin_prefetch(&a->effects[i]);
}

static void dispatch(rs_unit *u, rs_event ev)
{
    uint32_t i = rs_event_agent(ev);
    double t = rs_event_time(ev);
    switch ((rs_event_kind)rs_event_kind_of(ev)) {
    case RS_EV_RELEASE: rs_custody_on_release(u, i, t); break;
    case RS_EV_SERVICE: rs_services_on_timer(u, i, t); break;
    case RS_EV_COURT: rs_justice_on_court(u, i, t); break;
    case RS_EV_ARREST: rs_justice_on_arrest(u, i, t); break;
    case RS_EV_BREACH: rs_custody_on_breach(u, i, t); break;
    case RS_EV_OFFENCE: rs_offending_on_offence(u, i, t); break;
    default: break;
    }
}

void rs_unit_reschedule(rs_unit *u, uint32_t i)
{
    if (!u->queue) return;
    rs_event next = next_event(u, i);
    if (rs_event_time(next) < u->horizon)
        rs_queue_set(u->queue, next);
    else
        rs_queue_remove(u->queue, i);
}

/* Process events until the horizon; 0 if the cancel flag stopped it first
 * (checked every RS_ENGINE_CANCEL_EVENTS events: a 50M-agent unit stops in
 * well under a second, not at its end). */
static int run_events(rs_unit *u, rs_event_queue *q, const volatile sig_atomic_t *cancel, uint64_t *count)
{
    uint64_t events = 0;
    rs_event ev;
    int prefetch = u->a->n >= PREFETCH_MIN_AGENTS;
    while (rs_queue_pop(q, &ev)) {
        if (!(rs_event_time(ev) < u->horizon)) break;
        if (cancel && (events & (RS_ENGINE_CANCEL_EVENTS - 1)) == 0 && *cancel) {
            *count = events;
            return 0;
        }
        if (prefetch) {
            uint32_t ahead = rs_queue_upcoming(q, PREFETCH_DISTANCE);
            if (ahead != RS_QUEUE_ABSENT) prefetch_agent(u->a, ahead);
        }
        rs_unit_at(u, rs_event_time(ev));
        dispatch(u, ev);
        events++;
        rs_unit_reschedule(u, rs_event_agent(ev));
    }
    *count = events;
    return 1;
}

/* Close open custody spells at the horizon and tally the MoJ cohort. */
static void finish(rs_unit *u, const rs_cohort_totals *totals)
{
    for (uint32_t i = 0; i < (uint32_t)u->a->n; i++) rs_custody_leave(u, i, u->horizon);
    rs_cohort_tally(u->a, totals, u->tick_days, u->res);
}

/* Never inlined (even under LTO): the CI instruction gate counts the
 * instructions executed inside this function (bench/instructions_gate.sh). */
__attribute__((noinline)) int rs_engine_run(const rs_params *p, uint32_t replicate, rs_workspace *ws,
                                            rs_unit_result *res, rs_error *err)
{
    size_t n = (size_t)p->run.n_agents;
    if (n > ws->agents.capacity) ws->have_population = 0; /* reallocated below */
    int rc = rs_agents_reserve(&ws->agents, n, err);
    if (!rc) rc = rs_queue_reserve(&ws->queue, n, p->run.years * 365.0, err);
    if (!rc) rc = reserve_waiting(ws, n, err);
    if (!rc) rc = prepare_hazard_table(ws, err);
    if (rc) return rc;
    if (res->years < p->run.years)
        return rs_error_set(err, RS_ERR_CONFIG, "result holds %d years, run needs %d", res->years,
                            p->run.years);
    rs_unit_result_clear(res);
    reset_services(ws);
    rs_unit u = {.p = p, .key = rs_rng_key_make(p->run.seed, replicate), .a = &ws->agents, .res = res,
                 .queue = &ws->queue, .svc = &ws->svc, .hazard_table = ws->hazard_table};
    rs_unit_set_horizon(&u, p->run.years * 365.0);
    rs_offending_tables_init(&u.tables, p);
    rs_justice_tables_init(&u.tables, p);
    /* The same people for every scenario of a replicate: generate only when
     * something the cohort depends on changed (a new replicate, or a scenario
     * that changes the population parameters). */
    rs_population_key key;
    rs_population_key_make(p, replicate, &key);
    if (!ws->have_population || memcmp(&key, &ws->population_key, sizeof key) != 0) {
        ws->have_population = 0;
        if (!rs_population_generate_until(p, u.key, u.a, &ws->cohort_totals, ws->cancel))
            return rs_error_set(err, RS_ERR_INTERRUPTED, "interrupted while generating the cohort");
        ws->population_key = key;
        ws->have_population = 1;
    }
    for (uint32_t i = 0; i < (uint32_t)n; i++) {
        reset_dynamic(u.a, i);
        rs_queue_set(&ws->queue, next_event(&u, i));
    }
    rs_services_begin(&u);
    if (!run_events(&u, &ws->queue, ws->cancel, &res->events))
        return rs_error_set(err, RS_ERR_INTERRUPTED, "interrupted within a unit after %llu events",
                            (unsigned long long)res->events);
    finish(&u, &ws->cohort_totals);
    return RS_OK;
}
