/* reoffsim — results of a parameter sweep (reoffsim/sweep.h): summaries per
 * point, the terminal table and the /sweep group. */
#include "reoffsim/sweep.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <stdlib.h>
#include <string.h>

#include "h5_util.h"
#include "reoffsim/metrics.h"
#include "table_text.h"

/* MoJ rate of every replicate of scenario s, in percent, into pct[r]. */
static void rates_pct(const rs_ensemble *e, int s, double *pct)
{
    for (int r = 0; r < e->n_replicates; r++) pct[r] = 100.0 * rs_metric_rate(rs_ensemble_unit(e, s, r), RS_GROUP_ALL);
}

int rs_sweep_summarise(const rs_config *cfg, const rs_ensemble *e, const rs_economics *x, rs_sweep_point *points)
{
    const rs_sweep *sw = &cfg->sweep;
    int n = rs_sweep_points(sw), best = 0;
    size_t nr = (size_t)e->n_replicates;
    double *ref = malloc(nr * sizeof *ref), *pct = malloc(nr * sizeof *pct);
    if (ref && pct) rates_pct(e, cfg->reference, ref);
    for (int p = 0; p < n; p++) {
        int s = sw->first + p;
        rs_sweep_point *pt = &points[p];
        pt->scenario = s;
        pt->npv = rs_stats_summary(&x->npv[rs_econ_sr(x, s, 0)], nr, 1);
        pt->offences_averted = rs_stats_summary(&x->offences_averted[rs_econ_sr(x, s, 0)], nr, 1);
        memset(&pt->proven_pp, 0, sizeof pt->proven_pp);
        if (ref && pct) {
            rates_pct(e, s, pct);
            pt->proven_pp = rs_stats_paired(pct, ref, nr, 1);
        }
        if (pt->npv.mean > points[best].npv.mean) best = p;
    }
    free(ref);
    free(pct);
    return best;
}

void rs_sweep_print(FILE *out, const rs_config *cfg, const rs_ensemble *e, const rs_economics *x)
{
    const rs_sweep *sw = &cfg->sweep;
    int n = rs_sweep_points(sw);
    if (n == 0) return;
    rs_sweep_point *pts = calloc((size_t)n, sizeof *pts);
    if (!pts) return;
    int best = rs_sweep_summarise(cfg, e, x, pts);
    int width = 8;
    for (int p = 0; p < n; p++) {
        int len = (int)strlen(cfg->scenarios[pts[p].scenario].name);
        if (len > width) width = len;
    }
    char area[RS_SCALE_TEXT], cohort[RS_SCALE_TEXT];
    fprintf(out, "\nSweep of %s from %s vs %s (NPV and offences averted for the %s; proven reoffending for the %s;"
                 " mean [95%% UI]):\n",
            rs_params_key(sw->dim[0].keys[0])->path, cfg->scenarios[sw->from].name, cfg->scenarios[cfg->reference].name,
            rs_scale_area(cfg, area, sizeof area), rs_scale_cohort(cfg, cohort, sizeof cohort));
    if (sw->n_dims > 1) fprintf(out, "  and %s\n", rs_params_key(sw->dim[1].keys[0])->path);
    fprintf(out, "  %-*s  %28s  %30s  %24s\n", width, "scenario", "NPV (GBP m, area)", "offences averted (area)", "proven reoffending (pp)");
    for (int p = 0; p < n; p++) {
        const rs_sweep_point *pt = &pts[p];
        fprintf(out, "  %-*s  %8.2f [%7.2f, %7.2f]  %9.0f [%8.0f, %8.0f]  %+6.2f [%+6.2f, %+6.2f]%s\n", width,
                cfg->scenarios[pt->scenario].name, pt->npv.mean / 1e6, pt->npv.p025 / 1e6, pt->npv.p975 / 1e6,
                pt->offences_averted.mean, pt->offences_averted.p025, pt->offences_averted.p975, pt->proven_pp.mean,
                pt->proven_pp.p025, pt->proven_pp.p975, p == best ? "  <- highest expected NPV" : "");
    }
    free(pts);
}

/* ---------- /sweep ---------- */

static hid_t value_scale(hid_t grp, const rs_config *cfg, int d)
{
    const rs_sweep_dim *dim = &cfg->sweep.dim[d];
    char name[16], keys[RS_SWEEP_MAX_KEYS * 96] = "";
    snprintf(name, sizeof name, "value%d", d);
    hsize_t n = (hsize_t)dim->n_values;
    if (rs_h5_write_var(grp, name, 1, &n, NULL, dim->values, "as the swept keys", rs_params_key(dim->keys[0])->path))
        return -1;
    hid_t ds = H5Dopen2(grp, name, H5P_DEFAULT);
    for (int k = 0; k < dim->n_keys; k++) {
        size_t len = strlen(keys);
        snprintf(keys + len, sizeof keys - len, "%s%s", k ? "," : "", rs_params_key(dim->keys[k])->path);
    }
    if (ds < 0 || H5DSset_scale(ds, name) < 0 || rs_h5_attr_string(ds, "keys", keys)) {
        if (ds >= 0) H5Dclose(ds);
        return -1;
    }
    return ds;
}

typedef struct {
    const char *name, *units, *long_name;
    size_t offset; /* of the rs_summary in rs_sweep_point */
} measure;

static int write_measures(hid_t grp, const rs_sweep *sw, const hid_t *scales, const rs_sweep_point *pts, double *buf)
{
    static const measure m[] = {
        {"npv", "GBP", "net present value vs the reference (area, discounted)", offsetof(rs_sweep_point, npv)},
        {"offences_averted", "offences", "offences averted vs the reference (area, appraisal)",
         offsetof(rs_sweep_point, offences_averted)},
        {"proven_difference", "percentage points", "MoJ proven reoffending rate minus the reference's",
         offsetof(rs_sweep_point, proven_pp)},
    };
    static const struct { const char *suffix, *what; size_t offset; } stat[] = {
        {"mean", "mean over replicates", offsetof(rs_summary, mean)},
        {"p025", RS_UNCERTAINTY_INTERVAL_TEXT " (lower)", offsetof(rs_summary, p025)},
        {"p975", RS_UNCERTAINTY_INTERVAL_TEXT " (upper)", offsetof(rs_summary, p975)},
        {"mcse", RS_MCSE_TEXT, offsetof(rs_summary, mcse)},
    };
    hsize_t shape[RS_SWEEP_MAX_DIMS];
    for (int d = 0; d < sw->n_dims; d++) shape[d] = (hsize_t)sw->dim[d].n_values;
    int n = rs_sweep_points(sw);
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        for (size_t j = 0; j < sizeof stat / sizeof stat[0]; j++) {
            for (int p = 0; p < n; p++) {
                const rs_summary *s = (const rs_summary *)((const char *)&pts[p] + m[i].offset);
                buf[p] = *(const double *)((const char *)s + stat[j].offset);
            }
            char name[64], long_name[256];
            snprintf(name, sizeof name, "%s_%s", m[i].name, stat[j].suffix);
            snprintf(long_name, sizeof long_name, "%s: %s", m[i].long_name, stat[j].what);
            if (rs_h5_write_var(grp, name, sw->n_dims, shape, scales, buf, m[i].units, long_name)) return -1;
            if (j > 0 && rs_h5_attr_string_on(grp, name, "interval", j == 3 ? "monte_carlo_standard_error" : "uncertainty_interval"))
                return -1;
        }
    for (int p = 0; p < n; p++) buf[p] = pts[p].scenario;
    return rs_h5_write_var(grp, "scenario_index", sw->n_dims, shape, scales, buf, "1",
                           "index of the point's scenario in /results/scenario");
}

int rs_sweep_write(int64_t file, const rs_config *cfg, const rs_ensemble *e, const rs_economics *x)
{
    const rs_sweep *sw = &cfg->sweep;
    int n = rs_sweep_points(sw);
    if (n == 0) return 0;
    rs_sweep_point *pts = calloc((size_t)n, sizeof *pts);
    double *buf = calloc((size_t)n, sizeof *buf);
    hid_t grp = H5Gcreate2((hid_t)file, "sweep", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t scales[RS_SWEEP_MAX_DIMS] = {-1, -1};
    int rc = pts && buf && grp >= 0 ? 0 : -1;
    int best = rc ? 0 : rs_sweep_summarise(cfg, e, x, pts);
    for (int d = 0; !rc && d < sw->n_dims; d++) rc = (scales[d] = value_scale(grp, cfg, d)) < 0;
    if (!rc) rc = write_measures(grp, sw, scales, pts, buf);
    if (!rc) rc = rs_h5_attr_string(grp, "from", cfg->scenarios[sw->from].name);
    if (!rc) rc = rs_h5_attr_string(grp, "reference", cfg->scenarios[cfg->reference].name);
    if (!rc) rc = rs_h5_attr_string(grp, "best_scenario", cfg->scenarios[pts[best].scenario].name);
    if (!rc) rc = rs_h5_attr_int(grp, "best_point", best);
    if (!rc) rc = rs_h5_attr_string(grp, "description", "scenarios generated by the config's sweep: block; point (i, j) is "
                                                        "scenario_index[i][j]; best_point is the row-major index of the "
                                                        "highest expected NPV");
    for (int d = 0; d < sw->n_dims; d++)
        if (scales[d] >= 0) H5Dclose(scales[d]);
    if (grp >= 0) H5Gclose(grp);
    free(pts);
    free(buf);
    return rc;
}
