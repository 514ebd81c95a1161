"""Section 4: discounted savings by financial year, in the shape of the 2013
Tri-borough cabinet report's table (seed 000), one table per scenario."""
import numpy as np

from .filenames import scenario_stem
from .fmt import esc, fy_label, num
from .table import Table

TITLE = "Discounted savings by financial year"
ID = "savings"

ROWS = (("Communities & economy", "saving_communities_mean"),
        ("CJS savings", "saving_cjs_mean"),
        ("Total", "saving_total_mean"))


def build(ctx):
    r = ctx.res
    if not r.others:
        return "<p>Only the reference scenario was run.</p>"
    data = {key: r.floats(f"economics/{key}") for _, key in ROWS}
    years = r.years
    labels = [fy_label(ctx.first_fy, y) for y in years]
    area = r.attr("economics", "area_offenders")
    rate = r.attr("economics", "discount_rate")
    discounting = r.attr("economics", "discounting")
    prices = r.attr("economics", "prices")
    parts = []
    for i in r.others:
        name = r.scenarios[i]
        t = Table(f"savings_{scenario_stem(name, i)}", f"{name}: discounted savings vs {r.reference} (£m)",
                  ["£m discounted"] + labels + ["Total"],
                  ["row"] + [f"{lab}_gbp_m" for lab in labels] + ["total_gbp_m"])
        for label, key in ROWS:
            row = data[key][i] / 1e6
            total = np.nansum(row)
            t.add([label] + [num(v, 1) for v in row] + [num(total, 1)],
                  [label] + list(row) + [total], "total" if label == "Total" else "")
        title = esc(r.label(i)) + (f" <code>{esc(name)}</code>" if r.label(i) != name else "")
        parts.append(f'<h3 id="savings-{esc(scenario_stem(name, i))}">{title}</h3>' + ctx.table(t))
    context = []
    if area is not None:
        context.append(f"for an area of {num(area, 0)} offenders a year")
    if rate is not None:
        context.append(f"discounted at {num(100 * float(rate), 1)}% a year"
                       + (f" ({esc(discounting)})" if discounting else ""))
    if prices:
        context.append(esc(prices))
    return (f"<p>Savings against <em>{esc(r.reference)}</em>, split like the 2013 Tri-borough "
            f"cabinet report (costs of crime to communities and the economy; criminal-justice "
            f"costs), mean over {r.replicates} replicates, £ million, "
            f"{'; '.join(context) if context else ''}. Simulated year 1 is financial year "
            f"{labels[0] if labels else ''}. A negative saving is a cost: more harm or more "
            f"criminal-justice activity than under {esc(r.reference)}. Service costs are not "
            f"included here (see the next section).</p>" + "".join(parts))
