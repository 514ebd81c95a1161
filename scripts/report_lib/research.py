"""Section 2: how sure the ranking is, and what research would be worth — the
cost-effectiveness acceptability curve (CEAC) and the expected value of perfect information
(EVPI) and of partial perfect information per parameter group (EVPPI), from /decision
(docs/uncertainty.md "Decisions")."""
import numpy as np

from . import scale
from .figures import new_figure
from .fmt import esc, gbp_m, num
from .palette import scenario_colours
from .table import Table

TITLE = "How sure, and what research would be worth"
ID = "research"


def _ceac(ctx, dec):
    r = ctx.res
    got = dec.ceac()
    if got is None:
        return ('<p class="absent">No acceptability curve in this results file '
                f"({esc(dec.why_absent or '/decision/ceac or /decision/wtp missing or malformed')}).</p>")
    wtp, ceac, evpi = got
    colours = scenario_colours(r.scenarios)
    panels = 2 if evpi is not None else 1
    fig, axes = new_figure(ncols=panels, width=10 if panels == 2 else 8, height=4.2)
    axes = np.atleast_1d(axes)
    ax = axes[0]
    for i in dec.order:
        ax.plot(wtp / 1e3, ceac[:, i], color=colours[r.scenarios[i]], linewidth=2,
                label=r.scenarios[i])
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("Willingness to pay per offence averted (£ thousand)")
    ax.set_ylabel("P(highest net benefit)")
    ax.set_title("Acceptability curve (CEAC)")
    ax.legend(title="Option (ranked)", fontsize=8, loc="center right")
    if evpi is not None:
        axes[1].plot(wtp / 1e3, evpi / 1e6, color="#333", linewidth=2)
        axes[1].set_xlabel("Willingness to pay per offence averted (£ thousand)")
        axes[1].set_ylabel("EVPI (£m, area)")
        axes[1].set_title("Value of perfect information")
        axes[1].set_ylim(bottom=0)
    fig.suptitle("How sure: the chance each option is best, by what an offence averted is worth",
                 fontweight="bold")
    return ctx.figure(
        fig, "ceac",
        "Line chart: for each option (" + ", ".join(r.scenarios[i] for i in dec.order) + "), the "
        "share of replicates in which it has the highest net benefit, against the willingness to "
        f"pay per offence averted from £{num(wtp[0], 0)} to £{num(wtp[-1], 0)}"
        + ("; beside it, the EVPI at each willingness to pay." if evpi is not None else "."),
        "Net benefit at willingness to pay λ = λ × offences averted − extra service cost (the "
        "savings are not added: λ stands for everything an offence averted is worth). At each λ the "
        "shares add up to 1. EVPI in £m for the " + scale.area(r) + ". Source: /decision/ceac (wtp × scenario), /decision/wtp, "
        "/decision/evpi_by_wtp.")


def _voi(ctx, dec):
    r = ctx.res
    evpi = dec.scalar("evpi")
    if evpi is None:
        return ('<p class="absent">No value-of-information results in this file '
                f"({esc(dec.why_absent or '/decision/evpi missing')}).</p>")
    groups = sorted(dec.evppi(), key=lambda g: -g[1] if np.isfinite(g[1]) else np.inf)
    allp = dec.scalar("evppi_all_parameters")
    words = (f"<p><strong>Perfect information about everything</strong> would be worth at most "
             f"<strong>{esc(gbp_m(evpi, 2))}</strong> to this decision ({esc(scale.money(r))}): "
             "the expected gain from always picking the option that turns out best instead of "
             "the one that is best on average today. It includes chance variation between "
             "simulated futures that no study can remove, so it is an upper bound. ")
    if not r.psa:
        words += ("This run has no parameter uncertainty (no parameter drawn from a "
                  "distribution, or --point-estimates), so no research on parameters can change "
                  "the decision within this model.</p>")
        return words
    if allp is not None:
        words += (f"Knowing every uncertain parameter exactly would be worth "
                  f"{esc(gbp_m(allp, 2))} (EVPPI of all parameters together).")
    words += "</p>"
    if not groups:
        return words + '<p class="absent">No EVPPI per parameter group in this file.</p>'
    t = Table("evppi", f"What research would be worth: EVPPI per parameter group ({scale.money(r)})",
              ["Parameter group", "Parameters", "EVPPI (£m)", "Share of EVPI"],
              ["parameter_group", "parameters", "evppi_gbp", "share_of_evpi"], numeric_from=2)
    for name, value, keys in groups:
        share = value / evpi if evpi > 0 else float("nan")
        t.add([name, ", ".join(keys) or "–", gbp_m(value, 2),
               "n/a" if not np.isfinite(share) else f"{num(100 * share, 0)}%"],
              [name, " ".join(keys), value, share])
    top = groups[0]
    lead = (f"<p>The most valuable thing to learn is <strong>{esc(top[0])}</strong> "
            f"(up to {esc(gbp_m(top[1], 2))}): that is where a local evaluation or a Justice Data "
            "Lab request would pay off first. A group near £0 is not worth researching for this "
            "decision. Estimated by the regression method of Strong, Oakley &amp; Brennan (2014); "
            "use several hundred replicates for EVPPI.</p>"
            if top[1] > 0 else
            "<p>No parameter group has value of information above £0: with these replicates, "
            "resolving any one of them would not change which option is best.</p>")
    return words + lead + ctx.table(t)


def build(ctx):
    dec = ctx.decision()
    parts = ["<p>The ranking above is by expected (mean) net benefit. How sure is it? The "
             "<strong>acceptability curve</strong> shows the chance that each option is best "
             "when an offence averted is valued at anything from £0 upwards; at the default "
             "valuation (harm and CJS costs at the Home Office and MoJ unit costs) the same "
             "chance is the P(best) column above.</p>", _ceac(ctx, dec),
             '<h3 id="research-worth">What research would be worth</h3>', _voi(ctx, dec)]
    return "".join(parts)
