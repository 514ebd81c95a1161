#!/usr/bin/env bash
# reoffsim tests — the benchmark binary: writes the JSON report bench/README
# documents (machine, RNG floor, runs, efficiency), checks event counts across
# thread counts, runs horizons shorter than the MoJ windows by shrinking them
# (and says so), and rejects bad options with exit 2.
# Usage: bench_test.sh REOFFSIM_BENCH SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$src/tests/test_lib.sh"
cd "$src"

json_check() { # json_check FILE PYTHON-EXPRESSION DESCRIPTION (the JSON is `d`)
  if /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; then
    ok; else bad "$3"; head -c 1500 "$1"; fi
}

expect_exit 0 "1-year bench on 1 and 2 threads" -- \
  "$bin" --agents 500 --replicates 2 --years 1 --threads-list 1,2 --out "$work/y1.json"
contains "$work/err" "windows scaled by" "a shortened horizon is announced"
contains "$work/err" "events identical across thread counts (Valid)" "event counts verified across threads"
json_check "$work/y1.json" "0 < d['workload']['moj_window_scale'] < 1" "1 year: windows scaled (factor in (0, 1))"
json_check "$work/y1.json" "[r['threads'] for r in d['runs']] == [1, 2] and all(r['events'] > 0 for r in d['runs'])" \
  "one run per thread count, each with events"
json_check "$work/y1.json" "d['runs'][0]['events'] == d['runs'][1]['events']" "same events on 1 and 2 threads"
json_check "$work/y1.json" "d['rng_floor']['ns_per_philox_block'] > 0 and d['bytes_per_agent'] <= 128" \
  "RNG floor measured; bytes per agent within the issue-8 budget"

# Windows whose scaled sum could round above the horizon (300 + 365 + 90 days
# into 365 does, scaled by exactly 365/755): the bench must leave room.
cat > "$work/windows.yaml" <<YAML
base: $src/configs/triborough.yaml
run:
  cohort_period_days: 300
  waiting_days: 90
YAML
expect_exit 0 "1-year bench, windows that round badly" -- \
  "$bin" --config "$work/windows.yaml" --agents 300 --replicates 1 --years 1 --threads-list 1 --out "$work/w.json"
json_check "$work/w.json" "0 < d['workload']['moj_window_scale'] < 1" "rounding-prone windows scaled"

expect_exit 0 "5-year bench" -- \
  "$bin" --agents 500 --replicates 1 --years 5 --threads-list 1 --out "$work/y5.json"
json_check "$work/y5.json" "d['workload']['moj_window_scale'] == 1" "5 years: windows untouched"

expect_exit 2 "bad --years" -- "$bin" --years 0
expect_exit 2 "unknown option" -- "$bin" --frobnicate
finish
