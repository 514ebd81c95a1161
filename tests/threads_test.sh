#!/usr/bin/env bash
# reoffsim tests — the HDF5 results of a run are identical (h5diff) for 1, 2
# and 4 threads; only /provenance/run (time, host, threads) may differ.
# Usage: threads_test.sh REOFFSIM SOURCE_DIR H5DIFF
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd); h5diff=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
pass=0; fail=0
args=(--agents 2000 --replicates 6 --years 3 --quiet)
for t in 1 2 4; do
  if "$bin" run "$src/configs/baseline.yaml" --out "$work/t$t.h5" --threads $t "${args[@]}" >/dev/null; then
    pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: run with $t threads"; fi
done
for t in 2 4; do
  if "$h5diff" --exclude-path /provenance/run "$work/t1.h5" "$work/t$t.h5"; then
    pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: 1 vs $t threads differ"; fi
done
# The check can fail: a different seed must differ.
"$bin" run "$src/configs/baseline.yaml" --out "$work/seed.h5" --seed 7 "${args[@]}" >/dev/null
if "$h5diff" -q --exclude-path /provenance "$work/t1.h5" "$work/seed.h5" >/dev/null 2>&1; then
  fail=$((fail+1)); echo "FAIL: a different seed gave identical results"; else pass=$((pass+1)); fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
