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
    double *arrays[] = {x->harm, x->cjs, x->service, x->saving_communities, x->saving_cjs, x->total_savings,
                        x->incremental_cost, x->npv, x->bcr, x->offences_averted, x->cost_per_offence_averted};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) free(arrays[k]);
    memset(x, 0, sizeof *x);
}

static int allocate(rs_economics *x, rs_error *err)
{
    size_t syr = (size_t)x->n_scenarios * (size_t)x->n_replicates * (size_t)x->years;
    size_t sr = (size_t)x->n_scenarios * (size_t)x->n_replicates;
    double **by_year[] = {&x->harm, &x->cjs, &x->service, &x->saving_communities, &x->saving_cjs};
    double **by_unit[] = {&x->total_savings, &x->incremental_cost, &x->npv, &x->bcr, &x->offences_averted,
                          &x->cost_per_offence_averted};
    int ok = 1;
    for (size_t k = 0; k < sizeof by_year / sizeof by_year[0]; k++) ok &= (*by_year[k] = calloc(syr, sizeof(double))) != NULL;
    for (size_t k = 0; k < sizeof by_unit / sizeof by_unit[0]; k++) ok &= (*by_unit[k] = calloc(sr, sizeof(double))) != NULL;
    if (ok) return RS_OK;
    rs_economics_free(x);
    return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the economics tables");
}

/* Area-level costs of every unit and year. */
static void costs(const rs_config *cfg, const rs_ensemble *e, rs_economics *x)
{
    for (int s = 0; s < x->n_scenarios; s++) {
        const rs_params *p = &cfg->scenarios[s].params;
        double area = p->economics.area_offenders / p->run.n_agents;
        for (int r = 0; r < x->n_replicates; r++) {
            const rs_unit_result *u = rs_ensemble_unit(e, s, r);
            for (int y = 0; y < x->years; y++) {
                size_t k = rs_econ_syr(x, s, r, y);
                x->harm[k] = area * rs_year_row(u, RS_YEAR_OFFENCE_HARM)[y];
                x->cjs[k] = area * rs_economics_cjs_cost(&p->economics, u, y);
                x->service[k] = area * rs_year_row(u, RS_YEAR_SERVICE_COST)[y];
            }
        }
    }
}

/* Paired against the reference in the same replicate. */
static void appraise(const rs_config *cfg, const rs_ensemble *e, rs_economics *x)
{
    int ref = x->reference;
    for (int s = 0; s < x->n_scenarios; s++) {
        const rs_params *p = &cfg->scenarios[s].params;
        double area = p->economics.area_offenders / p->run.n_agents;
        for (int r = 0; r < x->n_replicates; r++) {
            double savings = 0.0, cost = 0.0, averted = 0.0;
            for (int y = 0; y < x->years; y++) {
                size_t k = rs_econ_syr(x, s, r, y), kr = rs_econ_syr(x, ref, r, y);
                double d = rs_discount_factor(p->economics.discount_rate, y);
                x->saving_communities[k] = (x->harm[kr] - x->harm[k]) * d;
                x->saving_cjs[k] = (x->cjs[kr] - x->cjs[k]) * d;
                savings += x->saving_communities[k] + x->saving_cjs[k];
                cost += (x->service[k] - x->service[kr]) * d;
                averted += area * (rs_year_row(rs_ensemble_unit(e, ref, r), RS_YEAR_OFFENCES)[y] -
                                   rs_year_row(rs_ensemble_unit(e, s, r), RS_YEAR_OFFENCES)[y]);
            }
            size_t k = rs_econ_sr(x, s, r);
            x->total_savings[k] = savings;
            x->incremental_cost[k] = cost;
            x->npv[k] = savings - cost;
            x->bcr[k] = cost > 0.0 ? savings / cost : NAN;
            x->offences_averted[k] = averted;
            x->cost_per_offence_averted[k] = averted > 0.0 && cost > 0.0 ? cost / averted : NAN;
        }
    }
}

int rs_economics_compute(const rs_config *cfg, const rs_ensemble *e, rs_economics *out, rs_error *err)
{
    memset(out, 0, sizeof *out);
    out->n_scenarios = e->n_scenarios;
    out->n_replicates = e->n_replicates;
    out->years = e->years;
    out->reference = cfg->reference;
    int rc = allocate(out, err);
    if (rc) return rc;
    costs(cfg, e, out);
    appraise(cfg, e, out);
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
