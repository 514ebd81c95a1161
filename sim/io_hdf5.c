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
#include "h5_dims.h"
#include "h5_util.h"
#include "io_hdf5_parts.h"
#include "posterior_provenance.h"
#include "results_stream.h"
#include "reoffsim/sweep.h"
#include "reoffsim/stats.h"
#include "reoffsim/version.h"

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "rs_run_info.extra passes an hid_t as int64_t");

typedef rs_h5_dims dims;

/* values[s][r][g] of metric f. */
static void fill_group_metric(const rs_ensemble *e, rs_unit_metric f, double *out)
{
    size_t k = 0;
    for (int s = 0; s < e->n_scenarios; s++)
        for (int r = 0; r < e->n_replicates; r++)
            for (int g = 0; g < RS_N_GROUPS; g++) out[k++] = f(rs_ensemble_unit(e, s, r), (rs_group)g);
}

/* A double array in d's group with dimension scales, units and long_name. */
static int write_var(const dims *d, const char *name, int rank, const hsize_t *shape,
                     const hid_t *scales, const double *data, const char *units, const char *long_name)
{
    return rs_h5_write_var(d->group, name, rank, shape, scales, data, units, long_name);
}

static int dims_of(dims *d, hid_t group, const rs_config *cfg, const rs_ensemble *e)
{
    rs_h5_extent x = {e->n_replicates, e->first_replicate, e->years};
    return rs_h5_dims_open(d, group, cfg, &x);
}

/* ---------- /results (its per-unit datasets: results_stream.c) ---------- */

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

static int begin_results(hid_t file, const rs_config *cfg, const rs_h5_extent *x, dims *d)
{
    hid_t grp = H5Gcreate2(file, "results", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (grp < 0) return -1;
    int rc = rs_h5_dims_open(d, grp, cfg, x);
    if (!rc) rc = rs_h5_attr_string(grp, "scale", "counts for the simulated cohort (run.n_agents offenders)");
    if (!rc) rc = write_descriptions(d, cfg);
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

/* Yearly totals summarised as a mean per simulated year (dimension: scenario): rs_summarised_totals. */

static int write_per_year_stats(const dims *ds, const dims *dc, const rs_config *cfg, const rs_ensemble *e,
                                double *vals, double *out)
{
    size_t S = (size_t)e->n_scenarios, R = (size_t)e->n_replicates;
    int rc = 0;
    for (size_t k = 0; !rc && k < RS_N_SUMMARISED_TOTALS; k++) {
        rs_year_total t = rs_summarised_totals[k];
        for (size_t s = 0; s < S; s++)
            for (size_t r = 0; r < R; r++) vals[s * R + r] = rs_ensemble_per_year(e, (int)s, (int)r, t);
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
    static const struct { const char *name, *units; rs_unit_metric f; } metrics[] = {
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
    if (!rc) rc = dims_of(&ds, sum, cfg, e);
    if (!rc) rc = dims_of(&dc, cmp, cfg, e);
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
    rs_h5_dims_close(&ds);
    rs_h5_dims_close(&dc);
    if (sum >= 0) H5Gclose(sum);
    if (cmp >= 0) H5Gclose(cmp);
    free(vals);
    free(out);
    return rc;
}

/* ---------- /economics ---------- */

/* Attach the scales (scenario, replicate, year) to the streamed per-unit
 * dataset `name` of /economics (results_stream.c). */
static int attach_by_year(const dims *d, const char *name)
{
    hid_t ds = H5Dopen2(d->group, name, H5P_DEFAULT);
    hid_t sc[3] = {d->scenario, d->replicate, d->year};
    int rc = ds < 0 ? -1 : 0;
    for (unsigned i = 0; !rc && i < 3; i++) rc = H5DSattach_scale(ds, sc[i], i) < 0 ? -1 : 0;
    if (ds >= 0) H5Dclose(ds);
    return rc;
}

/* Means over replicates by (scenario, year), each after its per-unit
 * array (streamed: results_stream.c) gets its scales. */
static int write_econ_by_year(const dims *d, const rs_economics *x)
{
    hsize_t shape2[2] = {(hsize_t)x->n_scenarios, (hsize_t)x->years};
    hid_t sc2[2] = {d->scenario, d->year};
    const struct { const char *name, *ln; const double *v; } vars[] = {
        {"harm_cost", "cost of offences to communities and the economy (area, undiscounted)", x->harm_mean},
        {"cjs_cost", "criminal justice costs of simulated activity (area, undiscounted)", x->cjs_mean},
        {"service_cost", "service budgets, pro rata to days active (area, undiscounted)", x->service_mean},
        {"saving_communities", "discounted saving to communities and the economy vs the reference", x->saving_communities_mean},
        {"saving_cjs", "discounted CJS saving vs the reference", x->saving_cjs_mean},
    };
    int rc = 0;
    for (size_t k = 0; !rc && k < sizeof vars / sizeof vars[0]; k++) {
        char name[96], ln[256];
        snprintf(name, sizeof name, "%s_mean", vars[k].name);
        snprintf(ln, sizeof ln, "%s: mean over replicates", vars[k].ln);
        rc = attach_by_year(d, vars[k].name);
        if (!rc) rc = write_var(d, name, 2, shape2, sc2, vars[k].v, "GBP", ln);
    }
    if (!rc)
        rc = write_var(d, "saving_total_mean", 2, shape2, sc2, x->saving_total_mean, "GBP",
                       "discounted total saving vs the reference: mean over replicates");
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

static int begin_economics(hid_t file, const rs_config *cfg, const rs_h5_extent *x, dims *d)
{
    hid_t grp = H5Gcreate2(file, "economics", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (grp < 0) return -1;
    int rc = rs_h5_dims_open(d, grp, cfg, x);
    if (!rc) rc = rs_h5_attr_string(grp, "reference", cfg->scenarios[cfg->reference].name);
    if (!rc) rc = write_interval_note(grp);
    if (!rc) rc = rs_h5_attr_double(grp, "discount_rate", cfg->scenarios[cfg->reference].params.economics.discount_rate);
    if (!rc) rc = rs_h5_attr_string(grp, "discounting", "year 1 undiscounted; year y (1-based) x (1 + rate)^-(y-1)");
    if (!rc) rc = rs_h5_attr_double(grp, "area_offenders", cfg->scenarios[cfg->reference].params.economics.area_offenders);
    if (!rc) rc = rs_h5_attr_string(grp, "prices", "GBP at the prices of each unit cost's source (not re-based)");
    if (!rc) rc = rs_h5_attr_int(grp, "first_financial_year", 2013); /* year 1 = 2013/14 (MODEL.md §5) */
    if (!rc) rc = rs_h5_attr_string(grp, "scale", "GBP and offences for the whole area (economics.area_offenders), "
                                               "not the simulated cohort");
    return rc;
}

static int end_economics(const dims *d, const rs_config *cfg, const rs_economics *x, const rs_tornado *tornado)
{
    double *buf = malloc(sizeof *buf * ((size_t)x->n_scenarios * N_STATS + 16));
    int rc = buf ? write_econ_by_year(d, x) : -1;
    if (!rc) rc = write_econ_by_unit(d, x, buf);
    if (!rc && tornado) rc = write_tornado(d->group, cfg, tornado);
    free(buf);
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

int rs_hdf5_begin(hid_t file, const rs_config *cfg, const rs_h5_extent *x, rs_h5_dims *results, rs_h5_dims *econ)
{
    int rc = rs_h5_attr_string(file, "title", "reoffsim results");
    rc |= rs_h5_attr_int(file, "schema_version", RS_SCHEMA_VERSION);
    rc |= rs_h5_attr_string(file, "reoffsim_version", rs_version());
    rc |= rs_h5_attr_string(file, "layout", "see README.md 'Output file'");
    if (!rc) rc = begin_results(file, cfg, x, results);
    if (!rc) rc = begin_economics(file, cfg, x, econ);
    return rc;
}

int rs_hdf5_end(hid_t file, const rs_h5_dims *results, const rs_h5_dims *econ, const rs_config *cfg,
                const rs_ensemble *e, const rs_economics *x, const rs_tornado *tornado, const rs_run_info *info)
{
    (void)results; /* complete: its per-unit datasets are streamed */
    int rc = write_summary_and_comparison(file, cfg, e);
    if (!rc) rc = end_economics(econ, cfg, x, tornado);
    if (!rc && x) rc = rs_sweep_write((int64_t)file, cfg, e, x);
    if (!rc) rc = write_provenance(file, cfg, e, info);
    if (!rc && info && info->extra) rc = info->extra((int64_t)file, info->extra_ctx);
    if (!rc) rc = rs_h5_describe_datasets(file); /* units on labels, `dimensions` on arrays */
    return rc;
}

int rs_hdf5_write(const char *path, int force, const rs_config *cfg, const rs_ensemble *e, const rs_tornado *tornado,
                  const rs_run_info *info, rs_error *err)
{
    rs_rstream *st;
    int rc = rs_rstream_open(path, force, cfg, e->n_replicates, e->first_replicate, &st, err);
    for (int r = 0; !rc && r < e->n_replicates; r++)
        for (int s = 0; !rc && s < e->n_scenarios; s++) rc = rs_rstream_put(st, s, r, rs_ensemble_unit(e, s, r), err);
    rs_ensemble slim;
    rs_economics econ;
    if (!rc) rc = rs_rstream_units_done(st, &slim, &econ, err);
    if (rc) {
        rs_rstream_abort(st);
        return rc;
    }
    slim.threads = e->threads;
    slim.wall_seconds = e->wall_seconds;
    rc = rs_rstream_close(st, cfg, &slim, &econ, tornado, info, err);
    rs_ensemble_free(&slim);
    rs_economics_free(&econ);
    return rc;
}
