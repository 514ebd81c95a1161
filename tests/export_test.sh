#!/usr/bin/env bash
# reoffsim tests — scripts/export writes tidy CSV: row counts per file, values
# equal to h5py's reading of the same file (export_check.py), and its exit
# codes: 2 for a missing, non-HDF5 or non-reoffsim input, 1 for an output it
# cannot write (nothing left behind), --force only over a previous export.
# Usage: export_test.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
. "$src/tests/test_lib.sh"
. "$src/tests/small_run.sh"
export=$src/scripts/export
small_run "$work/r.h5" --tornado 2 || { echo "FAIL: run"; echo "0 passed, 1 failed"; exit 1; }

expect_exit 0 "export" -- "$export" "$work/r.h5" --out "$work/csv"
/usr/bin/python3 "$src/tests/export_check.py" "$work/r.h5" "$work/csv" || bad "export_check.py"

expect_exit 0 "--help" -- "$export" --help
contains "$work/out" "Exit codes" "--help documents exit codes"
expect_exit 2 "missing input" -- "$export" "$work/nope.h5" --out "$work/x1"
contains "$work/err" "no such file" "missing input message"
printf 'not hdf5\n' > "$work/text.h5"
expect_exit 2 "non-HDF5 input" -- "$export" "$work/text.h5" --out "$work/x2"
contains "$work/err" "not an HDF5 file" "non-HDF5 message"
/usr/bin/python3 -c 'import h5py, sys; h5py.File(sys.argv[1], "w").attrs["title"] = "something else"' "$work/other.h5"
expect_exit 2 "HDF5 that is not a reoffsim file" -- "$export" "$work/other.h5" --out "$work/x3"
contains "$work/err" "not a reoffsim results file" "non-reoffsim message"
expect_exit 2 "missing --out" -- "$export" "$work/r.h5"
[ ! -e "$work/x1" ] && [ ! -e "$work/x2" ] && [ ! -e "$work/x3" ] && ok || bad "a refused export left output"

# I/O failure: exit 1 and no half output (read-only parent; skipped as root, who can write anyway).
mkdir "$work/ro"; chmod a-w "$work/ro"
if [ "$(id -u)" -ne 0 ]; then
  expect_exit 1 "unwritable output directory" -- "$export" "$work/r.h5" --out "$work/ro/csv"
  [ -z "$(ls -A "$work/ro")" ] && ok || bad "unwritable parent: something was left in it"
fi
expect_exit 1 "output under a missing directory" -- "$export" "$work/r.h5" --out "$work/no/such/csv"
[ ! -e "$work/no" ] && ok || bad "missing parent was created"

# An existing directory: refused without --force; --force only over a previous export.
expect_exit 2 "existing export without --force" -- "$export" "$work/r.h5" --out "$work/csv"
expect_exit 0 "--force over a previous export" -- "$export" "$work/r.h5" --out "$work/csv" --force
mkdir "$work/mine"; echo keep > "$work/mine/notes.txt"
expect_exit 2 "--force over a directory that is not an export" -- "$export" "$work/r.h5" --out "$work/mine" --force
[ -f "$work/mine/notes.txt" ] && ok || bad "user's directory was touched"
[ -z "$(ls -A "$work" | grep '\.tmp-\|\.old-')" ] && ok || bad "temporary directories left: $(ls -A "$work")"
finish
