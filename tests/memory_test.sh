#!/usr/bin/env bash
# reoffsim tests — the memory bound of issue 22 at CI scale: `run` and `merge` of 10,000 and 40,000
# work units (20 agents x 2,000 / 8,000 replicates x 5 scenarios), the results streamed to disk;
# peak RSS (getrusage via bench/memory) must stay under 300 MiB, grow by at most 3 KiB per unit
# (the old writer held ~9 KiB per unit), extrapolate to at most 300 MiB at 100,000 units, and the
# run's own estimate (memory_check.c) must not be below what it used. The full-scale check is
# `bench/memory --replicates 20000 --check-mb 300` (docs/hpc.md).
# Usage: memory_test.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$src/tests/test_lib.sh"
REOFFSIM_STREAM_MIN_BYTES=0 /usr/bin/python3 "$src/bench/memory" --bin "$bin" --config "$src/configs/triborough.yaml" \
  --replicates 2000 8000 --check-mb 300 --out "$work/memory.json" 2>"$work/err" && ok || bad "bench/memory: $(tail -5 "$work/err")"
/usr/bin/python3 - "$work/memory.json" <<'PY' && ok || bad "extrapolation to 100,000 units"
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
lo, hi = runs[0], runs[-1]
for what in ("peak_rss_mib_run", "peak_rss_mib_merge"):
    slope = (hi[what] - lo[what]) / (hi["units"] - lo["units"])
    at = hi[what] + max(slope, 0) * (100000 - hi["units"])
    print("%s: %.1f MiB at %d units, %.1f MiB extrapolated to 100,000" % (what, hi[what], hi["units"], at))
    assert at <= 300, what
PY
cat "$work/err"
finish
