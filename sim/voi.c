/* reoffsim — probability best, acceptability curves, EVPI and EVPPI (voi.h).
 * EVPPI by the regression method of Strong, Oakley & Brennan 2014 (Med Decis
 * Making 34:311-326): the fitted values of net benefit regressed on a
 * parameter group estimate E[NB | group], so the replicates' other
 * uncertainty (other parameters and the cohort's chance events) averages out. */
#include "reoffsim/voi.h"

#include <math.h>
#include <stdlib.h>

void rs_voi_p_best(int n_opt, int n_rep, const double *nb, double *p)
{
    for (int j = 0; j < n_opt; j++) p[j] = 0.0;
    for (int r = 0; r < n_rep; r++) {
        double best = -INFINITY;
        int ties = 0;
        for (int j = 0; j < n_opt; j++) {
            double v = nb[(size_t)j * (size_t)n_rep + (size_t)r];
            if (v > best) best = v, ties = 1;
            else if (v == best) ties++;
        }
        for (int j = 0; j < n_opt; j++)
            if (nb[(size_t)j * (size_t)n_rep + (size_t)r] == best) p[j] += 1.0 / ties;
    }
    for (int j = 0; j < n_opt; j++) p[j] = n_rep > 0 ? p[j] / n_rep : NAN;
}

double rs_voi_evpi(int n_opt, int n_rep, const double *nb)
{
    if (n_opt < 1 || n_rep < 1) return 0.0;
    double mean_of_max = 0.0, max_of_mean = -INFINITY;
    for (int r = 0; r < n_rep; r++) {
        double best = -INFINITY;
        for (int j = 0; j < n_opt; j++) best = fmax(best, nb[(size_t)j * (size_t)n_rep + (size_t)r]);
        mean_of_max += best;
    }
    for (int j = 0; j < n_opt; j++) {
        double sum = 0.0;
        for (int r = 0; r < n_rep; r++) sum += nb[(size_t)j * (size_t)n_rep + (size_t)r];
        max_of_mean = fmax(max_of_mean, sum / n_rep);
    }
    /* Mathematically >= 0; rounding can leave -1e-9 when one option always wins. */
    return fmax(0.0, mean_of_max / n_rep - max_of_mean);
}

int rs_voi_ceac(int n_opt, int n_rep, const double *effect, const double *cost, int n_wtp, const double *wtp,
                double *p, double *evpi, rs_error *err)
{
    size_t cells = (size_t)n_opt * (size_t)n_rep;
    double *nb = malloc(sizeof *nb * (cells ? cells : 1));
    if (!nb) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the acceptability curve");
    for (int w = 0; w < n_wtp; w++) {
        for (size_t i = 0; i < cells; i++) nb[i] = wtp[w] * effect[i] - cost[i];
        rs_voi_p_best(n_opt, n_rep, nb, p + (size_t)w * (size_t)n_opt);
        if (evpi) evpi[w] = rs_voi_evpi(n_opt, n_rep, nb);
    }
    free(nb);
    return RS_OK;
}

int rs_voi_evppi(int n_opt, int n_rep, const double *nb, int n_par, const double *x, double *evppi, rs_error *err)
{
    *evppi = 0.0;
    if (n_par == 0 || n_opt < 2 || n_rep < 2) return RS_OK;
    size_t cells = (size_t)n_opt * (size_t)n_rep;
    double *fitted = calloc(cells, sizeof *fitted), *y = malloc(sizeof *y * (size_t)n_rep);
    int rc = fitted && y ? RS_OK : rs_error_set(err, RS_ERR_NOMEM, "out of memory for EVPPI");
    /* Option 0 is the baseline: its incremental net benefit is 0 by definition. */
    for (int j = 1; !rc && j < n_opt; j++) {
        for (int r = 0; r < n_rep; r++)
            y[r] = nb[(size_t)j * (size_t)n_rep + (size_t)r] - nb[(size_t)r];
        rc = rs_smoother_fit(n_rep, n_par, x, y, fitted + (size_t)j * (size_t)n_rep, err);
    }
    if (!rc) *evppi = rs_voi_evpi(n_opt, n_rep, fitted);
    free(fitted);
    free(y);
    return rc;
}
