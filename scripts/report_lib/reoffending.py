"""Section: proven reoffending rate by scenario and key subgroup, with 95% uncertainty
intervals (table), and the paired differences from the reference by subgroup (forest plots:
a bar chart from 0% hid differences of a fraction of a point)."""
import numpy as np

from .context import KEY_SUBGROUPS
from .figures import new_figure
from .fmt import esc, interval, num, pct
from .forest import fit_height, forest
from .palette import scenario_colours
from .table import Table
from .uncertainty import UI

TITLE = "Proven reoffending by scenario"
ID = "reoffending"


def _figure(ctx, groups, colours):
    """One forest panel per cohort group: each scenario's paired difference from the reference."""
    r = ctx.res
    d = {k: r.floats(f"comparison/proven_reoffending_rate_difference_{k}") for k in ("mean", "p025", "p975")}
    idx = r.others
    names = [r.scenarios[i] for i in idx]
    ncols = min(3, len(groups))
    nrows = -(-len(groups) // ncols)
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=10, height=fit_height(len(names), nrows),
                           sharey=True)
    flat = np.atleast_1d(axes).ravel()
    for ax, (g, _, label) in zip(flat, groups):
        forest(ax, names, 100 * d["mean"][idx, g], 100 * d["p025"][idx, g], 100 * d["p975"][idx, g],
               [colours[n] for n in names], "Difference (percentage points)", label)
    for ax in flat[len(groups):]:
        ax.set_axis_off()
    fig.suptitle(f"Proven reoffending rate: paired difference vs {r.reference}, mean and {UI}",
                 fontweight="bold")
    return ctx.figure(
        fig, "reoffending_by_scenario",
        f"Forest plots, one panel per cohort group ({', '.join(g[2] for g in groups)}): for each "
        f"scenario ({', '.join(names)}), the paired difference in proven reoffending rate from "
        f"{r.reference} in percentage points, a point with a line over its {UI}; a vertical line "
        "marks no difference.",
        f"Paired difference in the proven reoffending rate vs {r.reference} by cohort group "
        f"(points: means; lines: {UI}s, 2.5th to 97.5th percentile over replicates); left of the "
        "line is less reoffending. Source: /comparison/proven_reoffending_rate_difference_"
        "{mean,p025,p975}; the rates themselves are in the table.")


def build(ctx):
    r = ctx.res
    groups = ctx.key_subgroups()
    mean = r.floats("summary/proven_reoffending_rate_mean")
    low = r.floats("summary/proven_reoffending_rate_p025")
    high = r.floats("summary/proven_reoffending_rate_p975")
    colours = scenario_colours(r.scenarios)
    fig_html = _figure(ctx, groups, colours) if r.others else ""

    header = ["Scenario"] + [g[2] for g in groups]
    csv_header = ["scenario"] + [f"{g[1]}_{k}_pct" for g in groups for k in ("mean", "p025", "p975")]
    t = Table("reoffending_by_scenario",
              f"Proven reoffending rate, % ({UI} below)", header, csv_header)
    for s, name in enumerate(r.scenarios):
        cells = [r.row_head(s)] + [(pct(mean[s, g[0]]),
                           interval(low[s, g[0]], high[s, g[0]], lambda v: num(100 * v, 1)))
                          for g in groups]
        raw = [name] + [100 * a[s, g[0]] for g in groups for a in (mean, low, high)]
        t.add(cells, raw, "reference" if s == r.ref_index else "")
    missing = [name for name, _ in KEY_SUBGROUPS
               if r.subgroup_index(name) is None]
    note = (f'<p class="note">Not in this file: {", ".join(missing)}.</p>' if missing else "")
    return (f"<p>Share of each cohort group with a proven reoffence (an offence within 12 months "
            f"of the cohort start, proven within a further 6 months), mean of {r.replicates} "
            f"replicates. The reference scenario's row is shaded. The figure shows each scenario's "
            f"difference from <em>{esc(r.reference)}</em>, paired replicate by replicate, so that a "
            f"difference of a fraction of a percentage point is visible.</p>"
            + fig_html + ctx.table(t) + note)
