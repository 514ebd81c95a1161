/* reoffsim — the model's categorical vocabulary: sex, OGRS3 offence
 * categories and bands, disposals, needs, subgroups, per-year totals, and
 * their canonical names (used in configs, HDF5 and reports). */
#ifndef REOFFSIM_TYPES_H
#define REOFFSIM_TYPES_H

typedef enum { RS_MALE = 0, RS_FEMALE = 1 } rs_sex;

/* OGRS3 offence categories, in MODEL.md §2 order. */
typedef enum {
    RS_OFF_VIOLENCE,
    RS_OFF_SEXUAL_CHILD,
    RS_OFF_SEXUAL_OTHER,
    RS_OFF_SOLICITING,
    RS_OFF_BURGLARY_DOMESTIC,
    RS_OFF_BURGLARY_OTHER,
    RS_OFF_ROBBERY,
    RS_OFF_VEHICLE_THEFT,
    RS_OFF_THEFT_FROM_VEHICLE,
    RS_OFF_THEFT,
    RS_OFF_HANDLING,
    RS_OFF_FRAUD,
    RS_OFF_CRIMINAL_DAMAGE,
    RS_OFF_PUBLIC_ORDER,
    RS_OFF_DRUG_SUPPLY,
    RS_OFF_DRUG_POSSESSION,
    RS_OFF_ABSCONDING,
    RS_OFF_MOTORING,
    RS_OFF_DRINK_DRIVING,
    RS_OFF_OTHER,
    RS_N_OFFENCES
} rs_offence;

/* Disposals (sentences and out-of-court outcomes). */
typedef enum {
    RS_DISP_CAUTION,
    RS_DISP_FINE,
    RS_DISP_COMMUNITY_ORDER,
    RS_DISP_SUSPENDED,
    RS_DISP_CUSTODY_SHORT, /* custody < 12 months: short-sentenced prisoner */
    RS_DISP_CUSTODY_LONG,  /* custody >= 12 months: released on licence */
    RS_N_DISPOSALS
} rs_disposal;

/* Court sentences are the disposals from FINE on. */
#define RS_N_SENTENCES (RS_N_DISPOSALS - RS_DISP_FINE)

/* Criminogenic needs on the NOMS pathways (drugs split Class A / other). */
typedef enum {
    RS_NEED_ACCOMMODATION,
    RS_NEED_ETE,
    RS_NEED_HEALTH,
    RS_NEED_DRUGS_CLASS_A,
    RS_NEED_DRUGS_OTHER,
    RS_NEED_ALCOHOL,
    RS_NEED_FINANCE,
    RS_NEED_FAMILY,
    RS_NEED_ATTITUDES,
    RS_N_NEEDS
} rs_need;

typedef enum { RS_BAND_LOW, RS_BAND_MEDIUM, RS_BAND_HIGH, RS_BAND_VERY_HIGH, RS_N_BANDS } rs_band;

/* Age bands of the population generator (OGRS3's adult bands). */
typedef enum {
    RS_AGE_18_20,
    RS_AGE_21_24,
    RS_AGE_25_29,
    RS_AGE_30_34,
    RS_AGE_35_39,
    RS_AGE_40_49,
    RS_AGE_50_PLUS,
    RS_N_AGE_BANDS
} rs_age_band;

/* MoJ's index offence groups (the proven reoffending tables' breakdown by
 * index offence), each a set of OGRS3 categories (rs_offence_index_group). */
typedef enum {
    RS_IOG_VIOLENCE,
    RS_IOG_SEXUAL,
    RS_IOG_ROBBERY,
    RS_IOG_BURGLARY,
    RS_IOG_THEFT,
    RS_IOG_FRAUD,
    RS_IOG_CRIMINAL_DAMAGE,
    RS_IOG_DRUG,
    RS_IOG_PUBLIC_ORDER,
    RS_IOG_MISCELLANEOUS,
    RS_IOG_SUMMARY_NON_MOTORING,
    RS_IOG_SUMMARY_MOTORING,
    RS_IOG_OTHER,
    RS_N_INDEX_GROUPS
} rs_index_group;

/* Reporting subgroups of the MoJ proven-reoffending cohort. */
typedef enum {
    RS_GROUP_ALL,
    RS_GROUP_CAUTION,
    RS_GROUP_FINE,
    RS_GROUP_COMMUNITY_ORDER,
    RS_GROUP_SUSPENDED,
    RS_GROUP_CUSTODY_SHORT,
    RS_GROUP_CUSTODY_LONG,
    RS_GROUP_BAND_LOW,
    RS_GROUP_BAND_MEDIUM,
    RS_GROUP_BAND_HIGH,
    RS_GROUP_BAND_VERY_HIGH,
    RS_GROUP_GTO_ELIGIBLE,
    RS_GROUP_AGE_18_25,
    RS_GROUP_FEMALE,
    RS_GROUP_MALE,
    RS_GROUP_PPO,
    /* MoJ's standard breakdowns: previous offences (sanctions before the
     * index one) and age band at cohort start. */
    RS_GROUP_PREVIOUS_0,
    RS_GROUP_PREVIOUS_1_2,
    RS_GROUP_PREVIOUS_3_6,
    RS_GROUP_PREVIOUS_7_10,
    RS_GROUP_PREVIOUS_11_PLUS,
    RS_GROUP_AGE_BAND_FIRST, /* then one per rs_age_band, in its order */
    RS_GROUP_INDEX_FIRST = RS_GROUP_AGE_BAND_FIRST + RS_N_AGE_BANDS, /* then one per rs_index_group */
    RS_N_GROUPS = RS_GROUP_INDEX_FIRST + RS_N_INDEX_GROUPS
} rs_group;

/* Totals counted per simulated year. */
typedef enum {
    RS_YEAR_OFFENCES,
    RS_YEAR_PROVEN_OFFENCES,
    RS_YEAR_ARRESTS,
    RS_YEAR_CAUTIONS,
    RS_YEAR_COURT_CASES,
    RS_YEAR_CUSTODY_SENTENCES,
    RS_YEAR_PRISON_DAYS,
    RS_YEAR_REMAND_DAYS,
    RS_YEAR_RECALLS,
    RS_YEAR_ORDERS,          /* community and suspended orders started */
    RS_YEAR_OFFENCE_HARM,    /* GBP: costs of offences to communities and the economy */
    RS_YEAR_HEARINGS_LISTED, /* court hearings listed at charge */
    RS_YEAR_CHARGE_TO_HEARING_DAYS, /* their charge-to-sentence delays, summed (year of charge) */
    /* Service activity (MODEL.md §5). */
    RS_YEAR_DIP_TESTS,
    RS_YEAR_DIP_POSITIVE,
    RS_YEAR_DIP_ASSESSED,
    RS_YEAR_DIP_MISSED_ASSESSMENTS,
    RS_YEAR_DIP_TREATMENT_STARTS,
    RS_YEAR_DIP_TURNED_AWAY,
    RS_YEAR_TRI_SCREENED,
    RS_YEAR_TRI_NEEDS_IDENTIFIED,
    RS_YEAR_TRI_TREATMENT_STARTS,
    RS_YEAR_TRI_SCREEN_TURNED_AWAY,
    RS_YEAR_TRI_SSP_ELIGIBLE,
    RS_YEAR_TRI_KEYWORKER_STARTS,
    RS_YEAR_TRI_MET_AT_GATE,
    RS_YEAR_TRI_WAITLIST_JOINS,
    RS_YEAR_TRI_WAIT_DAYS,
    RS_YEAR_TRI_GAVE_UP_WAITING,
    RS_YEAR_TRI_DROPOUTS,
    RS_YEAR_TRI_NEEDS_MET,
    RS_YEAR_TRI_KEYWORKER_CAPACITY,
    RS_YEAR_GTO_ELIGIBLE_RELEASES,
    RS_YEAR_GTO_TAGGED,
    RS_YEAR_GTO_TAG_TURNED_AWAY,
    RS_YEAR_GTO_FAST_COURT,
    RS_YEAR_GTO_IOM_STARTS,
    RS_YEAR_GTO_YOUNG_STARTS,
    RS_YEAR_GTO_WOMEN_STARTS,
    RS_YEAR_GTO_TURNED_AWAY,
    RS_YEAR_SPEND_DIP,
    RS_YEAR_SPEND_TRIBOROUGH,
    RS_YEAR_SPEND_GTO,
    RS_YEAR_SERVICE_COST,    /* GBP: service budgets for the cohort, pro rata to days active */
    RS_YEAR_EFFECTS_CROWDED_OUT,
    RS_YEAR_COMMUNITY_TREATMENT_STARTS, /* drug treatment reached by community routes at an arrest */
    RS_YEAR_NEEDS_RECURRED,  /* needs met since cohort entry that recurred after custody */ /* effects not started: the agent had RS_EFFECT_SLOTS in force */
    RS_N_YEAR_TOTALS
} rs_year_total;

const char *rs_offence_name(rs_offence o);
const char *rs_disposal_name(rs_disposal d);
const char *rs_need_name(rs_need n);
const char *rs_band_name(rs_band b);
const char *rs_age_band_name(rs_age_band a);
const char *rs_group_name(rs_group g);
const char *rs_year_total_name(rs_year_total t);
const char *rs_year_total_units(rs_year_total t);

/* Look a name up; returns the index or -1. */
int rs_offence_from_name(const char *name);

/* MoJ index offence group of an OGRS3 offence category. */
rs_index_group rs_offence_index_group(rs_offence o);

/* True for acquisitive offences (DIP trigger offences with Class A use). */
int rs_offence_is_acquisitive(rs_offence o);

#endif
