#!/usr/bin/env bash
# reoffsim tests — the report's first screen, the decision (issue 20 §1), on crafted results
# files (tests/report_decision_check.py; no Chromium: report_in_chromium checks the page renders
# and that the ranked table is in the first screen). Fails if the ranking order or a dominance
# label is wrong, if a sentence claims what its interval does not support, if detection timing
# is not recognised, if the notes for a missing null-effect / break-even / /decision are absent,
# or if a scenario's colour depends on the order of the scenarios.
# Usage: report_decision_test.sh REOFFSIM SOURCE_DIR   (needs python3-h5py, -numpy, -matplotlib)
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
report="$src/scripts/report"; check="$src/tests/report_decision_check.py"
py=/usr/bin/python3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
. "$src/tests/test_lib.sh"
"$bin" run "$src/configs/triborough.yaml" --agents 300 --years 3 --replicates 4 --quiet --null-effects \
  --break-even 2 --out r.h5 >run.txt 2>&1 || { bad "reoffsim run: $(tail -3 run.txt)"; finish; exit; }
"$py" "$check" craft r.h5 crafted || { bad "crafting the files"; finish; exit; }

verdict() { # verdict WHAT -- command: its one-line output must be "ok"
  local what=$1; shift 2
  local got; got=$("$@" 2>&1)
  if [ "$got" = ok ]; then ok; else bad "$what: $got"; fi
}
verdict "say.py and palette.py" -- "$py" "$check" units "$src/scripts"
for case in ranked no_decision no_extras; do
  if "$report" "crafted/$case.h5" --out "rep-$case" >out 2>err; then ok; else bad "report $case: $(tail -2 err)"; continue; fi
  if grep -q Traceback err; then bad "$case: traceback"; else ok; fi
done
verdict "ranked table, labels and sentences on the crafted plane" -- "$py" "$check" ranked crafted/ranked.h5 rep-ranked
verdict "notes when /decision is missing" -- "$py" "$check" absent crafted/no_decision.h5 rep-no_decision
verdict "notes when null effects and break-even are missing" -- "$py" "$check" absent crafted/no_extras.h5 rep-no_extras
finish
