/* reoffsim — service effects on one agent: each kind multiplies the
 * offending hazard (by its kind's ratio, kept in the unit's service state)
 * until its end day; the engine gets an RS_EV_SERVICE event at the earliest
 * end. Starting or ending an effect re-times the pending
 * offence with the same draw (common random numbers). */
#include <assert.h>
#include <math.h>

#include "../unit.h"
#include "services.h"

int rs_effect_active(const rs_agents *a, uint32_t i, rs_effect e, double t)
{
    return a->eff_until[e][i] > t;
}

void rs_effects_reset(rs_agents *a, uint32_t i)
{
    for (int k = 0; k < RS_N_EFFECTS; k++) {
        a->eff_until[k][i] = 0.0f;
    }
    a->svc_ratio[i] = 1.0f;
    a->t_service[i] = INFINITY;
    a->svc_flags[i] = 0;
    a->wait_since[i] = 0.0f;
}

/* Recompute the combined ratio and next expiry, then re-rate the hazard. */
static void recompute(rs_unit *u, uint32_t i, double t)
{
    rs_agents *a = u->a;
    float ratio = 1.0f;
    double next = INFINITY;
    for (int k = 0; k < RS_N_EFFECTS; k++) {
        double until = a->eff_until[k][i];
        if (until > t) {
            ratio *= u->svc->effect_ratio[k];
            if (until < next) next = until;
        }
    }
    a->svc_ratio[i] = ratio;
    a->t_service[i] = next;
    rs_offending_refresh(u, i, t);
}

void rs_effect_start(rs_unit *u, uint32_t i, double t, rs_effect e, double ratio, double days)
{
    if (!(days > 0.0)) return;
    float *kind_ratio = &u->svc->effect_ratio[e];
    assert(*kind_ratio == 0.0f || *kind_ratio == (float)ratio); /* one ratio per kind and unit */
    *kind_ratio = (float)ratio;
    u->a->eff_until[e][i] = (float)(t + days);
    recompute(u, i, t);
}

void rs_effect_stop(rs_unit *u, uint32_t i, double t, rs_effect e)
{
    if (u->a->eff_until[e][i] == 0.0f) return;
    u->a->eff_until[e][i] = 0.0f;
    recompute(u, i, t);
}

void rs_effects_expire(rs_unit *u, uint32_t i, double t, rs_effect ended[RS_N_EFFECTS], int *n_ended)
{
    rs_agents *a = u->a;
    *n_ended = 0;
    for (int k = 0; k < RS_N_EFFECTS; k++) {
        float until = a->eff_until[k][i];
        if (until != 0.0f && until <= t) {
            a->eff_until[k][i] = 0.0f;
            ended[(*n_ended)++] = (rs_effect)k;
        }
    }
    recompute(u, i, t);
}
