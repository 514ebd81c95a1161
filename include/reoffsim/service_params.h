/* reoffsim — parameters of the service models (MODEL.md §5): the Drug
 * Interventions Programme, the Tri-borough reducing-reoffending service and
 * the Gripping the Offender enhancements. Budgets are £k per financial year
 * of the simulation (year 1 = the cohort year); money sets capacity. */
#ifndef REOFFSIM_SERVICE_PARAMS_H
#define REOFFSIM_SERVICE_PARAMS_H

#define RS_BUDGET_YEARS 5 /* years 6+ reuse year 5's budget */

/* What every service has: when it runs, what it costs, whom it is funded for. */
typedef struct {
    int enabled;                      /* set by a scenario's `services:` list */
    double start_day, end_day;        /* active in [start_day, end_day) */
    double budget_k[RS_BUDGET_YEARS]; /* £k per year, before any cut */
    double budget_cut;                /* fraction of the budget removed (0.12, 0.30 ...) */
    double funded_offenders;          /* real offenders per year the budget serves ... */
} rs_service_common;

typedef struct {
    rs_service_common c;               /* funded_offenders: area adult cohort per year */
    double cost_per_test;              /* £ */
    double cost_per_assessment;        /* £ */
    double cost_per_referral;          /* £ case management per treatment referral */
    double test_sensitivity;           /* P(positive | opiate/crack user) */
    double attend_assessment;          /* P(attends the required assessment) */
    double treatment_uptake;           /* P(enters treatment | assessed) */
    double retention_days;             /* mean days retained in treatment */
    double treatment_hazard_ratio;     /* offending hazard while retained */
    double missed_assessment_detection;/* P(non-attendance is prosecuted as an offence) */
} rs_dip_params;

typedef struct {
    rs_service_common c;               /* funded_offenders: area adult cohort per year */
    double custody_share;              /* budget shares: custody screening team ... */
    double keyworker_share;            /* ... male SSP key workers ... */
    double women_share;                /* ... women's service ... */
    double fund_share;                 /* ... discretionary fund (rest: management) */
    double cost_per_screen;            /* £ per arrestee screened and escorted */
    double screen_acceptance;          /* P(accepts voluntary screening) */
    double screen_sensitivity;         /* P(need identified | present) */
    double referral_uptake;            /* P(engages with referral, escorted) */
    double treatment_days;             /* mean days engaged in the intervention */
    double treatment_hazard_ratio;     /* offending hazard while engaged */
    double keyworker_cost;             /* £ per key worker per year */
    double keyworker_caseload;         /* clients per key worker */
    double women_keyworker_cost;       /* £ per women's-service worker per year */
    double women_caseload;             /* clients per women's-service worker */
    double max_wait_days;              /* waiting list: give up after this */
    double meet_at_gate;               /* P(met at the gate on release) */
    double intensive_days;             /* the critical first days after release */
    double intensive_hazard_ratio;     /* hazard while in intensive support */
    double support_days;               /* ongoing support after the intensive phase */
    double support_hazard_ratio;       /* hazard while in ongoing support */
    double dropout_rate;               /* drop-outs per client-year */
    double accommodation_resolved;     /* P(accommodation need met | supported) */
    double ete_resolved;               /* P(ETE need met | supported) */
    double finance_resolved;           /* P(finance need met | supported) */
    double fund_per_client;            /* £ of discretionary fund per client */
    double fund_accommodation_boost;   /* extra P(accommodation met) when funded */
} rs_triborough_params;

typedef struct {
    rs_service_common c;               /* budget_k: total of the strands below;
                                          funded_offenders: pilot cohort (GTO-eligible) */
    double policing_share, courts_share, management_share, pathways_share; /* of budget */
    double tag_cost_per_year;          /* £ per GPS tag-year */
    double tag_days;                   /* days tagged after release / community sentence */
    double tag_detection_ratio;        /* odds multiplier on detection while tagged */
    double tag_arrest_delay_ratio;     /* arrest delay multiplier while tagged */
    double tag_hazard_ratio;           /* deterrence while tagged */
    double enforcement_detection_ratio;/* basic uplift: heightened enforcement, all GTO */
    double court_delay_ratio;          /* enhanced on-the-day reports, all GTO */
    double court_custody_ratio;        /* problem-solving court: odds of short custody */
    double iom_cost_per_client;        /* £ IOM coordination through the gate */
    double iom_hazard_ratio;           /* after release, while coordinated */
    double iom_days;                   /* days of coordinated support after release */
    double young_cost_per_client;      /* £ bespoke 18-25 intervention */
    double young_hazard_ratio;         /* mentoring d ~ 0.21 [lit] */
    double young_days;                 /* length of the 18-25 intervention */
    double women_budget_per_client;    /* £ personalised budget */
    double women_hazard_ratio;         /* hazard during the women's intervention */
    double women_days;                 /* length of the women's intervention */
} rs_gto_params;

typedef struct {
    rs_dip_params dip;
    rs_triborough_params triborough;
    rs_gto_params gto;
} rs_services_params;

typedef enum { RS_SVC_DIP, RS_SVC_TRIBOROUGH, RS_SVC_GTO, RS_N_SERVICES } rs_service_id;

#endif
