#!/usr/bin/env bash
# reoffsim robustness — valgrind memcheck on a small run of the default
# comparison (threads 2, economics, HDF5 writing): no invalid reads or
# writes, no definite or indirect leaks. Usage: memcheck.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
command -v valgrind >/dev/null || { echo "FAIL: valgrind not installed"; echo "0 passed, 1 failed"; exit 1; }
valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --show-leak-kinds=definite,indirect "$bin" run "$src/configs/triborough.yaml" --agents 300 --replicates 2 \
  --years 3 --threads 2 --out "$work/r.h5" --quiet > /dev/null 2> "$work/vg.txt"
code=$?
grep -E "ERROR SUMMARY|definitely lost|indirectly lost" "$work/vg.txt"
if [ "$code" -eq 0 ] && [ -s "$work/r.h5" ]; then echo "1 passed, 0 failed"; exit 0; fi
tail -40 "$work/vg.txt"; echo "FAIL: memcheck exit $code"; echo "0 passed, 1 failed"; exit 1
