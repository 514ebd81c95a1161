#!/usr/bin/env bash
# reoffsim attacks — scripts/report and scripts/export on crafted results files (a real run's
# file changed with h5py by tests/attacks/craft_results.py): strings where numbers belong, a
# scenario named '../a/b', scenario names that are spreadsheet formulas, dangling dimension
# scales and links, a 10^9-long scale on a 5-long axis, a consistent 10^9-long array (more than
# the memory limit set here), arrays whose shape does not match their scales or the scenarios.
# Wanted: exit 2 with a message naming what is wrong (1 "out of memory" for the huge array),
# never a Python traceback, never an output directory or temporary left; a report or export
# whose CSV cells a spreadsheet would not run as formulas, with numbers left as numbers.
# Usage: report_export_attacks.sh REOFFSIM SOURCE_DIR   (needs python3-h5py, -numpy, -matplotlib)
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
. "$src/tests/test_lib.sh"
"$bin" run "$src/configs/triborough.yaml" --agents 300 --years 3 --replicates 3 --quiet --out r.h5 >/dev/null 2>&1 \
  || { bad "reoffsim run"; finish; exit; }
mkdir crafted
/usr/bin/python3 "$src/tests/attacks/craft_results.py" r.h5 crafted || { bad "craft_results.py"; finish; exit; }

# tool TOOL CASE: run scripts/TOOL on crafted/CASE.h5 into out-TOOL-CASE under a 1.5 GB
# address-space limit (the 10^9-value cases need 8 GB); sets $code, stderr in err.
tool() {
  (ulimit -v 1500000; exec timeout -k 5 240 "$src/scripts/$1" "crafted/$2.h5" --out "out-$1-$2" >out 2>err)
  code=$?
}
no_traceback() { if grep -q Traceback err; then bad "$1: Python traceback: $(tail -1 err)"; else ok; fi; }
no_output() { # no_output DIR DESCRIPTION
  if [ -e "$1" ] || compgen -G ".$1.tmp-*" >/dev/null; then bad "$2: left $(ls -ad "$1" ".$1".tmp-* 2>/dev/null)"; else ok; fi
}
# refused TOOL CASE CODE MESSAGE: exit CODE, MESSAGE in stderr, no traceback, nothing left.
refused() {
  tool "$1" "$2"
  [ "$code" -eq "$3" ] && ok || bad "$1 $2: exit $code, want $3 ($(tail -1 err))"
  contains err "$4" "$1 $2: message"
  no_traceback "$1 $2"
  no_output "out-$1-$2" "$1 $2"
}

# (a) strings in a summary, (f) wrong shape, names that are numbers, a scale shorter than its
# axis, a dangling link, (d) a 10^9-long scale on a 5-long axis, a 10^9-value array.
refused report strings_summary 2 "/summary/proven_reoffending_rate_mean holds object, expected numbers"
refused report wrong_shape 2 "expected 5 rows (one per scenario in /results/scenario)"
refused report wrong_dtype_scale 2 "/results/scenario holds float64, expected strings"
refused report short_scale 2 "/comparison/offences_per_year_difference_mean axis 0 has 5 entries but its dimension scale has 2"
refused report dangling_link 2 "missing /economics/npv_mean"
refused report huge_scale 2 "/summary/offences_per_year_mean axis 0 has 5 entries but its dimension scale has 1000000000"
refused report huge_axis 1 "out of memory"
# (c) dangling dimension scales, (d), (f) as above, for the export.
refused export dangling_scale 2 "its dimension scale is no longer in the file (dangling reference)"
refused export wrong_dtype_scale 2 "its dimension scale is no longer in the file (dangling reference)"
refused export short_scale 2 "/comparison/offences_per_year_difference_mean axis 0 has 5 entries but its dimension scale /comparison/short has shape (2,)"
refused export dangling_link 2 "/economics/npv_mean: a link to nothing (dangling)"
refused export huge_scale 2 "dimension scale /summary/huge has shape (1000000000,)"
refused export huge_axis 1 "out of memory"

# (b) a scenario named '../a/b': a report, its savings table under a name not taken from the file.
tool report slash_scenario
[ "$code" -eq 0 ] && [ -s out-report-slash_scenario/index.html ] && ok || bad "report slash_scenario: exit $code ($(tail -1 err))"
no_traceback "report slash_scenario"
[ -s out-report-slash_scenario/savings_scenario0.csv ] && ok \
  || bad "report slash_scenario: no savings_scenario0.csv ($(ls out-report-slash_scenario 2>/dev/null | grep savings | tr '\n' ' '))"
[ -z "$(find . -name 'b.csv')" ] && ok || bad "report slash_scenario: wrote $(find . -name 'b.csv')"

# (e) scenario names that are formulas: text cells neutralised, numbers left as numbers.
tool report formula_scenario
[ "$code" -eq 0 ] && ok || bad "report formula_scenario: exit $code ($(tail -1 err))"
no_traceback "report formula_scenario"
/usr/bin/python3 "$src/tests/attacks/csv_neutralised.py" out-report-formula_scenario/differences_vs_reference.csv \
  && ok || bad "report formula_scenario: differences_vs_reference.csv not neutralised"
tool export formula_scenario
[ "$code" -eq 0 ] && ok || bad "export formula_scenario: exit $code ($(tail -1 err))"
no_traceback "export formula_scenario"
/usr/bin/python3 "$src/tests/attacks/csv_neutralised.py" out-export-formula_scenario/comparison.csv \
  && ok || bad "export formula_scenario: comparison.csv not neutralised"
finish
