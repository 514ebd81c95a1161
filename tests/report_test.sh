#!/usr/bin/env bash
# reoffsim tests — the commissioner's report (scripts/report) end to end: run a
# small simulation, write the report, and check the page in a real headless
# Chromium: it renders (screenshot), every figure loads, every scenario is in
# the tables, and the words for each interval match its numbers (uncertainty
# interval vs Monte Carlo standard error). Also: the optional tornado figure, exit 2 for bad inputs, refusal
# to overwrite, and never a half-written report directory.
# Usage: report_test.sh REOFFSIM SOURCE_DIR
# Needs Debian's chromium, python3-h5py, python3-numpy, python3-matplotlib.
set -u
bin=$(realpath "$1"); src=$(cd "$2" && pwd)
report="$src/scripts/report"
py=/usr/bin/python3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else fail "$what"; fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

# CHROMIUM=/path/to/chromium overrides the lookup.
chromium_bin=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium_bin" ] || [ ! -x "$chromium_bin" ]; then
  fail "chromium not found${CHROMIUM:+ at CHROMIUM=$CHROMIUM}: install the Debian package 'chromium' (apt-get install chromium); this test does not skip"
  finish
fi

# Headless Chromium with a throwaway profile, no network services, a time limit.
chrome() {
  local profile; profile=$(mktemp -d "$work/profile.XXXXXX")
  timeout 120 "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" --allow-file-access-from-files "$@" 2>>"$work/chromium.log"
}

# 1. A small simulation.
if ! "$bin" run "$src/configs/triborough.yaml" --agents 800 --replicates 6 --years 5 --quiet \
       --null-effects --break-even 3 --out "$work/r.h5" > "$work/run.txt" 2>&1; then
  fail "reoffsim run"; cat "$work/run.txt"; finish
fi
ok

# 2. The report.
out="$work/report"
printed=$("$report" "$work/r.h5" --out "$out" 2>"$work/report.err"); rc=$?
check "report exits 0 (got $rc: $(cat "$work/report.err"))" [ "$rc" -eq 0 ]
check "report prints the path of index.html (got '$printed')" [ "$printed" = "$out/index.html" ]
check "index.html written" [ -s "$out/index.html" ]
[ -s "$out/index.html" ] || finish

# Static checks of the page: images have alt text and exist, every CSV link exists.
"$py" - "$out" <<'EOF' > "$work/static.txt" 2>&1
import os, sys
from html.parser import HTMLParser
out = sys.argv[1]
class P(HTMLParser):
    imgs, links = [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img": self.imgs.append(a)
        if tag == "a" and a.get("href", "").endswith(".csv"): self.links.append(a["href"])
p = P(); p.feed(open(os.path.join(out, "index.html"), encoding="utf-8").read())
bad = [i.get("src") for i in p.imgs if not (i.get("alt") or "").strip()]
missing = [i.get("src") for i in p.imgs if not os.path.isfile(os.path.join(out, i.get("src", "")))]
missing_csv = [h for h in p.links if not os.path.isfile(os.path.join(out, h))]
pngs = sorted(f for f in os.listdir(out) if f.endswith(".png"))
unlinked = sorted(set(pngs) - {i.get("src") for i in p.imgs})
print(len(p.imgs), len(p.links), "|", " ".join(bad), "|", " ".join(missing), "|", " ".join(missing_csv),
      "|", " ".join(unlinked))
EOF
IFS='|' read -r counts no_alt missing_img missing_csv unlinked < "$work/static.txt"
read -r n_img n_csv <<< "$counts"
check "page has at least 4 figures (got '$counts')" [ "${n_img:-0}" -ge 4 ]
check "page links at least 6 CSV tables (got '$counts')" [ "${n_csv:-0}" -ge 6 ]
check "every <img> has alt text (missing:$no_alt)" [ -z "${no_alt// /}" ]
check "every <img> file exists (missing:$missing_img)" [ -z "${missing_img// /}" ]
check "every linked CSV exists (missing:$missing_csv)" [ -z "${missing_csv// /}" ]
check "every PNG is shown on the page (unused:$unlinked)" [ -z "${unlinked// /}" ]

# 2b. The words match the numbers: the NPV's interval is called an uncertainty
# interval and shows /economics/npv_p025 and _p975 (percentiles over replicates),
# the MCSE is labelled as the Monte Carlo standard error and shows npv_mcse, and
# no interval is called a confidence interval or a normal approximation. Fails
# if the page shows the Monte Carlo interval of the mean as the uncertainty.
words=$("$py" - "$work/r.h5" "$out/index.html" <<'EOF' 2>&1
import html, re, sys
import h5py
import numpy as np
with h5py.File(sys.argv[1], "r") as f:
    scen = [s.decode() for s in f["results/scenario"][()]]
    prim = f["provenance"].attrs["primary_scenario"]
    p = scen.index(prim.decode() if isinstance(prim, bytes) else prim)
    e = {k: float(f[f"economics/npv_{k}"][p]) for k in ("mean", "p025", "p975", "mcse")}
    npv = f["economics/npv"][p]
def gbp(x, d=1):
    s = f"{abs(x) / 1e6:,.{d}f}"
    return ("\u2212" if x < 0 and float(s.replace(",", "")) != 0 else "") + "£" + s + "m"
page = open(sys.argv[2], encoding="utf-8").read()
page = re.sub(r"<pre[^>]*>.*?</pre>", " ", page, flags=re.S)  # the config's own comments
text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
text = re.sub(r"\( ", "(", re.sub(r" ([.,;:)])", r"\1", text))
problems = []
i = text.find("Net present value over")
npv_text = text[i:i + 600] if i >= 0 else ""
ui = f"95% uncertainty interval {gbp(e['p025'])} to {gbp(e['p975'])}"
if ui not in npv_text: problems.append(f"NPV sentence lacks '{ui}': {npv_text[:300]!r}")
mc = f"Monte Carlo standard error of the mean NPV is {gbp(e['mcse'], 2)}"
if mc not in npv_text: problems.append(f"NPV sentence lacks '{mc}'")
# The numbers are the kind they are called: percentiles, not mean -/+ 1.96 MCSE.
if not np.isclose(e["p025"], np.percentile(npv, 2.5)) or not np.isclose(e["p975"], np.percentile(npv, 97.5)):
    problems.append("npv_p025/_p975 are not the percentiles of /economics/npv")
if np.isclose(e["p025"], e["mean"] - 1.959964 * e["mcse"]) or np.isclose(e["p975"], e["mean"] + 1.959964 * e["mcse"]):
    problems.append("npv_p025/_p975 are mean -/+ 1.96 MCSE (the Monte Carlo CI of the mean)")
for bad in ("confidence interval", "normal approximation", "95% interval", "95% CI"):
    if bad in text: problems.append(f"page still says '{bad}'")
for need in ("Reading the numbers", "MCSE (pp)", "NPV MCSE", "P(NPV > 0) over replicates",
             "share of replicates in which benefits exceed costs"):
    if need not in text: problems.append(f"missing '{need}'")
print("ok" if not problems else "; ".join(problems))
EOF
)
check "report names the NPV's uncertainty interval and MCSE correctly ($words)" [ "$words" = ok ]

# 3. Screenshot in Chromium: exists, big, not a single colour.
chrome --screenshot="$work/shot.png" --window-size=1280,4000 --virtual-time-budget=10000 \
  "file://$out/index.html" > /dev/null
check "screenshot written" [ -s "$work/shot.png" ]
shot=$("$py" - "$work/shot.png" <<'EOF' 2>&1
import sys
import matplotlib.image as mpimg
import numpy as np
a = mpimg.imread(sys.argv[1])
h, w = a.shape[:2]
colours = len(np.unique(a[..., :3].reshape(-1, 3)[:: 97], axis=0))
print("ok" if w >= 1280 and h > 1000 and colours > 50 else "bad", f"{w}x{h}", f"colours={colours}")
EOF
)
check "screenshot is at least 1280x1000 and not blank ($shot)" [ "${shot%% *}" = ok ]

# 4. Every figure loaded in the real page: check.html iframes index.html and
# tests img.complete && naturalWidth > 0 for each of its images.
check_images() {   # DIR -> prints "OK images=N" or "BAD ..."
  cat > "$work/check.html" <<EOF
<!DOCTYPE html><html><head><meta charset="utf-8"><title>pending</title></head><body>
<pre id="result">pending</pre>
<iframe id="page" src="file://$1/index.html" width="1280" height="2000"></iframe>
<script>
document.getElementById('page').addEventListener('load', function () {
  var out = document.getElementById('result');
  try {
    var imgs = this.contentDocument.images, bad = [];
    for (var i = 0; i < imgs.length; i++)
      if (!(imgs[i].complete && imgs[i].naturalWidth > 0 && imgs[i].naturalHeight > 0))
        bad.push(imgs[i].getAttribute('src'));
    out.textContent = (bad.length ? 'BAD ' + bad.join(',') : 'OK') + ' images=' + imgs.length;
  } catch (e) { out.textContent = 'ERROR ' + e; }
  document.title = out.textContent;
});
</script></body></html>
EOF
  chrome --dump-dom --virtual-time-budget=10000 "file://$work/check.html" \
    | sed -n 's:.*<pre id="result">\([^<]*\)</pre>.*:\1:p'
}
loaded=$(check_images "$out")
check "all $n_img figures load in Chromium (got '$loaded')" [ "$loaded" = "OK images=$n_img" ]

# 5. The DOM Chromium built: every scenario is in the tables; tornado or its absence note.
chrome --dump-dom --virtual-time-budget=10000 "file://$out/index.html" > "$work/dom.html"
dom=$("$py" - "$work/r.h5" "$work/dom.html" <<'EOF' 2>&1
import sys
from html.parser import HTMLParser
import h5py
with h5py.File(sys.argv[1], "r") as f:
    scen = [s.decode() if isinstance(s, bytes) else s for s in f["results/scenario"][()]]
    has_tornado = "economics/tornado" in f
class P(HTMLParser):
    depth, cells, text = 0, set(), []
    def handle_starttag(self, tag, attrs):
        self.depth += tag == "table"
    def handle_endtag(self, tag):
        self.depth -= tag == "table"
    def handle_data(self, d):
        self.text.append(d)
        if self.depth > 0: self.cells.add(d.strip())
p = P(); p.feed(open(sys.argv[2], encoding="utf-8").read())
missing = [s for s in scen if s not in p.cells]
text = " ".join(" ".join(p.text).split())
problems = []
if missing: problems.append("scenarios not in any table: " + ",".join(missing))
if len(scen) < 2: problems.append(f"only {len(scen)} scenarios")
absent_note = "No uncertain parameters in this run" in text
if has_tornado == absent_note: problems.append(f"tornado group present={has_tornado} but absence note={absent_note}")
for needle in ("The decision: every option ranked", "What you can say, and what you cannot",
               "If the services had no effect", "How strong must the effect be?",
               "What research would be worth", "Headline", "Proven reoffending by scenario", "Communities & economy", "CJS savings",
               "Benefit–cost ratio", "P(NPV > 0)", "Service capacity and waiting", "Full configuration"):
    if needle not in text: problems.append("missing text: " + needle)
print("ok" if not problems else "; ".join(problems), f"scenarios={len(scen)}")
EOF
)
check "scenarios in tables and sections present ($dom)" [ "${dom%% *}" = ok ]

# 5b. The first screen is the decision: at 1400 px wide, the ranked table (every option, one
# row each) lies wholly within the top 900 px, and it is the page's first table. first.html
# loads index.html in a 1400x900 iframe and writes what it measured into its own DOM.
cat > "$work/first.html" <<EOF
<!DOCTYPE html><html><head><meta charset="utf-8"><title>pending</title></head><body style="margin:0">
<pre id="result">pending</pre>
<iframe id="page" src="file://$out/index.html" width="1400" height="900" style="border:0"></iframe>
<script>
document.getElementById('page').addEventListener('load', function () {
  var out = document.getElementById('result');
  try {
    var d = this.contentDocument, t = d.getElementById('table-decision');
    if (!t) { out.textContent = 'BAD no table-decision'; return; }
    var r = t.getBoundingClientRect(), first = d.getElementsByTagName('table')[0] === t;
    var rows = t.tBodies[0].rows.length, width = d.documentElement.clientWidth;
    out.textContent = (r.top >= 0 && r.bottom <= 900 && r.right <= width && first ? 'OK' : 'BAD') +
      ' top=' + Math.round(r.top) + ' bottom=' + Math.round(r.bottom) + ' right=' + Math.round(r.right) +
      ' width=' + width + ' rows=' + rows + ' first=' + first;
  } catch (e) { out.textContent = 'ERROR ' + e; }
});
</script></body></html>
EOF
first=$(chrome --dump-dom --window-size=1400,1000 --virtual-time-budget=10000 "file://$work/first.html" \
  | sed -n 's:.*<pre id="result">\([^<]*\)</pre>.*:\1:p')
n_scen=$("$py" -c "import h5py,sys; print(len(h5py.File(sys.argv[1],'r')['results/scenario']))" "$work/r.h5")
check "first screen (1400x900) holds the whole ranked table, first on the page (got '$first')" \
  [ "${first%% *}" = OK ]
check "ranked table has one row per scenario ($n_scen; got '$first')" grep -q "rows=$n_scen " <<< "$first"

# 6. With a one-way sensitivity group (made here with h5py): a tornado figure that loads.
cp "$work/r.h5" "$work/t.h5"
"$py" - "$work/t.h5" <<'EOF'
import sys
import h5py
import numpy as np
with h5py.File(sys.argv[1], "a") as f:
    if "economics/tornado" in f:
        del f["economics/tornado"]
    g = f.create_group("economics/tornado")
    g.create_dataset("parameter", data=np.array(["offending.hazard_scale", "services.triborough.keyworker_caseload",
                                                 "economics.discount_rate"], dtype=h5py.string_dtype()))
    g.create_dataset("npv_low", data=np.array([2.0e6, 5.5e6, 6.4e6]))
    g.create_dataset("npv_high", data=np.array([11.0e6, 7.0e6, 5.9e6]))
    g.attrs.update({"base_npv": 6.2e6, "scenario": "triborough", "reference": "dip"})
EOF
"$report" "$work/t.h5" --out "$work/t-report" > /dev/null 2>"$work/t.err"; rc=$?
check "report with a tornado group exits 0 (got $rc: $(cat "$work/t.err"))" [ "$rc" -eq 0 ]
check "tornado figure and table written" test -s "$work/t-report/tornado.png" -a -s "$work/t-report/tornado.csv"
check "tornado page has no 'no uncertain parameters' note" \
  bash -c "! grep -q 'No uncertain parameters in this run' '$work/t-report/index.html'"
n_t=$(grep -o '<img ' "$work/t-report/index.html" | wc -l)
loaded=$(check_images "$work/t-report")
check "all $n_t figures (with tornado) load in Chromium (got '$loaded')" [ "$loaded" = "OK images=$n_t" ]

# 7. Bad inputs: exit 2, a message, and no report directory (not even a temporary one).
printf 'not hdf5\n' > "$work/text.h5"
"$py" -c "import h5py,sys; f=h5py.File(sys.argv[1],'w'); f.attrs['title']='something else'; f.create_dataset('x',data=[1]); f.close()" "$work/other.h5"
size=$(stat -c %s "$work/r.h5")
head -c $((size / 2)) "$work/r.h5" > "$work/truncated.h5"
cp "$work/r.h5" "$work/schema.h5"
"$py" -c "import h5py,sys; f=h5py.File(sys.argv[1],'a'); f.attrs['schema_version']=99; f.close()" "$work/schema.h5"
for bad in missing.h5 text.h5 other.h5 truncated.h5 schema.h5; do
  "$report" "$work/$bad" --out "$work/bad-report" > "$work/bad.out" 2> "$work/bad.err"; rc=$?
  check "$bad: exit 2 (got $rc)" [ "$rc" -eq 2 ]
  check "$bad: error message on stderr" grep -q "error" "$work/bad.err"
  check "$bad: nothing on stdout" [ ! -s "$work/bad.out" ]
  check "$bad: no report directory left" [ ! -e "$work/bad-report" ]
done
msg=$("$report" "$work/other.h5" --out "$work/bad-report" 2>&1)
check "non-reoffsim file: says so (got '$msg')" grep -q "not a reoffsim results file" <<< "$msg"
msg=$("$report" "$work/truncated.h5" --out "$work/bad-report" 2>&1)
check "truncated file: says so (got '$msg')" grep -q "truncated or corrupt" <<< "$msg"
msg=$("$report" "$work/schema.h5" --out "$work/bad-report" 2>&1)
check "unsupported schema: says which version (got '$msg')" grep -q "schema_version 99" <<< "$msg"

# 8. Overwriting: refused without --force (report untouched), done with it.
before=$(stat -c %Y.%s "$out/index.html"); sleep 1
"$report" "$work/r.h5" --out "$out" > /dev/null 2> "$work/over.err"; rc=$?
check "existing non-empty DIR: exit 2 without --force (got $rc)" [ "$rc" -eq 2 ]
check "existing report untouched" [ "$(stat -c %Y.%s "$out/index.html")" = "$before" ]
touch "$out/stale-file"
"$report" "$work/r.h5" --out "$out" --force > /dev/null 2> "$work/over.err"; rc=$?
check "--force replaces the report (got $rc)" test "$rc" -eq 0 -a ! -e "$out/stale-file" -a -s "$out/index.html"
mkdir "$work/notreport"; echo keep > "$work/notreport/data.txt"
"$report" "$work/r.h5" --out "$work/notreport" --force > /dev/null 2>&1; rc=$?
check "--force refuses a non-empty directory that is not a report (got $rc)" \
  test "$rc" -eq 2 -a -s "$work/notreport/data.txt"
cp "$work/r.h5" "$out/r.h5"
"$report" "$out/r.h5" --out "$out" --force > /dev/null 2>&1; rc=$?
check "--force refuses a DIR holding the results file (got $rc)" test "$rc" -eq 2 -a -s "$out/r.h5"
rm -f "$out/r.h5"
mkdir "$work/empty"
"$report" "$work/r.h5" --out "$work/empty" > /dev/null 2>&1
check "existing empty DIR is used without --force" [ -s "$work/empty/index.html" ]

# Never a half-written report: no temporary or backup directories left anywhere.
leftovers=$(find "$work" -maxdepth 1 \( -name '.*.tmp-*' -o -name '.*.old-*' \) | tr '\n' ' ')
check "no temporary report directories left ($leftovers)" [ -z "$leftovers" ]

if [ "$failed" -gt 0 ] && [ -s "$work/chromium.log" ]; then
  echo "--- chromium stderr (last lines) ---"; tail -n 15 "$work/chromium.log"
fi
finish
