/* reoffsim — samplers over counter-based uniforms (sampling.h). */
#include "sampling.h"

#include <assert.h>
#include <math.h>

/* Total weight and running sums of the positive weights. */
static void prepare_sums(rs_categorical *c, const double *w, int n)
{
    assert(n > 0 && n <= RS_CATEGORICAL_MAX);
    double total = 0.0, acc = 0.0;
    for (int i = 0; i < n; i++) total += w[i];
    c->total = total;
    c->n = n;
    c->last = 0;
    for (int i = 0; i < n; i++) {
        /* A category without weight can never be chosen: its running sum
         * equals the previous one, so an earlier index always wins. The
         * first positive weight is preceded by sums of 0, which no target
         * (u * total > 0) is below. */
        if (w[i] > 0.0) {
            acc += w[i];
            c->last = i;
        }
        c->cum[i] = acc;
    }
}

/* The first category from `from` on whose running sum exceeds the target. */
static int scan_from(const rs_categorical *c, double target, int from)
{
    for (int i = from; i < c->n; i++)
        if (target < c->cum[i]) return i;
    return c->last;
}

/* One-off draws: a plain search from the first category (no guide to build). */
int rs_sample_categorical(const double *w, int n, double u)
{
    rs_categorical c;
    prepare_sums(&c, w, n);
    return scan_from(&c, u * c.total, 0);
}

void rs_categorical_init(rs_categorical *c, const double *w, int n)
{
    prepare_sums(c, w, n);
    /* Slice g holds the u with (int)(u * G) == g, so u >= g / G up to a
     * rounding (relative 2^-52); its guide is the category of a target a
     * little below g / G of the total (relative 2^-40), which every target
     * of the slice is at or above: no category before the guide can be the
     * draw. */
    for (int g = 0; g < RS_CATEGORICAL_GUIDE; g++) {
        double below = (double)g / RS_CATEGORICAL_GUIDE * c->total * (1.0 - 0x1p-40);
        c->guide[g] = (uint8_t)scan_from(c, below, 0);
    }
}

double rs_sample_exp1(uint32_t word)
{
    /* Single precision: the draws time events stored as float days. u is
     * kept below 1 so the draw is never 0 (near 0 it moves in steps of
     * 6e-8, which no result can see). */
    const float below_one = 0x1.fffffep-1f;
    float u = ((float)word + 0.5f) * 0x1p-32f;
    return -logf(u < below_one ? u : below_one); /* not fminf: a libm call, never NaN here */
}

int rs_sample_poisson(double mean, uint32_t u_word, uint32_t za, uint32_t zb)
{
    if (!(mean > 0.0)) return 0;
    if (mean > 500.0) {
        double x = floor(mean + sqrt(mean) * rs_rng_normal(za, zb) + 0.5);
        return x < 0.0 ? 0 : (int)x;
    }
    /* Inversion: walk the CDF from 0. */
    double u = rs_rng_u01(u_word), p = exp(-mean), cdf = p;
    int k = 0;
    while (u > cdf && k < 100000) {
        k++;
        p *= mean / k;
        cdf += p;
        if (p < 1e-300 && k > mean) break;
    }
    return k;
}

double rs_normal_cdf(double z) { return 0.5 * erfc(-z / sqrt(2.0)); }

void rs_normal_cdf_bracket(double q, double *lo, double *hi)
{
    double a = -40.0, b = 40.0;
    for (int i = 0; i < 200; i++) { /* more than enough to meet at adjacent doubles */
        double mid = 0.5 * (a + b);
        if (rs_normal_cdf(mid) < q) a = mid; else b = mid;
    }
    *lo = a;
    *hi = b;
}

double rs_sample_gamma(rs_rng_key key, uint32_t agent, rs_purpose purpose, uint32_t occurrence,
                       uint32_t first_lane, double shape)
{
    /* shape < 1: Gamma(shape) = Gamma(shape+1) * U^(1/shape). */
    double boost = 1.0;
    uint32_t lane = first_lane;
    if (shape < 1.0) {
        rs_rng_block b = rs_rng_block_at(key, agent, purpose, occurrence, lane++);
        boost = pow(rs_rng_u01(b.v[0]), 1.0 / shape);
        shape += 1.0;
    }
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (int tries = 0; tries < 1000; tries++) {
        rs_rng_block b = rs_rng_block_at(key, agent, purpose, occurrence, lane++);
        double x = rs_rng_normal(b.v[0], b.v[1]);
        double v = 1.0 + c * x;
        if (v <= 0.0) continue;
        v = v * v * v;
        double u = rs_rng_u01(b.v[2]), x2 = x * x;
        /* Marsaglia and Tsang's squeeze: accepts most draws without the
         * logs, and only draws the log test would accept too. */
        if (u < 1.0 - 0.0331 * x2 * x2) return d * v * boost;
        if (log(u) < 0.5 * x2 + d - d * v + d * log(v)) return d * v * boost;
    }
    return shape * boost; /* unreachable in practice: acceptance rate > 0.95 */
}
