/* reoffsim — the offending clock of one liberty spell, in two parts
 * (docs/model.md, "The offending clock"):
 *
 *   Lambda(tau) = base * A(tau) + peak * G(tau)
 *   A(tau) = (1 - exp(-drift * tau/365)) / drift   (years; tau/365 if drift = 0)
 *   G(tau) = 1 - exp(-tau / decay_days)
 *
 * `base` is the person's long-run propensity (offences per year at the
 * spell's start), falling at `drift` per year as they age (desistance that
 * moves continuously with age); `peak` is the total extra intensity of the
 * transient post-release elevation, which decays with time at liberty. A
 * spell's peak is set by the custody that preceded it (offending.c), so a
 * short recall or remand does not restore a first release's peak.
 * Offence times come from inverting Lambda with a unit exponential, so a
 * service that lowers the scale moves the same offence later instead of
 * reshuffling draws (common random numbers). */
#ifndef REOFFSIM_HAZARD_H
#define REOFFSIM_HAZARD_H

typedef struct {
    double base;       /* long-run intensity at the spell's start, per year */
    double peak;       /* total intensity of the post-release elevation */
    double drift;      /* age desistance: log-rate fall of `base` per year */
    double decay_days; /* time constant of the elevation (> 0) */
} rs_clock;

/* Lambda(tau), tau in days since the spell started. */
double rs_clock_cumulative(const rs_clock *c, double tau);

/* Smallest tau >= tau_from with Lambda(tau) = cum (INFINITY if Lambda never
 * reaches it). tau_from must satisfy Lambda(tau_from) <= cum (e.g. the
 * previous offence's time); Newton's method from below, which converges
 * monotonically since Lambda is concave. */
double rs_clock_inverse(const rs_clock *c, double cum, double tau_from);

/* Re-rate when the clock changes at tau_now from `from` to `to` (a service
 * starts or ends, a need is met): the intensity still owed to reach the
 * pending event (at cumulative `cum_next` under `from`) is owed under `to`.
 * Returns the pending event's cumulative intensity under `to`. Keeps each
 * agent's draw fixed (common random numbers), also across a zero hazard. */
double rs_clock_rerate(const rs_clock *from, const rs_clock *to, double tau_now, double cum_next);

/* OGRS3's cumulative hazards H = -ln(1 - P) are those of a population; with
 * gamma frailty of variance v the individual cumulative intensity that gives
 * the population survival 1 - P is (exp(v H) - 1) / v (H when v = 0). Part
 * of the decline OGRS3 shows from one to two years is selection of the
 * frail: this removes it before the decline is given to the clock. */
double rs_clock_frailty_corrected(double h, double variance);

/* Identify a first spell's base and peak from the individual cumulative
 * intensities at one and two years (c1 < c2) for the given drift and decay:
 * base * A(365) + peak * G(365) = c1 and base * A(730) + peak * G(730) = c2.
 * When the two years imply no decline beyond the drift the peak is 0 (and
 * the base meets c1); when they imply more than the peak can give the base
 * is 0 (and the peak meets c1). */
void rs_clock_identify(double c1, double c2, double drift, double decay_days, double *base, double *peak);

#endif
