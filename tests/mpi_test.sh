#!/usr/bin/env bash
# reoffsim tests — MPI: results are bitwise identical (h5diff, excluding
# /provenance/run) for 1, 2 and 4 ranks x 1 and 2 threads; only rank 0 prints
# and writes; a config error exits 2 with one message; a run stopped by
# SIGUSR1 (forwarded by mpirun) checkpoints on rank 0 and resumes on another
# rank count to the same bits. Usage: mpi_test.sh REOFFSIM SOURCE_DIR MPIEXEC
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd); mpiexec=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
launch=("$mpiexec" --oversubscribe --allow-run-as-root --bind-to none)
mpirun() { "${launch[@]}" "$@"; }
. "$src/tests/test_lib.sh"
cfg=$src/configs/triborough.yaml
small=(--agents 1000 --replicates 6 --years 3 --quiet)

"$bin" run "$cfg" --out serial.h5 "${small[@]}" --threads 2 >serial.txt 2>err || bad "run without mpirun"
for ranks in 1 2 4; do
  for threads in 1 2; do
    out=r${ranks}t${threads}.h5
    if mpirun -n $ranks "$bin" run "$cfg" --out $out "${small[@]}" --threads $threads >out.txt 2>err; then ok
    else bad "$ranks ranks x $threads threads: exit $?"; sed 's/^/    /' err | head -5; continue; fi
    if h5diff --exclude-path /provenance/run serial.h5 $out >/dev/null 2>&1; then ok
    else bad "$ranks ranks x $threads threads differ from the run without MPI"; fi
  done
done
# only rank 0 prints: the table appears once
n=$(grep -c '^Scenario comparison' out.txt)
[ "$n" -eq 1 ] && ok || bad "4 ranks printed the table $n times"
ls | grep -q 'tmp-' && bad "temporary file left" || ok

# usage and config errors: exit 2, one message
mpirun -n 2 "$bin" run "$cfg" --out x.h5 --replicates -1 >/dev/null 2>err; code=$?
[ "$code" -eq 2 ] && ok || bad "bad option under mpirun: exit $code, want 2"
n=$(grep -c 'expected a whole number' err)
[ "$n" -eq 1 ] && ok || bad "bad option message printed $n times, want once"
mpirun -n 2 "$bin" run "$cfg" --out x.h5 --precision 0.5 >/dev/null 2>err; code=$?
[ "$code" -eq 2 ] && ok || bad "--precision with 2 ranks: exit $code, want 2"

# SIGUSR1 to mpirun reaches every rank: rank 0 checkpoints, exit 75; resume on 1 rank
# The signal goes in mid-run: after mpirun's start-up (~1 s) plus 40% of the
# time the same work takes in one process, so it holds on fast machines too.
big=(--agents 50000 --replicates 40 --years 3 --quiet --threads 1)
t0=$(date +%s%N)
"$bin" run "$cfg" --out cref.h5 "${big[@]}" --threads 2 >/dev/null 2>&1
t_ref_ns=$(( $(date +%s%N) - t0 ))
"${launch[@]}" -n 2 "$bin" run "$cfg" --out c.h5 "${big[@]}" >/dev/null 2>err & pid=$! # mpirun itself, not a subshell
sleep "$(awk -v ns="$t_ref_ns" 'BEGIN { printf "%.3f", 1.0 + 0.4 * ns / 1e9 }')"; kill -USR1 $pid; wait $pid; code=$?
[ "$code" -eq 75 ] && ok || { bad "SIGUSR1 under mpirun: exit $code, want 75"; sed 's/^/    /' err | head -5; }
[ -e c.h5.ckpt ] && [ ! -e c.h5 ] && ok || bad "SIGUSR1 under mpirun: want c.h5.ckpt and no c.h5"
mpirun -n 1 "$bin" run "$cfg" --out c.h5 "${big[@]}" --threads 2 --resume >/dev/null 2>err || bad "resume on 1 rank: exit $?"
if h5diff --exclude-path /provenance/run cref.h5 c.h5 >/dev/null 2>&1; then ok; else bad "resumed MPI run differs"; fi
[ ! -e c.h5.ckpt ] && ok || bad "checkpoint left after the final write"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
