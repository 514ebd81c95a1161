/* reoffsim — custody and supervision: cohort entry, remand and prison spells
 * (days counted per year), automatic release at the set fraction of the
 * sentence, licence or ORA supervision, technical breach and recall, and
 * community and suspended orders. */
#include <math.h>

#include "day_ticks.h"
#include "sampling.h"
#include "unit.h"

static double licence_end_day(const rs_unit *u, uint32_t i) { return rs_ticks_day(u->a->record[i].licence_end, u->tick_days); }

int rs_custody_on_licence(const rs_unit *u, uint32_t i, double t) { return t < licence_end_day(u, i); }

void rs_custody_enter(rs_unit *u, uint32_t i, double t, rs_agent_state state)
{
    rs_agent_hot *h = &u->a->hot[i];
    rs_offending_leave_liberty(u, i, t);
    h->state = (uint8_t)state;
    h->spell_start = t;
    h->t_offence = INFINITY; /* no offending in the community while held */
    h->t_breach = INFINITY;
}

/* Count the current custody spell up to t. */
void rs_custody_leave(rs_unit *u, uint32_t i, double t)
{
    const rs_agent_hot *h = &u->a->hot[i];
    if (h->state == RS_STATE_PRISON)
        rs_year_add_span(u->res, RS_YEAR_PRISON_DAYS, h->spell_start, t);
    else if (h->state == RS_STATE_REMAND)
        rs_year_add_span(u->res, RS_YEAR_REMAND_DAYS, h->spell_start, t);
}

static void schedule_breach(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    double rate = u->p->custody.technical_breach_rate;
    h->t_breach = INFINITY;
    if (!rs_custody_on_licence(u, i, t) || !(rate > 0.0)) return;
    uint32_t word = rs_rng_block_at(u->key, i, RS_PURPOSE_LICENCE, u->a->profile[i].n_releases, 0).v[0];
    double when = t + 365.0 * rs_sample_exp1(word) / rate;
    if (when < licence_end_day(u, i)) h->t_breach = when;
}

/* Supervision after release: licence for the unserved part of a long
 * sentence; for short sentences only under the ORA switch. */
static double supervision_end(const rs_unit *u, rs_disposal d, double release, double length)
{
    const rs_custody_params *c = &u->p->custody;
    if (d == RS_DISP_CUSTODY_LONG) return release + length * (1.0 - c->release_fraction);
    if (d == RS_DISP_CUSTODY_SHORT && c->ora_supervision) return release + c->ora_supervision_days;
    return -INFINITY;
}

double rs_custody_length(const rs_court_params *c, rs_disposal d, double z)
{
    if (d == RS_DISP_CUSTODY_SHORT)
        return fmin(364.0, fmax(1.0, rs_sample_lognormal(c->short_custody_median_days, c->short_custody_sdlog, z)));
    return fmin(c->max_custody_days,
                fmax(365.0, rs_sample_lognormal(c->long_custody_median_days, c->long_custody_sdlog, z)));
}

static void enter_cohort(rs_unit *u, uint32_t i, double t)
{
    rs_agent_record *r = &u->a->record[i];
    rs_disposal d = (rs_disposal)u->a->profile[i].disposal0;
    if (d >= RS_DISP_CUSTODY_SHORT) {
        /* Released today from the index sentence; its length sets the licence. */
        rs_rng_block s = rs_rng_block_at(u->key, i, RS_PURPOSE_SENTENCE, RS_INDEX_CASE, 0);
        double len = rs_custody_length(&u->p->court, d, rs_rng_normal(s.v[1], s.v[2]));
        r->licence_end = rs_ticks_up(supervision_end(u, d, t, len), u->tick_days);
    } else if (d == RS_DISP_COMMUNITY_ORDER || d == RS_DISP_SUSPENDED) {
        r->order_end = rs_ticks_up(t + u->p->court.order_length_days, u->tick_days);
    }
}

void rs_custody_on_release(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    rs_agent_profile *who = &u->a->profile[i];
    if (h->state == RS_STATE_NOT_ENTERED) {
        enter_cohort(u, i, t);
        u->released_from = who->disposal0;
    } else {
        u->released_from = h->state == RS_STATE_PRISON ? u->a->record[i].sentence : RS_RELEASE_REMAND;
        rs_needs_relapse_after_custody(u, i, t, t - h->haz_cum); /* haz_cum: the day custody began */
        rs_custody_leave(u, i, t);
    }
    h->t_release = INFINITY;
    rs_offending_start_liberty(u, i, t);
    schedule_breach(u, i, t);
    if (who->n_releases < 65535) who->n_releases++;
    rs_services_on_release(u, i, t);
}

void rs_custody_on_breach(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    h->t_breach = INFINITY;
    if (h->state != RS_STATE_LIBERTY || !rs_custody_on_licence(u, i, t)) return;
    rs_unit_count(u, RS_YEAR_RECALLS, t, 1.0);
    rs_custody_enter(u, i, t, RS_STATE_PRISON);
    h->t_release = t + u->p->custody.recall_days;
}

void rs_custody_sentence(rs_unit *u, uint32_t i, double t, rs_disposal d, double length_days,
                         double credit_days)
{
    rs_agent_hot *h = &u->a->hot[i];
    rs_agent_record *r = &u->a->record[i];
    if (d >= RS_DISP_CUSTODY_SHORT) {
        rs_unit_count(u, RS_YEAR_CUSTODY_SENTENCES, t, 1.0);
        r->sentence = (uint8_t)d;
        double serve = length_days * u->p->custody.release_fraction - credit_days;
        double release = t + (serve > 0.0 ? serve : 0.0);
        if (h->state == RS_STATE_PRISON && h->t_release > release) release = h->t_release;
        if (h->state == RS_STATE_REMAND) rs_custody_leave(u, i, t);
        if (h->state != RS_STATE_PRISON) rs_custody_enter(u, i, t, RS_STATE_PRISON);
        h->t_release = release;
        uint16_t sup = rs_ticks_up(supervision_end(u, d, release, length_days), u->tick_days);
        if (sup > r->licence_end) r->licence_end = sup;
        return;
    }
    if (d == RS_DISP_COMMUNITY_ORDER || d == RS_DISP_SUSPENDED) {
        r->order_end = rs_ticks_up(t + u->p->court.order_length_days, u->tick_days);
        rs_unit_count(u, RS_YEAR_ORDERS, t, 1.0);
    }
    if (h->state == RS_STATE_REMAND)
        rs_custody_on_release(u, i, t);
    else
        rs_offending_rescore(u, i, t); /* new sanction changes the OGRS3 risk */
}
