/* reoffsim — adaptive ABC-SMC (abc_smc.h): tolerance by ESS fraction,
 * systematic resampling, random-walk MH move with the particles' covariance. */
#include "abc_smc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reoffsim/rng.h"

#define ABC_KEY_REPLICATE 0xFFFFFFFFu /* the sampler's own key: (seed, this) */
#define RESAMPLE_AGENT 0xFFFFFFFFu

static const char *const stop_names[] = {"running", "tolerance reached", "acceptance below the minimum",
                                         "generation limit reached"};

const char *rs_abc_stop_name(rs_abc_stop s) { return (unsigned)s < 4 ? stop_names[s] : "?"; }

int rs_abc_state_alloc(rs_abc_state *st, int n, int n_params, int n_stats, rs_error *err)
{
    memset(st, 0, sizeof *st);
    st->n = n;
    st->n_params = n_params;
    st->n_stats = n_stats;
    st->theta = calloc((size_t)n * (size_t)n_params, sizeof *st->theta);
    st->weight = calloc((size_t)n, sizeof *st->weight);
    st->distance = calloc((size_t)n, sizeof *st->distance);
    st->stats = calloc((size_t)n * (size_t)n_stats, sizeof *st->stats);
    if (st->theta && st->weight && st->distance && st->stats) return RS_OK;
    rs_abc_state_free(st);
    return rs_error_set(err, RS_ERR_NOMEM, "out of memory for %d particles", n);
}

void rs_abc_state_free(rs_abc_state *st)
{
    free(st->theta);
    free(st->weight);
    free(st->distance);
    free(st->stats);
    memset(st, 0, sizeof *st);
}

double rs_abc_distance(const rs_abc_problem *pb, const double *stats)
{
    double sum = 0.0, wsum = 0.0;
    for (int k = 0; k < pb->n_stats; k++) {
        if (pb->weight[k] <= 0) continue;
        double z = (stats[k] - pb->observed[k]) / pb->scale[k];
        if (!isfinite(z)) return INFINITY;
        sum += pb->weight[k] * z * z;
        wsum += pb->weight[k];
    }
    return wsum > 0 ? sqrt(sum / wsum) : 0.0;
}

double rs_abc_ess(const double *w, int n)
{
    double s = 0.0, s2 = 0.0;
    for (int i = 0; i < n; i++) {
        s += w[i];
        s2 += w[i] * w[i];
    }
    return s2 > 0 ? s * s / s2 : 0.0;
}

static rs_rng_block sampler_block(uint64_t seed, uint32_t agent, int generation, uint32_t lane)
{
    return rs_rng_block_at(rs_rng_key_make(seed, ABC_KEY_REPLICATE), agent, RS_PURPOSE_ABC, (uint32_t)generation, lane);
}

/* Simulate a batch and score it; ids are the next simulation numbers. */
static int simulate(rs_abc_state *st, const rs_abc_problem *pb, rs_abc_simulate_fn sim, void *ctx, int n,
                    const double *theta, double *stats, double *dist, rs_error *err)
{
    if (n == 0) return RS_OK;
    if ((uint64_t)st->next_sim + (uint64_t)n >= ABC_KEY_REPLICATE)
        return rs_error_set(err, RS_ERR_CONFIG, "ABC: more than 2^32 simulations");
    uint32_t *ids = malloc(sizeof *ids * (size_t)n);
    if (!ids) return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    for (int i = 0; i < n; i++) ids[i] = st->next_sim + (uint32_t)i;
    int rc = sim(ctx, n, theta, ids, stats, err);
    free(ids);
    if (rc) return rc;
    st->next_sim += (uint32_t)n;
    for (int i = 0; i < n; i++) dist[i] = rs_abc_distance(pb, stats + (size_t)i * (size_t)pb->n_stats);
    return RS_OK;
}

int rs_abc_start(rs_abc_state *st, const rs_abc_problem *pb, const rs_abc_settings *set, rs_abc_simulate_fn sim,
                 void *ctx, rs_error *err)
{
    for (int i = 0; i < st->n; i++) {
        st->weight[i] = 1.0 / st->n;
        for (int k = 0; k < pb->n_params; k++) {
            rs_rng_block b = sampler_block(set->seed, (uint32_t)i, 0, (uint32_t)(k / 4));
            double u = rs_rng_u01(b.v[k % 4]);
            st->theta[(size_t)i * (size_t)pb->n_params + (size_t)k] = pb->lower[k] + (pb->upper[k] - pb->lower[k]) * u;
        }
    }
    int rc = simulate(st, pb, sim, ctx, st->n, st->theta, st->stats, st->distance, err);
    if (rc) return rc;
    st->history[0] = (rs_abc_generation){INFINITY, (double)st->n, 1.0, st->n, st->n};
    st->generations = 1;
    st->stop = RS_ABC_RUNNING;
    return RS_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The smallest tolerance (a particle's distance, at least the target) whose
 * surviving weights keep alpha of the current ESS. */
static double next_epsilon(const rs_abc_state *st, const rs_abc_settings *set, double *pairs)
{
    int m = 0;
    for (int i = 0; i < st->n; i++)
        if (st->weight[i] > 0 && isfinite(st->distance[i])) {
            pairs[2 * m] = st->distance[i];
            pairs[2 * m + 1] = st->weight[i];
            m++;
        }
    qsort(pairs, (size_t)m, 2 * sizeof *pairs, cmp_double); /* by distance (first of each pair) */
    double want = set->alpha * rs_abc_ess(st->weight, st->n), s = 0.0, s2 = 0.0;
    double eps = m ? pairs[2 * (m - 1)] : INFINITY;
    for (int j = 0; j < m; j++) {
        s += pairs[2 * j + 1];
        s2 += pairs[2 * j + 1] * pairs[2 * j + 1];
        if ((j + 1 == m || pairs[2 * (j + 1)] > pairs[2 * j]) && s * s / s2 >= want) {
            eps = pairs[2 * j];
            break;
        }
    }
    return eps < set->epsilon ? set->epsilon : eps;
}

/* Weighted covariance of the particles, scaled for a random-walk proposal
 * (2.38^2 / d: Roberts, Gelman & Gilks 1997), as its Cholesky factor L. A
 * collapsed direction gets a floor of 1e-6 of its prior range. */
static void proposal_factor(const rs_abc_state *st, const rs_abc_problem *pb, double *L)
{
    int d = pb->n_params;
    double mean[RS_ABC_MAX_PARAMS] = {0}, cov[RS_ABC_MAX_PARAMS * RS_ABC_MAX_PARAMS] = {0}, wsum = 0.0;
    for (int i = 0; i < st->n; i++) {
        wsum += st->weight[i];
        for (int k = 0; k < d; k++) mean[k] += st->weight[i] * st->theta[(size_t)i * d + k];
    }
    for (int k = 0; k < d; k++) mean[k] /= wsum;
    for (int i = 0; i < st->n; i++)
        for (int a = 0; a < d; a++)
            for (int b = 0; b <= a; b++)
                cov[a * d + b] += st->weight[i] * (st->theta[(size_t)i * d + a] - mean[a]) *
                                  (st->theta[(size_t)i * d + b] - mean[b]) / wsum;
    double scale = 2.38 * 2.38 / d;
    for (int a = 0; a < d; a++) {
        double floor_var = 1e-12 * (pb->upper[a] - pb->lower[a]) * (pb->upper[a] - pb->lower[a]);
        for (int b = 0; b <= a; b++) cov[a * d + b] *= scale;
        if (cov[a * d + a] < floor_var) cov[a * d + a] = floor_var;
    }
    memset(L, 0, sizeof *L * (size_t)(d * d));
    for (int a = 0; a < d; a++) /* Cholesky; a non-positive pivot falls back to the diagonal */
        for (int b = 0; b <= a; b++) {
            double s = cov[a * d + b];
            for (int k = 0; k < b; k++) s -= L[a * d + k] * L[b * d + k];
            if (a == b) L[a * d + a] = s > 0 ? sqrt(s) : sqrt(cov[a * d + a]);
            else L[a * d + b] = L[b * d + b] > 0 ? s / L[b * d + b] : 0.0;
        }
}

/* Systematic resampling: one uniform, N equally spaced points on the weights. */
static void resample(const rs_abc_state *st, int generation, uint64_t seed, int *pick)
{
    double total = 0.0;
    for (int i = 0; i < st->n; i++) total += st->weight[i];
    double u = rs_rng_u01(sampler_block(seed, RESAMPLE_AGENT, generation, 0).v[0]), cum = 0.0;
    int j = 0;
    for (int i = 0; i < st->n; i++) {
        double point = (i + u) / st->n * total;
        while (j < st->n - 1 && cum + st->weight[j] < point) cum += st->weight[j++];
        pick[i] = j;
    }
}

/* x folded back into [lo, hi] by reflection at the bounds. The reflected
 * Gaussian walk is still symmetric (q(x -> y) = q(y -> x) on a box), so the
 * MH ratio stays the ABC indicator; without it most proposals of a particle
 * cloud spread over its prior range leave the box in some dimension (with
 * 9 parameters, ~85% in the first generations of the default spec) and are
 * wasted. 0 if a step is so long that it still lies outside after 8 folds. */
static int reflect(double *x, double lo, double hi)
{
    for (int k = 0; k < 8 && (*x < lo || *x > hi); k++) *x = *x < lo ? 2 * lo - *x : 2 * hi - *x;
    return *x >= lo && *x <= hi;
}

/* Particle i's proposal: theta + L z, reflected into the prior box; 0 if it cannot be. */
static int propose(const rs_abc_problem *pb, const double *theta, const double *L, uint64_t seed, int i, int generation,
                   double *out)
{
    int d = pb->n_params;
    double z[RS_ABC_MAX_PARAMS + 2];
    for (int lane = 0; 4 * lane < d; lane++) {
        rs_rng_block b = sampler_block(seed, (uint32_t)i, generation, (uint32_t)lane);
        rs_rng_normal_pair(b.v[0], b.v[1], z + 4 * lane);
        rs_rng_normal_pair(b.v[2], b.v[3], z + 4 * lane + 2);
    }
    int inside = 1;
    for (int a = 0; a < d; a++) {
        out[a] = theta[a];
        for (int b = 0; b <= a; b++) out[a] += L[a * d + b] * z[b];
        inside &= reflect(&out[a], pb->lower[a], pb->upper[a]);
    }
    return inside;
}

typedef struct {
    double *theta, *stats, *dist, *pairs, *prop, *prop_stats, *prop_dist;
    int *pick, *index;
} scratch;

static void scratch_free(scratch *s)
{
    free(s->theta);
    free(s->stats);
    free(s->dist);
    free(s->pairs);
    free(s->prop);
    free(s->prop_stats);
    free(s->prop_dist);
    free(s->pick);
    free(s->index);
}

static int scratch_alloc(scratch *s, int n, int d, int t)
{
    memset(s, 0, sizeof *s);
    s->theta = malloc(sizeof(double) * (size_t)n * (size_t)d);
    s->stats = malloc(sizeof(double) * (size_t)n * (size_t)t);
    s->dist = malloc(sizeof(double) * (size_t)n);
    s->pairs = malloc(sizeof(double) * 2 * (size_t)n);
    s->prop = malloc(sizeof(double) * (size_t)n * (size_t)d);
    s->prop_stats = malloc(sizeof(double) * (size_t)n * (size_t)t);
    s->prop_dist = malloc(sizeof(double) * (size_t)n);
    s->pick = malloc(sizeof(int) * (size_t)n);
    s->index = malloc(sizeof(int) * (size_t)n);
    return s->theta && s->stats && s->dist && s->pairs && s->prop && s->prop_stats && s->prop_dist && s->pick && s->index
               ? 0 : -1;
}

/* Distinct rows among the particles (a resampled copy that never moved is not new). */
static int count_unique(const double *theta, int n, int d)
{
    int unique = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = i - 1; j >= 0 && !seen; j--) seen = !memcmp(theta + (size_t)i * d, theta + (size_t)j * d, sizeof *theta * (size_t)d);
        unique += !seen;
    }
    return unique;
}

/* Resampled copies into s, then one MH move each: accepted if the new simulation is within eps. */
static int move(rs_abc_state *st, const rs_abc_problem *pb, const rs_abc_settings *set, rs_abc_simulate_fn sim,
                void *ctx, double eps, scratch *s, rs_abc_generation *g, rs_error *err)
{
    int n = st->n, d = pb->n_params, t = pb->n_stats, gen = st->generations;
    double L[RS_ABC_MAX_PARAMS * RS_ABC_MAX_PARAMS];
    proposal_factor(st, pb, L);
    resample(st, gen, set->seed, s->pick);
    int m = 0;
    for (int i = 0; i < n; i++) {
        int j = s->pick[i];
        memcpy(s->theta + (size_t)i * d, st->theta + (size_t)j * d, sizeof(double) * (size_t)d);
        memcpy(s->stats + (size_t)i * t, st->stats + (size_t)j * t, sizeof(double) * (size_t)t);
        s->dist[i] = st->distance[j];
        if (propose(pb, s->theta + (size_t)i * d, L, set->seed, i, gen, s->prop + (size_t)m * d)) s->index[m++] = i;
    }
    uint32_t first = st->next_sim;
    int rc = simulate(st, pb, sim, ctx, m, s->prop, s->prop_stats, s->prop_dist, err);
    if (rc) {
        st->next_sim = first;
        return rc;
    }
    int accepted = 0;
    for (int k = 0; k < m; k++) {
        if (!(s->prop_dist[k] <= eps)) continue; /* uniform prior, symmetric kernel: MH ratio is the ABC indicator */
        int i = s->index[k];
        memcpy(s->theta + (size_t)i * d, s->prop + (size_t)k * d, sizeof(double) * (size_t)d);
        memcpy(s->stats + (size_t)i * t, s->prop_stats + (size_t)k * t, sizeof(double) * (size_t)t);
        s->dist[i] = s->prop_dist[k];
        accepted++;
    }
    g->acceptance = (double)accepted / n;
    g->simulations = m;
    g->unique = count_unique(s->theta, n, d);
    return RS_OK;
}

int rs_abc_step(rs_abc_state *st, const rs_abc_problem *pb, const rs_abc_settings *set, rs_abc_simulate_fn sim,
                void *ctx, rs_error *err)
{
    if (st->generations > RS_ABC_MAX_GENERATIONS) return rs_error_set(err, RS_ERR_CONFIG, "ABC: too many generations");
    int n = st->n;
    scratch s;
    double *old_w = malloc(sizeof *old_w * (size_t)n);
    if (scratch_alloc(&s, n, pb->n_params, pb->n_stats) || !old_w) {
        scratch_free(&s);
        free(old_w);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    }
    memcpy(old_w, st->weight, sizeof *old_w * (size_t)n);
    rs_abc_generation g = {0};
    g.epsilon = next_epsilon(st, set, s.pairs);
    for (int i = 0; i < n; i++)
        if (!(st->distance[i] <= g.epsilon)) st->weight[i] = 0.0;
    g.ess = rs_abc_ess(st->weight, n);
    int rc = move(st, pb, set, sim, ctx, g.epsilon, &s, &g, err);
    if (rc) memcpy(st->weight, old_w, sizeof *old_w * (size_t)n); /* unchanged on error */
    else {
        memcpy(st->theta, s.theta, sizeof(double) * (size_t)n * (size_t)pb->n_params);
        memcpy(st->stats, s.stats, sizeof(double) * (size_t)n * (size_t)pb->n_stats);
        memcpy(st->distance, s.dist, sizeof(double) * (size_t)n);
        for (int i = 0; i < n; i++) st->weight[i] = 1.0 / n;
        st->history[st->generations++] = g;
    }
    scratch_free(&s);
    free(old_w);
    return rc;
}

rs_abc_stop rs_abc_check_stop(rs_abc_state *st, const rs_abc_settings *set)
{
    const rs_abc_generation *g = &st->history[st->generations - 1];
    if (st->generations > 1 && g->epsilon <= set->epsilon) st->stop = RS_ABC_STOP_EPSILON;
    else if (st->generations > 1 && g->acceptance < set->min_acceptance) st->stop = RS_ABC_STOP_ACCEPTANCE;
    else if (st->generations > set->max_generations || st->generations > RS_ABC_MAX_GENERATIONS) st->stop = RS_ABC_STOP_GENERATIONS;
    else st->stop = RS_ABC_RUNNING;
    return st->stop;
}
