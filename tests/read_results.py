#!/usr/bin/env python3
"""reoffsim tests — read a results file as a user would: plain h5py, and
xarray with engine h5netcdf when available. Checks dimensions, attributes,
provenance, internal consistency and agreement with the printed summary, and
that every interval says what it is: <x>_p025/<x>_p975 are the uncertainty
interval (percentiles over replicates, recomputed here from the per-replicate
values) and <x>_mcse the Monte Carlo standard error of the mean."""
import argparse
import os
import sys
import warnings

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402

_checks = Checks()
check = _checks.check


def dim_names(ds):
    return [ds.dims[i][0].name.rsplit("/", 1)[-1] if len(ds.dims[i]) else None for i in range(ds.ndim)]


def check_h5py(path, summary_text):
    with h5py.File(path, "r") as f:
        res = f["results"]
        scen = [s.decode() if isinstance(s, bytes) else s for s in res["scenario"][()]]
        check(scen == ["baseline", "less_offending"], f"scenario names {scen}")
        rate = res["proven_reoffending_rate"]
        check(rate.shape == (2, 4, len(res["subgroup"])), f"rate shape {rate.shape}")
        check(dim_names(rate) == ["scenario", "replicate", "subgroup"], f"rate dims {dim_names(rate)}")
        check(dim_names(res["offences"]) == ["scenario", "replicate", "year"], "offences dims")
        check(rate.attrs["units"] in ("1", b"1"), "rate units")
        check("long_name" in rate.attrs, "rate long_name")
        r = rate[()]
        check(np.all((r[:, :, 0] >= 0) & (r[:, :, 0] <= 1)), "rates in [0, 1]")
        n = res["cohort_size"][()]
        k = res["reoffenders"][()]
        check(np.allclose(k[:, :, 0] / n[:, :, 0], r[:, :, 0]), "rate = reoffenders / cohort")
        # Lower hazard -> lower mean rate (paired, same replicates).
        check(r[1, :, 0].mean() < r[0, :, 0].mean(), "less_offending scenario reoffends less")
        prov = f["provenance"]
        check("hazard_scale" in prov["config_text"][0].decode(), "config text stored")
        for key in ("seed", "git_commit", "reoffsim_version", "schema_version", "replicates"):
            check(key in prov.attrs, f"provenance attribute {key}")
        for key in ("threads", "wall_seconds", "host", "started_at", "command_line"):
            check(key in prov["run"].attrs, f"provenance/run attribute {key}")
        # The printed tables and /summary, /comparison agree.
        mean = f["summary"]["proven_reoffending_rate_mean"][()]
        comparison = summary_text.split("Scenario comparison")[1].split("\n\n")[0].splitlines()
        differences = summary_text.split("Paired differences")[1].split("\n\n")[0].splitlines()
        diff = f["comparison"]["proven_reoffending_rate_difference_mean"][()]
        lo = f["comparison"]["proven_reoffending_rate_difference_p025"][()]
        off = f["summary"]["offences_per_year_mean"][()]
        for s, name in enumerate(scen):
            line = next((l for l in comparison if l.split() and l.split()[0] == name), "")
            check(f"{100 * mean[s, 0]:.1f}%" in line, f"comparison table matches /summary for {name}: {line!r}")
            check(f"{off[s]:.0f}" in line, f"offences/yr matches /summary for {name}: {line!r}")
            if s == 0:
                continue
            line = next((l for l in differences if l.split() and l.split()[0] == name), "")
            check(f"{100 * diff[s, 0]:+.2f}" in line and f"{100 * lo[s, 0]:+.2f}" in line,
                  f"paired difference matches /comparison for {name}: {line!r}")
        check(abs(diff[0, 0]) < 1e-15 and diff[1, 0] < 0, "paired difference vs reference")
        econ = f["economics"]
        check(econ["npv"].shape == (2, 4), "economics npv (scenario, replicate)")
        check(dim_names(econ["saving_communities"]) == ["scenario", "replicate", "year"], "economics dims")
        check(econ["total_savings"][0, :].max() == 0 and econ["total_savings"][1, :].mean() > 0,
              "less offending saves money vs the reference")
        check(0 <= econ["p_npv_positive"][1] <= 1, "P(NPV > 0) is a probability")
        check(abs(econ.attrs["discount_rate"] - 0.035) < 1e-12, "discount rate recorded")
        check_intervals(f)
        check_labels(f)


UI_TEXT = "uncertainty interval: 2.5th-97.5th percentile over replicates (parameter draws + stochastic outcomes)"
MCSE_TEXT = "Monte Carlo standard error of the mean"


def attr_text(obj, name):
    v = obj.attrs.get(name)
    return v.decode() if isinstance(v, bytes) else v


def pct(v, q):
    """Percentile q over axis 1 as reoffsim computes it: NaNs skipped, NaN
    with fewer than two finite values."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        p = np.nanpercentile(v, q, axis=1)
    return np.where(np.isfinite(v).sum(axis=1) >= 2, p, np.nan)


def check_intervals(f):
    """Each interval dataset names its kind, and the numbers are that kind."""
    kinds = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            kinds[name] = attr_text(obj, "interval")
    f.visititems(visit)
    ui = [n for n in kinds if n.endswith(("_p025", "_p975"))]
    mcse = [n for n in kinds if n.endswith("_mcse")]
    check(len(ui) >= 2 * 30 and len(mcse) >= 30, f"interval datasets present ({len(ui)} p025/p975, {len(mcse)} mcse)")
    check(all(kinds[n] == UI_TEXT for n in ui), "every _p025/_p975 has interval = uncertainty interval: "
          + ", ".join(n for n in ui if kinds[n] != UI_TEXT)[:200])
    check(all(kinds[n] == MCSE_TEXT for n in mcse), "every _mcse has interval = Monte Carlo standard error: "
          + ", ".join(n for n in mcse if kinds[n] != MCSE_TEXT)[:200])
    check(not any(n.endswith(("_ci_low", "_ci_high")) for n in kinds), "no ambiguous _ci_low/_ci_high datasets left")
    check(all(kinds[n] is None for n in kinds if n.endswith("_mean")), "means carry no interval attribute")
    for g in ("summary", "comparison", "economics"):
        note = attr_text(f[g], "intervals") or ""
        check(UI_TEXT in note and MCSE_TEXT in note, f"/{g} attribute 'intervals' explains both kinds")
    check(int(f.attrs["schema_version"]) == 2, "schema_version 2 (p025/p975 replaced ci_low/ci_high)")
    # Recompute from the per-replicate values: percentiles (numpy's default,
    # linear) and sd / sqrt(n). A normal-approximation interval or an sd in
    # place of the MCSE fails here.
    econ = f["economics"]
    for name in ("npv", "incremental_cost", "total_savings"):
        v = econ[name][()]
        check(np.allclose(econ[name + "_p025"][()], pct(v, 2.5), rtol=1e-12, atol=1e-6)
              and np.allclose(econ[name + "_p975"][()], pct(v, 97.5), rtol=1e-12, atol=1e-6),
              f"/economics/{name}_p025/_p975 are the 2.5th/97.5th percentiles over replicates")
        check(np.allclose(econ[name + "_mcse"][()], v.std(axis=1, ddof=1) / np.sqrt(v.shape[1]), rtol=1e-9, atol=1e-6),
              f"/economics/{name}_mcse = sd / sqrt(n)")
    rate = f["results"]["proven_reoffending_rate"][()]          # (scenario, replicate, subgroup)
    diff = rate - rate[0][None, :, :]                            # reference: scenario 0
    cmp = f["comparison"]
    check(np.allclose(cmp["proven_reoffending_rate_difference_p025"][()], pct(diff, 2.5),
                      rtol=1e-12, atol=1e-15, equal_nan=True)
          and np.allclose(cmp["proven_reoffending_rate_difference_p975"][()], pct(diff, 97.5),
                          rtol=1e-12, atol=1e-15, equal_nan=True),
          "paired-difference uncertainty interval = percentiles of the per-replicate differences")
    check(np.allclose(f["summary"]["proven_reoffending_rate_p975"][()], pct(rate, 97.5),
                      rtol=1e-12, atol=1e-15, equal_nan=True), "summary uncertainty interval = percentiles of the rates")


def check_labels(f):
    """Every dataset has units and long_name; every labelled array says its
    dimension order (`dimensions`, C order) and that R reverses it."""
    missing, wrong, no_dims = [], [], []

    def visit(name, obj):
        if not isinstance(obj, h5py.Dataset):
            return
        missing.extend(f"{name}@{a}" for a in ("units", "long_name") if a not in obj.attrs)
        if obj.ndim == 0 or "CLASS" in obj.attrs:          # scalars and dimension scales
            return
        names = dim_names(obj)
        if None in names:
            no_dims.append(name)
            return
        stated = attr_text(obj, "dimensions")
        if stated != ",".join(names):
            wrong.append(f"{name}: {stated!r} != {names}")
        note = attr_text(obj, "dimensions_note") or ""
        if obj.ndim >= 2 and not note.endswith("reversed: " + ",".join(reversed(names))):
            wrong.append(f"{name}: dimensions_note {note[-60:]!r}")
    f.visititems(visit)
    check(not missing, "every dataset has units and long_name; missing: " + ", ".join(missing)[:300])
    check(not no_dims, "every array has a dimension scale on each axis: " + ", ".join(no_dims)[:300])
    check(not wrong, "`dimensions` names the axes in C order: " + "; ".join(wrong)[:300])


def check_xarray(path):
    try:
        import xarray as xr
        import h5netcdf  # noqa: F401
    except ImportError:
        print("note: xarray/h5netcdf not installed; skipped the xarray check")
        return
    ds = xr.open_dataset(path, group="results", engine="h5netcdf", phony_dims="access")
    check(ds["proven_reoffending_rate"].dims == ("scenario", "replicate", "subgroup"), "xarray dims")
    check(list(ds["scenario"].values) == ["baseline", "less_offending"], "xarray scenario coordinate")
    sel = ds["proven_reoffending_rate"].sel(scenario="baseline", subgroup="all")
    check(sel.shape == (4,), "xarray label selection")
    ds.close()
    # Every group opens without phony dimensions (each axis has a dimension scale).
    for group in ("provenance", "results", "summary", "comparison", "economics"):
        try:
            xr.open_dataset(path, group=group, engine="h5netcdf").close()
            check(True, "")
        except ValueError as e:
            check(False, f"xarray opens /{group} without phony_dims: {e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path")
    ap.add_argument("summary")
    a = ap.parse_args()
    with open(a.summary) as fh:
        text = fh.read()
    check_h5py(a.path, text)
    check_xarray(a.path)
    sys.exit(_checks.finish())


if __name__ == "__main__":
    main()
