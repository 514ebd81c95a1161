/* reoffsim — the regression smoother behind EVPPI (voi.h): an additive model
 * (a GAM without interactions) in which every parameter enters as a
 * restricted cubic spline (Harrell, Regression Modeling Strategies, §2.4.5:
 * cubic between knots, linear beyond the outer ones) with knots at fixed
 * quantiles. Candidate fits - constant, linear, 3, 4 or 5 knots - are
 * compared by generalised cross-validation, the criterion mgcv uses to choose
 * smoothness, so the smoother follows a curved relation where the data
 * support it and does not chase noise where they do not (Strong et al. 2014
 * fit a GAM for the same purpose). Post-processing only. */
#include "reoffsim/voi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reoffsim/stats.h"

#define MAX_KNOTS 5

static const int candidates[] = {0, 2, 3, 4, 5}; /* 0: constant only; 2: linear */

static int columns_per_parameter(int knots) { return knots == 0 ? 0 : knots == 2 ? 1 : knots - 1; }

/* Harrell's default knot quantiles. */
static void knot_positions(const double *sorted, int n, int knots, double *t)
{
    static const double q3[] = {0.10, 0.50, 0.90}, q4[] = {0.05, 0.35, 0.65, 0.95},
                        q5[] = {0.05, 0.275, 0.50, 0.725, 0.95};
    const double *q = knots == 3 ? q3 : knots == 4 ? q4 : q5;
    for (int i = 0; i < knots; i++) t[i] = rs_stats_quantile_sorted(sorted, (size_t)n, q[i]);
}

static double cube_plus(double v) { return v > 0.0 ? v * v * v : 0.0; }

/* Restricted cubic spline term j (0-based, j < knots - 2), scaled by the knot span. */
static double rcs_term(double z, const double *t, int knots, int j)
{
    double last = t[knots - 1], before = t[knots - 2], span = last - t[0];
    if (!(span > 0.0) || !(last > before)) return 0.0;
    double v = cube_plus(z - t[j]) - cube_plus(z - before) * (last - t[j]) / (last - before) +
               cube_plus(z - last) * (before - t[j]) / (last - before);
    return v / (span * span);
}

static int compare_doubles(const void *a, const void *b)
{
    double u = *(const double *)a, v = *(const double *)b;
    return (u > v) - (u < v);
}

/* Columns of parameter k (standardised) into X from column c; returns the next column. */
static int add_parameter(int n, int n_par, int k, const double *x, int knots, double *X, double *work)
{
    double mean = 0.0, ss = 0.0;
    for (int r = 0; r < n; r++) mean += x[(size_t)r * (size_t)n_par + (size_t)k];
    mean /= n;
    for (int r = 0; r < n; r++) {
        double d = x[(size_t)r * (size_t)n_par + (size_t)k] - mean;
        ss += d * d;
    }
    double sd = sqrt(ss / n);
    for (int r = 0; r < n; r++) work[r] = sd > 0.0 ? (x[(size_t)r * (size_t)n_par + (size_t)k] - mean) / sd : 0.0;
    for (int r = 0; r < n; r++) X[r] = work[r];
    if (knots < 3) return 1;
    double t[MAX_KNOTS];
    double *sorted = work + n;
    memcpy(sorted, work, sizeof *sorted * (size_t)n);
    qsort(sorted, (size_t)n, sizeof *sorted, compare_doubles);
    knot_positions(sorted, n, knots, t);
    for (int j = 0; j < knots - 2; j++)
        for (int r = 0; r < n; r++) X[(size_t)(j + 1) * (size_t)n + (size_t)r] = rcs_term(work[r], t, knots, j);
    return knots - 1;
}

/* Solve (A + ridge) b = v in place by Cholesky (A p x p, row-major); -1 if not positive definite. */
static int cholesky_solve(int p, double *A, double *v)
{
    double top = 0.0;
    for (int i = 0; i < p; i++) top = fmax(top, A[(size_t)i * (size_t)p + (size_t)i]);
    for (int i = 0; i < p; i++) A[(size_t)i * (size_t)p + (size_t)i] += 1e-10 * (top > 0.0 ? top : 1.0);
    for (int j = 0; j < p; j++) {
        double d = A[(size_t)j * (size_t)p + (size_t)j];
        for (int k = 0; k < j; k++) d -= A[(size_t)j * (size_t)p + (size_t)k] * A[(size_t)j * (size_t)p + (size_t)k];
        if (!(d > 0.0)) return -1;
        d = sqrt(d);
        A[(size_t)j * (size_t)p + (size_t)j] = d;
        for (int i = j + 1; i < p; i++) {
            double s = A[(size_t)i * (size_t)p + (size_t)j];
            for (int k = 0; k < j; k++) s -= A[(size_t)i * (size_t)p + (size_t)k] * A[(size_t)j * (size_t)p + (size_t)k];
            A[(size_t)i * (size_t)p + (size_t)j] = s / d;
        }
    }
    for (int i = 0; i < p; i++) { /* L z = v */
        double s = v[i];
        for (int k = 0; k < i; k++) s -= A[(size_t)i * (size_t)p + (size_t)k] * v[k];
        v[i] = s / A[(size_t)i * (size_t)p + (size_t)i];
    }
    for (int i = p - 1; i >= 0; i--) { /* L' b = z */
        double s = v[i];
        for (int k = i + 1; k < p; k++) s -= A[(size_t)k * (size_t)p + (size_t)i] * v[k];
        v[i] = s / A[(size_t)i * (size_t)p + (size_t)i];
    }
    return 0;
}

/* Least squares of y on the p columns of X (column-major, n rows): fitted
 * values into out; returns the residual sum of squares (NaN on failure). */
static double least_squares(int n, int p, const double *X, const double *y, double *A, double *b, double *out)
{
    for (int i = 0; i < p; i++) {
        for (int j = 0; j <= i; j++) {
            double s = 0.0;
            for (int r = 0; r < n; r++) s += X[(size_t)i * (size_t)n + (size_t)r] * X[(size_t)j * (size_t)n + (size_t)r];
            A[(size_t)i * (size_t)p + (size_t)j] = A[(size_t)j * (size_t)p + (size_t)i] = s;
        }
        double s = 0.0;
        for (int r = 0; r < n; r++) s += X[(size_t)i * (size_t)n + (size_t)r] * y[r];
        b[i] = s;
    }
    if (cholesky_solve(p, A, b)) return NAN;
    double rss = 0.0;
    for (int r = 0; r < n; r++) {
        double f = 0.0;
        for (int i = 0; i < p; i++) f += X[(size_t)i * (size_t)n + (size_t)r] * b[i];
        out[r] = f;
        rss += (y[r] - f) * (y[r] - f);
    }
    return rss;
}

/* Fit with `knots` per parameter; returns GCV (INFINITY if not fitted). */
static double fit_candidate(int n, int n_par, const double *x, const double *y, int knots, double *X, double *A,
                            double *b, double *work, double *out)
{
    int p = 1 + n_par * columns_per_parameter(knots);
    if (2 * p > n) return INFINITY; /* too few replicates for this many coefficients */
    for (int r = 0; r < n; r++) X[r] = 1.0;
    int c = 1;
    for (int k = 0; knots > 0 && k < n_par; k++) c += add_parameter(n, n_par, k, x, knots, X + (size_t)c * (size_t)n, work);
    double rss = least_squares(n, p, X, y, A, b, out);
    if (!isfinite(rss)) return INFINITY;
    return n * rss / ((double)(n - p) * (double)(n - p));
}

int rs_smoother_fit(int n, int n_par, const double *x, const double *y, double *fitted, rs_error *err)
{
    int p_max = 1 + n_par * columns_per_parameter(MAX_KNOTS);
    double *X = malloc(sizeof *X * (size_t)n * (size_t)p_max), *A = malloc(sizeof *A * (size_t)p_max * (size_t)p_max);
    double *b = malloc(sizeof *b * (size_t)p_max), *work = malloc(sizeof *work * 3 * (size_t)n);
    if (!X || !A || !b || !work) {
        free(X), free(A), free(b), free(work);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the EVPPI regression");
    }
    double best = INFINITY, *trial = work + 2 * (size_t)n;
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        double gcv = fit_candidate(n, n_par, x, y, candidates[i], X, A, b, work, trial);
        if (gcv < best * (1.0 - 1e-12) || (i == 0 && isfinite(gcv))) {
            best = gcv;
            memcpy(fitted, trial, sizeof *fitted * (size_t)n);
        }
    }
    free(X), free(A), free(b), free(work);
    if (!isfinite(best)) return rs_error_set(err, RS_ERR_CONFIG, "EVPPI regression failed (%d replicates)", n);
    return RS_OK;
}
