"""Section 3: paired differences vs the reference (reoffending, offences per year)."""
import numpy as np

from .figures import new_figure, scenario_colours
from .fmt import esc, interval, isnan, num
from .table import Table
from .uncertainty import MCSE, UI

TITLE = "Paired differences against the reference"
ID = "differences"


def _forest(ax, names, mean, low, high, colours, xlabel, title):
    y = np.arange(len(names))[::-1]
    for yi, name, m, lo, hi in zip(y, names, mean, low, high):
        if not (np.isfinite(lo) and np.isfinite(hi)):
            lo = hi = m
        ax.errorbar([m], [yi], xerr=[[m - lo], [hi - m]], fmt="o", color=colours[name],
                    capsize=4, markersize=6, elinewidth=1.5)
    ax.axvline(0, color="#444", linewidth=1)
    ax.set_yticks(y, names)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.margins(x=0.12)


def build(ctx):
    r = ctx.res
    if not r.others:
        return "<p>Only the reference scenario was run.</p>"
    a = r.subgroup_index("all")
    ssp = r.subgroup_index("custody_short")
    rate = {k: r.floats(f"comparison/proven_reoffending_rate_difference_{k}") for k in
            ("mean", "p025", "p975", "mcse")}
    off = {k: r.floats(f"comparison/offences_per_year_difference_{k}") for k in ("mean", "p025", "p975", "mcse")}
    off_ref = r.floats("summary/offences_per_year_mean")[r.ref_index]
    rel = (lambda v: 100 * v / off_ref) if off_ref else (lambda v: float("nan"))
    names = [r.scenarios[i] for i in r.others]
    colours = scenario_colours(r.scenarios)

    fig, (ax1, ax2) = new_figure(ncols=2, sharey=True, height=min(4.5, 2.0 + 0.65 * len(names)))
    idx = r.others
    _forest(ax1, names, 100 * rate["mean"][idx, a], 100 * rate["p025"][idx, a],
            100 * rate["p975"][idx, a], colours, "Difference (percentage points)",
            "Proven reoffending rate, all")
    _forest(ax2, names, [rel(v) for v in off["mean"][idx]], [rel(v) for v in off["p025"][idx]],
            [rel(v) for v in off["p975"][idx]], colours,
            f"Difference (% of {r.reference}'s offences)", "Offences per year")
    fig.suptitle(f"Paired differences vs {r.reference} (mean and {UI})", fontweight="bold")
    fig_html = ctx.figure(
        fig, "differences_vs_reference",
        f"Two dot-and-whisker panels: for each scenario ({', '.join(names)}), the paired difference "
        f"from {r.reference} in proven reoffending (percentage points) and in offences per year "
        f"(percent), with {UI}s; a vertical line marks no difference.",
        f"Paired differences vs {r.reference}; left of the line is better (less reoffending, fewer "
        "offences). Source: /comparison/proven_reoffending_rate_difference_* and "
        "/comparison/offences_per_year_difference_* (whiskers: _p025 to _p975).")

    pp = lambda v: num(100 * v, 2, sign=True)  # noqa: E731
    header = ["Scenario", "Reoffending, all (pp)", "MCSE (pp)"]
    csv_header = ["scenario", "reoffending_all_pp_mean", "reoffending_all_pp_p025",
                  "reoffending_all_pp_p975", "reoffending_all_pp_mcse"]
    if ssp is not None:
        header.append("Reoffending, SSP (pp)")
        csv_header += ["reoffending_ssp_pp_mean", "reoffending_ssp_pp_p025", "reoffending_ssp_pp_p975"]
    header += ["Offences per year", "Offences per year (%)", "MCSE (offences)"]
    csv_header += ["offences_per_year_mean", "offences_per_year_p025", "offences_per_year_p975",
                   "offences_per_year_pct_mean", "offences_per_year_pct_p025",
                   "offences_per_year_pct_p975", "offences_per_year_mcse"]
    t = Table("differences_vs_reference",
              f"Paired difference vs {r.reference}: mean and [{UI}]; MCSE = {MCSE} of the mean",
              header, csv_header)
    for i in r.others:
        m, lo, hi, se = (rate[k][i, a] for k in ("mean", "p025", "p975", "mcse"))
        cells = [r.scenarios[i], (pp(m), interval(lo, hi, pp)),
                 num(100 * se, 3) if not isnan(se) else "n/a"]
        raw = [r.scenarios[i], 100 * m, 100 * lo, 100 * hi, 100 * se]
        if ssp is not None:
            sm, slo, shi = (rate[k][i, ssp] for k in ("mean", "p025", "p975"))
            cells.append((pp(sm), interval(slo, shi, pp)))
            raw += [100 * sm, 100 * slo, 100 * shi]
        om, olo, ohi, ose = (off[k][i] for k in ("mean", "p025", "p975", "mcse"))
        f0 = lambda v: num(v, 0, sign=True)  # noqa: E731
        f1 = lambda v: num(rel(v), 1, sign=True)  # noqa: E731
        cells += [(f0(om), interval(olo, ohi, f0)), (f"{f1(om)}%", interval(olo, ohi, f1)),
                  num(ose, 1) if not isnan(ose) else "n/a"]
        raw += [om, olo, ohi, rel(om), rel(olo), rel(ohi), ose]
        t.add(cells, raw)
    return (f"<p>Each replicate runs every scenario on the same people with the same random "
            f"numbers, so the difference from <em>{esc(r.reference)}</em> is measured within a "
            f"replicate and then averaged; this is far more precise than comparing the rates above. "
            f"Negative is better. Offences are per simulated year in the simulated cohort "
            f"(all offences, proven or not); the percentage is relative to {esc(r.reference)}'s "
            f"{num(off_ref, 0)} offences a year. The interval under each mean is the {UI} "
            f"(2.5th to 97.5th percentile of the difference over replicates): where the difference "
            f"could plausibly lie. MCSE is the {MCSE} of the mean difference: how precisely the "
            f"replicates estimate the average, which shrinks as replicates are added.</p>"
            + fig_html + ctx.table(t))
