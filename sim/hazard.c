/* reoffsim — the two-part offending clock (see hazard.h). */
#include "hazard.h"

#include <math.h>

/* A(tau) in years: the long-run part's cumulative with age drift. */
static double drift_years(double drift, double tau)
{
    double years = tau / 365.0;
    if (drift == 0.0) return years;
    return -expm1(-drift * years) / drift;
}

/* Inverse of A: the tau with A(tau) = years (INFINITY beyond A's limit). */
static double drift_years_inverse(double drift, double years)
{
    if (drift == 0.0) return 365.0 * years;
    double x = drift * years;
    if (!(x < 1.0)) return INFINITY;
    return -365.0 * log1p(-x) / drift;
}

static double elevation(double decay_days, double tau) { return -expm1(-tau / decay_days); }

double rs_clock_cumulative(const rs_clock *c, double tau)
{
    if (!(tau > 0.0)) return 0.0;
    double cum = c->base * drift_years(c->drift, tau);
    if (c->peak > 0.0) cum += c->peak * elevation(c->decay_days, tau);
    return cum;
}

/* Lambda's limit as tau grows (INFINITY unless the base desists to zero). */
static double clock_limit(const rs_clock *c)
{
    double lim = c->peak > 0.0 ? c->peak : 0.0;
    if (c->base > 0.0) lim += c->drift > 0.0 ? c->base / c->drift : INFINITY;
    return lim;
}

/* A start no later than the root: the base alone must supply what the
 * whole peak cannot, and Lambda rises no faster than its initial rate. */
static double newton_start(const rs_clock *c, double cum, double tau_from)
{
    double start = tau_from > 0.0 ? tau_from : 0.0;
    double peak = c->peak > 0.0 ? c->peak : 0.0;
    if (c->base > 0.0 && cum > peak) {
        double t = drift_years_inverse(c->drift, (cum - peak) / c->base);
        if (t > start) start = t;
    }
    double slope0 = c->base / 365.0 + c->peak / c->decay_days; /* Lambda's rate at 0 */
    if (slope0 > 0.0 && cum / slope0 > start) start = cum / slope0;
    return start;
}

/* Lambda and its rate at tau in one pass: one exp per part. */
static double cumulative_and_rate(const rs_clock *c, double tau, double *rate)
{
    double years = tau / 365.0, cum, r;
    if (c->drift == 0.0) {
        cum = c->base * years;
        r = c->base / 365.0;
    } else {
        double fall = exp(-c->drift * years);
        cum = c->base * (1.0 - fall) / c->drift;
        r = c->base * fall / 365.0;
    }
    double left = exp(-tau / c->decay_days);
    *rate = r + c->peak * left / c->decay_days;
    return cum + c->peak * (1.0 - left);
}

/* Newton's steps stop below this (days): event times are kept as floats,
 * whose resolution at 20 years is ~5e-4 days. */
#define CLOCK_STEP_DAYS 1e-5
/* A shortfall of intensity (relative to the cumulative) treated as none. */
#define CLOCK_SPENT 1e-8

double rs_clock_inverse(const rs_clock *c, double cum, double tau_from)
{
    if (!(cum < clock_limit(c))) return INFINITY;
    if (!(c->peak > 0.0)) return drift_years_inverse(c->drift, cum / c->base); /* closed form */
    double tau = newton_start(c, cum, tau_from);
    /* Past the peak (tau >> decay_days) the start is the root to within the
     * elevation still unspent there: e^-40 ~ 4e-18, no exp needed to know. */
    if (tau > 40.0 * c->decay_days) return tau;
    for (int it = 0; it < 60; it++) {
        double rate, gap = cum - cumulative_and_rate(c, tau, &rate);
        if (!(gap > CLOCK_SPENT * (1.0 + cum)) || !(rate > 0.0)) break; /* concave: iterates stay below the root */
        double step = gap / rate;
        tau += step;
        if (!(step > CLOCK_STEP_DAYS)) break;
    }
    return tau;
}

double rs_clock_rerate(const rs_clock *from, const rs_clock *to, double tau_now, double cum_next)
{
    if (tau_now <= 0.0) return cum_next > 0.0 ? cum_next : 0.0; /* nothing accrued yet under either */
    double owed = cum_next - rs_clock_cumulative(from, tau_now);
    if (owed < 0.0) owed = 0.0;
    return rs_clock_cumulative(to, tau_now) + owed;
}

double rs_clock_frailty_corrected(double h, double variance)
{
    if (!(variance > 0.0)) return h;
    return expm1(variance * h) / variance;
}

void rs_clock_identify(double c1, double c2, double drift, double decay_days, double *base, double *peak)
{
    double a1 = drift_years(drift, 365.0), a2 = drift_years(drift, 730.0);
    double g1 = elevation(decay_days, 365.0), g2 = elevation(decay_days, 730.0);
    double det = a1 * g2 - a2 * g1; /* < 0: the base accrues relatively more in year two */
    double p = (a1 * c2 - a2 * c1) / det;
    if (!(p > 0.0)) { /* no decline beyond the drift: no peak */
        *peak = 0.0;
        *base = c1 / a1;
        return;
    }
    double b = (c1 - p * g1) / a1;
    if (!(b > 0.0)) { /* all decline: the peak alone meets the first year */
        *base = 0.0;
        *peak = c1 / g1;
        return;
    }
    *base = b;
    *peak = p;
}
