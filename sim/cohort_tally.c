/* reoffsim — MoJ cohort tally by subgroup (cohort_tally.h). */
#include "cohort_tally.h"

#include <string.h>

#include "day_ticks.h"
#include "reoffsim/ogrs3.h"

#define MAX_GROUPS_PER_AGENT 10

/* MoJ's previous-offences band of `previous` sanctions before the index one. */
static rs_group previous_group(int previous)
{
    if (previous <= 0) return RS_GROUP_PREVIOUS_0;
    if (previous <= 2) return RS_GROUP_PREVIOUS_1_2;
    if (previous <= 6) return RS_GROUP_PREVIOUS_3_6;
    if (previous <= 10) return RS_GROUP_PREVIOUS_7_10;
    return RS_GROUP_PREVIOUS_11_PLUS;
}

/* The generator's age band (population.c) of an age at cohort start. */
static rs_group age_group(double age)
{
    static const double upper[RS_N_AGE_BANDS - 1] = {21, 25, 30, 35, 40, 50};
    int band = 0;
    while (band < RS_N_AGE_BANDS - 1 && age >= upper[band]) band++;
    return (rs_group)(RS_GROUP_AGE_BAND_FIRST + band);
}

/* The groups agent i belongs to, in a fixed order; returns how many. */
static int groups_of(const rs_agents *a, uint32_t i, rs_group g[MAX_GROUPS_PER_AGENT])
{
    uint8_t f = a->hot[i].flags;
    int n = 0;
    g[n++] = RS_GROUP_ALL;
    g[n++] = (rs_group)(RS_GROUP_CAUTION + a->profile[i].disposal0);
    g[n++] = (rs_group)(RS_GROUP_BAND_LOW + rs_agent_band(f));
    g[n++] = (f & RS_FLAG_FEMALE) ? RS_GROUP_FEMALE : RS_GROUP_MALE;
    if (f & RS_FLAG_GTO) g[n++] = RS_GROUP_GTO_ELIGIBLE;
    if (f & RS_FLAG_YOUNG) g[n++] = RS_GROUP_AGE_18_25;
    if (f & RS_FLAG_PPO) g[n++] = RS_GROUP_PPO;
    g[n++] = previous_group(a->profile[i].sanctions0 - 1);
    g[n++] = age_group(rs_age_years(a->profile[i].age0_days));
    g[n++] = (rs_group)(RS_GROUP_INDEX_FIRST + rs_offence_index_group((rs_offence)a->profile[i].offence0));
    return n;
}

void rs_cohort_totals_clear(rs_cohort_totals *t) { memset(t, 0, sizeof *t); }

void rs_cohort_totals_add(rs_cohort_totals *t, const rs_agents *a, uint32_t i, float p2_at_entry)
{
    double p1, p2;
    rs_ogrs3_from_p2(p2_at_entry, &p1, &p2);
    rs_group g[MAX_GROUPS_PER_AGENT];
    int n = groups_of(a, i, g);
    for (int k = 0; k < n; k++) {
        t->cohort[g[k]] += 1.0;
        t->ogrs3_p1[g[k]] += p1;
        t->ogrs3_p2[g[k]] += p2;
    }
}

void rs_cohort_tally(const rs_agents *a, const rs_cohort_totals *t, double tick_days, rs_unit_result *r)
{
    memcpy(r->cohort, t->cohort, sizeof r->cohort);
    memcpy(r->ogrs3_p1, t->ogrs3_p1, sizeof r->ogrs3_p1);
    memcpy(r->ogrs3_p2, t->ogrs3_p2, sizeof r->ogrs3_p2);
    for (uint32_t i = 0; i < (uint32_t)a->n; i++) {
        if (a->record[i].proven == 0) continue;
        rs_group g[MAX_GROUPS_PER_AGENT];
        int n = groups_of(a, i, g);
        for (int k = 0; k < n; k++) {
            r->reoffenders[g[k]] += 1.0;
            r->reoffences[g[k]] += a->record[i].proven;
            r->days_to_first[g[k]] += rs_ticks_day(a->record[i].first_reoffence, tick_days);
        }
    }
}
