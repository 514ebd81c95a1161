/* reoffsim — MoJ window rules, derived measures and per-year accounting. */
#include "reoffsim/metrics.h"

#include <math.h>
#include <string.h>

#define DAYS_PER_YEAR 365.0

void rs_unit_result_clear(rs_unit_result *r)
{
    double *year = r->year;
    int years = r->years;
    memset(r, 0, sizeof *r);
    r->year = year;
    r->years = years;
    if (year) memset(year, 0, sizeof *year * (size_t)years * RS_N_YEAR_TOTALS);
}

int rs_moj_offence_in_window(double t_entry, double t_offence, double followup_days)
{
    return t_offence >= t_entry && t_offence - t_entry < followup_days;
}

int rs_moj_proof_in_time(double t_entry, double t_proof, double followup_days, double waiting_days)
{
    return t_proof - t_entry <= followup_days + waiting_days;
}

static double ratio(double a, double b) { return b > 0.0 ? a / b : NAN; }

double rs_metric_rate(const rs_unit_result *r, rs_group g) { return ratio(r->reoffenders[g], r->cohort[g]); }
double rs_metric_per_reoffender(const rs_unit_result *r, rs_group g) { return ratio(r->reoffences[g], r->reoffenders[g]); }
double rs_metric_per_100(const rs_unit_result *r, rs_group g) { return 100.0 * ratio(r->reoffences[g], r->cohort[g]); }
double rs_metric_days_to_first(const rs_unit_result *r, rs_group g) { return ratio(r->days_to_first[g], r->reoffenders[g]); }
double rs_metric_ogrs3_p1(const rs_unit_result *r, rs_group g) { return ratio(r->ogrs3_p1[g], r->cohort[g]); }
double rs_metric_ogrs3_p2(const rs_unit_result *r, rs_group g) { return ratio(r->ogrs3_p2[g], r->cohort[g]); }

void rs_year_add_span(rs_unit_result *r, rs_year_total what, double from, double to)
{
    double horizon = r->years * DAYS_PER_YEAR;
    if (from < 0.0) from = 0.0;
    if (to > horizon) to = horizon;
    while (from < to) {
        int y = rs_year_of(from); /* from >= 0 */
        double year_end = (y + 1) * DAYS_PER_YEAR;
        double end = to < year_end ? to : year_end;
        rs_year_row(r, what)[y] += end - from;
        from = end;
    }
}

double rs_metric_per_year(const rs_unit_result *r, rs_year_total t)
{
    double s = 0.0;
    for (int y = 0; y < r->years; y++) s += rs_year_row(r, t)[y];
    return r->years > 0 ? s / r->years : NAN;
}
