#!/usr/bin/env bash
# reoffsim tests — the uncertainty interval and the Monte Carlo standard error
# respond to more replicates as their names say: the default comparison (small:
# 2,000 agents, 3 years) with N = 100 and 2N = 200 replicates; MCSE^2 halves,
# the uncertainty interval keeps its width (tests/intervals_check.py gives the
# tolerances and why). About 10 s on 2 cores.
# Usage: intervals_test.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
small=(--agents 2000 --years 3 --quiet)
for n in 100 200; do
  "$bin" run "$src/configs/triborough.yaml" --replicates "$n" --out "$work/r$n.h5" "${small[@]}" > /dev/null \
    || { echo "FAIL: run with $n replicates"; echo "0 passed, 1 failed"; exit 1; }
done
/usr/bin/python3 "$src/tests/intervals_check.py" "$work/r100.h5" "$work/r200.h5"
