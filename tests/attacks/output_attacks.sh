#!/usr/bin/env bash
# reoffsim attacks (issue 21) — what a hostile or unlucky file system does to the writers: a
# symlink planted at the temporary's name, predictable temporaries, --force onto a symlink,
# FIFO or device, an output that is an input (config, base file, shard, the shards' config or its
# base file given to merge, calibration spec),
# two runs racing for one --out, a 250-character file name. Each case says what it proves.
# Usage: output_attacks.sh REOFFSIM SOURCE_DIR FAULT_SHIM_SO
set -u
bin=$(realpath "$1")
src=$(realpath "$2")
shim=$(realpath "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
. "$src/tests/test_lib.sh"
skip() { echo "skip: $*"; }
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0"
cfg="$src/configs/baseline.yaml"
small=(--replicates 2 --agents 200 --years 3 --quiet)

# run_to OUT [args...]: reoffsim run of the baseline into OUT; sets $code, stderr in err.
run_to() {
  local out=$1; shift
  timeout -k 5 120 "$bin" run "$cfg" --out "$out" "${small[@]}" "$@" >/dev/null 2>err </dev/null
  code=$?
}
no_temp() { if compgen -G "$work/*.tmp-*" >/dev/null; then bad "$1: temporary left: $(ls "$work" | grep tmp-)"; rm -f "$work"/*.tmp-*; else ok; fi; }

# 1. A symlink planted at the name the old writer used (OUT.tmp-PID; exec keeps the PID) is
#    neither followed (the victim is untouched) nor in the way (the run succeeds).
echo "precious" >victim
bash -c 'ln -s "$1" "$2.tmp-$$" && exec "$3" run "$4" --out "$2" --replicates 2 --agents 200 --years 3 --quiet' \
  _ "$work/victim" "$work/planted.h5" "$bin" "$cfg" >/dev/null 2>err </dev/null
code=$?
[ "$code" -eq 0 ] && ok || bad "planted temp symlink: exit $code: $(head -c 300 err)"
[ "$(cat victim)" = "precious" ] && ok || bad "planted temp symlink: the victim file was overwritten"
[ -s planted.h5 ] && ok || bad "planted temp symlink: no output"
rm -f planted.h5.tmp-*

# 1b. The same attack by another local user, as the issue describes it: `nobody` plants the link in
#     a world-writable directory (not sticky, so the kernel's protected_symlinks does not step in)
#     and root runs reoffsim there. The root-owned victim must be untouched and the run must
#     succeed (the old writer refused to start, as its pre-flight probe used the same name; a link
#     planted after the probe, during the run, it followed).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && getent passwd nobody >/dev/null; then
  chmod 0711 "$work"; mkdir shared; chmod 0777 shared
  echo "precious" >victim2; chmod 0644 victim2
  bash -c 'setpriv --reuid=nobody --regid=nogroup --clear-groups ln -s "$1" "$2.tmp-$$" &&
           exec "$3" run "$4" --out "$2" --replicates 2 --agents 200 --years 3 --quiet' \
    _ "$work/victim2" "$work/shared/out.h5" "$bin" "$cfg" >/dev/null 2>err </dev/null
  code=$?
  [ "$(stat -c %U shared/out.h5.tmp-* 2>/dev/null | head -1)" = nobody ] && ok || bad "setpriv: nobody did not plant the link"
  [ "$code" -eq 0 ] && ok || bad "link planted by another user: exit $code: $(head -c 300 err)"
  [ "$(cat victim2)" = "precious" ] && ok || bad "link planted by another user: root overwrote the victim through it"
  rm -rf shared; chmod 0700 "$work"
else
  skip "not root, or no setpriv/nobody: the other-user symlink case needs both"
fi

# 2. Temporaries are created exclusively (O_EXCL: an existing file or link at the name fails
#    instead of being opened) under names that are not the PID and differ between runs.
if command -v strace >/dev/null 2>&1; then
  names=()
  for k in 1 2; do
    strace -f -qq -e trace=openat,open -o "trace$k" "$bin" run "$cfg" --out "$work/s$k.h5" "${small[@]}" >/dev/null 2>&1
    grep -q 'tmp-' "trace$k" || { bad "strace saw no temporary"; continue; }
    if grep 'tmp-' "trace$k" | grep 'O_CREAT' | grep -qv 'O_EXCL'; then
      bad "a temporary is opened without O_EXCL: $(grep 'tmp-' "trace$k" | grep -v O_EXCL | head -1)"
    else ok; fi
    pid=$(head -1 "trace$k" | awk '{print $1}')
    grep -q "\.tmp-$pid\"" "trace$k" && bad "temporary named after the PID ($pid)" || ok
    names+=("$(grep -o 's[12]\.h5\.tmp-[^"]*' "trace$k" | tail -1 | sed 's/^s[12]//')")
  done
  [ "${names[0]:-x}" != "${names[1]:-x}" ] && ok || bad "two runs used the same temporary suffix ${names[0]:-}"
else
  skip "strace not installed: O_EXCL / name checks"
fi

# 3. --force never replaces what is not a regular file: a symlink (to a victim), a FIFO, a
#    device node (as root; '--out /dev/null --force' replaced /dev/null). Exit 2, all intact.
ln -s "$work/victim" link.h5
run_to "$work/link.h5" --force
[ "$code" -eq 2 ] && [ -L link.h5 ] && [ "$(cat victim)" = "precious" ] && ok ||
  bad "--force onto a symlink: exit $code, link $( [ -L link.h5 ] && echo kept || echo replaced)"
grep -q "symbolic link" err && ok || bad "--force onto a symlink: message: $(head -c 300 err)"
mkfifo fifo.h5
run_to "$work/fifo.h5" --force
[ "$code" -eq 2 ] && [ -p fifo.h5 ] && ok || bad "--force onto a FIFO: exit $code"
grep -q "is a FIFO" err && ok || bad "--force onto a FIFO: message: $(head -c 300 err)"
if [ "$(id -u)" -eq 0 ] && mknod "$work/null.h5" c 1 3 2>/dev/null; then
  run_to "$work/null.h5" --force
  [ "$code" -eq 2 ] && [ -c null.h5 ] && ok || bad "--force onto a device node: exit $code"
  grep -q "is a device" err && ok || bad "--force onto a device: message: $(head -c 300 err)"
else
  skip "not root (or no mknod): device node case"
fi
no_temp "special files"

# 4. An output that is an input is refused even with --force: the config, its base file.
printf 'base: %s\nrun:\n  seed: 7\n' "$cfg" >top.yaml
cp top.yaml top.orig
timeout 120 "$bin" run top.yaml --out top.yaml --force "${small[@]}" >/dev/null 2>err
code=$?
[ "$code" -eq 2 ] && cmp -s top.yaml top.orig && ok || bad "--out = the config: exit $code, config $(cmp -s top.yaml top.orig && echo kept || echo REPLACED)"
grep -q "same file as the config" err && ok || bad "--out = the config: message: $(head -c 300 err)"
cp "$cfg" base.yaml
printf 'base: base.yaml\n' >child.yaml
timeout 120 "$bin" run child.yaml --out base.yaml --force "${small[@]}" >/dev/null 2>err
code=$?
[ "$code" -eq 2 ] && cmp -s base.yaml "$cfg" && ok || bad "--out = a base file: exit $code"
grep -q "same file as a base file" err && ok || bad "--out = a base file: message: $(head -c 300 err)"

# ... a shard given to merge.
for r in 0:1 1:2; do "$bin" run "$cfg" --out "shard${r%:*}.h5" "${small[@]}" --replicate-range $r >/dev/null 2>&1; done
cp shard0.h5 shard0.orig
timeout 120 "$bin" merge shard0.h5 shard1.h5 --out shard0.h5 --force --quiet >/dev/null 2>err
code=$?
[ "$code" -eq 2 ] && cmp -s shard0.h5 shard0.orig && ok || bad "merge --out = a shard: exit $code"
grep -q "same file as the shard" err && ok || bad "merge --out = a shard: message: $(head -c 300 err)"

# ... the config the shards were made from, or its base file, which merge reads again (merge
#     --out CONFIG --force replaced the YAML with HDF5): refused by device and inode, so also
#     through ./ and a hard link. Shards of a local two-file config, so nothing in $src is at risk.
cp "$cfg" mbase.yaml
printf 'base: mbase.yaml\nrun:\n  seed: 11\n' >mtop.yaml
cp mbase.yaml mbase.orig && cp mtop.yaml mtop.orig && ln mtop.yaml mtop_link.yaml
for r in 0:1 1:2; do "$bin" run mtop.yaml --out "mshard${r%:*}.h5" "${small[@]}" --replicate-range $r >/dev/null 2>&1; done
for target in mtop.yaml ./mtop.yaml mtop_link.yaml "$work/mtop.yaml" mbase.yaml ./mbase.yaml; do
  timeout 120 "$bin" merge mshard0.h5 mshard1.h5 --out "$target" --force --quiet >/dev/null 2>err
  code=$?
  [ "$code" -eq 2 ] && cmp -s mtop.yaml mtop.orig && cmp -s mbase.yaml mbase.orig && ok ||
    bad "merge --out $target (the shards' config or its base): exit $code, config $(cmp -s mtop.yaml mtop.orig && cmp -s mbase.yaml mbase.orig && echo kept || echo REPLACED)"
  case $target in *base*) want="same file as a base file of the config mtop.yaml" ;; *) want="same file as the config mtop.yaml" ;; esac
  grep -qF "$want" err && ok || bad "merge --out $target: message: $(head -c 300 err)"
done
timeout 120 "$bin" merge mshard0.h5 mshard1.h5 --out merged.h5 --quiet >/dev/null 2>err && [ -s merged.h5 ] && ok ||
  bad "merge of the two-file config's shards: $(head -c 300 err)"

# ... the calibration spec, and --out X.h5 whose default --h5 is X.h5 too (the fitted YAML
#     was written and then replaced by the table). Refused before fitting.
sed -e "s|^config: .*|config: $cfg|" -e 's/^replicates: .*/replicates: 2/' -e 's/^check_replicates: .*/check_replicates: 2/' \
  -e 's/^agents: .*/agents: 200/' -e 's/^max_evaluations: .*/max_evaluations: 1/' -e 's/^restarts: .*/restarts: 1/' \
  "$src/configs/calibration.yaml" >spec.yaml
cp spec.yaml spec.orig
timeout 300 "$bin" calibrate spec.yaml --out spec.yaml --force --quiet >out 2>err
code=$?
[ "$code" -eq 2 ] && cmp -s spec.yaml spec.orig && ok || bad "calibrate --out = the spec: exit $code"
grep -q "same file as the calibration spec" err && ok || bad "calibrate --out = the spec: message: $(head -c 300 err)"
cp spec.orig spec.yaml
timeout 300 "$bin" calibrate spec.yaml --out fit.h5 --quiet >out 2>err
code=$?
[ "$code" -eq 2 ] && [ ! -e fit.h5 ] && ok || bad "calibrate --out X.h5 (= default --h5): exit $code, fit.h5 $( [ -e fit.h5 ] && echo written)"
grep -q "name the same file" err && ok || bad "calibrate --out = --h5: message: $(head -c 300 err)"
no_temp "outputs that are inputs"

# 5. Two runs racing for one --out (both pass the existence check; the shim slows the write so
#    they overlap): exactly one wins, the other exits 1, says so, leaves no temporary.
for k in 1 2; do
  ( LD_PRELOAD="$shim" FAULT_DELAY_US=1500000 timeout 120 "$bin" run "$cfg" --out "$work/race.h5" "${small[@]}" \
      >/dev/null 2>"race$k.err"; echo $? >"race$k.code" ) &
done
wait
codes=$(cat race1.code race2.code | sort | tr '\n' ' ')
[ "$codes" = "0 1 " ] && ok || bad "race for one --out: exit codes $codes, want one 0 and one 1"
grep -q "appeared while" race1.err race2.err && grep -q "removed its temporary" race1.err race2.err && ok ||
  bad "race loser's message: $(cat race1.err race2.err | head -c 300)"
[ -s race.h5 ] && ok || bad "race: no result"
no_temp "race"

# 6. A 250-character output name (its temporary's name is shortened to fit NAME_MAX).
long=$(printf 'r%.0s' $(seq 247)).h5
run_to "$work/$long"
[ "$code" -eq 0 ] && [ -s "$long" ] && ok || bad "250-character --out: exit $code: $(head -c 300 err)"
no_temp "long name"

# 7. The file gets 0644 less the umask (the temporary is created 0600, then widened).
(umask 027 && run_to "$work/mode.h5")
[ "$(stat -c %a mode.h5)" = 640 ] && ok || bad "mode under umask 027: $(stat -c %a mode.h5), want 640"

finish
