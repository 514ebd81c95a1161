/* reoffsim — the config schema: every key of a config file, its type, range
 * and place in rs_params. One static table; config.c and provenance read it. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "names.h"
#include "reoffsim/params.h"

#define OFF(field) offsetof(rs_params, field)
#define D(path, lo, hi, field) {path, RS_KEY_DOUBLE, lo, hi, OFF(field), NULL, RS_EFFECT_NONE},
#define I(path, lo, hi, field) {path, RS_KEY_INT, lo, hi, OFF(field), NULL, RS_EFFECT_NONE},
#define B(path, field) {path, RS_KEY_BOOL, 0, 1, OFF(field), NULL, RS_EFFECT_NONE},



#define SERVICE_COMMON(svc)                                                                   \
    B("services." #svc ".enabled", services.svc.c.enabled)                                   \
    D("services." #svc ".start_day", 0, 36500, services.svc.c.start_day)                      \
    D("services." #svc ".end_day", 0, 36500, services.svc.c.end_day)                          \
    D("services." #svc ".budget_k.year1", 0, 1e7, services.svc.c.budget_k[0])                 \
    D("services." #svc ".budget_k.year2", 0, 1e7, services.svc.c.budget_k[1])                 \
    D("services." #svc ".budget_k.year3", 0, 1e7, services.svc.c.budget_k[2])                 \
    D("services." #svc ".budget_k.year4", 0, 1e7, services.svc.c.budget_k[3])                 \
    D("services." #svc ".budget_k.year5", 0, 1e7, services.svc.c.budget_k[4])                 \
    D("services." #svc ".budget_cut", 0, 1, services.svc.c.budget_cut)                        \
    D("services." #svc ".funded_offenders", 1, 1e8, services.svc.c.funded_offenders)
#define P01(svc, key) D("services." #svc "." #key, 0, 1, services.svc.key)
/* A service's effect on a mechanism, as a hazard or odds ratio: 1 = no effect (rs_params_null_effects). */
#define RATIO(svc, key) \
    {"services." #svc "." #key, RS_KEY_DOUBLE, 0.01, 100, OFF(services.svc.key), NULL, RS_EFFECT_RATIO},
/* A service's effect as a probability that changes an outcome: 0 = no effect. */
#define EFFECT_P(svc, key) \
    {"services." #svc "." #key, RS_KEY_DOUBLE, 0, 1, OFF(services.svc.key), NULL, RS_EFFECT_PROBABILITY},
#define MONEY(svc, key) D("services." #svc "." #key, 0, 1e9, services.svc.key)
#define DAYS(svc, key) D("services." #svc "." #key, 0, 36500, services.svc.key)

static const rs_key keys[] = {
    I("run.n_agents", 1, 50000000, run.n_agents)
    I("run.replicates", 1, 10000000, run.replicates)
    {"run.seed", RS_KEY_U64, 0, 18446744073709551615.0, OFF(run.seed), NULL, RS_EFFECT_NONE},
    I("run.years", 1, 100, run.years)
    D("run.cohort_period_days", 1, 3650, run.cohort_period_days)
    D("run.followup_days", 1, 3650, run.followup_days)
    D("run.waiting_days", 0, 3650, run.waiting_days)

    D("population.female_share", 0, 1, population.female_share)
#define X(id, name) {"population.age_band_share." name, RS_KEY_DOUBLE, 0, 1, \
                     OFF(population.age_band_share[id]), "population.age_band_share", RS_EFFECT_NONE},
    RS_AGE_BAND_LIST(X)
#undef X
    D("population.max_age", 51, 100, population.max_age)
    D("population.first_sanction_min_age", 10, 18, population.first_sanction_min_age)
    D("population.first_sanction_shape", 0.01, 100, population.first_sanction_shape)
    D("population.sanction_rate_per_year", 0, 50, population.sanction_rate_per_year)
    D("population.sanction_dispersion", 0.01, 1000, population.sanction_dispersion)
    D("population.sanction_factor_loading", -5, 5, population.sanction_factor_loading)
    D("population.max_previous_sanctions", 0, 1000, population.max_previous_sanctions)
#define X(id, name) {"population.offence_share." name, RS_KEY_DOUBLE, 0, 1, \
                     OFF(population.offence_share[id]), "population.offence_share", RS_EFFECT_NONE},
    RS_OFFENCE_LIST(X)
#undef X
    D("population.class_a_acquisitive_ratio", 0.01, 100, population.class_a_acquisitive_ratio)
#define X(id, name) {"population.need_prevalence." name, RS_KEY_DOUBLE, 0, 1, \
                     OFF(population.need_prevalence[id]), NULL, RS_EFFECT_NONE},
    RS_NEED_LIST(X)
#undef X
#define X(id, name) {"population.need_factor_loading." name, RS_KEY_DOUBLE, -0.99, 0.99, \
                     OFF(population.need_factor_loading[id]), NULL, RS_EFFECT_NONE},
    RS_NEED_LIST(X)
#undef X
#define X(id, name) {"population.disposal_share." name, RS_KEY_DOUBLE, 0, 1, \
                     OFF(population.disposal_share[id]), "population.disposal_share", RS_EFFECT_NONE},
    RS_DISPOSAL_LIST(X)
#undef X
#define X(id, name) {"population.disposal_sanction_ratio." name, RS_KEY_DOUBLE, 0.01, 100, \
                     OFF(population.disposal_sanction_ratio[id]), NULL, RS_EFFECT_NONE},
    RS_DISPOSAL_LIST(X)
#undef X
    D("population.ppo_min_p2", 0, 1, population.ppo_min_p2)
    D("population.ppo_min_sanctions", 1, 1000, population.ppo_min_sanctions)

    D("offending.hazard_scale", 0, 1000, offending.hazard_scale)
    D("offending.frailty_variance", 0, 100, offending.frailty_variance)
#define X(id, name) {"offending.need_hazard_ratio." name, RS_KEY_DOUBLE, 0.01, 100, \
                     OFF(offending.need_hazard_ratio[id]), NULL, RS_EFFECT_NONE},
    RS_NEED_LIST(X)
#undef X
    D("offending.repeat_offence_type", 0, 1, offending.repeat_offence_type)
    D("offending.peak_decay_days", 1, 3650, offending.peak_decay_days)
    D("offending.peak_restore_days", 1, 36500, offending.peak_restore_days)
    D("offending.age_gradient", 0, 5, offending.age_gradient)
    B("offending.sanctions_update_risk", offending.sanctions_update_risk)

#define X(id, name) {"detection.probability." name, RS_KEY_DOUBLE, 0, 1, \
                     OFF(detection.probability[id]), NULL, RS_EFFECT_NONE},
    RS_OFFENCE_LIST(X)
#undef X
    D("detection.arrest_delay_days", 0, 3650, detection.arrest_delay_days)
    D("detection.history_slope", -5, 5, detection.history_slope)

    D("police.nfa_probability", 0, 1, police.nfa_probability)
    D("police.caution_first_time", 0, 1, police.caution_first_time)
    D("police.caution_decay", 0, 10, police.caution_decay)

    D("court.delay_first_time_days", 0, 3650, court.delay_first_time_days)
    D("court.delay_per_previous", 0, 10, court.delay_per_previous)
    D("court.delay_max_ratio", 1, 100, court.delay_max_ratio)
    D("court.remand_probability", 0, 1, court.remand_probability)
    D("court.conviction_probability", 0, 1, court.conviction_probability)
#define X(id, name) {"court.sentence_share_first." name, RS_KEY_DOUBLE, 0, 1, \
                     OFF(court.sentence_share_first[id]), "court.sentence_share_first", RS_EFFECT_NONE},
    RS_SENTENCE_LIST(X)
#undef X
#define X(id, name) {"court.sentence_history_slope." name, RS_KEY_DOUBLE, -10, 10, \
                     OFF(court.sentence_history_slope[id]), NULL, RS_EFFECT_NONE},
    RS_SENTENCE_LIST(X)
#undef X
    D("court.serious_long_custody_ratio", 0.01, 100, court.serious_long_custody_ratio)
    D("court.on_order_custody_ratio", 0.01, 100, court.on_order_custody_ratio)
    D("court.short_custody_median_days", 1, 364, court.short_custody_median_days)
    D("court.short_custody_sdlog", 0, 5, court.short_custody_sdlog)
    D("court.long_custody_median_days", 365, 36500, court.long_custody_median_days)
    D("court.long_custody_sdlog", 0, 5, court.long_custody_sdlog)
    D("court.max_custody_days", 365, 36500, court.max_custody_days)
    D("court.order_length_days", 1, 3650, court.order_length_days)

    D("custody.release_fraction", 0.01, 1, custody.release_fraction)
    D("custody.recall_on_charge", 0, 1, custody.recall_on_charge)
    D("custody.technical_breach_rate", 0, 100, custody.technical_breach_rate)
    D("custody.recall_days", 0, 3650, custody.recall_days)
    B("custody.ora_supervision", custody.ora_supervision)
    D("custody.ora_supervision_days", 0, 3650, custody.ora_supervision_days)
#define X(id, name) {"custody.need_relapse." name, RS_KEY_DOUBLE, 0, 1, OFF(custody.need_relapse[id]), NULL, RS_EFFECT_NONE},
    RS_NEED_LIST(X)
#undef X
    D("custody.need_relapse_days", 0.01, 3650, custody.need_relapse_days)

    D("economics.discount_rate", 0, 1, economics.discount_rate)
    D("economics.area_offenders", 1, 1e8, economics.area_offenders)
#define X(id, name) {"economics.harm." name, RS_KEY_DOUBLE, 0, 1e8, OFF(economics.harm[id]), NULL, RS_EFFECT_NONE},
    RS_OFFENCE_LIST(X)
#undef X
    D("economics.cost_arrest", 0, 1e7, economics.cost_arrest)
    D("economics.cost_caution", 0, 1e7, economics.cost_caution)
    D("economics.cost_court_case", 0, 1e7, economics.cost_court_case)
    D("economics.cost_prison_day", 0, 1e6, economics.cost_prison_day)
    D("economics.cost_remand_day", 0, 1e6, economics.cost_remand_day)
    D("economics.cost_order", 0, 1e7, economics.cost_order)
    D("economics.cost_recall", 0, 1e7, economics.cost_recall)

    D("treatment.community_share", 0, 1, treatment.community_share)

    SERVICE_COMMON(dip)
    MONEY(dip, cost_per_test) MONEY(dip, cost_per_assessment) MONEY(dip, cost_per_referral)
    P01(dip, test_sensitivity) P01(dip, attend_assessment) P01(dip, treatment_uptake)
    DAYS(dip, retention_days) RATIO(dip, treatment_hazard_ratio) EFFECT_P(dip, missed_assessment_detection)

    SERVICE_COMMON(triborough)
    P01(triborough, custody_share) P01(triborough, keyworker_share) P01(triborough, women_share)
    P01(triborough, fund_share) MONEY(triborough, cost_per_screen) P01(triborough, screen_acceptance)
    P01(triborough, screen_sensitivity) P01(triborough, referral_uptake) DAYS(triborough, treatment_days)
    RATIO(triborough, treatment_hazard_ratio) MONEY(triborough, keyworker_cost)
    D("services.triborough.keyworker_caseload", 1, 1000, services.triborough.keyworker_caseload)
    MONEY(triborough, women_keyworker_cost)
    D("services.triborough.women_caseload", 1, 1000, services.triborough.women_caseload)
    DAYS(triborough, max_wait_days) P01(triborough, meet_at_gate) DAYS(triborough, intensive_days)
    RATIO(triborough, intensive_hazard_ratio) DAYS(triborough, support_days)
    RATIO(triborough, support_hazard_ratio)
    D("services.triborough.dropout_rate", 0, 100, services.triborough.dropout_rate)
    EFFECT_P(triborough, accommodation_resolved) EFFECT_P(triborough, ete_resolved)
    EFFECT_P(triborough, finance_resolved)
    MONEY(triborough, fund_per_client) EFFECT_P(triborough, fund_accommodation_boost)

    SERVICE_COMMON(gto)
    P01(gto, policing_share) P01(gto, courts_share) P01(gto, management_share) P01(gto, pathways_share)
    MONEY(gto, tag_cost_per_year) DAYS(gto, tag_days) RATIO(gto, tag_detection_ratio)
    RATIO(gto, tag_arrest_delay_ratio) RATIO(gto, tag_hazard_ratio) RATIO(gto, enforcement_detection_ratio)
    RATIO(gto, court_delay_ratio) RATIO(gto, court_custody_ratio) MONEY(gto, iom_cost_per_client)
    RATIO(gto, iom_hazard_ratio) DAYS(gto, iom_days) MONEY(gto, young_cost_per_client)
    RATIO(gto, young_hazard_ratio) DAYS(gto, young_days) MONEY(gto, women_budget_per_client)
    RATIO(gto, women_hazard_ratio) DAYS(gto, women_days)
};


size_t rs_params_key_count(void) { return sizeof keys / sizeof keys[0]; }

const rs_key *rs_params_key(size_t i) { return i < rs_params_key_count() ? &keys[i] : NULL; }

const rs_key *rs_params_key_find(const char *path)
{
    for (size_t i = 0; i < rs_params_key_count(); i++)
        if (strcmp(keys[i].path, path) == 0) return &keys[i];
    return NULL;
}

double rs_params_get(const rs_params *p, const rs_key *k)
{
    const char *base = (const char *)p + k->offset;
    switch (k->type) {
    case RS_KEY_DOUBLE: return *(const double *)base;
    case RS_KEY_INT:
    case RS_KEY_BOOL: return (double)*(const int *)base;
    case RS_KEY_U64: return (double)*(const uint64_t *)base;
    }
    return NAN;
}

void rs_params_set(rs_params *p, const rs_key *k, double value)
{
    char *base = (char *)p + k->offset;
    switch (k->type) {
    case RS_KEY_DOUBLE: *(double *)base = value; break;
    case RS_KEY_INT:
    case RS_KEY_BOOL: *(int *)base = (int)value; break;
    case RS_KEY_U64: *(uint64_t *)base = (uint64_t)value; break;
    }
}

static const char *const service_names[RS_N_SERVICES] = {"dip", "triborough", "gto"};

const char *rs_service_name(rs_service_id id) { return id < RS_N_SERVICES ? service_names[id] : "?"; }

int rs_service_from_name(const char *name)
{
    for (int i = 0; i < RS_N_SERVICES; i++)
        if (strcmp(name, service_names[i]) == 0) return i;
    return -1;
}

const rs_service_common *rs_params_service_const(const rs_params *p, rs_service_id id)
{
    switch (id) {
    case RS_SVC_DIP: return &p->services.dip.c;
    case RS_SVC_TRIBOROUGH: return &p->services.triborough.c;
    case RS_SVC_GTO: return &p->services.gto.c;
    default: return NULL;
    }
}

rs_service_common *rs_params_service(rs_params *p, rs_service_id id)
{
    return (rs_service_common *)rs_params_service_const(p, id);
}
