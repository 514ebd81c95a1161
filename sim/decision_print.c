/* reoffsim — the terminal "Decision" section (decision.h): options ranked by
 * net monetary benefit, fiscal and economic benefits apart, the
 * cost-effectiveness plane with dominance and ICERs in words (never a
 * negative ratio, never "n/a" for a cheaper option), acceptability at a few
 * willingness-to-pay values, EVPI and EVPPI, null effects and break-even. */
#include "reoffsim/decision.h"
#include "table_text.h"

#include <math.h>
#include <stdio.h>

#define M(v) ((v) / 1e6)

static void print_ranking(FILE *f, const rs_config *cfg, const rs_decision *d)
{
    int w = rs_summary_name_width(cfg, 20);
    fprintf(f, "  %-4s %-*s %24s %9s %9s %9s %25s %4s\n", "rank", w, "option", "NMB = NPV [95% UI]", "fiscal",
            "economic", "P(best)", "offences averted [95% UI]", "rank");
    for (int k = 1; k <= d->n_scenarios; k++)
        for (int s = 0; s < d->n_scenarios; s++) {
            if (d->rank_nmb[s] != k) continue;
            fprintf(f, "  %-4d %-*s %8.2f [%6.2f, %6.2f] %9.2f %9.2f %9.2f %9.0f [%6.0f, %6.0f] %4d\n", k, w,
                    cfg->scenarios[s].name, M(d->nmb[s].mean), M(d->nmb[s].p025), M(d->nmb[s].p975),
                    M(d->npv_fiscal[s].mean), M(d->benefit_economic[s].mean), d->p_best[s], d->averted[s].mean,
                    d->averted[s].p025, d->averted[s].p975, d->rank_averted[s]);
        }
    fprintf(f, "  (GBP m and offences for the area; fiscal = CJS savings - extra service cost; economic = harm averted to victims and communities;\n"
               "   NMB = fiscal + economic; P(best) = share of replicates in which the option has the highest NPV)\n");
}

/* The option against the reference, in words. */
static void describe_vs_reference(const rs_decision *d, int s, char *out, size_t n)
{
    double r = d->vs_ref_ratio[s];
    switch (d->vs_ref[s]) {
    case RS_VS_COSTLIER_MORE_EFFECTIVE: snprintf(out, n, "costs more, averts more: GBP %.0f per offence", r); break;
    case RS_VS_CHEAPER_LESS_EFFECTIVE: snprintf(out, n, "cheaper, averts fewer: saves GBP %.0f per offence forgone", r); break;
    default: snprintf(out, n, "%s", s == d->reference ? "reference" : rs_vs_reference_name(d->vs_ref[s]));
    }
}

static void print_plane(FILE *f, const rs_config *cfg, const rs_decision *d)
{
    fprintf(f, "  cost-effectiveness plane (means for the area; effect = offences (proven offences) averted, "
               "cost = extra service cost in GBP m):\n");
    int w = rs_summary_name_width(cfg, 20);
    fprintf(f, "  %-*s %10s %10s %10s  %-22s %-57s %10s %10s\n", w, "option", "extra cost", "offences", "proven",
            "frontier", "against the reference", "ICER", "ICER prov.");
    for (int s = 0; s < d->n_scenarios; s++) {
        char vs[96], icer[16] = "-", icer_p[16] = "-";
        describe_vs_reference(d, s, vs, sizeof vs);
        if (isfinite(d->icer[s])) snprintf(icer, sizeof icer, "%.0f", d->icer[s]);
        if (isfinite(d->icer_proven[s])) snprintf(icer_p, sizeof icer_p, "%.0f", d->icer_proven[s]);
        fprintf(f, "  %-*s %10.2f %10.0f %10.0f  %-22s %-57s %10s %10s\n", w, cfg->scenarios[s].name,
                M(d->cost[s].mean), d->averted[s].mean, d->proven_averted[s].mean, rs_dominance_name(d->status[s]), vs,
                icer, icer_p);
    }
    fprintf(f, "  (ICER: GBP per extra offence (proven offence) averted against the next cheaper option on the frontier;\n"
               "   '-' off the frontier or for its cheapest option)\n");
}

static void print_ceac(FILE *f, const rs_config *cfg, const rs_decision *d)
{
    static const double show[] = {0, 1000, 2000, 5000, 10000, 20000, 50000};
    int w = rs_summary_name_width(cfg, 20);
    fprintf(f, "  acceptability: P(highest net benefit) at a willingness to pay per offence averted (GBP):\n  %-*s", w,
            "option");
    for (size_t i = 0; i < sizeof show / sizeof show[0]; i++) fprintf(f, " %7.0f", show[i]);
    fprintf(f, "\n");
    for (int s = 0; s < d->n_scenarios; s++) {
        fprintf(f, "  %-*s", w, cfg->scenarios[s].name);
        for (size_t i = 0; i < sizeof show / sizeof show[0]; i++) {
            int at = (int)(show[i] / RS_DECISION_WTP_STEP + 0.5);
            fprintf(f, " %7.2f", at < d->n_wtp ? d->ceac[(size_t)at * (size_t)d->n_scenarios + (size_t)s] : NAN);
        }
        fprintf(f, "\n");
    }
}

/* An EVPPI in GBP m, or why there is none. */
static void evppi_text(double evppi, double evpi, char *out, size_t n)
{
    if (isnan(evppi)) snprintf(out, n, "not estimable");
    else if (evppi >= evpi && evpi > 0.0) snprintf(out, n, "%.2f capped", M(evppi));
    else snprintf(out, n, "%.2f", M(evppi));
}

static void print_voi(FILE *f, const rs_decision *d)
{
    fprintf(f, "  EVPI %.2f GBP m for the area (all uncertainty, incl. chance variation between replicates: an upper bound)\n", M(d->evpi));
    if (d->n_groups == 0) {
        fprintf(f, "  EVPPI: no uncertain parameters (point estimates, or none given as distributions)\n");
        return;
    }
    char all[48];
    evppi_text(d->evppi_all, d->evpi, all, sizeof all);
    fprintf(f, "  EVPPI (regression, Strong et al. 2014), GBP m for the area:  all parameters %s\n", all);
    for (int g = 0; g < d->n_groups; g++) {
        char v[48];
        evppi_text(d->groups[g].evppi, d->evpi, v, sizeof v);
        fprintf(f, "    %-40s %8s  (%d parameter%s)\n", d->groups[g].name, v, d->groups[g].n_keys,
                d->groups[g].n_keys == 1 ? "" : "s");
    }
    if (d->n_replicates < RS_DECISION_EVPPI_FEW)
        fprintf(f, "  (EVPPI from %d replicates: the regression estimate is biased upward below ~%d replicates; "
                   "'not estimable': fewer than 2 x parameters + %d replicates; 'capped': the estimate exceeded the "
                   "EVPI and is shown as the EVPI)\n", d->n_replicates, RS_DECISION_EVPPI_FEW, RS_DECISION_EVPPI_MIN_EXTRA);
}

static void print_null(FILE *f, const rs_config *cfg, const rs_decision *d)
{
    if (!d->null.done) return;
    fprintf(f, "  null effects (every service effect at none; costs and capacity kept; GBP m and offences for the area):\n");
    int w = rs_summary_name_width(cfg, 20);
    fprintf(f, "  %-*s %12s %12s %14s %14s\n", w, "option", "NPV", "NPV null", "averted", "averted null");
    for (int s = 0; s < d->n_scenarios; s++)
        fprintf(f, "  %-*s %12.2f %12.2f %14.0f %14.0f\n", w, cfg->scenarios[s].name, M(d->nmb[s].mean),
                M(d->null.npv[s]), d->averted[s].mean, d->null.offences_averted[s]);
}

static void print_break_even(FILE *f, const rs_config *cfg, const rs_decision *d)
{
    const rs_break_even *b = &d->break_even;
    if (!b->done) return;
    fprintf(f, "  break-even effect of %s against %s (the best other option by expected net benefit): %s\n"
               "    (%d replicates per run, %d runs, point values; NPV vs %s at no effect %.2f, at the modelled effect "
               "%.2f, %s's %.2f GBP m for the area, MCSE %.2f: Monte Carlo error moves the break-even point)\n",
            cfg->scenarios[cfg->primary].name, cfg->scenarios[b->rival].name, b->note, b->replicates, b->evaluations,
            cfg->scenarios[cfg->reference].name, M(b->npv_at_zero), M(b->npv_at_one), cfg->scenarios[b->rival].name,
            M(b->rival_npv), M(b->mcse_at_one));
}

void rs_decision_print(FILE *f, const rs_config *cfg, const rs_decision *d)
{
    if (!d || d->n_scenarios < 2) return;
    char scale[RS_SCALE_TEXT];
    fprintf(f, "\nDecision across all options (vs %s; GBP m and offences for the %s, discounted)\n",
            cfg->scenarios[d->reference].name, rs_scale_area(cfg, scale, sizeof scale));
    print_ranking(f, cfg, d);
    print_plane(f, cfg, d);
    print_ceac(f, cfg, d);
    print_voi(f, d);
    print_null(f, cfg, d);
    print_break_even(f, cfg, d);
}
