"""Section 1, the first screen: the decision. Every option ranked by expected net monetary
benefit (NMB) with its 95% uncertainty interval, P(best), dominance, ICER, offences averted
and the difference in proven reoffending side by side, and cost; one "what you can say / what
you cannot say" paragraph per option (say.py); the options' net benefit as a forest plot; and
beside it the null-effect scenario and the break-even effect (or a note that the run has
none). Numbers from /decision (decision_data.py) and /comparison."""
import math

import numpy as np

from . import say, scale
from .figures import new_figure
from .fmt import esc, gbp_m, interval, isnan, num
from .forest import fit_height, forest
from .palette import scenario_colours
from .table import Table
from .uncertainty import UI

TITLE = "The decision: every option ranked"
ID = "decision"
FRONTIER = ("on the frontier", "dominant")


def _dominated_by(dec, i):
    """The best (highest NMB) option that costs no more than I and averts at least as many
    offences, one of them strictly; '' if none (the label then stands alone)."""
    c, a, nmb = dec.cost["mean"], dec.averted["mean"], dec.nmb["mean"]
    best = [j for j in range(len(c)) if j != i and c[j] <= c[i] and a[j] >= a[i]
            and (c[j] < c[i] or a[j] > a[i])]
    return max(best, key=lambda j: nmb[j]) if best else None


def _next_cheaper_on_frontier(dec, i):
    c = dec.cost["mean"]
    below = [j for j in range(len(c)) if j != i and dec.dominance[j] in FRONTIER and c[j] < c[i]]
    return max(below, key=lambda j: c[j]) if below else None


def options(r, dec):
    """say.Option for every scenario, in file order."""
    a = r.subgroup_index("all")
    rate = {k: r.floats(f"comparison/proven_reoffending_rate_difference_{k}")[:, a] for k in ("mean", "p025", "p975")}
    off = {k: r.floats(f"comparison/offences_per_year_difference_{k}") for k in ("mean", "p025", "p975")}
    off_ref = r.floats("summary/offences_per_year_mean")[r.ref_index]
    rate_ref = r.floats("summary/proven_reoffending_rate_mean")[r.ref_index, a]
    out = []
    for i in range(len(r.scenarios)):
        o = say.Option(label=r.label(i), is_reference=i == r.ref_index,
                       nmb=tuple(dec.nmb[k][i] for k in ("mean", "p025", "p975")),
                       averted=tuple(dec.averted[k][i] for k in ("mean", "p025", "p975")),
                       rate=tuple(rate[k][i] for k in ("mean", "p025", "p975")),
                       offences_rel=tuple(off[k][i] / off_ref if off_ref else math.nan
                                          for k in ("mean", "p025", "p975")),
                       rate_reference=rate_ref, p_best=dec.p_best[i], dominance=dec.dominance[i],
                       icer=dec.icer[i])
        j = _dominated_by(dec, i) if o.dominance == "dominated" else None
        o.dominated_by = r.label(j) if j is not None else ""
        j = _next_cheaper_on_frontier(dec, i) if not isnan(o.icer) else None
        o.icer_against = r.label(j) if j is not None else ""
        out.append(o)
    return out


def _icer_cell(dec, i):
    d, icer, icer_p = dec.dominance[i], dec.icer[i], dec.icer_proven[i]
    if not isnan(icer):
        return (f"£{num(icer, 0)}", f"£{num(icer_p, 0)} per proven" if not isnan(icer_p) else "")
    if d in ("dominated", "extendedly dominated"):
        return ("–", d)
    if d in FRONTIER:
        return ("–", "cheapest on the frontier")
    return ("–", "")


def _table(r, dec, opts):
    money = lambda v: gbp_m(v)  # noqa: E731
    count = lambda v: num(v, 0, sign=True)  # noqa: E731
    pp = lambda v: num(100 * v, 2, sign=True)  # noqa: E731
    header = ["Option", "Net benefit (NMB, £m)", "P(best)", "Cost-effectiveness",
              "ICER (£ per offence averted)", f"Offences averted ({scale.short_area(r)})",
              "Proven reoffending (pp, all)", "Extra service cost (£m)"]
    csv_header = ["scenario", "description", "rank_nmb", "nmb_gbp_mean", "nmb_gbp_p025", "nmb_gbp_p975",
                  "p_best", "dominance", "vs_reference", "icer_gbp_per_offence",
                  "icer_gbp_per_proven_offence", "offences_averted_area_mean",
                  "offences_averted_area_p025", "offences_averted_area_p975",
                  "proven_reoffending_pp_mean", "proven_reoffending_pp_p025",
                  "proven_reoffending_pp_p975", "incremental_cost_gbp_mean",
                  "incremental_cost_gbp_p025", "incremental_cost_gbp_p975"]
    t = Table("decision", f"Every option ranked by expected net monetary benefit against the reference, "
              f"{r.reference}: mean and [{UI}]; money and offences for the {scale.area(r)}, money in "
              f"£m {scale.discounted(r).split(',')[0]}; proven reoffending: difference in the rate "
              f"of all offenders",
              header, csv_header, css_class="decision")
    for rank, i in enumerate(dec.order, 1):
        o = opts[i]
        name = r.scenarios[i]
        tag = f"{name} · reference" if i == r.ref_index else name
        nmb, cost, av = dec.nmb, dec.cost, dec.averted
        pb = dec.p_best[i]
        cells = [(f"{rank}. {r.label(i)}", tag),
                 (money(nmb["mean"][i]), interval(nmb["p025"][i], nmb["p975"][i], money)),
                 "n/a" if isnan(pb) else f"{num(100 * pb, 0)}%",
                 (dec.dominance[i] or "n/a", f"vs {r.reference}: {dec.vs_reference[i]}"
                  if dec.vs_reference[i] and i != r.ref_index else ""),
                 _icer_cell(dec, i),
                 (count(av["mean"][i]), interval(av["p025"][i], av["p975"][i], count)),
                 (pp(o.rate[0]), interval(o.rate[1], o.rate[2], pp)),
                 (money(cost["mean"][i]), interval(cost["p025"][i], cost["p975"][i], money))]
        raw = [name, r.label(i), rank, nmb["mean"][i], nmb["p025"][i], nmb["p975"][i], pb,
               dec.dominance[i], dec.vs_reference[i], dec.icer[i], dec.icer_proven[i],
               av["mean"][i], av["p025"][i], av["p975"][i],
               100 * o.rate[0], 100 * o.rate[1], 100 * o.rate[2],
               cost["mean"][i], cost["p025"][i], cost["p975"][i]]
        t.add(cells, raw, "reference" if i == r.ref_index else ("best" if rank == 1 else ""))
    return t


def _top_two(r, top, second):
    """What the paired replicates say about the first option against the second: the difference
    of their net benefits, replicate by replicate (common random numbers), with its 2.5th-97.5th
    percentiles; a claim that the first is better only when the whole interval is above zero."""
    npv = r.optional("economics/npv", ndim=2)
    if npv is None or npv.shape[1] < 2:
        return ""
    diff = npv[top] - npv[second]
    diff = diff[np.isfinite(diff)]
    if diff.size < 2:
        return ""
    lo, hi = np.percentile(diff, [2.5, 97.5])
    gap = (f" Paired by replicate, it is ahead of the next by {esc(gbp_m(float(diff.mean())))} "
           f"({UI} {esc(gbp_m(float(lo)))} to {esc(gbp_m(float(hi)))})")
    if lo > 0:
        return gap + ": it is better in this model, whatever the parameter draws and chance."
    return (gap + ": <strong>the interval includes zero, so the model cannot say it is better than "
            f"{esc(r.label(second))}</strong>; what would settle it is in “What research would be worth”.")


def _lead(r, dec):
    if len(dec.order) == 1:
        return (f'<p class="lead decision-lead">This run has one option, <strong>{esc(r.label(0))}'
                "</strong>, so there is nothing to rank: add scenarios to the config to compare "
                "options.</p>")
    top = dec.order[0]
    m, lo, hi = (dec.nmb[k][top] for k in ("mean", "p025", "p975"))
    pb = dec.p_best[top]
    sure = "" if isnan(pb) else f" It has the highest net benefit in {num(100 * pb, 0)}% of replicates."
    if len(dec.order) > 1:
        second = dec.order[1]
        if not isnan(dec.p_best[second]):
            sure += (f" Next: <em>{esc(r.label(second))}</em> ({gbp_m(dec.nmb['mean'][second])}; "
                     f"best in {num(100 * dec.p_best[second], 0)}%).")
        sure += _top_two(r, top, second)
    if top == r.ref_index:
        head = (f"No option is expected to do better than the reference, "
                f"<strong>{esc(r.label(top))}</strong>.")
    else:
        head = (f"Highest expected net benefit: <strong>{esc(r.label(top))}</strong> "
                f"(<code>{esc(r.scenarios[top])}</code>), {esc(gbp_m(m))} against the reference "
                f"({UI} {esc(gbp_m(lo))} to {esc(gbp_m(hi))}).")
    return f'<p class="lead decision-lead">{head}{sure}</p>'


def _nmb_figure(ctx, dec):
    r = ctx.res
    idx = dec.order
    names = [f"{k}. {r.scenarios[i]}" for k, i in enumerate(idx, 1)]
    colours = scenario_colours(r.scenarios)
    fig, ax = new_figure(height=fit_height(len(idx)))
    forest(ax, names, dec.nmb["mean"][idx] / 1e6, dec.nmb["p025"][idx] / 1e6, dec.nmb["p975"][idx] / 1e6,
           [colours[r.scenarios[i]] for i in idx], f"Net monetary benefit vs {r.reference} (£m; {scale.area(r)})",
           "")
    fig.suptitle(f"Net benefit of every option, ranked: mean and {UI}", fontweight="bold")
    return ctx.figure(
        fig, "decision_nmb",
        f"Forest plot of each option's net monetary benefit against {r.reference} in £m, ranked "
        f"best first ({', '.join(r.scenarios[i] for i in idx)}): a point at the mean and a line over "
        f"the {UI}; a vertical line at zero.",
        f"Net monetary benefit = savings to communities and the CJS minus extra service cost, "
        f"{scale.money(r)}. Right of the line the option is worth more than {r.reference}. "
        "Source: /decision/nmb_{mean,p025,p975}, /decision/rank_nmb.")


def _null_box(r, dec):
    if dec.null is None:
        why = dec.why_absent or "the run was not given --null-effects"
        return ('<div class="card"><h3>If the services had no effect</h3><p class="absent">Not in '
                f"this run ({esc(why)}): run <code>reoffsim run … --null-effects</code> to see "
                "every option with its services' effects set to none and its costs kept.</p></div>")
    null = dec.null
    rows = []
    for i in dec.order:
        if i == r.ref_index:
            continue
        nn = null["npv"][i]
        na = null["offences_averted"][i] if null["offences_averted"] is not None else math.nan
        rows.append(f"<tr><th scope=\"row\">{esc(r.label(i))}<br><span class=\"ci\">{esc(r.scenarios[i])}</span></th>"
                    f'<td class="num">{esc(gbp_m(dec.nmb["mean"][i]))}</td><td class="num">{esc(gbp_m(nn))}</td>'
                    f'<td class="num">{esc(num(dec.averted["mean"][i], 0))}</td><td class="num">{esc(num(na, 0))}</td></tr>')
    top = dec.order[0]
    words = ""
    if top != r.ref_index and not isnan(null["npv"][top]):
        v = null["npv"][top]
        words = (f"<p>With no effect at all, <em>{esc(r.label(top))}</em> would "
                 + (f"still be worth {esc(gbp_m(v))}: it costs less than {esc(r.reference)} "
                    "whatever it achieves." if v > 0 else
                    f"cost {esc(gbp_m(-v))} more than it returns: its net benefit depends on its effects being real.")
                 + "</p>")
    return ('<div class="card"><h3>If the services had no effect</h3>'
            f"<p>Every option run again on the same replicates with every service effect at none "
            f"and costs kept (<code>--null-effects</code>). Means, {esc(scale.money(r))}; offences "
            f"for the {esc(scale.area(r))}.</p>{words}"
            '<table class="compact"><thead><tr><th scope="col">Option</th><th scope="col" class="num">'
            'NMB, modelled effects</th><th scope="col" class="num">NMB, no effect</th>'
            '<th scope="col" class="num">Offences averted, modelled</th><th scope="col" class="num">'
            f'Offences averted, no effect</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _break_even_box(r, dec):
    b = dec.break_even
    if b is None:
        return ('<div class="card"><h3>How strong must the effect be?</h3><p class="absent">Not in '
                "this run: run <code>reoffsim run … --break-even N</code> to find the effect size "
                "at which the primary scenario's net benefit is zero.</p></div>")
    scen = b["scenario"] or r.primary
    idx = r.scenarios.index(scen) if scen in r.scenarios else None
    who = esc(r.label(idx)) if idx is not None else esc(scen)
    theta = b["theta"]
    if not isnan(theta) and theta > 0:
        verdict = (f"<em>{who}</em> breaks even at <strong>{num(100 * theta, 0)}% of its modelled "
                   f"effect</strong> (θ = {num(theta, 2)}, on the log scale of its hazard and odds "
                   "ratios)" + ("; it needs more than the evidence suggests." if theta > 1 else
                                ": below that it costs more than it returns."))
    else:
        verdict = f"<em>{who}</em>: {esc(b['note'] or 'no break-even point found')}."
    detail = []
    if b["replicates"] is not None:
        detail.append(f"{b['replicates']} replicates per run, parameters at point values")
    if b["npv_none"] is not None:
        detail.append(f"NMB with no effect {gbp_m(b['npv_none'])}")
    if b["npv_modelled"] is not None:
        detail.append(f"with the modelled effect {gbp_m(b['npv_modelled'])}")
    if b["mcse"] is not None:
        detail.append(f"Monte Carlo standard error {gbp_m(b['mcse'], 2)}, which moves the break-even point")
    return ('<div class="card"><h3>How strong must the effect be?</h3>'
            f"<p>{verdict}</p><p class=\"note\">{esc('; '.join(detail))}. "
            f"{esc(scale.money(r))}.</p></div>")


def build(ctx):
    r = ctx.res
    dec = ctx.decision()
    opts = options(r, dec)
    absent = ("" if dec.present else
              f'<p class="absent">P(best), dominance and ICERs are not available: '
              f"{esc(dec.why_absent)} (written by reoffsim since issue 19). The ranking uses "
              f"/economics/npv_mean.</p>")
    sentences = "".join(say.sentence_html(opts[i], "the reference", scale.area(r))
                        for i in dec.order if i != r.ref_index)
    return (_lead(r, dec) + absent + ctx.table(_table(r, dec, opts))
            + '<div class="cards">' + _null_box(r, dec) + _break_even_box(r, dec) + "</div>"
            + (('<h3 id="what-you-can-say">What you can say, and what you cannot</h3>'
                f'<p class="note">Against the reference, <em>{esc(r.label(r.ref_index))}</em>; money '
                f"in {esc(scale.money(r))}. A claim is made only when its whole {UI} is on one side of "
                f'zero.</p><div class="says">{sentences}</div>') if sentences else "")
            + _nmb_figure(ctx, dec)
            + f'<p class="note">Net monetary benefit (NMB) = savings to victims, communities and '
            f"the criminal justice system minus the extra service cost, against "
            f"<em>{esc(r.label(r.ref_index))}</em> (<code>{esc(r.reference)}</code>), {esc(scale.money(r))}. "
            f"<strong>P(best)</strong>: share of replicates in which the option has the highest "
            f"net benefit. <strong>Cost-effectiveness</strong>: dominant (cheaper and averts more "
            f"than every other option), dominated (another option costs no more and averts at "
            f"least as many offences), extendedly dominated (a mix of its neighbours does better), "
            f"or on the efficient frontier; the line under it is its quadrant against the reference. "
            f"<strong>ICER</strong>: extra cost per extra offence averted (and per proven "
            f"offence) against the next cheaper option on the frontier. Offences averted are for "
            f"the {esc(scale.area(r))}; the proven reoffending rate is the MoJ one-year measure "
            f"for all offenders. docs/uncertainty.md explains each number.</p>")
