/* reoffsim — synthetic cohort generator (population.h). The latent factor F
 * ("disadvantage") drives both needs and criminal-career intensity, which is
 * how needs correlate with each other and with offending history. */
#include "population.h"

#include <math.h>
#include <string.h>

#include "reoffsim/ogrs3.h"
#include "sampling.h"

/* Lower and upper age of each generator band. */
static const double band_lo[RS_N_AGE_BANDS] = {18, 21, 25, 30, 35, 40, 50};
static const double band_hi[RS_N_AGE_BANDS] = {21, 25, 30, 35, 40, 50, 0 /* max_age */};

typedef struct {
    rs_sex sex;
    double age, first_age, factor;
    int disposal, offence, sanctions;
    unsigned needs;
} person;

/* An age in years rounded to a whole day (ages are kept in days), and its days. */
static uint16_t age_days(double years)
{
    double d = round(years * RS_DAYS_PER_YEAR);
    return d < 0.0 ? 0 : d > 65535.0 ? 65535 : (uint16_t)d;
}

static double to_the_day(double years) { return rs_age_years(age_days(years)); }

/* What every agent of a cohort draws from, prepared once per cohort: the
 * need thresholds and the categorical distributions (a prepared draw is the
 * same as rs_sample_categorical's, tests/test_sampling.c, without summing
 * the weights per agent). */
typedef struct {
    double need_z[RS_N_NEEDS];
    rs_categorical age_band, disposal;
    rs_categorical offence[2]; /* index offence without / with a class A drug need */
} cohort_tables;

static void draw_demography(const rs_population_params *pp, const cohort_tables *ct, rs_rng_key key,
                            uint32_t i, person *o, double cohort_days, double *t_entry)
{
    rs_rng_block b = rs_rng_block_at(key, i, RS_PURPOSE_DEMOGRAPHY, 0, 0);
    o->sex = rs_rng_u01(b.v[0]) < pp->female_share ? RS_FEMALE : RS_MALE;
    int band = rs_categorical_draw(&ct->age_band, rs_rng_u01(b.v[1]));
    double hi = band == RS_AGE_50_PLUS ? pp->max_age : band_hi[band];
    o->age = to_the_day(band_lo[band] + (hi - band_lo[band]) * rs_rng_u01(b.v[2]));
    *t_entry = cohort_days * rs_rng_u01(b.v[3]);
    rs_rng_block c = rs_rng_block_at(key, i, RS_PURPOSE_DEMOGRAPHY, 0, 1);
    o->disposal = rs_categorical_draw(&ct->disposal, rs_rng_u01(c.v[0]));
}

/* Needs: z_j = rho_j F + sqrt(1 - rho_j^2) e_j, present if Phi(z_j) <
 * prevalence_j, i.e. if z_j < need_z[j], the point where Phi crosses the
 * prevalence (found once per cohort, not per agent and need). */
static void need_thresholds(const rs_population_params *pp, double need_z[RS_N_NEEDS])
{
    for (int j = 0; j < RS_N_NEEDS; j++) {
        double below;
        rs_normal_cdf_bracket(pp->need_prevalence[j], &below, &need_z[j]);
    }
}

/* F and the needs' own terms e_j: Box–Muller pairs, two per block (lanes
 * 0, 1, ...), both normals of each pair used. */
#define NEED_NORMALS (1 + RS_N_NEEDS)
#define NEED_PAIRS ((NEED_NORMALS + 1) / 2)

static void draw_needs(const rs_population_params *pp, const double need_z[RS_N_NEEDS], rs_rng_key key,
                       uint32_t i, person *o)
{
    double n[2 * NEED_PAIRS];
    for (uint32_t pair = 0; pair < NEED_PAIRS; pair++) {
        rs_rng_block b = rs_rng_block_at(key, i, RS_PURPOSE_NEEDS, 0, pair / 2);
        uint32_t w = 2 * (pair % 2);
        rs_rng_normal_pair(b.v[w], b.v[w + 1], &n[2 * pair]);
    }
    o->factor = n[0];
    o->needs = 0;
    for (int j = 0; j < RS_N_NEEDS; j++) {
        double rho = pp->need_factor_loading[j];
        double z = rho * o->factor + sqrt(1.0 - rho * rho) * n[1 + j];
        if (z < need_z[j]) o->needs |= 1u << j;
    }
}

/* Career: first sanction age, then previous sanctions ~ Poisson(rate * years
 * * gamma mixing * exp(loading F)) scaled by the entry route. */
static void draw_history(const rs_population_params *pp, rs_rng_key key, uint32_t i, person *o)
{
    rs_rng_block b = rs_rng_block_at(key, i, RS_PURPOSE_HISTORY, 0, 0);
    double lo = pp->first_sanction_min_age;
    o->first_age = to_the_day(lo + (o->age - lo) * pow(rs_rng_u01(b.v[0]), pp->first_sanction_shape));
    double years = o->age - o->first_age;
    double mixing = rs_sample_gamma(key, i, RS_PURPOSE_HISTORY, 0, 1, pp->sanction_dispersion) /
                    pp->sanction_dispersion;
    double l = pp->sanction_factor_loading;
    double mean = pp->sanction_rate_per_year * years * mixing *
                  exp(l * o->factor - 0.5 * l * l) * pp->disposal_sanction_ratio[o->disposal];
    int prev = rs_sample_poisson(mean, b.v[1], b.v[2], b.v[3]);
    if (prev > pp->max_previous_sanctions) prev = (int)pp->max_previous_sanctions;
    o->sanctions = 1 + prev;
}

/* The index offence mix; class A drug users commit acquisitive offences
 * class_a_acquisitive_ratio times as often. */
static void offence_mix(const rs_population_params *pp, int class_a, double w[RS_N_OFFENCES])
{
    memcpy(w, pp->offence_share, RS_N_OFFENCES * sizeof *w);
    if (class_a)
        for (int k = 0; k < RS_N_OFFENCES; k++)
            if (rs_offence_is_acquisitive((rs_offence)k)) w[k] *= pp->class_a_acquisitive_ratio;
}

static void draw_offence(const cohort_tables *ct, rs_rng_key key, uint32_t i, person *o)
{
    int class_a = (o->needs & (1u << RS_NEED_DRUGS_CLASS_A)) != 0;
    rs_rng_block b = rs_rng_block_at(key, i, RS_PURPOSE_OFFENCE_TYPE0, 0, 0);
    o->offence = rs_categorical_draw(&ct->offence[class_a], rs_rng_u01(b.v[0]));
}

_Static_assert(RS_N_AGE_BANDS <= RS_CATEGORICAL_MAX && RS_N_DISPOSALS <= RS_CATEGORICAL_MAX &&
                   RS_N_OFFENCES <= RS_CATEGORICAL_MAX,
               "the cohort's distributions fit a prepared categorical");

static void cohort_tables_init(const rs_population_params *pp, cohort_tables *ct)
{
    need_thresholds(pp, ct->need_z);
    rs_categorical_init(&ct->age_band, pp->age_band_share, RS_N_AGE_BANDS);
    rs_categorical_init(&ct->disposal, pp->disposal_share, RS_N_DISPOSALS);
    for (int class_a = 0; class_a < 2; class_a++) {
        double w[RS_N_OFFENCES];
        offence_mix(pp, class_a, w);
        rs_categorical_init(&ct->offence[class_a], w, RS_N_OFFENCES);
    }
}

double rs_population_need_ratio(const rs_offending_params *o, unsigned needs)
{
    double r = 1.0;
    for (int j = 0; j < RS_N_NEEDS; j++)
        if (needs & (1u << j)) r *= o->need_hazard_ratio[j];
    return r;
}

static void store(const rs_params *p, rs_rng_key key, uint32_t i, const person *o,
                  double t_entry, rs_agents *a, rs_cohort_totals *totals)
{
    const rs_population_params *pp = &p->population;
    rs_ogrs3 s = rs_ogrs3_score(o->sex, o->age, o->sanctions, o->first_age, (rs_offence)o->offence);
    uint8_t flags = 0;
    if (o->sex == RS_FEMALE) flags |= RS_FLAG_FEMALE;
    if (rs_ogrs3_gto_eligible(s.p2, (rs_offence)o->offence)) flags |= RS_FLAG_GTO;
    if (s.p2 >= pp->ppo_min_p2 && o->sanctions >= pp->ppo_min_sanctions) flags |= RS_FLAG_PPO;
    if (o->age < 26.0) flags |= RS_FLAG_YOUNG;
    flags |= (uint8_t)(rs_ogrs3_band((float)s.p2) << RS_FLAG_BAND_SHIFT);
    a->hot[i].flags = flags;
    a->profile[i].disposal0 = (uint8_t)o->disposal;
    a->profile[i].needs0 = (uint16_t)o->needs;
    a->profile[i].age0_days = age_days(o->age);
    a->profile[i].first_age_days = age_days(o->first_age);
    double var = p->offending.frailty_variance;
    a->profile[i].frailty = var > 0.0 ? (float)(rs_sample_gamma(key, i, RS_PURPOSE_FRAILTY, 0, 0, 1.0 / var) * var)
                              : 1.0f;
    a->hot[i].t_entry = t_entry;
    a->profile[i].offence0 = (uint8_t)o->offence;
    a->profile[i].sanctions0 = (uint16_t)(o->sanctions > 65535 ? 65535 : o->sanctions);
    if (totals) rs_cohort_totals_add(totals, a, i, (float)s.p2);
}

void rs_population_generate(const rs_params *p, rs_rng_key key, rs_agents *a, rs_cohort_totals *totals)
{
    rs_population_generate_until(p, key, a, totals, NULL);
}

int rs_population_generate_until(const rs_params *p, rs_rng_key key, rs_agents *a, rs_cohort_totals *totals,
                                 const volatile sig_atomic_t *cancel)
{
    if (totals) rs_cohort_totals_clear(totals);
    const rs_population_params *pp = &p->population;
    cohort_tables ct;
    cohort_tables_init(pp, &ct);
    for (uint32_t i = 0; i < (uint32_t)a->n; i++) {
        if (cancel && (i & (RS_POPULATION_CANCEL_AGENTS - 1)) == 0 && *cancel) return 0;
        person o;
        double t_entry;
        draw_demography(pp, &ct, key, i, &o, p->run.cohort_period_days, &t_entry);
        draw_needs(pp, ct.need_z, key, i, &o);
        draw_history(pp, key, i, &o);
        draw_offence(&ct, key, i, &o);
        store(p, key, i, &o, t_entry, a, totals);
    }
    return 1;
}

void rs_population_key_make(const rs_params *p, uint32_t replicate, rs_population_key *k)
{
    memset(k, 0, sizeof *k); /* padding too: keys are compared with memcmp */
    k->seed = p->run.seed;
    k->replicate = replicate;
    k->n_agents = p->run.n_agents;
    k->cohort_period_days = p->run.cohort_period_days;
    k->frailty_variance = p->offending.frailty_variance;
    memcpy(k->need_hazard_ratio, p->offending.need_hazard_ratio, sizeof k->need_hazard_ratio);
    k->population = p->population;
}
