"""Section 5a: NPV, benefit-cost ratio and P(NPV > 0) per scenario."""
from .fmt import esc, gbp_m, interval, isnan, num
from .table import Table
from .uncertainty import MCSE, UI

TITLE = "Value for money"
ID = "value"


def build(ctx):
    r = ctx.res
    if not r.others:
        return "<p>Only the reference scenario was run: there is no incremental cost or saving.</p>"
    e = {k: r.floats(f"economics/{k}") for k in (
        "npv_mean", "npv_p025", "npv_p975", "npv_mcse", "bcr_mean", "bcr_p025", "bcr_p975",
        "p_npv_positive", "incremental_cost_mean", "incremental_cost_p025", "incremental_cost_p975",
        "total_savings_mean", "total_savings_p025", "total_savings_p975")}
    # Ratio of means where the file has it (it keeps replicates with no extra cost).
    ratio = r.floats("economics/bcr_ratio_of_means") if r.has("economics/bcr_ratio_of_means") else None
    header = ["Scenario", "Extra service cost", "Total savings", "NPV", "NPV MCSE", "Benefit–cost ratio",
              "P(NPV > 0) over replicates"]
    csv_header = ["scenario"]
    for k in ("incremental_cost", "total_savings", "npv"):
        csv_header += [f"{k}_gbp_m_mean", f"{k}_gbp_m_p025", f"{k}_gbp_m_p975"]
    csv_header += ["npv_gbp_m_mcse"]
    csv_header += ["bcr", "bcr_p025", "bcr_p975", "p_npv_positive"]  # bcr: the point value shown
    t = Table("value_for_money",
              f"{len(r.years)}-year value for money vs {r.reference}: mean and [{UI}]; "
              f"NPV MCSE = {MCSE} of the mean NPV",
              header, csv_header)
    for i, name in enumerate(r.scenarios):
        if i == r.ref_index:
            t.add([r.row_head(i), "reference", "", "", "", "", ""], [name] + [""] * (len(csv_header) - 1), "reference")
            continue
        cells, raw = [r.row_head(i)], [name]
        for k in ("incremental_cost", "total_savings", "npv"):
            m, lo, hi = e[f"{k}_mean"][i], e[f"{k}_p025"][i], e[f"{k}_p975"][i]
            cells.append((gbp_m(m), interval(lo, hi, gbp_m)))
            raw += [m / 1e6, lo / 1e6, hi / 1e6]
        cells.append(gbp_m(e["npv_mcse"][i], 2))
        raw.append(e["npv_mcse"][i] / 1e6)
        bm, blo, bhi = e["bcr_mean"][i], e["bcr_p025"][i], e["bcr_p975"][i]
        if ratio is not None:
            bm = ratio[i]  # mean savings / mean cost: the terminal's figure
        if isnan(bm):
            cheaper = not isnan(e["incremental_cost_mean"][i]) and e["incremental_cost_mean"][i] <= 0
            cells.append("not a ratio: cheaper" if cheaper else "undefined")
        else:
            f2 = lambda v: num(v, 2)  # noqa: E731
            cells.append((f2(bm), interval(blo, bhi, f2)))
        raw += [bm, blo, bhi]
        p = e["p_npv_positive"][i]
        cells.append("undefined" if isnan(p) else f"{num(100 * p, 0)}%")
        raw.append(p)
        t.add(cells, raw)
    area = r.attr("economics", "area_offenders")
    scale = f" for an area of {num(area, 0)} offenders a year" if area is not None else ""
    return (f"<p>Over {len(r.years)} years{scale}, discounted: <strong>extra service cost</strong> "
            f"is the scenario's service spending minus {esc(r.reference)}'s (negative: it costs "
            f"less); <strong>total savings</strong> are the savings of the previous section summed "
            f"over years; <strong>NPV</strong> = savings − extra cost; the <strong>benefit–cost "
            f"ratio</strong> = savings ÷ extra cost, shown as “not a ratio: cheaper” where the scenario "
            f"costs no more than {esc(r.reference)} (any saving is then a free gain); "
            f"<strong>P(NPV&nbsp;&gt;&nbsp;0)</strong> is the share of replicates in which "
            f"benefits exceed costs. Under each mean is its {UI}: the 2.5th to 97.5th "
            f"percentile over replicates, where the value could plausibly lie. "
            f"<strong>NPV MCSE</strong> is the {MCSE} of the mean NPV: how precisely "
            f"{r.replicates} replicates pin down the average, not a range for the NPV "
            f"(it shrinks with more replicates).</p>" + ctx.table(t))
