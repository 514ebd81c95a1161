/* reoffsim — parallel loop over work units (ensemble.h), with hooks to skip
 * units (resume, other MPI ranks) and to hear of each finished one. */
#include "reoffsim/ensemble.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "reoffsim/engine.h"

void rs_ensemble_free(rs_ensemble *e)
{
    free(e->units);
    free(e->year_storage);
    free(e->year_sum);
    free(e->year_mean);
    memset(e, 0, sizeof *e);
}

const rs_year_total rs_summarised_totals[RS_N_SUMMARISED_TOTALS] = {
    RS_YEAR_OFFENCES, RS_YEAR_PROVEN_OFFENCES, RS_YEAR_ARRESTS, RS_YEAR_COURT_CASES,
    RS_YEAR_CUSTODY_SENTENCES, RS_YEAR_PRISON_DAYS, RS_YEAR_RECALLS,
    RS_YEAR_SPEND_DIP, RS_YEAR_SPEND_TRIBOROUGH, RS_YEAR_SPEND_GTO};

int rs_year_total_summarised(rs_year_total t)
{
    for (int k = 0; k < RS_N_SUMMARISED_TOTALS; k++)
        if (rs_summarised_totals[k] == t) return k;
    return -1;
}

double rs_ensemble_per_year(const rs_ensemble *e, int s, int r, rs_year_total t)
{
    const rs_unit_result *u = rs_ensemble_unit(e, s, r);
    if (u->year) return rs_metric_per_year(u, t);
    int k = rs_year_total_summarised(t);
    size_t at = ((size_t)s * (size_t)e->n_replicates + (size_t)r) * RS_N_SUMMARISED_TOTALS + (size_t)k;
    return u->years > 0 && k >= 0 ? e->year_sum[at] / u->years : NAN;
}

double rs_ensemble_mean_per_year(const rs_ensemble *e, int s, rs_year_total t)
{
    if (e->years <= 0) return NAN;
    double sum = 0.0;
    for (int y = 0; y < e->years; y++) sum += rs_ensemble_year_mean(e, s, t, y);
    return sum / e->years;
}

double rs_ensemble_year_mean(const rs_ensemble *e, int s, rs_year_total t, int y)
{
    if (e->year_mean) return e->year_mean[((size_t)s * RS_N_YEAR_TOTALS + (size_t)t) * (size_t)e->years + (size_t)y];
    double sum = 0.0;
    int n = 0;
    for (int r = 0; r < e->n_replicates; r++) {
        double v = rs_year_row(rs_ensemble_unit(e, s, r), t)[y];
        if (isnan(v)) continue;
        sum += v;
        n++;
    }
    return n ? sum / n : NAN;
}

void rs_ensemble_copy_unit(rs_unit_result *dst, const rs_unit_result *src)
{
    double *year = dst->year;
    *dst = *src; /* every plain field, whatever metrics.h adds */
    dst->year = year;
    memcpy(year, src->year, (size_t)src->years * RS_N_YEAR_TOTALS * sizeof *year);
}

/* Storage for S x R units; existing units of `old` (if any) are copied in. */
static int allocate(const rs_ensemble *old, int n_scenarios, int n_replicates, int years, rs_ensemble *e,
                    rs_error *err)
{
    memset(e, 0, sizeof *e);
    size_t n_units = (size_t)n_scenarios * (size_t)n_replicates;
    size_t per_unit = (size_t)years * RS_N_YEAR_TOTALS;
    e->units = calloc(n_units, sizeof *e->units);
    e->year_storage = calloc(n_units * per_unit, sizeof *e->year_storage);
    if (!e->units || !e->year_storage) {
        rs_ensemble_free(e);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory for %zu work units", n_units);
    }
    e->n_scenarios = n_scenarios;
    e->n_replicates = n_replicates;
    e->years = years;
    e->first_replicate = old ? old->first_replicate : 0;
    for (size_t u = 0; u < n_units; u++) {
        e->units[u].year = e->year_storage + u * per_unit;
        e->units[u].years = years;
    }
    if (!old) return RS_OK;
    for (int s = 0; s < old->n_scenarios; s++)
        for (int r = 0; r < old->n_replicates; r++)
            rs_ensemble_copy_unit(rs_ensemble_unit(e, s, r), rs_ensemble_unit(old, s, r));
    e->events = old->events;
    e->wall_seconds = old->wall_seconds;
    e->threads = old->threads;
    return RS_OK;
}

int rs_ensemble_alloc(rs_ensemble *e, int n_scenarios, int n_replicates, int years, rs_error *err)
{
    return allocate(NULL, n_scenarios, n_replicates, years, e, err);
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

/* Replicate r's own draw of every uncertain parameter and of the calibration
 * posterior (same for every scenario). */
static int draw_parameters(rs_params *p, uint32_t r, const rs_ensemble_options *opt, rs_error *err)
{
    if ((p->n_uncertain == 0 && !p->posterior) || (opt && opt->point_estimates)) return RS_OK;
    rs_params_draw(p, r);
    rs_error verr;
    if (rs_params_validate(p, NULL, &verr) == RS_OK) return RS_OK;
    return rs_error_set(err, RS_ERR_CONFIG, "replicate %u: drawn parameters are invalid: %s", r, verr.msg);
}

/* Units of replicates [r0, e->n_replicates) that this process must run, in
 * replicate-major order: all scenarios of replicate r run close together,
 * which is what a partial (interrupted) run wants. hooks->skip may drop some
 * (already done, or another rank's). Returns the count, or -1 on no memory. */
static int pending_units(const rs_ensemble_hooks *hooks, rs_ensemble *e, int r0, int **out)
{
    int n_units = e->n_scenarios * (e->n_replicates - r0), n = 0;
    int *todo = malloc(sizeof *todo * (size_t)(n_units > 0 ? n_units : 1));
    if (!todo) return -1;
    for (int k = 0; k < n_units; k++) {
        int r = r0 + k / e->n_scenarios, s = k % e->n_scenarios;
        if (hooks && hooks->skip && hooks->skip(hooks->ctx, s, r, e->units ? rs_ensemble_unit(e, s, r) : NULL)) continue;
        todo[n++] = k;
    }
    *out = todo;
    return n;
}

/* Run the units of replicates [r0, e->n_replicates). */
static int run_units(const rs_config *cfg, const rs_ensemble_options *opt, const rs_ensemble_hooks *hooks,
                     rs_ensemble *e, int r0, rs_error *err)
{
    int *todo;
    int n_units = pending_units(hooks, e, r0, &todo);
    if (n_units < 0) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the list of work units");
    int threads = opt && opt->threads > 0 ? opt->threads : omp_get_max_threads();
    /* A thread takes all scenarios of a replicate together when there are
     * enough replicates to keep every thread busy: they share one generated
     * cohort (the workspace's population cache), so each replicate's cohort
     * is generated once instead of once per thread. The results do not
     * depend on the schedule. */
    int chunk = n_units >= 4 * threads * e->n_scenarios ? e->n_scenarios : 1;
    int done = 0, failed = 0;
    uint64_t events = 0;
    rs_error first_err = {0, ""};
    double t0 = omp_get_wtime();
#pragma omp parallel num_threads(threads) default(none) \
    shared(cfg, opt, hooks, e, r0, todo, n_units, chunk, done, failed, events, first_err)
    {
        rs_workspace *ws = rs_workspace_create();
        /* Not stored (e->units NULL): each thread's unit goes to unit_done
         * from its own scratch result, allocated once here. */
        rs_unit_result scratch = {.years = e->years};
        if (!e->units) scratch.year = malloc(sizeof(double) * RS_N_YEAR_TOTALS * (size_t)(e->years > 0 ? e->years : 1));
        if (!ws || (!e->units && !scratch.year)) {
#pragma omp atomic write
            failed = RS_ERR_NOMEM;
        } else if (opt) {
            rs_workspace_set_cancel(ws, opt->cancel); /* a signal stops a long unit too */
        }
#pragma omp for schedule(dynamic, chunk)
        for (int i = 0; i < n_units; i++) {
            int stop;
#pragma omp atomic read
            stop = failed;
            if (stop || (opt && opt->cancel && *opt->cancel)) continue;
            int r = r0 + todo[i] / e->n_scenarios, s = todo[i] % e->n_scenarios;
            uint32_t replicate = (uint32_t)(e->first_replicate + r); /* the key of its random streams */
            rs_error uerr;
            rs_unit_result *res = e->units ? rs_ensemble_unit(e, s, r) : &scratch;
            rs_params p = cfg->scenarios[s].params;
            int urc = draw_parameters(&p, replicate, opt, &uerr);
            if (!urc) urc = rs_engine_run(&p, replicate, ws, res, &uerr);
            if (urc == RS_ERR_INTERRUPTED) continue; /* not done: the cancel flag ends the run below */
#pragma omp critical(rs_ensemble_progress)
            {
                if (urc && !failed) {
                    failed = urc;
                    first_err = uerr;
                }
                done++;
                events += res->events;
                if (!urc && hooks && hooks->unit_done) hooks->unit_done(hooks->ctx, s, r, res);
                if (opt && opt->progress) opt->progress(opt->progress_ctx, done, n_units, events);
            }
        }
        rs_workspace_free(ws);
        free(scratch.year);
    }
    free(todo);
    e->wall_seconds += omp_get_wtime() - t0;
    e->events += events;
    e->threads = threads;
    if (failed) {
        if (failed == RS_ERR_NOMEM && !first_err.code) rs_error_set(&first_err, RS_ERR_NOMEM, "out of memory");
        if (err) *err = first_err;
        return failed;
    }
    if (opt && opt->cancel && *opt->cancel) return rs_error_set(err, RS_ERR_INTERRUPTED, "interrupted");
    return RS_OK;
}

int rs_ensemble_extend(const rs_config *cfg, const rs_ensemble_options *opt, rs_ensemble *e,
                       int n_replicates, rs_error *err)
{
    if (n_replicates <= e->n_replicates) return RS_OK;
    rs_ensemble grown;
    int rc = allocate(e, e->n_scenarios, n_replicates, e->years, &grown, err);
    if (rc) return rc;
    rc = run_units(cfg, opt, NULL, &grown, e->n_replicates, err);
    if (rc) {
        rs_ensemble_free(&grown);
        return rc;
    }
    rs_ensemble_free(e);
    *e = grown;
    return RS_OK;
}

int rs_ensemble_run(const rs_config *cfg, const rs_ensemble_options *opt, rs_ensemble *out,
                    rs_error *err)
{
    return rs_ensemble_run_hooked(cfg, opt, NULL, out, err);
}

int rs_ensemble_run_hooked(const rs_config *cfg, const rs_ensemble_options *opt, const rs_ensemble_hooks *hooks,
                           rs_ensemble *out, rs_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = check_shared_run(cfg, err);
    if (rc) return rc;
    const rs_run_params *run = &cfg->scenarios[0].params.run;
    if (hooks && hooks->no_store) {
        out->n_scenarios = cfg->n_scenarios;
        out->n_replicates = run->replicates;
        out->years = run->years;
    } else {
        rc = allocate(NULL, cfg->n_scenarios, run->replicates, run->years, out, err);
    }
    if (!rc) out->first_replicate = hooks ? hooks->first_replicate : 0;
    if (!rc) rc = run_units(cfg, opt, hooks, out, 0, err);
    if (rc) rs_ensemble_free(out);
    return rc;
}
