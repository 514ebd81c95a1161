/* reoffsim — terminal summary of a finished run (summary.h): the scenario
 * comparison a commissioner reads first, paired differences against the
 * reference, service activity, then the MoJ table by subgroup. Numbers come
 * from the same rs_stats functions as the HDF5 /summary and /comparison
 * groups, so the two agree. Intervals in brackets are 95% uncertainty
 * intervals (percentiles over replicates); the Monte Carlo standard error of
 * the mean is a separate column, never shown as an interval. */
#include "summary.h"

#include "reoffsim/voi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reoffsim/stats.h"
#include "safe_text.h"

typedef double (*group_metric)(const rs_unit_result *, rs_group);

static const rs_group detail_groups[] = {
    RS_GROUP_ALL, RS_GROUP_CAUTION, RS_GROUP_FINE, RS_GROUP_COMMUNITY_ORDER, RS_GROUP_SUSPENDED,
    RS_GROUP_CUSTODY_SHORT, RS_GROUP_CUSTODY_LONG, RS_GROUP_BAND_LOW, RS_GROUP_BAND_MEDIUM,
    RS_GROUP_BAND_HIGH, RS_GROUP_BAND_VERY_HIGH, RS_GROUP_GTO_ELIGIBLE, RS_GROUP_AGE_18_25,
    RS_GROUP_FEMALE, RS_GROUP_MALE, RS_GROUP_PPO, RS_GROUP_PREVIOUS_0, RS_GROUP_PREVIOUS_1_2,
    RS_GROUP_PREVIOUS_3_6, RS_GROUP_PREVIOUS_7_10, RS_GROUP_PREVIOUS_11_PLUS, RS_GROUP_AGE_BAND_FIRST + 0,
    RS_GROUP_AGE_BAND_FIRST + 1, RS_GROUP_AGE_BAND_FIRST + 2, RS_GROUP_AGE_BAND_FIRST + 3,
    RS_GROUP_AGE_BAND_FIRST + 4, RS_GROUP_AGE_BAND_FIRST + 5, RS_GROUP_AGE_BAND_FIRST + 6,
    RS_GROUP_INDEX_FIRST + RS_IOG_VIOLENCE, RS_GROUP_INDEX_FIRST + RS_IOG_SEXUAL, RS_GROUP_INDEX_FIRST + RS_IOG_ROBBERY,
    RS_GROUP_INDEX_FIRST + RS_IOG_BURGLARY, RS_GROUP_INDEX_FIRST + RS_IOG_THEFT, RS_GROUP_INDEX_FIRST + RS_IOG_FRAUD,
    RS_GROUP_INDEX_FIRST + RS_IOG_CRIMINAL_DAMAGE, RS_GROUP_INDEX_FIRST + RS_IOG_DRUG,
    RS_GROUP_INDEX_FIRST + RS_IOG_PUBLIC_ORDER, RS_GROUP_INDEX_FIRST + RS_IOG_MISCELLANEOUS,
    RS_GROUP_INDEX_FIRST + RS_IOG_SUMMARY_NON_MOTORING, RS_GROUP_INDEX_FIRST + RS_IOG_SUMMARY_MOTORING,
    RS_GROUP_INDEX_FIRST + RS_IOG_OTHER};

/* Groups in the comparison table (MODEL.md §4's headline breakdowns). */
static const rs_group headline_groups[] = {RS_GROUP_ALL, RS_GROUP_CUSTODY_SHORT, RS_GROUP_GTO_ELIGIBLE,
                                           RS_GROUP_FEMALE, RS_GROUP_AGE_18_25};

static double cohort(const rs_unit_result *r, rs_group g) { return r->cohort[g]; }

static void fill_group(const rs_ensemble *e, int s, rs_group g, group_metric f, double *x)
{
    for (int r = 0; r < e->n_replicates; r++) x[r] = f(rs_ensemble_unit(e, s, r), g);
}

static void fill_year(const rs_ensemble *e, int s, rs_year_total t, double *x)
{
    for (int r = 0; r < e->n_replicates; r++) x[r] = rs_ensemble_per_year(e, s, r, t);
}

static rs_summary group_summary(const rs_ensemble *e, int s, rs_group g, group_metric f, double *x)
{
    fill_group(e, s, g, f, x);
    return rs_stats_summary(x, (size_t)e->n_replicates, 1);
}

/* The one-line legend above the tables: which number is which. */
static void print_legend(FILE *f)
{
    fprintf(f, "Legend: [a, b] = 95%% UI, uncertainty interval (2.5th-97.5th percentile over replicates: "
               "parameter draws + chance); MCSE = Monte Carlo standard error of the mean\n\n");
}

static void print_comparison(FILE *f, const rs_config *cfg, const rs_ensemble *e, double *x)
{
    char scale[RS_SCALE_TEXT];
    fprintf(f, "Scenario comparison (%s): MoJ proven reoffending rate (mean of %d replicates; 'all' with 95%% UI "
               "and MCSE), offences and proven offences per simulated year\n",
            rs_scale_cohort(cfg, scale, sizeof scale), e->n_replicates);
    int w = rs_summary_name_width(cfg, 16);
    fprintf(f, "  %-*s %-19s %6s %7s %7s %7s %7s %12s %10s\n", w, "scenario", "all [95% UI]", "MCSE", "SSP", "GTO",
            "female", "18-25", "offences/yr", "proven/yr");
    for (int s = 0; s < e->n_scenarios; s++) {
        fprintf(f, "  %-*s", w, cfg->scenarios[s].name);
        for (size_t k = 0; k < sizeof headline_groups / sizeof headline_groups[0]; k++) {
            rs_summary m = group_summary(e, s, headline_groups[k], rs_metric_rate, x);
            if (k == 0)
                fprintf(f, " %5.1f%% [%4.1f, %4.1f] %5.2f%%", 100 * m.mean, 100 * m.p025, 100 * m.p975, 100 * m.mcse);
            else
                fprintf(f, " %6.1f%%", 100 * m.mean);
        }
        fill_year(e, s, RS_YEAR_OFFENCES, x);
        double off = rs_stats_summary(x, (size_t)e->n_replicates, 1).mean;
        fill_year(e, s, RS_YEAR_PROVEN_OFFENCES, x);
        fprintf(f, " %12.0f %10.0f\n", off, rs_stats_summary(x, (size_t)e->n_replicates, 1).mean);
    }
}

static void print_differences(FILE *f, const rs_config *cfg, const rs_ensemble *e, double *x, double *ref)
{
    if (e->n_scenarios < 2) return;
    int rs = cfg->reference;
    size_t n = (size_t)e->n_replicates;
    char scale[RS_SCALE_TEXT];
    fprintf(f, "\nPaired differences vs %s (same replicates and random numbers; %s): mean [95%% UI] MCSE\n",
            cfg->scenarios[rs].name, rs_scale_cohort(cfg, scale, sizeof scale));
    int w = rs_summary_name_width(cfg, 16);
    fprintf(f, "  %-*s %-37s%s\n", w, "scenario", "proven reoffending, all (pp)", "offences per year (%)");
    for (int s = 0; s < e->n_scenarios; s++) {
        if (s == rs) continue;
        fill_group(e, s, RS_GROUP_ALL, rs_metric_rate, x);
        fill_group(e, rs, RS_GROUP_ALL, rs_metric_rate, ref);
        rs_summary d = rs_stats_paired(x, ref, n, 1);
        fill_year(e, s, RS_YEAR_OFFENCES, x);
        fill_year(e, rs, RS_YEAR_OFFENCES, ref);
        rs_summary o = rs_stats_paired(x, ref, n, 1);
        double base = rs_stats_summary(ref, n, 1).mean;
        fprintf(f, "  %-*s %+6.2f [%+6.2f, %+6.2f] MCSE %.3f   %+6.2f%% [%+6.2f, %+6.2f] MCSE %.2f\n", w,
                cfg->scenarios[s].name, 100 * d.mean, 100 * d.p025, 100 * d.p975, 100 * d.mcse,
                100 * o.mean / base, 100 * o.p025 / base, 100 * o.p975 / base, 100 * o.mcse / base);
    }
}

/* Service activity, mean per year, for scenarios that run any service. */
static void print_services(FILE *f, const rs_config *cfg, const rs_ensemble *e)
{
    static const struct { rs_year_total t; const char *label; } rows[] = {
        {RS_YEAR_DIP_TESTS, "DIP tests"}, {RS_YEAR_DIP_POSITIVE, "DIP positive"},
        {RS_YEAR_DIP_TREATMENT_STARTS, "DIP treatment starts"}, {RS_YEAR_DIP_MISSED_ASSESSMENTS, "DIP missed assessments"},
        {RS_YEAR_TRI_SCREENED, "Tri screened"}, {RS_YEAR_TRI_TREATMENT_STARTS, "Tri referrals engaged"},
        {RS_YEAR_TRI_SSP_ELIGIBLE, "Tri SSP releases"}, {RS_YEAR_TRI_KEYWORKER_STARTS, "Tri key-worker starts"},
        {RS_YEAR_TRI_WAITLIST_JOINS, "Tri joined waiting list"}, {RS_YEAR_TRI_GAVE_UP_WAITING, "Tri waited too long"},
        {RS_YEAR_TRI_KEYWORKER_CAPACITY, "Tri key-worker places"},
        {RS_YEAR_GTO_ELIGIBLE_RELEASES, "GTO cohort releases"}, {RS_YEAR_GTO_TAGGED, "GTO tagged"},
        {RS_YEAR_GTO_TAG_TURNED_AWAY, "GTO no tag available"}, {RS_YEAR_GTO_FAST_COURT, "GTO enhanced court"},
        {RS_YEAR_SPEND_DIP, "DIP spend (GBP, sim. cohort)"}, {RS_YEAR_SPEND_TRIBOROUGH, "Tri spend (GBP, sim. cohort)"},
        {RS_YEAR_SPEND_GTO, "GTO spend (GBP, sim. cohort)"},
    };
    int any = 0;
    for (int s = 0; s < e->n_scenarios; s++)
        for (int k = 0; k < RS_N_SERVICES; k++) any |= rs_params_service_const(&cfg->scenarios[s].params, (rs_service_id)k)->enabled;
    if (!any) return;
    int cw = rs_summary_name_width(cfg, 14);
    char scale[RS_SCALE_TEXT];
    fprintf(f, "\nService activity (mean per simulated year, %s; variable spend only)\n  %-28s",
            rs_scale_cohort(cfg, scale, sizeof scale), "");
    for (int s = 0; s < e->n_scenarios; s++) fprintf(f, " %*s", cw, cfg->scenarios[s].name);
    fputc('\n', f);
    double *row = malloc(sizeof *row * (size_t)e->n_scenarios);
    if (!row) return;
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        double total = 0.0;
        for (int s = 0; s < e->n_scenarios; s++) {
            row[s] = rs_ensemble_mean_per_year(e, s, rows[k].t);
            total += fabs(row[s]);
        }
        if (!(total > 0.0)) continue; /* a service no scenario runs */
        fprintf(f, "  %-28s", rows[k].label);
        for (int s = 0; s < e->n_scenarios; s++) fprintf(f, " %*.0f", cw, row[s]);
        fputc('\n', f);
    }
    free(row);
}

static void print_detail(FILE *f, const rs_config *cfg, const rs_ensemble *e, int s, double *x)
{
    char description[4 * sizeof cfg->scenarios[s].description]; /* \xNN for each escaped byte */
    rs_text_escape(cfg->scenarios[s].description, description, sizeof description);
    char scale[RS_SCALE_TEXT];
    fprintf(f, "\nScenario %s%s%s: MoJ measures by cohort group (%s)\n", cfg->scenarios[s].name,
            cfg->scenarios[s].description[0] ? " - " : "", description, /* config text: escaped */
            rs_scale_cohort(cfg, scale, sizeof scale));
    fprintf(f, "  %-16s %9s  %-22s %10s %10s %9s\n", "cohort group", "offenders", "reoffending [95% UI]",
            "per reoff.", "per 100", "days->1st");
    for (size_t k = 0; k < sizeof detail_groups / sizeof detail_groups[0]; k++) {
        rs_group g = detail_groups[k];
        rs_summary n = group_summary(e, s, g, cohort, x);
        if (!(n.mean > 0)) continue;
        rs_summary rate = group_summary(e, s, g, rs_metric_rate, x);
        rs_summary per = group_summary(e, s, g, rs_metric_per_reoffender, x);
        rs_summary p100 = group_summary(e, s, g, rs_metric_per_100, x);
        rs_summary days = group_summary(e, s, g, rs_metric_days_to_first, x);
        char ci[40] = "";
        if (rate.n > 1) snprintf(ci, sizeof ci, "[%5.1f, %5.1f]", 100 * rate.p025, 100 * rate.p975);
        fprintf(f, "  %-16s %9.0f  %5.1f%% %-15s %10.2f %10.1f %9.0f\n", rs_group_name(g), n.mean,
                100 * rate.mean, ci, per.mean, p100.mean, days.mean);
    }
}

static void print_years(FILE *f, const rs_config *cfg, const rs_ensemble *e, int s)
{
    static const rs_year_total shown[] = {RS_YEAR_OFFENCES, RS_YEAR_PROVEN_OFFENCES, RS_YEAR_ARRESTS,
                                          RS_YEAR_COURT_CASES, RS_YEAR_PRISON_DAYS};
    char scale[RS_SCALE_TEXT];
    fprintf(f, "  per simulated year (%s, all offenders; %s):\n  %-16s", cfg->scenarios[s].name,
            rs_scale_cohort(cfg, scale, sizeof scale), "");
    for (int y = 0; y < e->years; y++) fprintf(f, " %9s%-2d", "year ", y + 1);
    fputc('\n', f);
    for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++) {
        fprintf(f, "  %-16s", rs_year_total_name(shown[k]));
        for (int y = 0; y < e->years; y++) fprintf(f, " %11.0f", rs_ensemble_year_mean(e, s, shown[k], y));
        fputc('\n', f);
    }
}

/* a[s][y] (+ b[s][y]) by year, then their total: means over replicates. */
static void print_econ_row(FILE *f, const rs_economics *x, const char *label, const double *a, const double *b, int s)
{
    double total = 0.0;
    fprintf(f, "    %-24s", label);
    for (int y = 0; y < x->years; y++) {
        double v = a[rs_econ_sy(x, s, y)] + (b ? b[rs_econ_sy(x, s, y)] : 0.0);
        total += v;
        fprintf(f, " %8.2f", v / 1e6);
    }
    fprintf(f, " %8.2f\n", total / 1e6);
}

/* One appraisal quantity of scenario s: mean [95% UI] MCSE, in GBP m. */
static void print_econ_summary(FILE *f, const rs_economics *x, const char *label, const double *v, int s)
{
    rs_summary m = rs_stats_summary(v + rs_econ_sr(x, s, 0), (size_t)x->n_replicates, 1);
    fprintf(f, "    %-24s %8.2f [%7.2f, %7.2f] MCSE %.2f\n", label, m.mean / 1e6, m.p025 / 1e6, m.p975 / 1e6,
            m.mcse / 1e6);
}

/* B:C and the ICER against the reference (cost per offence averted) in words where a ratio would mislead: no
 * "n/a" for a cheaper option and never a negative ratio (voi.h quadrants). */
static void describe_ratios(const rs_economics *x, int s, double bcr, double cpo, char *bc, size_t nb, char *per,
                            size_t np)
{
    rs_summary cost = rs_stats_summary(x->incremental_cost + rs_econ_sr(x, s, 0), (size_t)x->n_replicates, 1);
    rs_summary averted = rs_stats_summary(x->offences_averted + rs_econ_sr(x, s, 0), (size_t)x->n_replicates, 1);
    double ratio;
    rs_vs_reference q = rs_vs_reference_of(cost.mean, averted.mean, &ratio);
    if (isfinite(bcr)) snprintf(bc, nb, "%.2f (ratio of means)", bcr);
    else snprintf(bc, nb, "not a ratio (costs the area GBP %.2fm %s than the reference)", fabs(cost.mean) / 1e6,
                  cost.mean < 0 ? "less" : "no more");
    if (isfinite(cpo)) snprintf(per, np, "GBP %.0f per offence averted", cpo);
    else if (q == RS_VS_CHEAPER_LESS_EFFECTIVE) snprintf(per, np, "none, cheaper, averts fewer (saves GBP %.0f per offence forgone)", ratio);
    else snprintf(per, np, "none, %s", rs_vs_reference_name(q));
}

/* The commissioner's table: discounted savings by financial year (seed 000's
 * shape), then the extra cost, savings and NPV with their uncertainty
 * intervals and MCSE, the benefit-cost ratio and P(NPV > 0) over replicates. */
static void print_economics(FILE *f, const rs_config *cfg, const rs_economics *x)
{
    if (!x || x->n_scenarios < 2) return;
    const rs_economics_params *ep = &cfg->scenarios[x->reference].params.economics;
    char scale[RS_SCALE_TEXT];
    fprintf(f, "\nEconomics vs %s: GBP m for the %s, discounted at %.1f%% (year 1 undiscounted)\n",
            cfg->scenarios[x->reference].name, rs_scale_area(cfg, scale, sizeof scale), 100 * ep->discount_rate);
    for (int s = 0; s < x->n_scenarios; s++) {
        if (s == x->reference) continue;
        fprintf(f, "  %-26s", cfg->scenarios[s].name);
        for (int y = 0; y < x->years; y++) fprintf(f, "   year %d", y + 1);
        fprintf(f, "    total\n");
        print_econ_row(f, x, "communities & economy", x->saving_communities_mean, NULL, s);
        print_econ_row(f, x, "CJS savings", x->saving_cjs_mean, NULL, s);
        print_econ_row(f, x, "total savings", x->saving_communities_mean, x->saving_cjs_mean, s);
        fprintf(f, "    %-24s %8s %-19s %s\n", "over all years", "mean", " [95% UI]", "MCSE");
        print_econ_summary(f, x, "total savings", x->total_savings, s);
        print_econ_summary(f, x, "extra service cost", x->incremental_cost, s);
        print_econ_summary(f, x, "NPV", x->npv, s);
        size_t n = (size_t)x->n_replicates;
        const double *npv = x->npv + rs_econ_sr(x, s, 0);
        double positive = 0.0, bcr = rs_economics_bcr(x, s), cpo = rs_economics_cost_per_offence(x, s);
        for (size_t r = 0; r < n; r++) positive += npv[r] > 0.0;
        char bc[96], per[112];
        describe_ratios(x, s, bcr, cpo, bc, sizeof bc, per, sizeof per);
        fprintf(f, "    B:C %s; P(NPV > 0) %.2f (share of replicates); ICER vs the reference: %s\n",
                bc, positive / (double)n, per);
    }
}

void rs_summary_print_head(FILE *f, const rs_config *cfg, const rs_ensemble *e, const rs_economics *econ)
{
    double *x = malloc(sizeof *x * (size_t)e->n_replicates * 2);
    if (!x) return;
    print_legend(f);
    print_comparison(f, cfg, e, x);
    print_differences(f, cfg, e, x, x + e->n_replicates);
    print_services(f, cfg, e);
    print_economics(f, cfg, econ);
    free(x);
}

void rs_summary_print_details(FILE *f, const rs_config *cfg, const rs_ensemble *e, int all_details)
{
    double *x = malloc(sizeof *x * (size_t)e->n_replicates * 2);
    if (!x) return;
    for (int s = 0; s < e->n_scenarios; s++) {
        if (!all_details && s != cfg->reference) continue;
        print_detail(f, cfg, e, s, x);
        print_years(f, cfg, e, s);
    }
    if (!all_details && e->n_scenarios > 1) fprintf(f, "\n(--detail prints the group table for every scenario)\n");
    free(x);
}

void rs_summary_print_tornado(FILE *f, const rs_config *cfg, const rs_tornado *t)
{
    char scale[RS_SCALE_TEXT];
    fprintf(f, "\nOne-way sensitivity: NPV of %s vs %s (GBP m for the %s; %d replicates per arm; base %.2f)\n",
            cfg->scenarios[cfg->primary].name, cfg->scenarios[cfg->reference].name,
            rs_scale_area(cfg, scale, sizeof scale), t->replicates, t->base_npv / 1e6);
    if (t->n == 0) {
        fprintf(f, "  no uncertain parameters (give a config value as {dist: ...} to add one)\n");
        return;
    }
    int order[RS_MAX_UNCERTAIN];
    for (int k = 0; k < t->n; k++) order[k] = k;
    for (int i = 1; i < t->n; i++) /* insertion sort by swing, widest first */
        for (int j = i; j > 0 && fabs(t->npv_high[order[j]] - t->npv_low[order[j]]) >
                                     fabs(t->npv_high[order[j - 1]] - t->npv_low[order[j - 1]]); j--) {
            int tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    int w = 9; /* the parameter column sizes to the longest key path: never cut */
    for (int k = 0; k < t->n; k++) {
        int len = (int)strlen(rs_params_key(t->key[k])->path);
        if (len > w) w = len;
    }
    fprintf(f, "  %-*s %12s %12s %9s %9s\n", w, "parameter", "low value", "high value", "NPV low", "NPV high");
    for (int i = 0; i < t->n; i++) {
        int k = order[i];
        fprintf(f, "  %-*s %12.4g %12.4g %9.2f %9.2f\n", w, rs_params_key(t->key[k])->path, t->low_value[k],
                t->high_value[k], t->npv_low[k] / 1e6, t->npv_high[k] / 1e6);
    }
}
