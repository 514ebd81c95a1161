#!/usr/bin/env bash
# reoffsim tests — Bayesian calibration (calibrate --posterior, ABC-SMC) on a
# small spec: the posterior file round-trips (h5py and a run config read it);
# a run drawing from it is bitwise identical for 1 and 2 threads; two
# identical scenarios get the same draw in every replicate (pairing);
# /provenance names the file and its checksum; SIGTERM leaves a checkpoint
# that --resume continues to the same posterior; crafted bad posterior files
# and conflicting configs are refused with exit 2 and file:line.
# Usage: calibration_abc_test.sh REOFFSIM SOURCE_DIR H5DIFF
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd); h5diff=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$src/tests/test_lib.sh"
py=/usr/bin/python3

cp "$src/configs/baseline.yaml" "$work/baseline.yaml"
cat > "$work/spec.yaml" <<'YAML'
description: small ABC spec for the test (two parameters, one held-out target)
config: baseline.yaml
agents: 600
years: 3
seed: 11
free:
  court.delay_first_time_days: [20.0, 120.0]
  offending.hazard_scale: [1.0, 20.0]
targets:
  - {name: court_delay, kind: court_delay, groups: [all], value: 64, tolerance: 8, source: "test"}
  - {name: adult_one_year_rate, kind: rate, groups: [all], value: 0.256, tolerance: 0.01, source: "test"}
  - {name: triborough_ssp, kind: rate, groups: [custody_short], value: 0.52, tolerance: 0.07, weight: 0, source: "test: held out"}
abc: {particles: 60, max_generations: 5, predictive_draws: 12, epsilon: 1.5}
YAML

# 1. The sampler runs, prints its diagnostics, writes the file and no checkpoint.
if "$bin" calibrate "$work/spec.yaml" --posterior "$work/post.h5" --threads 2 > "$work/cal.out" 2> "$work/cal.err"; then ok
else bad "calibrate --posterior failed"; cat "$work/cal.err"; fi
contains "$work/cal.err" "generation   0" "progress per generation"
contains "$work/cal.out" "Posterior predictive check" "predictive table"
contains "$work/cal.out" "held out" "held-out target in the predictive table"
[ ! -e "$work/post.h5.ckpt" ] && ok || bad "checkpoint left behind after success"

# 2. Round trip: what h5py reads is what the spec and the sampler said.
$py - "$work/post.h5" "$work/spec.yaml" <<'PY' && ok || bad "posterior file contents"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    p = f["calibration/posterior"]
    names = [n.decode() for n in p["parameter"][()]]
    assert names == ["court.delay_first_time_days", "offending.hazard_scale"], names
    d, w = p["draws"][()], p["weights"][()]
    assert d.shape == (60, 2) and w.shape == (60,), (d.shape, w.shape)
    assert np.all(w > 0) and abs(w.sum() - 1) < 1e-9
    assert np.all(d[:, 0] >= 20) and np.all(d[:, 0] <= 120) and np.all(d[:, 1] >= 1) and np.all(d[:, 1] <= 20)
    assert int(p.attrs["seed"]) == 11
    a = f["calibration/abc"]
    g = a["epsilon"].shape[0]
    assert g >= 2 and a["ess"].shape == (g,) and a["acceptance"].shape == (g,)
    assert np.all(np.diff(a["epsilon"][1:]) <= 0), a["epsilon"][()]   # tolerances shrink
    assert np.all(a["distance"][()] <= a["epsilon"][-1] + 1e-12)     # every particle within the last one
    q = f["calibration/predictive"]
    assert [t.decode() for t in q["target"][()]] == ["court_delay", "adult_one_year_rate", "triborough_ssp"]
    assert q["statistics"].shape == (12, 3) and np.all(q["p025"][()] <= q["p975"][()])
    assert [r.decode() for r in q["role"][()]] == ["fitted", "fitted", "held out"]
PY
# The spec text is exactly the file's.
$py - "$work/post.h5" "$work/spec.yaml" <<'PY' && ok || bad "spec text differs from the spec file"
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    t = f["calibration/posterior"].attrs["spec_text"]
    t = t.decode() if isinstance(t, bytes) else t
assert t == open(sys.argv[2]).read()
PY

# 3. A run config draws from it: 1 and 2 threads give the same bits; provenance names the file.
printf 'base: baseline.yaml\ncalibration:\n  posterior: post.h5\nscenarios:\n  - {name: a, services: []}\n  - {name: b, services: []}\n' > "$work/run.yaml"
args=(--agents 600 --replicates 6 --years 3 --quiet)
"$bin" run "$work/run.yaml" --out "$work/t1.h5" --threads 1 "${args[@]}" > /dev/null 2> "$work/t1.err" && ok || { bad "run with a posterior"; cat "$work/t1.err"; }
"$bin" run "$work/run.yaml" --out "$work/t2.h5" --threads 2 "${args[@]}" > /dev/null 2>&1 && ok || bad "run with 2 threads"
"$h5diff" --exclude-path /provenance/run "$work/t1.h5" "$work/t2.h5" > /dev/null && ok || bad "1 and 2 threads differ with a posterior"
$py - "$work/t1.h5" "$work/post.h5" <<'PY' && ok || bad "pairing or provenance"
import sys, zlib, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    r = f["results"]
    # identical scenarios: the same draw in every replicate, so the same results
    for v in ("offences", "arrests", "court_cases"):
        assert np.array_equal(r[v][0], r[v][1]), v
    # and the replicates do differ (the posterior draws vary between them)
    assert len({float(x.sum()) for x in r["offences"][0]}) > 1
    pv = f["provenance"].attrs
    name = pv["calibration_posterior"]; name = name.decode() if isinstance(name, bytes) else name
    assert name.endswith("post.h5"), name
    assert len(pv["calibration_posterior_draw"]) == 6
    assert np.all((pv["calibration_posterior_draw"] >= 0) & (pv["calibration_posterior_draw"] < 60))
    crc = pv["calibration_posterior_crc32c"]; crc = crc.decode() if isinstance(crc, bytes) else crc
    assert len(crc) == 8 and int(pv["calibration_posterior_bytes"]) > 0
    # the calibrated parameters are a parameter group of the value of information
    groups = [g.decode() if isinstance(g, bytes) else g for g in f["decision/parameter_group"][()]]
    assert "calibrated (posterior)" in groups, groups
    evppi = f["decision/evppi"][()][groups.index("calibrated (posterior)")]
    # 6 replicates: too few to estimate it (NaN = not estimable, never 0)
    assert np.isnan(evppi) or 0.0 <= evppi <= float(f["decision/evpi"][()]) + 1e-9, evppi
PY
# The posterior changes what runs: without it the results differ.
printf 'base: baseline.yaml\nscenarios:\n  - {name: a, services: []}\n  - {name: b, services: []}\n' > "$work/plain.yaml"
"$bin" run "$work/plain.yaml" --out "$work/plain.h5" --threads 2 "${args[@]}" > /dev/null 2>&1
if "$h5diff" -q --exclude-path /provenance "$work/t1.h5" "$work/plain.h5" > /dev/null 2>&1; then bad "posterior had no effect"; else ok; fi

# 4. SIGTERM leaves a checkpoint; --resume continues it to the same posterior.
cp "$work/spec.yaml" "$work/spec2.yaml"
"$bin" calibrate "$work/spec2.yaml" --posterior "$work/res.h5" --threads 1 --quiet > /dev/null 2> "$work/term.err" &
pid=$!
for _ in $(seq 1 600); do [ -e "$work/res.h5.ckpt" ] && break; sleep 0.05; done
kill -TERM "$pid"; wait "$pid"; rc=$?
if [ "$rc" -eq 75 ]; then ok
elif [ "$rc" -eq 0 ]; then echo "note: finished before SIGTERM arrived; resume part not exercised"; ok
else bad "SIGTERM exit $rc, want 75"; cat "$work/term.err"; fi
if [ "$rc" -eq 75 ]; then
  contains "$work/term.err" "continue with --resume" "stop message"
  expect_exit 2 "start over a checkpoint without --resume" -- "$bin" calibrate "$work/spec2.yaml" --posterior "$work/res.h5" --quiet
  printf '# changed\n' >> "$work/spec3.yaml"; cat "$work/spec2.yaml" >> "$work/spec3.yaml"
  cp "$work/res.h5.ckpt" "$work/other.h5.ckpt"
  expect_exit 2 "resume with another spec" -- "$bin" calibrate "$work/spec3.yaml" --posterior "$work/other.h5" --resume --quiet
  contains "$work/err" "written for another spec" "other spec message"
  sed 's/^  hazard_scale: \([0-9.]*\)/  hazard_scale: 5.5/' "$work/baseline.yaml" > "$work/changed.yaml"
  cp "$work/res.h5.ckpt" "$work/other2.h5.ckpt"
  expect_exit 2 "resume with another model config" -- "$bin" calibrate "$work/spec2.yaml" --config "$work/changed.yaml" --posterior "$work/other2.h5" --resume --quiet
  contains "$work/err" "written by another build or model config" "other model config message"
  "$bin" calibrate "$work/spec2.yaml" --posterior "$work/res.h5" --resume --threads 2 > /dev/null 2> "$work/resume.err" && ok || { bad "resume"; cat "$work/resume.err"; }
  contains "$work/resume.err" "resuming from" "resume notice"
fi
$py - "$work/post.h5" "$work/res.h5" <<'PY' && ok || bad "resumed posterior differs from the uninterrupted one"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
for k in ("calibration/posterior/draws", "calibration/posterior/weights", "calibration/predictive/statistics"):
    assert np.array_equal(a[k][()], b[k][()]), k
PY

# 5. Crafted bad posterior files are refused with exit 2 and the config's file:line.
$py - "$work/post.h5" "$work" <<'PY' || bad "could not craft bad files"
import sys, shutil, h5py, numpy as np
good, d = sys.argv[1], sys.argv[2]
def craft(name, fn):
    shutil.copy(good, f"{d}/{name}.h5")
    with h5py.File(f"{d}/{name}.h5", "r+") as f:
        fn(f["calibration/posterior"])
def rename(g):
    del g["parameter"]; g.create_dataset("parameter", data=np.array([b"court.delay_first_time_days", b"offending.hazard_scal"]))
def negative(g): g["weights"][3] = -0.1
def nan(g): g["weights"][0] = np.nan
def shape(g):
    del g["weights"]; g.create_dataset("weights", data=np.ones(5))
def outside(g): g["draws"][0, 1] = 1e9
def twice(g):
    del g["parameter"]; g.create_dataset("parameter", data=np.array([b"offending.hazard_scale", b"offending.hazard_scale"]))
for n, fn in [("rename", rename), ("negative", negative), ("nan", nan), ("shape", shape), ("outside", outside), ("twice", twice)]:
    craft(n, fn)
with h5py.File(f"{d}/nogroup.h5", "w") as f: f.create_group("calibration")
open(f"{d}/garbage.h5", "w").write("not HDF5\n")
PY
for case in rename:hazard_scal negative:weights nan:weights shape:weights outside:draws twice:twice nogroup:/calibration/posterior garbage:HDF5 missing:missing.h5; do
  name=${case%%:*}; want=${case#*:}
  printf 'base: baseline.yaml\ncalibration:\n  posterior: %s.h5\n' "$name" > "$work/bad_$name.yaml"
  expect_exit 2 "bad posterior $name" -- "$bin" validate "$work/bad_$name.yaml"
  contains "$work/err" "bad_$name.yaml:3: calibration.posterior" "bad posterior $name: file:line"
  contains "$work/err" "$want" "bad posterior $name: what"
done
# A scenario may not change or redistribute a calibrated parameter.
printf 'base: baseline.yaml\ncalibration:\n  posterior: post.h5\nscenarios:\n  - {name: a, services: []}\n  - {name: b, services: [], set: {offending.hazard_scale: 5}}\n' > "$work/conflict.yaml"
expect_exit 2 "scenario sets a calibrated key" -- "$bin" validate "$work/conflict.yaml"
contains "$work/err" "conflict.yaml:3: calibration.posterior: scenario 'b' sets offending.hazard_scale" "conflict message"
printf 'base: baseline.yaml\ncalibration: {posterior: post.h5, extra: 1}\n' > "$work/unknown.yaml"
expect_exit 2 "unknown key under calibration" -- "$bin" validate "$work/unknown.yaml"
contains "$work/err" "unknown.yaml:2: calibration" "unknown key message"
expect_exit 2 "--posterior with --out" -- "$bin" calibrate "$work/spec.yaml" --posterior "$work/x.h5" --out "$work/x.yaml"

finish
