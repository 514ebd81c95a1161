/* reoffsim — adaptive ABC-SMC (Del Moral, Doucet & Jasra 2012, one
 * simulation per particle): a population of particles moves from a uniform
 * prior towards the posterior through shrinking tolerances, each chosen so
 * the effective sample size falls by a fixed fraction; then resampling and
 * one random-walk Metropolis-Hastings move per particle. Generic over the
 * simulator (a callback), so a toy problem with a known posterior tests it.
 * Deterministic: its own random numbers come from Philox (seed, particle,
 * generation), and simulations are keyed by a running simulation number. */
#ifndef REOFFSIM_ABC_SMC_H
#define REOFFSIM_ABC_SMC_H

#include <stdint.h>

#include "reoffsim/error.h"

#define RS_ABC_MAX_PARAMS 16
#define RS_ABC_MAX_STATS 32
#define RS_ABC_MAX_GENERATIONS 200

typedef struct {
    int n_particles;       /* N: draws in the posterior */
    int max_generations;   /* after the prior sample */
    double alpha;          /* each tolerance keeps this fraction of the previous ESS */
    double epsilon;        /* target tolerance: stop once reached */
    double min_acceptance; /* stop when the move accepts fewer proposals */
    uint64_t seed;
} rs_abc_settings;

typedef struct {
    int n_params, n_stats;
    double lower[RS_ABC_MAX_PARAMS], upper[RS_ABC_MAX_PARAMS]; /* uniform prior */
    /* distance = sqrt(sum_k weight_k ((s_k - observed_k) / scale_k)^2 / sum_k weight_k);
     * weight 0: carried (held out), not fitted. */
    double observed[RS_ABC_MAX_STATS], scale[RS_ABC_MAX_STATS], weight[RS_ABC_MAX_STATS];
} rs_abc_problem;

/* Simulate n parameter sets theta[i * n_params ...]; sim_id[i] keys the i-th's
 * random streams. Writes stats[i * n_stats ...] (NAN allowed: distance inf).
 * Returns RS_OK or an error (RS_ERR_INTERRUPTED stops the sampler). */
typedef int (*rs_abc_simulate_fn)(void *ctx, int n, const double *theta, const uint32_t *sim_id, double *stats,
                                  rs_error *err);

typedef struct {
    double epsilon;    /* tolerance of the generation (inf: the prior sample) */
    double ess;        /* effective sample size after the tolerance cut, before resampling */
    double acceptance; /* share of the move's proposals accepted (1: prior sample) */
    int simulations;   /* model runs in the generation */
    int unique;        /* distinct particles after the move */
} rs_abc_generation;

typedef enum { RS_ABC_RUNNING, RS_ABC_STOP_EPSILON, RS_ABC_STOP_ACCEPTANCE, RS_ABC_STOP_GENERATIONS } rs_abc_stop;

typedef struct {
    int n, n_params, n_stats;
    int generations;       /* history entries: 1 after the prior sample */
    uint32_t next_sim;     /* the next simulation's number */
    rs_abc_stop stop;
    double *theta;         /* n x n_params */
    double *weight;        /* n, normalised */
    double *distance;      /* n */
    double *stats;         /* n x n_stats: each particle's last accepted simulation */
    rs_abc_generation history[RS_ABC_MAX_GENERATIONS + 1];
} rs_abc_state;

int rs_abc_state_alloc(rs_abc_state *st, int n, int n_params, int n_stats, rs_error *err);
void rs_abc_state_free(rs_abc_state *st);

/* Distance of one simulation's stats from the observed values. */
double rs_abc_distance(const rs_abc_problem *pb, const double *stats);

/* Effective sample size (sum w)^2 / sum w^2. */
double rs_abc_ess(const double *w, int n);

/* The prior sample (generation 0) into st (allocated by the caller). */
int rs_abc_start(rs_abc_state *st, const rs_abc_problem *pb, const rs_abc_settings *set, rs_abc_simulate_fn sim,
                 void *ctx, rs_error *err);

/* One generation. On error st is unchanged (a checkpoint of it stays valid). */
int rs_abc_step(rs_abc_state *st, const rs_abc_problem *pb, const rs_abc_settings *set, rs_abc_simulate_fn sim,
                void *ctx, rs_error *err);

/* Check the stop rules against the last generation; sets st->stop. */
rs_abc_stop rs_abc_check_stop(rs_abc_state *st, const rs_abc_settings *set);

const char *rs_abc_stop_name(rs_abc_stop s);

#endif
