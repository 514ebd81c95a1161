#!/usr/bin/env bash
# reoffsim robustness — `reoffsim merge` stopped by a signal (issue 21, item 12). While it reads its
# shards (slowed by the fault shim's FAULT_READ_DELAY_US): SIGINT exits 130, SIGTERM 143, each
# saying "interrupted", with no OUT and no OUT.tmp-XXXXXX temporary left. While it writes (slowed writes):
# either exit 0 with a complete file, or 143 with nothing; never a temporary file left.
# Usage: merge_signals.sh REOFFSIM SOURCE_DIR FAULT_SHIM_SO
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd); shim=$(realpath "$3")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
. "$src/tests/test_lib.sh"
# The shim comes before the sanitizer runtime in the link order; that is fine here.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0"
cfg=$src/configs/triborough.yaml
run=(--agents 200 --years 3 --replicates 4 --quiet --threads 1)
for r in 0:2 2:4; do "$bin" run "$cfg" "${run[@]}" --replicate-range $r --out "shard-${r/:/-}.h5" >/dev/null 2>&1; done
[ -e shard-0-2.h5 ] && [ -e shard-2-4.h5 ] && ok || { bad "shards not written"; finish; exit; }

# wait_gone PID: wait up to 30 s for it to exit; its exit code in $code (999: still running, killed)
wait_gone() {
  local _
  for _ in $(seq 300); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$1" 2>/dev/null; then kill -9 "$1"; wait "$1" 2>/dev/null; code=999; else wait "$1"; code=$?; fi
}
nothing_left() { # nothing_left DESCRIPTION
  if [ -e m.h5 ] || compgen -G 'm.h5.tmp-*' >/dev/null; then bad "$1: left $(ls m.h5* | tr '\n' ' ')"; else ok; fi
  rm -f m.h5 m.h5.tmp-*
}

# while reading the shards: each read of a shard file takes 20 ms
for sig in INT TERM; do
  want=$([ $sig = INT ] && echo 130 || echo 143)
  env LD_PRELOAD="$shim" FAULT_MATCH=shard- FAULT_READ_DELAY_US=20000 \
    "$bin" merge shard-0-2.h5 shard-2-4.h5 --out m.h5 --quiet >out 2>err </dev/null &
  pid=$!
  sleep 0.3
  kill -$sig $pid
  wait_gone $pid
  [ "$code" -eq "$want" ] && ok || bad "SIG$sig while reading: exit $code, want $want ($(head -c 300 err))"
  grep -q "interrupted by SIG$sig" err && ok || bad "SIG$sig while reading: no 'interrupted by SIG$sig' message ($(head -c 300 err))"
  nothing_left "SIG$sig while reading"
done

# while writing the output (its write is held 1 s): finish it (exit 0, a complete file) or stop with nothing; never a temp
env LD_PRELOAD="$shim" FAULT_MATCH=.tmp- FAULT_DELAY_US=1000000 \
  "$bin" merge shard-0-2.h5 shard-2-4.h5 --out m.h5 --quiet >out 2>err </dev/null &
pid=$!
for _ in $(seq 300); do compgen -G "m.h5.tmp-*" >/dev/null && break; sleep 0.02; done
kill -TERM $pid
wait_gone $pid
if [ "$code" -eq 0 ]; then
  h5dump -H m.h5 >/dev/null 2>&1 && ok || bad "SIGTERM while writing: exit 0 but m.h5 is not readable"
  compgen -G 'm.h5.tmp-*' >/dev/null && bad "SIGTERM while writing: temporary file left" || ok
  rm -f m.h5
else
  [ "$code" -eq 143 ] && ok || bad "SIGTERM while writing: exit $code, want 0 or 143 ($(head -c 300 err))"
  nothing_left "SIGTERM while writing"
fi
finish
