/* reoffsim — HDF5 writer (io_hdf5.h). Datasets carry `units` and
 * `long_name` attributes and HDF5 dimension scales, so h5py and xarray
 * (engine h5netcdf) read them without custom code. */
#include "reoffsim/io_hdf5.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5_describe.h"
#include "h5_util.h"
#include "posterior_provenance.h"
#include "reoffsim/sweep.h"
#include "reoffsim/stats.h"
#include "reoffsim/version.h"

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "rs_run_info.extra passes an hid_t as int64_t");

typedef double (*unit_metric)(const rs_unit_result *r, rs_group g);

/* Dimension scales of one group, created on first use. */
typedef struct {
    hid_t group;
    hid_t scenario, replicate, subgroup, year;
} dims;

/* ---------- dimension scales ---------- */

static int dims_open(dims *d, hid_t group, const rs_config *cfg, const rs_ensemble *e)
{
    memset(d, 0, sizeof *d);
    d->group = group;
    d->scenario = d->replicate = d->subgroup = d->year = -1;
    const char *names[256];
    for (int s = 0; s < cfg->n_scenarios; s++) names[s] = cfg->scenarios[s].name;
    d->scenario = rs_h5_write_strings(group, "scenario", names, (hsize_t)cfg->n_scenarios);
    const char *groups[RS_N_GROUPS];
    for (int g = 0; g < RS_N_GROUPS; g++) groups[g] = rs_group_name((rs_group)g);
    d->subgroup = rs_h5_write_strings(group, "subgroup", groups, RS_N_GROUPS);
    int *idx = malloc(sizeof(int) * (size_t)(e->n_replicates > e->years ? e->n_replicates : e->years));
    if (!idx) return -1;
    for (int r = 0; r < e->n_replicates; r++) idx[r] = e->first_replicate + r; /* a shard's own replicates */
    d->replicate = rs_h5_write_ints(group, "replicate", idx, (hsize_t)e->n_replicates);
    for (int y = 0; y < e->years; y++) idx[y] = y + 1;
    d->year = rs_h5_write_ints(group, "year", idx, (hsize_t)e->years);
    free(idx);
    int rc = rs_h5_make_scale(d->scenario, "scenario", "scenario name");
    rc |= rs_h5_make_scale(d->subgroup, "subgroup", "MoJ cohort subgroup");
    rc |= rs_h5_make_scale(d->replicate, "replicate", "replicate index (key of the random streams)");
    rc |= rs_h5_make_scale(d->year, "year", "simulated year (1 = first 365 days)");
    rc |= rs_h5_attr_string(d->year, "units", "year");
    return rc;
}

static void dims_close(dims *d)
{
    hid_t all[4] = {d->scenario, d->replicate, d->subgroup, d->year};
    for (int i = 0; i < 4; i++)
        if (all[i] >= 0) H5Dclose(all[i]);
}

/* A double array in d's group with dimension scales, units and long_name. */
static int write_var(const dims *d, const char *name, int rank, const hsize_t *shape,
                     const hid_t *scales, const double *data, const char *units, const char *long_name)
{
    return rs_h5_write_var(d->group, name, rank, shape, scales, data, units, long_name);
}

/* ---------- /results ---------- */

static double m_cohort(const rs_unit_result *r, rs_group g) { return r->cohort[g]; }
static double m_reoffenders(const rs_unit_result *r, rs_group g) { return r->reoffenders[g]; }
static double m_reoffences(const rs_unit_result *r, rs_group g) { return r->reoffences[g]; }

static const struct {
    const char *name, *units, *long_name;
    unit_metric f;
} group_metrics[] = {
    {"cohort_size", "offenders", "offenders in the MoJ cohort", m_cohort},
    {"reoffenders", "offenders", "offenders with at least one proven reoffence", m_reoffenders},
    {"proven_reoffences", "offences", "proven reoffences (MoJ 12-month + 6-month window)", m_reoffences},
    {"proven_reoffending_rate", "1", "proportion of the cohort with a proven reoffence", rs_metric_rate},
    {"reoffences_per_reoffender", "offences/offender", "proven reoffences per reoffender", rs_metric_per_reoffender},
    {"reoffences_per_100", "offences per 100 offenders", "proven reoffences per 100 offenders", rs_metric_per_100},
    {"mean_days_to_first_reoffence", "days", "mean days from cohort start to first proven reoffence", rs_metric_days_to_first},
    {"ogrs3_p1_mean", "1", "mean OGRS3 one-year probability at cohort start (predicted proven reoffending)", rs_metric_ogrs3_p1},
    {"ogrs3_p2_mean", "1", "mean OGRS3 two-year probability at cohort start", rs_metric_ogrs3_p2},
};
#define N_GROUP_METRICS (sizeof group_metrics / sizeof group_metrics[0])

/* values[s][r][g] of metric f. */
static void fill_group_metric(const rs_ensemble *e, unit_metric f, double *out)
{
    size_t k = 0;
    for (int s = 0; s < e->n_scenarios; s++)
        for (int r = 0; r < e->n_replicates; r++)
            for (int g = 0; g < RS_N_GROUPS; g++) out[k++] = f(rs_ensemble_unit(e, s, r), (rs_group)g);
}

static int write_descriptions(const dims *d, const rs_config *cfg)
{
    const char *text[256];
    for (int s = 0; s < cfg->n_scenarios; s++) text[s] = cfg->scenarios[s].description;
    hid_t ds = rs_h5_write_strings(d->group, "scenario_description", text, (hsize_t)cfg->n_scenarios);
    int rc = ds < 0 || H5DSattach_scale(ds, d->scenario, 0) < 0 ? -1 : 0;
    if (!rc) rc = rs_h5_attr_string(ds, "long_name", "scenario description from the config");
    if (ds >= 0) H5Dclose(ds);
    return rc;
}

static int write_results(hid_t file, const rs_config *cfg, const rs_ensemble *e)
{
    hid_t grp = H5Gcreate2(file, "results", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (grp < 0) return -1;
    dims d;
    int rc = dims_open(&d, grp, cfg, e);
    if (!rc) rc = rs_h5_attr_string(grp, "scale", "counts for the simulated cohort (run.n_agents offenders)");
    if (!rc) rc = write_descriptions(&d, cfg);
    size_t S = (size_t)e->n_scenarios, R = (size_t)e->n_replicates, Y = (size_t)e->years;
    size_t cells = S * R * (RS_N_GROUPS > Y ? RS_N_GROUPS : Y);
    double *buf = malloc(sizeof *buf * (cells > 0 ? cells : 1));
    if (!buf) rc = -1;
    hsize_t shape_g[3] = {S, R, RS_N_GROUPS}, shape_y[3] = {S, R, Y}, shape_u[2] = {S, R};
    hid_t scales_g[3] = {d.scenario, d.replicate, d.subgroup}, scales_y[3] = {d.scenario, d.replicate, d.year};
    for (size_t m = 0; !rc && m < N_GROUP_METRICS; m++) {
        fill_group_metric(e, group_metrics[m].f, buf);
        rc = write_var(&d, group_metrics[m].name, 3, shape_g, scales_g, buf, group_metrics[m].units,
                       group_metrics[m].long_name);
    }
    for (int t = 0; !rc && t < RS_N_YEAR_TOTALS; t++) {
        size_t k = 0;
        for (size_t s = 0; s < S; s++)
            for (size_t r = 0; r < R; r++)
                for (size_t y = 0; y < Y; y++) buf[k++] = rs_year_row(rs_ensemble_unit(e, (int)s, (int)r), (rs_year_total)t)[y];
        char long_name[128];
        snprintf(long_name, sizeof long_name, "%s per simulated year (all offenders)", rs_year_total_name((rs_year_total)t));
        rc = write_var(&d, rs_year_total_name((rs_year_total)t), 3, shape_y, scales_y, buf,
                       rs_year_total_units((rs_year_total)t), long_name);
    }
    if (!rc) {
        size_t k = 0;
        for (size_t s = 0; s < S; s++)
            for (size_t r = 0; r < R; r++) buf[k++] = (double)rs_ensemble_unit(e, (int)s, (int)r)->events;
        rc = write_var(&d, "events", 2, shape_u, scales_g, buf, "events", "events processed by the engine");
    }
    free(buf);
    dims_close(&d);
    H5Gclose(grp);
    return rc;
}

/* ---------- /summary and /comparison ---------- */

#define N_STATS 5

/* The statistics stored for each summarised quantity: the mean, the
 * uncertainty interval (p025, p975), the Monte Carlo standard error of the
 * mean, and the number of replicates (stats.h says what each one is). */
static const struct {
    const char *suffix, *what, *interval;
} stat_kinds[N_STATS] = {
    {"mean", "mean over replicates", NULL},
    {"p025", "2.5th percentile over replicates (lower end of the 95% uncertainty interval)", RS_UNCERTAINTY_INTERVAL_TEXT},
    {"p975", "97.5th percentile over replicates (upper end of the 95% uncertainty interval)", RS_UNCERTAINTY_INTERVAL_TEXT},
    {"mcse", "Monte Carlo standard error of the mean (sd / sqrt(n); shrinks with more replicates)", RS_MCSE_TEXT},
    {"n", "replicates with a finite value", NULL},
};

/* out[k][s][g]: statistic k over replicates of vals[s][r][g]; paired against
 * scenario `ref` when ref >= 0. */
static void summarise_all(const double *vals, size_t S, size_t R, size_t G, int ref, double *out)
{
    for (size_t s = 0; s < S; s++)
        for (size_t g = 0; g < G; g++) {
            const double *x = vals + s * R * G + g;
            rs_summary m = ref >= 0 ? rs_stats_paired(x, vals + (size_t)ref * R * G + g, R, G)
                                    : rs_stats_summary(x, R, G);
            double v[N_STATS] = {m.mean, m.p025, m.p975, m.mcse, (double)m.n};
            for (int k = 0; k < N_STATS; k++) out[(size_t)k * S * G + s * G + g] = v[k];
        }
}

/* Statistics k of out[k][S][G] (G = 1: a per-scenario quantity without
 * subgroup); the interval datasets say which kind they are (`interval`). */
static int write_stats(const dims *d, const char *base, const char *units, const char *what,
                       const double *out, size_t S, size_t G)
{
    hsize_t shape[2] = {S, G};
    hid_t scales[2] = {d->scenario, d->subgroup};
    int rank = G > 1 ? 2 : 1;
    int rc = 0;
    for (int k = 0; !rc && k < N_STATS; k++) {
        char name[128], ln[384];
        snprintf(name, sizeof name, "%s_%s", base, stat_kinds[k].suffix);
        snprintf(ln, sizeof ln, "%s: %s", what, stat_kinds[k].what);
        rc = write_var(d, name, rank, shape, scales, out + (size_t)k * S * G, k == N_STATS - 1 ? "replicates" : units, ln);
        if (!rc && stat_kinds[k].interval) rc = rs_h5_attr_string_on(d->group, name, "interval", stat_kinds[k].interval);
    }
    return rc;
}

/* Group attribute naming the convention, for a reader who opens the group. */
static int write_interval_note(hid_t group)
{
    return rs_h5_attr_string(group, "intervals",
                             "<x>_p025/<x>_p975: " RS_UNCERTAINTY_INTERVAL_TEXT "; <x>_mcse: " RS_MCSE_TEXT
                             " (how precisely the replicates estimate <x>_mean; not an interval for <x>)");
}

/* Yearly totals summarised as a mean per simulated year (dimension: scenario). */
static const rs_year_total per_year_totals[] = {
    RS_YEAR_OFFENCES, RS_YEAR_PROVEN_OFFENCES, RS_YEAR_ARRESTS, RS_YEAR_COURT_CASES,
    RS_YEAR_CUSTODY_SENTENCES, RS_YEAR_PRISON_DAYS, RS_YEAR_RECALLS,
    RS_YEAR_SPEND_DIP, RS_YEAR_SPEND_TRIBOROUGH, RS_YEAR_SPEND_GTO};

static int write_per_year_stats(const dims *ds, const dims *dc, const rs_config *cfg, const rs_ensemble *e,
                                double *vals, double *out)
{
    size_t S = (size_t)e->n_scenarios, R = (size_t)e->n_replicates;
    int rc = 0;
    for (size_t k = 0; !rc && k < sizeof per_year_totals / sizeof per_year_totals[0]; k++) {
        rs_year_total t = per_year_totals[k];
        for (size_t s = 0; s < S; s++)
            for (size_t r = 0; r < R; r++) vals[s * R + r] = rs_metric_per_year(rs_ensemble_unit(e, (int)s, (int)r), t);
        char base[128], what[192], units[64];
        snprintf(base, sizeof base, "%s_per_year", rs_year_total_name(t));
        snprintf(units, sizeof units, "%s per year", rs_year_total_units(t));
        snprintf(what, sizeof what, "%s per simulated year", rs_year_total_name(t));
        summarise_all(vals, S, R, 1, -1, out);
        rc = write_stats(ds, base, units, what, out, S, 1);
        summarise_all(vals, S, R, 1, cfg->reference, out);
        snprintf(base, sizeof base, "%s_per_year_difference", rs_year_total_name(t));
        snprintf(what, sizeof what, "paired difference in %s per simulated year vs the reference", rs_year_total_name(t));
        if (!rc) rc = write_stats(dc, base, units, what, out, S, 1);
    }
    return rc;
}

static int write_summary_and_comparison(hid_t file, const rs_config *cfg, const rs_ensemble *e)
{
    size_t S = (size_t)e->n_scenarios, R = (size_t)e->n_replicates, G = RS_N_GROUPS;
    static const struct { const char *name, *units; unit_metric f; } metrics[] = {
        {"proven_reoffending_rate", "1", rs_metric_rate},
        {"reoffences_per_reoffender", "offences/offender", rs_metric_per_reoffender},
        {"reoffences_per_100", "offences per 100 offenders", rs_metric_per_100},
    };
    double *vals = malloc(sizeof *vals * S * R * G);
    double *out = malloc(sizeof *out * S * G * N_STATS);
    hid_t sum = H5Gcreate2(file, "summary", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t cmp = H5Gcreate2(file, "comparison", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    dims ds = {-1, -1, -1, -1, -1}, dc = {-1, -1, -1, -1, -1};
    int rc = (!vals || !out || sum < 0 || cmp < 0) ? -1 : 0;
    if (!rc) rc = dims_open(&ds, sum, cfg, e);
    if (!rc) rc = dims_open(&dc, cmp, cfg, e);
    if (!rc) rc = rs_h5_attr_string(cmp, "reference", cfg->scenarios[cfg->reference].name);
    if (!rc) rc = write_interval_note(sum) | write_interval_note(cmp);
    for (size_t m = 0; !rc && m < sizeof metrics / sizeof metrics[0]; m++) {
        char what[192], base[128];
        fill_group_metric(e, metrics[m].f, vals);
        summarise_all(vals, S, R, G, -1, out);
        rc = write_stats(&ds, metrics[m].name, metrics[m].units, metrics[m].name, out, S, G);
        summarise_all(vals, S, R, G, cfg->reference, out);
        snprintf(base, sizeof base, "%s_difference", metrics[m].name);
        snprintf(what, sizeof what, "paired difference in %s vs the reference scenario", metrics[m].name);
        if (!rc) rc = write_stats(&dc, base, metrics[m].units, what, out, S, G);
    }
    if (!rc) rc = write_per_year_stats(&ds, &dc, cfg, e, vals, out);
    dims_close(&ds);
    dims_close(&dc);
    if (sum >= 0) H5Gclose(sum);
    if (cmp >= 0) H5Gclose(cmp);
    free(vals);
    free(out);
    return rc;
}

/* ---------- /economics ---------- */

/* Mean over replicates per (scenario, year) of a [S][R][Y] array. */
static void mean_by_year(const rs_economics *x, const double *v, double *out)
{
    for (int s = 0; s < x->n_scenarios; s++)
        for (int y = 0; y < x->years; y++) {
            double sum = 0.0;
            for (int r = 0; r < x->n_replicates; r++) sum += v[rs_econ_syr(x, s, r, y)];
            out[(size_t)s * (size_t)x->years + (size_t)y] = sum / x->n_replicates;
        }
}

static int write_econ_by_year(const dims *d, const rs_economics *x, double *buf)
{
    size_t S = (size_t)x->n_scenarios, R = (size_t)x->n_replicates, Y = (size_t)x->years;
    hsize_t shape3[3] = {S, R, Y}, shape2[2] = {S, Y};
    hid_t sc3[3] = {d->scenario, d->replicate, d->year}, sc2[2] = {d->scenario, d->year};
    const struct { const char *name, *ln; const double *v; } vars[] = {
        {"harm_cost", "cost of offences to communities and the economy (area, undiscounted)", x->harm},
        {"cjs_cost", "criminal justice costs of simulated activity (area, undiscounted)", x->cjs},
        {"service_cost", "service budgets, pro rata to days active (area, undiscounted)", x->service},
        {"saving_communities", "discounted saving to communities and the economy vs the reference", x->saving_communities},
        {"saving_cjs", "discounted CJS saving vs the reference", x->saving_cjs},
    };
    int rc = 0;
    for (size_t k = 0; !rc && k < sizeof vars / sizeof vars[0]; k++) {
        rc = write_var(d, vars[k].name, 3, shape3, sc3, vars[k].v, "GBP", vars[k].ln);
        char name[96], ln[256];
        snprintf(name, sizeof name, "%s_mean", vars[k].name);
        snprintf(ln, sizeof ln, "%s: mean over replicates", vars[k].ln);
        mean_by_year(x, vars[k].v, buf);
        if (!rc) rc = write_var(d, name, 2, shape2, sc2, buf, "GBP", ln);
    }
    /* The seed-000 table: total discounted savings by year. */
    for (size_t i = 0; !rc && i < S * R * Y; i++) buf[i] = x->saving_communities[i] + x->saving_cjs[i];
    if (!rc) {
        double *mean = buf + S * R * Y;
        mean_by_year(x, buf, mean);
        rc = write_var(d, "saving_total_mean", 2, shape2, sc2, mean, "GBP",
                       "discounted total saving vs the reference: mean over replicates");
    }
    return rc;
}

static int write_econ_by_unit(const dims *d, const rs_economics *x, double *buf)
{
    size_t S = (size_t)x->n_scenarios, R = (size_t)x->n_replicates;
    hsize_t shape[2] = {S, R};
    hid_t sc[2] = {d->scenario, d->replicate};
    const struct { const char *name, *units, *ln; const double *v; } vars[] = {
        {"total_savings", "GBP", "discounted savings (communities + CJS) over all years vs the reference", x->total_savings},
        {"incremental_cost", "GBP", "discounted service cost minus the reference's", x->incremental_cost},
        {"npv", "GBP", "net present value: total_savings - incremental_cost", x->npv},
        {"bcr", "1", "benefit-cost ratio: total_savings / incremental_cost", x->bcr},
        {"offences_averted", "offences", "offences averted vs the reference over all years (area)", x->offences_averted},
        {"cost_per_offence_averted", "GBP/offence", "incremental_cost / offences_averted", x->cost_per_offence_averted},
    };
    int rc = 0;
    for (size_t k = 0; !rc && k < sizeof vars / sizeof vars[0]; k++) {
        rc = write_var(d, vars[k].name, 2, shape, sc, vars[k].v, vars[k].units, vars[k].ln);
        summarise_all(vars[k].v, S, R, 1, -1, buf);
        if (!rc) rc = write_stats(d, vars[k].name, vars[k].units, vars[k].ln, buf, S, 1);
    }
    if (!rc) {
        hsize_t shape1[1] = {S};
        hid_t sc1[1] = {d->scenario};
        for (size_t s = 0; s < S; s++) buf[s] = rs_economics_bcr(x, (int)s);
        rc = write_var(d, "bcr_ratio_of_means", 1, shape1, sc1, buf, "1",
                       "mean total_savings / mean incremental_cost over replicates (NaN if no extra cost)");
        for (size_t s = 0; !rc && s < S; s++) buf[s] = rs_economics_cost_per_offence(x, (int)s);
        if (!rc)
            rc = write_var(d, "cost_per_offence_averted_ratio_of_means", 1, shape1, sc1, buf, "GBP/offence",
                           "mean incremental_cost / mean offences_averted over replicates (NaN if none)");
    }
    for (size_t s = 0; !rc && s < S; s++) {
        double positive = 0.0;
        for (size_t r = 0; r < R; r++) positive += x->npv[s * R + r] > 0.0;
        buf[s] = positive / (double)R;
    }
    if (!rc) {
        hsize_t shape1[1] = {S};
        hid_t sc1[1] = {d->scenario};
        rc = write_var(d, "p_npv_positive", 1, shape1, sc1, buf, "1",
                       "share of replicates with NPV > 0 (probability over replicates that benefits exceed costs)");
    }
    return rc;
}

static int write_tornado(hid_t econ, const rs_config *cfg, const rs_tornado *t)
{
    hid_t grp = H5Gcreate2(econ, "tornado", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (grp < 0) return -1;
    const char *names[RS_MAX_UNCERTAIN];
    for (int k = 0; k < t->n; k++) names[k] = rs_params_key(t->key[k])->path;
    dims d = {grp, -1, -1, -1, -1};
    hid_t param = rs_h5_write_strings(grp, "parameter", names, (hsize_t)t->n);
    int rc = rs_h5_make_scale(param, "parameter", "uncertain parameter (config key)");
    hsize_t shape[1] = {(hsize_t)t->n};
    hid_t sc[1] = {param};
    const struct { const char *name, *units, *ln; const double *v; } vars[] = {
        {"low_value", "1", "parameter at its 2.5th percentile", t->low_value},
        {"high_value", "1", "parameter at its 97.5th percentile", t->high_value},
        {"npv_low", "GBP", "mean NPV of the primary scenario vs the reference, parameter low", t->npv_low},
        {"npv_high", "GBP", "mean NPV of the primary scenario vs the reference, parameter high", t->npv_high},
    };
    for (size_t k = 0; !rc && t->n > 0 && k < sizeof vars / sizeof vars[0]; k++)
        rc = write_var(&d, vars[k].name, 1, shape, sc, vars[k].v, vars[k].units, vars[k].ln);
    if (!rc) rc = rs_h5_attr_double(grp, "base_npv", t->base_npv);
    if (!rc) rc = rs_h5_attr_int(grp, "replicates", t->replicates);
    if (!rc) rc = rs_h5_attr_string(grp, "scenario", cfg->scenarios[cfg->primary].name);
    if (!rc) rc = rs_h5_attr_string(grp, "reference", cfg->scenarios[cfg->reference].name);
    if (param >= 0) H5Dclose(param);
    H5Gclose(grp);
    return rc;
}

static int write_economics(hid_t file, const rs_config *cfg, const rs_ensemble *e, const rs_economics *x,
                           const rs_tornado *tornado)
{
    hid_t grp = H5Gcreate2(file, "economics", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (grp < 0) return -1;
    dims d = {-1, -1, -1, -1, -1};
    size_t cells = (size_t)x->n_scenarios * (size_t)x->n_replicates * (size_t)x->years;
    double *buf = malloc(sizeof *buf * (2 * cells + (size_t)x->n_scenarios * N_STATS + 16));
    int rc = buf ? dims_open(&d, grp, cfg, e) : -1;
    if (!rc) rc = rs_h5_attr_string(grp, "reference", cfg->scenarios[cfg->reference].name);
    if (!rc) rc = write_interval_note(grp);
    if (!rc) rc = rs_h5_attr_double(grp, "discount_rate", cfg->scenarios[cfg->reference].params.economics.discount_rate);
    if (!rc) rc = rs_h5_attr_string(grp, "discounting", "year 1 undiscounted; year y (1-based) x (1 + rate)^-(y-1)");
    if (!rc) rc = rs_h5_attr_double(grp, "area_offenders", cfg->scenarios[cfg->reference].params.economics.area_offenders);
    if (!rc) rc = rs_h5_attr_string(grp, "prices", "GBP at the prices of each unit cost's source (not re-based)");
    if (!rc) rc = rs_h5_attr_int(grp, "first_financial_year", 2013); /* year 1 = 2013/14 (MODEL.md §5) */
    if (!rc) rc = rs_h5_attr_string(grp, "scale", "GBP and offences for the whole area (economics.area_offenders), "
                                               "not the simulated cohort");
    if (!rc) rc = write_econ_by_year(&d, x, buf);
    if (!rc) rc = write_econ_by_unit(&d, x, buf);
    if (!rc && tornado) rc = write_tornado(grp, cfg, tornado);
    dims_close(&d);
    free(buf);
    H5Gclose(grp);
    return rc;
}

/* ---------- /provenance ---------- */

/* One line per uncertain parameter and scenario: "scenario key dist a b". */
static int write_uncertain_list(hid_t prov, const rs_config *cfg)
{
    size_t cap = 256, used = 0;
    for (int s = 0; s < cfg->n_scenarios; s++) cap += (size_t)cfg->scenarios[s].params.n_uncertain * 160;
    char *text = malloc(cap);
    if (!text) return -1;
    text[0] = '\0';
    for (int s = 0; s < cfg->n_scenarios; s++) {
        const rs_params *p = &cfg->scenarios[s].params;
        for (int k = 0; k < p->n_uncertain && used < cap; k++)
            used += (size_t)snprintf(text + used, cap - used, "%s %s %s %.17g %.17g\n", cfg->scenarios[s].name,
                                     rs_params_key(p->uncertain[k].key)->path, rs_dist_name(p->uncertain[k].dist),
                                     p->uncertain[k].a, p->uncertain[k].b);
    }
    int rc = rs_h5_attr_string(prov, "uncertain_parameters", text[0] ? text : "(none)");
    free(text);
    return rc;
}

/* config_text indexed by a one-entry dimension scale `config_file` (the
 * path given to run), so xarray opens /provenance without phony dimensions. */
static int write_config_text(hid_t prov, const rs_config *cfg)
{
    const char *text = cfg->text ? cfg->text : "";
    const char *path = cfg->path;
    hid_t scale = rs_h5_write_strings(prov, "config_file", &path, 1);
    hid_t ds = rs_h5_write_strings(prov, "config_text", &text, 1);
    int rc = rs_h5_make_scale(scale, "config_file", "config file given to reoffsim (its base files are inlined in config_text)");
    if (!rc && (ds < 0 || H5DSattach_scale(ds, scale, 0) < 0)) rc = -1;
    if (!rc) rc = rs_h5_attr_string(ds, "long_name", "config text as run, base files included");
    if (ds >= 0) H5Dclose(ds);
    if (scale >= 0) H5Dclose(scale);
    return rc;
}

static int write_provenance(hid_t file, const rs_config *cfg, const rs_ensemble *e, const rs_run_info *info)
{
    hid_t prov = H5Gcreate2(file, "provenance", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (prov < 0) return -1;
    const rs_run_params *run = &cfg->scenarios[0].params.run;
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)run->seed);
    int rc = rs_h5_attr_string(prov, "config_path", cfg->path);
    rc |= rs_h5_attr_string(prov, "seed", seed);
    rc |= rs_h5_attr_int(prov, "replicates", e->n_replicates);
    rc |= rs_h5_attr_double(prov, "precision_target", info ? info->precision_target : 0.0);
    rc |= rs_h5_attr_int(prov, "precision_reached", info ? info->precision_reached : 0);
    rc |= rs_h5_attr_string(prov, "precision_target_meaning",
                            "Monte Carlo precision target (--precision, a proportion; 0 = not used): 1.96 x the Monte Carlo "
                            "standard error of the mean paired difference in proven reoffending, primary vs reference");
    rc |= rs_h5_attr_string(prov, "primary_scenario", cfg->primary >= 0 ? cfg->scenarios[cfg->primary].name : "");
    rc |= rs_h5_attr_int(prov, "n_agents", run->n_agents);
    rc |= rs_h5_attr_int(prov, "years", run->years);
    rc |= rs_h5_attr_string(prov, "reoffsim_version", rs_version());
    rc |= rs_h5_attr_string(prov, "git_commit", rs_git_commit());
    rc |= rs_h5_attr_string(prov, "source_hash", rs_source_hash());
    rc |= rs_h5_attr_int(prov, "schema_version", RS_SCHEMA_VERSION);
    rc |= rs_h5_attr_string(prov, "rng", "Random123 Philox4x32-10; key=(seed, replicate); counter=(agent, purpose, occurrence, lane)");
    rc |= rs_h5_attr_string(prov, "reference_scenario", cfg->scenarios[cfg->reference].name);
    rc |= rs_h5_attr_int(prov, "point_estimates", info ? info->point_estimates : 0);
    rc |= write_uncertain_list(prov, cfg);
    rc |= rs_posterior_write_provenance(prov, cfg, e);
    rc |= write_config_text(prov, cfg);
    /* Every scenario's resolved parameters, one string each: exactly what ran. */
    hid_t run_grp = H5Gcreate2(prov, "run", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (run_grp < 0) rc = -1;
    else {
        rc |= rs_h5_attr_string(run_grp, "command_line", info && info->command_line ? info->command_line : "");
        rc |= rs_h5_attr_string(run_grp, "started_at", info && info->started_at ? info->started_at : "");
        rc |= rs_h5_attr_string(run_grp, "host", info && info->host ? info->host : "");
        rc |= rs_h5_attr_int(run_grp, "threads", e->threads);
        rc |= rs_h5_attr_double(run_grp, "wall_seconds", e->wall_seconds);
        rc |= rs_h5_attr_double(run_grp, "events_per_second", e->wall_seconds > 0 ? e->events / e->wall_seconds : 0.0);
        H5Gclose(run_grp);
    }
    H5Gclose(prov);
    return rc;
}

/* ---------- the file ---------- */

static int write_contents(hid_t file, const rs_config *cfg, const rs_ensemble *e, const rs_economics *econ,
                          const rs_tornado *tornado, const rs_run_info *info)
{
    int rc = rs_h5_attr_string(file, "title", "reoffsim results");
    rc |= rs_h5_attr_int(file, "schema_version", RS_SCHEMA_VERSION);
    rc |= rs_h5_attr_string(file, "reoffsim_version", rs_version());
    rc |= rs_h5_attr_string(file, "layout", "see README.md 'Output file'");
    if (!rc) rc = write_results(file, cfg, e);
    if (!rc) rc = write_summary_and_comparison(file, cfg, e);
    if (!rc && econ) rc = write_economics(file, cfg, e, econ, tornado);
    if (!rc && econ) rc = rs_sweep_write((int64_t)file, cfg, e, econ);
    if (!rc) rc = write_provenance(file, cfg, e, info);
    if (!rc && info && info->extra) rc = info->extra((int64_t)file, info->extra_ctx);
    if (!rc) rc = rs_h5_describe_datasets(file); /* units on labels, `dimensions` on arrays */
    return rc;
}

typedef struct {
    const rs_config *cfg;
    const rs_ensemble *e;
    const rs_economics *econ;
    const rs_tornado *tornado;
    const rs_run_info *info;
} contents_ctx;

static int contents(hid_t file, void *ctx)
{
    const contents_ctx *c = ctx;
    return write_contents(file, c->cfg, c->e, c->econ, c->tornado, c->info);
}

int rs_hdf5_write(const char *path, int force, const rs_config *cfg, const rs_ensemble *e,
                  const rs_economics *econ, const rs_tornado *tornado, const rs_run_info *info,
                  rs_error *err)
{
    contents_ctx c = {cfg, e, econ, tornado, info};
    return rs_h5_write_atomic(path, force, contents, &c, err);
}
