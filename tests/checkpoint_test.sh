#!/usr/bin/env bash
# reoffsim tests — checkpoint and resume: SIGUSR1/SIGTERM write OUT.ckpt and
# exit 75, --resume finishes bitwise identical to an uninterrupted run (h5diff
# excluding /provenance/run), kill -9 at several moments never leaves a file
# at OUT and --resume completes from the last periodic checkpoint; SIGINT keeps
# exit 130; a checkpoint of another run is refused with exit 2.
# Usage: checkpoint_test.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
. "$src/tests/test_lib.sh"
cfg=$src/configs/baseline.yaml
W=(--agents 20000 --replicates 100 --years 3 --threads 2 --quiet)
same() { # same FILE DESCRIPTION: FILE equals the uninterrupted run
  if h5diff --exclude-path /provenance/run ref.h5 "$1" >/dev/null 2>&1; then ok; else bad "$2: differs from the uninterrupted run"; fi
}
expect_code() { # expect_code GOT WANT DESCRIPTION (stderr of the run is in ./err)
  if [ "$1" -eq "$2" ]; then ok; else bad "$3: exit $1, want $2"; sed 's/^/    /' err 2>/dev/null | head -3; fi
}
# start_run OUT ARGS...: run in the background; its pid in $pid
start_run() { local out=$1; shift; "$bin" run "$cfg" --out "$out" "${W[@]}" "$@" >/dev/null 2>err & pid=$!; }
# pause FRACTION: let the run get going, then signal it while it still runs:
# a fraction of the uninterrupted run's time, so the test holds on a fast
# machine and under the sanitizers alike.
pause() { sleep "$(awk -v ns="$t_ref_ns" -v f="$1" 'BEGIN { printf "%.3f", ns * f / 1e9 }')"; }

t0=$(date +%s%N)
"$bin" run "$cfg" --out ref.h5 "${W[@]}" >/dev/null 2>err; expect_code $? 0 "uninterrupted run"
t_ref_ns=$(( $(date +%s%N) - t0 ))

# SIGUSR1 and SIGTERM: checkpoint, exit 75, then --resume gives the same bits
for sig in USR1 TERM; do
  rm -f s.h5 s.h5.ckpt
  start_run s.h5; pause 0.35; kill -$sig $pid; wait $pid; expect_code $? 75 "SIG$sig"
  [ -e s.h5.ckpt ] && ok || bad "SIG$sig: no checkpoint written"
  [ ! -e s.h5 ] && ok || bad "SIG$sig: file at the final path"
  ls | grep -q 'tmp-' && bad "SIG$sig: temporary file left" || ok
  grep -q "continue with --resume" err && ok || bad "SIG$sig: message does not say how to continue"
  "$bin" run "$cfg" --out s.h5 "${W[@]}" --resume >/dev/null 2>err; expect_code $? 0 "resume after SIG$sig"
  same s.h5 "resume after SIG$sig"
  [ ! -e s.h5.ckpt ] && ok || bad "checkpoint not removed after the final write"
done

# SIGINT: exit 130 and nothing written, unless a checkpoint option is given
start_run i.h5; pause 0.3; kill -INT $pid; wait $pid; expect_code $? 130 "SIGINT"
[ ! -e i.h5 ] && [ ! -e i.h5.ckpt ] && ok || bad "SIGINT without checkpoint options wrote a file"
start_run i.h5 --checkpoint-every 0; pause 0.3; kill -INT $pid; wait $pid; expect_code $? 75 "SIGINT with --checkpoint-every"
[ -e i.h5.ckpt ] && ok || bad "SIGINT with --checkpoint-every: no checkpoint"

# a checkpoint of another run is refused with exit 2; a fresh run does not overwrite it
"$bin" run "$cfg" --out i.h5 "${W[@]}" --seed 7 --resume >/dev/null 2>err; expect_code $? 2 "resume with another seed"
grep -q "different run (seed: 7 in this run" err && ok || bad "mismatch message does not name the seed"
"$bin" run "$cfg" --out i.h5 --agents 20000 --replicates 101 --years 3 --quiet --resume >/dev/null 2>err
expect_code $? 2 "resume with other replicates"
"$bin" run "$cfg" --out i.h5 "${W[@]}" >/dev/null 2>err; expect_code $? 2 "fresh run over a checkpoint"
grep -q "continue it with --resume" err && ok || bad "fresh run over a checkpoint: message"
"$bin" run "$cfg" --out i.h5 "${W[@]}" --resume >/dev/null 2>err; expect_code $? 0 "resume after SIGINT"
same i.h5 "resume after SIGINT"

# a damaged checkpoint is refused, not trusted; --force starts over
head -c 3000 ref.h5 > d.h5.ckpt
"$bin" run "$cfg" --out d.h5 "${W[@]}" --resume >/dev/null 2>err; expect_code $? 2 "resume from a damaged checkpoint"
"$bin" run "$cfg" --out d.h5 "${W[@]}" --force >/dev/null 2>err; expect_code $? 0 "--force over a damaged checkpoint"
[ ! -e d.h5.ckpt ] && ok || bad "--force run left the old checkpoint"
same d.h5 "--force over a checkpoint"

# --resume without a checkpoint starts from the beginning
"$bin" run "$cfg" --out n.h5 "${W[@]}" --resume >/dev/null 2>err; expect_code $? 0 "resume without a checkpoint"
same n.h5 "resume without a checkpoint"

# kill -9 at several moments, resuming each time from the last periodic checkpoint
rm -f k.h5 k.h5.ckpt
rounds=0
for delay in 0.3 0.7 0.4 1.1 0.2 0.9 0.6 1.5 3 6; do
  "$bin" run "$cfg" --out k.h5 "${W[@]}" --checkpoint-every 0.05 --resume >/dev/null 2>err & pid=$!
  sleep "$delay"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; code=$?
  rounds=$((rounds+1))
  if [ -e k.h5 ]; then
    # only a complete file may ever be at the final path
    h5diff --exclude-path /provenance/run ref.h5 k.h5 >/dev/null 2>&1 || { bad "kill -9 left a partial k.h5"; break; }
    [ "$code" -eq 0 ] || [ "$code" -eq 137 ] || bad "kill -9 round: exit $code"
    break
  fi
done
[ -e k.h5 ] || "$bin" run "$cfg" --out k.h5 "${W[@]}" --resume >/dev/null 2>err
same k.h5 "resume after $rounds kill -9 rounds"
[ ! -e k.h5.ckpt ] && ok || bad "checkpoint left after the final write"

# --precision runs are not checkpointed
"$bin" run "$src/configs/triborough.yaml" --out p.h5 --precision 0.5 --resume --quiet >/dev/null 2>err
expect_code $? 2 "--precision with --resume"

echo "(uninterrupted run: $(awk -v ns="$t_ref_ns" 'BEGIN { printf "%.2f", ns / 1e9 }') s; kill -9 rounds: $rounds)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
