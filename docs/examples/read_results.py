"""reoffsim — read a results file into pandas with Debian's python3-h5py,
python3-numpy and python3-pandas (and, optionally, python3-xarray with
python3-h5netcdf). Usage: python3 read_results.py RESULTS.h5 [CHECK.csv]
(CHECK.csv: scenario,replicate,subgroup,value of proven_reoffending_rate; the
test suite writes it, and this script exits 1 if any value differs)."""
import sys

import h5py
import pandas as pd


def text(v):
    return v.decode() if isinstance(v, bytes) else v


def labelled_frame(f, path):
    """Dataset PATH as a long DataFrame: one column per dimension (named by the
    attribute `dimensions`, labelled from the dimension scales) and `value`."""
    ds = f[path]
    dims = text(ds.attrs["dimensions"]).split(",")
    group = path.rsplit("/", 1)[0]
    labels = [[text(v) for v in f[f"{group}/{d}"][()]] for d in dims]
    index = pd.MultiIndex.from_product(labels, names=dims)
    return pd.DataFrame({"value": ds[()].ravel()}, index=index).reset_index()


def main(path, check_csv=None):
    with h5py.File(path, "r") as f:
        rate = labelled_frame(f, "results/proven_reoffending_rate")
    print("proven reoffending rate, all offenders, mean over replicates:")
    print(rate[rate.subgroup == "all"].groupby("scenario", sort=False)["value"].mean().round(4))

    # The same with xarray: each group is a Dataset with labelled coordinates.
    # decode_timedelta=False keeps measures in days (e.g. prison_days) as numbers.
    import xarray as xr
    with xr.open_dataset(path, group="results", engine="h5netcdf", decode_timedelta=False) as ds:
        da = ds["proven_reoffending_rate"]
        by_xarray = da.to_dataframe().reset_index()
        print(da.sel(subgroup="female").mean("replicate").round(4).to_series())
    if not (by_xarray["proven_reoffending_rate"].equals(rate["value"])
            and by_xarray["scenario"].equals(rate["scenario"])):
        sys.exit("pandas from h5py and from xarray disagree")

    if check_csv:
        check = pd.read_csv(check_csv, float_precision="round_trip")  # exact doubles from text
        merged = check.merge(rate, on=["scenario", "replicate", "subgroup"], how="left", suffixes=("", "_read"))
        same = (merged["value"] == merged["value_read"]) | (merged["value"].isna() & merged["value_read"].isna())
        if len(check) == 0 or not same.all():
            sys.exit("values differ from h5py's reading of the file")
        print(len(check), "values agree with h5py")


if __name__ == "__main__":
    main(*sys.argv[1:3])
