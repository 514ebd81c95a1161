/* reoffsim — the service layer: each service is a table of hooks the engine
 * calls at fixed points (arrest, sentence, release, effect expiry) plus
 * modifiers of detection, court delay and sentencing. Adding a service means
 * one file here and one entry in registry.c; the engine does not change. */
#ifndef REOFFSIM_SERVICES_H
#define REOFFSIM_SERVICES_H

#include <math.h>

#include "../agents.h"
#include "capacity.h"
#include "reoffsim/rng.h"
#include "reoffsim/types.h"

typedef struct rs_unit rs_unit; /* unit.h */

/* The engine hooks a service may have (rs_service's members of the same name). */
typedef enum {
    RS_HOOK_ON_ARREST,
    RS_HOOK_ON_SENTENCE,
    RS_HOOK_ON_RELEASE,
    RS_HOOK_DETECTION_ODDS,
    RS_HOOK_ARREST_DELAY_RATIO,
    RS_HOOK_COURT_DELAY_RATIO,
    RS_HOOK_CUSTODY_ODDS,
    RS_N_HOOKS
} rs_hook;

/* Per-unit service state: scale from the real area to the cohort, money, places. */
typedef struct {
    double scale[RS_N_SERVICES];
    rs_pot dip;
    rs_pot tri_custody, tri_fund;
    rs_pool tri_men, tri_women;
    rs_pot gto_courts, gto_management, gto_pathways;
    rs_pool gto_tags;
    /* Hazard ratio of each effect kind: a unit constant (one parameter per
     * kind), so it is kept here once rather than per agent. */
    float effect_ratio[RS_N_EFFECTS];
    uint32_t *waiting_next; /* per agent: link of the waiting lists (owned by the workspace) */
    double active_from[RS_N_SERVICES], active_to[RS_N_SERVICES]; /* [from, to) each service runs */
    /* Per hook, the services enabled in this unit that have it, in registry
     * order: dispatch runs over these alone (none in a reference scenario). */
    uint8_t hook_count[RS_N_HOOKS];
    uint8_t hook_service[RS_N_HOOKS][RS_N_SERVICES];
} rs_services_state;

typedef struct {
    rs_service_id id;
    void (*begin)(rs_unit *u);                              /* set up capacity */
    void (*on_arrest)(rs_unit *u, uint32_t i, double t);    /* in police custody */
    void (*on_sentence)(rs_unit *u, uint32_t i, double t, rs_disposal d);
    void (*on_release)(rs_unit *u, uint32_t i, double t);   /* incl. cohort entry */
    void (*on_effect_end)(rs_unit *u, uint32_t i, double t, rs_effect e);
    double (*detection_odds)(const rs_unit *u, uint32_t i, double t);
    double (*arrest_delay_ratio)(const rs_unit *u, uint32_t i, double t);
    double (*court_delay_ratio)(const rs_unit *u, uint32_t i, double t);
    double (*custody_odds)(const rs_unit *u, uint32_t i, double t);
} rs_service;

extern const rs_service rs_service_dip, rs_service_triborough, rs_service_gto;

/* ---- dispatch (registry.c): only services enabled and active at t ---- */
void rs_services_begin(rs_unit *u);
void rs_services_on_arrest(rs_unit *u, uint32_t i, double t);
void rs_services_on_sentence(rs_unit *u, uint32_t i, double t, rs_disposal d);
void rs_services_on_release(rs_unit *u, uint32_t i, double t);
void rs_services_on_timer(rs_unit *u, uint32_t i, double t);
double rs_services_detection_odds(const rs_unit *u, uint32_t i, double t);
double rs_services_arrest_delay_ratio(const rs_unit *u, uint32_t i, double t);
double rs_services_court_delay_ratio(const rs_unit *u, uint32_t i, double t);
double rs_services_custody_odds(const rs_unit *u, uint32_t i, double t);
int rs_service_active(const rs_unit *u, rs_service_id id, double t);

/* ---- effects (effects.c): hazard ratios with an end day ---- */
/* Product of the ratios of agent i's effects in force at t. */
float rs_effects_ratio(const rs_unit *u, uint32_t i, double t);
/* Start (or restart) effect e on agent i for `days`; `ratio` is the kind's
 * parameter and must be the same for every agent of the unit. 0 if not
 * started: no days, or the agent already has RS_EFFECT_SLOTS effects in
 * force (counted in RS_YEAR_EFFECTS_CROWDED_OUT). */
int rs_effect_start(rs_unit *u, uint32_t i, double t, rs_effect e, double ratio, double days);
void rs_effect_stop(rs_unit *u, uint32_t i, double t, rs_effect e);
int rs_effect_active(const rs_unit *u, uint32_t i, rs_effect e, double t);
/* Expire effects due at t; reports each to its service. */
void rs_effects_expire(rs_unit *u, uint32_t i, double t, rs_effect ended[RS_N_EFFECTS], int *n_ended);
void rs_effects_reset(rs_agents *a, uint32_t i);

/* ---- helpers for service files ---- */
/* Random words for a service decision: (agent, SERVICE, occurrence, lane). */
rs_rng_block rs_service_draw(const rs_unit *u, uint32_t i, uint32_t occurrence, uint32_t lane);
/* Occurrence numbers that keep arrest, sentence and release decisions apart. */
#define RS_OCC_ARREST(c) (c)
#define RS_OCC_SENTENCE(c) (0x10000u + (c))
#define RS_OCC_RELEASE(n) (0x20000u + (n))
/* Odds multiplier applied to a probability. */
double rs_odds_scale(double p, double odds_ratio);
/* Clear need j (if present) and re-rate the hazard; returns 1 if it was present. */
int rs_service_meet_need(rs_unit *u, uint32_t i, double t, rs_need j);

#endif
