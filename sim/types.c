/* reoffsim — canonical names of the model's categories (types.h). */
#include "reoffsim/types.h"

#include <string.h>

#include "names.h"

#define NAME_ENTRY(id, name) [id] = name,

static const char *const offence_names[RS_N_OFFENCES] = {RS_OFFENCE_LIST(NAME_ENTRY)};
static const char *const disposal_names[RS_N_DISPOSALS] = {RS_DISPOSAL_LIST(NAME_ENTRY)};
static const char *const need_names[RS_N_NEEDS] = {RS_NEED_LIST(NAME_ENTRY)};
static const char *const age_band_names[RS_N_AGE_BANDS] = {RS_AGE_BAND_LIST(NAME_ENTRY)};
static const char *const band_names[RS_N_BANDS] = {"low", "medium", "high", "very_high"};
static const char *const group_names[RS_N_GROUPS] = {
    "all", "caution", "fine", "community_order", "suspended", "custody_short",
    "custody_long", "ogrs3_low", "ogrs3_medium", "ogrs3_high", "ogrs3_very_high",
    "gto_eligible", "age_18_25", "female", "male", "ppo",
    "previous_0", "previous_1_2", "previous_3_6", "previous_7_10", "previous_11_plus",
    "age_18_20", "age_21_24", "age_25_29", "age_30_34", "age_35_39", "age_40_49", "age_50_plus",
    "index_violence", "index_sexual", "index_robbery", "index_burglary", "index_theft", "index_fraud",
    "index_criminal_damage", "index_drug", "index_public_order", "index_miscellaneous",
    "index_summary_non_motoring", "index_summary_motoring", "index_other"};

/* OGRS3 categories to MoJ's index offence groups (proven reoffending tables:
 * violence against the person, sexual, robbery, burglary, theft, fraud,
 * criminal damage and arson, drug, public order, miscellaneous crimes against
 * society, summary non-motoring, summary motoring, other). assumption: the
 * mapping of the categories MoJ splits differently: soliciting -> summary
 * non-motoring, handling -> theft, absconding (bail) -> miscellaneous,
 * drink driving -> summary motoring. */
static const rs_index_group index_group_of[RS_N_OFFENCES] = {
    [RS_OFF_VIOLENCE] = RS_IOG_VIOLENCE,          [RS_OFF_SEXUAL_CHILD] = RS_IOG_SEXUAL,
    [RS_OFF_SEXUAL_OTHER] = RS_IOG_SEXUAL,        [RS_OFF_SOLICITING] = RS_IOG_SUMMARY_NON_MOTORING,
    [RS_OFF_BURGLARY_DOMESTIC] = RS_IOG_BURGLARY, [RS_OFF_BURGLARY_OTHER] = RS_IOG_BURGLARY,
    [RS_OFF_ROBBERY] = RS_IOG_ROBBERY,            [RS_OFF_VEHICLE_THEFT] = RS_IOG_THEFT,
    [RS_OFF_THEFT_FROM_VEHICLE] = RS_IOG_THEFT,   [RS_OFF_THEFT] = RS_IOG_THEFT,
    [RS_OFF_HANDLING] = RS_IOG_THEFT,             [RS_OFF_FRAUD] = RS_IOG_FRAUD,
    [RS_OFF_CRIMINAL_DAMAGE] = RS_IOG_CRIMINAL_DAMAGE, [RS_OFF_PUBLIC_ORDER] = RS_IOG_PUBLIC_ORDER,
    [RS_OFF_DRUG_SUPPLY] = RS_IOG_DRUG,           [RS_OFF_DRUG_POSSESSION] = RS_IOG_DRUG,
    [RS_OFF_ABSCONDING] = RS_IOG_MISCELLANEOUS,   [RS_OFF_MOTORING] = RS_IOG_SUMMARY_MOTORING,
    [RS_OFF_DRINK_DRIVING] = RS_IOG_SUMMARY_MOTORING, [RS_OFF_OTHER] = RS_IOG_OTHER,
};

rs_index_group rs_offence_index_group(rs_offence o)
{
    return (o >= 0 && o < RS_N_OFFENCES) ? index_group_of[o] : RS_IOG_OTHER;
}
static const char *const year_total_names[RS_N_YEAR_TOTALS] = {
    "offences", "proven_offences", "arrests", "cautions", "court_cases",
    "custody_sentences", "prison_days", "remand_days", "recalls", "orders", "offence_harm",
    "hearings_listed", "charge_to_hearing_days",
    "dip_tests", "dip_positive_tests", "dip_assessments", "dip_missed_assessments",
    "dip_treatment_starts", "dip_turned_away",
    "tri_screened", "tri_needs_identified", "tri_treatment_starts", "tri_screen_turned_away",
    "tri_ssp_eligible", "tri_keyworker_starts", "tri_met_at_gate", "tri_waitlist_joins",
    "tri_wait_days", "tri_gave_up_waiting", "tri_dropouts", "tri_needs_met",
    "tri_keyworker_capacity",
    "gto_eligible_releases", "gto_tagged", "gto_tag_turned_away", "gto_fast_court",
    "gto_iom_starts", "gto_young_starts", "gto_women_starts", "gto_turned_away",
    "spend_dip", "spend_triborough", "spend_gto", "service_cost", "effects_crowded_out",
    "community_treatment_starts", "needs_recurred"};
static const char *const year_total_units[RS_N_YEAR_TOTALS] = {
    "offences", "offences", "arrests", "cautions", "cases",
    "sentences", "days", "days", "recalls", "orders", "GBP",
    "hearings", "days",
    "tests", "tests", "assessments", "assessments", "clients", "arrestees",
    "arrestees", "arrestees", "clients", "arrestees",
    "releases", "clients", "clients", "clients",
    "client-days", "clients", "clients", "needs",
    "client slots",
    "releases", "clients", "clients", "cases",
    "clients", "clients", "clients", "clients",
    "GBP", "GBP", "GBP", "GBP", "effects", "clients", "needs"};

static const char *pick(const char *const *names, int n, int i)
{
    return (i >= 0 && i < n) ? names[i] : "?";
}

const char *rs_offence_name(rs_offence o) { return pick(offence_names, RS_N_OFFENCES, (int)o); }
const char *rs_disposal_name(rs_disposal d) { return pick(disposal_names, RS_N_DISPOSALS, (int)d); }
const char *rs_need_name(rs_need n) { return pick(need_names, RS_N_NEEDS, (int)n); }
const char *rs_band_name(rs_band b) { return pick(band_names, RS_N_BANDS, (int)b); }
const char *rs_age_band_name(rs_age_band a) { return pick(age_band_names, RS_N_AGE_BANDS, (int)a); }
const char *rs_group_name(rs_group g) { return pick(group_names, RS_N_GROUPS, (int)g); }
const char *rs_year_total_name(rs_year_total t) { return pick(year_total_names, RS_N_YEAR_TOTALS, (int)t); }
const char *rs_year_total_units(rs_year_total t) { return pick(year_total_units, RS_N_YEAR_TOTALS, (int)t); }

int rs_offence_from_name(const char *name)
{
    for (int i = 0; i < RS_N_OFFENCES; i++)
        if (strcmp(name, offence_names[i]) == 0) return i;
    return -1;
}

int rs_offence_is_acquisitive(rs_offence o)
{
    switch (o) {
    case RS_OFF_BURGLARY_DOMESTIC:
    case RS_OFF_BURGLARY_OTHER:
    case RS_OFF_ROBBERY:
    case RS_OFF_VEHICLE_THEFT:
    case RS_OFF_THEFT_FROM_VEHICLE:
    case RS_OFF_THEFT:
    case RS_OFF_HANDLING:
    case RS_OFF_FRAUD:
        return 1;
    default:
        return 0;
    }
}
