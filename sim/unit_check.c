/* reoffsim — range checks of a work unit read back from a file
 * (unit_check.h). What a unit can hold: counts of agents are whole numbers
 * in [0, agents]; reoffences are whole and non-negative; sums of OGRS3
 * probabilities are in [0, cohort] (each term is in [0, 1]); days and yearly
 * totals (counts, days, GBP) are finite and non-negative. */
#include "unit_check.h"

#include <math.h>
#include <stdio.h>

#include "reoffsim/types.h"

static int finite_nonneg(double x) { return isfinite(x) && x >= 0.0; }
static int whole(double x) { return finite_nonneg(x) && x == floor(x); }

/* One per-group field: name, values, kind of check. */
typedef enum { ANY_NONNEG, WHOLE, WHOLE_AGENTS, UP_TO_COHORT } check_kind;

static int field_ok(check_kind kind, double x, double cohort, int n_agents)
{
    switch (kind) {
    case WHOLE_AGENTS: return whole(x) && x <= (double)n_agents;
    case WHOLE: return whole(x);
    case UP_TO_COHORT: return finite_nonneg(x) && x <= cohort;
    default: return finite_nonneg(x);
    }
}

static const char *rule(check_kind kind)
{
    return kind == WHOLE_AGENTS ? "a whole number in [0, agents]"
           : kind == WHOLE      ? "a whole number >= 0"
           : kind == UP_TO_COHORT ? "finite, in [0, cohort of the group]"
                                  : "finite and >= 0";
}

static int check_groups(const rs_unit_result *r, int n_agents, char *why, size_t n)
{
    const struct {
        const char *name;
        const double *v;
        check_kind kind;
    } fields[] = {{"cohort", r->cohort, WHOLE_AGENTS},       {"reoffenders", r->reoffenders, WHOLE_AGENTS},
                  {"reoffences", r->reoffences, WHOLE},      {"days_to_first", r->days_to_first, ANY_NONNEG},
                  {"ogrs3_p1", r->ogrs3_p1, UP_TO_COHORT},   {"ogrs3_p2", r->ogrs3_p2, UP_TO_COHORT}};
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
        for (int g = 0; g < RS_N_GROUPS; g++)
            if (!field_ok(fields[f].kind, fields[f].v[g], r->cohort[g], n_agents)) {
                snprintf(why, n, "%s[%s] = %.17g (must be %s, agents %d)", fields[f].name, rs_group_name((rs_group)g),
                         fields[f].v[g], rule(fields[f].kind), n_agents);
                return -1;
            }
    return 0;
}

int rs_unit_check(const rs_unit_result *r, int years, int n_agents, char *why, size_t n)
{
    if (r->years != years) {
        snprintf(why, n, "years = %d (the run has %d)", r->years, years);
        return -1;
    }
    if (check_groups(r, n_agents, why, n)) return -1;
    for (int t = 0; t < RS_N_YEAR_TOTALS; t++)
        for (int y = 0; y < years; y++) {
            double x = rs_year_row(r, (rs_year_total)t)[y];
            if (!finite_nonneg(x)) {
                snprintf(why, n, "%s in year %d = %.17g (must be finite and >= 0)", rs_year_total_name((rs_year_total)t),
                         y + 1, x);
                return -1;
            }
        }
    return 0;
}
