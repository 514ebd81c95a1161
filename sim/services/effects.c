/* reoffsim — service effects on one agent: each kind multiplies the
 * offending hazard (by its kind's ratio, kept in the unit's service state)
 * until its end day. An agent's effects are a few {kind, end} slots
 * (agents.h), kept in kind order; the engine gets an RS_EV_SERVICE event at
 * the earliest end. Starting or ending an effect re-times the pending
 * offence with the same draw (common random numbers). */
#include <assert.h>

#include "../day_ticks.h"
#include "../unit.h"
#include "services.h"

/* Effect ends are kept as ticks of the run's day clock (day_ticks.h; 0 =
 * none), rounded up: half the bytes of a float. */
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
 * none, and this spares reading their slots. */
static int none_in_force(const rs_unit *u, uint32_t i) { return u->a->hot[i].svc_next == 0; }

/* ---- the slots ---- */

static void put_kind(rs_agent_effects *e, int k, unsigned kind)
{
    unsigned shift = RS_EFFECT_KIND_BITS * (unsigned)k;
    uint32_t mask = ((1u << RS_EFFECT_KIND_BITS) - 1u) << shift;
    e->kinds = (e->kinds & ~mask) | ((uint32_t)kind << shift);
}

/* The slot holding kind `kind` (ended or not), or -1. */
static int slot_of(const rs_agent_effects *e, rs_effect kind)
{
    for (int k = 0; k < RS_EFFECT_SLOTS; k++)
        if (e->until[k] != 0 && rs_effect_slot_kind(e, k) == (unsigned)kind) return k;
    return -1;
}

/* Empty slot k, moving the later slots down (kind order is kept). */
static void remove_slot(rs_agent_effects *e, int k)
{
    for (int j = k; j + 1 < RS_EFFECT_SLOTS; j++) {
        e->until[j] = e->until[j + 1];
        put_kind(e, j, rs_effect_slot_kind(e, j + 1));
    }
    e->until[RS_EFFECT_SLOTS - 1] = 0;
    put_kind(e, RS_EFFECT_SLOTS - 1, 0);
}

/* Slots in use; they are the first ones (removal moves later slots down). */
static int slots_used(const rs_agent_effects *e)
{
    int n = 0;
    while (n < RS_EFFECT_SLOTS && e->until[n] != 0) n++;
    return n;
}

/* Insert `kind` in kind order; -1 when all slots are in use. A slot whose
 * effect has ended is freed only by rs_effects_expire, which tells the
 * effect's service. */
static int insert_slot(rs_agent_effects *e, rs_effect kind)
{
    int used = slots_used(e);
    if (used == RS_EFFECT_SLOTS) return -1;
    int k = used;
    while (k > 0 && rs_effect_slot_kind(e, k - 1) > (unsigned)kind) {
        e->until[k] = e->until[k - 1];
        put_kind(e, k, rs_effect_slot_kind(e, k - 1));
        k--;
    }
    put_kind(e, k, (unsigned)kind);
    return k;
}

/* Some slot holds an effect that is no longer in force at t. */
static int any_ended(const rs_unit *u, const rs_agent_effects *fx, double t)
{
    for (int k = 0; k < RS_EFFECT_SLOTS && fx->until[k] != 0; k++)
        if (!in_force(u, fx->until[k], t)) return 1;
    return 0;
}

/* ---- effects ---- */

int rs_effect_active(const rs_unit *u, uint32_t i, rs_effect e, double t)
{
    if (none_in_force(u, i)) return 0;
    const rs_agent_effects *fx = &u->a->effects[i];
    int k = slot_of(fx, e);
    return k >= 0 && in_force(u, fx->until[k], t);
}

void rs_effects_reset(rs_agents *a, uint32_t i)
{
    a->effects[i] = (rs_agent_effects){0};
    a->hot[i].svc_next = 0;
    a->record[i].svc_flags = 0;
    a->record[i].wait_since = 0;
}

float rs_effects_ratio(const rs_unit *u, uint32_t i, double t)
{
    float ratio = 1.0f;
    if (none_in_force(u, i)) return ratio;
    const rs_agent_effects *fx = &u->a->effects[i];
    for (int k = 0; k < RS_EFFECT_SLOTS && fx->until[k] != 0; k++)
        if (in_force(u, fx->until[k], t)) ratio *= u->svc->effect_ratio[rs_effect_slot_kind(fx, k)];
    return ratio;
}

/* Recompute the next expiry (ticks order like days), then re-rate the
 * hazard (which takes the effects in force from the ends). */
static void recompute(rs_unit *u, uint32_t i, double t)
{
    const rs_agent_effects *fx = &u->a->effects[i];
    uint16_t next = 0;
    for (int k = 0; k < RS_EFFECT_SLOTS && fx->until[k] != 0; k++) {
        uint16_t ticks = fx->until[k];
        if (in_force(u, ticks, t) && (next == 0 || ticks < next)) next = ticks;
    }
    u->a->hot[i].svc_next = next;
    rs_offending_refresh(u, i, t);
}

int rs_effect_start(rs_unit *u, uint32_t i, double t, rs_effect e, double ratio, double days)
{
    if (!(days > 0.0)) return 0;
    float *kind_ratio = &u->svc->effect_ratio[e];
    assert(*kind_ratio == 0.0f || *kind_ratio == (float)ratio); /* one ratio per kind and unit */
    *kind_ratio = (float)ratio;
    rs_agent_effects *fx = &u->a->effects[i];
    int k = slot_of(fx, e);
    if (k < 0) k = insert_slot(fx, e);
    if (k < 0 && any_ended(u, fx, t)) {
        /* An effect ended at this very time and its expiry event has not
         * run yet (a release sorts before it): run it now, then retry. */
        rs_services_on_timer(u, i, t);
        k = insert_slot(fx, e);
    }
    if (k < 0) {
        rs_unit_count(u, RS_YEAR_EFFECTS_CROWDED_OUT, t, 1.0);
        return 0;
    }
    fx->until[k] = until_ticks(u, t, days);
    recompute(u, i, t);
    return 1;
}

void rs_effect_stop(rs_unit *u, uint32_t i, double t, rs_effect e)
{
    int k = slot_of(&u->a->effects[i], e);
    if (k < 0) return;
    remove_slot(&u->a->effects[i], k);
    recompute(u, i, t);
}

void rs_effects_expire(rs_unit *u, uint32_t i, double t, rs_effect ended[RS_N_EFFECTS], int *n_ended)
{
    rs_agent_effects *fx = &u->a->effects[i];
    *n_ended = 0;
    for (int k = 0; k < RS_EFFECT_SLOTS && fx->until[k] != 0;) {
        if (in_force(u, fx->until[k], t)) {
            k++;
            continue;
        }
        ended[(*n_ended)++] = (rs_effect)rs_effect_slot_kind(fx, k);
        remove_slot(fx, k);
    }
    recompute(u, i, t);
}
