/* reoffsim — from arrest to sentence: police outcome (no further action,
 * caution, charge), remand and recall on charge, court delay that grows with
 * previous convictions, verdict, sentence choice and length, and the proof
 * of offences that MoJ counts. */
#include <math.h>

#include "day_ticks.h"
#include "sampling.h"
#include "unit.h"

void rs_justice_record_proof(rs_unit *u, uint32_t i, double t, int count, int in_window, uint16_t first)
{
    rs_agent_hot *h = &u->a->hot[i];
    rs_agent_record *r = &u->a->record[i];
    const rs_run_params *run = &u->p->run;
    rs_unit_count(u, RS_YEAR_PROVEN_OFFENCES, t, count);
    if (in_window > 0 && rs_moj_proof_in_time(h->t_entry, t, run->followup_days, run->waiting_days)) {
        int proven = r->proven + in_window;
        r->proven = (uint16_t)(proven > 65535 ? 65535 : proven);
        if (first < r->first_reoffence) r->first_reoffence = first;
    }
    if (h->sanctions < 65535) h->sanctions++;
    if (u->p->offending.sanctions_update_risk) {
        /* OGRS3 re-scored as after any new sanction: a labelling assumption. */
        h->risk_offence = h->offence; /* and the sanctions count is the current one */
    }
}

/* exp(-decay * (sanctions - 1)): the fall in the chance of a caution. */
static double caution_decay_formula(const rs_params *p, double sanctions)
{
    return exp(-p->police.caution_decay * (sanctions - 1.0));
}

/* exp(slope_s * tens of previous sanctions): the shift of sentence s's odds. */
static double sentence_history_formula(const rs_params *p, int s, double sanctions)
{
    double tens = (sanctions - 1.0) / 10.0;
    return exp(p->court.sentence_history_slope[s] * tens);
}

void rs_justice_tables_init(rs_unit_tables *t, const rs_params *p)
{
    for (int n = 0; n < RS_SANCTIONS_TABLE; n++) {
        t->caution_decay[n] = caution_decay_formula(p, n);
        for (int s = 0; s < RS_N_SENTENCES; s++) t->sentence_history[n][s] = sentence_history_formula(p, s, n);
    }
}

static double caution_decay(const rs_unit *u, uint16_t sanctions)
{
    if (sanctions < RS_SANCTIONS_TABLE) return u->tables.caution_decay[sanctions];
    return caution_decay_formula(u->p, sanctions);
}

static double sentence_history(const rs_unit *u, int s, uint16_t sanctions)
{
    if (sanctions < RS_SANCTIONS_TABLE) return u->tables.sentence_history[sanctions][s];
    return sentence_history_formula(u->p, s, sanctions);
}

static double court_delay(const rs_unit *u, uint32_t i, uint32_t word)
{
    const rs_court_params *c = &u->p->court;
    double previous = u->a->hot[i].sanctions - 1.0;
    double ratio = 1.0 + c->delay_per_previous * previous;
    if (ratio > c->delay_max_ratio) ratio = c->delay_max_ratio; /* not fmin: a libm call */
    return c->delay_first_time_days * ratio * rs_sample_exp1(word);
}

static double court_delay_at(const rs_unit *u, uint32_t i, double t, uint32_t word)
{
    return court_delay(u, i, word) * rs_services_court_delay_ratio(u, i, t);
}

/* Recall of a charged offender on licence (its own block, drawn only then). */
static int recalled_on_charge(const rs_unit *u, uint32_t i, uint32_t c)
{
    rs_rng_block r = rs_rng_block_at(u->key, i, RS_PURPOSE_CASE, c, 1);
    return rs_rng_u01(r.v[0]) < u->p->custody.recall_on_charge;
}

/* Put the arrest's offences on the court list (joining a pending hearing).
 * A new hearing's delay (v2) and verdict (v3) come from this case's block. */
static void charge(rs_unit *u, uint32_t i, double t, uint32_t c, rs_rng_block b)
{
    rs_agents *a = u->a;
    rs_agent_hot *h = &a->hot[i];
    rs_agent_record *r = &a->record[i];
    int joins = !isinf(h->t_court);
    if (!joins) {
        double delay = court_delay_at(u, i, t, b.v[2]);
        h->t_court = t + delay;
        rs_unit_count(u, RS_YEAR_HEARINGS_LISTED, t, 1.0);
        rs_unit_count(u, RS_YEAR_CHARGE_TO_HEARING_DAYS, t, delay);
        r->court_case = (uint16_t)c;
        rs_flags_put(&h->flags, RS_FLAG_WILL_CONVICT, rs_rng_u01(b.v[3]) < u->p->court.conviction_probability);
        h->court_count = h->court_in_window = 0;
        r->court_first = RS_TICKS_NONE;
    }
    int count = h->court_count + h->arrest_count;
    int in_window = h->court_in_window + h->arrest_in_window;
    h->court_count = (uint8_t)(count > 255 ? 255 : count);
    h->court_in_window = (uint8_t)(in_window > 255 ? 255 : in_window);
    if (h->arrest_first < r->court_first) r->court_first = h->arrest_first;
    if (h->state != RS_STATE_LIBERTY) return;
    if (rs_custody_on_licence(u, i, t) && recalled_on_charge(u, i, c)) {
        rs_unit_count(u, RS_YEAR_RECALLS, t, 1.0);
        rs_custody_enter(u, i, t, RS_STATE_PRISON);
        h->t_release = t + u->p->custody.recall_days;
    } else if (rs_rng_u01(b.v[1]) < u->p->court.remand_probability) {
        rs_custody_enter(u, i, t, RS_STATE_REMAND);
    }
}

void rs_justice_on_arrest(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    const rs_police_params *pol = &u->p->police;
    h->t_arrest = INFINITY;
    uint32_t c = h->n_cases;
    if (h->n_cases < RS_INDEX_CASE - 1) h->n_cases++;
    rs_unit_count(u, RS_YEAR_ARRESTS, t, 1.0);
    rs_community_treatment_on_arrest(u, i, t, c); /* before DIP: its referral adds to these */
    rs_services_on_arrest(u, i, t); /* police custody: testing, screening */
    rs_rng_block b = rs_rng_block_at(u->key, i, RS_PURPOSE_CASE, c, 0);
    double un = rs_rng_u01(b.v[0]);
    if (un < pol->nfa_probability) return;
    double uc = (un - pol->nfa_probability) / (1.0 - pol->nfa_probability);
    double p_caution = pol->caution_first_time * caution_decay(u, h->sanctions);
    if (uc < p_caution) {
        rs_unit_count(u, RS_YEAR_CAUTIONS, t, 1.0);
        rs_justice_record_proof(u, i, t, h->arrest_count, h->arrest_in_window, h->arrest_first);
        rs_offending_rescore(u, i, t);
        return;
    }
    charge(u, i, t, c, b);
}

/* Index of a court sentence (0 = fine .. 4 = custody >= 12 months). */
static int choose_sentence(const rs_unit *u, uint32_t i, double t, double uniform)
{
    const rs_court_params *c = &u->p->court;
    const rs_agents *a = u->a;
    rs_offence off = (rs_offence)a->hot[i].offence;
    int serious = off == RS_OFF_ROBBERY || off == RS_OFF_SEXUAL_CHILD || off == RS_OFF_SEXUAL_OTHER ||
                  off == RS_OFF_DRUG_SUPPLY || off == RS_OFF_BURGLARY_DOMESTIC;
    int on_order = t < rs_ticks_day(a->record[i].order_end, u->tick_days) || rs_custody_on_licence(u, i, t);
    double w[RS_N_SENTENCES];
    for (int s = 0; s < RS_N_SENTENCES; s++) {
        double odds = c->sentence_share_first[s] * sentence_history(u, s, a->hot[i].sanctions);
        int custodial = s + RS_DISP_FINE >= RS_DISP_CUSTODY_SHORT;
        if (custodial && on_order) odds *= c->on_order_custody_ratio;
        if (s + RS_DISP_FINE == RS_DISP_CUSTODY_SHORT) odds *= rs_services_custody_odds(u, i, t);
        if (s + RS_DISP_FINE == RS_DISP_CUSTODY_LONG && serious) odds *= c->serious_long_custody_ratio;
        w[s] = odds;
    }
    return rs_sample_categorical(w, RS_N_SENTENCES, uniform);
}

void rs_justice_on_court(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    const rs_agent_record *r = &u->a->record[i];
    h->t_court = INFINITY;
    rs_unit_count(u, RS_YEAR_COURT_CASES, t, 1.0);
    uint32_t c = r->court_case;
    int remanded = h->state == RS_STATE_REMAND;
    double credit = remanded ? t - h->spell_start : 0.0; /* time served on remand */
    if (!(h->flags & RS_FLAG_WILL_CONVICT)) {
        if (remanded) rs_custody_on_release(u, i, t);
        return;
    }
    rs_justice_record_proof(u, i, t, h->court_count, h->court_in_window, r->court_first);
    rs_rng_block s = rs_rng_block_at(u->key, i, RS_PURPOSE_SENTENCE, c, 0);
    rs_disposal d = (rs_disposal)(RS_DISP_FINE + choose_sentence(u, i, t, rs_rng_u01(s.v[0])));
    double length = 0.0;
    if (d >= RS_DISP_CUSTODY_SHORT) length = rs_custody_length(&u->p->court, d, rs_rng_normal(s.v[1], s.v[2]));
    rs_custody_sentence(u, i, t, d, length, credit);
    rs_services_on_sentence(u, i, t, d);
}
