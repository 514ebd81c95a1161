/* reoffsim — service effects on one agent: each kind multiplies the
 * offending hazard (by its kind's ratio, kept in the unit's service state)
 * until its end day; the engine gets an RS_EV_SERVICE event at the earliest
 * end. Starting or ending an effect re-times the pending
 * offence with the same draw (common random numbers). */
#include <assert.h>

#include "../day_ticks.h"
#include "../unit.h"
#include "services.h"

/* Effect ends are kept as ticks of the run's day clock (day_ticks.h; 0 =
 * none), rounded up: half the bytes of a float per kind. */
static float until_day(const rs_unit *u, uint16_t ticks) { return rs_ticks_end_day(ticks, u->tick_days); }

/* An end kept as `ticks` (0: none) still in force at t. */
static int in_force(const rs_unit *u, uint16_t ticks, double t) { return ticks != 0 && until_day(u, ticks) > t; }

/* The first tick at or after t + days that is also after t, whatever the
 * rounding (and never 0, which means none). */
static uint16_t until_ticks(const rs_unit *u, double t, double days)
{
    uint16_t k = rs_ticks_up(t + days, u->tick_days);
    if (k == 0) k = 1;
    while (k < RS_TICKS_MAX && !in_force(u, k, t)) k++;
    return k;
}

/* No effect in force: svc_next, the earliest end of those in force when the
 * agent's effects last changed (recompute), is 0. Effects start only
 * through recompute, so none can be in force later either. Most agents have
 * none, and this spares reading their row of ends. */
static int none_in_force(const rs_unit *u, uint32_t i) { return u->a->hot[i].svc_next == 0; }

int rs_effect_active(const rs_unit *u, uint32_t i, rs_effect e, double t)
{
    if (none_in_force(u, i)) return 0;
    return in_force(u, u->a->eff_until[i][e], t);
}

void rs_effects_reset(rs_agents *a, uint32_t i)
{
    for (int k = 0; k < RS_N_EFFECTS; k++) {
        a->eff_until[i][k] = 0;
    }
    a->hot[i].svc_next = 0;
    a->record[i].svc_flags = 0;
    a->record[i].wait_since = 0;
}

float rs_effects_ratio(const rs_unit *u, uint32_t i, double t)
{
    const rs_agents *a = u->a;
    float ratio = 1.0f;
    if (none_in_force(u, i)) return ratio;
    for (int k = 0; k < RS_N_EFFECTS; k++) {
        if (in_force(u, a->eff_until[i][k], t)) ratio *= u->svc->effect_ratio[k];
    }
    return ratio;
}

/* Recompute the next expiry (ticks order like days), then re-rate the
 * hazard (which takes the effects in force from the ends). */
static void recompute(rs_unit *u, uint32_t i, double t)
{
    rs_agents *a = u->a;
    uint16_t next = 0;
    for (int k = 0; k < RS_N_EFFECTS; k++) {
        uint16_t ticks = a->eff_until[i][k];
        if (in_force(u, ticks, t) && (next == 0 || ticks < next)) next = ticks;
    }
    a->hot[i].svc_next = next;
    rs_offending_refresh(u, i, t);
}

void rs_effect_start(rs_unit *u, uint32_t i, double t, rs_effect e, double ratio, double days)
{
    if (!(days > 0.0)) return;
    float *kind_ratio = &u->svc->effect_ratio[e];
    assert(*kind_ratio == 0.0f || *kind_ratio == (float)ratio); /* one ratio per kind and unit */
    *kind_ratio = (float)ratio;
    u->a->eff_until[i][e] = until_ticks(u, t, days);
    recompute(u, i, t);
}

void rs_effect_stop(rs_unit *u, uint32_t i, double t, rs_effect e)
{
    if (u->a->eff_until[i][e] == 0) return;
    u->a->eff_until[i][e] = 0;
    recompute(u, i, t);
}

void rs_effects_expire(rs_unit *u, uint32_t i, double t, rs_effect ended[RS_N_EFFECTS], int *n_ended)
{
    rs_agents *a = u->a;
    *n_ended = 0;
    for (int k = 0; k < RS_N_EFFECTS; k++) {
        uint16_t ticks = a->eff_until[i][k];
        if (ticks != 0 && !in_force(u, ticks, t)) {
            a->eff_until[i][k] = 0;
            ended[(*n_ended)++] = (rs_effect)k;
        }
    }
    recompute(u, i, t);
}
