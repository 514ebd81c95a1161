/* reoffsim — the latent offending clock. Cumulative intensity since the
 * start of a liberty spell is Lambda(tau) = a * (tau/365)^k (Weibull, k < 1
 * gives the post-release peak and desistance with offence-free time). Offence
 * times come from inverting Lambda with a unit exponential, so a service that
 * lowers `a` moves the same offence later instead of reshuffling draws.
 * The power is taken in single precision (powf, ~40% cheaper than pow):
 * event times are stored as float days anyway, so nothing finer survives. */
#ifndef REOFFSIM_HAZARD_H
#define REOFFSIM_HAZARD_H

typedef struct {
    double a; /* expected offences in the first year of liberty */
    double k; /* shape */
} rs_hazard;

/* Weibull through OGRS3's one- and two-year probabilities: H = -ln(1-P),
 * k = ln(H2/H1)/ln 2 clamped to [min_k, max_k]; a = scale * H1. */
rs_hazard rs_hazard_from_ogrs3(double p1, double p2, double scale, double min_k, double max_k);

/* The same from OGRS3's linear predictor y, without forming P: with
 * P = 1/(1 + e^-(y+c)), H = -ln(1 - P) = ln(1 + e^(y+c)), and e^(y+c2) =
 * e^(y+c1) e^(c2-c1), so one exp and two log1p (the engine's path). */
rs_hazard rs_hazard_from_ogrs3_predictor(double y, double scale, double min_k, double max_k);

/* Lambda(tau), tau in days since the spell started. */
double rs_hazard_cumulative(rs_hazard h, double tau);

/* Smallest tau with Lambda(tau) = cum (INFINITY if a == 0): one pow. */
double rs_hazard_inverse(rs_hazard h, double cum);

/* Re-rate when the hazard changes at tau_now from `from` to `to`: the
 * intensity still owed to reach the pending event (at cumulative `cum_next`
 * under `from`) is owed under `to`. Returns the pending event's cumulative
 * intensity under `to`; its time is rs_hazard_inverse(to, that). Keeps each
 * agent's draw fixed (common random numbers), also across a zero hazard. */
double rs_hazard_rerate(rs_hazard from, rs_hazard to, double tau_now, double cum_next);

#endif
