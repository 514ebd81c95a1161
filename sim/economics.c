/* reoffsim — costs, savings, discounting and NPV (economics.h). */
#include "reoffsim/economics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double rs_discount_factor(double rate, int y) { return pow(1.0 + rate, -(double)y); }

double rs_economics_cjs_cost(const rs_economics_params *p, const rs_unit_result *u, int y)
{
    const struct { rs_year_total t; double unit; } items[] = {
        {RS_YEAR_ARRESTS, p->cost_arrest},           {RS_YEAR_CAUTIONS, p->cost_caution},
        {RS_YEAR_COURT_CASES, p->cost_court_case},   {RS_YEAR_PRISON_DAYS, p->cost_prison_day},
        {RS_YEAR_REMAND_DAYS, p->cost_remand_day},   {RS_YEAR_ORDERS, p->cost_order},
        {RS_YEAR_RECALLS, p->cost_recall},
    };
    double cost = 0.0;
    for (size_t k = 0; k < sizeof items / sizeof items[0]; k++) cost += rs_year_row(u, items[k].t)[y] * items[k].unit;
    return cost;
}

void rs_economics_free(rs_economics *x)
{
    double *arrays[] = {x->harm, x->cjs, x->service, x->saving_communities, x->saving_cjs, x->harm_mean, x->cjs_mean,
                        x->service_mean, x->saving_communities_mean, x->saving_cjs_mean, x->saving_total_mean,
                        x->total_savings, x->incremental_cost, x->npv, x->bcr, x->offences_averted,
                        x->cost_per_offence_averted, x->saving_communities_sum, x->saving_cjs_sum, x->proven_averted};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) free(arrays[k]);
    memset(x, 0, sizeof *x);
}

static int allocate(rs_economics *x, rs_error *err)
{
    size_t syr = (size_t)x->n_scenarios * (size_t)x->by_year_n * (size_t)x->years;
    size_t sy = (size_t)x->n_scenarios * (size_t)x->years;
    size_t sr = (size_t)x->n_scenarios * (size_t)x->n_replicates;
    double **by_year[] = {&x->harm, &x->cjs, &x->service, &x->saving_communities, &x->saving_cjs};
    double **means[] = {&x->harm_mean, &x->cjs_mean, &x->service_mean, &x->saving_communities_mean,
                        &x->saving_cjs_mean, &x->saving_total_mean};
    double **by_unit[] = {&x->total_savings, &x->incremental_cost, &x->npv, &x->bcr, &x->offences_averted,
                          &x->cost_per_offence_averted, &x->saving_communities_sum, &x->saving_cjs_sum,
                          &x->proven_averted};
    int ok = 1;
    for (size_t k = 0; k < sizeof by_year / sizeof by_year[0]; k++) ok &= (*by_year[k] = calloc(syr ? syr : 1, sizeof(double))) != NULL;
    for (size_t k = 0; k < sizeof means / sizeof means[0]; k++) ok &= (*means[k] = calloc(sy ? sy : 1, sizeof(double))) != NULL;
    for (size_t k = 0; k < sizeof by_unit / sizeof by_unit[0]; k++) ok &= (*by_unit[k] = calloc(sr ? sr : 1, sizeof(double))) != NULL;
    if (ok) return RS_OK;
    rs_economics_free(x);
    return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the economics tables");
}

/* Area-level costs of every scenario and year of replicate r. */
static void costs(const rs_config *cfg, rs_economics *x, int r, const rs_unit_result *const *units)
{
    for (int s = 0; s < x->n_scenarios; s++) {
        const rs_params *p = &cfg->scenarios[s].params;
        double area = p->economics.area_offenders / p->run.n_agents;
        const rs_unit_result *u = units[s];
        for (int y = 0; y < x->years; y++) {
            size_t k = rs_econ_syr(x, s, r, y);
            x->harm[k] = area * rs_year_row(u, RS_YEAR_OFFENCE_HARM)[y];
            x->cjs[k] = area * rs_economics_cjs_cost(&p->economics, u, y);
            x->service[k] = area * rs_year_row(u, RS_YEAR_SERVICE_COST)[y];
        }
    }
}

/* Paired against the reference in the same replicate. */
static void appraise(const rs_config *cfg, rs_economics *x, int r, const rs_unit_result *const *units)
{
    int ref = x->reference;
    for (int s = 0; s < x->n_scenarios; s++) {
        const rs_params *p = &cfg->scenarios[s].params;
        double area = p->economics.area_offenders / p->run.n_agents;
        double savings = 0.0, cost = 0.0, averted = 0.0, communities = 0.0, cjs = 0.0, proven = 0.0;
        for (int y = 0; y < x->years; y++) {
            size_t k = rs_econ_syr(x, s, r, y), kr = rs_econ_syr(x, ref, r, y);
            double d = rs_discount_factor(p->economics.discount_rate, y);
            x->saving_communities[k] = (x->harm[kr] - x->harm[k]) * d;
            x->saving_cjs[k] = (x->cjs[kr] - x->cjs[k]) * d;
            savings += x->saving_communities[k] + x->saving_cjs[k];
            cost += (x->service[k] - x->service[kr]) * d;
            averted += area * (rs_year_row(units[ref], RS_YEAR_OFFENCES)[y] - rs_year_row(units[s], RS_YEAR_OFFENCES)[y]);
            cjs += x->saving_cjs[k];
            communities += x->saving_communities[k];
            proven += area * (rs_year_row(units[ref], RS_YEAR_PROVEN_OFFENCES)[y] -
                              rs_year_row(units[s], RS_YEAR_PROVEN_OFFENCES)[y]);
        }
        size_t k = rs_econ_sr(x, s, r);
        x->total_savings[k] = savings;
        x->incremental_cost[k] = cost;
        x->npv[k] = savings - cost;
        x->bcr[k] = cost > 0.0 ? savings / cost : NAN;
        x->offences_averted[k] = averted;
        x->cost_per_offence_averted[k] = averted > 0.0 && cost > 0.0 ? cost / averted : NAN;
        x->saving_communities_sum[k] = communities;
        x->saving_cjs_sum[k] = cjs;
        x->proven_averted[k] = proven;
    }
}

/* Replicate r's by-year values into the running sums behind the means
 * (replicate order: the same bits as summing a whole column). */
static void add_to_means(rs_economics *x, int r)
{
    for (int s = 0; s < x->n_scenarios; s++)
        for (int y = 0; y < x->years; y++) {
            size_t k = rs_econ_syr(x, s, r, y), m = rs_econ_sy(x, s, y);
            x->harm_mean[m] += x->harm[k];
            x->cjs_mean[m] += x->cjs[k];
            x->service_mean[m] += x->service[k];
            x->saving_communities_mean[m] += x->saving_communities[k];
            x->saving_cjs_mean[m] += x->saving_cjs[k];
            x->saving_total_mean[m] += x->saving_communities[k] + x->saving_cjs[k];
        }
}

int rs_economics_begin(const rs_config *cfg, int n_replicates, int years, int block, rs_economics *out, rs_error *err)
{
    memset(out, 0, sizeof *out);
    out->n_scenarios = cfg->n_scenarios;
    out->n_replicates = n_replicates;
    out->years = years;
    out->reference = cfg->reference;
    out->by_year_n = block < n_replicates ? block : n_replicates;
    return allocate(out, err);
}

void rs_economics_add_replicate(const rs_config *cfg, rs_economics *x, int r, const rs_unit_result *const *units)
{
    costs(cfg, x, r, units);
    appraise(cfg, x, r, units);
    add_to_means(x, r);
}

void rs_economics_finish(rs_economics *x)
{
    double *means[] = {x->harm_mean, x->cjs_mean, x->service_mean, x->saving_communities_mean, x->saving_cjs_mean,
                       x->saving_total_mean};
    size_t sy = (size_t)x->n_scenarios * (size_t)x->years;
    for (size_t k = 0; k < sizeof means / sizeof means[0]; k++)
        for (size_t i = 0; i < sy; i++) means[k][i] /= x->n_replicates;
}

int rs_economics_compute(const rs_config *cfg, const rs_ensemble *e, rs_economics *out, rs_error *err)
{
    const rs_unit_result *units[256]; /* config.c allows at most 256 scenarios */
    if (e->n_scenarios > 256) return rs_error_set(err, RS_ERR_CONFIG, "more than 256 scenarios");
    int rc = rs_economics_begin(cfg, e->n_replicates, e->years, e->n_replicates, out, err);
    if (rc) return rc;
    for (int r = 0; r < e->n_replicates; r++) {
        for (int s = 0; s < e->n_scenarios; s++) units[s] = rs_ensemble_unit(e, s, r);
        rs_economics_add_replicate(cfg, out, r, units);
    }
    rs_economics_finish(out);
    return RS_OK;
}

static double mean_over_replicates(const rs_economics *x, const double *v, int s)
{
    double sum = 0.0;
    for (int r = 0; r < x->n_replicates; r++) sum += v[rs_econ_sr(x, s, r)];
    return sum / x->n_replicates;
}

double rs_economics_bcr(const rs_economics *x, int s)
{
    double cost = mean_over_replicates(x, x->incremental_cost, s);
    return cost > 0.0 ? mean_over_replicates(x, x->total_savings, s) / cost : NAN;
}

double rs_economics_cost_per_offence(const rs_economics *x, int s)
{
    double cost = mean_over_replicates(x, x->incremental_cost, s);
    double averted = mean_over_replicates(x, x->offences_averted, s);
    return cost > 0.0 && averted > 0.0 ? cost / averted : NAN;
}
