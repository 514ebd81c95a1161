#!/usr/bin/env bash
# reoffsim — parameter sweeps (config `sweep:`, issue 20 §2): generated scenarios are ordinary
# scenarios (a point at the `from` scenario's own value gives its results bit for bit), /sweep
# agrees with /economics, a stronger effect averts more offences, a grid has both dimensions,
# and xarray opens /sweep. Usage: sweep_test.sh REOFFSIM SOURCE_DIR
set -euo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/same.yaml" <<YAML
base: $src/configs/triborough.yaml
sweep:
  from: triborough
  name: caseload
  over:
    - keys: services.triborough.keyworker_caseload
      values: [15, 30]          # 15 is triborough's own value
YAML
cat >"$work/grid.yaml" <<YAML
base: $src/configs/triborough.yaml
sweep:
  from: triborough
  name: grid
  over:
    - keys: services.triborough.support_hazard_ratio
      range: {from: 0.7, to: 1.0, step: 0.3}
    - keys: [services.triborough.intensive_hazard_ratio, services.triborough.treatment_hazard_ratio]
      values: [0.9, 1.0, 1.1]
YAML
args=(--replicates 6 --agents 1500 --quiet --force)
"$bin" run "$work/same.yaml" --out "$work/same.h5" "${args[@]}" >"$work/same.txt"
"$bin" run "$work/grid.yaml" --out "$work/grid.h5" "${args[@]}" >"$work/grid.txt"
grep -q "^Sweep of services.triborough.keyworker_caseload from triborough vs dip" "$work/same.txt"
grep -q "<- highest expected NPV" "$work/grid.txt"
/usr/bin/python3 - "$work" <<'PY'
import sys, h5py, numpy as np, xarray as xr
work = sys.argv[1]
def names(f): return [n.decode() for n in f["results/scenario"][()]]
with h5py.File(f"{work}/same.h5") as f:
    sc = names(f)
    assert sc[-2:] == ["caseload_15", "caseload_30"], sc
    tri, same = sc.index("triborough"), sc.index("caseload_15")
    for ds in ("results/offences", "results/proven_reoffenders", "economics/npv"):
        if ds in f:
            a = f[ds][()]
            assert np.array_equal(a[tri], a[same]), f"{ds}: the point at triborough's own value differs"
    assert list(f["sweep/value0"][()]) == [15.0, 30.0]
    assert f["sweep/value0"].attrs["keys"] in ("services.triborough.keyworker_caseload", b"services.triborough.keyworker_caseload")
    idx = f["sweep/scenario_index"][()].astype(int)
    assert [sc[i] for i in idx] == ["caseload_15", "caseload_30"]
    npv = f["economics/npv"][()]
    assert np.allclose(f["sweep/npv_mean"][()], npv[idx].mean(axis=1), rtol=0, atol=1e-6)
    assert f["sweep/npv_p025"].attrs["interval"] in ("uncertainty_interval", b"uncertainty_interval")
    # a caseload is something to commission: its points are options of the decision
    assert len(f["decision/scenario"]) == len(sc), (len(f["decision/scenario"]), len(sc))
with h5py.File(f"{work}/grid.h5") as f:
    sc = names(f)
    assert f["sweep/npv_mean"].shape == (2, 3), f["sweep/npv_mean"].shape
    assert list(np.round(f["sweep/value0"][()], 9)) == [0.7, 1.0]
    idx = f["sweep/scenario_index"][()].astype(int)
    assert sc[idx[0, 1]] == "grid_0p7_1" and sc[idx[1, 2]] == "grid_1_1p1", (sc[idx[0, 1]], sc[idx[1, 2]])
    averted = f["sweep/offences_averted_mean"][()]
    # A stronger key-worker effect (0.7 vs 1.0) averts more offences at every treatment ratio (common random numbers).
    assert np.all(averted[0] > averted[1]), averted
    # an effect size is a what-if, not an option: the decision ranks the listed scenarios only
    options = [n.decode() for n in f["decision/scenario"][()]]
    assert options == sc[:5] and not any(n.startswith("grid_") for n in options), options
    best = int(f["sweep"].attrs["best_point"])
    assert best == int(np.argmax(f["sweep/npv_mean"][()].ravel()))
ds = xr.open_dataset(f"{work}/grid.h5", group="sweep", engine="h5netcdf")
assert ds["npv_mean"].dims == ("value0", "value1"), ds["npv_mean"].dims
print("sweep: ok")
PY
