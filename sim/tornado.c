/* reoffsim — one-way sensitivity analysis (tornado.h). */
#include "reoffsim/tornado.h"

#include <stdlib.h>
#include <string.h>

#include "reoffsim/economics.h"

/* Mean NPV of scenario 1 against scenario 0 of a two-scenario config. */
static int mean_npv(const rs_config *pair, const rs_ensemble_options *opt, double *npv, rs_error *err)
{
    rs_ensemble e;
    int rc = rs_ensemble_run(pair, opt, &e, err);
    if (rc) return rc;
    rs_economics x;
    rc = rs_economics_compute(pair, &e, &x, err);
    if (!rc) {
        double sum = 0.0;
        for (int r = 0; r < x.n_replicates; r++) sum += x.npv[rs_econ_sr(&x, 1, r)];
        *npv = sum / x.n_replicates;
        rs_economics_free(&x);
    }
    rs_ensemble_free(&e);
    return rc;
}

/* The uncertain keys of either scenario, in schema order. */
static void collect_keys(const rs_params *a, const rs_params *b, rs_tornado *t)
{
    t->n = 0;
    for (size_t k = 0; k < rs_params_key_count() && t->n < RS_MAX_UNCERTAIN; k++) {
        int found = 0;
        for (int i = 0; i < a->n_uncertain; i++) found |= a->uncertain[i].key == k;
        for (int i = 0; i < b->n_uncertain; i++) found |= b->uncertain[i].key == k;
        if (found) t->key[t->n++] = (uint32_t)k;
    }
}

/* Put key k of p at quantile q of its own distribution (if uncertain there). */
static double set_quantile(rs_params *p, uint32_t k, double q)
{
    for (int i = 0; i < p->n_uncertain; i++)
        if (p->uncertain[i].key == k) {
            double v = rs_uncertain_quantile(&p->uncertain[i], q);
            rs_params_set(p, rs_params_key(k), v);
            return v;
        }
    return rs_params_get(p, rs_params_key(k));
}

int rs_tornado_run(const rs_config *cfg, const rs_ensemble_options *opt, int replicates, rs_tornado *out,
                   rs_error *err)
{
    memset(out, 0, sizeof *out);
    if (cfg->primary < 0) return rs_error_set(err, RS_ERR_CONFIG, "--tornado needs a primary and a reference scenario");
    rs_scenario pair_scen[2] = {cfg->scenarios[cfg->reference], cfg->scenarios[cfg->primary]};
    for (int s = 0; s < 2; s++) pair_scen[s].params.run.replicates = replicates;
    rs_config pair = *cfg;
    pair.scenarios = pair_scen;
    pair.n_scenarios = 2;
    pair.reference = 0;
    pair.primary = 1;
    rs_ensemble_options point = opt ? *opt : (rs_ensemble_options){.threads = 0};
    point.point_estimates = 1;
    point.progress = NULL;
    out->replicates = replicates;
    collect_keys(&pair_scen[0].params, &pair_scen[1].params, out);
    int rc = mean_npv(&pair, &point, &out->base_npv, err);
    for (int k = 0; !rc && k < out->n; k++) {
        for (int side = 0; !rc && side < 2; side++) {
            rs_scenario moved[2] = {pair_scen[0], pair_scen[1]};
            double q = side == 0 ? 0.025 : 0.975, v = 0.0;
            for (int s = 0; s < 2; s++) v = set_quantile(&moved[s].params, out->key[k], q);
            pair.scenarios = moved;
            rc = mean_npv(&pair, &point, side == 0 ? &out->npv_low[k] : &out->npv_high[k], err);
            if (side == 0) out->low_value[k] = v; else out->high_value[k] = v;
        }
    }
    return rc;
}
