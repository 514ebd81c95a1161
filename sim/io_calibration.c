/* reoffsim — the calibration report in HDF5 (/calibration): every target
 * with its published value, simulated mean and Monte Carlo 95% interval,
 * tolerance and verdicts; every free parameter with bounds, start and fit. */
#include <stdlib.h>

#include "h5_util.h"
#include "io_calibration.h"
#include "reoffsim/version.h"

typedef struct {
    const rs_calib_spec *spec;
    const rs_target_result *results;
    const rs_calib_fit_result *fit;
    const char *date;
    int replicates;
} calib_ctx;

static int write_targets(hid_t grp, const calib_ctx *c)
{
    const rs_calib_spec *s = c->spec;
    int n = s->n_targets;
    const char *names[RS_MAX_TARGETS], *sources[RS_MAX_TARGETS], *kinds[RS_MAX_TARGETS];
    double cols[8][RS_MAX_TARGETS];
    for (int k = 0; k < n; k++) {
        names[k] = s->targets[k].name;
        sources[k] = s->targets[k].source;
        kinds[k] = rs_target_kind_name(s->targets[k].kind);
        const rs_target_result *r = &c->results[k];
        double v[8] = {s->targets[k].value, r->mean, r->lo, r->hi, s->targets[k].tolerance, r->within, r->in_interval,
                       s->targets[k].weight};
        for (int j = 0; j < 8; j++) cols[j][k] = v[j];
    }
    hid_t scale = rs_h5_write_strings(grp, "target", names, (hsize_t)n);
    int rc = rs_h5_make_scale(scale, "target", "calibration target");
    hid_t src = rs_h5_write_strings(grp, "source", sources, (hsize_t)n);
    hid_t kind = rs_h5_write_strings(grp, "kind", kinds, (hsize_t)n);
    if (src < 0 || kind < 0) rc = -1;
    static const char *const col_names[8] = {"published", "simulated_mean", "simulated_ci_low", "simulated_ci_high",
                                             "tolerance", "within_tolerance", "published_in_interval", "weight"};
    hsize_t shape[1] = {(hsize_t)n};
    for (int j = 0; !rc && j < 8; j++)
        rc = rs_h5_write_var(grp, col_names[j], 1, shape, &scale, cols[j], "1", col_names[j]);
    if (src >= 0) H5Dclose(src);
    if (kind >= 0) H5Dclose(kind);
    if (scale >= 0) H5Dclose(scale);
    return rc;
}

static int write_parameters(hid_t grp, const calib_ctx *c)
{
    const rs_calib_spec *s = c->spec;
    int n = s->n_free;
    const char *names[RS_MAX_FREE];
    double lower[RS_MAX_FREE], upper[RS_MAX_FREE];
    for (int k = 0; k < n; k++) {
        names[k] = rs_params_key(s->free[k].key)->path;
        lower[k] = s->free[k].lower;
        upper[k] = s->free[k].upper;
    }
    hid_t scale = rs_h5_write_strings(grp, "parameter", names, (hsize_t)n);
    int rc = rs_h5_make_scale(scale, "parameter", "free parameter (config key)");
    hsize_t shape[1] = {(hsize_t)n};
    if (!rc) rc = rs_h5_write_var(grp, "lower", 1, shape, &scale, lower, "1", "lower bound");
    if (!rc) rc = rs_h5_write_var(grp, "upper", 1, shape, &scale, upper, "1", "upper bound");
    if (!rc && c->fit) rc = rs_h5_write_var(grp, "initial", 1, shape, &scale, c->fit->x0, "1", "starting value");
    if (!rc && c->fit) rc = rs_h5_write_var(grp, "fitted", 1, shape, &scale, c->fit->x, "1", "fitted value");
    if (scale >= 0) H5Dclose(scale);
    return rc;
}

int64_t rs_hdf5_calibration_group(int64_t file, const char *title, const rs_calib_spec *spec, const char *date)
{
    int rc = rs_h5_attr_string(file, "title", title);
    rc |= rs_h5_attr_string(file, "reoffsim_version", rs_version());
    rc |= rs_h5_attr_string(file, "git_commit", rs_git_commit());
    rc |= rs_h5_attr_string(file, "source_hash", rs_source_hash());
    hid_t grp = rc ? -1 : H5Gcreate2(file, "calibration", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (grp < 0) return -1;
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)spec->seed);
    rc |= rs_h5_attr_string(grp, "spec", spec->path);
    rc |= rs_h5_attr_string(grp, "config", spec->config);
    rc |= rs_h5_attr_string(grp, "seed", seed);
    rc |= rs_h5_attr_string(grp, "date", date);
    rc |= rs_h5_attr_int(grp, "agents", spec->agents);
    if (rc) {
        H5Gclose(grp);
        return -1;
    }
    return grp;
}

static int contents(hid_t file, void *ctx)
{
    const calib_ctx *c = ctx;
    hid_t grp = rs_hdf5_calibration_group(file, "reoffsim calibration", c->spec, c->date);
    if (grp < 0) return -1;
    int rc = rs_h5_attr_int(grp, "replicates", c->replicates);
    rc |= rs_h5_attr_string(grp, "interval", "Monte Carlo 95% interval of the simulated mean over replicates");
    if (c->fit) {
        rc |= rs_h5_attr_double(grp, "objective", c->fit->objective);
        rc |= rs_h5_attr_int(grp, "evaluations", c->fit->evaluations);
        rc |= rs_h5_attr_string(grp, "algorithm", "NLopt LN_SBPLX (subplex), bounded, derivative-free");
    }
    if (!rc) rc = write_targets(grp, c);
    if (!rc) rc = write_parameters(grp, c);
    H5Gclose(grp);
    return rc;
}

int rs_hdf5_write_calibration(const char *path, int force, const rs_calib_spec *spec, const rs_target_result *results,
                              int replicates, const rs_calib_fit_result *fit, const char *date, rs_error *err)
{
    calib_ctx c = {spec, results, fit, date, replicates};
    return rs_h5_write_atomic(path, force, contents, &c, err);
}
