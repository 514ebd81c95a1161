/* reoffsim — drug treatment reached without the local services. DIP funds
 * the criminal-justice referral, not the treatment [000 §5.12], and
 * open-access treatment continues when DIP's contracts end [000 §5.14]: so
 * in every scenario, including one without DIP, some Class A users arrested
 * enter the same treatment by community routes (self-referral, GP,
 * open-access services). They are drawn first at each arrest; DIP's test
 * and referral then reach only users not already in treatment, so DIP's
 * effect is what it adds to these routes, not all treatment. */
#include "sampling.h"
#include "unit.h"

void rs_community_treatment_on_arrest(rs_unit *u, uint32_t i, double t, uint32_t case_number)
{
    const rs_params *p = u->p;
    if (!(p->treatment.community_share > 0.0) || !((u->a->hot[i].needs >> RS_NEED_DRUGS_CLASS_A) & 1u)) return;
    if (rs_effect_active(u, i, RS_EFF_DRUG_TREATMENT, t)) return;
    rs_rng_block b = rs_rng_block_at(u->key, i, RS_PURPOSE_COMMUNITY_TREATMENT, case_number, 0);
    if (rs_rng_u01(b.v[0]) >= p->treatment.community_share) return;
    /* The treatment DIP refers to: its hazard ratio and retention. */
    const rs_dip_params *d = &p->services.dip;
    if (rs_effect_start(u, i, t, RS_EFF_DRUG_TREATMENT, d->treatment_hazard_ratio,
                        d->retention_days * rs_sample_exp1(b.v[1])))
        rs_unit_count(u, RS_YEAR_COMMUNITY_TREATMENT_STARTS, t, 1.0);
}
