/* reoffsim — service effects switched off or scaled (decision.h): the
 * null-effect structural scenario (MODEL.md §8: "a null-effect scenario and
 * the break-even effect are always shown") and the effect scale used by the
 * break-even search. Which keys are effects comes from the schema
 * (rs_key.effect, set by RATIO and EFFECT_P in params_schema.c), so a new
 * service's effects are covered without touching this file. */
#include "reoffsim/decision.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The service a services.<name>.* key belongs to (-1 if none). */
static int service_of(const char *path)
{
    if (strncmp(path, "services.", 9)) return -1;
    const char *name = path + 9, *dot = strchr(name, '.');
    char buf[32];
    if (!dot || (size_t)(dot - name) >= sizeof buf) return -1;
    memcpy(buf, name, (size_t)(dot - name));
    buf[dot - name] = '\0';
    return rs_service_from_name(buf);
}

int rs_params_null_effects(rs_params *p)
{
    int n = 0;
    for (size_t i = 0; i < rs_params_key_count(); i++) {
        const rs_key *k = rs_params_key(i);
        if (k->effect == RS_EFFECT_NONE) continue;
        rs_params_clear_uncertain(p, (uint32_t)i);
        rs_params_set(p, k, k->effect == RS_EFFECT_RATIO ? 1.0 : 0.0);
        n++;
    }
    return n;
}

/* Is service svc one that p adds to the reference (enabled in p, not there)? */
static int added(const rs_params *p, const rs_params *reference, int svc)
{
    return rs_params_service_const(p, (rs_service_id)svc)->enabled &&
           !rs_params_service_const(reference, (rs_service_id)svc)->enabled;
}

void rs_params_scale_effects(rs_params *p, const rs_params *reference, double theta)
{
    int any_added = 0;
    for (int s = 0; s < RS_N_SERVICES; s++) any_added |= added(p, reference, s);
    for (size_t i = 0; i < rs_params_key_count(); i++) {
        const rs_key *k = rs_params_key(i);
        int svc = service_of(k->path);
        if (k->effect == RS_EFFECT_NONE || svc < 0) continue;
        /* Without an added service (same services, other settings) scale them all. */
        if (any_added && !added(p, reference, svc)) continue;
        double v = rs_params_get(p, k);
        v = k->effect == RS_EFFECT_RATIO ? pow(v, theta) : fmin(1.0, theta * v);
        rs_params_set(p, k, fmax(k->min, fmin(k->max, v)));
    }
}

int rs_decision_null_run(const rs_config *cfg, const rs_ensemble_options *opt, rs_decision *d, rs_error *err)
{
    rs_scenario *scen = malloc(sizeof *scen * (size_t)cfg->n_scenarios);
    if (!scen) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the null-effect scenario");
    for (int s = 0; s < cfg->n_scenarios; s++) {
        scen[s] = cfg->scenarios[s];
        scen[s].params.run.replicates = d->n_replicates; /* as many as the main run (--precision may add) */
        rs_params_null_effects(&scen[s].params);
    }
    rs_config null_cfg = *cfg;
    null_cfg.scenarios = scen;
    rs_ensemble e;
    rs_economics x;
    int rc = rs_ensemble_run(&null_cfg, opt, &e, err);
    if (!rc) {
        rc = rs_economics_compute(&null_cfg, &e, &x, err);
        for (int s = 0; !rc && s < cfg->n_scenarios; s++) {
            const rs_params *p = &scen[s].params;
            double area = p->economics.area_offenders / p->run.n_agents, offences = 0.0;
            for (int r = 0; r < e.n_replicates; r++)
                for (int y = 0; y < e.years; y++) offences += area * rs_year_row(rs_ensemble_unit(&e, s, r), RS_YEAR_OFFENCES)[y];
            d->null.offences[s] = offences / e.n_replicates;
            d->null.npv[s] = rs_stats_summary(x.npv + rs_econ_sr(&x, s, 0), (size_t)x.n_replicates, 1).mean;
            d->null.offences_averted[s] = rs_stats_summary(x.offences_averted + rs_econ_sr(&x, s, 0), (size_t)x.n_replicates, 1).mean;
            d->null.incremental_cost[s] = rs_stats_summary(x.incremental_cost + rs_econ_sr(&x, s, 0), (size_t)x.n_replicates, 1).mean;
        }
        if (!rc) rs_economics_free(&x);
        rs_ensemble_free(&e);
    }
    d->null.done = !rc;
    free(scen);
    return rc;
}
