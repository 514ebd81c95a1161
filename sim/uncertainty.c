/* reoffsim — distributions of uncertain parameters (uncertainty.h). */
#include "reoffsim/uncertainty.h"

#include <math.h>
#include <string.h>

#include "reoffsim/params.h"
#include "sampling.h"

static const char *const names[] = {"fixed", "beta", "lognormal", "uniform", "normal", "censored_normal"};
#define N_DISTS (int)(sizeof names / sizeof names[0])

const char *rs_dist_name(rs_dist d) { return (unsigned)d < (unsigned)N_DISTS ? names[d] : "?"; }

int rs_dist_from_name(const char *name)
{
    for (int i = 0; i < N_DISTS; i++)
        if (!strcmp(name, names[i])) return i;
    return -1;
}

int rs_dist_check(rs_dist d, double a, double b, rs_error *err)
{
    switch (d) {
    case RS_DIST_BETA:
        if (!(a > 0 && a < 1 && b > 0 && b * b < a * (1 - a)))
            return rs_error_set(err, RS_ERR_CONFIG, "beta needs 0 < mean < 1 and 0 < sd^2 < mean(1-mean), got mean %g sd %g", a, b);
        break;
    case RS_DIST_LOGNORMAL:
        if (!(a > 0 && b > 0)) return rs_error_set(err, RS_ERR_CONFIG, "lognormal needs mean > 0 and sd > 0, got %g, %g", a, b);
        break;
    case RS_DIST_NORMAL:
    case RS_DIST_CENSORED_NORMAL:
        if (!(b > 0) || !isfinite(a) || !isfinite(b))
            return rs_error_set(err, RS_ERR_CONFIG, "%s needs a finite mean and sd > 0, got %g, %g", rs_dist_name(d), a, b);
        break;
    case RS_DIST_UNIFORM:
        if (!(a < b) || !isfinite(a) || !isfinite(b)) return rs_error_set(err, RS_ERR_CONFIG, "uniform needs low < high, got %g, %g", a, b);
        break;
    case RS_DIST_FIXED:
        if (!isfinite(a)) return rs_error_set(err, RS_ERR_CONFIG, "fixed needs a finite value");
        break;
    }
    return RS_OK;
}

double rs_uncertain_point(const rs_uncertain *u) { return u->dist == RS_DIST_UNIFORM ? 0.5 * (u->a + u->b) : u->a; }

/* Lognormal with arithmetic mean m and sd s. */
static void lognormal_musigma(double m, double s, double *mu, double *sigma)
{
    double v = log(1.0 + (s * s) / (m * m));
    *sigma = sqrt(v);
    *mu = log(m) - 0.5 * v;
}

/* A censored normal's value: x held to the range of the key it is for. */
static double censor(const rs_uncertain *u, double x)
{
    const rs_key *k = rs_params_key(u->key);
    return x < k->min ? k->min : x > k->max ? k->max : x;
}

static void beta_shapes(double m, double s, double *alpha, double *beta)
{
    double k = m * (1 - m) / (s * s) - 1.0;
    *alpha = m * k;
    *beta = (1 - m) * k;
}

double rs_uncertain_draw(const rs_uncertain *u, rs_rng_key key)
{
    rs_rng_block b = rs_rng_block_at(key, u->key, RS_PURPOSE_PARAMS, 0, 0);
    double mu, sigma, alpha, beta;
    switch (u->dist) {
    case RS_DIST_BETA: {
        beta_shapes(u->a, u->b, &alpha, &beta);
        double x = rs_sample_gamma(key, u->key, RS_PURPOSE_PARAMS, 1, 0, alpha);
        double y = rs_sample_gamma(key, u->key, RS_PURPOSE_PARAMS, 2, 0, beta);
        return x / (x + y);
    }
    case RS_DIST_LOGNORMAL:
        lognormal_musigma(u->a, u->b, &mu, &sigma);
        return exp(mu + sigma * rs_rng_normal(b.v[0], b.v[1]));
    case RS_DIST_NORMAL: return u->a + u->b * rs_rng_normal(b.v[0], b.v[1]);
    case RS_DIST_CENSORED_NORMAL: return censor(u, u->a + u->b * rs_rng_normal(b.v[0], b.v[1]));
    case RS_DIST_UNIFORM: return u->a + (u->b - u->a) * rs_rng_u01(b.v[0]);
    case RS_DIST_FIXED: break;
    }
    return u->a;
}

/* Inverse standard normal CDF by bisection on erfc (to the last bits). */
static double normal_quantile(double q)
{
    double lo, hi;
    rs_normal_cdf_bracket(q, &lo, &hi);
    return 0.5 * (lo + hi);
}

/* Regularised incomplete beta I_x(a, b) by its continued fraction (Lentz). */
static double incomplete_beta(double x, double a, double b)
{
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    if (x > (a + 1) / (a + b + 2)) return 1.0 - incomplete_beta(1.0 - x, b, a);
    double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)) / a;
    double f = 1.0, c = 1.0, d = 0.0;
    for (int i = 0; i <= 400; i++) {
        int m = i / 2;
        double num;
        if (i == 0) num = 1.0;
        else if (i % 2 == 0) num = (m * (b - m) * x) / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        else num = -((a + m) * (a + b + m) * x) / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        d = 1.0 + num * d;
        if (fabs(d) < 1e-300) d = 1e-300;
        d = 1.0 / d;
        c = 1.0 + num / c;
        if (fabs(c) < 1e-300) c = 1e-300;
        double cd = c * d;
        f *= cd;
        if (fabs(1.0 - cd) < 1e-14) break;
    }
    return front * (f - 1.0);
}

double rs_uncertain_quantile(const rs_uncertain *u, double q)
{
    double mu, sigma, alpha, beta;
    switch (u->dist) {
    case RS_DIST_BETA: {
        beta_shapes(u->a, u->b, &alpha, &beta);
        double lo = 0.0, hi = 1.0;
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (lo + hi);
            if (incomplete_beta(mid, alpha, beta) < q) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
    case RS_DIST_LOGNORMAL:
        lognormal_musigma(u->a, u->b, &mu, &sigma);
        return exp(mu + sigma * normal_quantile(q));
    case RS_DIST_NORMAL: return u->a + u->b * normal_quantile(q);
    case RS_DIST_CENSORED_NORMAL: return censor(u, u->a + u->b * normal_quantile(q));
    case RS_DIST_UNIFORM: return u->a + (u->b - u->a) * q;
    case RS_DIST_FIXED: break;
    }
    return u->a;
}
