/* reoffsim — ABC-SMC over the model (calib_abc.h): a batch of parameter sets
 * run in parallel, one work unit each, scored on every target. */
#include "calib_abc.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "reoffsim/engine.h"

void rs_calib_abc_problem(const rs_calib_spec *spec, rs_abc_problem *pb)
{
    memset(pb, 0, sizeof *pb);
    pb->n_params = spec->n_free;
    pb->n_stats = spec->n_targets;
    for (int k = 0; k < spec->n_free; k++) {
        pb->lower[k] = spec->free[k].lower;
        pb->upper[k] = spec->free[k].upper;
    }
    for (int k = 0; k < spec->n_targets; k++) {
        pb->observed[k] = spec->targets[k].value;
        pb->scale[k] = spec->targets[k].tolerance;
        pb->weight[k] = spec->targets[k].weight;
    }
}

void rs_calib_abc_settings(const rs_calib_spec *spec, rs_abc_settings *set)
{
    *set = (rs_abc_settings){.n_particles = spec->abc.particles, .max_generations = spec->abc.max_generations,
                             .alpha = spec->abc.alpha, .epsilon = spec->abc.epsilon,
                             .min_acceptance = spec->abc.min_acceptance, .seed = spec->seed};
}

/* One simulation: the base parameters with theta, one replicate keyed by id. */
static int simulate_one(const rs_calib_abc *c, const double *theta, uint32_t id, rs_workspace *ws, rs_unit_result *res,
                        double *stats, rs_error *err)
{
    const rs_calib_spec *spec = c->spec;
    rs_params p = *c->base;
    for (int k = 0; k < spec->n_free; k++) rs_params_set(&p, rs_params_key(spec->free[k].key), theta[k]);
    p.run.replicates = 1;
    p.run.n_agents = spec->agents;
    p.run.years = spec->years;
    p.run.seed = spec->seed;
    p.posterior = NULL;
    rs_error verr;
    if (rs_params_validate(&p, NULL, &verr)) { /* inside the bounds but not a valid model: never accepted */
        for (int k = 0; k < spec->n_targets; k++) stats[k] = NAN;
        return RS_OK;
    }
    int rc = rs_engine_run(&p, id, ws, res, err);
    for (int k = 0; !rc && k < spec->n_targets; k++) stats[k] = rs_calib_target_value(&spec->targets[k], res);
    return rc;
}

int rs_calib_abc_simulate(void *ctx, int n, const double *theta, const uint32_t *sim_id, double *stats, rs_error *err)
{
    const rs_calib_abc *c = ctx;
    const rs_ensemble_options *opt = c->opt;
    int threads = opt && opt->threads > 0 ? opt->threads : omp_get_max_threads();
    rs_ensemble store; /* one unit result per simulation (the engine's year arrays) */
    int rc = rs_ensemble_alloc(&store, 1, n, c->spec->years, err);
    if (rc) return rc;
    int failed = 0, done = 0;
    uint64_t events = 0;
    rs_error first = {0, ""};
#pragma omp parallel num_threads(threads) default(none) \
    shared(c, opt, n, theta, sim_id, stats, store, failed, first, done, events)
    {
        rs_workspace *ws = rs_workspace_create();
        if (ws && opt) rs_workspace_set_cancel(ws, opt->cancel);
#pragma omp for schedule(dynamic, 1)
        for (int i = 0; i < n; i++) {
            int stop;
#pragma omp atomic read
            stop = failed;
            if (stop) continue;
            rs_error uerr = {0, ""};
            int urc = ws ? simulate_one(c, theta + (size_t)i * (size_t)c->spec->n_free, sim_id[i], ws,
                                        rs_ensemble_unit(&store, 0, i), stats + (size_t)i * (size_t)c->spec->n_targets, &uerr)
                         : rs_error_set(&uerr, RS_ERR_NOMEM, "out of memory for a workspace");
            if (!urc && opt && opt->cancel && *opt->cancel) urc = rs_error_set(&uerr, RS_ERR_INTERRUPTED, "interrupted");
            if (!urc && opt && opt->progress) {
#pragma omp critical(rs_calib_abc_progress)
                {
                    events += rs_ensemble_unit(&store, 0, i)->events;
                    opt->progress(opt->progress_ctx, ++done, n, events);
                }
            }
            if (urc) {
#pragma omp critical(rs_calib_abc_error)
                if (!failed) {
                    failed = urc;
                    first = uerr;
                }
            }
        }
        rs_workspace_free(ws);
    }
    rs_ensemble_free(&store);
    if (failed && err) *err = first;
    return failed;
}

int rs_calib_abc_predictive(const rs_calib_abc *c, const rs_abc_state *st, int *draw, double *stats, rs_error *err)
{
    int m = c->spec->abc.predictive_draws, d = st->n_params;
    double *theta = malloc(sizeof *theta * (size_t)m * (size_t)d);
    uint32_t *ids = malloc(sizeof *ids * (size_t)m);
    if (!theta || !ids) {
        free(theta);
        free(ids);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    }
    double total = 0.0;
    for (int i = 0; i < st->n; i++) total += st->weight[i];
    rs_rng_key key = rs_rng_key_make(c->spec->seed, RS_CALIB_PREDICTIVE_SIM0 - 1);
    for (int j = 0; j < m; j++) {
        double u = rs_rng_u01(rs_rng_block_at(key, (uint32_t)j, RS_PURPOSE_ABC, 0, 0).v[0]) * total, cum = 0.0;
        int i = 0;
        while (i < st->n - 1 && cum + st->weight[i] < u) cum += st->weight[i++];
        draw[j] = i;
        memcpy(theta + (size_t)j * d, st->theta + (size_t)i * d, sizeof *theta * (size_t)d);
        ids[j] = RS_CALIB_PREDICTIVE_SIM0 + (uint32_t)j;
    }
    int rc = rs_calib_abc_simulate((void *)c, m, theta, ids, stats, err);
    free(theta);
    free(ids);
    return rc;
}
