/* reoffsim — parallel loop over work units (ensemble.h). */
#include "reoffsim/ensemble.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "reoffsim/engine.h"

void rs_ensemble_free(rs_ensemble *e)
{
    free(e->units);
    free(e->year_storage);
    memset(e, 0, sizeof *e);
}

static int allocate(const rs_config *cfg, rs_ensemble *e, rs_error *err)
{
    const rs_run_params *run = &cfg->scenarios[0].params.run;
    e->n_scenarios = cfg->n_scenarios;
    e->n_replicates = run->replicates;
    e->years = run->years;
    size_t n_units = (size_t)e->n_scenarios * (size_t)e->n_replicates;
    size_t per_unit = (size_t)e->years * RS_N_YEAR_TOTALS;
    e->units = calloc(n_units, sizeof *e->units);
    e->year_storage = calloc(n_units * per_unit, sizeof *e->year_storage);
    if (!e->units || !e->year_storage) {
        rs_ensemble_free(e);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory for %zu work units", n_units);
    }
    for (size_t u = 0; u < n_units; u++) {
        e->units[u].year = e->year_storage + u * per_unit;
        e->units[u].years = e->years;
    }
    return RS_OK;
}

/* Runs of one config share run settings; the engine relies on it. */
static int check_shared_run(const rs_config *cfg, rs_error *err)
{
    const rs_run_params *r0 = &cfg->scenarios[0].params.run;
    for (int s = 1; s < cfg->n_scenarios; s++)
        if (memcmp(&cfg->scenarios[s].params.run, r0, sizeof *r0) != 0)
            return rs_error_set(err, RS_ERR_CONFIG, "scenario %s: run settings differ from %s",
                                cfg->scenarios[s].name, cfg->scenarios[0].name);
    return RS_OK;
}

int rs_ensemble_run(const rs_config *cfg, const rs_ensemble_options *opt, rs_ensemble *out,
                    rs_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = check_shared_run(cfg, err);
    if (!rc) rc = allocate(cfg, out, err);
    if (rc) return rc;
    int n_units = out->n_scenarios * out->n_replicates;
    int threads = opt && opt->threads > 0 ? opt->threads : omp_get_max_threads();
    int done = 0, failed = 0;
    uint64_t events = 0;
    rs_error first_err = {0, ""};
    double t0 = omp_get_wtime();
#pragma omp parallel num_threads(threads) default(none) \
    shared(cfg, opt, out, n_units, done, failed, events, first_err)
    {
        rs_workspace *ws = rs_workspace_create();
        if (!ws) {
#pragma omp atomic write
            failed = RS_ERR_NOMEM;
        }
#pragma omp for schedule(dynamic, 1)
        for (int u = 0; u < n_units; u++) {
            int stop;
#pragma omp atomic read
            stop = failed;
            if (stop || (opt && opt->cancel && *opt->cancel)) continue;
            /* Replicate-major order: all scenarios of replicate r run close
             * together, which is what a partial (interrupted) run wants. */
            int r = u / out->n_scenarios, s = u % out->n_scenarios;
            rs_error uerr;
            rs_unit_result *res = rs_ensemble_unit(out, s, r);
            int urc = rs_engine_run(&cfg->scenarios[s].params, (uint32_t)r, ws, res, &uerr);
#pragma omp critical(rs_ensemble_progress)
            {
                if (urc && !failed) {
                    failed = urc;
                    first_err = uerr;
                }
                done++;
                events += res->events;
                if (opt && opt->progress) opt->progress(opt->progress_ctx, done, n_units, events);
            }
        }
        rs_workspace_free(ws);
    }
    out->wall_seconds = omp_get_wtime() - t0;
    out->events = events;
    out->threads = threads;
    if (failed) {
        if (failed == RS_ERR_NOMEM && !first_err.code) rs_error_set(&first_err, RS_ERR_NOMEM, "out of memory");
        if (err) *err = first_err;
        rs_ensemble_free(out);
        return failed;
    }
    if (opt && opt->cancel && *opt->cancel) {
        rs_ensemble_free(out);
        return rs_error_set(err, RS_ERR_INTERRUPTED, "interrupted");
    }
    return RS_OK;
}
