#!/usr/bin/env bash
# reoffsim tests — the command line as a user meets it: help/version, exit
# codes, config errors (exit 2, file:line, no output file), refusal to
# overwrite, the ogrs3 worked example. Usage: cli_test.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$src/tests/test_lib.sh"

expect_exit 0 "help" -- "$bin" --help
contains "$work/out" "usage: reoffsim" "help text"
expect_exit 0 "version" -- "$bin" --version
contains "$work/out" "reoffsim " "version text"
# The commit is the source tree's at build time (scripts/git_commit.cmake), not
# at configure time; "-dirty" when tracked files differ (rebuild before testing).
if commit=$(git -C "$src" rev-parse --short=12 HEAD 2>/dev/null); then
  git -C "$src" diff --quiet HEAD -- 2>/dev/null || commit="$commit-dirty"
else
  commit=unknown
fi
contains "$work/out" "(commit $commit," "version names the commit the binary was built from"
for cmd in run ogrs3 validate; do expect_exit 0 "$cmd --help" -- "$bin" $cmd --help; done
expect_exit 2 "no command" -- "$bin"
expect_exit 2 "unknown command" -- "$bin" frobnicate
expect_exit 2 "unknown run option" -- "$bin" run "$src/configs/baseline.yaml" --bogus
expect_exit 2 "bad replicates" -- "$bin" run "$src/configs/baseline.yaml" --replicates -3
contains "$work/err" "--replicates" "bad replicates message"

# validate
expect_exit 0 "validate baseline" -- "$bin" validate "$src/configs/baseline.yaml"
contains "$work/out" "valid" "validate message"
printf 'base: %s\ncourt:\n  remand_probability: 1.5\n' "$src/configs/baseline.yaml" > "$work/bad.yaml"
expect_exit 2 "validate bad config" -- "$bin" validate "$work/bad.yaml"
contains "$work/err" "$work/bad.yaml:3: court.remand_probability: must be in [0, 1], got 1.5" "config error names file:line and key"

# run with a bad config: exit 2 and no output file
expect_exit 2 "run bad config" -- "$bin" run "$work/bad.yaml" --out "$work/bad.h5"
[ ! -e "$work/bad.h5" ] && ok || bad "output file written for a bad config"
ls "$work" | grep -q 'tmp-' && bad "temporary file left behind" || ok

# a small run writes the file; a second run refuses to overwrite; --force does
small=(--agents 400 --replicates 3 --years 3 --quiet)
expect_exit 0 "small run" -- "$bin" run "$src/configs/baseline.yaml" --out "$work/r.h5" "${small[@]}"
contains "$work/out" "proven reoffending" "summary table"
contains "$work/out" "custody_short" "summary by disposal"
[ -s "$work/r.h5" ] && ok || bad "results file missing"
expect_exit 2 "refuse overwrite" -- "$bin" run "$src/configs/baseline.yaml" --out "$work/r.h5" "${small[@]}"
contains "$work/err" "already exists" "overwrite message"
expect_exit 0 "force overwrite" -- "$bin" run "$src/configs/baseline.yaml" --out "$work/r.h5" --force "${small[@]}"
expect_exit 2 "output is a directory" -- "$bin" run "$src/configs/baseline.yaml" --out "$work" "${small[@]}"
expect_exit 1 "unwritable directory" -- "$bin" run "$src/configs/baseline.yaml" --out "/nonexistent-dir/r.h5" "${small[@]}"

# a non-terminal run prints no progress bar
grep -q 'ETA' "$work/err" && bad "progress bar printed when not a terminal" || ok

# on a terminal (emulated with util-linux `script`) the progress bar shows; --quiet hides it
if command -v script >/dev/null; then
  script -qec "$bin run $src/configs/baseline.yaml --out $work/tty.h5 --agents 2000 --replicates 40 --years 3" /dev/null > "$work/tty.txt" 2>&1
  contains "$work/tty.txt" "ETA" "progress bar on a terminal"
  contains "$work/tty.txt" "events/s" "progress bar shows events/s"
  script -qec "$bin run $src/configs/baseline.yaml --out $work/tty2.h5 --agents 200 --replicates 4 --years 3 --quiet" /dev/null > "$work/tty2.txt" 2>&1
  grep -q 'ETA' "$work/tty2.txt" && bad "--quiet still shows progress" || ok
fi

# SIGINT mid-run: exit 130, no file at the final path, no temporary left
"$bin" run "$src/configs/baseline.yaml" --out "$work/int.h5" --agents 20000 --replicates 2000 --years 5 --quiet >/dev/null 2>"$work/int.err" &
pid=$!
sleep 1
kill -INT $pid
wait $pid; code=$?
[ "$code" -eq 130 ] && ok || bad "SIGINT exit code $code, want 130"
[ ! -e "$work/int.h5" ] && ok || bad "file left at final path after SIGINT"
contains "$work/int.err" "interrupted" "SIGINT message"

# --precision adds blocks of replicates; the result equals a plain run with that many
tb=(--agents 600 --years 3 --quiet)
expect_exit 0 "precision run" -- "$bin" run "$src/configs/triborough.yaml" --out "$work/p.h5" --precision 0.4 --block 3 --max-replicates 9 "${tb[@]}"
contains "$work/out" "Monte Carlo precision: 1.96 x MCSE of the mean difference triborough vs dip" "precision report"
n=$(h5dump -a /provenance/replicates "$work/p.h5" 2>/dev/null | grep -Eo '\(0\): [0-9]+' | grep -Eo '[0-9]+$')
case "$n" in 3|6|9) ok ;; *) bad "precision replicate count '$n' is not a multiple of the block" ;; esac
expect_exit 0 "plain run with the same replicates" -- "$bin" run "$src/configs/triborough.yaml" --out "$work/q.h5" --replicates "${n:-3}" "${tb[@]}"
if h5diff -q "$work/p.h5" "$work/q.h5" /results /results >/dev/null 2>&1; then ok; else bad "precision run differs from a plain run with $n replicates"; fi
expect_exit 2 "precision with replicates" -- "$bin" run "$src/configs/triborough.yaml" --out "$work/x.h5" --precision 0.1 --replicates 5
expect_exit 2 "precision with one scenario" -- "$bin" run "$src/configs/baseline.yaml" --out "$work/x.h5" --precision 0.1 --agents 100 --quiet

# a budget that buys no key worker is reported
printf 'base: %s\nservices:\n  triborough:\n    keyworker_cost: 100000000\n' "$src/configs/triborough.yaml" > "$work/poor.yaml"
expect_exit 0 "poor service run" -- "$bin" run "$work/poor.yaml" --out "$work/poor.h5" --replicates 2 "${tb[@]}"
contains "$work/err" "triborough key workers (keyworker_share / keyworker_cost) buys no place: nobody is served" "capacity warning"

# Option values: a missing value, or the next option where the value should be,
# is a usage error that says so (not a file named "--force", not silence).
expect_exit 2 "run --out without a value" -- "$bin" run "$src/configs/triborough.yaml" "${tb[@]}" --out
contains "$work/err" "--out needs a file name" "missing --out value message"
(cd "$work" && "$bin" run "$src/configs/triborough.yaml" "${tb[@]}" --out --force > /dev/null 2>&1); code=$?
[ "$code" -eq 2 ] && [ ! -e "$work/--force" ] && ok || bad "run --out --force: exit $code, or wrote a file named --force"
expect_exit 2 "calibrate --out --force" -- "$bin" calibrate "$src/configs/calibration.yaml" --out --force
"$bin" calibrate "$src/configs/calibration.yaml" --out "$work/c.yaml" --max-evaluations 2x > /dev/null 2> "$work/err"
[ $? -eq 2 ] && ! grep -q "needs a value" "$work/err" && ok || bad "bad --max-evaluations reported under the wrong name: $(cat "$work/err")"

# Standard output that cannot be written: a closed pipe does not kill a run
# before its results file is written; the lost output is an error (exit 1).
# (stdout is a pipe whose reading end is already closed: no race with a reader)
code=$(/usr/bin/python3 -c 'import os, subprocess, sys
r, w = os.pipe(); os.close(r)
with open(sys.argv[1], "w") as err:
    print(subprocess.run(sys.argv[2:], stdout=w, stderr=err).returncode)' "$work/err" \
  "$bin" run "$src/configs/triborough.yaml" --agents 600 --years 3 --replicates 2 --out "$work/piped.h5")
[ "$code" -eq 1 ] && [ -s "$work/piped.h5" ] && ok || bad "run into a closed pipe: exit $code, results file $(ls "$work/piped.h5" 2>&1)"
contains "$work/err" "standard output was not all written" "closed pipe message"
if [ -w /dev/full ]; then
  "$bin" validate "$src/configs/baseline.yaml" > /dev/full 2> "$work/err"
  [ $? -eq 1 ] && ok || bad "validate > /dev/full did not fail"
fi

# ogrs3: MODEL.md worked example
expect_exit 0 "ogrs3" -- "$bin" ogrs3 --sex male --age 25 --sanctions 5 --first-sanction-age 16 --offence theft
contains "$work/out" "-1.7126" "ogrs3 y"
contains "$work/out" "0.4230" "ogrs3 p1"
contains "$work/out" "0.6008" "ogrs3 p2"
contains "$work/out" "medium" "ogrs3 band"
expect_exit 2 "ogrs3 bad offence" -- "$bin" ogrs3 --sex male --age 25 --sanctions 5 --first-sanction-age 16 --offence jaywalking
expect_exit 2 "ogrs3 first after age" -- "$bin" ogrs3 --sex male --age 25 --sanctions 5 --first-sanction-age 30 --offence theft
expect_exit 2 "ogrs3 missing option" -- "$bin" ogrs3 --sex male

# Names are never cut in the terminal tables (issue 20): two that differ only after 16 characters print apart.
printf 'base: %s\nscenarios:\n  - name: tri_keyworker_x100\n  - name: tri_keyworker_x150\n' "$src/configs/baseline.yaml" >"$work/long_names.yaml"
expect_exit 0 "long scenario names" -- "$bin" run "$work/long_names.yaml" --out "$work/long_names.h5" --replicates 2 --agents 200 --years 3 --quiet
[ "$(grep -c '^  tri_keyworker_x1[05]0 ' "$work/out")" -ge 4 ] && ok || bad "long names cut or missing in the tables: $(grep -a tri_keyworker "$work/out" | head -4)"
grep -q 'tri_keyworker_x1 ' "$work/out" && bad "a name was cut at 16 characters" || ok

# Every money and count line says its scale, and the economics words are dominant / dominated /
# ICER, never "n/a" (issue 20 §3): every section of a run's summary (decision, null effects,
# break-even, tornado, sweep) through tests/terminal_scale_check.py, which must also catch a line
# without its scale.
scale_check="$src/tests/terminal_scale_check.py"
expect_exit 0 "run with every section" -- "$bin" run "$src/configs/triborough.yaml" --out "$work/all.h5" --replicates 4 --null-effects --break-even 2 --tornado 2 "${tb[@]}"
cp "$work/out" "$work/all.txt"
expect_exit 0 "sweep run" -- "$bin" run "$src/configs/examples/sweep_keyworker.yaml" --out "$work/sweep.h5" --replicates 2 "${tb[@]}"
cp "$work/out" "$work/sweep.txt"
for section in "^Economics vs dip: GBP m for the area of 7500 offenders a year over 3 years" "^Decision across all options" \
               "^  null effects" "^  break-even effect" "^One-way sensitivity" "^Sweep of"; do
  grep -q "$section" "$work/all.txt" "$work/sweep.txt" && ok || bad "terminal section '$section' missing"
done
expect_exit 0 "terminal scale labels" -- /usr/bin/python3 "$scale_check" "$work/all.txt" "$work/sweep.txt"
{ cat "$work/all.txt"; echo "  EVPI 0.84 GBP m (all uncertainty)"; } > "$work/unscaled.txt"
expect_exit 1 "scale check catches a money line without its scale" -- /usr/bin/python3 "$scale_check" "$work/unscaled.txt"
{ cat "$work/all.txt"; echo "    B:C n/a (no extra cost)"; } > "$work/na.txt"
expect_exit 1 "scale check catches n/a (no extra cost)" -- /usr/bin/python3 "$scale_check" "$work/na.txt"
finish
