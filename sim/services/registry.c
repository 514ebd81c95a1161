/* reoffsim — the list of services and the dispatch of engine hooks to the
 * services a scenario enables, while each is active. */
#include <math.h>

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
    [RS_EFF_DIP_TREATMENT] = RS_SVC_DIP,     [RS_EFF_TRI_TREATMENT] = RS_SVC_TRIBOROUGH,
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
        rs_year_add(u->res, RS_YEAR_SERVICE_COST, 365.0 * y, budget * (to - from) / 365.0 * u->svc->scale[id]);
    }
}

void rs_services_begin(rs_unit *u)
{
    rs_effects_begin(u);
    prepare_windows(u);
    for (int s = 0; s < RS_N_SERVICES; s++) {
        if (!enabled(u, (rs_service_id)s)) continue;
        if (registry[s]->begin) registry[s]->begin(u);
        book_budget(u, (rs_service_id)s);
    }
}

#define DISPATCH(hook, ...)                                                                   \
    for (int s = 0; s < RS_N_SERVICES; s++)                                                   \
        if (registry[s]->hook && rs_service_active(u, (rs_service_id)s, t)) registry[s]->hook(__VA_ARGS__);

void rs_services_on_arrest(rs_unit *u, uint32_t i, double t) { DISPATCH(on_arrest, u, i, t) }
void rs_services_on_sentence(rs_unit *u, uint32_t i, double t, rs_disposal d) { DISPATCH(on_sentence, u, i, t, d) }
void rs_services_on_release(rs_unit *u, uint32_t i, double t) { DISPATCH(on_release, u, i, t) }

#define PRODUCT(hook)                                                                         \
    double r = 1.0;                                                                           \
    for (int s = 0; s < RS_N_SERVICES; s++)                                                   \
        if (registry[s]->hook && rs_service_active(u, (rs_service_id)s, t)) r *= registry[s]->hook(u, i, t); \
    return r;

double rs_services_detection_odds(const rs_unit *u, uint32_t i, double t) { PRODUCT(detection_odds) }
double rs_services_arrest_delay_ratio(const rs_unit *u, uint32_t i, double t) { PRODUCT(arrest_delay_ratio) }
double rs_services_court_delay_ratio(const rs_unit *u, uint32_t i, double t) { PRODUCT(court_delay_ratio) }
double rs_services_custody_odds(const rs_unit *u, uint32_t i, double t) { PRODUCT(custody_odds) }

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
    if (!(a->needs[i] & (1u << j))) return 0;
    a->needs[i] &= (uint16_t)~(1u << j);
    rs_offending_refresh(u, i, t);
    return 1;
}
