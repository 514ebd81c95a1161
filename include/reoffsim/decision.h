/* reoffsim — the commissioner's decision across all options (MODEL.md §8
 * "Decisions"; docs/uncertainty.md): every scenario ranked by expected net
 * monetary benefit (NPV against the reference) and by offences averted;
 * dominance and ICERs on the cost / offences-averted plane; acceptability
 * curves over a willingness to pay per offence averted; EVPI and EVPPI per
 * parameter group; fiscal (cashable CJS) and economic (harm to communities)
 * benefits apart; the null-effect structural scenario and the break-even
 * effect when they were run. All money is GBP for the whole area over the
 * appraisal, discounted as in economics.h. */
#ifndef REOFFSIM_DECISION_H
/* EVPPI of p parameters needs at least 2p + this many replicates (else NaN:
 * not estimable); below RS_DECISION_EVPPI_FEW it is printed with a warning
 * that the regression estimate is biased upward. */
#define RS_DECISION_EVPPI_MIN_EXTRA 10
#define RS_DECISION_EVPPI_FEW 500
#define REOFFSIM_DECISION_H

#include <stdint.h>
#include <stdio.h>

#include "reoffsim/config.h"
#include "reoffsim/economics.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/stats.h"
#include "reoffsim/voi.h"

#define RS_DECISION_WTP_STEP 1000.0  /* CEAC grid, GBP per offence averted */
#define RS_DECISION_WTP_MAX 50000.0
#define RS_DECISION_MAX_GROUPS 32
#define RS_DECISION_GROUP_NAME 64

/* A parameter group for EVPPI: uncertain keys sharing a name prefix. */
typedef struct {
    char name[RS_DECISION_GROUP_NAME];
    int n_keys;
    uint32_t key[RS_MAX_UNCERTAIN];
    double evppi; /* GBP */
} rs_decision_group;

/* The null-effect scenario (every service effect at "no effect"). */
typedef struct {
    int done;
    double *npv, *offences_averted, *offences, *incremental_cost; /* [scenario], mean over replicates */
} rs_decision_null;

/* Break-even effect scale of the primary scenario (break_even.c). */
typedef struct {
    int done, found, replicates, evaluations;
    double theta;             /* effect scale at which mean NPV = 0 (NaN if not found) */
    double npv_at_zero, npv_at_one; /* mean NPV at no effect and at the modelled effect, GBP */
    double mcse_at_one;       /* Monte Carlo standard error of npv_at_one */
    int rival;                /* the option whose NPV the primary must reach: the best other option by
                                 expected NMB (the reference when no other option beats it) */
    double rival_npv;         /* its mean NPV vs the reference in the same short runs (0 for the reference) */
    char note[320];           /* what was found, in words */
} rs_break_even;

typedef struct {
    int n_scenarios, n_replicates, reference;
    /* [scenario] summaries over replicates, GBP or offences */
    rs_summary *nmb, *npv_fiscal, *benefit_economic, *cost, *averted, *proven_averted;
    int *rank_nmb, *rank_averted;  /* 1 = best */
    rs_dominance *status, *status_proven;
    double *icer, *icer_proven;    /* GBP per (proven) offence averted, frontier only */
    rs_vs_reference *vs_ref;
    double *vs_ref_ratio;          /* |d cost / d offences| where meaningful */
    double *p_best;                /* at the default valuation (NB = NPV) */
    int n_wtp;
    double *wtp, *ceac, *evpi_wtp; /* [w], [w][scenario], [w] */
    double evpi;                   /* GBP, NB = NPV */
    int n_groups;
    rs_decision_group groups[RS_DECISION_MAX_GROUPS];
    double evppi_all;              /* all uncertain parameters together */
    rs_decision_null null;
    rs_break_even break_even;
} rs_decision;

/* Everything from the run's economics. Caller frees with rs_decision_free. */
/* Scenarios that are options to choose between (the decision's first n;
 * the points of a sweep over an effect size are left out). */
int rs_decision_options(const rs_config *cfg, int n_scenarios);

int rs_decision_compute(const rs_config *cfg, const rs_ensemble *e, const rs_economics *x, int point_estimates,
                        rs_decision *out, rs_error *err);
void rs_decision_free(rs_decision *d);

/* The group an uncertain key belongs to for EVPPI: "services.<svc>.effects",
 * "services.<svc>.costs" (money and capacity), "economics.unit_costs", or its
 * first two name parts. */
void rs_decision_group_of(const char *path, char *out, size_t n);

/* Replicate r's drawn values of the given keys (as the ensemble drew them). */
void rs_decision_draws(const rs_config *cfg, const rs_ensemble *e, int n_keys, const uint32_t *keys, double *x);

/* Set every service effect of p to no effect (schema flag rs_key.effect:
 * ratios 1, effect probabilities 0) and drop their distributions; costs,
 * budgets, capacity and engagement are kept. Returns how many keys were set. */
int rs_params_null_effects(rs_params *p);

/* Scale the effects of the services the primary scenario adds to the
 * reference by theta: ratio -> ratio^theta, probability -> min(1, theta p);
 * theta = 0 is no effect, 1 the modelled effect. */
void rs_params_scale_effects(rs_params *p, const rs_params *reference, double theta);

/* Rerun every scenario with no service effects (same seeds and draws) and
 * fill d->null. */
int rs_decision_null_run(const rs_config *cfg, const rs_ensemble_options *opt, rs_decision *d, rs_error *err);

/* Bisection on theta for mean NPV(primary) = mean NPV(rival) (both vs the
 * reference; rival = reference: NPV 0), `replicates` per evaluation,
 * parameters at their point values. */
int rs_break_even_run(const rs_config *cfg, const rs_ensemble_options *opt, int replicates, int rival,
                      rs_break_even *out, rs_error *err);

/* The break-even rival for d: the option other than the primary with the
 * highest expected NMB, or the reference if none beats it. */
int rs_break_even_rival(const rs_config *cfg, const rs_decision *d);

/* Terminal "Decision" section, and the /decision group (extra hook of rs_run_info). */
void rs_decision_print(FILE *f, const rs_config *cfg, const rs_decision *d);
int rs_decision_write_hdf5(int64_t file, const rs_config *cfg, const rs_decision *d);

/* rs_run_info.extra for a whole run (run and merge alike): ctx is an
 * rs_decision_extra. */
typedef struct {
    const rs_config *cfg;
    const rs_decision *dec;
} rs_decision_extra;
int rs_decision_write_extra(int64_t file, void *ctx);

#endif
