#!/usr/bin/env bash
# reoffsim bench — a benchmark-regression gate that does not flake on a
# noisy machine: counts the instructions executed inside rs_engine_run
# (valgrind callgrind, --toggle-collect) on a small fixed workload of the
# default comparison, divides by the events processed, and fails if that is
# more than 5% above the stored baseline (bench/instructions_baseline.txt).
# Usage: instructions_gate.sh REOFFSIM SOURCE_DIR [--update]
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
baseline_file="$src/bench/instructions_baseline.txt"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
command -v valgrind >/dev/null || { echo "FAIL: valgrind not installed (apt-get install valgrind)"; echo "0 passed, 1 failed"; exit 1; }

valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" --toggle-collect=rs_engine_run \
  "$bin" run "$src/configs/triborough.yaml" --agents 2000 --replicates 2 --years 3 --threads 1 \
  --point-estimates --out "$work/gate.h5" > /dev/null 2> "$work/err"
instructions=$(grep -Eo 'Collected : [0-9]+' "$work/err" | grep -Eo '[0-9]+$')
events=$(grep -Eo '\(([0-9]+) events' "$work/err" | grep -Eo '[0-9]+')
if [ -z "$instructions" ] || [ -z "$events" ]; then
  cat "$work/err"; echo "FAIL: could not read instruction or event counts"; echo "0 passed, 1 failed"; exit 1
fi
per_event=$(awk -v i="$instructions" -v e="$events" 'BEGIN{printf "%.1f", i/e}')
echo "engine instructions: $instructions for $events events = $per_event per event"
# Wall clock, reported and never gated (it depends on the machine and its load):
# the default comparison at 10,000 agents, 5 years, 8 replicates, one thread.
if "$bin" run "$src/configs/triborough.yaml" --agents 10000 --replicates 8 --years 5 --threads 1 \
     --point-estimates --out "$work/wall.h5" > /dev/null 2> "$work/wall.err"; then
  echo "wall clock (report only, not gated): $(grep -Eo '[0-9]+ events in [0-9.]+ s, [0-9.]+ M events/s' "$work/wall.err") on 1 thread, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
fi
if [ "${3:-}" = "--update" ]; then
  printf '%s  # instructions per event inside rs_engine_run (bench/instructions_gate.sh), %s\n' "$per_event" "$(date -u +%F)" > "$baseline_file"
  echo "baseline updated"; echo "1 passed, 0 failed"; exit 0
fi
base=$(awk '{print $1; exit}' "$baseline_file")
verdict=$(awk -v p="$per_event" -v b="$base" 'BEGIN{r=p/b; printf "%.3f %s", r, (r <= 1.05 ? "ok" : "regressed")}')
echo "baseline $base per event; ratio ${verdict% *} (gate: <= 1.050)"
case "$verdict" in
  *ok) echo "1 passed, 0 failed" ;;
  *) echo "FAIL: more than 5% more instructions per event than the baseline (update it with --update if intended)"
     echo "0 passed, 1 failed"; exit 1 ;;
esac
