/* reoffsim — the /decision group of the results file (decision.h): ranking,
 * dominance labels, ICERs, the acceptability curve (willingness to pay as a
 * dimension scale), EVPI, EVPPI per parameter group, the null-effect
 * scenario and the break-even effect. Every dataset carries `units` and
 * `long_name` and its dimension scales, so xarray (engine h5netcdf) opens the
 * group as it is. */
#include "reoffsim/decision.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <stdlib.h>
#include <string.h>

#include "h5_util.h"

typedef struct {
    hid_t group, scenario, wtp, param_group;
    size_t S, W, G;
} scales;

/* A 1-D string dataset along `scale` with units "1" and a long_name. */
static int write_labels(const scales *d, const char *name, const char *const *v, const char *long_name)
{
    hid_t ds = rs_h5_write_strings(d->group, name, v, (hsize_t)d->S);
    if (ds < 0) return -1;
    int rc = H5DSattach_scale(ds, d->scenario, 0) < 0 ? -1 : 0;
    rc |= rs_h5_attr_string(ds, "units", "1") | rs_h5_attr_string(ds, "long_name", long_name);
    H5Dclose(ds);
    return rc;
}

/* A scalar double dataset with units and long_name. */
static int write_scalar(hid_t group, const char *name, double v, const char *units, const char *long_name)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t ds = H5Dcreate2(group, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = ds < 0 || H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v) < 0 ? -1 : 0;
    if (!rc) rc = rs_h5_attr_string(ds, "units", units) | rs_h5_attr_string(ds, "long_name", long_name);
    if (ds >= 0) H5Dclose(ds);
    H5Sclose(space);
    return rc;
}

static int per_scenario(const scales *d, const char *name, const double *v, const char *units, const char *ln)
{
    hsize_t shape[1] = {d->S};
    return rs_h5_write_var(d->group, name, 1, shape, &d->scenario, v, units, ln);
}

/* <name>_mean, _p025, _p975, _mcse of a per-scenario summary. */
static int write_summaries(const scales *d, const char *name, const rs_summary *v, const char *units, const char *ln,
                           double *buf)
{
    static const char *const part[] = {"mean", "p025", "p975", "mcse"};
    static const char *const what[] = {"mean over replicates", RS_UNCERTAINTY_INTERVAL_TEXT " (lower)",
                                       RS_UNCERTAINTY_INTERVAL_TEXT " (upper)", RS_MCSE_TEXT};
    int rc = 0;
    for (int k = 0; !rc && k < 4; k++) {
        for (size_t s = 0; s < d->S; s++)
            buf[s] = k == 0 ? v[s].mean : k == 1 ? v[s].p025 : k == 2 ? v[s].p975 : v[s].mcse;
        char n[96], l[512];
        snprintf(n, sizeof n, "%s_%s", name, part[k]);
        snprintf(l, sizeof l, "%s: %s", ln, what[k]);
        rc = per_scenario(d, n, buf, units, l);
        if (!rc && k > 0) rc = rs_h5_attr_string_on(d->group, n, "interval", k < 3 ? RS_UNCERTAINTY_INTERVAL_TEXT : RS_MCSE_TEXT);
    }
    return rc;
}

static int write_ranking(const scales *d, const rs_decision *x, double *buf)
{
    int rc = write_summaries(d, "nmb", x->nmb, "GBP",
                             "net monetary benefit vs the reference = NPV (savings to communities and CJS - extra service cost)", buf);
    if (!rc) rc = write_summaries(d, "npv_fiscal", x->npv_fiscal, "GBP", "fiscal NPV: cashable CJS savings - extra service cost", buf);
    if (!rc) rc = write_summaries(d, "benefit_economic", x->benefit_economic, "GBP",
                                  "economic benefit: harm averted to victims, communities and the economy", buf);
    if (!rc) rc = write_summaries(d, "incremental_cost", x->cost, "GBP", "discounted service cost minus the reference's", buf);
    if (!rc) rc = write_summaries(d, "offences_averted", x->averted, "offences", "offences averted vs the reference (area, all years)", buf);
    if (!rc) rc = write_summaries(d, "proven_offences_averted", x->proven_averted, "offences",
                                  "proven offences averted vs the reference (area, all years)", buf);
    for (size_t s = 0; s < d->S; s++) buf[s] = x->rank_nmb[s];
    if (!rc) rc = per_scenario(d, "rank_nmb", buf, "1", "rank by mean net monetary benefit (1 = highest)");
    for (size_t s = 0; s < d->S; s++) buf[s] = x->rank_averted[s];
    if (!rc) rc = per_scenario(d, "rank_offences_averted", buf, "1", "rank by mean offences averted (1 = most)");
    if (!rc) rc = per_scenario(d, "p_best", x->p_best, "1", "share of replicates in which the option has the highest NPV");
    return rc;
}

static int write_dominance(const scales *d, const rs_decision *x)
{
    const char *labels[RS_VOI_MAX_OPTIONS], *proven[RS_VOI_MAX_OPTIONS], *vs[RS_VOI_MAX_OPTIONS];
    for (size_t s = 0; s < d->S; s++) {
        labels[s] = rs_dominance_name(x->status[s]);
        proven[s] = rs_dominance_name(x->status_proven[s]);
        vs[s] = rs_vs_reference_name(x->vs_ref[s]);
    }
    int rc = write_labels(d, "dominance", labels,
                          "status on the plane (mean extra cost, mean offences averted): dominant / dominated / extendedly "
                          "dominated / on the frontier");
    if (!rc) rc = write_labels(d, "dominance_proven", proven, "as dominance, effect = proven offences averted");
    if (!rc) rc = write_labels(d, "vs_reference", vs, "quadrant of the cost-effectiveness plane against the reference");
    if (!rc) rc = per_scenario(d, "vs_reference_ratio", x->vs_ref_ratio, "GBP/offence",
                               "|extra cost / offences averted| vs the reference: GBP per offence averted (costlier, more "
                               "effective) or GBP saved per offence forgone (cheaper, less effective); NaN otherwise");
    if (!rc) rc = per_scenario(d, "icer", x->icer, "GBP/offence",
                               "ICER against the next cheaper option on the frontier (NaN off the frontier and for its cheapest option)");
    if (!rc) rc = per_scenario(d, "icer_proven", x->icer_proven, "GBP/offence",
                               "ICER per proven offence averted on the proven-offence frontier");
    return rc;
}

static int write_voi(const scales *d, const rs_decision *x)
{
    hsize_t shape2[2] = {d->W, d->S}, shape1[1] = {d->W};
    hid_t sc2[2] = {d->wtp, d->scenario};
    int rc = rs_h5_write_var(d->group, "ceac", 2, shape2, sc2, x->ceac, "1",
                             "P(option has the highest net benefit wtp x offences_averted - incremental_cost)");
    if (!rc) rc = rs_h5_write_var(d->group, "evpi_by_wtp", 1, shape1, &d->wtp, x->evpi_wtp, "GBP",
                                  "EVPI at this willingness to pay per offence averted (area, appraisal period)");
    if (!rc) rc = write_scalar(d->group, "evpi", x->evpi, "GBP",
                               "expected value of perfect information at the default valuation (NB = NPV), area, appraisal period");
    if (!rc) rc = write_scalar(d->group, "evppi_all_parameters", x->evppi_all, "GBP",
                               "EVPPI of all uncertain parameters together (regression method)");
    if (!rc && d->G > 0) {
        double ev[RS_DECISION_MAX_GROUPS];
        for (size_t g = 0; g < d->G; g++) ev[g] = x->groups[g].evppi;
        hsize_t shape[1] = {d->G};
        rc = rs_h5_write_var(d->group, "evppi", 1, shape, &d->param_group, ev, "GBP",
                             "EVPPI of the parameter group (Strong, Oakley & Brennan 2014 regression, additive spline)");
    }
    return rc;
}

static int write_null(const scales *d, const rs_decision *x)
{
    if (!x->null.done) return 0;
    int rc = per_scenario(d, "null_effect_npv", x->null.npv, "GBP", "mean NPV vs the reference with every service effect at none");
    if (!rc) rc = per_scenario(d, "null_effect_offences_averted", x->null.offences_averted, "offences",
                               "mean offences averted vs the reference with every service effect at none");
    if (!rc) rc = per_scenario(d, "null_effect_offences", x->null.offences, "offences",
                               "mean offences (area, all years) with every service effect at none");
    if (!rc) rc = per_scenario(d, "null_effect_incremental_cost", x->null.incremental_cost, "GBP",
                               "mean extra service cost vs the reference with every service effect at none");
    return rc;
}

static int write_break_even(hid_t group, const rs_config *cfg, const rs_break_even *b)
{
    if (!b->done) return 0;
    int rc = write_scalar(group, "break_even_theta", b->theta, "1",
                          "effect scale of the primary's added services at which mean NPV = 0 (1 = modelled, 0 = none; NaN: not found)");
    if (!rc) rc = write_scalar(group, "break_even_npv_at_no_effect", b->npv_at_zero, "GBP", "mean NPV at theta = 0");
    if (!rc) rc = write_scalar(group, "break_even_npv_at_modelled_effect", b->npv_at_one, "GBP", "mean NPV at theta = 1");
    if (!rc) rc = write_scalar(group, "break_even_npv_mcse", b->mcse_at_one, "GBP", RS_MCSE_TEXT " of the NPV at theta = 1");
    if (!rc) rc = rs_h5_attr_string(group, "break_even_note", b->note);
    if (!rc) rc = rs_h5_attr_int(group, "break_even_replicates", b->replicates);
    if (!rc) rc = rs_h5_attr_string(group, "break_even_scenario", cfg->scenarios[cfg->primary].name);
    if (!rc) rc = rs_h5_attr_string(group, "break_even_rival", cfg->scenarios[b->rival].name);
    if (!rc) rc = write_scalar(group, "break_even_rival_npv", b->rival_npv, "GBP",
                               "mean NPV of the rival (the best other option by expected NMB) in the break-even runs");
    return rc;
}

static int open_scales(scales *d, hid_t group, const rs_config *cfg, const rs_decision *x)
{
    const char *names[RS_VOI_MAX_OPTIONS], *groups[RS_DECISION_MAX_GROUPS];
    for (int s = 0; s < x->n_scenarios; s++) names[s] = cfg->scenarios[s].name;
    for (int g = 0; g < x->n_groups; g++) groups[g] = x->groups[g].name;
    *d = (scales){group, -1, -1, -1, (size_t)x->n_scenarios, (size_t)x->n_wtp, (size_t)x->n_groups};
    d->scenario = rs_h5_write_strings(group, "scenario", names, d->S);
    int rc = rs_h5_make_scale(d->scenario, "scenario", "scenario name") | rs_h5_attr_string(d->scenario, "units", "1");
    hsize_t w = d->W;
    if (!rc) rc = rs_h5_write_var(group, "wtp", 1, &w, NULL, x->wtp, "GBP/offence", "willingness to pay per offence averted");
    if (!rc && (d->wtp = H5Dopen2(group, "wtp", H5P_DEFAULT)) < 0) rc = -1;
    if (!rc) rc = H5DSset_scale(d->wtp, "wtp") < 0 ? -1 : 0;
    if (!rc && d->G > 0) {
        d->param_group = rs_h5_write_strings(group, "parameter_group", groups, d->G);
        rc = rs_h5_make_scale(d->param_group, "parameter_group", "group of uncertain parameters (config key prefix)");
        if (!rc) rc = rs_h5_attr_string(d->param_group, "units", "1");
    }
    return rc;
}

static void close_scales(scales *d)
{
    hid_t all[3] = {d->scenario, d->wtp, d->param_group};
    for (int i = 0; i < 3; i++)
        if (all[i] >= 0) H5Dclose(all[i]);
}

/* Parameter keys of each group, one line per group, as an attribute. */
static int write_group_keys(hid_t group, const rs_decision *x)
{
    char text[8192];
    size_t used = 0;
    text[0] = '\0';
    for (int g = 0; g < x->n_groups && used < sizeof text; g++) {
        used += (size_t)snprintf(text + used, sizeof text - used, "%s:", x->groups[g].name);
        for (int k = 0; k < x->groups[g].n_keys && used < sizeof text; k++)
            used += (size_t)snprintf(text + used, sizeof text - used, " %s", rs_params_key(x->groups[g].key[k])->path);
        if (used < sizeof text) used += (size_t)snprintf(text + used, sizeof text - used, "\n");
    }
    return rs_h5_attr_string(group, "parameter_group_keys", text[0] ? text : "(no uncertain parameters)");
}

int rs_decision_write_hdf5(int64_t file, const rs_config *cfg, const rs_decision *x)
{
    hid_t group = H5Gcreate2((hid_t)file, "decision", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (group < 0) return -1;
    scales d;
    double *buf = malloc(sizeof *buf * (size_t)(x->n_scenarios > 0 ? x->n_scenarios : 1));
    int rc = buf ? open_scales(&d, group, cfg, x) : -1;
    if (!rc) rc = rs_h5_attr_string(group, "reference", cfg->scenarios[x->reference].name);
    if (!rc) rc = rs_h5_attr_string(group, "meaning", "see docs/uncertainty.md 'Decisions'");
    if (!rc) rc = rs_h5_attr_string(group, "intervals", "<x>_p025, <x>_p975: " RS_UNCERTAINTY_INTERVAL_TEXT "; <x>_mcse: " RS_MCSE_TEXT);
    if (!rc) rc = write_group_keys(group, x);
    if (!rc) rc = write_ranking(&d, x, buf);
    if (!rc) rc = write_dominance(&d, x);
    if (!rc) rc = write_voi(&d, x);
    if (!rc) rc = write_null(&d, x);
    if (!rc) rc = write_break_even(group, cfg, &x->break_even);
    if (buf) close_scales(&d);
    free(buf);
    H5Gclose(group);
    return rc;
}

int rs_decision_write_extra(int64_t file, void *ctx)
{
    const rs_decision_extra *c = ctx;
    return rs_decision_write_hdf5(file, c->cfg, c->dec);
}
