/* reoffsim — the Drug Interventions Programme [000, 001, 004]: drug test on
 * arrest for trigger offences, required assessment for opiate/crack
 * positives (missing it is itself an offence), referral to treatment, and a
 * lower offending hazard while retained. DIP funds referral, not treatment. */
#include <math.h>

#include "../sampling.h"
#include "../unit.h"
#include "services.h"

static const rs_dip_params *params(const rs_unit *u) { return &u->p->services.dip; }

static void begin(rs_unit *u)
{
    const rs_dip_params *d = params(u);
    u->svc->scale[RS_SVC_DIP] = u->a->n / d->c.funded_offenders;
    rs_pot_init(&u->svc->dip, &d->c, 1.0, u->svc->scale[RS_SVC_DIP]);
}

/* Acquisitive and drug offences trigger a test in police custody. */
static int trigger_offence(rs_offence o)
{
    return rs_offence_is_acquisitive(o) || o == RS_OFF_DRUG_POSSESSION || o == RS_OFF_DRUG_SUPPLY;
}

/* Spend from the pot and book the spend; count a turn-away if unaffordable. */
static int pay(rs_unit *u, double t, double amount)
{
    if (!rs_pot_spend(&u->svc->dip, t, amount)) {
        rs_unit_count(u, RS_YEAR_DIP_TURNED_AWAY, t, 1.0);
        return 0;
    }
    rs_unit_count(u, RS_YEAR_SPEND_DIP, t, amount);
    return 1;
}

static void missed_assessment(rs_unit *u, uint32_t i, double t, uint32_t word)
{
    rs_unit_count(u, RS_YEAR_DIP_MISSED_ASSESSMENTS, t, 1.0);
    if (rs_rng_u01(word) < params(u)->missed_assessment_detection) {
        /* Failing to attend is an offence, known to police: arrested ~a week later. */
        rs_unit_count(u, RS_YEAR_OFFENCES, t, 1.0);
        rs_unit_count(u, RS_YEAR_OFFENCE_HARM, t, u->p->economics.harm[RS_OFF_OTHER]);
        rs_offending_detected(u, i, t, 7.0);
        rs_flags_put(&u->a->record[i].svc_flags, RS_SVC_FLAG_DIP_NO_RETEST, 1);
    }
}

static void start_treatment(rs_unit *u, uint32_t i, double t, uint32_t word)
{
    const rs_dip_params *d = params(u);
    if (rs_effect_active(u, i, RS_EFF_DRUG_TREATMENT, t) || !pay(u, t, d->cost_per_referral)) return;
    rs_unit_count(u, RS_YEAR_DIP_TREATMENT_STARTS, t, 1.0);
    rs_effect_start(u, i, t, RS_EFF_DRUG_TREATMENT, d->treatment_hazard_ratio,
                    d->retention_days * rs_sample_exp1(word));
}

static void on_arrest(rs_unit *u, uint32_t i, double t)
{
    const rs_dip_params *d = params(u);
    rs_agents *a = u->a;
    if (a->record[i].svc_flags & RS_SVC_FLAG_DIP_NO_RETEST) { /* the arrest its own failure caused */
        rs_flags_put(&a->record[i].svc_flags, RS_SVC_FLAG_DIP_NO_RETEST, 0);
        return;
    }
    if (!trigger_offence((rs_offence)a->hot[i].offence) || !pay(u, t, d->cost_per_test)) return;
    rs_unit_count(u, RS_YEAR_DIP_TESTS, t, 1.0);
    rs_rng_block b = rs_service_draw(u, i, RS_OCC_ARREST(a->hot[i].n_cases), 0);
    int opiate_user = (a->hot[i].needs >> RS_NEED_DRUGS_CLASS_A) & 1u;
    if (!opiate_user || rs_rng_u01(b.v[0]) >= d->test_sensitivity) return;
    rs_unit_count(u, RS_YEAR_DIP_POSITIVE, t, 1.0);
    rs_rng_block c = rs_service_draw(u, i, RS_OCC_ARREST(a->hot[i].n_cases), 1);
    if (rs_rng_u01(b.v[1]) >= d->attend_assessment) {
        missed_assessment(u, i, t, c.v[0]);
        return;
    }
    if (!pay(u, t, d->cost_per_assessment)) return;
    rs_unit_count(u, RS_YEAR_DIP_ASSESSED, t, 1.0);
    if (rs_rng_u01(b.v[2]) < d->treatment_uptake) start_treatment(u, i, t, b.v[3]);
}

const rs_service rs_service_dip = {
    .id = RS_SVC_DIP,
    .begin = begin,
    .on_arrest = on_arrest,
};
