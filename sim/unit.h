/* reoffsim — the context of one work unit (scenario, replicate) shared by
 * the event handlers: parameters, random key, agents and result. Internal. */
#ifndef REOFFSIM_UNIT_H
#define REOFFSIM_UNIT_H

#include "agents.h"
#include "day_ticks.h"
#include "event_queue.h"
#include "hazard.h"
#include "hazard_table.h"
#include "sampling.h"
#include "services/services.h"
#include "reoffsim/metrics.h"
#include "reoffsim/params.h"
#include "reoffsim/rng.h"

/* Event kinds, in tie-break order at equal times. */
typedef enum {
    RS_EV_RELEASE, /* cohort entry or release from custody */
    RS_EV_SERVICE, /* a service effect ends */
    RS_EV_COURT,
    RS_EV_ARREST,
    RS_EV_BREACH,
    RS_EV_OFFENCE,
    RS_N_EVENT_KINDS
} rs_event_kind;
_Static_assert(RS_N_EVENT_KINDS <= RS_EVENT_MAX_KINDS, "event kinds fit the queue's key");

/* Occurrence number of the index (cohort-entry) sentence. */
#define RS_INDEX_CASE 0xFFFFu

/* Per-unit constants the handlers would otherwise recompute at every event
 * (the same values, computed once per unit): offending.c and justice.c fill
 * their parts. Factors that depend on the sanctions count are tabulated up
 * to RS_SANCTIONS_TABLE - 1 sanctions and computed beyond. */
#define RS_SANCTIONS_TABLE 256
/* Half-years of age with a tabulated age drift (up to 127.5 years). */
#define RS_AGE_HALF_YEARS 256
typedef struct {
    /* Age drift of the offending clock by sex and half-year of age: the
     * smooth age term's slope changes only at band midpoints, all on
     * half-years, so the table is exact. */
    float age_drift[2][RS_AGE_HALF_YEARS];
    rs_categorical offence_mix;                 /* population.offence_share */
    double known_odds[RS_SANCTIONS_TABLE];      /* detection odds factor by sanctions count */
    float need_ratio[1u << RS_N_NEEDS];         /* hazard ratio of each set of needs */
    double caution_decay[RS_SANCTIONS_TABLE];   /* exp(-caution_decay * (sanctions - 1)) */
    double sentence_history[RS_SANCTIONS_TABLE][RS_N_SENTENCES]; /* exp(slope_s * (sanctions - 1) / 10) */
} rs_unit_tables;

struct rs_unit {
    const rs_params *p;
    rs_rng_key key;
    rs_agents *a;
    rs_unit_result *res;
    double horizon;         /* days simulated (rs_unit_set_horizon) */
    double tick_days;       /* length of a day tick (day_ticks.h): horizon / 65534 */
    rs_event_queue *queue;  /* NULL in unit tests that drive handlers directly */
    rs_services_state *svc;
    rs_unit_tables tables; /* rs_offending_tables_init, rs_justice_tables_init */
    const rs_hazard_table *hazard_table; /* OGRS3 hazard by predictor (NULL: computed directly) */
    /* During a release's service hooks: what the release ended (a custodial
     * disposal, the cohort-entry disposal, or RS_RELEASE_REMAND). */
    uint8_t released_from;
    /* The event being handled: its time and year (rs_unit_at), so totals
     * counted at it need no division. */
    double now, now_year_end;
    int now_year;
};
typedef struct rs_unit rs_unit;

/* The run's length and, with it, its day-tick clock. */
static inline void rs_unit_set_horizon(rs_unit *u, double horizon)
{
    u->horizon = horizon;
    u->tick_days = rs_tick_days(horizon);
}

/* Events come in time order: the year is found again only when one passes
 * the current year's end. */
static inline void rs_unit_at(rs_unit *u, double t)
{
    u->now = t;
    if (!(t < u->now_year_end)) {
        u->now_year = rs_year_of(t);
        u->now_year_end = 365.0 * (u->now_year + 1);
    }
}

/* rs_year_add for the unit's result, without the division when `day` is the
 * current event's time (almost every call). */
static inline void rs_unit_count(const rs_unit *u, rs_year_total what, double day, double amount)
{
    if (day == u->now && u->now_year < u->res->years)
        rs_year_row(u->res, what)[u->now_year] += amount;
    else
        rs_year_add(u->res, what, day, amount);
}

/* engine.c: re-key agent i in the event heap after its timers changed
 * (needed when one agent's event changes another's, e.g. a waiting list). */
void rs_unit_reschedule(rs_unit *u, uint32_t i);

/* offending.c */
void rs_offending_tables_init(rs_unit_tables *t, const rs_params *p);
void rs_offending_start_liberty(rs_unit *u, uint32_t i, double t);
/* Custody begins at t: carry the unspent post-release elevation and the
 * day custody began to the next release (no-op unless at liberty). */
void rs_offending_leave_liberty(rs_unit *u, uint32_t i, double t);
/* Re-rate the pending offence after the hazard's scale changed (needs met,
 * a service effect started or ended) / after its OGRS3 inputs changed (a
 * new sanction, only with offending.sanctions_update_risk). Both keep the
 * offence's draw (common random numbers). */
void rs_offending_refresh(rs_unit *u, uint32_t i, double t);
void rs_offending_rescore(rs_unit *u, uint32_t i, double t);
void rs_offending_on_offence(rs_unit *u, uint32_t i, double t);
/* An offence of `type` at t that is detected: queue it for arrest after `delay` days. */
void rs_offending_detected(rs_unit *u, uint32_t i, double t, double delay);

/* justice.c */
void rs_justice_tables_init(rs_unit_tables *t, const rs_params *p);
void rs_justice_on_arrest(rs_unit *u, uint32_t i, double t);
void rs_justice_on_court(rs_unit *u, uint32_t i, double t);
/* `first`: day ticks from cohort start to the earliest in-window offence proven. */
void rs_justice_record_proof(rs_unit *u, uint32_t i, double t, int count, int in_window,
                             uint16_t first);

/* community_treatment.c */
void rs_community_treatment_on_arrest(rs_unit *u, uint32_t i, double t, uint32_t case_number);

/* need_relapse.c: leaving custody after `held` days, needs met since
 * cohort entry may recur (before the liberty spell's hazard is set). */
void rs_needs_relapse_after_custody(rs_unit *u, uint32_t i, double t, double held);

/* custody.c */
void rs_custody_enter(rs_unit *u, uint32_t i, double t, rs_agent_state state);
void rs_custody_leave(rs_unit *u, uint32_t i, double t);
void rs_custody_on_release(rs_unit *u, uint32_t i, double t);
void rs_custody_on_breach(rs_unit *u, uint32_t i, double t);
void rs_custody_sentence(rs_unit *u, uint32_t i, double t, rs_disposal d, double length_days,
                         double credit_days);
int rs_custody_on_licence(const rs_unit *u, uint32_t i, double t);
/* Sentence length in days (clamped to the disposal's range) from a normal z. */
double rs_custody_length(const rs_court_params *c, rs_disposal d, double z);

#endif
