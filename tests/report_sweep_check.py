"""Checks for tests/report_sweep_test.sh: the sweep section of reports written from WORK/grid.h5
(2-D sweep), WORK/one.h5 (1-D) and WORK/plain.h5 (no /sweep) into WORK/rep-<name>."""
import csv
import os
import re
import sys

import h5py
import numpy as np

work = sys.argv[1]
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


def sweep_report(name, dims):
    rep = f"{work}/rep-{name}"
    page = open(f"{rep}/index.html", encoding="utf-8").read()
    with h5py.File(f"{work}/{name}.h5", "r") as f:
        g = f["sweep"]
        best = g.attrs["best_scenario"]
        best = best.decode() if isinstance(best, bytes) else str(best)
        scen = [s.decode() for s in f["results/scenario"][()]]
        idx = g["scenario_index"][()].astype(int)
        npv = g["npv_mean"][()]
        values = [g[f"value{d}"][()] for d in range(dims)]
        keys = [g[f"value{d}"].attrs["keys"] for d in range(dims)]
        keys = [k.decode() if isinstance(k, bytes) else str(k) for k in keys]
        averted, proven = g["offences_averted_p975"][()], g["proven_difference_mean"][()]
    check(npv.ndim == dims, f"{name}: /sweep/npv_mean has {npv.ndim} dimensions, want {dims}")
    check(scen[idx.ravel()[int(np.argmax(npv.ravel()))]] == best,
          f"{name}: /sweep best_scenario {best} is not the highest mean NPV")
    check('<section id="sweep">' in page, f"{name}: no sweep section")
    check('src="sweep.png"' in page, f"{name}: no sweep figure on the page")
    try:
        png = open(f"{rep}/sweep.png", "rb").read()
        check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000, f"{name}: sweep.png is not a real PNG")
    except OSError:
        fails.append(f"{name}: no sweep.png")
    check('href="sweep.csv"' in page, f"{name}: no link to sweep.csv")
    for k in keys:
        check(k in page, f"{name}: the page does not name the swept key {k}")
    check(re.search(r"area of [\d,]+ offenders a year", page.split('id="sweep"')[1]) is not None,
          f"{name}: the sweep section does not say the area scale")
    with open(f"{rep}/sweep.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    check(len(rows) == npv.size, f"{name}: sweep.csv has {len(rows)} rows, want {npv.size}")
    marked = [r["scenario"] for r in rows if r["highest_expected_npv"] == "1"]
    check(marked == [best], f"{name}: sweep.csv marks {marked}, /sweep best_scenario is {best}")
    # the alt text of the figure names the starred point
    alt = re.search(r'<img src="sweep.png" alt="([^"]*)"', page)
    check(alt is not None and f"highest expected NPV: {best} (" in alt.group(1),
          f"{name}: the figure's marked point is not {best}")
    # the CSV holds /sweep's numbers, row-major, with each point's scenario and swept values
    for flat, row in enumerate(rows):
        p = np.unravel_index(flat, npv.shape)
        check(row["scenario"] == scen[idx[p]], f"{name}: row {flat} is {row['scenario']}, want {scen[idx[p]]}")
        for d in range(dims):
            check(abs(float(row[f"value{d} ({keys[d]})"]) - values[d][p[d]]) < 1e-9, f"{name}: row {flat} value{d}")
        check(abs(float(row["npv_gbp_m_area_mean"]) - npv[p] / 1e6) < 1e-5, f"{name}: row {flat} NPV")
        check(abs(float(row["offences_averted_area_p975"]) - averted[p]) < 1e-5, f"{name}: row {flat} averted p975")
        check(abs(float(row["proven_difference_pp_cohort_mean"]) - proven[p]) < 1e-5, f"{name}: row {flat} proven")
    # a section number is counted: the page's headings are 1..N without gaps
    nums = [int(n) for n in re.findall(r"<h2>(\d+)\. ", page)]
    check(nums == list(range(1, len(nums) + 1)), f"{name}: section numbers {nums}")


sweep_report("grid", 2)
sweep_report("one", 1)
plain = open(f"{work}/rep-plain/index.html", encoding="utf-8").read()
with h5py.File(f"{work}/plain.h5", "r") as f:
    check("sweep" not in f, "plain.h5 has /sweep")
check('id="sweep"' not in plain and "Parameter sweep" not in plain and "sweep.png" not in plain,
      "a file without /sweep has a sweep section or its table of contents entry")
check(not os.path.exists(f"{work}/rep-plain/sweep.csv"), "a file without /sweep has sweep.csv")
nums = [int(n) for n in re.findall(r"<h2>(\d+)\. ", plain)]
check(nums == list(range(1, len(nums) + 1)), f"plain: section numbers {nums}")
for msg in fails:
    print("FAIL:", msg)
print(f"report sweep: {'ok' if not fails else f'{len(fails)} failed'}")
sys.exit(1 if fails else 0)
