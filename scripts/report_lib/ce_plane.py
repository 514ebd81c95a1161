"""Section 5b: cost-effectiveness plane, one point per replicate and scenario."""
import numpy as np

from .figures import new_figure
from .palette import scenario_colours
from .fmt import esc, num

TITLE = "Cost-effectiveness plane"
ID = "ce-plane"


def build(ctx):
    r = ctx.res
    if not r.others:
        return ""
    cost = r.floats("economics/incremental_cost") / 1e6
    averted = r.floats("economics/offences_averted")
    colours = scenario_colours(r.scenarios)
    fig, ax = new_figure()
    for i in r.others:
        name = r.scenarios[i]
        ok = np.isfinite(cost[i]) & np.isfinite(averted[i])
        ax.scatter(averted[i, ok], cost[i, ok], s=14, alpha=0.6, color=colours[name],
                   edgecolors="none", label=name)
        if ok.any():
            ax.scatter([averted[i, ok].mean()], [cost[i, ok].mean()], s=90, marker="X",
                       color=colours[name], edgecolors="black", linewidths=0.8)
    ax.axhline(0, color="#444", linewidth=1)
    ax.axvline(0, color="#444", linewidth=1)
    area = r.attr("economics", "area_offenders")
    where = f"area of {num(area, 0)} offenders a year" if area is not None else "area"
    ax.set_xlabel(f"Offences averted vs {r.reference} over {len(r.years)} years (offences; {where})")
    ax.set_ylabel(f"Extra service cost vs {r.reference} (£m, discounted)")
    fig.suptitle("Cost-effectiveness plane (dots: replicates; crosses: means)", fontweight="bold")
    ax.legend(title="Scenario", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, markerscale=1.8)
    return ctx.figure(
        fig, "ce_plane",
        f"Scatter plot of extra service cost (£m) against offences averted for each replicate of "
        f"each scenario compared with {r.reference} ({', '.join(r.scenarios[i] for i in r.others)}), "
        f"with lines through the origin and a cross at each scenario's mean.",
        "Each dot is one replicate. Right of the vertical line the scenario averts offences; below "
        "the horizontal line it costs less than the reference. Bottom right (cheaper and fewer "
        "offences) dominates the reference; top left (dearer and more offences) is dominated. "
        "Source: /economics/incremental_cost and /economics/offences_averted (scenario × replicate).") + \
        (f'<p class="note">Offences averted are for the area the economics is scaled to, over all '
         f"simulated years; the extra cost is the discounted service cost minus "
         f"{esc(r.reference)}'s. The reference itself sits at the origin and is not drawn.</p>")
