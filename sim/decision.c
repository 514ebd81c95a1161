/* reoffsim — the decision across all options (decision.h): ranking by net
 * monetary benefit, dominance and ICERs, acceptability curves, EVPI and EVPPI
 * per parameter group, from the per-replicate economics of a finished run.
 * Post-processing only: nothing here runs inside the event loop. */
#include "reoffsim/decision.h"
#include "reoffsim/posterior.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rs_decision_free(rs_decision *d)
{
    void *blocks[] = {d->nmb, d->npv_fiscal, d->benefit_economic, d->cost, d->averted, d->proven_averted,
                      d->rank_nmb, d->rank_averted, d->status, d->status_proven, d->icer, d->icer_proven,
                      d->vs_ref, d->vs_ref_ratio, d->p_best, d->wtp, d->ceac, d->evpi_wtp,
                      d->null.npv, d->null.offences_averted, d->null.offences, d->null.incremental_cost};
    for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) free(blocks[k]);
    memset(d, 0, sizeof *d);
}

static int allocate(rs_decision *d, rs_error *err)
{
    size_t S = (size_t)d->n_scenarios, W = (size_t)d->n_wtp;
    int ok = 1;
    rs_summary **sums[] = {&d->nmb, &d->npv_fiscal, &d->benefit_economic, &d->cost, &d->averted, &d->proven_averted};
    for (size_t k = 0; k < sizeof sums / sizeof sums[0]; k++) ok &= (*sums[k] = calloc(S, sizeof(rs_summary))) != NULL;
    double **per_s[] = {&d->icer, &d->icer_proven, &d->vs_ref_ratio, &d->p_best, &d->null.npv,
                        &d->null.offences_averted, &d->null.offences, &d->null.incremental_cost};
    for (size_t k = 0; k < sizeof per_s / sizeof per_s[0]; k++) ok &= (*per_s[k] = calloc(S, sizeof(double))) != NULL;
    ok &= (d->rank_nmb = calloc(S, sizeof(int))) != NULL && (d->rank_averted = calloc(S, sizeof(int))) != NULL;
    ok &= (d->status = calloc(S, sizeof(rs_dominance))) != NULL;
    ok &= (d->status_proven = calloc(S, sizeof(rs_dominance))) != NULL;
    ok &= (d->vs_ref = calloc(S, sizeof(rs_vs_reference))) != NULL;
    ok &= (d->wtp = calloc(W, sizeof(double))) != NULL && (d->evpi_wtp = calloc(W, sizeof(double))) != NULL;
    ok &= (d->ceac = calloc(W * S, sizeof(double))) != NULL;
    if (ok) return RS_OK;
    rs_decision_free(d);
    return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the decision tables");
}

/* rank[s] = 1 + number of options with a strictly higher mean (ties share a rank). */
static void rank_by_mean(int n, const rs_summary *v, int *rank)
{
    for (int s = 0; s < n; s++) {
        rank[s] = 1;
        for (int t = 0; t < n; t++) rank[s] += v[t].mean > v[s].mean;
    }
}

/* Per replicate: fiscal NPV (CJS savings - extra service cost), economic
 * benefit (harm averted to communities) and proven offences averted (area). */
static void split_benefits(const rs_economics *x, double *fiscal, double *economic, double *proven)
{
    size_t n = (size_t)x->n_scenarios * (size_t)x->n_replicates;
    for (size_t k = 0; k < n; k++) {
        fiscal[k] = x->saving_cjs_sum[k] - x->incremental_cost[k];
        economic[k] = x->saving_communities_sum[k];
        proven[k] = x->proven_averted[k];
    }
}

static rs_summary over_replicates(const rs_economics *x, const double *v, int s)
{
    return rs_stats_summary(v + rs_econ_sr(x, s, 0), (size_t)x->n_replicates, 1);
}

static int summarise_options(const rs_economics *x, rs_decision *d, rs_error *err)
{
    size_t SR = (size_t)x->n_scenarios * (size_t)x->n_replicates;
    double *buf = malloc(sizeof *buf * 3 * SR);
    if (!buf) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the decision tables");
    split_benefits(x, buf, buf + SR, buf + 2 * SR);
    for (int s = 0; s < x->n_scenarios; s++) {
        d->nmb[s] = over_replicates(x, x->npv, s);
        d->cost[s] = over_replicates(x, x->incremental_cost, s);
        d->averted[s] = over_replicates(x, x->offences_averted, s);
        d->npv_fiscal[s] = over_replicates(x, buf, s);
        d->benefit_economic[s] = over_replicates(x, buf + SR, s);
        d->proven_averted[s] = over_replicates(x, buf + 2 * SR, s);
    }
    free(buf);
    return RS_OK;
}

static int dominance(rs_decision *d, rs_error *err)
{
    int S = d->n_scenarios;
    double cost[RS_VOI_MAX_OPTIONS], eff[RS_VOI_MAX_OPTIONS], proven[RS_VOI_MAX_OPTIONS];
    if (S > RS_VOI_MAX_OPTIONS) return rs_error_set(err, RS_ERR_CONFIG, "more than %d scenarios", RS_VOI_MAX_OPTIONS);
    for (int s = 0; s < S; s++) {
        cost[s] = d->cost[s].mean;
        eff[s] = d->averted[s].mean;
        proven[s] = d->proven_averted[s].mean;
        d->vs_ref[s] = s == d->reference ? RS_VS_SAME : rs_vs_reference_of(cost[s], eff[s], &d->vs_ref_ratio[s]);
        if (s == d->reference) d->vs_ref_ratio[s] = NAN;
    }
    int rc = rs_dominance_classify(S, cost, eff, d->status, d->icer, err);
    if (!rc) rc = rs_dominance_classify(S, cost, proven, d->status_proven, d->icer_proven, err);
    return rc;
}

void rs_decision_group_of(const char *path, char *out, size_t n)
{
    const rs_key *k = rs_params_key_find(path);
    const char *dot1 = strchr(path, '.'), *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (!strncmp(path, "services.", 9) && dot2) {
        snprintf(out, n, "%.*s.%s", (int)(dot2 - path), path, k && k->effect ? "effects" : "costs_capacity");
    } else if (!strncmp(path, "economics.", 10)) {
        snprintf(out, n, "economics.unit_costs");
    } else {
        snprintf(out, n, "%.*s", dot1 ? (int)(dot1 - path) : (int)strlen(path), path);
    }
}

/* Key k is a calibrated parameter drawn from the run's posterior. */
static int calibrated(const rs_config *cfg, uint32_t k)
{
    const struct rs_posterior *post = cfg->n_scenarios > 0 ? cfg->scenarios[0].params.posterior : NULL;
    return post && rs_posterior_param(post, k) >= 0;
}

/* The first scenario in which key k varies by replicate, as a distribution
 * or by the calibration posterior (which every scenario shares: 0); -1 if none. */
static int scenario_with(const rs_config *cfg, uint32_t k)
{
    for (int s = 0; s < cfg->n_scenarios; s++)
        for (int i = 0; i < cfg->scenarios[s].params.n_uncertain; i++)
            if (cfg->scenarios[s].params.uncertain[i].key == k) return s;
    return calibrated(cfg, k) ? 0 : -1;
}

void rs_decision_draws(const rs_config *cfg, const rs_ensemble *e, int n_keys, const uint32_t *keys, double *x)
{
    for (int k = 0; k < n_keys; k++) {
        int s = scenario_with(cfg, keys[k]);
        for (int r = 0; r < e->n_replicates; r++) {
            rs_params p = cfg->scenarios[s < 0 ? 0 : s].params;
            if (s >= 0) rs_params_draw(&p, (uint32_t)(e->first_replicate + r));
            x[(size_t)r * (size_t)n_keys + (size_t)k] = rs_params_get(&p, rs_params_key(keys[k]));
        }
    }
}

/* Uncertain keys of any scenario, grouped by rs_decision_group_of. */
static void collect_groups(const rs_config *cfg, rs_decision *d)
{
    d->n_groups = 0;
    for (size_t k = 0; k < rs_params_key_count(); k++) {
        if (scenario_with(cfg, (uint32_t)k) < 0) continue;
        char name[RS_DECISION_GROUP_NAME];
        if (calibrated(cfg, (uint32_t)k))
            snprintf(name, sizeof name, "calibrated (posterior)");
        else
            rs_decision_group_of(rs_params_key(k)->path, name, sizeof name);
        int g = 0;
        while (g < d->n_groups && strcmp(d->groups[g].name, name)) g++;
        if (g == d->n_groups) {
            if (g == RS_DECISION_MAX_GROUPS) continue;
            memset(&d->groups[g], 0, sizeof d->groups[g]);
            snprintf(d->groups[g].name, sizeof d->groups[g].name, "%s", name);
            d->n_groups++;
        }
        if (d->groups[g].n_keys < RS_MAX_UNCERTAIN) d->groups[g].key[d->groups[g].n_keys++] = (uint32_t)k;
    }
}

/* Replicates the regression needs for n_keys parameters: fewer, and the
 * smoother falls back to a constant (EVPPI 0), which is not an estimate. */
static int evppi_estimable(int n_rep, int n_keys) { return n_rep >= 2 * n_keys + RS_DECISION_EVPPI_MIN_EXTRA; }

static int evppi_of(const rs_config *cfg, const rs_ensemble *e, const rs_economics *x, int n_keys,
                    const uint32_t *keys, double *out, rs_error *err)
{
    if (!evppi_estimable(x->n_replicates, n_keys)) {
        *out = NAN; /* not estimable: shown as such, never as 0 */
        return RS_OK;
    }
    double *draws = malloc(sizeof *draws * (size_t)x->n_replicates * (size_t)(n_keys > 0 ? n_keys : 1));
    if (!draws) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for EVPPI");
    rs_decision_draws(cfg, e, n_keys, keys, draws);
    int rc = rs_voi_evppi(x->n_scenarios, x->n_replicates, x->npv, n_keys, draws, out, err);
    /* EVPPI <= EVPI holds for the true values; a regression estimate above the
     * EVPI estimate (few replicates) is noise in the fit, so it is capped. */
    double evpi = rs_voi_evpi(x->n_scenarios, x->n_replicates, x->npv);
    if (!rc && *out > evpi) *out = evpi;
    free(draws);
    return rc;
}

static int value_of_information(const rs_config *cfg, const rs_ensemble *e, const rs_economics *x,
                                int point_estimates, rs_decision *d, rs_error *err)
{
    d->evpi = rs_voi_evpi(x->n_scenarios, x->n_replicates, x->npv);
    if (point_estimates) return RS_OK; /* no parameter uncertainty: no groups */
    collect_groups(cfg, d);
    uint32_t all[RS_MAX_UNCERTAIN];
    int n_all = 0, rc = RS_OK;
    for (int g = 0; !rc && g < d->n_groups; g++) {
        rc = evppi_of(cfg, e, x, d->groups[g].n_keys, d->groups[g].key, &d->groups[g].evppi, err);
        for (int i = 0; i < d->groups[g].n_keys && n_all < RS_MAX_UNCERTAIN; i++) all[n_all++] = d->groups[g].key[i];
    }
    if (!rc) rc = evppi_of(cfg, e, x, n_all, all, &d->evppi_all, err);
    return rc;
}

/* The acceptability curve on the same public-sector basis as the fiscal NPV:
 * net cost = extra service cost - CJS savings, and each offence averted
 * valued at the willingness to pay (in place of its costed harm). */
static int ceac(const rs_economics *x, rs_decision *d, rs_error *err)
{
    size_t SR = (size_t)x->n_scenarios * (size_t)x->n_replicates;
    double *net = malloc(sizeof *net * (SR ? SR : 1));
    if (!net) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the acceptability curve");
    for (size_t k = 0; k < SR; k++) net[k] = x->incremental_cost[k] - x->saving_cjs_sum[k];
    int rc = rs_voi_ceac(x->n_scenarios, x->n_replicates, x->offences_averted, net, d->n_wtp, d->wtp, d->ceac,
                         d->evpi_wtp, err);
    free(net);
    return rc;
}

/* The options a commissioner can choose between: every scenario, except
 * the points of a sweep over an effect size (a hazard or odds ratio, an
 * effect probability): those ask "what if the world were so", a
 * sensitivity analysis, not something to commission. The sweep's scenarios
 * come after the listed ones, so the options are a prefix. */
int rs_decision_options(const rs_config *cfg, int n_scenarios)
{
    const rs_sweep *sw = &cfg->sweep;
    for (int d = 0; d < sw->n_dims; d++)
        for (int k = 0; k < sw->dim[d].n_keys; k++)
            if (rs_params_key(sw->dim[d].keys[k])->effect != RS_EFFECT_NONE)
                return sw->first < n_scenarios ? sw->first : n_scenarios;
    return n_scenarios;
}

int rs_decision_compute(const rs_config *cfg, const rs_ensemble *e, const rs_economics *all, int point_estimates,
                        rs_decision *out, rs_error *err)
{
    /* A view of the options alone (the economics arrays are scenario-major: a prefix). */
    rs_economics options = *all;
    options.n_scenarios = rs_decision_options(cfg, all->n_scenarios);
    const rs_economics *x = &options;
    memset(out, 0, sizeof *out);
    out->n_scenarios = x->n_scenarios;
    out->n_replicates = x->n_replicates;
    out->reference = x->reference;
    out->n_wtp = (int)(RS_DECISION_WTP_MAX / RS_DECISION_WTP_STEP) + 1;
    out->break_even.theta = NAN;
    int rc = allocate(out, err);
    if (rc) return rc;
    for (int w = 0; w < out->n_wtp; w++) out->wtp[w] = w * RS_DECISION_WTP_STEP;
    rc = summarise_options(x, out, err);
    if (!rc) {
        rank_by_mean(out->n_scenarios, out->nmb, out->rank_nmb);
        rank_by_mean(out->n_scenarios, out->averted, out->rank_averted);
        rc = dominance(out, err);
    }
    if (!rc) {
        rs_voi_p_best(x->n_scenarios, x->n_replicates, x->npv, out->p_best);
        rc = ceac(x, out, err);
    }
    if (!rc) rc = value_of_information(cfg, e, x, point_estimates, out, err);
    if (rc) rs_decision_free(out);
    return rc;
}
