"""Assemble index.html from the sections."""
import datetime

from . import (capacity, ce_plane, decision, differences, headline, npv, provenance, reoffending,
               research, savings, sweep, tornado)
from .fmt import esc

# (id, heading, builders): one numbered section each. A section whose first builder has
# present(ctx) is left out (and not numbered) when that returns False: no empty sections.
SECTIONS = (
    (decision.ID, decision.TITLE, (decision,)),       # the first screen (docs/report.md)
    (research.ID, research.TITLE, (research,)),
    (headline.ID, headline.TITLE, (headline,)),
    (reoffending.ID, reoffending.TITLE, (reoffending,)),
    (differences.ID, differences.TITLE, (differences,)),
    (savings.ID, savings.TITLE, (savings,)),
    (npv.ID, "Value for money and the cost-effectiveness plane", (npv, ce_plane)),
    (tornado.ID, tornado.TITLE, (tornado,)),
    (capacity.ID, capacity.TITLE, (capacity,)),
    (sweep.ID, sweep.TITLE, (sweep,)),                # only with /sweep (config sweep:)
    (provenance.ID, provenance.TITLE, (provenance,)),
)

CSS = """
:root { --ink: #1d2733; --muted: #5b6670; --line: #d5dbe1; --accent: #1f5f9e; --shade: #f1f4f7; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif;
       color: var(--ink); background: #fff; }
header.top { background: var(--accent); color: #fff; padding: .7rem 1.5rem; }
header.top h1 { margin: 0 0 .2rem; font-size: 1.4rem; }
header.top p { margin: 0; opacity: .92; }
main { max-width: 1340px; margin: 0 auto; padding: 0 1.5rem 3rem; }
nav.toc { margin: .5rem 0 0; font-size: .85rem; }
nav.toc ol { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
nav.toc li { counter-increment: toc; }
nav.toc li::before { content: counter(toc) ". "; color: var(--muted); }
section { margin-top: 2.2rem; }
section#decision { margin-top: .6rem; }
section#decision h2 { margin: .4rem 0 .3rem; }
p.decision-lead { margin: .3rem 0; }
table.decision { font-size: .86rem; }
table.decision thead th { max-width: 11em; }
table.decision tbody th { white-space: normal; min-width: 17em; max-width: 24em; }
tr.best { background: #e8f3ea; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; margin: .8rem 0; }
.card { flex: 1 1 0; min-width: 26em; border: 1px solid var(--line); border-radius: 6px; padding: .2rem .9rem .6rem; }
.card h3 { margin: .5rem 0 .3rem; }
table.compact { font-size: .85rem; }
div.says p.say { margin: .45rem 0; }
span.can { }
span.cannot { color: #6b3a00; }
h2 { border-bottom: 2px solid var(--accent); padding-bottom: .2rem; font-size: 1.3rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p.lead { font-size: 1.08rem; }
ul.headline li { margin: .5rem 0; }
p.note, figcaption, caption { color: var(--muted); font-size: .9rem; }
p.absent { padding: .8rem 1rem; background: var(--shade); border-left: 4px solid var(--muted); }
figure { margin: 1.2rem 0; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { margin-top: .3rem; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; font-size: .92rem; }
caption { caption-side: top; text-align: left; padding-bottom: .3rem; }
th, td { border: 1px solid var(--line); padding: .3rem .55rem; vertical-align: top; }
thead th { background: var(--shade); text-align: left; max-width: 10em; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td .ci, th .ci { color: var(--muted); font-size: .85em; font-weight: normal; }
tbody th { text-align: left; font-weight: 600; white-space: nowrap; }
tr.reference { background: #fbf6e6; }
tr.total th, tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
a.csv { font-size: .8rem; margin-left: .4rem; }
details { margin: 1rem 0; }
summary { cursor: pointer; font-weight: 600; }
pre.config { background: var(--shade); padding: .8rem; overflow-x: auto; font-size: .8rem;
             line-height: 1.35; max-height: 40rem; }
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line);
         margin-top: 3rem; padding-top: .8rem; }
"""


def render(ctx):
    r = ctx.res
    body, toc = [], []
    shown = [s for s in SECTIONS if getattr(s[2][0], "present", lambda ctx: True)(ctx)]
    for n, (sid, heading, builders) in enumerate(shown, 1):
        content = "".join(b.build(ctx) for b in builders)
        toc.append(f'<li><a href="#{sid}">{esc(heading)}</a></li>')
        body.append(f'<section id="{sid}"><h2>{n}. {esc(heading)}</h2>{content}</section>')
    config = r.attr("provenance", "config_path", "")
    started = r.attr("provenance/run", "started_at", "") if r.has("provenance/run") else ""
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    versus = (f"{esc(r.primary)} vs {esc(r.reference)}" if r.primary != r.reference
              else f"scenario {esc(r.reference)}")
    subtitle = (f"{versus} · {len(r.scenarios)} scenario{'s' if len(r.scenarios) != 1 else ''} · "
                f"{r.replicates} replicates · {len(r.years)} years"
                + (f" · config {esc(config)}" if config else "")
                + (f" · run {esc(started)}" if started else ""))
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reducing reoffending: commissioner's report ({versus})</title>
<style>{CSS}</style>
</head>
<body>
<header class="top">
<h1>Reducing reoffending: commissioner's report</h1>
<p>{subtitle}</p>
</header>
<main>
<nav class="toc" aria-label="Contents"><ol>{''.join(toc)}</ol></nav>
{''.join(body)}
<footer>Generated {generated} by scripts/report from {esc(r.path)}.
Every number is read from the results file; docs/report.md says which dataset each comes from.
Tables are also available as CSV files beside this page.</footer>
</main>
</body>
</html>
"""
