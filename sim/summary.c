/* reoffsim — terminal summary table (summary.h). Numbers come from the same
 * rs_stats functions as the HDF5 /summary group, so the two agree. */
#include "summary.h"

#include <math.h>
#include <stdlib.h>

#include "reoffsim/stats.h"

static const rs_group table_groups[] = {
    RS_GROUP_ALL, RS_GROUP_CAUTION, RS_GROUP_FINE, RS_GROUP_COMMUNITY_ORDER, RS_GROUP_SUSPENDED,
    RS_GROUP_CUSTODY_SHORT, RS_GROUP_CUSTODY_LONG, RS_GROUP_BAND_LOW, RS_GROUP_BAND_MEDIUM,
    RS_GROUP_BAND_HIGH, RS_GROUP_BAND_VERY_HIGH, RS_GROUP_GTO_ELIGIBLE, RS_GROUP_AGE_18_25,
    RS_GROUP_FEMALE, RS_GROUP_PPO};

/* Summary over replicates of f(unit(s, r), g). */
static rs_summary over_replicates(const rs_ensemble *e, int s, rs_group g,
                                  double (*f)(const rs_unit_result *, rs_group), double *scratch)
{
    for (int r = 0; r < e->n_replicates; r++) scratch[r] = f(rs_ensemble_unit(e, s, r), g);
    return rs_stats_summary(scratch, (size_t)e->n_replicates, 1);
}

static double cohort(const rs_unit_result *r, rs_group g) { return r->cohort[g]; }

static void print_scenario(FILE *f, const rs_config *cfg, const rs_ensemble *e, int s, double *scratch)
{
    fprintf(f, "\nScenario %s%s%s\n", cfg->scenarios[s].name, cfg->scenarios[s].description[0] ? ": " : "",
            cfg->scenarios[s].description);
    fprintf(f, "  %-16s %9s  %-22s %10s %10s %9s\n", "cohort group", "offenders", "proven reoffending",
            "per reoff.", "per 100", "days->1st");
    for (size_t k = 0; k < sizeof table_groups / sizeof table_groups[0]; k++) {
        rs_group g = table_groups[k];
        rs_summary n = over_replicates(e, s, g, cohort, scratch);
        if (!(n.mean > 0)) continue;
        rs_summary rate = over_replicates(e, s, g, rs_metric_rate, scratch);
        rs_summary per = over_replicates(e, s, g, rs_metric_per_reoffender, scratch);
        rs_summary p100 = over_replicates(e, s, g, rs_metric_per_100, scratch);
        rs_summary days = over_replicates(e, s, g, rs_metric_days_to_first, scratch);
        char ci[40] = "";
        if (rate.n > 1) snprintf(ci, sizeof ci, "[%5.1f, %5.1f]", 100 * rate.lo, 100 * rate.hi);
        fprintf(f, "  %-16s %9.0f  %5.1f%% %-15s %10.2f %10.1f %9.0f\n", rs_group_name(g), n.mean,
                100 * rate.mean, ci, per.mean, p100.mean, days.mean);
    }
}

static void print_years(FILE *f, const rs_config *cfg, const rs_ensemble *e, double *scratch)
{
    fprintf(f, "\nPer simulated year (mean over replicates, all offenders)\n  %-22s", "scenario / total");
    for (int y = 0; y < e->years; y++) fprintf(f, " %9s%-2d", "year ", y + 1);
    fputc('\n', f);
    for (int s = 0; s < e->n_scenarios; s++)
        for (int t = 0; t < RS_N_YEAR_TOTALS; t++) {
            if (t != RS_YEAR_OFFENCES && t != RS_YEAR_PROVEN_OFFENCES && t != RS_YEAR_ARRESTS &&
                t != RS_YEAR_COURT_CASES && t != RS_YEAR_PRISON_DAYS)
                continue;
            fprintf(f, "  %-10.10s %-11.11s", cfg->scenarios[s].name, rs_year_total_name((rs_year_total)t));
            for (int y = 0; y < e->years; y++) {
                for (int r = 0; r < e->n_replicates; r++)
                    scratch[r] = rs_year_row(rs_ensemble_unit(e, s, r), (rs_year_total)t)[y];
                fprintf(f, " %11.0f", rs_stats_summary(scratch, (size_t)e->n_replicates, 1).mean);
            }
            fputc('\n', f);
        }
}

static void print_comparison(FILE *f, const rs_config *cfg, const rs_ensemble *e, double *scratch, double *ref)
{
    if (e->n_scenarios < 2) return;
    int rs = cfg->reference;
    fprintf(f, "\nPaired difference in proven reoffending rate vs %s (percentage points, 95%% CI, MCSE)\n",
            cfg->scenarios[rs].name);
    for (int s = 0; s < e->n_scenarios; s++) {
        if (s == rs) continue;
        for (int r = 0; r < e->n_replicates; r++) {
            scratch[r] = rs_metric_rate(rs_ensemble_unit(e, s, r), RS_GROUP_ALL);
            ref[r] = rs_metric_rate(rs_ensemble_unit(e, rs, r), RS_GROUP_ALL);
        }
        rs_summary d = rs_stats_paired(scratch, ref, (size_t)e->n_replicates, 1);
        fprintf(f, "  %-24s %+7.2f  [%+7.2f, %+7.2f]  MCSE %.3f\n", cfg->scenarios[s].name, 100 * d.mean,
                100 * d.lo, 100 * d.hi, 100 * d.mcse);
    }
}

void rs_summary_print(FILE *f, const rs_config *cfg, const rs_ensemble *e)
{
    double *scratch = malloc(sizeof *scratch * (size_t)e->n_replicates * 2);
    if (!scratch) return;
    fprintf(f, "MoJ proven reoffending (offence within 12 months of cohort start, proven within a further\n"
               "6 months); mean over %d replicates, 95%% CI of the mean in brackets\n",
            e->n_replicates);
    for (int s = 0; s < e->n_scenarios; s++) print_scenario(f, cfg, e, s, scratch);
    print_years(f, cfg, e, scratch);
    print_comparison(f, cfg, e, scratch, scratch + e->n_replicates);
    free(scratch);
}
