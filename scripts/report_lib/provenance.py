"""Section 8: provenance of the run, and the full config text."""
from .data import text
from .fmt import esc, num
from .table import Table

TITLE = "Provenance"
ID = "provenance"

FIELDS = (  # (attribute of /provenance, label)
    ("config_path", "Config"),
    ("seed", "Seed"),
    ("replicates", "Replicates"),
    ("n_agents", "Agents (simulated cohort)"),
    ("years", "Simulated years"),
    ("reference_scenario", "Reference scenario"),
    ("primary_scenario", "Primary scenario"),
    ("precision_target", "Precision target (pp)"),
    ("precision_reached", "Precision reached"),
    ("reoffsim_version", "reoffsim version"),
    ("git_commit", "Git commit"),
    ("source_hash", "Source hash (compiled sources)"),
    ("schema_version", "HDF5 schema version"),
    ("rng", "Random numbers"),
)
RUN_FIELDS = (  # (attribute of /provenance/run, label)
    ("command_line", "Command line"),
    ("started_at", "Started at (UTC)"),
    ("host", "Host"),
    ("threads", "Threads"),
    ("wall_seconds", "Wall time (s)"),
)


def _show(v):
    if isinstance(v, float):
        return num(v, 2) if not v.is_integer() else num(v, 0, thousands=False)
    return str(v)


def build(ctx):
    r = ctx.res
    t = Table("provenance", "Run provenance", ["Item", "Value"], ["item", "value"], numeric_from=99)
    target = r.attr("provenance", "precision_target")
    no_target = target is None or float(target) <= 0
    for attr, label in FIELDS:
        v = r.attr("provenance", attr)
        if attr == "precision_target" and no_target:
            v = "none (fixed number of replicates)"
        elif attr == "precision_reached":
            if no_target or v is None:
                continue
            v = "yes" if int(v) else "no"
        if v is not None:
            t.add([label, _show(v)], [attr, str(v)])
    if r.has("provenance/run"):
        for attr, label in RUN_FIELDS:
            v = r.attr("provenance/run", attr)
            if v is not None:
                t.add([label, _show(v)], ["run." + attr, str(v)])
    t.add(["Results file", r.path], ["results_file", r.path])
    config = r.array("provenance/config_text")
    config = "".join(text(v) for v in config.ravel())
    lines = config.count("\n") + 1 if config else 0
    return (ctx.table(t) +
            f"<details><summary>Full configuration as run ({lines} lines, base files "
            f"included)</summary><pre class=\"config\">{esc(config)}</pre></details>")
