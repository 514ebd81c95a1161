"""Checks that the terminal summary of `reoffsim run` says the scale of its money and counts
(issue 20 §3; sim/summary.c, sim/decision_print.c, sim/sweep.c): every line that mentions GBP,
every section title and every sub-table caption (a line ending with ':') names what it is
counted over (the simulated cohort, or the area), or is a price per offence; and the economics
vocabulary is dominant / dominated / ICER, never "n/a". Usage: terminal_scale_check.py OUTPUT...
Prints one FAIL line per offending line and exits 1 if there is any."""
import re
import sys

SCALE = re.compile(r"simulated cohort of [0-9]+ offenders|sim\. cohort|the area|area of [0-9]+ offenders a year over [0-9]+ years"
                   r"|GBP m, area|\(area\)|per (extra )?(proven )?offence")
NOT_TITLES = ("Legend:", "wrote ", "(--detail", "Monte Carlo precision", "reoffsim ")
fails = []
for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    titles = 0
    for n, line in enumerate(lines, 1):
        title = line and not line[0].isspace() and not line.startswith(NOT_TITLES)
        caption = line.rstrip().endswith(":") and not line.startswith(NOT_TITLES)
        titles += bool(title)
        if ("GBP" in line or title or caption) and not SCALE.search(line):
            fails.append(f"{path}:{n}: no scale (simulated cohort or area): {line.strip()}")
        if re.search(r"\bn/a\b", line):
            fails.append(f"{path}:{n}: 'n/a' where the dominance vocabulary belongs: {line.strip()}")
    if titles < 3:
        fails.append(f"{path}: only {titles} section titles: not a run's terminal summary")
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
