#!/usr/bin/env bash
# reoffsim robustness — damaged shards and checkpoints (issue 21, item 3): bytes of a unit record,
# its scenario/replicate/checksum entries and the /shard header attributes of a small shard are
# changed one at a time (h5py); `reoffsim merge` must refuse each with exit 2 and a message naming
# the file (and, for a unit, "unit (scenario ..., replicate ...)"), never exit 0 with changed
# results, never crash (ASan build: never a sanitizer report), and leave no output. The same for a
# checkpoint journal and `run --resume` (a journal built from the whole-range shard's rows: header
# text, then per unit its record; the same damage to its bytes, fields and header). A group in the
# older format is refused by name.
# Usage: damaged_units.sh REOFFSIM SOURCE_DIR
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
. "$src/tests/test_lib.sh"
cfg=$src/configs/triborough.yaml
run=(--agents 200 --years 3 --replicates 2 --quiet --threads 1)
"$bin" run "$cfg" "${run[@]}" --out all.h5 >/dev/null 2>err || { bad "single run: $(cat err)"; finish; exit; }
"$bin" run "$cfg" "${run[@]}" --replicate-range 0:1 --out a.h5 >/dev/null 2>err || bad "shard 0:1: $(cat err)"
"$bin" run "$cfg" "${run[@]}" --replicate-range 1:2 --out b.h5 >/dev/null 2>err || bad "shard 1:2: $(cat err)"
"$bin" merge a.h5 b.h5 --out good.h5 --quiet >/dev/null 2>err && ok || bad "intact shards do not merge: $(cat err)"
# a checkpoint journal holding every unit, built from the rows of a whole-range shard (same fingerprint)
"$bin" run "$cfg" "${run[@]}" --replicate-range 0:2 --out whole.h5 >/dev/null 2>err || bad "shard 0:2: $(cat err)"
cat > journal.py <<'PY'
import h5py, struct, sys
def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF
def journal(shard, out):
    with h5py.File(shard, "r") as f:
        g = f["/shard"]
        text = (g.attrs["fingerprint"].decode() + "config: " + g.attrs["config_path"].decode() +
                "\nfirst replicate: %d\nreplicates here: %d\n" % (g.attrs["first_replicate"], g.attrs["n_replicates"])).encode()
        rows = [(int(s), int(r), int(c), bytes(u)) for s, r, c, u in
                zip(g["scenario"][...], g["replicate"][...], g["crc32c"][...], g["unit"][...])]
    with open(out, "wb") as o:
        o.write(b"reoffsim journal 1\n" + struct.pack("<I", len(text)) + text + struct.pack("<I", crc32c(text)))
        for s, r, c, u in rows:
            o.write(struct.pack("<iiiI", 0x554a5352, s, r, c) + u)
    return len(rows), len(text)
if __name__ == "__main__":
    journal(sys.argv[1], sys.argv[2])
PY
/usr/bin/python3 journal.py whole.h5 r.h5.ckpt || bad "journal.py failed"
"$bin" run "$cfg" "${run[@]}" --out r.h5 --resume >/dev/null 2>err && ok || bad "intact checkpoint does not resume: $(cat err)"
h5diff --exclude-path /provenance all.h5 r.h5 >/dev/null 2>&1 && ok || bad "resumed run differs from the single run"

# CASE lines: kind where detail -- kind: unit (byte offset in row 0 of /shard/unit), row (dataset of
# the per-row arrays, index 0), attr (header attribute, new value). Expected stderr fragment after '|'.
/usr/bin/python3 - "$bin" "$cfg" "${run[*]}" <<'EOF' >results.txt
import h5py, numpy as np, os, shutil, subprocess, sys
sys.path.insert(0, ".")
from journal import journal
binary, cfg, run = sys.argv[1], sys.argv[2], sys.argv[3].split()
with h5py.File("a.h5", "r") as f:
    packed = f["/shard/unit"].shape[1]
struct = 792 if packed == 792 + 3 * 42 * 8 else packed - 3 * 42 * 8  # rs_unit_result, then 3 years x 42 totals
years_at = struct - 24                                                 # int years; pad; double *year; events
unit_offsets = sorted(set(list(range(0, 8)) + [16 * 8 * k + 7 for k in range(6)] + [16 * 8 + 3, 5 * 16 * 8 + 64]
                      + list(range(years_at, struct)) + [struct, struct + 7, (struct + packed) // 2, packed - 1]))
cases = [("unit", o, None) for o in unit_offsets]
cases += [("row", "scenario", None), ("row", "replicate", None), ("row", "crc32c", None)]
cases += [("attr", "n_units", 4), ("attr", "years", 2), ("attr", "first_replicate", 1), ("attr", "checksum", 12345),
          ("attr", "n_agents", 201), ("attr", "fingerprint", "format: reoffsim run fingerprint 1\n")]

def damage(path, group, kind, where, value):
    with h5py.File(path, "r+") as f:
        g = f[group]
        if kind == "unit":
            row = g["unit"][0]
            row[where] ^= 0xFF
            g["unit"][0] = row
        elif kind == "row":
            d = g[where]
            v = d[...]
            v[0] ^= 0x40
            d[...] = v
        elif isinstance(value, str):
            g.attrs[where] = np.bytes_(value)
        else:
            g.attrs[where] = np.int64(value)

def check(label, cmd, name, kind, out):
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = p.stderr.strip().replace("\n", " / ")[:400]
    want = [name + ":"] + (["unit (scenario ", ", replicate "] if kind in ("unit", "row") else [])
    problems = []
    if p.returncode != 2: problems.append("exit %d, want 2" % p.returncode)
    if "Sanitizer" in p.stderr or "runtime error" in p.stderr: problems.append("sanitizer report")
    for w in want:
        if w not in p.stderr: problems.append("stderr lacks '%s'" % w)
    if os.path.exists(out): problems.append("output written")
    print(("ok   " if not problems else "FAIL ") + label + (": " + "; ".join(problems) + " | " + err if problems else ""))
    if os.path.exists(out): os.unlink(out)

for kind, where, value in cases:
    shutil.copy("a.h5", "damaged.h5")
    damage("damaged.h5", "/shard", kind, where, value)
    check("merge, %s %s" % (kind, where), [binary, "merge", "damaged.h5", "b.h5", "--out", "x.h5", "--quiet"],
          "damaged.h5", kind, "x.h5")
def damage_journal(path, n_text, kind, where):
    """The journal's counterpart of damage(): a byte of record 0's unit, a field of record 0, or the header."""
    head = len(b"reoffsim journal 1\n") + 4
    rec0 = head + n_text + 4
    with open(path, "r+b") as f:
        if kind == "unit": at = rec0 + 16 + where
        elif kind == "row": at = rec0 + {"scenario": 4, "replicate": 8, "crc32c": 12}[where]
        else: at = head + n_text // 2
        f.seek(at)
        b = f.read(1)
        f.seek(at)
        f.write(bytes([b[0] ^ (0xFF if kind == "unit" else 0x40)]))

for kind, where, value in \
        [c for i, c in enumerate(cases) if c[0] != "attr" and (i % 3 == 0 or c[0] == "row")] + [("attr", "header", None)]:
    if os.path.exists("c.h5.ckpt"): os.unlink("c.h5.ckpt")
    n_rows, n_text = journal("whole.h5", "c.h5.ckpt")
    damage_journal("c.h5.ckpt", n_text, kind, where)
    check("resume, %s %s" % (kind, where), [binary, "run", cfg] + run + ["--out", "c.h5", "--resume"],
          "c.h5.ckpt", kind, "c.h5")
# the older format: refused by name
shutil.copy("a.h5", "old.h5")
with h5py.File("old.h5", "r+") as f:
    f["/shard"].attrs["format"] = np.bytes_("reoffsim units 1")
p = subprocess.run([binary, "merge", "old.h5", "b.h5", "--out", "x.h5", "--quiet"], stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, text=True)
good = p.returncode == 2 and "old.h5: /shard is in format 'reoffsim units 1'" in p.stderr and not os.path.exists("x.h5")
print(("ok   " if good else "FAIL ") + "older format" + ("" if good else ": exit %d | %s" % (p.returncode, p.stderr[:300])))
EOF
while IFS= read -r line; do
  case "$line" in ok*) ok ;; *) bad "${line#FAIL }" ;; esac
done < results.txt
[ -s results.txt ] || bad "the flip script produced no results"
finish
