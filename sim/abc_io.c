/* reoffsim — the Bayesian calibration file and checkpoint in HDF5 (abc_io.h). */
#include "abc_io.h"

#include <hdf5_hl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "h5_input.h"
#include "h5_read.h"
#include "h5_util.h"
#include "io_calibration.h"
#include "reoffsim/stats.h"

/* An integer dimension scale 0..n-1. */
static hid_t index_scale(hid_t grp, const char *name, int n, const char *long_name)
{
    int *v = malloc(sizeof *v * (size_t)(n > 0 ? n : 1));
    if (!v) return -1;
    for (int i = 0; i < n; i++) v[i] = i;
    hid_t ds = rs_h5_write_ints(grp, name, v, (hsize_t)n);
    free(v);
    if (ds >= 0 && rs_h5_make_scale(ds, name, long_name)) {
        H5Dclose(ds);
        return -1;
    }
    return ds;
}

static hid_t name_scale(hid_t grp, const char *name, const char *const *names, int n, const char *long_name)
{
    hid_t ds = rs_h5_write_strings(grp, name, names, (hsize_t)n);
    if (ds >= 0 && rs_h5_make_scale(ds, name, long_name)) {
        H5Dclose(ds);
        return -1;
    }
    return ds;
}

static void close_all(hid_t *ids, int n)
{
    for (int i = 0; i < n; i++)
        if (ids[i] >= 0) H5Dclose(ids[i]);
}

static int write_posterior(hid_t cal, const rs_abc_file *f)
{
    const rs_calib_spec *s = f->spec;
    const rs_abc_state *st = f->st;
    hid_t grp = H5Gcreate2(cal, "posterior", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (grp < 0) return -1;
    const char *names[RS_MAX_FREE];
    double lower[RS_MAX_FREE], upper[RS_MAX_FREE];
    for (int k = 0; k < s->n_free; k++) {
        names[k] = rs_params_key(s->free[k].key)->path;
        lower[k] = s->free[k].lower;
        upper[k] = s->free[k].upper;
    }
    hid_t sc[2] = {index_scale(grp, "draw", st->n, "posterior draw"),
                   name_scale(grp, "parameter", names, s->n_free, "calibrated parameter (config key)")};
    int rc = sc[0] < 0 || sc[1] < 0 ? -1 : 0;
    hsize_t shape[2] = {(hsize_t)st->n, (hsize_t)s->n_free}, np[1] = {(hsize_t)s->n_free};
    if (!rc) rc = rs_h5_write_var(grp, "draws", 2, shape, sc, st->theta, "1", "posterior draws of the calibrated parameters");
    if (!rc) rc = rs_h5_write_var(grp, "weights", 1, shape, sc, st->weight, "1", "normalised weight of each draw");
    if (!rc) rc = rs_h5_write_var(grp, "prior_lower", 1, np, sc + 1, lower, "1", "uniform prior: lower bound");
    if (!rc) rc = rs_h5_write_var(grp, "prior_upper", 1, np, sc + 1, upper, "1", "uniform prior: upper bound");
    if (!rc) rc = rs_h5_attr_int(grp, "seed", (long long)s->seed);
    if (!rc) rc = rs_h5_attr_string(grp, "spec_text", f->spec_text);
    if (!rc) rc = rs_h5_attr_string(grp, "spec", s->path);
    close_all(sc, 2);
    H5Gclose(grp);
    return rc;
}

static int write_history(hid_t abc, const rs_abc_state *st)
{
    int n = st->generations;
    double col[5][RS_ABC_MAX_GENERATIONS + 1];
    for (int g = 0; g < n; g++) {
        const rs_abc_generation *h = &st->history[g];
        double v[5] = {isfinite(h->epsilon) ? h->epsilon : NAN, h->ess, h->acceptance, h->simulations, h->unique};
        for (int j = 0; j < 5; j++) col[j][g] = v[j];
    }
    static const char *const names[5] = {"epsilon", "ess", "acceptance", "simulations", "unique"};
    static const char *const long_names[5] = {
        "tolerance (weighted RMS of (simulated - published) / tolerance); NaN: the prior sample",
        "effective sample size after the tolerance cut, before resampling",
        "share of the Metropolis-Hastings move's proposals accepted", "model runs in the generation",
        "distinct particles after the move"};
    hid_t sc = index_scale(abc, "generation", n, "ABC-SMC generation (0: the prior sample)");
    hsize_t shape[1] = {(hsize_t)n};
    int rc = sc < 0 ? -1 : 0;
    for (int j = 0; !rc && j < 5; j++) rc = rs_h5_write_var(abc, names[j], 1, shape, &sc, col[j], "1", long_names[j]);
    if (sc >= 0) H5Dclose(sc);
    return rc;
}

static int write_state(hid_t cal, const rs_abc_file *f)
{
    const rs_abc_state *st = f->st;
    hid_t abc = H5Gcreate2(cal, "abc", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (abc < 0) return -1;
    const char *tnames[RS_MAX_TARGETS];
    for (int k = 0; k < f->spec->n_targets; k++) tnames[k] = f->spec->targets[k].name;
    hid_t sc[2] = {index_scale(abc, "particle", st->n, "particle (= posterior draw)"),
                   name_scale(abc, "target", tnames, f->spec->n_targets, "calibration target")};
    hsize_t shape[2] = {(hsize_t)st->n, (hsize_t)st->n_stats};
    int rc = sc[0] < 0 || sc[1] < 0 ? -1 : 0;
    if (!rc) rc = rs_h5_write_var(abc, "distance", 1, shape, sc, st->distance, "1", "distance of the particle's accepted simulation");
    if (!rc) rc = rs_h5_write_var(abc, "statistics", 2, shape, sc, st->stats, "1", "the particle's accepted simulated targets");
    if (!rc) rc = write_history(abc, st);
    rc |= rs_h5_attr_int(abc, "next_simulation", st->next_sim);
    rc |= rs_h5_attr_string(abc, "stop", rs_abc_stop_name(st->stop));
    rc |= rs_h5_attr_int(abc, "particles", st->n);
    rc |= rs_h5_attr_double(abc, "alpha", f->spec->abc.alpha);
    rc |= rs_h5_attr_double(abc, "target_epsilon", f->spec->abc.epsilon);
    rc |= rs_h5_attr_double(abc, "min_acceptance", f->spec->abc.min_acceptance);
    rc |= rs_h5_attr_double(abc, "wall_seconds", f->wall_seconds);
    rc |= rs_h5_attr_string(abc, "model_identity", f->model_identity ? f->model_identity : "");
    close_all(sc, 2);
    H5Gclose(abc);
    return rc;
}

/* Per target: the predictive mean and 2.5-97.5th percentiles of the fresh simulations. */
static int write_predictive(hid_t cal, const rs_abc_file *f)
{
    const rs_calib_spec *s = f->spec;
    int m = f->n_predictive, T = s->n_targets;
    hid_t grp = H5Gcreate2(cal, "predictive", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (grp < 0) return -1;
    double *x = malloc(sizeof *x * (size_t)m);
    double col[7][RS_MAX_TARGETS];
    const char *tnames[RS_MAX_TARGETS], *roles[RS_MAX_TARGETS];
    for (int k = 0; k < T && x; k++) {
        int n = 0;
        for (int j = 0; j < m; j++)
            if (isfinite(f->predictive[(size_t)j * T + k])) x[n++] = f->predictive[(size_t)j * T + k];
        rs_summary sm = rs_stats_summary(x, (size_t)n, 1);
        const rs_target *t = &s->targets[k];
        double v[7] = {t->value, t->tolerance, t->weight, sm.mean, sm.p025, sm.p975, t->value >= sm.p025 && t->value <= sm.p975};
        for (int j = 0; j < 7; j++) col[j][k] = v[j];
        tnames[k] = t->name;
        roles[k] = t->weight > 0 ? "fitted" : "held out";
    }
    static const char *const names[7] = {"published", "tolerance", "weight", "mean", "p025", "p975", "published_in_interval"};
    static const char *const long_names[7] = {"published value", "tolerance", "weight in the distance (0: held out)",
                                              "posterior predictive mean", "posterior predictive 2.5th percentile",
                                              "posterior predictive 97.5th percentile",
                                              "1 if the published value is inside the 95% posterior predictive interval"};
    hid_t sc[2] = {index_scale(grp, "predictive_draw", m, "posterior predictive simulation"),
                   name_scale(grp, "target", tnames, T, "calibration target")};
    hid_t role = rs_h5_write_strings(grp, "role", roles, (hsize_t)T);
    int rc = !x || sc[0] < 0 || sc[1] < 0 || role < 0 ? -1 : 0;
    hsize_t shape[2] = {(hsize_t)m, (hsize_t)T};
    for (int j = 0; !rc && j < 7; j++) rc = rs_h5_write_var(grp, names[j], 1, shape + 1, sc + 1, col[j], "1", long_names[j]);
    if (!rc) rc = rs_h5_write_var(grp, "statistics", 2, shape, sc, f->predictive, "1", "simulated targets, one fresh run per draw");
    hid_t dr = rc ? -1 : rs_h5_write_ints(grp, "draw", f->predictive_draw, (hsize_t)m);
    if (!rc && (dr < 0 || H5DSattach_scale(dr, sc[0], 0) < 0)) rc = -1;
    if (!rc) rc = rs_h5_attr_string(grp, "interval", "95% posterior predictive interval: 2.5th-97.5th percentile of "
                                    "simulations, each from a posterior draw with fresh random numbers");
    if (dr >= 0) H5Dclose(dr);
    if (role >= 0) H5Dclose(role);
    close_all(sc, 2);
    free(x);
    H5Gclose(grp);
    return rc;
}

static int contents(hid_t file, void *ctx)
{
    const rs_abc_file *f = ctx;
    hid_t cal = rs_hdf5_calibration_group(file, f->predictive ? "reoffsim Bayesian calibration"
                                                             : "reoffsim Bayesian calibration checkpoint", f->spec, f->date);
    if (cal < 0) return -1;
    int rc = 0;
    rc |= rs_h5_attr_int(cal, "complete", f->predictive != NULL);
    rc |= rs_h5_attr_string(cal, "algorithm", "ABC-SMC with adaptive tolerance (Del Moral, Doucet & Jasra 2012), one "
                            "simulation per particle, systematic resampling, random-walk Metropolis-Hastings move; "
                            "uniform priors on the spec's bounds; docs/calibration.md");
    if (!rc) rc = write_posterior(cal, f);
    if (!rc) rc = write_state(cal, f);
    if (!rc && f->predictive) rc = write_predictive(cal, f);
    H5Gclose(cal);
    return rc;
}

int rs_abc_write(const char *path, int force, const rs_abc_file *f, rs_error *err)
{
    return rs_h5_write_atomic(path, force, contents, (void *)f, err);
}

/* ---------- reading a checkpoint back ---------- */

static int read_matrix(hid_t grp, const char *name, int rank, hsize_t rows, hsize_t cols, double *dst)
{
    hsize_t dims[2] = {0, 0};
    double *buf = NULL;
    int rc = rs_h5_read_doubles(grp, name, rank, (size_t)(rows * cols), dims, &buf);
    if (!rc && (dims[0] != rows || (rank == 2 && dims[1] != cols))) rc = -1;
    if (!rc) memcpy(dst, buf, sizeof *dst * (size_t)(rows * cols));
    free(buf);
    return rc;
}

static int read_history(hid_t abc, rs_abc_state *st)
{
    hsize_t dims[1] = {0};
    double *col[5] = {NULL};
    static const char *const names[5] = {"epsilon", "ess", "acceptance", "simulations", "unique"};
    int rc = 0;
    for (int j = 0; j < 5 && !rc; j++) {
        rc = rs_h5_read_doubles(abc, names[j], 1, RS_ABC_MAX_GENERATIONS + 1, dims, &col[j]);
        if (!rc && (dims[0] < 1 || (j && (int)dims[0] != st->generations))) rc = -1;
        if (!rc && !j) st->generations = (int)dims[0];
    }
    for (int g = 0; !rc && g < st->generations; g++)
        st->history[g] = (rs_abc_generation){isnan(col[0][g]) ? INFINITY : col[0][g], col[1][g], col[2][g], (int)col[3][g],
                                             (int)col[4][g]};
    for (int j = 0; j < 5; j++) free(col[j]);
    return rc;
}

/* Attribute `name` of obj equals want (read into a buffer one longer, so a longer value differs). */
static int attr_equals(hid_t obj, const char *name, const char *want)
{
    size_t n = strlen(want) + 2;
    char *buf = malloc(n > 64 ? n : 64);
    int same = buf && !rs_h5_read_attr_string(obj, name, buf, n > 64 ? n : 64) && !strcmp(buf, want);
    free(buf);
    return same;
}

/* Every value as the sampler leaves it: parameters inside the prior, weights finite, >= 0, not all 0. */
static int check_values(const rs_abc_state *st, const rs_calib_spec *spec)
{
    double total = 0.0;
    for (int i = 0; i < st->n; i++) {
        if (!isfinite(st->weight[i]) || st->weight[i] < 0 || isnan(st->distance[i])) return -1;
        total += st->weight[i];
        for (int k = 0; k < st->n_params; k++) {
            double x = st->theta[(size_t)i * st->n_params + k];
            if (!(x >= spec->free[k].lower && x <= spec->free[k].upper)) return -1;
        }
    }
    return total > 0 ? 0 : -1;
}

static int read_state_groups(hid_t file, const rs_abc_file *want, rs_abc_state *st, double *wall, const char *path,
                             rs_error *err)
{
    const rs_calib_spec *spec = want->spec;
    hid_t post = H5Gopen2(file, "calibration/posterior", H5P_DEFAULT), abc = H5Gopen2(file, "calibration/abc", H5P_DEFAULT);
    int rc = post < 0 || abc < 0 ? -1 : 0;
    if (!rc && !attr_equals(post, "spec_text", want->spec_text))
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: written for another spec (its spec_text differs from %s); start over "
                          "with --force", path, spec->path);
    if (!rc && !attr_equals(abc, "model_identity", want->model_identity ? want->model_identity : ""))
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: written by another build or model config (model_identity differs: "
                          "now %s); start over with --force", path, want->model_identity);
    long long particles = 0, next = 0;
    if (!rc && (rs_h5_read_attr_llong(abc, "particles", &particles) || particles != spec->abc.particles ||
                rs_h5_read_attr_llong(abc, "next_simulation", &next) || next < 0 || next > 0xFFFFFFFFll))
        rc = -1;
    if (!rc) rc = rs_abc_state_alloc(st, (int)particles, spec->n_free, spec->n_targets, err) ? -1 : 0;
    if (!rc) st->next_sim = (uint32_t)next;
    if (!rc) rc = read_matrix(post, "draws", 2, (hsize_t)particles, (hsize_t)spec->n_free, st->theta);
    if (!rc) rc = read_matrix(post, "weights", 1, (hsize_t)particles, 1, st->weight);
    if (!rc) rc = read_matrix(abc, "distance", 1, (hsize_t)particles, 1, st->distance);
    if (!rc) rc = read_matrix(abc, "statistics", 2, (hsize_t)particles, (hsize_t)spec->n_targets, st->stats);
    if (!rc) rc = read_history(abc, st);
    if (!rc) rc = check_values(st, spec);
    if (!rc && rs_h5_read_attr_double(abc, "wall_seconds", wall)) *wall = 0.0;
    if (rc == -1) rc = rs_error_set(err, RS_ERR_CONFIG, "%s: not a complete ABC checkpoint of this spec", path);
    if (post >= 0) H5Gclose(post);
    if (abc >= 0) H5Gclose(abc);
    return rc;
}

int rs_abc_read_state(const char *path, const rs_abc_file *want, rs_abc_state *st, double *wall_seconds, rs_error *err)
{
    memset(st, 0, sizeof *st);
    char why[512];
    hid_t file = rs_h5_open_input(path, why, sizeof why);
    if (file < 0) return rs_error_set(err, RS_ERR_CONFIG, "%s: %s", path, why);
    int rc;
    H5E_BEGIN_TRY { rc = read_state_groups(file, want, st, wall_seconds, path, err); } H5E_END_TRY;
    H5Fclose(file);
    if (rc) rs_abc_state_free(st);
    return rc;
}
