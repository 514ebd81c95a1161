/* reoffsim — Gripping the Offender enhancements [002] for the GTO cohort
 * (OGRS3 >= 75%, or 50-74% with robbery/burglary): heightened enforcement
 * and GPS tagging (more and quicker detection, deterrence), an enhanced court
 * (shorter delay, problem-solving sentences), IOM coordination through the
 * gate, and targeted 18-25 and women's interventions. Each strand is paid
 * from its share of the budget; an unfunded strand does nothing. */
#include <math.h>

#include "../unit.h"
#include "services.h"

static const rs_gto_params *params(const rs_unit *u) { return &u->p->services.gto; }

static int in_cohort(const rs_unit *u, uint32_t i) { return (u->a->hot[i].flags & RS_FLAG_GTO) != 0; }

static void begin(rs_unit *u)
{
    const rs_gto_params *g = params(u);
    rs_services_state *s = u->svc;
    size_t eligible = 0;
    for (size_t i = 0; i < u->a->n; i++) eligible += in_cohort(u, (uint32_t)i);
    double scale = (double)eligible / g->c.funded_offenders;
    s->scale[RS_SVC_GTO] = scale;
    rs_pot_init(&s->gto_courts, &g->c, g->courts_share, scale);
    rs_pot_init(&s->gto_management, &g->c, g->management_share, scale);
    rs_pot_init(&s->gto_pathways, &g->c, g->pathways_share, scale);
    /* One tag is one place; a tag-year costs tag_cost_per_year. */
    rs_pool_init(&s->gto_tags, &g->c, g->policing_share, g->tag_cost_per_year, 1.0, scale, s->waiting_next);
}

/* Strands work only in years they are funded. */
static int funded(const rs_pot *pot, double t) { return pot->per_year[rs_budget_year(t)] > 0.0; }
static int policing_funded(const rs_unit *u, double t)
{
    const rs_service_common *c = &params(u)->c;
    return c->budget_k[rs_budget_year(t)] * params(u)->policing_share > 0.0;
}

static double detection_odds(const rs_unit *u, uint32_t i, double t)
{
    if (!in_cohort(u, i) || !policing_funded(u, t)) return 1.0;
    double r = params(u)->enforcement_detection_ratio;
    if (rs_effect_active(u, i, RS_EFF_TAG, t)) r *= params(u)->tag_detection_ratio;
    return r;
}

static double arrest_delay_ratio(const rs_unit *u, uint32_t i, double t)
{
    return rs_effect_active(u, i, RS_EFF_TAG, t) ? params(u)->tag_arrest_delay_ratio : 1.0;
}

static double court_delay_ratio(const rs_unit *u, uint32_t i, double t)
{
    return in_cohort(u, i) && funded(&u->svc->gto_courts, t) ? params(u)->court_delay_ratio : 1.0;
}

static double custody_odds(const rs_unit *u, uint32_t i, double t)
{
    return in_cohort(u, i) && funded(&u->svc->gto_courts, t) ? params(u)->court_custody_ratio : 1.0;
}

static void on_sentence(rs_unit *u, uint32_t i, double t, rs_disposal d)
{
    (void)d;
    if (in_cohort(u, i) && funded(&u->svc->gto_courts, t)) rs_unit_count(u, RS_YEAR_GTO_FAST_COURT, t, 1.0);
}

/* Pay for one client of a strand and start its effect; count who is turned away. */
static void offer(rs_unit *u, uint32_t i, double t, rs_pot *pot, double cost, rs_effect e, double ratio,
                  double days, rs_year_total starts)
{
    if (!rs_pot_spend(pot, t, cost)) {
        rs_unit_count(u, RS_YEAR_GTO_TURNED_AWAY, t, 1.0);
        return;
    }
    rs_unit_count(u, RS_YEAR_SPEND_GTO, t, cost);
    rs_unit_count(u, starts, t, 1.0);
    rs_effect_start(u, i, t, e, ratio, days);
}

static void tag(rs_unit *u, uint32_t i, double t)
{
    const rs_gto_params *g = params(u);
    rs_agents *a = u->a;
    if (a->record[i].svc_flags & RS_SVC_FLAG_TAG_SLOT) return;
    if (!rs_pool_take(&u->svc->gto_tags, t)) {
        rs_unit_count(u, RS_YEAR_GTO_TAG_TURNED_AWAY, t, 1.0);
        return;
    }
    rs_flags_put(&a->record[i].svc_flags, RS_SVC_FLAG_TAG_SLOT, 1);
    rs_unit_count(u, RS_YEAR_GTO_TAGGED, t, 1.0);
    rs_unit_count(u, RS_YEAR_SPEND_GTO, t, g->tag_cost_per_year * g->tag_days / 365.0);
    rs_effect_start(u, i, t, RS_EFF_TAG, g->tag_hazard_ratio, g->tag_days);
}

/* Released from a custodial sentence (at cohort entry, or later, recalls
 * included): GPS tags and IOM prison coordination are through-the-gate
 * measures [002], not for someone cautioned, fined or let out on remand. */
static int from_sentence(const rs_unit *u)
{
    return u->released_from == RS_DISP_CUSTODY_SHORT || u->released_from == RS_DISP_CUSTODY_LONG;
}

/* Entering the community (cohort entry or release): tag and IOM from
 * custody; the 18-25 and women's pathways at any entry. */
static void on_release(rs_unit *u, uint32_t i, double t)
{
    if (!in_cohort(u, i)) return;
    const rs_gto_params *g = params(u);
    rs_services_state *s = u->svc;
    if (from_sentence(u)) {
        rs_unit_count(u, RS_YEAR_GTO_ELIGIBLE_RELEASES, t, 1.0);
        tag(u, i, t);
        offer(u, i, t, &s->gto_management, g->iom_cost_per_client, RS_EFF_GTO_IOM, g->iom_hazard_ratio, g->iom_days,
              RS_YEAR_GTO_IOM_STARTS);
    }
    if (u->a->hot[i].flags & RS_FLAG_YOUNG)
        offer(u, i, t, &s->gto_pathways, g->young_cost_per_client, RS_EFF_GTO_YOUNG, g->young_hazard_ratio,
              g->young_days, RS_YEAR_GTO_YOUNG_STARTS);
    if (u->a->hot[i].flags & RS_FLAG_FEMALE)
        offer(u, i, t, &s->gto_pathways, g->women_budget_per_client, RS_EFF_GTO_WOMEN, g->women_hazard_ratio,
              g->women_days, RS_YEAR_GTO_WOMEN_STARTS);
}

static void on_effect_end(rs_unit *u, uint32_t i, double t, rs_effect e)
{
    (void)t;
    if (e != RS_EFF_TAG || !(u->a->record[i].svc_flags & RS_SVC_FLAG_TAG_SLOT)) return;
    rs_flags_put(&u->a->record[i].svc_flags, RS_SVC_FLAG_TAG_SLOT, 0);
    rs_pool_release(&u->svc->gto_tags);
}

const rs_service rs_service_gto = {
    .id = RS_SVC_GTO,
    .begin = begin,
    .on_sentence = on_sentence,
    .on_release = on_release,
    .on_effect_end = on_effect_end,
    .detection_odds = detection_odds,
    .arrest_delay_ratio = arrest_delay_ratio,
    .court_delay_ratio = court_delay_ratio,
    .custody_odds = custody_odds,
};
