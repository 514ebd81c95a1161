/* reoffsim — the break-even effect (decision.h, MODEL.md §8): the scale theta
 * of the effects of the services the primary scenario adds to the reference
 * (every effect ratio r becomes r^theta, every effect probability q becomes
 * theta q; theta = 0 is no effect, 1 the modelled effect) at which the
 * primary scenario's mean NPV equals that of its rival: the best other
 * option by expected net benefit (the reference, NPV 0, when no other option
 * beats it). Against the reference alone, an option that merely costs less
 * than a dominated status quo "breaks even with no effect" while losing to a
 * cheaper option (the review of issue 19). Found by bisection
 * over short runs with parameters at their point values and the same random
 * numbers at every theta (common random numbers), so the curve NPV(theta) is
 * smooth in theta; its Monte Carlo error is reported with the result. */
#include "reoffsim/decision.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_THETA 8.0
#define BISECTIONS 8

typedef struct {
    const rs_config *cfg;
    const rs_ensemble_options *opt;
    int replicates, evaluations;
    double target; /* the rival's mean NPV */
} search;

/* Mean NPV (and its MCSE) of scenario `who` vs the reference, its added
 * effects scaled by theta, over the search's short run. */
static int npv_of(search *s, int who, double theta, double *npv, double *mcse, rs_error *err)
{
    const rs_config *cfg = s->cfg;
    rs_scenario pair[2] = {cfg->scenarios[cfg->reference], cfg->scenarios[who]};
    for (int k = 0; k < 2; k++) pair[k].params.run.replicates = s->replicates;
    rs_params_scale_effects(&pair[1].params, &cfg->scenarios[cfg->reference].params, theta);
    rs_config two = *cfg;
    two.scenarios = pair;
    two.n_scenarios = 2;
    two.reference = 0;
    two.primary = 1;
    rs_ensemble_options point = *s->opt;
    point.point_estimates = 1;
    point.progress = NULL;
    rs_ensemble e;
    int rc = rs_ensemble_run(&two, &point, &e, err);
    if (rc) return rc;
    rs_economics x;
    rc = rs_economics_compute(&two, &e, &x, err);
    if (!rc) {
        rs_summary m = rs_stats_summary(x.npv + rs_econ_sr(&x, 1, 0), (size_t)x.n_replicates, 1);
        *npv = m.mean;
        if (mcse) *mcse = m.mcse;
        rs_economics_free(&x);
    }
    rs_ensemble_free(&e);
    s->evaluations++;
    return rc;
}

/* The primary's mean NPV at theta, less the rival's: 0 at break-even. */
static int npv_at(search *s, double theta, double *npv, double *mcse, rs_error *err)
{
    int rc = npv_of(s, s->cfg->primary, theta, npv, mcse, err);
    if (!rc) *npv -= s->target;
    return rc;
}

int rs_break_even_rival(const rs_config *cfg, const rs_decision *d)
{
    int rival = cfg->reference;
    for (int s = 0; s < d->n_scenarios; s++)
        if (s != cfg->primary && d->nmb[s].mean > d->nmb[rival].mean) rival = s;
    return rival;
}

/* theta in [lo, hi] with NPV(lo) < 0 <= NPV(hi), by bisection. */
static int bisect(search *s, double lo, double hi, double *theta, rs_error *err)
{
    int rc = RS_OK;
    for (int i = 0; !rc && i < BISECTIONS; i++) {
        double mid = 0.5 * (lo + hi), v;
        rc = npv_at(s, mid, &v, NULL, err);
        if (v < 0.0) lo = mid; else hi = mid;
    }
    *theta = 0.5 * (lo + hi);
    return rc;
}

int rs_break_even_run(const rs_config *cfg, const rs_ensemble_options *opt, int replicates, int rival,
                      rs_break_even *out, rs_error *err)
{
    memset(out, 0, sizeof *out);
    out->theta = NAN;
    if (cfg->primary < 0) return rs_error_set(err, RS_ERR_CONFIG, "--break-even needs a primary and a reference scenario");
    if (rival < 0 || rival >= cfg->n_scenarios || rival == cfg->primary) rival = cfg->reference;
    search s = {cfg, opt, replicates, 0, 0.0};
    out->replicates = replicates;
    out->rival = rival;
    int rc = rival == cfg->reference ? RS_OK : npv_of(&s, rival, 1.0, &s.target, NULL, err);
    out->rival_npv = s.target;
    if (!rc) rc = npv_at(&s, 0.0, &out->npv_at_zero, NULL, err);
    if (!rc) rc = npv_at(&s, 1.0, &out->npv_at_one, &out->mcse_at_one, err);
    double lo = 0.0, hi = 1.0, v = out->npv_at_one;
    while (!rc && v < 0.0 && hi < MAX_THETA) { /* the modelled effect is not enough: look further */
        lo = hi;
        hi *= 2.0;
        rc = npv_at(&s, hi, &v, NULL, err);
    }
    if (!rc && out->npv_at_zero >= 0.0) {
        out->found = 1;
        out->theta = 0.0;
        snprintf(out->note, sizeof out->note, "NPV at least %s's even with no effect (it saves more than it costs "
                                              "without changing reoffending)", cfg->scenarios[rival].name);
    } else if (!rc && v < 0.0) {
        snprintf(out->note, sizeof out->note, "NPV below %s's even at %g x the modelled effect (on the log scale)",
                 cfg->scenarios[rival].name, MAX_THETA);
    } else if (!rc) {
        rc = bisect(&s, lo, hi, &out->theta, err);
        out->found = !rc;
        snprintf(out->note, sizeof out->note, "mean NPV equals %s's at %.2f x the modelled effect (log hazard ratios "
                                              "scaled); +/- %.3f from bisection alone", cfg->scenarios[rival].name,
                 out->theta, (hi - lo) / (1 << (BISECTIONS + 1)));
    }
    out->npv_at_zero += s.target; /* reported as NPVs vs the reference */
    out->npv_at_one += s.target;
    out->evaluations = s.evaluations;
    out->done = !rc;
    return rc;
}
