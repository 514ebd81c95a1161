/* reoffsim — outcomes of one work unit (scenario, replicate): the MoJ
 * proven-reoffending measures per subgroup and totals per simulated year,
 * plus the MoJ counting-window rules. */
#ifndef REOFFSIM_METRICS_H
#define REOFFSIM_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "reoffsim/types.h"

typedef struct {
    double cohort[RS_N_GROUPS];        /* offenders in the cohort */
    double reoffenders[RS_N_GROUPS];   /* with >= 1 proven reoffence */
    double reoffences[RS_N_GROUPS];    /* proven reoffences */
    double days_to_first[RS_N_GROUPS]; /* sum over reoffenders of days to first */
    double ogrs3_p1[RS_N_GROUPS];      /* sum of OGRS3 one-year probabilities at entry */
    double ogrs3_p2[RS_N_GROUPS];      /* sum of OGRS3 two-year probabilities at entry */
    int years;
    double *year; /* [RS_N_YEAR_TOTALS][years], caller-owned storage */
    uint64_t events;
} rs_unit_result;

/* Zero the counters (keeps the year storage pointer and length). */
void rs_unit_result_clear(rs_unit_result *r);

/* MoJ rule: an offence counts if committed on or after the cohort start and
 * less than followup_days after it. */
int rs_moj_offence_in_window(double t_entry, double t_offence, double followup_days);

/* MoJ rule: a counted offence is proven in time if its conviction or caution
 * is at most followup + waiting days after the cohort start. */
int rs_moj_proof_in_time(double t_entry, double t_proof, double followup_days, double waiting_days);

/* Derived measures for group g (NaN when undefined). */
double rs_metric_rate(const rs_unit_result *r, rs_group g);                 /* proportion */
double rs_metric_per_reoffender(const rs_unit_result *r, rs_group g);
double rs_metric_per_100(const rs_unit_result *r, rs_group g);
double rs_metric_days_to_first(const rs_unit_result *r, rs_group g);
double rs_metric_ogrs3_p1(const rs_unit_result *r, rs_group g); /* mean predicted one-year */
double rs_metric_ogrs3_p2(const rs_unit_result *r, rs_group g); /* mean predicted two-year */

/* Mean per simulated year of a yearly total. */
double rs_metric_per_year(const rs_unit_result *r, rs_year_total t);

static inline double *rs_year_row(const rs_unit_result *r, rs_year_total t)
{
    return r->year + (size_t)t * (size_t)r->years;
}

/* The simulated year of day `day` (finite, >= 0): floor(day / 365) taken
 * from the correctly rounded quotient, which is exact: a day just below 365y
 * is at least ulp(365y) below it, and ulp(365y) / 365 > ulp(y) / 2, so the
 * quotient never rounds up to y (tests/test_metrics.c checks both sides of
 * every boundary). Truncation is the floor here, so no libm call. */
static inline int rs_year_of(double day) { return (int)(day / 365.0); }

/* Add amount to year total `what` at day `day` (dropped outside [0, horizon)).
 * Inline: it runs on every event. */
static inline void rs_year_add(rs_unit_result *r, rs_year_total what, double day, double amount)
{
    if (!(day >= 0.0 && day < r->years * 365.0)) return;
    rs_year_row(r, what)[rs_year_of(day)] += amount;
}

/* Add the days of [from, to) to year total `what`, split across years. */
void rs_year_add_span(rs_unit_result *r, rs_year_total what, double from, double to);

#endif
