/* reoffsim — incremental cost-effectiveness analysis: strong and extended
 * dominance and ICERs along the efficient frontier (voi.h). Standard rules
 * (Drummond et al., Methods for the economic evaluation of health care
 * programmes; NICE methods guide): sort by cost, drop options that another
 * option beats on both axes, then drop options whose ICER exceeds that of the
 * next more costly option (a mix of its neighbours would do better), until
 * ICERs increase with cost. */
#include "reoffsim/voi.h"

#include <math.h>

const char *rs_dominance_name(rs_dominance d)
{
    switch (d) {
    case RS_DOM_FRONTIER: return "on the frontier";
    case RS_DOM_DOMINANT: return "dominant";
    case RS_DOM_DOMINATED: return "dominated";
    case RS_DOM_EXTENDED: return "extendedly dominated";
    }
    return "?";
}

const char *rs_vs_reference_name(rs_vs_reference q)
{
    switch (q) {
    case RS_VS_SAME: return "same as reference";
    case RS_VS_DOMINANT: return "dominant (cheaper, averts more)";
    case RS_VS_DOMINATED: return "dominated (costlier, averts fewer)";
    case RS_VS_COSTLIER_MORE_EFFECTIVE: return "costlier, more effective";
    case RS_VS_CHEAPER_LESS_EFFECTIVE: return "cheaper, less effective";
    }
    return "?";
}

rs_vs_reference rs_vs_reference_of(double d_cost, double d_effect, double *ratio)
{
    *ratio = NAN;
    if (d_cost == 0.0 && d_effect == 0.0) return RS_VS_SAME;
    if (d_cost <= 0.0 && d_effect >= 0.0) return RS_VS_DOMINANT;
    if (d_cost >= 0.0 && d_effect <= 0.0) return RS_VS_DOMINATED;
    *ratio = fabs(d_cost / d_effect);
    return d_cost > 0.0 ? RS_VS_COSTLIER_MORE_EFFECTIVE : RS_VS_CHEAPER_LESS_EFFECTIVE;
}

/* Indices sorted by cost ascending, then effect descending, then index. */
static void sort_by_cost(int n, const double *cost, const double *effect, int *order)
{
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            int a = order[j - 1], b = order[j];
            int before = cost[b] < cost[a] || (cost[b] == cost[a] && (effect[b] > effect[a] ||
                                                                      (effect[b] == effect[a] && b < a)));
            if (!before) break;
            order[j - 1] = b;
            order[j] = a;
        }
}

/* Strong dominance: walking up in cost, an option no more effective than a
 * cheaper (or equally costly, listed earlier) one is dominated. Returns the
 * survivors in cost order (effects strictly increasing). */
static int remove_dominated(int n, const int *order, const double *effect, rs_dominance *status, int *kept)
{
    int m = 0;
    double best = -INFINITY;
    for (int i = 0; i < n; i++) {
        int j = order[i];
        if (effect[j] <= best) {
            status[j] = RS_DOM_DOMINATED;
        } else {
            best = effect[j];
            kept[m++] = j;
        }
    }
    return m;
}

static double icer_between(const double *cost, const double *effect, int a, int b)
{
    return (cost[b] - cost[a]) / (effect[b] - effect[a]);
}

/* Extended dominance: while some ICER exceeds the next one, drop that option. */
static int remove_extended(int m, int *kept, const double *cost, const double *effect, rs_dominance *status)
{
    for (int changed = 1; changed;) {
        changed = 0;
        for (int k = 1; k + 1 < m; k++) {
            if (icer_between(cost, effect, kept[k - 1], kept[k]) <= icer_between(cost, effect, kept[k], kept[k + 1]))
                continue;
            status[kept[k]] = RS_DOM_EXTENDED;
            for (int i = k; i + 1 < m; i++) kept[i] = kept[i + 1];
            m--;
            changed = 1;
            break;
        }
    }
    return m;
}

int rs_dominance_classify(int n, const double *cost, const double *effect, rs_dominance *status, double *icer,
                          rs_error *err)
{
    if (n < 0 || n > RS_VOI_MAX_OPTIONS)
        return rs_error_set(err, RS_ERR_CONFIG, "dominance: %d options (at most %d)", n, RS_VOI_MAX_OPTIONS);
    int order[RS_VOI_MAX_OPTIONS], kept[RS_VOI_MAX_OPTIONS];
    for (int j = 0; j < n; j++) {
        status[j] = RS_DOM_FRONTIER;
        icer[j] = NAN;
    }
    sort_by_cost(n, cost, effect, order);
    int m = remove_dominated(n, order, effect, status, kept);
    m = remove_extended(m, kept, cost, effect, status);
    for (int k = 1; k < m; k++) icer[kept[k]] = icer_between(cost, effect, kept[k - 1], kept[k]);
    if (m == 1 && n > 1) status[kept[0]] = RS_DOM_DOMINANT;
    return RS_OK;
}
