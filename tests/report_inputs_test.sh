#!/usr/bin/env bash
# reoffsim tests — scripts/report on awkward inputs and too little memory (issue 21, item 13):
# a '$' in a scenario name (matplotlib would parse it as TeX) gives a report; a results file
# without the 'all' subgroup is refused with exit 2 and a message; under a small address-space
# limit (ulimit -v) the report exits 1 with "out of memory" or succeeds. Never a Python
# traceback, never a report directory (or its temporary) left by a failure.
# Usage: report_inputs_test.sh REOFFSIM SOURCE_DIR   (needs python3-h5py, -numpy, -matplotlib)
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
report="$src/scripts/report"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
. "$src/tests/test_lib.sh"
"$bin" run "$src/configs/triborough.yaml" --agents 300 --years 3 --replicates 3 --quiet --out r.h5 >/dev/null 2>&1 \
  || { bad "reoffsim run"; finish; exit; }
/usr/bin/python3 - <<'EOF'
import h5py, shutil
shutil.copy("r.h5", "dollar.h5")
with h5py.File("dollar.h5", "r+") as f:
    d = f["results/scenario"]; v = d[...]; v[3] = b"gto_$x^{$_cut" ; d[...] = v
shutil.copy("r.h5", "noall.h5")
with h5py.File("noall.h5", "r+") as f:
    for k in ("summary/subgroup", "results/subgroup"):
        d = f[k]; v = d[...]; v[0] = b"everyone"; d[...] = v
EOF
no_leftovers() { # no_leftovers DIR DESCRIPTION
  if [ -e "$1" ] || compgen -G ".$(basename "$1").tmp-*" >/dev/null; then bad "$2: left $(ls -ad "$1" ."$(basename "$1")".tmp-* 2>/dev/null)"; else ok; fi
}
no_traceback() { if grep -q Traceback err; then bad "$1: Python traceback: $(tail -2 err)"; else ok; fi; }

"$report" dollar.h5 --out rep-dollar >out 2>err; code=$?
[ "$code" -eq 0 ] && [ -s rep-dollar/index.html ] && ok || bad "'\$' in a scenario name: exit $code ($(tail -1 err))"
grep -qF 'gto_$x^{$_cut' rep-dollar/index.html 2>/dev/null && ok || bad "'\$' scenario name not shown as written"
no_traceback "'\$' in a scenario name"

"$report" noall.h5 --out rep-noall >out 2>err; code=$?
[ "$code" -eq 2 ] && ok || bad "no 'all' subgroup: exit $code, want 2"
contains err "noall.h5: /summary/subgroup has no 'all' subgroup" "no 'all' subgroup: message"
no_traceback "no 'all' subgroup"
no_leftovers rep-noall "no 'all' subgroup"

# 100 MB: not even numpy/matplotlib load; 110-130 MB: out of memory while building (on Debian 12)
for lim in 100000 110000 120000 130000; do
  (ulimit -v $lim; exec "$report" r.h5 --out rep-mem >out 2>err); code=$?
  if [ "$code" -eq 0 ]; then
    [ -s rep-mem/index.html ] && ok || bad "ulimit -v $lim: exit 0 without index.html"
  else
    [ "$code" -eq 1 ] && ok || bad "ulimit -v $lim: exit $code, want 1 (or 0) ($(tail -1 err))"
    grep -q "out of memory" err && ok || bad "ulimit -v $lim: no 'out of memory' message ($(tail -1 err))"
    no_leftovers rep-mem "ulimit -v $lim"
  fi
  no_traceback "ulimit -v $lim"
  rm -rf rep-mem
done
# Which failure counts as out of memory does not depend on where the limit happens to bite:
# both of CPython's wordings of "a C extension returned NULL without an exception" (seen from
# h5py and from matplotlib under ulimit -v), a MemoryError wrapped in another exception, and
# not an ordinary SystemError or ValueError.
PYTHONPATH="$src/scripts" /usr/bin/python3 - <<'EOF' && ok || bad "out_of_memory classifies failures"
from report_lib.memory import out_of_memory as oom
assert oom(SystemError("<function Axis.get_tightbbox at 0x7f> returned NULL without setting an exception"))
assert oom(SystemError("error return without exception set"))
try:
    try:
        raise MemoryError()
    except MemoryError as e:
        raise ValueError("wrapped") from e
except ValueError as e:
    assert oom(e)
assert not oom(SystemError("bad argument")) and not oom(ValueError("x"))
EOF
finish
