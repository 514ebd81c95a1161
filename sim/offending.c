/* reoffsim — offending while at liberty: the agent's hazard (OGRS3 with
 * current age and sanctions x frailty x needs), the clock that times each
 * offence, the offence's category and whether it is detected. */
#include <math.h>

#include "day_ticks.h"
#include "population.h"
#include "reoffsim/ogrs3.h"
#include "sampling.h"
#include "unit.h"

/* The OGRS3 part of the hazard: one-year intensity and shape before any
 * scaling. Age as at the start of the liberty spell: ageing takes effect at
 * the next spell, so a re-rating for another reason (a sanction, a service)
 * never changes the age term as a side effect. */
static rs_hazard ogrs3_hazard(const rs_unit *u, uint32_t i)
{
    const rs_agent_hot *h = &u->a->hot[i];
    const rs_agent_profile *who = &u->a->profile[i];
    const rs_offending_params *o = &u->p->offending;
    double age = rs_age_years(who->age0_days) + (h->spell_start - h->t_entry) / 365.25;
    rs_sex sex = (h->flags & RS_FLAG_FEMALE) ? RS_FEMALE : RS_MALE;
    /* Scored on the current sanctions count, or (sanctions_update_risk off) the count at entry. */
    uint16_t sanctions = o->sanctions_update_risk ? h->sanctions : who->sanctions0;
    double y = rs_ogrs3_predictor(sex, age, sanctions, rs_age_years(who->first_age_days), (rs_offence)h->risk_offence);
    return rs_hazard_table_eval(u->hazard_table, y, 1.0, o->min_shape, o->max_shape);
}

/* frailty x needs x services in force at t x the global scale. */
static double hazard_scale(const rs_unit *u, uint32_t i, double t)
{
    unsigned needs = u->a->hot[i].needs & ((1u << RS_N_NEEDS) - 1);
    return u->p->offending.hazard_scale * u->a->profile[i].frailty * u->tables.need_ratio[needs] *
           rs_effects_ratio(u, i, t);
}

static rs_hazard stored_hazard(const rs_agents *a, uint32_t i)
{
    rs_hazard h = {a->hot[i].haz_a, a->hot[i].haz_k};
    return h;
}

/* Keep the OGRS3 base (so a change of scale needs no re-scoring) and the
 * hazard in force; the stored (float) values are used from here on so
 * re-timing is consistent. */
static void store_hazard(rs_unit *u, uint32_t i, double t, rs_hazard base)
{
    rs_agent_hot *h = &u->a->hot[i];
    h->haz_h1 = (float)base.a;
    h->haz_k = (float)base.k;
    h->haz_a = (float)(hazard_scale(u, i, t) * h->haz_h1);
}

/* Unit exponential that times offence number k (the same in every
 * scenario). Offence k-1's block carries it (word 0), so handling an offence
 * and timing the next costs one Philox block; offence 0's has its own lane. */
static double offence_clock(const rs_unit *u, uint32_t i, uint32_t k)
{
    rs_rng_block b = k == 0 ? rs_rng_block_at(u->key, i, RS_PURPOSE_OFFENCE, 0, 1)
                            : rs_rng_block_at(u->key, i, RS_PURPOSE_OFFENCE, k - 1, 0);
    return rs_sample_exp1(b.v[0]);
}

/* Schedule the next offence at cumulative intensity `cum` of the spell. */
static void schedule_offence(rs_agents *a, uint32_t i, double cum)
{
    rs_agent_hot *h = &a->hot[i];
    h->haz_cum = (float)cum;
    h->t_offence = h->spell_start + rs_hazard_inverse(stored_hazard(a, i), h->haz_cum);
}

void rs_offending_start_liberty(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    h->state = RS_STATE_LIBERTY;
    h->spell_start = t;
    store_hazard(u, i, t, ogrs3_hazard(u, i));
    schedule_offence(u->a, i, offence_clock(u, i, h->n_offences));
}

/* Re-rate the pending offence to the hazard now in force. */
static void rerate(rs_unit *u, uint32_t i, double t, rs_hazard from, rs_hazard base)
{
    rs_agents *a = u->a;
    const rs_agent_hot *h = &a->hot[i];
    store_hazard(u, i, t, base);
    /* Unchanged hazard: keep the time exactly (re-timing would round). */
    if (h->haz_a == (float)from.a && h->haz_k == (float)from.k) return;
    schedule_offence(a, i, rs_hazard_rerate(from, stored_hazard(a, i), t - h->spell_start, h->haz_cum));
}

void rs_offending_refresh(rs_unit *u, uint32_t i, double t)
{
    const rs_agent_hot *h = &u->a->hot[i];
    if (h->state != RS_STATE_LIBERTY) return;
    rs_hazard base = {h->haz_h1, h->haz_k};
    rerate(u, i, t, stored_hazard(u->a, i), base);
}

void rs_offending_rescore(rs_unit *u, uint32_t i, double t)
{
    if (u->a->hot[i].state != RS_STATE_LIBERTY) return;
    rerate(u, i, t, stored_hazard(u->a, i), ogrs3_hazard(u, i));
}

/* Known offenders are found more often: odds x exp(slope per 10 previous sanctions). */
static double known_odds_formula(const rs_params *p, double sanctions)
{
    return exp(p->detection.history_slope * (sanctions - 1.0) / 10.0);
}

static double known_odds(const rs_unit *u, uint16_t sanctions)
{
    if (sanctions < RS_SANCTIONS_TABLE) return u->tables.known_odds[sanctions];
    return known_odds_formula(u->p, sanctions);
}

_Static_assert(RS_N_OFFENCES <= RS_CATEGORICAL_MAX, "offence mix fits a prepared categorical");

void rs_offending_tables_init(rs_unit_tables *t, const rs_params *p)
{
    rs_categorical_init(&t->offence_mix, p->population.offence_share, RS_N_OFFENCES);
    for (int s = 0; s < RS_SANCTIONS_TABLE; s++) t->known_odds[s] = known_odds_formula(p, s);
    for (unsigned needs = 0; needs < (1u << RS_N_NEEDS); needs++)
        t->need_ratio[needs] = (float)rs_population_need_ratio(&p->offending, needs);
}

/* One uniform decides both: below `repeat` the same category again, above it
 * a category from the cohort mix (the uniform rescaled to (0, 1)). */
static int next_offence_type(const rs_unit *u, uint32_t i, uint32_t word)
{
    double repeat = u->p->offending.repeat_offence_type, v = rs_rng_u01(word);
    if (v < repeat) return u->a->hot[i].offence;
    return rs_categorical_draw(&u->tables.offence_mix, (v - repeat) / (1.0 - repeat));
}

/* Queue a detected offence on the agent's pending arrest (later offences
 * detected before the arrest join it, like offences taken into consideration). */
static void queue_for_arrest(rs_unit *u, uint32_t i, double t, int in_window, double delay)
{
    rs_agents *a = u->a;
    rs_agent_hot *h = &a->hot[i];
    if (isinf(h->t_arrest)) {
        h->t_arrest = t + delay;
        h->arrest_count = 0;
        h->arrest_in_window = 0;
        h->arrest_first = RS_TICKS_NONE;
    }
    if (h->arrest_count < 255) h->arrest_count++;
    if (in_window && h->arrest_in_window < 255) {
        h->arrest_in_window++;
        uint16_t since = rs_ticks_down(t - h->t_entry, u->tick_days);
        if (since < h->arrest_first) h->arrest_first = since;
    }
}

void rs_offending_detected(rs_unit *u, uint32_t i, double t, double delay)
{
    int in_window = rs_moj_offence_in_window(u->a->hot[i].t_entry, t, u->p->run.followup_days);
    queue_for_arrest(u, i, t, in_window, delay);
}

void rs_offending_on_offence(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    uint32_t k = h->n_offences;
    if (h->n_offences < 65535) h->n_offences++;
    /* One block per offence: v1 its category, v2 detection, v3 arrest delay,
     * v0 the clock of the next offence (offence_clock). */
    rs_rng_block b = rs_rng_block_at(u->key, i, RS_PURPOSE_OFFENCE, k, 0);
    rs_offence type = (rs_offence)next_offence_type(u, i, b.v[1]);
    h->offence = (uint8_t)type;
    rs_unit_count(u, RS_YEAR_OFFENCES, t, 1.0);
    rs_unit_count(u, RS_YEAR_OFFENCE_HARM, t, u->p->economics.harm[type]);
    double known = known_odds(u, h->sanctions);
    double p_detect = rs_odds_scale(u->p->detection.probability[type], known * rs_services_detection_odds(u, i, t));
    if (rs_rng_u01(b.v[2]) < p_detect) {
        double delay = u->p->detection.arrest_delay_days * rs_services_arrest_delay_ratio(u, i, t);
        rs_offending_detected(u, i, t, delay * rs_sample_exp1(b.v[3]));
    }
    /* Next offence: continue the same liberty spell's clock from this one's
     * cumulative intensity. */
    schedule_offence(u->a, i, h->haz_cum + rs_sample_exp1(b.v[0]));
}
