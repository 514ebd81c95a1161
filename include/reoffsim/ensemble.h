/* reoffsim — the ensemble: every (scenario, replicate) work unit, run in
 * parallel with OpenMP dynamic scheduling. Each unit writes only its own
 * slot, so results are bitwise identical for any thread count. */
#ifndef REOFFSIM_ENSEMBLE_H
#define REOFFSIM_ENSEMBLE_H

#include <signal.h>
#include <stdint.h>

#include "reoffsim/config.h"
#include "reoffsim/metrics.h"

typedef struct {
    int n_scenarios, n_replicates, years;
    int first_replicate;   /* global index of local replicate 0 (a shard); 0 for a whole run */
    rs_unit_result *units; /* [scenario * n_replicates + replicate] */
    double *year_storage;  /* backing store of units[].year */
    /* A streamed ensemble (results_stream.h) keeps no year arrays: units[].year
     * is NULL and year_storage NULL; these hold what is read of them instead. */
    double *year_sum;      /* [unit][RS_N_YEAR_TOTALS]: each total summed over the years */
    double *year_mean;     /* [scenario][RS_N_YEAR_TOTALS][years]: mean over replicates (NaN skipped) */
    uint64_t events;       /* total events processed */
    double wall_seconds;   /* time in the parallel loop */
    int threads;           /* threads used */
} rs_ensemble;

/* Called after each finished unit (serialised; keep it cheap). */
typedef void (*rs_progress_fn)(void *ctx, int done, int total, uint64_t events);

/* Hooks for resume, shards and MPI ranks (rs_ensemble_hooks); r is the
 * local replicate index. skip: called once per unit before the loop, from
 * one thread; non-zero means "do not run it here" (done in a checkpoint, or
 * another rank's) and it may fill *res. unit_done: after each unit this
 * process ran, serialised with progress; it may raise the cancel flag. */
typedef int (*rs_unit_skip_fn)(void *ctx, int s, int r, rs_unit_result *res);
typedef void (*rs_unit_done_fn)(void *ctx, int s, int r, const rs_unit_result *res);

/* Where finished units go one at a time (a streaming results writer, a
 * checkpoint journal): unit (s, local replicate r); res is only borrowed. A
 * non-zero return (with err set) stops the producer. */
typedef int (*rs_unit_sink)(void *ctx, int s, int r, const rs_unit_result *res, rs_error *err);

typedef struct {
    int threads;                          /* <= 0: OpenMP default */
    rs_progress_fn progress;              /* may be NULL */
    void *progress_ctx;
    const volatile sig_atomic_t *cancel;  /* may be NULL; non-zero stops early */
    int point_estimates;                  /* 1: uncertain parameters at their point values */
} rs_ensemble_options;

typedef struct {
    int first_replicate;       /* run replicates first_replicate + r (a shard); 0: whole run */
    rs_unit_skip_fn skip;      /* may be NULL: run every unit */
    rs_unit_done_fn unit_done; /* may be NULL */
    void *ctx;                 /* passed to skip and unit_done */
    int no_store;              /* 1: keep no units; each goes only to unit_done (a streaming writer) */
} rs_ensemble_hooks;

static inline rs_unit_result *rs_ensemble_unit(const rs_ensemble *e, int s, int r)
{
    return &e->units[(size_t)s * (size_t)e->n_replicates + (size_t)r];
}

/* Mean per simulated year of year total t of unit (s, r): rs_metric_per_year
 * of the unit, also for a streamed ensemble (same bits). */
double rs_ensemble_per_year(const rs_ensemble *e, int s, int r, rs_year_total t);
/* Mean over replicates of year total t in year y of scenario s (replicates
 * with a NaN value left out, as rs_stats_summary does). */
double rs_ensemble_year_mean(const rs_ensemble *e, int s, rs_year_total t, int y);

/* Empty (zeroed) storage for n_scenarios x n_replicates units of `years`
 * years; used to gather results (checkpoint, merge). Free with rs_ensemble_free. */
int rs_ensemble_alloc(rs_ensemble *e, int n_scenarios, int n_replicates, int years, rs_error *err);

/* Copy a unit's results, year arrays included, keeping dst's year storage. */
void rs_ensemble_copy_unit(rs_unit_result *dst, const rs_unit_result *src);

/* Run every unit of cfg. On success the caller frees out with rs_ensemble_free. */
int rs_ensemble_run(const rs_config *cfg, const rs_ensemble_options *opt, rs_ensemble *out,
                    rs_error *err);

/* rs_ensemble_run with hooks (NULL: none, the same as rs_ensemble_run).
 * Skipped units are left as skip left them (zero unless it filled them).
 * With hooks->no_store, out holds no units (units NULL; skip gets res NULL),
 * only the counts, events and timing: memory then does not grow with the
 * units. */
int rs_ensemble_run_hooked(const rs_config *cfg, const rs_ensemble_options *opt, const rs_ensemble_hooks *hooks,
                           rs_ensemble *out, rs_error *err);

/* Grow e (from rs_ensemble_run) to n_replicates, running only the new
 * replicates. Replicate r's results do not depend on how the run was split,
 * so growing in blocks gives the same bits as one run. On failure e is
 * left as it was. */
int rs_ensemble_extend(const rs_config *cfg, const rs_ensemble_options *opt, rs_ensemble *e,
                       int n_replicates, rs_error *err);
void rs_ensemble_free(rs_ensemble *e);

#endif
