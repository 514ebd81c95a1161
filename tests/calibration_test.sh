#!/usr/bin/env bash
# reoffsim tests — calibration: the committed baseline meets every checked
# target of configs/calibration.yaml; a perturbed fitted value makes the
# check fail; `calibrate` writes a valid config with "calibrated:" comments
# and an HDF5 /calibration table; a bad spec is a file:line error (exit 2).
# Usage: calibration_test.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$src/tests/test_lib.sh"

# 1. The calibrated baseline meets its targets (the CTest check; < 1 min).
if "$bin" check-targets "$src/configs/calibration.yaml" --h5 "$work/check.h5" > "$work/check.txt" 2>&1; then ok
else bad "baseline misses a target"; cat "$work/check.txt"; fi
grep -q "adult_one_year_rate" "$work/check.txt" && ok || bad "check table lacks targets"
/usr/bin/python3 - "$work/check.h5" <<'PY' && ok || bad "check report HDF5"
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    c = f["calibration"]
    names = [t.decode() for t in c["target"][()]]
    assert "adult_one_year_rate" in names, names
    assert c["published"].shape == c["simulated_mean"].shape == (len(names),)
    assert (c["simulated_ci_low"][()] <= c["simulated_ci_high"][()]).all()
PY

# 2. The check can fail: perturb one fitted value by half again.
scale=$(grep -E '^  hazard_scale:' "$src/configs/baseline.yaml" | awk '{print $2}')
printf 'base: %s\noffending:\n  hazard_scale: %s\n' "$src/configs/baseline.yaml" \
  "$(awk -v s="$scale" 'BEGIN{print s*1.5}')" > "$work/perturbed.yaml"
"$bin" check-targets "$src/configs/calibration.yaml" --config "$work/perturbed.yaml" > "$work/pert.txt" 2>&1
[ $? -eq 1 ] && ok || bad "a perturbed hazard_scale still passes the calibration check"
grep -q "outside their tolerance" "$work/pert.txt" && ok || bad "no failure message"

# 3. A small calibration run writes a valid calibrated config and its report.
cp "$src/configs/baseline.yaml" "$work/baseline.yaml"
sed -e 's/^agents: .*/agents: 600/' -e 's/^max_evaluations: .*/max_evaluations: 4/' -e 's/^restarts: .*/restarts: 1/' \
    -e 's/^replicates: .*/replicates: 2/' -e 's/^check_replicates: .*/check_replicates: 2/' \
    "$src/configs/calibration.yaml" > "$work/spec.yaml"
if "$bin" calibrate "$work/spec.yaml" --out "$work/fitted.yaml" --quiet > "$work/cal.txt" 2>&1; then ok
else bad "calibrate failed"; cat "$work/cal.txt"; fi
"$bin" validate "$work/fitted.yaml" > /dev/null 2>&1 && ok || bad "calibrated config does not validate"
[ "$(grep -c 'calibrated: adult_one_year_rate' "$work/fitted.yaml")" -ge 9 ] && ok || bad "fitted values lack calibrated comments"
[ -s "$work/fitted.h5" ] && ok || bad "no calibration HDF5"
"$bin" calibrate "$work/spec.yaml" --out "$work/fitted.yaml" --quiet > /dev/null 2>&1
[ $? -eq 2 ] && ok || bad "calibrate overwrote its output without --force"
# Outputs are checked before the fit, not after it: an existing side file
# (FILE.h5) or a missing directory fails at once, with nothing fitted or written.
touch "$work/other.h5"
"$bin" calibrate "$work/spec.yaml" --out "$work/other.yaml" --quiet > "$work/pre.out" 2> "$work/pre.err"
[ $? -eq 2 ] && ok || bad "calibrate ran with an existing --h5 and no --force"
[ ! -s "$work/pre.out" ] && [ ! -e "$work/other.yaml" ] && ok || bad "calibrate fitted or wrote before refusing its --h5"
grep -q "other.h5: already exists" "$work/pre.err" && ok || bad "existing --h5 message: $(cat "$work/pre.err")"
"$bin" calibrate "$work/spec.yaml" --out "$work/missing/fitted.yaml" --quiet > "$work/pre.out" 2> "$work/pre.err"
[ $? -eq 1 ] && [ ! -s "$work/pre.out" ] && ok || bad "calibrate into a missing directory: not refused before the fit"
grep -q "cannot create a file there" "$work/pre.err" && ok || bad "missing directory message: $(cat "$work/pre.err")"
"$bin" check-targets "$work/spec.yaml" --h5 "$work/other.h5" > "$work/pre.out" 2> "$work/pre.err"
[ $? -eq 2 ] && [ ! -s "$work/pre.out" ] && ok || bad "check-targets ran with an existing --h5 and no --force"

# 4. A bad spec is a config error naming file:line.
printf 'config: baseline.yaml\nfree:\n  offending.hazard_scal: [1, 2]\ntargets: []\n' > "$work/bad.yaml"
"$bin" check-targets "$work/bad.yaml" > /dev/null 2> "$work/bad.err"
[ $? -eq 2 ] && ok || bad "bad spec exit code"
grep -q "bad.yaml:3: offending.hazard_scal" "$work/bad.err" && ok || bad "bad spec message: $(cat "$work/bad.err")"

finish
