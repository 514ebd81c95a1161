/* reoffsim — the context of one work unit (scenario, replicate) shared by
 * the event handlers: parameters, random key, agents and result. Internal. */
#ifndef REOFFSIM_UNIT_H
#define REOFFSIM_UNIT_H

#include "agents.h"
#include "hazard.h"
#include "reoffsim/metrics.h"
#include "reoffsim/params.h"
#include "reoffsim/rng.h"

/* Event kinds, in tie-break order at equal times. */
typedef enum {
    RS_EV_RELEASE, /* cohort entry or release from custody */
    RS_EV_COURT,
    RS_EV_ARREST,
    RS_EV_BREACH,
    RS_EV_OFFENCE,
    RS_N_EVENT_KINDS
} rs_event_kind;

/* Occurrence number of the index (cohort-entry) sentence. */
#define RS_INDEX_CASE 0xFFFFu

typedef struct {
    const rs_params *p;
    rs_rng_key key;
    rs_agents *a;
    rs_unit_result *res;
    double horizon; /* days simulated */
} rs_unit;

/* offending.c */
void rs_offending_start_liberty(rs_unit *u, uint32_t i, double t);
void rs_offending_refresh(rs_unit *u, uint32_t i, double t);
void rs_offending_on_offence(rs_unit *u, uint32_t i, double t);
rs_hazard rs_offending_hazard(const rs_unit *u, uint32_t i, double t);

/* justice.c */
void rs_justice_on_arrest(rs_unit *u, uint32_t i, double t);
void rs_justice_on_court(rs_unit *u, uint32_t i, double t);
void rs_justice_record_proof(rs_unit *u, uint32_t i, double t, int count, int in_window,
                             float first);

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
