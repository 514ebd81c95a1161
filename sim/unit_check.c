/* reoffsim — range checks of a work unit read back from a file
 * (unit_check.h). What a unit can hold: counts of agents are whole numbers
 * in [0, agents]; reoffences are whole and non-negative; sums of OGRS3
 * probabilities are in [0, cohort] (each term is in [0, 1]); days and yearly
 * totals (counts, days, GBP) are finite, non-negative and below a generous
 * bound. Then the relations between fields that every simulated unit obeys
 * (cohort_tally.c), so that values each in range but jointly impossible (a
 * forged file with recomputed checksums: reoffenders[female] = agents) are
 * refused too: per group, reoffenders <= cohort <= cohort[all], reoffenders
 * <= reoffences <= reoffenders x 65535 (proven counts are uint16 per agent),
 * days_to_first <= reoffenders x (horizon + 1 day); and each partition of the
 * cohort (disposal, OGRS3 band, sex, previous offences, age band) sums, in
 * cohort, reoffenders and reoffences, to the group all. */
#include "unit_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reoffsim/types.h"

/* Bounds of a yearly total: far above any run (50 million agents x 366 days,
 * or x 1e7 GBP per event), far below what a forged value needs to break the
 * economics (1e303). */
#define MAX_YEAR_TOTAL 1e15
#define MAX_YEAR_GBP 1e18
#define MAX_PROVEN_PER_AGENT 65535.0 /* uint16 proven count per agent */

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

/* why = "relation REL fails for group G: A = x, B = y"; returns -1. */
static int broken(char *why, size_t n, const char *rel, int g, const char *a, double x, const char *b, double y)
{
    snprintf(why, n, "relation %s fails for group %s: %s = %.17g, %s = %.17g", rel, rs_group_name((rs_group)g), a, x,
             b, y);
    return -1;
}

/* The per-group relations (see the top of the file). */
static int check_group_relations(const rs_unit_result *r, int g, double horizon_days, char *why, size_t n)
{
    double cohort = r->cohort[g], all = r->cohort[RS_GROUP_ALL], ro = r->reoffenders[g], off = r->reoffences[g];
    double days = r->days_to_first[g];
    if (cohort > all) return broken(why, n, "cohort <= cohort[all]", g, "cohort", cohort, "cohort[all]", all);
    if (ro > cohort) return broken(why, n, "reoffenders <= cohort", g, "reoffenders", ro, "cohort", cohort);
    if (off < ro) return broken(why, n, "reoffences >= reoffenders", g, "reoffences", off, "reoffenders", ro);
    if (off > ro * MAX_PROVEN_PER_AGENT)
        return broken(why, n, "reoffences <= reoffenders x 65535", g, "reoffences", off, "reoffenders", ro);
    if (days > ro * (horizon_days + 1.0))
        return broken(why, n, "days_to_first <= reoffenders x (run horizon + 1 day)", g, "days_to_first", days,
                      "reoffenders", ro);
    return 0;
}

/* Groups that split the cohort: each agent is in exactly one of them. */
typedef struct {
    const char *name;
    int first, count;
} partition;

static const partition partitions[] = {
    {"disposal", RS_GROUP_CAUTION, RS_N_DISPOSALS},     {"OGRS3 band", RS_GROUP_BAND_LOW, RS_N_BANDS},
    {"sex", RS_GROUP_FEMALE, 2},                        {"previous offences", RS_GROUP_PREVIOUS_0, 5},
    {"age band", RS_GROUP_AGE_BAND_FIRST, RS_N_AGE_BANDS},
    {"index offence group", RS_GROUP_INDEX_FIRST, RS_N_INDEX_GROUPS}};

/* Whole-number fields of a partition sum exactly to the group all. */
static int check_partitions(const rs_unit_result *r, char *why, size_t n)
{
    const struct {
        const char *name;
        const double *v;
    } fields[] = {{"cohort", r->cohort}, {"reoffenders", r->reoffenders}, {"reoffences", r->reoffences}};
    for (size_t p = 0; p < sizeof partitions / sizeof partitions[0]; p++)
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            double sum = 0.0;
            for (int g = partitions[p].first; g < partitions[p].first + partitions[p].count; g++) sum += fields[f].v[g];
            if (sum != fields[f].v[RS_GROUP_ALL]) {
                snprintf(why, n, "relation sum of %s over the %s groups = %s[all] fails: %.17g, %s[all] = %.17g",
                         fields[f].name, partitions[p].name, fields[f].name, sum, fields[f].name,
                         fields[f].v[RS_GROUP_ALL]);
                return -1;
            }
        }
    return 0;
}

static int check_year_totals(const rs_unit_result *r, int years, char *why, size_t n)
{
    for (int t = 0; t < RS_N_YEAR_TOTALS; t++) {
        const char *units = rs_year_total_units((rs_year_total)t);
        double max = units && !strcmp(units, "GBP") ? MAX_YEAR_GBP : MAX_YEAR_TOTAL;
        for (int y = 0; y < years; y++) {
            double x = rs_year_row(r, (rs_year_total)t)[y];
            if (!finite_nonneg(x) || x > max) {
                snprintf(why, n, "%s in year %d = %.17g (must be finite and in [0, %g])",
                         rs_year_total_name((rs_year_total)t), y + 1, x, max);
                return -1;
            }
        }
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
    for (int g = 0; g < RS_N_GROUPS; g++)
        if (check_group_relations(r, g, 365.0 * years, why, n)) return -1;
    if (check_partitions(r, why, n)) return -1;
    return check_year_totals(r, years, why, n);
}
