#!/usr/bin/env bash
# reoffsim tests — a results file reads with Debian's h5py (and xarray's
# h5netcdf engine when installed) without custom code.
# Usage: h5py_test.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# less_offending: the baseline's own hazard scale halved (whatever calibration set it to).
scale=$(grep -E '^  hazard_scale:' "$src/configs/baseline.yaml" | awk '{print $2}')
printf 'base: %s\nscenarios:\n  - name: baseline\n  - name: less_offending\n    set:\n      offending.hazard_scale: %s\n' \
  "$src/configs/baseline.yaml" "$(awk -v s="$scale" 'BEGIN{print s*0.5}')" > "$work/two.yaml"
"$bin" run "$work/two.yaml" --out "$work/r.h5" --agents 500 --replicates 4 --years 3 --quiet > "$work/summary.txt" || { echo "FAIL: run"; echo "0 passed, 1 failed"; exit 1; }
/usr/bin/python3 "$src/tests/read_results.py" "$work/r.h5" "$work/summary.txt"
