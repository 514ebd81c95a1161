#!/usr/bin/env bash
# reoffsim tests — signals are honoured inside a long work unit (issue 21
# item 14, issue 22): one unit of 2,000,000 agents over 20 years takes about
# a minute, and a signal used to wait for its end. SIGTERM now stops it within
# a few seconds with a checkpoint (exit 75, the unfinished unit not in it) and
# SIGINT with exit 130 and no file.
# Usage: signal_within_unit.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
. "$src/tests/test_lib.sh"
BIG=(--agents 2000000 --years 20 --replicates 1 --threads 1 --quiet)
LIMIT_S=${SIGNAL_LIMIT_S:-8} # from the signal to the exit; the unit itself takes ~60 s

# stop_after SIG WANT_CODE LABEL: start the unit, wait until its events run
# (the cohort is generated first), signal it, time the exit.
stop_after() {
  local sig=$1 want=$2 label=$3
  "$bin" run "$src/configs/baseline.yaml" --out "$label.h5" "${BIG[@]}" >/dev/null 2>err & local pid=$!
  sleep 4
  kill -0 "$pid" 2>/dev/null || { bad "$label: the unit ended before the signal (too small to test)"; wait "$pid"; return; }
  local t0; t0=$(date +%s%N)
  kill -"$sig" "$pid"; wait "$pid"; local code=$?
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "  $label: exit $code ${ms} ms after SIG$sig"
  [ "$code" -eq "$want" ] && ok || { bad "$label: exit $code, want $want"; sed 's/^/    /' err | head -3; }
  [ "$ms" -le $((LIMIT_S * 1000)) ] && ok || bad "$label: took ${ms} ms to stop (limit ${LIMIT_S} s)"
}

stop_after TERM 75 term
[ -e term.h5 ] && bad "SIGTERM left term.h5 (the unit did not finish)" || ok
[ -s term.h5.ckpt ] && ok || bad "SIGTERM wrote no checkpoint"
grep -q "0 of 1 work units" err && ok || { bad "the checkpoint should hold 0 of 1 units"; sed 's/^/    /' err | head -3; }
stop_after INT 130 int
[ -e int.h5 ] || [ -e int.h5.ckpt ] && bad "SIGINT left a file" || ok
finish
