/* reoffsim — offending while at liberty: the agent's two-part clock
 * (hazard.h: long-run propensity from OGRS3 at entry moving with age, and a
 * post-release elevation whose size depends on the custody before it) x
 * frailty x needs x services, the offence's category and whether it is
 * detected. */
#include <math.h>

#include "day_ticks.h"
#include "population.h"
#include "reoffsim/ogrs3.h"
#include "sampling.h"
#include "unit.h"

/* Age in years at day t (cohort-start age plus time since entry). */
static double age_at(const rs_unit *u, uint32_t i, double t)
{
    const rs_agent_hot *h = &u->a->hot[i];
    return rs_age_years(u->a->profile[i].age0_days) + (t - h->t_entry) / RS_DAYS_PER_YEAR;
}

static rs_sex sex_of(const rs_agent_hot *h) { return (h->flags & RS_FLAG_FEMALE) ? RS_FEMALE : RS_MALE; }

/* OGRS3's smooth age term at `age` and, via *drift, the log-rate fall of the
 * long-run propensity per year there (age_gradient log-hazard per unit of
 * the term). */
static double age_term(const rs_unit *u, rs_sex sex, double age, double *drift)
{
    double slope;
    double g = rs_ogrs3_age_gender_smooth(sex, age, &slope);
    if (drift) *drift = -u->p->offending.age_gradient * slope;
    return g;
}

/* The age drift of the current spell: the slope at the spell's start age
 * (tabulated by half-year in rs_offending_tables_init). */
static double spell_drift(const rs_unit *u, uint32_t i)
{
    const rs_agent_hot *h = &u->a->hot[i];
    double half_years = 2.0 * age_at(u, i, h->spell_start);
    int k = half_years < 0.0 ? 0 : half_years >= RS_AGE_HALF_YEARS - 1 ? RS_AGE_HALF_YEARS - 1 : (int)half_years;
    return u->tables.age_drift[sex_of(h)][k];
}

/* The person's long-run propensity (base, per year) and the full
 * post-release elevation (peak) at day t, before scaling. Identified from
 * OGRS3 scored at cohort entry, exactly as MoJ scores it, with gamma frailty
 * selection removed (rs_clock_frailty_corrected), so a first release meets
 * OGRS3's one- and two-year probabilities; then moved with age along the
 * smooth age term. Sanctions and offence are those at entry, or the current
 * ones with offending.sanctions_update_risk. */
static void propensity(const rs_unit *u, uint32_t i, double t, double *base, double *peak)
{
    const rs_agent_hot *h = &u->a->hot[i];
    const rs_agent_profile *who = &u->a->profile[i];
    const rs_offending_params *o = &u->p->offending;
    rs_sex sex = sex_of(h);
    double age0 = rs_age_years(who->age0_days);
    uint16_t sanctions = o->sanctions_update_risk ? h->sanctions : who->sanctions0;
    double y = rs_ogrs3_predictor(sex, age0, sanctions, rs_age_years(who->first_age_days), (rs_offence)h->risk_offence);
    double h1, h2, drift0;
    rs_hazard_table_eval(u->hazard_table, y, &h1, &h2);
    double c1 = rs_clock_frailty_corrected(h1, o->frailty_variance);
    double c2 = rs_clock_frailty_corrected(h2, o->frailty_variance);
    double g0 = age_term(u, sex, age0, &drift0);
    rs_clock_identify(c1, c2, drift0, o->peak_decay_days, base, peak);
    double ageing = exp(o->age_gradient * (age_term(u, sex, age_at(u, i, t), NULL) - g0));
    *base *= ageing;
    *peak *= ageing;
}

/* frailty x needs x services in force at t x the global scale. */
static double hazard_scale(const rs_unit *u, uint32_t i, double t)
{
    unsigned needs = u->a->hot[i].needs & ((1u << RS_N_NEEDS) - 1);
    return u->p->offending.hazard_scale * u->a->profile[i].frailty * u->tables.need_ratio[needs] *
           rs_effects_ratio(u, i, t);
}

/* The clock in force (hazard.h), from the stored (float) values, so re-timing
 * is consistent. */
static rs_clock current_clock(const rs_unit *u, uint32_t i)
{
    const rs_agent_hot *h = &u->a->hot[i];
    rs_clock c = {h->haz_scale * h->haz_base, h->haz_scale * h->haz_peak, spell_drift(u, i),
                  u->p->offending.peak_decay_days};
    return c;
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

/* Schedule the next offence at cumulative intensity `cum` of the spell, no
 * earlier than tau_from days into it. */
static void schedule_offence(rs_unit *u, uint32_t i, double cum, double tau_from)
{
    rs_agent_hot *h = &u->a->hot[i];
    h->haz_cum = (float)cum;
    rs_clock c = current_clock(u, i);
    h->t_offence = h->spell_start + rs_clock_inverse(&c, h->haz_cum, tau_from);
}

/* Share of the full post-release elevation a custody spell of `days`
 * restores: 1 - exp(-days / peak_restore_days). */
static double restored_share(const rs_offending_params *o, double days)
{
    return days > 0.0 ? -expm1(-days / o->peak_restore_days) : 0.0;
}

void rs_offending_leave_liberty(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    if (h->state != RS_STATE_LIBERTY) return; /* custody to custody: keep what was carried */
    /* While held: haz_peak is the elevation still unspent (it decays only at
     * liberty) and haz_cum the day custody began. */
    h->haz_peak = (float)(h->haz_peak * exp(-(t - h->spell_start) / u->p->offending.peak_decay_days));
    h->haz_cum = (float)t;
}

void rs_offending_start_liberty(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    double base, full;
    propensity(u, i, t, &base, &full);
    double peak = full; /* cohort entry: the first release's (or sentence's) full peak */
    if (h->state != RS_STATE_NOT_ENTERED) {
        peak = h->haz_peak + full * restored_share(&u->p->offending, t - h->haz_cum);
        if (peak > full) peak = full;
    }
    h->state = RS_STATE_LIBERTY;
    h->spell_start = t;
    h->haz_base = (float)base;
    h->haz_peak = (float)peak;
    h->haz_scale = (float)hazard_scale(u, i, t);
    schedule_offence(u, i, offence_clock(u, i, h->n_offences), 0.0);
}

/* Re-time the pending offence after the clock changed from `from`. */
static void rerate(rs_unit *u, uint32_t i, double t, const rs_clock *from)
{
    const rs_agent_hot *h = &u->a->hot[i];
    rs_clock to = current_clock(u, i);
    /* Unchanged clock: keep the time exactly (re-timing would round). */
    if (to.base == from->base && to.peak == from->peak) return;
    double tau = t - h->spell_start;
    schedule_offence(u, i, rs_clock_rerate(from, &to, tau, h->haz_cum), tau);
}

void rs_offending_refresh(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    if (h->state != RS_STATE_LIBERTY) return;
    rs_clock from = current_clock(u, i);
    h->haz_scale = (float)hazard_scale(u, i, t);
    rerate(u, i, t, &from);
}

void rs_offending_rescore(rs_unit *u, uint32_t i, double t)
{
    rs_agent_hot *h = &u->a->hot[i];
    if (h->state != RS_STATE_LIBERTY || !u->p->offending.sanctions_update_risk) return;
    rs_clock from = current_clock(u, i);
    double base, full;
    propensity(u, i, h->spell_start, &base, &full); /* the spell keeps its elevation */
    h->haz_base = (float)base;
    rerate(u, i, t, &from);
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

static void age_drift_table(rs_unit_tables *t, const rs_params *p)
{
    for (int sex = 0; sex < 2; sex++)
        for (int k = 0; k < RS_AGE_HALF_YEARS; k++) {
            double slope;
            rs_ogrs3_age_gender_smooth((rs_sex)sex, (k + 0.5) / 2.0, &slope);
            t->age_drift[sex][k] = (float)(-p->offending.age_gradient * slope);
        }
}

void rs_offending_tables_init(rs_unit_tables *t, const rs_params *p)
{
    age_drift_table(t, p);
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
    schedule_offence(u, i, h->haz_cum + rs_sample_exp1(b.v[0]), t - h->spell_start);
}
