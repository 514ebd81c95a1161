#!/usr/bin/env bash
# reoffsim robustness — fault injection for `run`: unwritable or odd output paths, an existing
# output, disk full / failing fsync / failing rename (LD_PRELOAD shim), out of memory, SIGINT and
# SIGTERM. Each case: non-zero exit with a clear message, nothing at the final path, no temp left.
# Usage: faults.sh REOFFSIM SOURCE_DIR FAULT_SHIM_SO
set -u
bin=$(realpath "$1")
src=$(realpath "$2")
shim=$(realpath "$3")
config="$src/configs/baseline.yaml"
work=$(mktemp -d)
trap 'chattr -i "$work/immutable" 2>/dev/null; rm -rf "$work"' EXIT
small=(--replicates 2 --agents 200 --years 3 --quiet)
big=(--replicates 5000 --agents 20000 --years 5 --threads 2 --quiet) # minutes: only ever interrupted
pass=0
fail=0
skip=0
if grep -q __asan_init "$bin" 2>/dev/null; then asan=1; else asan=0; fi
# The shim comes before the sanitizer runtime in the link order; that is fine for these tests.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0"

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() {
  fail=$((fail + 1))
  echo "FAIL $1"
  printf '%s' "$2"
  echo "     stderr: $(head -c 400 "$work/err" | tr '\n' '|')"
}
skipped() { skip=$((skip + 1)); echo "skip $1: $2"; }

# go [VAR=value...] -- args...: runs reoffsim run (with optional environment) and sets $code.
go() {
  local -a envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  env "${envs[@]}" timeout -k 5 120 "$bin" run "$@" >"$work/out" 2>"$work/err" </dev/null
  code=$?
}

# verdict NAME WANT_EXIT REGEX FINAL_PATH [extra problems]: the common checks (REGEX: grep -iE on stderr).
verdict() {
  local name=$1 want=$2 frag=$3 final=$4 problems="" dir
  [ -n "${5:-}" ] && problems="$5"$'\n'
  dir=$(dirname "$final")
  if [ "$code" -ge 124 ] && [ "$code" -ne 130 ]; then problems+="     crashed or hung: exit $code"$'\n'; fi
  grep -qE 'ERROR: [A-Za-z]*Sanitizer|runtime error:' "$work/err" &&
    problems+="     sanitizer report"$'\n'
  grep -q 'infinite loop closing library' "$work/err" &&
    problems+="     HDF5 could not shut down (a file handle was left open)"$'\n'
  [ "$code" -eq "$want" ] || problems+="     exit $code, want $want"$'\n'
  grep -qiE -- "$frag" "$work/err" || problems+="     stderr lacks /$frag/"$'\n'
  [ "$want" -ne 0 ] && [ -e "$final" ] && [ ! -d "$final" ] && [ -z "${keep:-}" ] &&
    problems+="     a file is at the final path $final"$'\n'
  if [ -d "$dir" ] && compgen -G "$dir/$(basename "$final").tmp-*" >/dev/null; then
    problems+="     temporary file left: $(cd "$dir" && printf '%s ' ./*.tmp-*)"$'\n'
  fi
  if [ -z "$problems" ]; then ok "$name"; else bad "$name" "$problems"; fi
}

# before_simulating: the refusal came before any simulation (no results table on stdout).
before_simulating() { [ -s "$work/out" ] && echo "     simulated before refusing (results table printed)"; }

# ---- output paths that cannot be written (all fail for root too)
: >"$work/afile"
go -- "$config" --out "$work/afile/r.h5" "${small[@]}"
verdict "output under a regular file (ENOTDIR even for root)" 1 "$work/afile" "$work/afile/r.h5" \
  "$(before_simulating)"

go -- "$config" --out "/proc/reoffsim-robustness-$$.h5" "${small[@]}"
verdict "output in /proc (no file can be created there, even by root)" 1 "/proc/reoffsim-robustness-$$.h5" \
  "/proc/reoffsim-robustness-$$.h5" "$(before_simulating)"

go -- "$config" --out "$work/no/such/dir/r.h5" "${small[@]}"
verdict "output directory does not exist" 1 "does not exist|no such file" "$work/no/such/dir/r.h5" \
  "$(before_simulating)"

mkdir "$work/immutable"
if chattr +i "$work/immutable" 2>/dev/null; then
  go -- "$config" --out "$work/immutable/r.h5" "${small[@]}"
  verdict "output directory immutable (chattr +i binds root too)" 1 "not writable|permission|not permitted|read-only" \
    "$work/immutable/r.h5" "$(before_simulating)"
  chattr -i "$work/immutable"
else
  skipped "output directory immutable" "chattr +i not supported on $(df --output=fstype "$work" | tail -n 1)"
fi

# ---- the output path is a directory, or exists
mkdir "$work/adir"
go -- "$config" --out "$work/adir" "${small[@]}"
verdict "output path is a directory" 2 "is a directory" "$work/adir" \
  "$([ -d "$work/adir" ] || echo "     the directory was replaced")"

go -- "$config" --out "$work/existing.h5" "${small[@]}"
sum=$(sha256sum <"$work/existing.h5")
go -- "$config" --out "$work/existing.h5" "${small[@]}" --seed 7
keep=1 verdict "existing output without --force" 2 "already exists" "$work/existing.h5" \
  "$([ "$(sha256sum <"$work/existing.h5")" = "$sum" ] || echo "     existing file changed"; before_simulating)"

# ---- disk full, failing fsync, failing rename (LD_PRELOAD shim on the temp file)
go LD_PRELOAD="$shim" FAULT_ENOSPC_AFTER=0 -- "$config" --out "$work/full0.h5" "${small[@]}"
verdict "disk full before the first byte" 1 "no space left on device|disk full" "$work/full0.h5"

go LD_PRELOAD="$shim" FAULT_ENOSPC_AFTER=65536 -- "$config" --out "$work/full64k.h5" "${small[@]}"
verdict "disk full after 64 KiB" 1 "no space left on device|disk full" "$work/full64k.h5"

go LD_PRELOAD="$shim" FAULT_ENOSPC_AFTER=65536 -- "$config" --out "$work/existing.h5" --force "${small[@]}" --seed 9
keep=1 verdict "disk full while replacing an existing file (--force)" 1 "no space left on device|disk full" "$work/existing.h5" \
  "$([ "$(sha256sum <"$work/existing.h5")" = "$sum" ] || echo "     existing file changed")"

# the same with the results file streamed to disk (as a large run's is; small ones are built in memory)
for after in 0 65536 400000; do
  go LD_PRELOAD="$shim" FAULT_ENOSPC_AFTER=$after REOFFSIM_STREAM_MIN_BYTES=0 -- "$config" --out "$work/sfull$after.h5" \
    "${small[@]}" --replicates 12
  verdict "disk full after $after bytes, streamed" 1 "no space left on device|disk full" "$work/sfull$after.h5"
done
go LD_PRELOAD="$shim" FAULT_FSYNC=1 REOFFSIM_STREAM_MIN_BYTES=0 -- "$config" --out "$work/sfsync.h5" "${small[@]}"
verdict "fsync fails (EIO), streamed" 1 "input/output error|I/O error" "$work/sfsync.h5"

go LD_PRELOAD="$shim" FAULT_FSYNC=1 -- "$config" --out "$work/fsync.h5" "${small[@]}"
verdict "fsync fails (EIO)" 1 "input/output error|I/O error" "$work/fsync.h5"

go LD_PRELOAD="$shim" FAULT_RENAME=1 -- "$config" --out "$work/rename.h5" "${small[@]}"
verdict "rename of the temp file fails (EIO)" 1 "rename" "$work/rename.h5"

# ---- out of memory: an address-space limit (or the sanitizer allocator's size cap)
if [ "$asan" -eq 1 ]; then
  go ASAN_OPTIONS="$ASAN_OPTIONS:allocator_may_return_null=1:max_allocation_size_mb=32" -- \
    "$config" --out "$work/oom.h5" --agents 10000000 --replicates 1 --threads 2 --quiet
else
  (ulimit -v 1048576 && exec timeout -k 5 120 "$bin" run "$config" --out "$work/oom.h5" \
    --agents 10000000 --replicates 1 --threads 2 --quiet) >"$work/out" 2>"$work/err" </dev/null
  code=$?
fi
verdict "out of memory (10 million agents in 1 GiB)" 1 "out of memory" "$work/oom.h5"

# ---- signals while simulating: exit 130, no file, no temp
# started PID: wait until the run is simulating (OpenMP threads exist), at most 30 s.
started() {
  local _
  for _ in $(seq 300); do
    [ "$(find "/proc/$1/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)" -ge 2 ] && return 0
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
# reaped PID: wait for exit at most 30 s (kill -9 after), exit code in $code.
reaped() {
  local _
  for _ in $(seq 300); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$1" 2>/dev/null && kill -KILL "$1"
  wait "$1"
  code=$?
}
for sig in INT TERM; do
  "$bin" run "$config" --out "$work/sig$sig.h5" "${big[@]}" >"$work/out" 2>"$work/err" </dev/null &
  pid=$!
  if started $pid; then kill -s "$sig" $pid; fi
  reaped $pid
  # issue 7: SIGTERM stops with a checkpoint (exit 75, OUT.ckpt beside OUT); SIGINT stays 130
  if [ "$sig" = TERM ]; then verdict "SIG$sig while simulating" 75 "continue with --resume" "$work/sig$sig.h5"
  else verdict "SIG$sig while simulating" 130 "interrupted" "$work/sig$sig.h5"; fi
done

# ---- SIGTERM while the file is being written (slow writes). The results file is streamed, so its
# temporary exists from the first unit on: a SIGTERM then either stops the run with a checkpoint
# (75: OUT.ckpt, no OUT, temporary removed) or lands after the units (0: a complete file); never a
# partial file or a temp left behind.
env LD_PRELOAD="$shim" FAULT_DELAY_US=5000 "$bin" run "$config" --out "$work/late.h5" "${small[@]}" \
  >"$work/out" 2>"$work/err" </dev/null &
pid=$!
for _ in $(seq 300); do compgen -G "$work/late.h5.tmp-*" >/dev/null && break; sleep 0.02; done
kill -TERM $pid
reaped $pid
if [ "$code" -eq 0 ]; then
  problems=""
  h5dump -H "$work/late.h5" >/dev/null 2>&1 || problems="     exit 0 but the file is not readable HDF5"$'\n'
  compgen -G "$work/late.h5.tmp-*" >/dev/null && problems+="     temporary file left"$'\n'
  if [ -z "$problems" ]; then ok "SIGTERM while writing (finished the file: exit 0)"; else bad "SIGTERM while writing" "$problems"; fi
elif [ "$code" -eq 75 ]; then
  problems=""
  [ -s "$work/late.h5.ckpt" ] || problems="     exit 75 without a checkpoint"$'\n'
  compgen -G "$work/late.h5.tmp-*" >/dev/null && problems+="     temporary file left"$'\n'
  [ -e "$work/late.h5" ] && problems+="     a results file was written"$'\n'
  if [ -z "$problems" ]; then ok "SIGTERM while streaming (checkpointed: exit 75)"; else bad "SIGTERM while streaming" "$problems"; fi
else
  verdict "SIGTERM while writing (aborted)" 130 "interrupted" "$work/late.h5"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
