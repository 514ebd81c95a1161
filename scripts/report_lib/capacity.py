"""Section 7: service capacity, take-up and waiting, mean per simulated year."""
import numpy as np

from .figures import new_figure
from .fmt import num
from .table import Table

TITLE = "Service capacity and waiting"
ID = "capacity"

# (dataset in /results, column heading); all (scenario, replicate, year).
MEASURES = (
    ("tri_keyworker_capacity", "Key-worker places"),
    ("tri_ssp_eligible", "SSP releases eligible"),
    ("tri_keyworker_starts", "Key-worker starts"),
    (None, "% served"),
    ("tri_waitlist_joins", "Joined waiting list"),
    ("tri_gave_up_waiting", "Gave up waiting"),
    ("gto_tagged", "GTO tagged"),
    ("gto_tag_turned_away", "GTO no tag available"),
    ("dip_tests", "DIP tests"),
    ("dip_treatment_starts", "DIP treatment starts"),
)

# Figure panels: (title, [(dataset, label)]).
PANELS = (
    ("Tri-borough key workers (SSPs)", (("tri_ssp_eligible", "eligible SSP releases"),
                                        ("tri_keyworker_capacity", "key-worker places"),
                                        ("tri_keyworker_starts", "key-worker starts"),
                                        ("tri_waitlist_joins", "joined waiting list"),
                                        ("tri_gave_up_waiting", "gave up waiting"))),
    ("GTO GPS tags", (("gto_tagged", "tagged"), ("gto_tag_turned_away", "no tag available"))),
    ("DIP", (("dip_tests", "drug tests"), ("dip_treatment_starts", "treatment starts"))),
)


def build(ctx):
    r = ctx.res
    per_year = {}
    for key, _ in MEASURES:
        if key and key not in per_year:
            per_year[key] = np.nanmean(r.floats(f"results/{key}"), axis=(1, 2))
    for _, items in PANELS:
        for key, _ in items:
            if key not in per_year:
                per_year[key] = np.nanmean(r.floats(f"results/{key}"), axis=(1, 2))

    header = ["Scenario"] + [label for _, label in MEASURES]
    csv_header = ["scenario"] + [key or "tri_pct_served" for key, _ in MEASURES]
    t = Table("service_capacity", "Service activity, mean per simulated year (simulated cohort)",
              header, csv_header)
    for s, name in enumerate(r.scenarios):
        cells, raw = [r.row_head(s)], [name]
        for key, _ in MEASURES:
            if key is None:
                elig, starts = per_year["tri_ssp_eligible"][s], per_year["tri_keyworker_starts"][s]
                v = 100 * starts / elig if elig > 0 else float("nan")
                cells.append("–" if elig <= 0 else f"{num(v, 0)}%")
            else:
                v = per_year[key][s]
                cells.append(num(v, 0))
            raw.append(v)
        t.add(cells, raw, "reference" if s == r.ref_index else "")

    if not any(per_year[k][s] > 0 for k in per_year for s in range(len(r.scenarios))):
        return ("<p>No service ran in any scenario of this run (all service counts are zero).</p>"
                + ctx.table(t))
    fig, axes = new_figure(ncols=len(PANELS), width=10, height=5,
                           gridspec_kw={"width_ratios": [1.6, 1, 1]})
    cmap = ["#4c72b0", "#8c8c8c", "#55a868", "#dd8452", "#c44e52"]
    for ax, (title, items) in zip(axes, PANELS):
        active = [s for s in range(len(r.scenarios)) if any(per_year[k][s] > 0 for k, _ in items)]
        ax.set_title(title, fontsize=10)
        if not active:
            ax.text(0.5, 0.5, "not run in\nany scenario", ha="center", va="center",
                    transform=ax.transAxes, color="#666")
            ax.set_axis_off()
            continue
        n = len(items)
        width = 0.8 / n
        x = np.arange(len(active))
        for j, (key, label) in enumerate(items):
            ax.bar(x + (j - (n - 1) / 2) * width, per_year[key][active], width,
                   label=label, color=cmap[j % len(cmap)])
        ax.set_xticks(x, [r.scenarios[s] for s in active], rotation=30, ha="right",
                      rotation_mode="anchor")
        ax.set_ylabel("People or tests per year (simulated cohort)")
        ax.set_xlabel("Scenario")
        ax.grid(axis="x", visible=False)
        top = max(per_year[k][active].max() for k, _ in items)
        rows = (n + 1) // 2
        ax.set_ylim(0, top * (1.12 + 0.1 * rows) if top > 0 else 1)   # room for the legend
        ax.legend(loc="upper center", fontsize=8, ncols=2, handlelength=1.2, columnspacing=0.8)
    fig.suptitle("Service capacity, take-up and waiting: mean per simulated year", fontweight="bold")
    fig_html = ctx.figure(
        fig, "service_capacity",
        "Three bar-chart panels of mean yearly activity per scenario: Tri-borough key workers "
        "(eligible short-sentence releases, places, starts, waiting-list joins, gave up waiting), "
        "GTO GPS tags (tagged, no tag available) and DIP (tests, treatment starts). "
        "Scenarios without the service are left out of its panel.",
        "Mean per simulated year over replicates and years, for the simulated cohort. Scenarios "
        "that do not run a service are left out of its panel. Source: /results/tri_*, gto_*, dip_*.")
    return (f"<p>Whether each service has room for the people it is meant for. Counts are means "
            f"per simulated year (averaged over {r.replicates} replicates and {len(r.years)} years; "
            f"a service that starts part-way through year 1 counts that part-year) for the simulated "
            f"cohort, not the area. <strong>% served</strong> = key-worker starts ÷ eligible SSP "
            f"releases (ratio of the yearly means). Key-worker places are places at any one time "
            f"(workers × caseload), so starts can exceed places as clients move on. People who "
            f"find no place join a first-come-first-served waiting list and give up after a "
            f"maximum wait; GTO releases who find no tag go untagged.</p>" + fig_html + ctx.table(t))
