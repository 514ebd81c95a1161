/* reoffsim — the Tri-borough reducing-reoffending service [000, 004]: a
 * custody team offers every arrestee voluntary screening (drugs, alcohol,
 * mental health, learning difficulties) and escorts them to treatment; key
 * workers take short-sentenced prisoners from sentence through the gate
 * (meeting at the gate, intensive first two weeks, ongoing support that meets
 * accommodation, ETE and finance needs); a discretionary fund; and a separate
 * women's service with its own caseload. Places are limited by money;
 * SSPs who find no place wait, first come first served. */
#include <math.h>

#include "../sampling.h"
#include "../day_ticks.h"
#include "../unit.h"
#include "services.h"

static const rs_triborough_params *params(const rs_unit *u) { return &u->p->services.triborough; }

static void begin(rs_unit *u)
{
    const rs_triborough_params *p = params(u);
    rs_services_state *s = u->svc;
    double scale = u->a->n / p->c.funded_offenders;
    s->scale[RS_SVC_TRIBOROUGH] = scale;
    rs_pot_init(&s->tri_custody, &p->c, p->custody_share, scale);
    rs_pot_init(&s->tri_fund, &p->c, p->fund_share, scale);
    rs_pool_init(&s->tri_men, &p->c, p->keyworker_share, p->keyworker_cost, p->keyworker_caseload, scale,
                 s->waiting_next);
    rs_pool_init(&s->tri_women, &p->c, p->women_share, p->women_keyworker_cost, p->women_caseload, scale,
                 s->waiting_next);
    for (int y = 0; y < u->res->years; y++)
        rs_unit_count(u, RS_YEAR_TRI_KEYWORKER_CAPACITY, y * 365.0,
                    rs_pool_capacity(&s->tri_men, y * 365.0) + rs_pool_capacity(&s->tri_women, y * 365.0));
}

/* ---------- custody screening and referral ---------- */

static int screened_need_found(const rs_unit *u, uint32_t i, rs_rng_block b)
{
    static const rs_need screened[4] = {RS_NEED_DRUGS_CLASS_A, RS_NEED_DRUGS_OTHER, RS_NEED_ALCOHOL, RS_NEED_HEALTH};
    uint16_t needs = u->a->hot[i].needs;
    int present = 0;
    for (int k = 0; k < 4; k++) present |= (needs >> screened[k]) & 1u;
    return present && rs_rng_u01(b.v[1]) < params(u)->screen_sensitivity;
}

static void on_arrest(rs_unit *u, uint32_t i, double t)
{
    const rs_triborough_params *p = params(u);
    rs_rng_block b = rs_service_draw(u, i, RS_OCC_ARREST(u->a->hot[i].n_cases), 2);
    if (rs_rng_u01(b.v[0]) >= p->screen_acceptance) return; /* declined: costs nothing */
    if (!rs_pot_spend(&u->svc->tri_custody, t, p->cost_per_screen)) {
        rs_unit_count(u, RS_YEAR_TRI_SCREEN_TURNED_AWAY, t, 1.0);
        return;
    }
    rs_unit_count(u, RS_YEAR_SPEND_TRIBOROUGH, t, p->cost_per_screen);
    rs_unit_count(u, RS_YEAR_TRI_SCREENED, t, 1.0);
    if (!screened_need_found(u, i, b)) return;
    rs_unit_count(u, RS_YEAR_TRI_NEEDS_IDENTIFIED, t, 1.0);
    if (rs_rng_u01(b.v[2]) >= p->referral_uptake || rs_effect_active(u, i, RS_EFF_TRI_TREATMENT, t)) return;
    rs_unit_count(u, RS_YEAR_TRI_TREATMENT_STARTS, t, 1.0);
    rs_effect_start(u, i, t, RS_EFF_TRI_TREATMENT, p->treatment_hazard_ratio, p->treatment_days * rs_sample_exp1(b.v[3]));
}

/* ---------- key workers ---------- */

static rs_pool *pool_of(rs_unit *u, uint32_t i)
{
    return (u->a->hot[i].flags & RS_FLAG_FEMALE) ? &u->svc->tri_women : &u->svc->tri_men;
}

/* Support length: the planned period, cut short by drop-out. */
static double support_days(rs_unit *u, double t, uint32_t word)
{
    const rs_triborough_params *p = params(u);
    if (!(p->dropout_rate > 0.0)) return p->support_days;
    double dropout = 365.0 * rs_sample_exp1(word) / p->dropout_rate;
    if (dropout >= p->support_days) return p->support_days;
    rs_unit_count(u, RS_YEAR_TRI_DROPOUTS, t, 1.0);
    return dropout;
}

/* Personalised plan: meet accommodation (helped by the fund), ETE and finance needs. */
static void meet_needs(rs_unit *u, uint32_t i, double t, rs_rng_block b)
{
    const rs_triborough_params *p = params(u);
    double accommodation = p->accommodation_resolved;
    if ((u->a->hot[i].needs >> RS_NEED_ACCOMMODATION & 1u) && p->fund_per_client > 0.0 &&
        rs_pot_spend(&u->svc->tri_fund, t, p->fund_per_client)) {
        rs_unit_count(u, RS_YEAR_SPEND_TRIBOROUGH, t, p->fund_per_client);
        accommodation += p->fund_accommodation_boost;
    }
    const double chance[3] = {accommodation, p->ete_resolved, p->finance_resolved};
    const rs_need need[3] = {RS_NEED_ACCOMMODATION, RS_NEED_ETE, RS_NEED_FINANCE};
    const uint32_t word[3] = {b.v[0], b.v[1], b.v[2]};
    for (int k = 0; k < 3; k++)
        if (rs_rng_u01(word[k]) < chance[k] && rs_service_meet_need(u, i, t, need[k]))
            rs_unit_count(u, RS_YEAR_TRI_NEEDS_MET, t, 1.0);
}

static void finish_support(rs_unit *u, uint32_t i, double t);

/* Start working with a client at liberty: met at the gate -> intensive phase first. */
static void start_support(rs_unit *u, uint32_t i, double t, int at_gate)
{
    const rs_triborough_params *p = params(u);
    rs_agents *a = u->a;
    uint32_t occ = RS_OCC_RELEASE(a->profile[i].n_releases);
    rs_rng_block b = rs_service_draw(u, i, occ, 3), c = rs_service_draw(u, i, occ, 4);
    rs_unit_count(u, RS_YEAR_TRI_KEYWORKER_STARTS, t, 1.0);
    rs_flags_put(&a->record[i].svc_flags, RS_SVC_FLAG_KW_DONE, 1);
    meet_needs(u, i, t, c);
    if (at_gate && rs_rng_u01(b.v[0]) < p->meet_at_gate && p->intensive_days > 0.0) {
        rs_unit_count(u, RS_YEAR_TRI_MET_AT_GATE, t, 1.0);
        rs_effect_start(u, i, t, RS_EFF_KW_INTENSIVE, p->intensive_hazard_ratio, p->intensive_days);
        return;
    }
    rs_effect_start(u, i, t, RS_EFF_KW_SUPPORT, p->support_hazard_ratio, support_days(u, t, b.v[1]));
    if (!rs_effect_active(u, i, RS_EFF_KW_SUPPORT, t)) finish_support(u, i, t); /* no support period */
}

static void join_waiting_list(rs_unit *u, uint32_t i, double t)
{
    if (u->a->record[i].svc_flags & RS_SVC_FLAG_KW_WAITING) return; /* on a list already */
    rs_pool_enqueue(pool_of(u, i), i);
    rs_flags_put(&u->a->record[i].svc_flags, RS_SVC_FLAG_KW_WAITING, 1);
    u->a->record[i].wait_since = rs_ticks_down(t, u->tick_days);
    rs_unit_count(u, RS_YEAR_TRI_WAITLIST_JOINS, t, 1.0);
}

/* A place for an SSP: take one now, or wait for one. */
static int request_place(rs_unit *u, uint32_t i, double t)
{
    rs_agents *a = u->a;
    if (a->record[i].svc_flags & RS_SVC_FLAG_KW_SLOT) return 1;
    if (rs_pool_take(pool_of(u, i), t)) {
        rs_flags_put(&a->record[i].svc_flags, RS_SVC_FLAG_KW_SLOT, 1);
        return 1;
    }
    join_waiting_list(u, i, t);
    return 0;
}

static void on_sentence(rs_unit *u, uint32_t i, double t, rs_disposal d)
{
    if (d != RS_DISP_CUSTODY_SHORT) return;
    rs_flags_put(&u->a->record[i].svc_flags, RS_SVC_FLAG_KW_DONE, 0); /* a new sentence: a new through-the-gate plan */
    request_place(u, i, t);
}

static void on_release(rs_unit *u, uint32_t i, double t)
{
    rs_agents *a = u->a;
    if (u->released_from != RS_DISP_CUSTODY_SHORT || (a->record[i].svc_flags & RS_SVC_FLAG_KW_DONE)) return;
    rs_unit_count(u, RS_YEAR_TRI_SSP_ELIGIBLE, t, 1.0);
    if (request_place(u, i, t)) start_support(u, i, t, 1);
}

/* A freed place goes to the longest-waiting SSP still within max_wait_days. */
static void hand_on_place(rs_unit *u, rs_pool *pool, double t)
{
    const rs_triborough_params *p = params(u);
    rs_agents *a = u->a;
    for (uint32_t j; (j = rs_pool_dequeue(pool)) != RS_NO_AGENT;) {
        if (!(a->record[j].svc_flags & RS_SVC_FLAG_KW_WAITING)) continue;
        rs_flags_put(&a->record[j].svc_flags, RS_SVC_FLAG_KW_WAITING, 0);
        double waited = t - rs_ticks_day(a->record[j].wait_since, u->tick_days);
        rs_unit_count(u, RS_YEAR_TRI_WAIT_DAYS, t, waited);
        if (waited > p->max_wait_days || !rs_pool_take(pool, t)) {
            rs_unit_count(u, RS_YEAR_TRI_GAVE_UP_WAITING, t, 1.0);
            continue;
        }
        rs_flags_put(&a->record[j].svc_flags, RS_SVC_FLAG_KW_SLOT, 1);
        if (a->hot[j].state == RS_STATE_LIBERTY) start_support(u, j, t, 0);
        rs_unit_reschedule(u, j);
        return;
    }
}

/* Support over: the place goes to the next in line. */
static void finish_support(rs_unit *u, uint32_t i, double t)
{
    rs_agents *a = u->a;
    if (!(a->record[i].svc_flags & RS_SVC_FLAG_KW_SLOT)) return;
    rs_flags_put(&a->record[i].svc_flags, RS_SVC_FLAG_KW_SLOT, 0);
    rs_pool *pool = pool_of(u, i);
    rs_pool_release(pool);
    hand_on_place(u, pool, t);
}

static void on_effect_end(rs_unit *u, uint32_t i, double t, rs_effect e)
{
    rs_agents *a = u->a;
    if (e == RS_EFF_KW_INTENSIVE) {
        /* The same draw as a directly started support period would use. */
        uint32_t word = rs_service_draw(u, i, RS_OCC_RELEASE(a->profile[i].n_releases), 3).v[1];
        rs_effect_start(u, i, t, RS_EFF_KW_SUPPORT, params(u)->support_hazard_ratio, support_days(u, t, word));
        if (rs_effect_active(u, i, RS_EFF_KW_SUPPORT, t)) return;
    } else if (e != RS_EFF_KW_SUPPORT) {
        return;
    }
    finish_support(u, i, t);
}

const rs_service rs_service_triborough = {
    .id = RS_SVC_TRIBOROUGH,
    .begin = begin,
    .on_arrest = on_arrest,
    .on_sentence = on_sentence,
    .on_release = on_release,
    .on_effect_end = on_effect_end,
};
