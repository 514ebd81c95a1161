/* reoffsim — Weibull offending clock (see hazard.h). */
#include "hazard.h"

#include <math.h>

#include "reoffsim/ogrs3.h"

static rs_hazard weibull_through(double h1, double h2, double scale, double min_k, double max_k)
{
    double k = log(h2 / h1) * (1.0 / 0.69314718055994530942); /* log2(H2/H1) */
    if (!(k >= min_k)) k = min_k; /* also catches NaN */
    if (k > max_k) k = max_k;
    rs_hazard h = {scale * h1, k};
    return h;
}

rs_hazard rs_hazard_from_ogrs3(double p1, double p2, double scale, double min_k, double max_k)
{
    return weibull_through(-log1p(-p1), -log1p(-p2), scale, min_k, max_k);
}

rs_hazard rs_hazard_from_ogrs3_predictor(double y, double scale, double min_k, double max_k)
{
    double e1 = exp(y + RS_OGRS3_C1);
    const double ratio = 2.052667157594393; /* e^(C2 - C1) = e^0.71914 (tests/test_hazard.c checks it) */
    return weibull_through(log1p(e1), log1p(e1 * ratio), scale, min_k, max_k);
}

/* (tau/365)^k in single precision: the shape part of Lambda (tau > 0). */
static double shape_power(double tau, double k) { return powf((float)(tau / 365.0), (float)k); }

double rs_hazard_cumulative(rs_hazard h, double tau)
{
    if (tau <= 0.0) return 0.0;
    return h.a * shape_power(tau, h.k);
}

double rs_hazard_inverse(rs_hazard h, double cum)
{
    if (!(h.a > 0.0)) return INFINITY;
    return 365.0 * powf((float)(cum / h.a), (float)(1.0 / h.k));
}

double rs_hazard_rerate(rs_hazard from, rs_hazard to, double tau_now, double cum_next)
{
    if (tau_now <= 0.0) return cum_next > 0.0 ? cum_next : 0.0; /* nothing accrued yet under either */
    /* Services and needs change the scale, rarely the shape: with the same
     * shape, (tau/365)^k is one powf for both hazards (the same value
     * rs_hazard_cumulative would compute twice). */
    double p_from = shape_power(tau_now, from.k);
    double p_to = (float)to.k == (float)from.k ? p_from : shape_power(tau_now, to.k);
    double owed = cum_next - from.a * p_from;
    if (owed < 0.0) owed = 0.0;
    return to.a * p_to + owed;
}
