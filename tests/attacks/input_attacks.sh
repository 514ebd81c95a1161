#!/usr/bin/env bash
# reoffsim attacks (issue 21) — hostile inputs the bad-config corpus cannot hold as files: FIFOs
# and directories where a config, a checkpoint or a shard is expected (never block, name the referencing file:line),
# 100k keys and 100k nested '[' (no quadratic time), a secret-looking base file (not echoed),
# escape sequences in a description (escaped in the summary), calibration specs with a free
# parameter or a target name twice, or a \0 escape.
# Usage: input_attacks.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
. "$src/tests/test_lib.sh"
cfg="$src/configs/baseline.yaml"

# check WANT_EXIT FRAGMENT WHAT -- command...: exit code and a stderr fragment; a 20 s limit
# (a FIFO must not block; big inputs must not take quadratic time).
check() {
  local want=$1 frag=$2 what=$3 got
  shift 4
  timeout -k 5 20 "$@" >out 2>err </dev/null
  got=$?
  if [ "$got" -ne "$want" ]; then bad "$what: exit $got, want $want: $(head -c 300 err)"; return; fi
  grep -qF -- "$frag" err && ok || bad "$what: stderr lacks '$frag': $(head -c 300 err)"
}

# 1. A FIFO or a directory as the config, as its base, as a spec's config: refused, never opened.
mkfifo fifo.yaml
mkdir dir.yaml
check 2 "fifo.yaml: is a FIFO, not a regular file" "config is a FIFO" -- "$bin" validate fifo.yaml
check 2 "dir.yaml: is a directory, not a regular file" "config is a directory" -- "$bin" validate dir.yaml
printf 'base: fifo.yaml\n' >base_fifo.yaml
check 2 "base_fifo.yaml:1: base: " "base is a FIFO" -- "$bin" validate base_fifo.yaml
grep -qF "is a FIFO" err && ok || bad "base is a FIFO: message: $(head -c 300 err)"
printf 'config: fifo.yaml\nfree:\n  offending.hazard_scale: [1, 2]\n' >spec_fifo.yaml
check 2 "spec_fifo.yaml:1: config: " "spec's config is a FIFO" -- "$bin" check-targets spec_fifo.yaml
check 2 "fifo.yaml: is a FIFO" "run of a FIFO" -- "$bin" run fifo.yaml --out r.h5 --quiet
# ... and where an HDF5 input is read: a FIFO at OUT.ckpt with run --resume, a FIFO as a shard
#     given to merge (first, or after a real shard). H5Fis_hdf5/H5Fopen blocked on it forever.
check 2 "fifo_run.h5.ckpt: is a FIFO, not a regular file" "FIFO as the checkpoint" -- \
  bash -c 'mkfifo fifo_run.h5.ckpt && exec "$0" run "$1" --out fifo_run.h5 --replicates 2 --agents 200 --years 3 --quiet --resume' "$bin" "$cfg"
[ ! -e fifo_run.h5 ] && [ -p fifo_run.h5.ckpt ] && ok || bad "FIFO as the checkpoint: an output was written or the FIFO replaced"
"$bin" run "$cfg" --out shard0.h5 --replicates 2 --replicate-range 0:1 --agents 200 --years 3 --quiet >/dev/null 2>&1
mkfifo fifo_shard.h5
check 2 "fifo_shard.h5: is a FIFO, not a regular file" "FIFO as the only shard" -- "$bin" merge fifo_shard.h5 --out m.h5 --quiet
check 2 "fifo_shard.h5: is a FIFO, not a regular file" "FIFO as the second shard" -- "$bin" merge shard0.h5 fifo_shard.h5 --out m.h5 --quiet
[ ! -e m.h5 ] && ok || bad "FIFO as a shard: an output was written"

# 2. Size attacks in linear time: 100k distinct keys (pairwise duplicate check: > 120 s), 100k
#    nested '[' (libyaml: 38 s), 100k keys in a scenario's set:.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "k%d: 1\n", i }' >keys.yaml
check 2 "keys.yaml:1: k0: unknown top-level key" "100k distinct keys" -- "$bin" validate keys.yaml
{ printf 'base: %s\nscenarios:\n  - name: a\n    set:\n' "$cfg"
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "      court.k%d: 1\n", i }'; } >setkeys.yaml
check 2 "court.k0: unknown key" "100k keys in set:" -- "$bin" validate setkeys.yaml
awk 'BEGIN { printf "a: "; for (i = 0; i < 100000; i++) printf "["; print "" }' >deep.yaml
check 2 "deep.yaml:1: nested more than 64 levels deep" "100k nested [" -- "$bin" validate deep.yaml
{ awk 'BEGIN { for (i = 0; i < 50000; i++) printf "k%d: 1\n", i }'; echo "k77: 2"; } >dupkeys.yaml
check 2 "dupkeys.yaml:50001: k77: given twice" "a duplicate among 50k keys" -- "$bin" validate dupkeys.yaml

# 3. A base file that is not a config (like base: /etc/shadow): no content in the message.
printf 'root:$y$j9T$SECRETHASHSECRETHASH:19000:0:99999:7:::\n' >shadow
printf 'base: shadow\n' >steal.yaml
check 2 "shadow:1: root...: unknown top-level key" "shadow-like base" -- "$bin" validate steal.yaml
grep -q SECRET err && bad "a secret-looking base file was echoed: $(head -c 300 err)" || ok
printf 'password: "SECRETSECRETSECRETSECRETSECRETSECRETSECRET"\n' >secret2
printf 'base: secret2\n' >steal2.yaml
check 2 "secret2:1: password: unknown top-level key" "secret-looking value" -- "$bin" validate steal2.yaml
grep -q SECRET err && bad "a secret-looking value was echoed: $(head -c 300 err)" || ok

# 4. Escape sequences in a scenario description are escaped in the run summary (stdout).
printf 'base: %s\nscenarios:\n  - name: a\n    description: "\\e[2Jcleared \\u0085 \\x9b31m"\n  - name: b\n' "$cfg" >esc.yaml
check 0 "" "description with escapes" -- "$bin" run esc.yaml --out esc.h5 --replicates 2 --agents 200 --years 3
grep -qF 'a - \x1b[2Jcleared \xc2\x85 \xc2\x9b31m' out && ok || bad "description not shown escaped: $(grep -a 'Scenario a' out)"
LC_ALL=C grep -q $'\x1b' out && bad "raw ESC on stdout" || ok
# ... and a right-to-left override (U+202E), which would make the rest of the line read backwards.
printf 'base: %s\nscenarios:\n  - name: a\n    description: "safe \\u202etxet"\n  - name: b\n' "$cfg" >rtl.yaml
check 0 "" "description with a bidi override" -- "$bin" run rtl.yaml --out rtl.h5 --replicates 2 --agents 200 --years 3
grep -qF 'a - safe \xe2\x80\xaetxet' out && ok || bad "bidi override not shown escaped: $(grep -a 'Scenario a' out)"
LC_ALL=C grep -q $'\xe2\x80\xae' out && bad "raw U+202E on stdout" || ok

# 5. Calibration specs: a free parameter twice, a target name twice, a duplicate key.
spec() { # spec FILE FREE_LINES TARGET_NAMES...
  local f=$1 free=$2; shift 2
  { printf 'config: %s\nfree:\n%s' "$cfg" "$free"; printf 'targets:\n'
    for n in "$@"; do printf '  - {name: %s, kind: rate, groups: [all], value: 0.25, tolerance: 0.01, source: x}\n' "$n"; done
  } >"$f"
}
spec dupfree.yaml $'  offending.hazard_scale: [1, 2]\n  offending.hazard_scale: [2, 3]\n' t1
check 2 "dupfree.yaml:4: free.offending.hazard_scale: given twice" "free parameter twice" -- "$bin" check-targets dupfree.yaml
spec duptarget.yaml $'  offending.hazard_scale: [1, 2]\n' t1 t1
check 2 "duptarget.yaml:6: targets.name: duplicate target name 't1'" "target name twice" -- "$bin" check-targets duptarget.yaml
spec dupkey.yaml $'  offending.hazard_scale: [1, 2]\n' t1
printf 'replicates: 4\nreplicates: 5\n' >>dupkey.yaml
check 2 "dupkey.yaml:7: replicates: given twice" "spec key twice" -- "$bin" check-targets dupkey.yaml

# 6. A \0 escape in a calibration spec (the YAML layer refuses it for configs and specs alike;
#    configs: bad_configs 88-91): the spec's config name was cut at the NUL before.
printf 'config: "%s\\0junk"\nfree:\n  offending.hazard_scale: [1, 2]\n' "$cfg" >nulspec.yaml
check 2 "nulspec.yaml:1: a key or value contains a NUL character" "NUL in a spec value" -- "$bin" check-targets nulspec.yaml

finish
