#!/usr/bin/env bash
# reoffsim tests — the build's identity is a hash of its compiled sources (issue 21, item 4), not
# only the git commit ("-dirty" or "unknown" for every build with uncommitted changes): --version,
# /provenance/source_hash and the run fingerprint carry it; scripts/source_hash.cmake gives the
# same hash for the same sources anywhere (outside git too) and another hash when one source file
# changes; merge refuses shards of two builds that differ only in their sources.
# Usage: build_fingerprint_test.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
. "$src/tests/test_lib.sh"
hash_of() { # hash_of TREE: what scripts/source_hash.cmake computes for it
  cmake -DSOURCE_DIR="$1" -DOUTPUT="$work/h.h" -P "$src/scripts/source_hash.cmake" >/dev/null 2>&1 &&
    sed -n 's/^#define REOFFSIM_SOURCE_HASH "\(.*\)"$/\1/p' "$work/h.h"
}
now=$(hash_of "$src")
[[ "$now" =~ ^[0-9a-f]{16}$ ]] && ok || bad "source_hash.cmake gives '$now'"
expect_exit 0 "version" -- "$bin" --version
contains "$work/out" "sources $now," "--version names the hash of the sources it was built from (rebuild before testing)"

# the same sources outside git: the same hash; one changed line: another hash
for t in a b; do mkdir $t && cp -r "$src/sim" "$src/include" "$src/CMakeLists.txt" $t/; done
echo "/* a local change */" >> b/sim/engine.c
[ "$(hash_of "$work/a")" = "$now" ] && ok || bad "a copy of the sources outside git hashes differently"
[ "$(hash_of "$work/b")" != "$now" ] && ok || bad "a changed sim/engine.c keeps the hash"
echo "/* x */" >> a/include/reoffsim/types.h
[ "$(hash_of "$work/a")" != "$now" ] && ok || bad "a changed header keeps the hash"

cfg=$src/configs/triborough.yaml
run=(--agents 200 --years 3 --replicates 2 --quiet --threads 1)
"$bin" run "$cfg" "${run[@]}" --replicate-range 0:1 --out a.h5 >/dev/null 2>&1
"$bin" run "$cfg" "${run[@]}" --replicate-range 1:2 --out b.h5 >/dev/null 2>&1
h5dump -a /provenance/source_hash a.h5 2>/dev/null | grep -q "\"$now\"" && ok || bad "/provenance/source_hash is not $now"
h5dump -a /shard/fingerprint a.h5 2>/dev/null | grep -q "source hash: $now" && ok || bad "the fingerprint lacks 'source hash: $now'"

# b.h5 as another build with the same commit would write it: only the source hash differs
/usr/bin/python3 - <<'EOF'
import h5py, numpy as np, struct
table = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    table.append(c)
def crc32c(crc, data):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF
with h5py.File("b.h5", "r+") as f:
    g = f["/shard"]
    fp = g.attrs["fingerprint"].decode()
    lines = [("source hash: 0123456789abcdef" if l.startswith("source hash: ") else l) for l in fp.split("\n")]
    fp = "\n".join(lines)
    g.attrs["fingerprint"] = np.bytes_(fp)
    a = g.attrs
    c = crc32c(0, b"reoffsim units 2\0")
    c = crc32c(c, fp.encode() + b"\0")
    c = crc32c(c, a["config_path"].decode().encode() + b"\0")
    vals = [int(a["seed"].decode())] + [int(a[k]) for k in ("total_replicates", "first_replicate", "n_replicates",
                                                               "n_agents", "years", "point_estimates", "n_units")]
    c = crc32c(c, struct.pack("<Q7q", *vals))
    c = crc32c(c, np.asarray(g["crc32c"][...], dtype="<u4").tobytes())
    g.attrs["checksum"] = np.int64(c)
EOF
expect_exit 2 "merge of two builds' shards" -- "$bin" merge a.h5 b.h5 --out m.h5 --quiet
contains "$work/err" "are not shards of the same run (source hash: $now in" "merge names the source hash"
[ ! -e m.h5 ] && ok || bad "merge of two builds wrote a file"
finish
