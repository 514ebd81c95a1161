/* reoffsim — parameter uncertainty for probabilistic sensitivity analysis:
 * a config value may be a distribution ({dist: beta, mean, sd}, lognormal,
 * uniform, normal, censored_normal, fixed). Each replicate draws its own value of every
 * uncertain parameter from the stream (seed, replicate; key index, PARAMS),
 * so every scenario of a replicate gets the same draws. */
#ifndef REOFFSIM_UNCERTAINTY_H
#define REOFFSIM_UNCERTAINTY_H

#include <stdint.h>

#include "reoffsim/error.h"
#include "reoffsim/rng.h"

#define RS_MAX_UNCERTAIN 64

/* RS_DIST_CENSORED_NORMAL: a normal whose values beyond the key's range are
 * that bound (so a probability can be exactly 0 with positive probability:
 * an effect prior that includes "no effect"; docs/evidence.md). */
typedef enum {
    RS_DIST_FIXED, RS_DIST_BETA, RS_DIST_LOGNORMAL, RS_DIST_UNIFORM, RS_DIST_NORMAL, RS_DIST_CENSORED_NORMAL
} rs_dist;

typedef struct {
    uint32_t key; /* index into the schema (rs_params_key) */
    rs_dist dist;
    double a, b;  /* beta/lognormal/(censored) normal: mean, sd; uniform: low, high; fixed: value, - */
} rs_uncertain;

/* Name for messages and provenance ("beta", ...); parse one (-1 if unknown). */
const char *rs_dist_name(rs_dist d);
int rs_dist_from_name(const char *name);

/* Check the parameters of a distribution; message names the problem. */
int rs_dist_check(rs_dist d, double a, double b, rs_error *err);

/* The point value used without sampling (the mean; uniform: the midpoint;
 * censored normal: the mean before censoring). */
double rs_uncertain_point(const rs_uncertain *u);

/* The replicate's draw of parameter u. */
double rs_uncertain_draw(const rs_uncertain *u, rs_rng_key key);

/* Quantile q in (0, 1), e.g. 0.025 / 0.975 for a tornado chart (beta by
 * bisection on its distribution function; censored normal: the normal's,
 * held to the key's range). */
double rs_uncertain_quantile(const rs_uncertain *u, double q);

#endif
