"""Section 6: tornado chart of one-way sensitivity (optional /economics/tornado)."""
import numpy as np

from . import scale
from .figures import new_figure
from .fmt import esc, gbp_m, num
from .table import Table

TITLE = "One-way sensitivity"
ID = "sensitivity"
GROUP = "economics/tornado"


def build(ctx):
    r = ctx.res
    if not (r.has(GROUP) and r.has(f"{GROUP}/parameter") and r.has(f"{GROUP}/npv_low")
            and r.has(f"{GROUP}/npv_high")):
        return ('<p class="absent">No uncertain parameters in this run: the results file has no '
                "one-way sensitivity analysis (/economics/tornado), so there is no tornado chart.</p>")
    params = r.strings(f"{GROUP}/parameter")
    low = r.floats(f"{GROUP}/npv_low")
    high = r.floats(f"{GROUP}/npv_high")
    if not params:
        return '<p class="absent">No uncertain parameters in this run.</p>'
    if not (len(params) == len(low) == len(high)) or low.ndim != 1 or high.ndim != 1:
        return (f'<p class="absent">The one-way sensitivity group /{GROUP} is malformed '
                f"({len(params)} parameters, npv_low shape {low.shape}, npv_high shape {high.shape}); "
                "no tornado chart.</p>")
    base = r.attr(GROUP, "base_npv")
    base = float(base) if base is not None else float("nan")
    scen = r.attr(GROUP, "scenario", r.primary)
    ref = r.attr(GROUP, "reference", r.reference)
    span = np.abs(high - low)
    order = np.argsort(np.where(np.isfinite(span), span, -1))          # widest on top
    params = [params[i] for i in order]
    low, high = low[order] / 1e6, high[order] / 1e6
    base_m = base / 1e6 if np.isfinite(base) else float(np.nanmean((low + high) / 2))

    height = min(9.0, max(3.0, 1.2 + 0.38 * len(params)))
    fig, ax = new_figure(height=height)
    y = np.arange(len(params))
    ax.barh(y, low - base_m, left=base_m, color="#4c72b0", label="parameter at its low value")
    ax.barh(y, high - base_m, left=base_m, color="#dd8452", label="parameter at its high value")
    ax.axvline(base_m, color="black", linewidth=1.2)
    ax.axvline(0, color="#888", linewidth=0.8, linestyle="--")
    ax.set_yticks(y, params)
    ax.set_xlabel(f"NPV of {scen} vs {ref} ({scale.money(r)})")
    ax.set_ylabel("Parameter")
    fig.suptitle(f"One-way sensitivity of the NPV (base {gbp_m(base)}: black line)", fontweight="bold")
    ax.legend(title="NPV with the", loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2, fontsize=9,
              title_fontsize=9)
    ax.grid(axis="y", visible=False)
    fig_html = ctx.figure(
        fig, "tornado",
        f"Tornado chart: for each of {len(params)} parameters, a horizontal bar from the base NPV "
        f"of {scen} vs {ref} ({gbp_m(base)}) to the NPV at the parameter's low and high values; "
        f"the widest bar is at the top. Largest effect: {params[-1]}.",
        "One-way sensitivity: each parameter set to its low and then its high value, all others at "
        "base. Source: /economics/tornado (parameter, npv_low, npv_high; attribute base_npv).")
    t = Table("tornado", f"One-way sensitivity of the NPV of {scen} vs {ref} (£m)",
              ["Parameter", "NPV at low value", "NPV at high value", "Range"],
              ["parameter", "npv_low_gbp_m", "npv_high_gbp_m", "range_gbp_m"])
    for p, lo, hi in zip(reversed(params), low[::-1], high[::-1]):
        t.add([p, num(lo, 2), num(hi, 2), num(abs(hi - lo), 2)], [p, lo, hi, abs(hi - lo)])
    return (f"<p>How much the five-year NPV of <em>{esc(scen)}</em> against <em>{esc(ref)}</em> "
            f"moves when one uncertain parameter at a time is set to the low or high end of its "
            f"range (base NPV {esc(gbp_m(base))}).</p>" + fig_html + ctx.table(t))
