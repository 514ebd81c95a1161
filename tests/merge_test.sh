#!/usr/bin/env bash
# reoffsim tests — shards and merge: `run --replicate-range A:B` shards merged
# with `reoffsim merge` equal a single run with every replicate (h5diff,
# excluding /provenance/run), in any order; mismatched, overlapping, missing,
# truncated, non-reoffsim, non-shard and older-schema inputs exit 2 with a
# message naming the problem. Usage: merge_test.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
. "$src/tests/test_lib.sh"
cfg=$src/configs/triborough.yaml
run=(--agents 800 --years 3 --replicates 7 --quiet --threads 2)
expect() { # expect CODE MESSAGE-FRAGMENT DESCRIPTION -- command...
  local want=$1 frag=$2 what=$3; shift 4
  "$@" >out 2>err; local got=$?
  if [ "$got" -ne "$want" ]; then bad "$what: exit $got, want $want"; sed 's/^/    /' err | head -3; return; fi
  if [ -n "$frag" ] && ! grep -qF -- "$frag" err; then bad "$what: stderr lacks '$frag': $(head -c 300 err)"; return; fi
  ok
}
same() { if h5diff --exclude-path /provenance/run all.h5 "$1" >/dev/null 2>&1; then ok; else bad "$2"; fi; }

expect 0 "" "merge --help" -- "$bin" merge --help
grep -q "usage: reoffsim merge" out && ok || bad "merge --help text"
expect 2 "missing --out" "merge without --out" -- "$bin" merge a.h5
expect 0 "" "single run" -- "$bin" run "$cfg" --out all.h5 "${run[@]}"
for r in 0:3 3:4 4:7; do
  expect 0 "" "shard $r" -- "$bin" run "$cfg" --out "shard-${r/:/-}.h5" "${run[@]}" --replicate-range $r
done
h5dump -d /results/replicate shard-4-7.h5 | grep -q '(0): 4, 5, 6' && ok || bad "shard 4:7 does not label its replicates 4..6"
expect 0 "" "merge" -- "$bin" merge shard-4-7.h5 shard-0-3.h5 shard-3-4.h5 --out merged.h5 --quiet
same merged.h5 "merged shards differ from the single run"
expect 0 "" "merge with tables" -- "$bin" merge shard-0-3.h5 shard-3-4.h5 shard-4-7.h5 --out merged2.h5
grep -q "Scenario comparison" out && ok || bad "merge prints no comparison table"
same merged2.h5 "merged shards (other order) differ from the single run"
expect 2 "already exists" "merge refuses to overwrite" -- "$bin" merge shard-0-3.h5 --out merged.h5
expect 0 "" "merge --force" -- "$bin" merge shard-0-3.h5 shard-3-4.h5 shard-4-7.h5 --out merged.h5 --force --quiet

# problems with the inputs: exit 2 and a message that names them
expect 2 "replicates 3..3 are in no shard" "gap" -- "$bin" merge shard-0-3.h5 shard-4-7.h5 --out x.h5
expect 2 "replicates 4..6 of the run's 7 are in no shard" "missing last shard" -- "$bin" merge shard-0-3.h5 shard-3-4.h5 --out x.h5
"$bin" run "$cfg" --out shard-2-5.h5 "${run[@]}" --replicate-range 2:5 >/dev/null 2>&1
expect 2 "overlap" "overlap" -- "$bin" merge shard-0-3.h5 shard-2-5.h5 shard-4-7.h5 --out x.h5
"$bin" run "$cfg" --out seed.h5 "${run[@]}" --replicate-range 3:4 --seed 5 >/dev/null 2>&1
expect 2 "not shards of the same run (seed:" "other seed" -- "$bin" merge shard-0-3.h5 seed.h5 shard-4-7.h5 --out x.h5
"$bin" run "$cfg" --out agents.h5 --agents 900 --years 3 --replicates 7 --quiet --replicate-range 3:4 >/dev/null 2>&1
expect 2 "agents:" "other agents" -- "$bin" merge shard-0-3.h5 agents.h5 shard-4-7.h5 --out x.h5
head -c 20000 shard-3-4.h5 > truncated.h5
expect 2 "truncated.h5: not a readable HDF5 file" "truncated shard" -- "$bin" merge shard-0-3.h5 truncated.h5 shard-4-7.h5 --out x.h5
echo "not hdf5" > text.h5
expect 2 "text.h5: not a readable HDF5 file" "text file" -- "$bin" merge text.h5 --out x.h5
/usr/bin/python3 - <<'EOF'  # Debian python3-h5py
import h5py, numpy as np
with h5py.File("other.h5", "w") as f:
    f.attrs["title"] = "something else"
    f["x"] = np.arange(3)
import shutil
shutil.copy("shard-3-4.h5", "old.h5")
with h5py.File("old.h5", "r+") as f:
    f.attrs["schema_version"] = np.int64(0)
EOF
expect 2 "other.h5: not a reoffsim results file" "HDF5 file of another program" -- "$bin" merge other.h5 --out x.h5
expect 2 "written by an older reoffsim" "older schema" -- "$bin" merge shard-0-3.h5 old.h5 shard-4-7.h5 --out x.h5
expect 2 "all.h5: not a shard" "a whole-run file (no /shard)" -- "$bin" merge all.h5 --out x.h5
[ ! -e x.h5 ] && ok || bad "a failed merge wrote its output"

# the config must be unchanged since the shards ran
mkdir moved && cp "$src/configs/"*.yaml moved/
"$bin" run moved/triborough.yaml --out m1.h5 "${run[@]}" --replicate-range 0:7 >/dev/null 2>&1
sed -i 's/^description:.*/description: edited after the run/' moved/triborough.yaml
expect 2 "is not what the shards ran (config text hash:" "edited config" -- "$bin" merge m1.h5 --out x.h5
rm -rf moved
expect 2 "the shards' config:" "config gone" -- "$bin" merge m1.h5 --out x.h5

# run usage: ranges past the run, --precision with a range
expect 2 "goes past the run's 7 replicates" "range past the end" -- "$bin" run "$cfg" --out y.h5 "${run[@]}" --replicate-range 5:9
expect 2 "expected A:B" "bad range" -- "$bin" run "$cfg" --out y.h5 "${run[@]}" --replicate-range 4:2
expect 2 "drop --precision" "range with --precision" -- "$bin" run "$cfg" --out y.h5 --replicate-range 0:2 --precision 0.5

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
