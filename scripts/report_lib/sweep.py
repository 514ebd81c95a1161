"""Parameter sweep section (config `sweep:`, README "Sweeps"; only when the file has /sweep): net
benefit, offences averted and the proven reoffending change against the swept value, each with
its 95% uncertainty interval as a shaded band, one line per value of the second swept key in a
2-D sweep, and the point with the highest expected NPV (/sweep attribute best_point) marked."""
import numpy as np

from . import scale
from .data import ReportError, text
from .figures import new_figure
from .fmt import esc, gbp_m, num
from .palette import PALETTE
from .table import Table
from .uncertainty import MCSE, UI

TITLE = "Parameter sweep"
ID = "sweep"
GROUP = "sweep"
# (dataset stem, panel title, y-axis label maker, divisor for display, decimals)
MEASURES = (
    ("npv", "Net benefit (NPV) vs the reference", lambda r: f"£m ({scale.short_area(r)}, discounted)", 1e6, 2),
    ("offences_averted", "Offences averted", lambda r: f"offences ({scale.short_area(r)})", 1.0, 0),
    ("proven_difference", "Proven reoffending change", lambda r: "percentage points (simulated cohort)", 1.0, 2),
)
STATS = ("mean", "p025", "p975", "mcse")


def present(ctx):
    """True when the file has a /sweep group (the section is left out otherwise)."""
    return ctx.res.has(GROUP)


class Sweep:
    """/sweep read and checked: values, keys, the measures over the grid, scenario names, best."""

    def __init__(self, r):
        g = r.f[GROUP]
        self.values = [r.floats(f"{GROUP}/{v}") for v in ("value0", "value1") if v in g]
        self.keys = [text(r.f[f"{GROUP}/value{d}"].attrs.get("keys", f"value{d}")) for d in range(len(self.values))]
        shape = tuple(len(v) for v in self.values)
        if not self.values or any(v.ndim != 1 for v in self.values):
            raise ValueError("no 1-D /sweep/value0")
        self.data = {}
        for stem, *_ in MEASURES:
            for s in STATS:
                a = r.floats(f"{GROUP}/{stem}_{s}")
                if a.shape != shape:
                    raise ValueError(f"/sweep/{stem}_{s} has shape {a.shape}, expected {shape}")
                self.data[f"{stem}_{s}"] = a
        idx = r.floats(f"{GROUP}/scenario_index")
        if idx.shape != shape or not np.all(np.isfinite(idx)) or idx.min() < 0 or idx.max() >= len(r.scenarios):
            raise ValueError("/sweep/scenario_index is not a valid index into /results/scenario for every point")
        self.names = np.array([r.scenarios[int(i)] for i in idx.ravel()], dtype=object).reshape(shape)
        self.shape = shape
        self.best = self._best(r)

    def _best(self, r):
        """Grid index of the point the file marks best (best_point, row-major), else the highest mean."""
        size = int(np.prod(self.shape))
        bp = r.attr(GROUP, "best_point")
        try:
            flat = int(bp)
        except (TypeError, ValueError):
            flat = -1
        if not 0 <= flat < size:
            npv = self.data["npv_mean"].ravel()
            flat = int(np.nanargmax(np.where(np.isfinite(npv), npv, -np.inf)))
        return np.unravel_index(flat, self.shape)

    def lines(self):
        """(label, colour, grid index of each point along value0) per line: one per value1."""
        if len(self.shape) == 1:
            return [(None, PALETTE[0], [(i,) for i in range(self.shape[0])])]
        return [(f"{self.keys[1]} = {num(v1, 4).rstrip('0').rstrip('.')}", PALETTE[j % len(PALETTE)],
                 [(i, j) for i in range(self.shape[0])]) for j, v1 in enumerate(self.values[1])]


def _value(x):
    """A swept value as short text: 0.7, 15, 250,000."""
    return num(x, 4).rstrip("0").rstrip(".") if "." in num(x, 4) else num(x, 4)


def _figure(ctx, sw):
    r = ctx.res
    fig, axes = new_figure(ncols=len(MEASURES), width=12, height=4.3)
    x = sw.values[0]
    for ax, (stem, title, ylabel, div, _) in zip(axes, MEASURES):
        for label, colour, pts in sw.lines():
            m, lo, hi = (np.array([sw.data[f"{stem}_{s}"][p] for p in pts]) / div for s in ("mean", "p025", "p975"))
            ax.fill_between(x, lo, hi, color=colour, alpha=0.18, linewidth=0)
            ax.plot(x, m, "-o", color=colour, markersize=4, linewidth=1.8, label=label)
        b = sw.best
        ax.plot([x[b[0]]], [sw.data[f"{stem}_mean"][b] / div], marker="*", markersize=16, color="#000",
                linestyle="none", label="highest expected NPV")
        ax.axhline(0, color="#444", linewidth=0.9)
        ax.set_xlabel(sw.keys[0].replace(",", ",\n"))
        ax.set_ylabel(ylabel(r))
        ax.set_title(title)
    axes[0].legend(fontsize=7, loc="best")
    fig.suptitle(f"Sweep from {r.attr(GROUP, 'from', '?')} vs {r.attr(GROUP, 'reference', r.reference)}: "
                 "mean and 95% uncertainty interval (band)", fontweight="bold")
    best_name = sw.names[sw.best]
    return ctx.figure(
        fig, "sweep",
        f"Three line charts against {sw.keys[0]}"
        + (f", one line per value of {sw.keys[1]}" if len(sw.shape) == 2 else "")
        + f": net benefit (NPV), offences averted and proven reoffending change vs the reference, "
        f"each with a shaded 95% uncertainty interval. A star marks the highest expected NPV: "
        f"{best_name} ({sw.keys[0]} = {_value(x[sw.best[0]])}"
        + (f", {sw.keys[1]} = {_value(sw.values[1][sw.best[1]])}" if len(sw.shape) == 2 else "")
        + f"), NPV {gbp_m(sw.data['npv_mean'][sw.best], 2)}.",
        f"NPV in £m and offences averted for the {scale.area(r)} (NPV {scale.discounted(r)}); proven "
        f"reoffending change in percentage points for the {scale.cohort(r)}. Bands: {UI}. "
        "Source: /sweep (value0/value1, npv_*, offences_averted_*, proven_difference_*, best_point).")


def _table(ctx, sw):
    r = ctx.res
    dims = len(sw.shape)
    header = [f"Point ({', '.join(sw.keys)})"] + [f"{title} ({ylabel(r)})" for _, title, ylabel, _, _ in MEASURES]
    header.append("Highest expected NPV")
    csv_header = ["scenario"] + [f"value{d} ({sw.keys[d]})" for d in range(dims)]
    for stem, *_ in MEASURES:
        unit = {"npv": "_gbp_m_area", "offences_averted": "_area", "proven_difference": "_pp_cohort"}[stem]
        csv_header += [f"{stem}{unit}_{s}" for s in STATS]
    csv_header += ["highest_expected_npv"]
    t = Table("sweep", f"Sweep points: mean and [{UI}], {MCSE} in the CSV", header, csv_header)
    for p in np.ndindex(*sw.shape):
        vals = [sw.values[d][p[d]] for d in range(dims)]
        best = tuple(p) == tuple(sw.best)
        cells = [(sw.names[p], ", ".join(_value(v) for v in vals))]
        raw = [sw.names[p]] + vals
        for stem, _, _, div, dec in MEASURES:
            m, lo, hi, se = (sw.data[f"{stem}_{s}"][p] / div for s in STATS)
            f = (lambda v, d=dec: num(v, d, sign=True)) if stem != "npv" else (lambda v, d=dec: num(v, d))
            cells.append((f(m), f"[{f(lo)}, {f(hi)}]"))
            raw += [m, lo, hi, se]
        cells.append("★ highest" if best else "")
        raw.append(1 if best else 0)
        t.add(cells, raw, "best" if best else "")
    return ctx.table(t)


def build(ctx):
    r = ctx.res
    try:
        sw = Sweep(r)
    except (ValueError, KeyError, TypeError, ReportError) as exc:
        return f'<p class="absent">The sweep group /sweep is malformed ({esc(exc)}); no sweep figure.</p>'
    best = sw.best
    over = " and ".join(f"<code>{esc(k)}</code>" for k in sw.keys)
    lead = (f"<p>The config's <code>sweep:</code> block ran <em>{esc(r.attr(GROUP, 'from', '?'))}</em> "
            f"over {over} ({int(np.prod(sw.shape))} points, each an ordinary scenario paired with "
            f"<em>{esc(r.attr(GROUP, 'reference', r.reference))}</em>). The highest expected net benefit "
            f"is at <strong>{esc(sw.names[best])}</strong> ({esc(gbp_m(sw.data['npv_mean'][best], 2))} "
            f"[{esc(gbp_m(sw.data['npv_p025'][best], 2))}, {esc(gbp_m(sw.data['npv_p975'][best], 2))}], "
            f"{esc(scale.money(r))}). Where the bands of neighbouring points overlap, the replicates "
            "cannot tell them apart.</p>")
    return lead + _figure(ctx, sw) + _table(ctx, sw)
