#!/usr/bin/python3
"""reoffsim tests — the report's decision page on crafted results files (tests/report_decision_test.sh).

  report_decision_check.py craft GOOD.h5 DIR     write DIR/{ranked,no_decision,no_extras}.h5
  report_decision_check.py ranked FILE.h5 REPORT check the ranked table, labels and sentences
  report_decision_check.py absent FILE.h5 REPORT check the notes for what the file lacks
  report_decision_check.py units SCRIPTS_DIR     say.py and palette.py on their own

`ranked.h5` is a real run whose /decision means are replaced by a textbook plane (costs and
offences averted chosen so that one option is dominated, one extendedly dominated and three on
the frontier) and whose net benefits rank the options in an order unlike the file's. The check
computes the dominance labels itself from the crafted means (Drummond et al.'s rules) and the
expected ranking from the crafted ranks, and compares both with the page and decision.csv, so it
fails if the table is in the wrong order or a label lands on the wrong option."""
import csv
import html
import os
import re
import shutil
import sys

import h5py
import numpy as np

# scenario -> (extra cost GBP m, offences averted, NMB GBP m [p025, p975], P(best))
PLANE = {
    "no_service": (-10.0, -300.0, (20.0, -4.0, 40.0), 0.30),
    "dip": (0.0, 0.0, (0.0, 0.0, 0.0), 0.0),
    "triborough": (1.0, 3000.0, (-5.0, -9.0, -1.0), 0.0),
    "gto": (3.0, 500.0, (10.0, 2.0, 18.0), 0.10),
    "triborough_gto": (4.0, 3200.0, (30.0, 12.0, 48.0), 0.60),
}
RANK_ORDER = ["triborough_gto", "no_service", "gto", "dip", "triborough"]
DETECTION = "gto"        # proven reoffending clearly down, offences not clearly changed
IN_LINE = "triborough"   # proven reoffending and offences both clearly down


def dominance(cost, eff):
    """Textbook labels: dominated (another option costs no more and averts at least as many,
    one strictly), extendedly dominated (ICERs do not rise along the cost-sorted frontier),
    'dominant' when one option is left and better than all, else 'on the frontier'."""
    n = len(cost)
    label = [""] * n
    for i in range(n):
        if any(j != i and cost[j] <= cost[i] and eff[j] >= eff[i] and (cost[j] < cost[i] or eff[j] > eff[i])
               for j in range(n)):
            label[i] = "dominated"
    front = sorted((i for i in range(n) if not label[i]), key=lambda i: cost[i])
    changed = True
    while changed and len(front) > 2:
        changed = False
        for k in range(1, len(front) - 1):
            a, b, c = front[k - 1], front[k], front[k + 1]
            if (cost[b] - cost[a]) / (eff[b] - eff[a]) > (cost[c] - cost[b]) / (eff[c] - eff[b]):
                label[b] = "extendedly dominated"
                front.pop(k)
                changed = True
                break
    for i in front:
        label[i] = "dominant" if len(front) == 1 else "on the frontier"
    return label


def _set(f, path, values):
    f[path][...] = np.asarray(values, dtype=f[path].dtype)


def craft(good, out):
    os.makedirs(out, exist_ok=True)
    ranked = os.path.join(out, "ranked.h5")
    shutil.copy(good, ranked)
    with h5py.File(ranked, "r+") as f:
        names = [s.decode() for s in f["results/scenario"][()]]
        assert sorted(names) == sorted(PLANE), names
        cost = [PLANE[s][0] * 1e6 for s in names]
        eff = [PLANE[s][1] for s in names]
        labels = dominance(cost, eff)
        for part, k in (("mean", 0), ("p025", 1), ("p975", 2)):
            _set(f, f"decision/nmb_{part}", [PLANE[s][2][k] * 1e6 for s in names])
            _set(f, f"decision/incremental_cost_{part}", cost)
            _set(f, f"decision/offences_averted_{part}", eff)
        _set(f, "decision/rank_nmb", [RANK_ORDER.index(s) + 1 for s in names])
        _set(f, "decision/p_best", [PLANE[s][3] for s in names])
        for name in ("dominance", "dominance_proven"):
            _set(f, f"decision/{name}", [x.encode() for x in labels])
        _set(f, "decision/icer", [np.nan] * len(names))
        # Proven reoffending (all offenders) and offences per year, paired differences.
        a = [s.decode() for s in f["comparison/subgroup"][()]].index("all")
        off_ref = float(f["summary/offences_per_year_mean"][names.index("dip")])
        rate = {k: f[f"comparison/proven_reoffending_rate_difference_{k}"][...] for k in ("mean", "p025", "p975")}
        off = {k: f[f"comparison/offences_per_year_difference_{k}"][...] for k in ("mean", "p025", "p975")}
        for s, r3, o3 in ((DETECTION, (-0.02, -0.03, -0.01), (-0.002, -0.02, 0.015)),
                          (IN_LINE, (-0.02, -0.03, -0.01), (-0.10, -0.12, -0.08))):
            i = names.index(s)
            for k, rv, ov in zip(("mean", "p025", "p975"), r3, o3):
                rate[k][i, a] = rv
                off[k][i] = ov * off_ref
        for k in ("mean", "p025", "p975"):
            f[f"comparison/proven_reoffending_rate_difference_{k}"][...] = rate[k]
            f[f"comparison/offences_per_year_difference_{k}"][...] = off[k]
    nodec = os.path.join(out, "no_decision.h5")
    shutil.copy(good, nodec)
    with h5py.File(nodec, "r+") as f:
        del f["decision"]
    noext = os.path.join(out, "no_extras.h5")
    shutil.copy(good, noext)
    with h5py.File(noext, "r+") as f:
        for k in list(f["decision"].keys()):
            if k.startswith("null_effect_") or k.startswith("break_even_"):
                del f[f"decision/{k}"]
        for k in list(f["decision"].attrs.keys()):
            if k.startswith("break_even_"):
                del f["decision"].attrs[k]


def page_text(report):
    page = open(os.path.join(report, "index.html"), encoding="utf-8").read()
    return page, html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def decision_rows(page):
    """[(scenario id, [cell texts])] of the ranked table, in page order."""
    m = re.search(r'<table id="table-decision".*?<tbody>(.*?)</tbody>', page, re.S)
    assert m, "no ranked table (table-decision) on the page"
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", m.group(1), re.S):
        head = re.search(r'<th scope="row">.*?<span class="ci">(.*?)</span>', tr, re.S)
        cells = [html.unescape(re.sub(r"<[^>]+>", " ", c)).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows.append((html.unescape(head.group(1)).split(" · ")[0], [" ".join(c) for c in cells]))
    return rows


def says(page, label):
    """The can/cannot paragraph of the option described as LABEL (text)."""
    for para in re.findall(r'<p class="say">(.*?)</p>', page, re.S):
        t = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", para))).strip()
        if t.startswith(f"{label}. "):
            return t.replace(" .", ".")
    return ""


def check_ranked(path, report):
    problems = []
    with h5py.File(path, "r") as f:
        names = [s.decode() for s in f["results/scenario"][()]]
        desc = {n: d.decode() for n, d in zip(names, f["results/scenario_description"][()])}
        cost = list(f["decision/incremental_cost_mean"][()])
        eff = list(f["decision/offences_averted_mean"][()])
    want_labels = dict(zip(names, dominance(cost, eff)))
    if sorted(want_labels.values()) != sorted(["on the frontier"] * 3 + ["dominated", "extendedly dominated"]):
        problems.append(f"crafted plane does not give the intended labels: {want_labels}")
    page, text_ = page_text(report)
    rows = decision_rows(page)
    order = [r[0] for r in rows]
    if order != RANK_ORDER:
        problems.append(f"ranked table order {order}, want {RANK_ORDER}")
    for name, cells in rows:
        label = cells[2].split(" vs ")[0].strip() if len(cells) > 2 else ""
        if label != want_labels.get(name):
            problems.append(f"{name}: page says '{label}', want '{want_labels.get(name)}'")
    with open(os.path.join(report, "decision.csv"), encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    if [g["scenario"] for g in got] != RANK_ORDER:
        problems.append(f"decision.csv order {[g['scenario'] for g in got]}")
    for g in got:
        if g["dominance"] != want_labels.get(g["scenario"]):
            problems.append(f"decision.csv {g['scenario']}: {g['dominance']}")
        if g["rank_nmb"] != str(RANK_ORDER.index(g["scenario"]) + 1):
            problems.append(f"decision.csv {g['scenario']} rank {g['rank_nmb']}")
        if abs(float(g["p_best"]) - PLANE[g["scenario"]][3]) > 1e-9:
            problems.append(f"decision.csv {g['scenario']} p_best {g['p_best']}")
    first = rows[0][1] if rows else []
    if not first or "£30.0m" not in first[0] or "60%" not in first[1]:
        problems.append(f"top row's NMB/P(best) cells wrong: {first[:2]}")
    if f"Highest expected net benefit: {desc['triborough_gto']}" not in text_:
        problems.append("lead sentence does not name the top option by its description")
    # Sentences: interval includes zero; wholly below; dominated by whom; detection timing.
    s_ns, s_tg = says(page, desc["no_service"]), says(page, desc["triborough_gto"])
    s_gto, s_tri = says(page, desc["gto"]), says(page, desc["triborough"])
    for what, s, needle in (
            ("no_service NMB interval includes zero", s_ns, "You cannot say whether it pays for itself"),
            ("triborough_gto NMB above zero", s_tg, "You can say that it is expected to return a net benefit of £30.0m"),
            ("triborough NMB below zero", s_tri, "that it costs more than it returns"),
            ("gto dominated, by triborough", s_gto, f"another option ({desc['triborough']}) costs no more"),
            ("gto proven change is detection timing", s_gto, "(detection timing)"),
            ("triborough proven change in line with offences", s_tri, "in line with fewer offences"),
            ("no_service P(best) below one half", s_ns, "in only 30% of replicates")):
        if needle not in s:
            problems.append(f"{what}: '{needle}' not in {s[:400]!r}")
    if "(detection timing)" in s_tri:
        problems.append("triborough's change (offences fall as much) called detection timing")
    for needle in ("If the services had no effect", "How strong must the effect be?",
                   "What research would be worth", "acceptability curve"):
        if needle not in text_:
            problems.append(f"missing '{needle}'")
    return problems


def check_absent(path, report):
    problems = []
    _, text_ = page_text(report)
    with h5py.File(path, "r") as f:
        has_dec = "decision" in f
    needles = (["--null-effects", "--break-even N", "Not in this run"] if has_dec else
               ["P(best), dominance and ICERs are not available: the results file has no /decision group",
                "No acceptability curve in this results file", "No value-of-information results"])
    for needle in needles:
        if needle not in text_:
            problems.append(f"missing '{needle}'")
    page, _ = page_text(report)
    if not decision_rows(page):
        problems.append("no ranked rows")
    return problems


def check_units(scripts):
    sys.path.insert(0, scripts)
    from report_lib import palette, say  # noqa: E402
    problems = []
    names = ["no_service", "dip", "triborough", "gto", "triborough_gto"]
    a, b = palette.scenario_colours(names), palette.scenario_colours(list(reversed(names)))
    if a != b:
        problems.append("palette depends on the order of the scenarios")
    if len(set(a.values())) != len(names):
        problems.append(f"two scenarios share a colour: {a}")
    if not set(a.values()) <= set(palette.OKABE_ITO):
        problems.append("five scenarios not all in the Okabe-Ito colours")
    many = [f"s{i}" for i in range(17)]
    if len(set(palette.scenario_colours(many).values())) != 17:
        problems.append("17 scenarios do not get 17 colours")
    if palette.scenario_colours(["dip", "x"])["dip"] != palette.scenario_colours(["dip", "y"])["dip"]:
        problems.append("a scenario's colour changes with an unrelated name (no collision expected)")
    opt = say.Option(label="X", nmb=(1e6, -2e6, 3e6), averted=(10, -5, 20), rate=(-0.01, -0.02, 0.003),
                     offences_rel=(-0.05, -0.08, -0.02), rate_reference=0.25)
    can, cannot = say.claims(opt, "the reference", "area")
    joined = " | ".join(cannot)
    for needle in ("whether it pays for itself", "that it changes the number of offences",
                   "that it changes proven reoffending", "although offences fall by 5.0%"):
        if needle not in joined:
            problems.append(f"say: '{needle}' not in cannot-say {joined!r}")
    if can:
        problems.append(f"say: nothing should be claimable, got {can}")
    opt = say.Option(label="Y", nmb=(5e6, 1e6, 9e6), averted=(100, 50, 150), rate=(0.01, 0.005, 0.02),
                     offences_rel=(-0.03, -0.05, -0.01), rate_reference=0.25, dominance="dominant")
    can, cannot = say.claims(opt, "the reference", "area")
    if not any("costs less and averts more offences than every other option" in c for c in can):
        problems.append(f"say: dominant not said: {can}")
    if not any("detection timing" in c and "move the other way" in c for c in cannot):
        problems.append(f"say: opposite directions not read as detection timing: {cannot}")
    if say.side(-1, 1) != 0 or say.side(0.1, 1) != 1 or say.side(-1, -0.1) != -1 or say.side(float("nan"), 1) != 0:
        problems.append("say.side wrong")
    problems += check_top_two()
    return problems


def check_top_two():
    """The lead compares the first option with the second replicate by replicate: 'better' only
    when the paired interval is above zero, 'cannot say' when it includes zero."""
    from report_lib import decision  # noqa: E402

    class Fake:
        def __init__(self, npv):
            self.npv = np.asarray(npv, dtype=float)

        def optional(self, path, ndim=1):
            return self.npv if path == "economics/npv" and ndim == 2 else None

        def label(self, i):
            return f"option {i}"

    rng = np.random.default_rng(7)
    base = rng.normal(0, 5e6, 200)
    problems = []
    clear = decision._top_two(Fake([base + 1e6, base]), 0, 1)  # paired: always 1m ahead
    if "better in this model" not in clear:
        problems.append(f"top two: a paired difference always above zero not called better: {clear}")
    close = decision._top_two(Fake([base + rng.normal(0, 3e6, 200), base]), 0, 1)
    if "cannot say it is better than option 1" not in close:
        problems.append(f"top two: an interval including zero not flagged: {close}")
    return problems


def main(argv):
    cmd = argv[1]
    if cmd == "craft":
        craft(argv[2], argv[3])
        return 0
    problems = {"ranked": lambda: check_ranked(argv[2], argv[3]),
                "absent": lambda: check_absent(argv[2], argv[3]),
                "units": lambda: check_units(argv[2])}[cmd]()
    print("ok" if not problems else "; ".join(problems))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
