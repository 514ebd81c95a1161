/* reoffsim — the list of services and the dispatch of engine hooks to the
 * services a scenario enables, while each is active. */
#include <math.h>
#include <string.h>

#include "../population.h"
#include "../unit.h"
#include "services.h"

static const rs_service *const registry[RS_N_SERVICES] = {
    [RS_SVC_DIP] = &rs_service_dip,
    [RS_SVC_TRIBOROUGH] = &rs_service_triborough,
    [RS_SVC_GTO] = &rs_service_gto,
};

/* Which service owns each effect kind (gets its on_effect_end). */
static const rs_service_id effect_owner[RS_N_EFFECTS] = {
    [RS_EFF_DRUG_TREATMENT] = RS_SVC_DIP,     [RS_EFF_TRI_TREATMENT] = RS_SVC_TRIBOROUGH,
    [RS_EFF_KW_INTENSIVE] = RS_SVC_TRIBOROUGH, [RS_EFF_KW_SUPPORT] = RS_SVC_TRIBOROUGH,
    [RS_EFF_TAG] = RS_SVC_GTO,               [RS_EFF_GTO_IOM] = RS_SVC_GTO,
    [RS_EFF_GTO_YOUNG] = RS_SVC_GTO,         [RS_EFF_GTO_WOMEN] = RS_SVC_GTO,
};

static int enabled(const rs_unit *u, rs_service_id id)
{
    return rs_params_service_const(u->p, id)->enabled;
}

/* Each service's active window, copied into the unit at begin (an empty
 * window when disabled): the hooks below ask on every event. */
static void prepare_windows(rs_unit *u)
{
    for (int s = 0; s < RS_N_SERVICES; s++) {
        const rs_service_common *c = rs_params_service_const(u->p, (rs_service_id)s);
        u->svc->active_from[s] = c->enabled ? c->start_day : INFINITY;
        u->svc->active_to[s] = c->enabled ? c->end_day : -INFINITY;
    }
}

static void list_hook(rs_services_state *st, rs_hook h, rs_service_id id, int has_hook)
{
    if (has_hook) st->hook_service[h][st->hook_count[h]++] = (uint8_t)id;
}

/* Which enabled services have each hook (prepared once per unit). */
static void prepare_hook_lists(rs_unit *u)
{
    rs_services_state *st = u->svc;
    memset(st->hook_count, 0, sizeof st->hook_count);
    for (int s = 0; s < RS_N_SERVICES; s++) {
        if (!enabled(u, (rs_service_id)s)) continue;
        const rs_service *r = registry[s];
        list_hook(st, RS_HOOK_ON_ARREST, (rs_service_id)s, r->on_arrest != NULL);
        list_hook(st, RS_HOOK_ON_SENTENCE, (rs_service_id)s, r->on_sentence != NULL);
        list_hook(st, RS_HOOK_ON_RELEASE, (rs_service_id)s, r->on_release != NULL);
        list_hook(st, RS_HOOK_DETECTION_ODDS, (rs_service_id)s, r->detection_odds != NULL);
        list_hook(st, RS_HOOK_ARREST_DELAY_RATIO, (rs_service_id)s, r->arrest_delay_ratio != NULL);
        list_hook(st, RS_HOOK_COURT_DELAY_RATIO, (rs_service_id)s, r->court_delay_ratio != NULL);
        list_hook(st, RS_HOOK_CUSTODY_ODDS, (rs_service_id)s, r->custody_odds != NULL);
    }
}

int rs_service_active(const rs_unit *u, rs_service_id id, double t)
{
    return t >= u->svc->active_from[id] && t < u->svc->active_to[id];
}

/* Budget cost for the cohort: each year's budget (after the cut) x the days
 * the service runs in that year / 365 x the cohort's share of what it funds. */
static void book_budget(rs_unit *u, rs_service_id id)
{
    const rs_service_common *c = rs_params_service_const(u->p, id);
    for (int y = 0; y < u->res->years; y++) {
        double from = fmax(c->start_day, 365.0 * y), to = fmin(c->end_day, 365.0 * (y + 1));
        if (to <= from) continue;
        double budget = c->budget_k[rs_budget_year(365.0 * y)] * 1000.0 * (1.0 - c->budget_cut);
        rs_unit_count(u, RS_YEAR_SERVICE_COST, 365.0 * y, budget * (to - from) / 365.0 * u->svc->scale[id]);
    }
}

void rs_services_begin(rs_unit *u)
{
    prepare_windows(u);
    prepare_hook_lists(u);
    for (int s = 0; s < RS_N_SERVICES; s++) {
        if (!enabled(u, (rs_service_id)s)) continue;
        if (registry[s]->begin) registry[s]->begin(u);
        book_budget(u, (rs_service_id)s);
    }
}

/* Call `hook` of each service enabled in the unit that has it and is active at t. */
#define DISPATCH(id, hook, ...)                                                                \
    for (int k = 0; k < u->svc->hook_count[id]; k++) {                                         \
        rs_service_id s = (rs_service_id)u->svc->hook_service[id][k];                          \
        if (rs_service_active(u, s, t)) registry[s]->hook(__VA_ARGS__);                         \
    }

void rs_services_on_arrest(rs_unit *u, uint32_t i, double t) { DISPATCH(RS_HOOK_ON_ARREST, on_arrest, u, i, t) }
void rs_services_on_sentence(rs_unit *u, uint32_t i, double t, rs_disposal d)
{
    DISPATCH(RS_HOOK_ON_SENTENCE, on_sentence, u, i, t, d)
}
void rs_services_on_release(rs_unit *u, uint32_t i, double t) { DISPATCH(RS_HOOK_ON_RELEASE, on_release, u, i, t) }

/* Product of `hook`'s factors over the services enabled and active at t (1 if none). */
#define PRODUCT(id, hook)                                                                      \
    double r = 1.0;                                                                            \
    for (int k = 0; k < u->svc->hook_count[id]; k++) {                                         \
        rs_service_id s = (rs_service_id)u->svc->hook_service[id][k];                          \
        if (rs_service_active(u, s, t)) r *= registry[s]->hook(u, i, t);                        \
    }                                                                                          \
    return r;

double rs_services_detection_odds(const rs_unit *u, uint32_t i, double t) { PRODUCT(RS_HOOK_DETECTION_ODDS, detection_odds) }
double rs_services_arrest_delay_ratio(const rs_unit *u, uint32_t i, double t)
{
    PRODUCT(RS_HOOK_ARREST_DELAY_RATIO, arrest_delay_ratio)
}
double rs_services_court_delay_ratio(const rs_unit *u, uint32_t i, double t)
{
    PRODUCT(RS_HOOK_COURT_DELAY_RATIO, court_delay_ratio)
}
double rs_services_custody_odds(const rs_unit *u, uint32_t i, double t) { PRODUCT(RS_HOOK_CUSTODY_ODDS, custody_odds) }

/* Effects end whether or not their service is still active (a client keeps
 * the support already begun when a contract ends). */
void rs_services_on_timer(rs_unit *u, uint32_t i, double t)
{
    rs_effect ended[RS_N_EFFECTS];
    int n;
    rs_effects_expire(u, i, t, ended, &n);
    for (int k = 0; k < n; k++) {
        const rs_service *s = registry[effect_owner[ended[k]]];
        if (s->on_effect_end) s->on_effect_end(u, i, t, ended[k]);
    }
}

rs_rng_block rs_service_draw(const rs_unit *u, uint32_t i, uint32_t occurrence, uint32_t lane)
{
    return rs_rng_block_at(u->key, i, RS_PURPOSE_SERVICE, occurrence, lane);
}

double rs_odds_scale(double p, double odds_ratio)
{
    if (p <= 0.0 || p >= 1.0 || odds_ratio == 1.0) return p;
    return p * odds_ratio / (1.0 - p + p * odds_ratio);
}

int rs_service_meet_need(rs_unit *u, uint32_t i, double t, rs_need j)
{
    rs_agents *a = u->a;
    if (!(a->hot[i].needs & (1u << j))) return 0;
    a->hot[i].needs &= (uint16_t)~(1u << j);
    rs_offending_refresh(u, i, t);
    return 1;
}
