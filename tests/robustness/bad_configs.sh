#!/usr/bin/env bash
# reoffsim robustness — runs every malformed config of tests/bad_configs through `validate` and
# `run`: exit 2, the expected message (and file:line), no output or temp file, no crash.
# Usage: bad_configs.sh REOFFSIM SOURCE_DIR [CASE_GLOB]   (format of *.expect: docs/robustness.md)
set -u
bin=$(realpath "$1")
src=$(realpath "$2")
only=${3:-}
corpus="$src/tests/bad_configs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
default_run_args=(--replicates 1 --agents 50 --quiet)
pass=0
fail=0

# A sanitizer build reserves terabytes of address space, so cap its RSS instead of ulimit -v.
if grep -q __asan_init "$bin" 2>/dev/null; then asan=1; else asan=0; fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}hard_rss_limit_mb=2048"

# guarded OUT ERR -- command...: run with a time and memory limit; prints the exit code.
guarded() {
  local out=$1 err=$2
  shift 3
  (
    [ "$asan" -eq 0 ] && ulimit -v 4194304
    exec timeout -k 5 60 "$@"
  ) >"$out" 2>"$err" </dev/null
  echo $?
}

# crashed CODE ERRFILE: true if the process died of a signal or a sanitizer spoke.
crashed() {
  [ "$1" -ge 124 ] && [ "$1" -ne 130 ] && return 0
  grep -qE 'ERROR: [A-Za-z]*Sanitizer|Sanitizer: hard rss limit|runtime error:' "$2"
}

# check_one WHAT CODE ERRFILE FRAGMENT PREFIX: appends problems to $problems.
check_one() {
  local what=$1 code=$2 errf=$3 frag=$4 prefix=$5 first
  if crashed "$code" "$errf"; then problems+="  $what: CRASH, HANG OR SANITIZER REPORT (exit $code)"$'\n'; fi
  [ "$code" -eq 2 ] || problems+="  $what: exit $code, want 2"$'\n'
  grep -qF -- "$frag" "$errf" || problems+="  $what: stderr lacks '$frag'"$'\n'
  if [ -n "$prefix" ]; then
    first=$(head -n 1 "$errf")
    # shellcheck disable=SC2053  # prefix is a glob on purpose
    [[ "$first" == $prefix ]] || problems+="  $what: first line does not start with '${prefix%\*}'"$'\n'
  fi
  return 0
}

# run_case YAML EXPECT: one corpus case through validate and run.
run_case() {
  local yaml=$1 expect=$2 dir frag="" prefix="" line code out
  local -a run_args=("${default_run_args[@]}")
  dir=$(dirname "$yaml")
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      "at "*) prefix="$dir/${line#at }: *" ;;
      "run-args "*) read -r -a run_args <<<"${line#run-args }" ;;
      *) [ -z "$frag" ] && frag=$line ;;
    esac
  done <"$expect"
  problems=""
  [ -n "$frag" ] || problems+="  no message fragment in $expect"$'\n'
  code=$(guarded "$work/v.out" "$work/v.err" -- "$bin" validate "$yaml")
  check_one validate "$code" "$work/v.err" "$frag" "$prefix"
  out="$work/out/out.h5"
  rm -rf "$work/out" && mkdir "$work/out"
  code=$(guarded "$work/r.out" "$work/r.err" -- "$bin" run "$yaml" --out "$out" "${run_args[@]}")
  check_one run "$code" "$work/r.err" "$frag" "$prefix"
  [ -e "$out" ] && problems+="  run: output file written"$'\n'
  compgen -G "$work/out/*.tmp-*" >/dev/null && problems+="  run: temporary file left"$'\n'
  if [ -z "$problems" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    printf 'FAIL %s\n%s    validate: %s\n    run:      %s\n' "$(basename "$yaml")" "$problems" \
      "$(head -c 300 "$work/v.err" | head -n 2)" "$(head -c 300 "$work/r.err" | head -n 2)"
  fi
}

# Binary cases are kept as printf formats (text in the repository) and made here.
mkdir -p "$work/gen"
for fmt in "$corpus"/[0-9][0-9]_*.printf; do
  [ -e "$fmt" ] || continue
  name=$(basename "$fmt" .printf)
  # shellcheck disable=SC2059  # the file is the format
  printf "$(cat "$fmt")" >"$work/gen/$name.yaml"
  cp "$corpus/$name.expect" "$work/gen/$name.expect"
done

for expect in "$corpus"/[0-9][0-9]_*.expect "$corpus"/[0-9][0-9][0-9]_*.expect "$work"/gen/*.expect; do
  [ -e "$expect" ] || continue
  base=${expect%.expect}
  # shellcheck disable=SC2053  # a glob on purpose
  [ -n "$only" ] && [[ "$(basename "$base")" != $only ]] && continue
  [ -e "$base.printf" ] && continue # made into $work/gen
  if [ ! -e "$base.yaml" ]; then
    fail=$((fail + 1))
    echo "FAIL $(basename "$expect"): no matching .yaml"
    continue
  fi
  run_case "$base.yaml" "$expect"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
