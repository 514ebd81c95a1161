#!/usr/bin/env python3
"""reoffsim tests — check scripts/export's CSV against h5py's reading of the
same results file: the row count of every file, and values looked up by
their labels in the CSV equal (exactly, after the round trip through text)
the values h5py reads. Usage: export_check.py RESULTS.h5 CSV_DIR"""
import csv
import math
import os
import sys

import h5py

passed = failed = 0


def check(cond, what):
    global passed, failed
    passed += bool(cond)
    failed += not cond
    if not cond:
        print("FAIL:", what)


def read(directory, name):
    with open(os.path.join(directory, name), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def labels(f, group, dim):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in f[group][dim][()]]


def count(group, shape_of):
    """Number of cells of the labelled numeric arrays in GROUP matching shape_of(dims)."""
    n = 0
    for name, ds in group.items():
        if isinstance(ds, h5py.Dataset) and "CLASS" not in ds.attrs and ds.dtype.kind == "f" and shape_of(ds):
            n += ds.size
    return n


def dims(ds):
    return tuple(d[0].name.rsplit("/", 1)[-1] for d in ds.dims)


def same(text, value):
    return (text == "NA" and math.isnan(value)) or (text != "NA" and float(text) == value)


def main(path, out):
    with h5py.File(path, "r") as f:
        S, R = len(f["results/scenario"]), len(f["results/replicate"])
        G, Y = len(f["results/subgroup"]), len(f["results/year"])
        sub = read(out, "results_by_subgroup.csv")
        n_sub = sum(1 for ds in f["results"].values() if isinstance(ds, h5py.Dataset)
                    and "CLASS" not in ds.attrs and ds.dtype.kind == "f"
                    and dims(ds) == ("scenario", "replicate", "subgroup"))
        check(n_sub >= 7 and len(sub) == n_sub * S * R * G,
              f"results_by_subgroup.csv: {len(sub)} rows = {n_sub} measures x {S}x{R}x{G}")
        check(list(sub[0]) == ["scenario", "replicate", "subgroup", "measure", "value", "units"],
              f"results_by_subgroup.csv columns {list(sub[0])}")
        year = read(out, "results_by_year.csv")
        check(len(year) == count(f["results"], lambda ds: dims(ds) == ("scenario", "replicate", "year")),
              f"results_by_year.csv: {len(year)} rows")
        check({int(r["year"]) for r in year} == set(range(1, Y + 1)), "years 1..Y")
        # A value by its labels: the CSV and h5py agree.
        scen, groups = labels(f, "results", "scenario"), labels(f, "results", "subgroup")
        s, r, g = 1, R - 1, groups.index("female")
        want = f["results/proven_reoffending_rate"][s, r, g]
        row = [x for x in sub if x["scenario"] == scen[s] and x["replicate"] == str(r)
               and x["subgroup"] == "female" and x["measure"] == "proven_reoffending_rate"]
        check(len(row) == 1 and same(row[0]["value"], want) and row[0]["units"] == "1",
              f"proven_reoffending_rate[{scen[s]}, {r}, female]: CSV {row} vs h5py {want}")
        offences = f["results/offences"][0, 0, Y - 1]
        row = [x for x in year if x["scenario"] == scen[0] and x["replicate"] == "0"
               and x["year"] == str(Y) and x["measure"] == "offences"]
        check(len(row) == 1 and same(row[0]["value"], offences), f"offences year {Y}: {row} vs {offences}")
        # Summaries: one row per value, the statistic in its own column.
        summ = read(out, "summary.csv")
        check(len(summ) == count(f["summary"], lambda ds: True), f"summary.csv: {len(summ)} rows")
        want = f["summary/proven_reoffending_rate_p975"][s, g]
        row = [x for x in summ if x["scenario"] == scen[s] and x["subgroup"] == "female"
               and x["measure"] == "proven_reoffending_rate" and x["statistic"] == "p975"]
        check(len(row) == 1 and same(row[0]["value"], want), f"summary p975: {row} vs {want}")
        check({x["statistic"] for x in summ} == {"mean", "p025", "p975", "mcse", "n"}, "summary statistics")
        cmp = read(out, "comparison.csv")
        check(len(cmp) == count(f["comparison"], lambda ds: True), f"comparison.csv: {len(cmp)} rows")
        want = f["comparison/offences_per_year_difference_mean"][s]
        row = [x for x in cmp if x["scenario"] == scen[s] and x["measure"] == "offences_per_year_difference"
               and x["statistic"] == "mean"]
        check(len(row) == 1 and row[0]["subgroup"] == "" and same(row[0]["value"], want),
              f"comparison offences_per_year_difference mean: {row} vs {want}")
        econ = read(out, "economics_summary.csv")
        want = f["economics/npv_mcse"][s]
        row = [x for x in econ if x["scenario"] == scen[s] and x["measure"] == "npv" and x["statistic"] == "mcse"]
        check(len(row) == 1 and same(row[0]["value"], want), f"economics npv mcse: {row} vs {want}")
        by_rep = read(out, "economics_by_replicate.csv")
        check(len(by_rep) == count(f["economics"], lambda ds: dims(ds) == ("scenario", "replicate")),
              "economics_by_replicate.csv rows")
        check(len(read(out, "economics_by_year.csv"))
              == count(f["economics"], lambda ds: dims(ds) == ("scenario", "replicate", "year")),
              "economics_by_year.csv rows")
        tornado = read(out, "economics_tornado.csv")
        check(len(tornado) == count(f["economics/tornado"], lambda ds: True) > 0, "economics_tornado.csv rows")
        check(all(x["value"] != "" and x["units"] != "" for x in sub + year + summ + cmp + econ),
              "every row has a value and units")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
