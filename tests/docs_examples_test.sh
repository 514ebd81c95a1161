#!/usr/bin/env bash
# reoffsim tests — the reading examples in docs/r.md and docs/python.md run
# and agree with h5py: each doc embeds docs/examples/read_results.{R,py}
# verbatim (checked here, so the docs cannot drift from the tested code), and
# the example, given a CSV of proven_reoffending_rate written with plain h5py
# indexing (labels from the dimension scales, not the `dimensions`
# attribute), stops unless every value matches.
# Usage: docs_examples_test.sh r|python REOFFSIM SOURCE_DIR
set -u
lang=$1; bin=$(realpath "$2"); src=$(cd "$3" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$src/tests/test_lib.sh"
. "$src/tests/small_run.sh"
case $lang in
  r) doc=$src/docs/r.md; example=$src/docs/examples/read_results.R; fence='```r'; run=(Rscript) ;;
  python) doc=$src/docs/python.md; example=$src/docs/examples/read_results.py; fence='```python'; run=(/usr/bin/python3) ;;
  *) echo "usage: $0 r|python REOFFSIM SOURCE_DIR" >&2; exit 2 ;;
esac
command -v "${run[0]}" >/dev/null || { echo "FAIL: ${run[0]} not installed (scripts/deps.sh installs it)"; exit 1; }
small_run "$work/r.h5" || { echo "FAIL: run"; echo "0 passed, 1 failed"; exit 1; }

# The doc's first $fence block is the example file, verbatim.
awk -v f="$fence" '$0 == f && !done {on = 1; next} on && $0 == "```" {on = 0; done = 1; next} on' "$doc" > "$work/block"
if cmp -s "$work/block" "$example"; then ok; else bad "$doc: first $fence block differs from $example"; diff "$work/block" "$example" | head; fi

# Ground truth with h5py: positional indexing, labels from the dimension scales.
/usr/bin/python3 - "$work/r.h5" "$work/check.csv" <<'PY'
import csv, math, sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    ds = f["results/proven_reoffending_rate"]
    labels = [[v.decode() if isinstance(v, bytes) else str(v) for v in d[0][()]] for d in ds.dims]
    x = ds[()]
with open(sys.argv[2], "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["scenario", "replicate", "subgroup", "value"])
    for i, s in enumerate(labels[0]):
        for j, r in enumerate(labels[1]):
            for k, g in enumerate(labels[2]):
                w.writerow([s, r, g, "NA" if math.isnan(x[i, j, k]) else repr(float(x[i, j, k]))])
PY
expect_exit 0 "$lang example against h5py" -- "${run[@]}" "$example" "$work/r.h5" "$work/check.csv"
contains "$work/out" "values agree with h5py" "$lang example compared the values"
# It can fail: one value changed must be caught.
awk -F, 'NR == 2 {$4 = $4 + 0.5} 1' OFS=, "$work/check.csv" > "$work/wrong.csv"
"${run[@]}" "$example" "$work/r.h5" "$work/wrong.csv" > /dev/null 2>&1 && bad "$lang example accepted a wrong value" || ok
finish
