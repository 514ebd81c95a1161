/* reoffsim — scoring targets on a run and fitting the free parameters with
 * NLopt (calibration.h). Every evaluation uses the same seed and replicates,
 * so differences between parameter sets are paired (common random numbers). */
#include <math.h>
#include <nlopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reoffsim/calibration.h"
#include "reoffsim/stats.h"

/* Year total `what` summed over the unit's years. */
static double over_years(const rs_unit_result *u, rs_year_total what)
{
    double s = 0.0;
    for (int y = 0; y < u->years; y++) s += rs_year_row(u, what)[y];
    return s;
}

/* Pooled value of target t in one unit. */
double rs_calib_target_value(const rs_target *t, const rs_unit_result *u)
{
    if (t->kind == RS_TGT_COURT_DELAY) {
        double listed = over_years(u, RS_YEAR_HEARINGS_LISTED);
        return listed > 0 ? over_years(u, RS_YEAR_CHARGE_TO_HEARING_DAYS) / listed : NAN;
    }
    double cohort = 0, reoffenders = 0, reoffences = 0, p1 = 0, p2 = 0;
    for (int g = 0; g < RS_N_GROUPS; g++) {
        if (!(t->groups >> g & 1u)) continue; /* 64-bit mask */
        cohort += u->cohort[g];
        reoffenders += u->reoffenders[g];
        reoffences += u->reoffences[g];
        p1 += u->ogrs3_p1[g];
        p2 += u->ogrs3_p2[g];
    }
    switch (t->kind) {
    case RS_TGT_RATE: return cohort > 0 ? reoffenders / cohort : NAN;
    case RS_TGT_PER_REOFFENDER: return reoffenders > 0 ? reoffences / reoffenders : NAN;
    case RS_TGT_PREDICTED_P2: return cohort > 0 ? p2 / cohort : NAN;
    case RS_TGT_OGRS3_GAP: return cohort > 0 ? (reoffenders - p1) / cohort : NAN;
    default: return NAN;
    }
}

/* A one-scenario config around p with the spec's run settings. */
static void single(const rs_calib_spec *spec, const rs_params *p, int replicates, rs_scenario *scen, rs_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    memset(scen, 0, sizeof *scen);
    snprintf(scen->name, sizeof scen->name, "calibration");
    scen->params = *p;
    scen->params.run.replicates = replicates;
    scen->params.run.n_agents = spec->agents;
    scen->params.run.years = spec->years;
    scen->params.run.seed = spec->seed;
    cfg->n_scenarios = 1;
    cfg->scenarios = scen;
    cfg->primary = -1;
}

int rs_calib_evaluate(const rs_calib_spec *spec, const rs_params *p, int replicates,
                      const rs_ensemble_options *opt, rs_target_result *out, double *objective, rs_error *err)
{
    rs_scenario scen;
    rs_config cfg;
    single(spec, p, replicates, &scen, &cfg);
    rs_error verr;
    if (rs_params_validate(&scen.params, NULL, &verr))
        return rs_error_set(err, RS_ERR_CONFIG, "calibration run settings: %s", verr.msg);
    rs_ensemble_options point = opt ? *opt : (rs_ensemble_options){.threads = 0};
    point.point_estimates = 1; /* calibrate the central values */
    point.progress = NULL;
    rs_ensemble e;
    int rc = rs_ensemble_run(&cfg, &point, &e, err);
    if (rc) return rc;
    double *x = malloc(sizeof *x * (size_t)replicates);
    if (!x) {
        rs_ensemble_free(&e);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    }
    *objective = 0.0;
    for (int k = 0; k < spec->n_targets; k++) {
        const rs_target *t = &spec->targets[k];
        for (int r = 0; r < replicates; r++) x[r] = rs_calib_target_value(t, rs_ensemble_unit(&e, 0, r));
        rs_summary s = rs_stats_summary(x, (size_t)replicates, 1);
        rs_target_result *o = &out[k];
        o->mean = s.mean;
        o->lo = s.mc_lo;
        o->hi = s.mc_hi;
        o->z = (s.mean - t->value) / t->tolerance;
        o->within = fabs(s.mean - t->value) <= t->tolerance;
        o->in_interval = t->value >= s.mc_lo && t->value <= s.mc_hi;
        *objective += t->weight * (isfinite(o->z) ? o->z * o->z : 1e6);
    }
    free(x);
    rs_ensemble_free(&e);
    return RS_OK;
}

typedef struct {
    const rs_calib_spec *spec;
    rs_params *p;
    const rs_ensemble_options *opt;
    rs_calib_progress_fn progress;
    void *ctx;
    int evaluations, failed;
    nlopt_opt nl; /* the running optimiser, to stop it on error or interrupt */
    rs_error err;
    rs_target_result results[RS_MAX_TARGETS];
} fit_state;

static void set_free(const rs_calib_spec *spec, rs_params *p, const double *x)
{
    for (int k = 0; k < spec->n_free; k++) rs_params_set(p, rs_params_key(spec->free[k].key), x[k]);
}

static double objective(unsigned n, const double *x, double *grad, void *data)
{
    (void)n;
    (void)grad; /* derivative-free */
    fit_state *st = data;
    double value = HUGE_VAL;
    set_free(st->spec, st->p, x);
    if (rs_calib_evaluate(st->spec, st->p, st->spec->replicates, st->opt, st->results, &value, &st->err)) {
        st->failed = 1;
        nlopt_force_stop(st->nl);
        return HUGE_VAL;
    }
    st->evaluations++;
    if (st->progress) st->progress(st->ctx, st->evaluations, value, st->spec, st->results, x);
    if (st->opt && st->opt->cancel && *st->opt->cancel) {
        st->failed = 1;
        nlopt_force_stop(st->nl);
    }
    return value;
}

static int optimise(const rs_calib_spec *spec, const double *lo, const double *hi, const double *step, fit_state *st,
                    rs_calib_fit_result *out, rs_error *err);

int rs_calib_fit(const rs_calib_spec *spec, rs_params *p, const rs_ensemble_options *opt,
                 rs_calib_progress_fn progress, void *ctx, rs_calib_fit_result *out, rs_error *err)
{
    unsigned n = (unsigned)spec->n_free;
    double lo[RS_MAX_FREE], hi[RS_MAX_FREE], step[RS_MAX_FREE];
    memset(out, 0, sizeof *out);
    if (opt && opt->cancel && *opt->cancel) return rs_error_set(err, RS_ERR_INTERRUPTED, "interrupted");
    for (unsigned k = 0; k < n; k++) {
        lo[k] = spec->free[k].lower;
        hi[k] = spec->free[k].upper;
        double start = rs_params_get(p, rs_params_key(spec->free[k].key));
        out->x0[k] = out->x[k] = fmin(hi[k], fmax(lo[k], start));
        step[k] = 0.1 * (hi[k] - lo[k]);
    }
    fit_state st;
    memset(&st, 0, sizeof st);
    st.spec = spec;
    st.p = p;
    st.opt = opt;
    st.progress = progress;
    st.ctx = ctx;
    out->objective = HUGE_VAL;
    int rc = RS_OK;
    for (int run = 0; run < spec->restarts && rc == RS_OK; run++)
        rc = optimise(spec, lo, hi, step, &st, out, err);
    out->evaluations = st.evaluations;
    set_free(spec, p, out->x);
    return rc;
}

/* One subplex run from out->x; keeps the best point in out. */
static int optimise(const rs_calib_spec *spec, const double *lo, const double *hi, const double *step, fit_state *st,
                    rs_calib_fit_result *out, rs_error *err)
{
    unsigned n = (unsigned)spec->n_free;
    nlopt_opt o = nlopt_create(NLOPT_LN_SBPLX, n);
    if (!o) return rs_error_set(err, RS_ERR_NOMEM, "NLopt: cannot create the optimiser");
    st->nl = o;
    nlopt_set_lower_bounds(o, lo);
    nlopt_set_upper_bounds(o, hi);
    nlopt_set_initial_step(o, step);
    nlopt_set_min_objective(o, objective, st);
    nlopt_set_maxeval(o, spec->max_evaluations);
    nlopt_set_xtol_rel(o, 1e-3);
    nlopt_set_ftol_abs(o, 1e-4);
    double x[RS_MAX_FREE], best = HUGE_VAL;
    memcpy(x, out->x, sizeof x);
    out->status = (int)nlopt_optimize(o, x, &best);
    nlopt_destroy(o);
    if (best < out->objective) {
        out->objective = best;
        memcpy(out->x, x, sizeof x);
    }
    if (st->failed && st->err.code) {
        if (err) *err = st->err;
        return st->err.code;
    }
    if (st->opt && st->opt->cancel && *st->opt->cancel) return rs_error_set(err, RS_ERR_INTERRUPTED, "interrupted");
    if (out->status < 0 && out->status != NLOPT_ROUNDOFF_LIMITED && out->status != NLOPT_FORCED_STOP)
        return rs_error_set(err, RS_ERR_IO, "NLopt failed (code %d)", out->status);
    return RS_OK;
}
