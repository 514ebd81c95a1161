#!/usr/bin/env bash
# reoffsim tests — the report's parameter-sweep section (issue 20 §2; scripts/report_lib/sweep.py),
# no Chromium: a 2-D sweep (configs/examples/sweep_keyworker.yaml) and a 1-D sweep each give the
# sweep figure and sweep.csv with the numbers of /sweep, the point marked best is /sweep's
# best_scenario (and the highest mean NPV), a file without /sweep has no sweep section, and a
# damaged /sweep gives a note in the section, not a failed report.
# Usage: report_sweep_test.sh REOFFSIM SOURCE_DIR   (needs python3-h5py, -numpy, -matplotlib)
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
cat >one.yaml <<YAML
base: $src/configs/triborough.yaml
sweep:
  from: triborough
  name: ratio
  over:
    - keys: services.triborough.support_hazard_ratio
      values: [0.6, 0.9, 1.2]
YAML
run() { "$bin" run "$1" --out "$2" --replicates 4 --agents 1000 --years 3 --quiet >/dev/null 2>err \
          || { echo "FAIL: reoffsim run $1: $(tail -2 err)"; exit 1; }; }
run "$src/configs/examples/sweep_keyworker.yaml" grid.h5
run one.yaml one.h5
run "$src/configs/triborough.yaml" plain.h5
for f in grid one plain; do
  "$src/scripts/report" $f.h5 --out rep-$f >/dev/null 2>err || { echo "FAIL: report $f.h5: $(tail -2 err)"; exit 1; }
done
# A damaged /sweep (a dataset missing, best_point out of range) is a note, never a failed report.
/usr/bin/python3 -c '
import shutil, h5py
shutil.copy("grid.h5", "bad.h5")
with h5py.File("bad.h5", "r+") as f:
    del f["sweep/npv_p975"]; f["sweep"].attrs["best_point"] = 99
'
"$src/scripts/report" bad.h5 --out rep-bad >/dev/null 2>err || { echo "FAIL: report on a damaged /sweep: $(tail -2 err)"; exit 1; }
grep -q "The sweep group /sweep is malformed" rep-bad/index.html || { echo "FAIL: damaged /sweep not reported as malformed"; exit 1; }
/usr/bin/python3 "$src/tests/report_sweep_check.py" "$work"
