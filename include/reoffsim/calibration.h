/* reoffsim — calibration to published statistics (MODEL.md §7): a spec of
 * targets (with tolerance, weight and source) and free parameters (with
 * bounds); evaluation of the targets on a run with fixed replicates (common
 * random numbers, so the objective is smooth in the parameters); a fit with
 * NLopt; and the config rewritten with the fitted values. */
#ifndef REOFFSIM_CALIBRATION_H
#define REOFFSIM_CALIBRATION_H

#include <stdint.h>

#include "reoffsim/config.h"
#include "reoffsim/ensemble.h"

#define RS_MAX_TARGETS 32
#define RS_MAX_FREE 16

typedef enum {
    RS_TGT_RATE,           /* proven reoffending rate of the pooled groups */
    RS_TGT_PER_REOFFENDER, /* proven reoffences per reoffender */
    RS_TGT_PREDICTED_P2,   /* mean OGRS3 two-year probability (a property of the population) */
    RS_TGT_OGRS3_GAP,      /* simulated rate minus mean OGRS3 one-year probability */
    RS_TGT_COURT_DELAY,    /* mean days from charge to sentence of the hearings listed (all offenders) */
    RS_N_TARGET_KINDS
} rs_target_kind;

typedef struct {
    char name[64];
    rs_target_kind kind;
    uint64_t groups;   /* bit g: rs_group g pooled */
    double value;      /* published */
    double tolerance;  /* accepted |simulated - published| */
    double weight;     /* in the objective; 0 = reported only */
    int check;         /* asserted by check-targets */
    char source[192];  /* where the value comes from, and why the tolerance */
} rs_target;

typedef struct {
    uint32_t key;      /* schema index */
    double lower, upper;
} rs_free_param;

/* Bayesian calibration by ABC-SMC (`calibrate --posterior`; the spec's abc: section). */
typedef struct {
    int particles;         /* posterior draws */
    int max_generations;   /* after the prior sample */
    int predictive_draws;  /* posterior predictive simulations (fresh random numbers) */
    double alpha;          /* each tolerance keeps this fraction of the effective sample size */
    double epsilon;        /* final tolerance: weighted RMS of (simulated - published) / tolerance */
    double min_acceptance; /* stop earlier when the move accepts fewer proposals */
} rs_abc_spec;

typedef struct {
    char path[1024];   /* the spec file */
    char config[1024]; /* the model config it calibrates (resolved against the spec's directory) */
    int replicates, agents, years, max_evaluations, check_replicates;
    int restarts;      /* optimiser runs, each from the previous best (subplex restarts escape stalls) */
    uint64_t seed;
    int n_targets, n_free;
    rs_target targets[RS_MAX_TARGETS];
    rs_free_param free[RS_MAX_FREE];
    rs_abc_spec abc;
} rs_calib_spec;

/* One target's result over replicates. */
typedef struct {
    double mean, lo, hi; /* simulated mean and Monte Carlo 95% interval of the mean */
    double z;            /* (mean - value) / tolerance */
    int within;          /* |mean - value| <= tolerance */
    int in_interval;     /* value inside [lo, hi] */
} rs_target_result;

const char *rs_target_kind_name(rs_target_kind k);

int rs_calib_load(const char *path, rs_calib_spec *spec, rs_error *err);

/* Run params (one scenario) with the spec's replicates/agents/years/seed and
 * score every target; *objective = sum of weight * z^2. */
int rs_calib_evaluate(const rs_calib_spec *spec, const rs_params *p, int replicates,
                      const rs_ensemble_options *opt, rs_target_result *out, double *objective, rs_error *err);

/* Target t's value in one unit's results (NAN when its groups are empty). */
double rs_calib_target_value(const rs_target *t, const rs_unit_result *u);

/* Progress of the fit, called after each evaluation. */
typedef void (*rs_calib_progress_fn)(void *ctx, int evaluation, double objective, const rs_calib_spec *spec,
                                     const rs_target_result *results, const double *x);

typedef struct {
    double x[RS_MAX_FREE];  /* fitted values */
    double x0[RS_MAX_FREE]; /* starting values */
    double objective;
    int evaluations;
    int status;             /* NLopt result code */
} rs_calib_fit_result;

/* Minimise the objective over the free parameters (NLopt, derivative-free
 * subplex within the bounds); p is updated to the fitted values. */
int rs_calib_fit(const rs_calib_spec *spec, rs_params *p, const rs_ensemble_options *opt,
                 rs_calib_progress_fn progress, void *ctx, rs_calib_fit_result *out, rs_error *err);

/* Write spec->config's text with the free parameters' lines replaced by the
 * fitted values, each commented "calibrated: <targets>, <date>, seed <seed>". */
int rs_calib_rewrite(const rs_calib_spec *spec, const rs_params *fitted, const char *date, char **text,
                     rs_error *err);

#endif
