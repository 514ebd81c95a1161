#!/usr/bin/env bash
# reoffsim tests — the Slurm scripts on a real single-node Slurm: starts a
# private munged, slurmctld and slurmd on localhost (state, spool, key and
# config under a temporary directory), submits scripts/slurm/reoffsim-mpi.sbatch
# (2 ranks; one run is stopped with USR1, checkpoints, requeues itself and
# resumes) and reoffsim-array.sbatch + merge.sbatch (afterok dependency), waits
# at most REOFFSIM_SLURM_WAIT seconds (default 300), and checks each result
# equals a direct run (h5diff, excluding /provenance/run). The daemons are
# always stopped and the directory removed (trap). Needs root; exit 77 (skip)
# without it or without Slurm/munge/mpirun.
# Usage: slurm_test.sh REOFFSIM(MPI build) SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
for tool in munged slurmctld slurmd sbatch squeue scontrol mpirun h5diff; do
  command -v $tool >/dev/null || { echo "slurm_test: $tool not found: skipped"; echo "0 passed, 0 failed, 1 skipped"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "slurm_test: needs root to start slurmd: skipped"; echo "0 passed, 0 failed, 1 skipped"; exit 77; }

work=$(mktemp -d /tmp/reoffsim-slurm.XXXXXX); chmod 755 "$work"
pids=()
cleanup() {
  local p _
  if [ -n "${SLURM_CONF:-}" ]; then # cancel our jobs and let their steps end before slurmd goes
    scancel --quiet --user=root >/dev/null 2>&1
    for _ in $(seq 40); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.25; done
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for _ in $(seq 20); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break; sleep 0.25
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  [ -n "${REOFFSIM_SLURM_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
. "$src/tests/test_lib.sh"
started=$(date +%s)

# ---- munge with its own key and socket
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/out"
chmod 711 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none; chmod 400 "$work/munge/munge.key"
munged --force --foreground --key-file="$work/munge/munge.key" --socket="$work/munge/munge.sock" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" \
  >"$work/munge/munged.out" 2>&1 &
pids+=($!)

# ---- slurm.conf: this host, ports from the PID (another test run may be up), no cgroups; a
# requeued job may start again after cred_expire (default 120 s) at the next scheduling pass
host=$(hostname -s)
port=$(( 20000 + ($$ % 5000) * 2 ))
cat > "$work/slurm.conf" <<EOF
ClusterName=reoffsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.sock,cred_expire=10
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=600
KillWait=5
Waittime=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
EOF
export SLURM_CONF=$work/slurm.conf
for _ in $(seq 50); do [ -S "$work/munge/munge.sock" ] && break; sleep 0.1; done
slurmctld -D -i -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 & pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$host" >"$work/slurmd.out" 2>&1 & pids+=($!)
up=0
for _ in $(seq 60); do
  state=$(sinfo -h -o '%T' 2>/dev/null | head -1)
  case "$state" in idle*|mix*|alloc*) up=1; break ;; esac
  sleep 0.5
done
if [ $up -eq 1 ]; then ok; else
  bad "Slurm did not come up (node state '$state')"; tail -5 "$work"/slurmctld.log "$work"/slurmd.log 2>/dev/null
  echo "$pass passed, $fail failed"; exit 1
fi
echo "(Slurm up in $(( $(date +%s) - started )) s)"

# ---- the jobs
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export REOFFSIM=$bin REOFFSIM_CHECKPOINT_EVERY=0.5
cfg=$src/configs/triborough.yaml
small=(--agents 1000 --replicates 6 --years 3)
big=(--agents 100000 --replicates 10 --years 3) # long enough to be running when USR1 comes
cd "$work/out"
mpi=$(sbatch --parsable --ntasks=2 --cpus-per-task=1 --time=10 -o mpi-%j.log \
  "$src/scripts/slurm/reoffsim-mpi.sbatch" "$cfg" "$work/out/mpi.h5" "${small[@]}")
# a longer MPI run, stopped early as a time limit would: USR1 to the batch shell
long=$(sbatch --parsable --ntasks=2 --cpus-per-task=1 --time=10 -o long-%j.log \
  "$src/scripts/slurm/reoffsim-mpi.sbatch" "$cfg" "$work/out/long.h5" "${big[@]}")
arr=$(sbatch --parsable --array=0-2 --cpus-per-task=1 --time=10 -o shard-%A_%a.log \
  "$src/scripts/slurm/reoffsim-array.sbatch" "$cfg" "$work/out/shards" 6 --agents 1000 --years 3)
mrg=$(sbatch --parsable --dependency=afterok:$arr --time=10 -o merge-%j.log \
  "$src/scripts/slurm/merge.sbatch" "$work/out/shards" "$work/out/all.h5")
[ -n "$mpi" ] && [ -n "$long" ] && [ -n "$arr" ] && [ -n "$mrg" ] && ok || bad "sbatch failed"

# USR1 once the long job runs (its log says so), as --signal=B:USR1@120 would
for _ in $(seq 120); do grep -q 'reoffsim-mpi: job' long-*.log 2>/dev/null && break; sleep 0.5; done
# ... and once both ranks run reoffsim (a rank still starting up has no handler yet and would
# die of USR1: under load 1 s after the log line was not always enough)
for _ in $(seq 60); do [ "$(pgrep -fc "^[^ ]*reoffsim run .*out/long.h5")" -ge 2 ] && break; sleep 0.5; done
sleep 2
scancel --signal=USR1 --batch "$long" && ok || bad "scancel --signal=USR1 failed"

deadline=$(( $(date +%s) + ${REOFFSIM_SLURM_WAIT:-300} ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  reasons=$(squeue -h -o %r 2>/dev/null | sort -u)
  [ -z "$reasons" ] || [ "$reasons" = DependencyNeverSatisfied ] && break
  sleep 1
done
if [ -n "$(squeue -h -o %i)" ]; then bad "jobs still queued after ${REOFFSIM_SLURM_WAIT:-300} s"; squeue; fi

# ---- the results, against direct runs
"$bin" run "$cfg" --out ref.h5 "${small[@]}" --quiet --threads 2 >/dev/null 2>&1
"$bin" run "$cfg" --out longref.h5 "${big[@]}" --quiet --threads 2 >/dev/null 2>&1
check() { # check FILE DESCRIPTION REFERENCE
  if [ ! -e "$1" ]; then bad "$2: no $1"; return; fi
  if h5diff --exclude-path /provenance/run "$3" "$1" >/dev/null 2>&1; then ok; else bad "$2 differs from a direct run"; fi
}
check mpi.h5 "MPI job (2 ranks)" ref.h5
check all.h5 "array + merge" ref.h5
check long.h5 "MPI job stopped by USR1, requeued and resumed" longref.h5
grep -q 'checkpointed; requeueing' long-*.log && ok || bad "the stopped job did not checkpoint and requeue"
grep -q 'resuming from' long-*.log && ok || bad "the requeued job did not resume from the checkpoint"
[ ! -e long.h5.ckpt ] && ok || bad "checkpoint left after the requeued job finished"
if [ "$fail" -gt 0 ]; then for f in *.log; do echo "== $f"; grep -v "^ " "$f" | tail -12; done; fi

echo "(Slurm test: $(( $(date +%s) - started )) s)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
