/* reoffsim — distributions drawn from counter-based words: each sampler
 * takes the key and counter coordinates, so its result depends only on what
 * is being decided. Variable-length samplers (gamma) walk the lane index. */
#ifndef REOFFSIM_SAMPLING_H
#define REOFFSIM_SAMPLING_H

#include <math.h>
#include <stdint.h>

#include "reoffsim/rng.h"

/* Index i with probability w[i]/sum(w), from a uniform u in (0,1); categories
 * without (positive) weight are never chosen. n <= RS_CATEGORICAL_MAX. For
 * many draws from the same weights, prepare them once (rs_categorical). */
int rs_sample_categorical(const double *w, int n, double u);

/* A categorical distribution prepared once for many draws (running sums of
 * the positive weights; rs_sample_categorical prepares one per call). A
 * guide table (Chen and Asau's cutpoints) says, for each of RS_CATEGORICAL_GUIDE
 * equal slices of u, the first category the draw can be, so the search
 * starts there: the same category as a search from 0, in a step or two. */
#define RS_CATEGORICAL_MAX 32
#define RS_CATEGORICAL_GUIDE 32
typedef struct {
    double total;
    double cum[RS_CATEGORICAL_MAX]; /* running sum of the positive weights up to i */
    int n, last;                    /* categories; last one with weight */
    uint8_t guide[RS_CATEGORICAL_GUIDE];
} rs_categorical;

/* n <= RS_CATEGORICAL_MAX. */
void rs_categorical_init(rs_categorical *c, const double *w, int n);

static inline int rs_categorical_draw(const rs_categorical *c, double u)
{
    double target = u * c->total;
    int slice = (int)(u * RS_CATEGORICAL_GUIDE);
    for (int i = c->guide[slice < RS_CATEGORICAL_GUIDE ? slice : RS_CATEGORICAL_GUIDE - 1]; i < c->n; i++)
        if (target < c->cum[i]) return i;
    return c->last;
}

/* Unit exponential from a word. */
double rs_sample_exp1(uint32_t word);

/* Poisson(mean) by inversion from the uniform of word u; above a mean of
 * 500, a normal approximation from words za, zb (Box–Muller, only then
 * computed). */
int rs_sample_poisson(double mean, uint32_t u, uint32_t za, uint32_t zb);

/* Gamma(shape, scale=1) by Marsaglia–Tsang, consuming lanes first_lane.. of
 * (agent, purpose, occurrence). */
double rs_sample_gamma(rs_rng_key key, uint32_t agent, rs_purpose purpose, uint32_t occurrence,
                       uint32_t first_lane, double shape);

/* Standard normal CDF. */
double rs_normal_cdf(double z);

/* Where rs_normal_cdf crosses q in [-40, 40], by bisection down to adjacent
 * doubles: rs_normal_cdf(*lo) < q <= rs_normal_cdf(*hi). So for |z| < 40,
 * "rs_normal_cdf(z) < q" is "z < *hi", without computing the CDF. */
void rs_normal_cdf_bracket(double q, double *lo, double *hi);

/* Lognormal with median m and log-sd s from a standard normal z. */
static inline double rs_sample_lognormal(double median, double sdlog, double z)
{
    return median * exp(sdlog * z);
}

#endif
