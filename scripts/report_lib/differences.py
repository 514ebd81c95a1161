"""Section: paired differences vs the reference — proven reoffending (rate), offences,
frequency (proven reoffences per 100 offenders) and time to first proven reoffence."""
import numpy as np

from . import scale
from .figures import new_figure
from .fmt import esc, interval, isnan, num
from .forest import fit_height, forest
from .palette import scenario_colours
from .table import Table
from .uncertainty import MCSE, UI

TITLE = "Paired differences against the reference"
ID = "differences"
PARTS = ("mean", "p025", "p975", "mcse")


def _comparison(r, name, a=None):
    """{part: array over scenarios} of /comparison/<name>_difference_<part> (subgroup A)."""
    out = {}
    for k in PARTS:
        v = r.optional(f"comparison/{name}_difference_{k}", ndim=1 if a is None else 2)
        if v is None:
            return None
        out[k] = v if a is None else v[:, a]
    return out


def paired_days_to_first(r, a):
    """Paired difference in mean days to first proven reoffence, scenario minus reference, per
    replicate from /results/mean_days_to_first_reoffence (scenario, replicate, subgroup), then
    its mean, 2.5th/97.5th percentiles and MCSE over replicates (NaN replicates skipped, as
    the simulator does); None if the file does not have it. /comparison has no such dataset."""
    v = r.optional("results/mean_days_to_first_reoffence", ndim=3)
    if v is None or a is None or v.shape[2] <= a or v.shape[1] != r.replicates:
        return None
    d = v[:, :, a] - v[r.ref_index, :, a]
    out = {k: np.full(len(r.scenarios), np.nan) for k in PARTS}
    for s in range(len(r.scenarios)):
        x = d[s][np.isfinite(d[s])]
        if x.size:
            out["mean"][s] = x.mean()
            out["p025"][s], out["p975"][s] = np.percentile(x, [2.5, 97.5])
            out["mcse"][s] = x.std(ddof=1) / np.sqrt(x.size) if x.size > 1 else np.nan
    return out


def _measures(r):
    """[(key, panel title, x label, {part: values}, scale factor, decimals)] present in the file."""
    a = r.subgroup_index("all")
    off_ref = r.floats("summary/offences_per_year_mean")[r.ref_index]
    rate = _comparison(r, "proven_reoffending_rate", a)
    off = _comparison(r, "offences_per_year")
    out = [("reoffending_all_pp", "Proven reoffending rate (all)", "Difference (percentage points)",
            rate, 100.0, 2),
           ("offences_per_year_pct", "Offences (all, proven or not)",
            f"Difference (% of {r.reference}'s offences)", off,
            100.0 / off_ref if off_ref else np.nan, 1)]
    freq = _comparison(r, "reoffences_per_100", a)
    if freq is not None:
        out.append(("reoffences_per_100", "Frequency: proven reoffences per 100 offenders",
                    "Difference (reoffences per 100 offenders)", freq, 1.0, 1))
    days = paired_days_to_first(r, a)
    if days is not None:
        out.append(("days_to_first", "Time to first proven reoffence",
                    "Difference (days; positive = later)", days, 1.0, 1))
    return out


def _figure(ctx, measures, names, idx, colours):
    r = ctx.res
    ncols = 2
    nrows = (len(measures) + 1) // 2
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=10, height=fit_height(len(names), nrows),
                           sharey=True)
    flat = np.atleast_1d(axes).ravel()
    for ax, (_, title, xlabel, v, factor, _) in zip(flat, measures):
        forest(ax, names, factor * v["mean"][idx], factor * v["p025"][idx], factor * v["p975"][idx],
               [colours[r.scenarios[i]] for i in idx], xlabel, title)
    for ax in flat[len(measures):]:
        ax.set_axis_off()
    fig.suptitle(f"Paired differences vs {r.reference}: mean and {UI}", fontweight="bold")
    titles = ", ".join(m[1] for m in measures)
    return ctx.figure(
        fig, "differences_vs_reference",
        f"Forest plots, one panel per measure ({titles}): for each scenario ({', '.join(names)}), "
        f"the paired difference from {r.reference} as a point with a line over its {UI}; a "
        f"vertical line marks no difference.",
        f"Paired differences vs {r.reference} (points: means; lines: {UI}s). Left of the line is "
        "fewer offences and less reoffending; in the time panel, right of the line is a later "
        "first reoffence. Source: /comparison/*_difference_{mean,p025,p975}; time to first "
        "reoffence from /results/mean_days_to_first_reoffence, paired by replicate.")


def _main_table(r, rate, off, rel, ssp_rate):
    pp = lambda v: num(100 * v, 2, sign=True)  # noqa: E731
    header = ["Scenario", "Reoffending, all (pp)", "MCSE (pp)"]
    csv_header = ["scenario", "reoffending_all_pp_mean", "reoffending_all_pp_p025",
                  "reoffending_all_pp_p975", "reoffending_all_pp_mcse"]
    if ssp_rate is not None:
        header.append("Reoffending, SSP (pp)")
        csv_header += ["reoffending_ssp_pp_mean", "reoffending_ssp_pp_p025", "reoffending_ssp_pp_p975"]
    header += [f"Offences per year ({scale.cohort(r)})", "Offences per year (%)", "MCSE (offences)"]
    csv_header += ["offences_per_year_mean", "offences_per_year_p025", "offences_per_year_p975",
                   "offences_per_year_pct_mean", "offences_per_year_pct_p025",
                   "offences_per_year_pct_p975", "offences_per_year_mcse"]
    t = Table("differences_vs_reference",
              f"Paired difference vs {r.reference}: mean and [{UI}]; MCSE = {MCSE} of the mean; "
              f"offences {scale.per_year_cohort(r)}", header, csv_header)
    f0 = lambda v: num(v, 0, sign=True)  # noqa: E731
    f1 = lambda v: num(rel(v), 1, sign=True)  # noqa: E731
    for i in r.others:
        m, lo, hi, se = (rate[k][i] for k in PARTS)
        cells = [r.row_head(i), (pp(m), interval(lo, hi, pp)), num(100 * se, 3) if not isnan(se) else "n/a"]
        raw = [r.scenarios[i], 100 * m, 100 * lo, 100 * hi, 100 * se]
        if ssp_rate is not None:
            sm, slo, shi = (ssp_rate[k][i] for k in ("mean", "p025", "p975"))
            cells.append((pp(sm), interval(slo, shi, pp)))
            raw += [100 * sm, 100 * slo, 100 * shi]
        om, olo, ohi, ose = (off[k][i] for k in PARTS)
        cells += [(f0(om), interval(olo, ohi, f0)), (f"{f1(om)}%", interval(olo, ohi, f1)),
                  num(ose, 1) if not isnan(ose) else "n/a"]
        raw += [om, olo, ohi, rel(om), rel(olo), rel(ohi), ose]
        t.add(cells, raw)
    return t


def _frequency_table(r, measures):
    extra = [m for m in measures if m[0] in ("reoffences_per_100", "days_to_first")]
    if not extra:
        return None
    header, csv_header = ["Scenario"], ["scenario"]
    for key, title, _, _, _, _ in extra:
        header += [title, "MCSE"]
        csv_header += [f"{key}_{k}" for k in PARTS]
    t = Table("frequency_timing_vs_reference",
              f"Frequency and time to first proven reoffence, all offenders: paired difference vs "
              f"{r.reference}, mean and [{UI}]; MCSE = {MCSE} of the mean", header, csv_header)
    for i in r.others:
        cells, raw = [r.row_head(i)], [r.scenarios[i]]
        for _, _, _, v, _, dec in extra:
            f = lambda x, d=dec: num(x, d, sign=True)  # noqa: E731
            cells += [(f(v["mean"][i]), interval(v["p025"][i], v["p975"][i], f)), num(v["mcse"][i], dec + 1)]
            raw += [v[k][i] for k in PARTS]
        t.add(cells, raw)
    return t


def build(ctx):
    r = ctx.res
    if not r.others:
        return "<p>Only the reference scenario was run.</p>"
    measures = _measures(r)
    rate, off = measures[0][3], measures[1][3]
    off_ref = r.floats("summary/offences_per_year_mean")[r.ref_index]
    rel = (lambda v: 100 * v / off_ref) if off_ref else (lambda v: float("nan"))
    ssp = r.subgroup_index("custody_short")
    ssp_rate = _comparison(r, "proven_reoffending_rate", ssp) if ssp is not None else None
    idx = r.others
    names = [r.scenarios[i] for i in idx]
    fig_html = _figure(ctx, measures, names, idx, scenario_colours(r.scenarios))
    tables = ctx.table(_main_table(r, rate, off, rel, ssp_rate))
    freq = _frequency_table(r, measures)
    if freq is not None:
        tables += ctx.table(freq)
    missing = [t for t in ("Frequency: proven reoffences per 100 offenders", "Time to first proven reoffence")
               if t not in [m[1] for m in measures]]
    note = (f'<p class="note">Not in this results file: {esc(", ".join(missing))}.</p>' if missing else "")
    return (f"<p>Each replicate runs every scenario on the same people with the same random "
            f"numbers, so the difference from <em>{esc(r.reference)}</em> is measured within a "
            f"replicate and then averaged; this is far more precise than comparing the rates above. "
            f"Three measures of reoffending are shown, as the MoJ publishes them: the "
            f"<strong>rate</strong> (share proven to reoffend), the <strong>frequency</strong> "
            f"(proven reoffences per 100 offenders) and the <strong>time to the first proven "
            f"reoffence</strong>; and all <strong>offences</strong>, proven or not, "
            f"{esc(scale.per_year_cohort(r))} (the percentage is relative to "
            f"{esc(r.reference)}'s {num(off_ref, 0)} offences a year). The interval under each "
            f"mean is the {UI} (2.5th to 97.5th percentile of the difference over replicates): "
            f"where the difference could plausibly lie. MCSE is the {MCSE} of the mean "
            f"difference: how precisely the replicates estimate the average, which shrinks as "
            f"replicates are added.</p>" + fig_html + tables + note)
