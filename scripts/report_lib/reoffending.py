"""Section 2: proven reoffending rate by scenario and key subgroup, with 95% uncertainty intervals."""
import textwrap

import numpy as np

from .context import KEY_SUBGROUPS
from .figures import new_figure, scenario_colours
from .fmt import interval, num, pct
from .table import Table
from .uncertainty import UI

TITLE = "Proven reoffending by scenario"
ID = "reoffending"


def build(ctx):
    r = ctx.res
    groups = ctx.key_subgroups()
    mean = r.floats("summary/proven_reoffending_rate_mean")
    low = r.floats("summary/proven_reoffending_rate_p025")
    high = r.floats("summary/proven_reoffending_rate_p975")
    colours = scenario_colours(r.scenarios)

    fig, ax = new_figure()
    n = len(r.scenarios)
    width = 0.8 / n
    x = np.arange(len(groups))
    for s, name in enumerate(r.scenarios):
        cols = [g[0] for g in groups]
        m = 100 * mean[s, cols]
        err = np.vstack([m - 100 * low[s, cols], 100 * high[s, cols] - m])
        err = np.where(np.isfinite(err), err, 0)
        ax.bar(x + (s - (n - 1) / 2) * width, m, width, yerr=err, capsize=2, label=name,
               color=colours[name], error_kw={"elinewidth": 0.8, "ecolor": "#333"})
    ax.set_xticks(x, [textwrap.fill(g[2], 16) for g in groups])
    ax.set_ylabel("Proven reoffending rate (%)")
    ax.set_xlabel("Cohort group")
    fig.suptitle(f"One-year proven reoffending rate (MoJ definition), mean and {UI}", fontweight="bold")
    ax.legend(title="Scenario", ncols=min(n, 5), loc="upper center", bbox_to_anchor=(0.5, -0.16),
              fontsize=9)
    ax.grid(axis="x", visible=False)
    top = np.nanmax(100 * high[:, [g[0] for g in groups]]) if groups else 1
    ax.set_ylim(0, max(1.0, top * 1.08))
    fig_html = ctx.figure(
        fig, "reoffending_by_scenario",
        "Grouped bar chart of the proven reoffending rate in percent for each scenario ("
        + ", ".join(r.scenarios) + ") in each cohort group (" + ", ".join(g[2] for g in groups)
        + f"), with {UI}s as error bars.",
        f"Proven reoffending rate by scenario and cohort group; error bars are {UI}s "
        "(2.5th to 97.5th percentile over replicates). "
        "Source: /summary/proven_reoffending_rate_{mean,p025,p975}.")

    header = ["Scenario"] + [g[2] for g in groups]
    csv_header = ["scenario"] + [f"{g[1]}_{k}_pct" for g in groups for k in ("mean", "p025", "p975")]
    t = Table("reoffending_by_scenario",
              f"Proven reoffending rate, % ({UI} below)", header, csv_header)
    for s, name in enumerate(r.scenarios):
        cells = [name] + [(pct(mean[s, g[0]]),
                           interval(low[s, g[0]], high[s, g[0]], lambda v: num(100 * v, 1)))
                          for g in groups]
        raw = [name] + [100 * a[s, g[0]] for g in groups for a in (mean, low, high)]
        t.add(cells, raw, "reference" if s == r.ref_index else "")
    missing = [name for name, _ in KEY_SUBGROUPS
               if r.subgroup_index(name) is None]
    note = (f'<p class="note">Not in this file: {", ".join(missing)}.</p>' if missing else "")
    return (f"<p>Share of each cohort group with a proven reoffence (an offence within 12 months "
            f"of the cohort start, proven within a further 6 months), mean of {r.replicates} "
            f"replicates. The reference scenario's row is shaded.</p>"
            + fig_html + ctx.table(t) + note)
