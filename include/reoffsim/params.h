/* reoffsim — model parameters: one plain struct per scenario, filled from
 * YAML by config.c and checked by rs_params_validate. Every field here is a
 * key in configs/ (see rs_params_schema for the key names). */
#ifndef REOFFSIM_PARAMS_H
#define REOFFSIM_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "reoffsim/error.h"
#include "reoffsim/service_params.h"
#include "reoffsim/types.h"
#include "reoffsim/uncertainty.h"

typedef struct {
    int n_agents;             /* offenders in the cohort */
    int replicates;           /* independent replicates */
    uint64_t seed;            /* master seed */
    int years;                /* simulated years from day 0 */
    double cohort_period_days;/* cohort entries spread uniformly over this */
    double followup_days;     /* MoJ: offence within this of cohort start */
    double waiting_days;      /* MoJ: and proven within followup + this */
} rs_run_params;

typedef struct {
    double female_share;                /* share of the cohort who are women */
    double age_band_share[RS_N_AGE_BANDS]; /* cohort share by OGRS3 age band at entry */
    double max_age;                     /* upper end of the 50+ band */
    double first_sanction_min_age;      /* youngest age at first sanction */
    double first_sanction_shape;        /* age_first = min + (age-min)*u^shape */
    double sanction_rate_per_year;      /* previous sanctions per year of career */
    double sanction_dispersion;         /* gamma shape of the career rate */
    double sanction_factor_loading;     /* log-rate per SD of the latent factor */
    double max_previous_sanctions;      /* cap on generated previous sanctions */
    double offence_share[RS_N_OFFENCES]; /* index offence mix (OGRS3 categories) */
    double class_a_acquisitive_ratio;   /* odds multiplier for acquisitive offences */
    double need_prevalence[RS_N_NEEDS]; /* share of the cohort with each need */
    double need_factor_loading[RS_N_NEEDS]; /* correlation with latent factor */
    double disposal_share[RS_N_DISPOSALS];  /* cohort entry route */
    double disposal_sanction_ratio[RS_N_DISPOSALS]; /* career rate by entry route */
    double ppo_min_p2;                  /* PPO flag: OGRS3 two-year >= this ... */
    double ppo_min_sanctions;           /* ... and at least this many sanctions */
} rs_population_params;

typedef struct {
    double hazard_scale;      /* offences per proven reoffence (OGRS3-implied) */
    double frailty_variance;  /* gamma frailty, mean 1 */
    double need_hazard_ratio[RS_N_NEEDS]; /* offending hazard multiplier while a need is unmet */
    double repeat_offence_type; /* P(next offence same category as last) */
    double peak_decay_days;   /* time constant of the post-release elevation */
    double peak_restore_days; /* custody of this length restores 1 - 1/e of the full elevation */
    double age_gradient;      /* log-hazard per unit of OGRS3's (smooth) age-gender term */
    int sanctions_update_risk;/* 1: new sanctions re-score OGRS3 (labelling); 0: risk from entry history */
} rs_offending_params;

typedef struct {
    double probability[RS_N_OFFENCES]; /* P(offence leads to arrest) */
    double arrest_delay_days;          /* mean offence-to-arrest delay */
    double history_slope;              /* log-odds of detection per 10 previous sanctions (known offenders) */
} rs_detection_params;

typedef struct {
    double nfa_probability;            /* no further action after arrest */
    double caution_first_time;         /* P(caution | disposal) with no previous */
    double caution_decay;              /* per previous sanction */
} rs_police_params;

typedef struct {
    double delay_first_time_days;      /* mean charge-to-sentence, first offenders */
    double delay_per_previous;         /* +fraction per previous conviction ... */
    double delay_max_ratio;            /* ... up to this multiple of the first-offender delay */
    double remand_probability;         /* P(remanded in custody | charged) */
    double conviction_probability;     /* P(convicted | charged) */
    double sentence_share_first[RS_N_SENTENCES];   /* first-time offender mix */
    double sentence_history_slope[RS_N_SENTENCES];  /* log-odds per 10 previous */
    double serious_long_custody_ratio; /* odds multiplier, serious offences */
    double on_order_custody_ratio;     /* odds multiplier while on an order */
    double short_custody_median_days;  /* custody < 12 months: median sentence (lognormal) */
    double short_custody_sdlog;        /* ... and its log-scale SD */
    double long_custody_median_days;   /* custody >= 12 months: median sentence (lognormal) */
    double long_custody_sdlog;         /* ... and its log-scale SD */
    double max_custody_days;           /* longest sentence drawn */
    double order_length_days;          /* community and suspended orders */
} rs_court_params;

typedef struct {
    double release_fraction;           /* automatic release point of sentence */
    double recall_on_charge;           /* P(recall) if charged while on licence */
    double technical_breach_rate;      /* recalls per licence-year (no offence) */
    double recall_days;                /* fixed-term recall length */
    int ora_supervision;               /* 1: SSPs supervised after release (ORA) */
    double ora_supervision_days;       /* statutory supervision of SSPs */
    double need_relapse[RS_N_NEEDS];   /* P(a need met since cohort entry recurs) after a long spell held */
    double need_relapse_days;          /* time constant of that chance in days held (shorter spells: less) */
} rs_custody_params;

/* Drug treatment outside the local services: open-access treatment goes on
 * whatever the criminal-justice referral route (MODEL.md §5, [000 §5.12-5.14]). */
typedef struct {
    double community_share; /* P(a Class A user arrested enters treatment by community routes) */
} rs_treatment_params;

/* Unit costs (GBP, prices of the source year) and appraisal settings (MODEL.md §6). */
typedef struct {
    double discount_rate;            /* Green Book: 3.5% a year; year 1 undiscounted */
    double area_offenders;           /* real offenders the simulated cohort stands for */
    double harm[RS_N_OFFENCES];      /* cost to communities and the economy per offence */
    double cost_arrest;              /* CJS: police time per arrest */
    double cost_caution;             /* CJS: per caution */
    double cost_court_case;          /* CJS: per court case */
    double cost_prison_day;          /* CJS: per prisoner-day */
    double cost_remand_day;          /* CJS: per remand prisoner-day */
    double cost_order;               /* community or suspended order, whole order */
    double cost_recall;              /* recall process (the days are prison days) */
} rs_economics_params;

typedef struct {
    rs_run_params run;
    rs_population_params population;
    rs_offending_params offending;
    rs_detection_params detection;
    rs_police_params police;
    rs_court_params court;
    rs_custody_params custody;
    rs_treatment_params treatment;
    rs_services_params services;
    rs_economics_params economics;
    /* Parameters given as distributions; their fields above hold the point
     * value (the mean). Applied per replicate by rs_params_draw. */
    int n_uncertain;
    rs_uncertain uncertain[RS_MAX_UNCERTAIN];
    /* Calibration posterior (config `calibration: {posterior: FILE.h5}`), owned
     * by the rs_config; NULL: the calibrated values above are fixed. */
    const struct rs_posterior *posterior;
} rs_params;

/* Replace every uncertain parameter by replicate r's draw (seed from p->run),
 * then the calibrated parameters by replicate r's posterior draw, if any. */
void rs_params_draw(rs_params *p, uint32_t replicate);
/* Record key k as uncertain (replacing an earlier entry); -1 if the table is full. */
int rs_params_set_uncertain(rs_params *p, const rs_uncertain *u);
/* Forget that key k was uncertain (a plain value overrides a distribution). */
void rs_params_clear_uncertain(rs_params *p, uint32_t key);


/* ---- schema: key name ↔ field, for the config loader and provenance ---- */
typedef enum { RS_KEY_DOUBLE, RS_KEY_INT, RS_KEY_U64, RS_KEY_BOOL } rs_key_type;

/* Whether a key is a service's effect on an outcome, and its "no effect"
 * value: a hazard/odds ratio (1) or a probability of a changed outcome (0).
 * Costs, capacity and engagement are not effects. */
typedef enum { RS_EFFECT_NONE, RS_EFFECT_RATIO, RS_EFFECT_PROBABILITY } rs_effect_kind;

typedef struct {
    const char *path;  /* dotted key, e.g. "court.remand_probability" */
    rs_key_type type;
    double min, max;   /* inclusive range */
    size_t offset;     /* into rs_params */
    const char *group; /* non-NULL: entries sharing it must sum to 1 */
    rs_effect_kind effect; /* service effect keys (services.*): see rs_params_null_effects */
} rs_key;

/* Number of keys, and key i (0 <= i < count). Built once, immutable. */
size_t rs_params_key_count(void);
const rs_key *rs_params_key(size_t i);
const rs_key *rs_params_key_find(const char *path);

/* Services by id: config name ("dip", "triborough", "gto") and common part. */
const char *rs_service_name(rs_service_id id);
int rs_service_from_name(const char *name); /* -1 if unknown */
rs_service_common *rs_params_service(rs_params *p, rs_service_id id);
const rs_service_common *rs_params_service_const(const rs_params *p, rs_service_id id);

/* Budgets that buy nothing: writes one line per (service line, year) in which
 * an enabled service's money does not pay for a single worker or tag, and
 * returns how many. `years`: simulated years to check. */
int rs_params_capacity_notes(const rs_params *p, int years, char *out, size_t len);

/* The keys a failed check on k involves (its share group, or keys checked
 * against each other, e.g. start_day and end_day); k itself if none. */
size_t rs_params_related(const rs_key *k, const rs_key **out, size_t max);

/* Read/write a key's value as double (ints and bools converted). */
double rs_params_get(const rs_params *p, const rs_key *k);
void rs_params_set(rs_params *p, const rs_key *k, double value);

/* Check ranges, sums and relations. On error the message starts with the key
 * and *bad_key (if non-NULL) points at it, so config.c can add file:line. */
int rs_params_validate(const rs_params *p, const rs_key **bad_key, rs_error *err);

#endif
