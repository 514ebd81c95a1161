#!/usr/bin/python3
"""reoffsim attacks — malformed and hostile results files for scripts/report and scripts/export.

Usage: craft_results.py GOOD.h5 DIR   (writes DIR/<case>.h5 for every case below)

Each case copies a real results file (GOOD.h5, written by `reoffsim run`) and changes one
thing with h5py. tests/report_export_attacks.sh runs both tools on each file."""
import os
import shutil
import sys

import h5py
import numpy as np

FORMULA = '=HYPERLINK("http://example.invalid/x","click")'
SCENARIO_GROUPS = ("results", "summary", "comparison", "economics", "decision")


def others(f):
    """Indices of the scenarios other than the reference (renaming that one is another error)."""
    reference = f["comparison"].attrs["reference"]
    return [i for i, s in enumerate(f["results/scenario"][...]) if s != reference]


def set_scenario(f, index, name):
    """Rename scenario INDEX to NAME in every group's scenario list."""
    for group in SCENARIO_GROUPS:
        path = f"{group}/scenario"
        if path in f:
            values = f[path][...]
            values[index] = name.encode()
            f[path][...] = values


def replace(f, path, data):
    """Replace dataset PATH by DATA, keeping its dimension scales attached."""
    old = f[path]
    scales = [dim[0] if len(dim) else None for dim in old.dims]
    del f[path]
    new = f.create_dataset(path, data=data)
    for i, scale in enumerate(scales):
        if scale is not None and i < new.ndim and new.shape[i] == scale.shape[0]:
            new.dims[i].attach_scale(scale)


def strings_summary(f):
    """(a) a summary dataset of strings instead of numbers."""
    old = f["summary/proven_reoffending_rate_mean"]
    replace(f, old.name, np.full(old.shape, "abc", dtype=h5py.string_dtype()))


def slash_scenario(f):
    """(b) a scenario label with '/' (and '..'): not a file name."""
    set_scenario(f, others(f)[0], "../a/b")


def formula_scenario(f):
    """(e) scenario labels that a spreadsheet would run as formulas."""
    first, second, third = others(f)[:3]
    set_scenario(f, first, FORMULA)
    set_scenario(f, second, "+plus")
    set_scenario(f, third, "-minus")


def dangling_scale(f):
    """(c) a dimension scale that no longer exists (its dataset deleted)."""
    del f["economics/replicate"]


def huge_scale(f):
    """(d) a chunked dimension scale of 10^9 entries (tiny on disk: nothing written)."""
    huge = f.create_dataset("summary/huge", shape=(10**9,), dtype="f8", chunks=(1 << 20,))
    huge.make_scale("huge")
    ds = f["summary/offences_per_year_mean"]
    ds.dims[0].detach_scale(ds.dims[0][0])
    ds.dims[0].attach_scale(huge)


def huge_axis(f):
    """(d) a chunked array of 10^9 values with a matching 10^9-long scale: consistent, but
    more than the memory limit the test sets (ulimit -v), so out of memory."""
    huge = f.create_dataset("summary/huge", shape=(10**9,), dtype="f8", chunks=(1 << 20,))
    huge.make_scale("huge")
    values = f.create_dataset("summary/huge_values_mean", shape=(10**9,), dtype="f8",
                              chunks=(1 << 20,))
    values.dims[0].attach_scale(huge)


def wrong_shape(f):
    """(f) a summary array with one scenario too few (its first axis no longer matches)."""
    old = f["summary/proven_reoffending_rate_mean"]
    replace(f, old.name, old[...][:-1])
    old = f["economics/npv_mean"]
    replace(f, old.name, old[...][:-1])


def short_scale(f):
    """(f) a dimension scale shorter than the axis it labels."""
    name = "comparison/offences_per_year_difference_mean"
    ds = f[name]
    short = f.create_dataset("comparison/short", data=np.arange(2, dtype="i4"))
    short.make_scale("short")
    ds.dims[0].detach_scale(ds.dims[0][0])
    ds.dims[0].attach_scale(short)


def dangling_link(f):
    """(f) a dataset that is a soft link to nothing."""
    del f["economics/npv_mean"]
    f["economics/npv_mean"] = h5py.SoftLink("/nowhere/npv_mean")


def wrong_dtype_scale(f):
    """(f) a scenario list of numbers instead of names."""
    for group in ("results", "comparison"):
        path = f"{group}/scenario"
        replace(f, path, np.arange(f[path].shape[0], dtype="f8"))


CASES = (strings_summary, slash_scenario, formula_scenario, dangling_scale, huge_scale, huge_axis,
         wrong_shape, short_scale, dangling_link, wrong_dtype_scale)


def main(good, outdir):
    for case in CASES:
        path = os.path.join(outdir, case.__name__ + ".h5")
        shutil.copy(good, path)
        with h5py.File(path, "r+") as f:
            case(f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
