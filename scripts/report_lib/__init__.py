"""reoffsim commissioner's report: turn a results file (HDF5, schema in README.md
"Output file") into a static HTML page with PNG figures and CSV tables.

One module per section of the page (decision — the first screen —, research, headline,
reoffending, differences, savings, npv, ce_plane, tornado, capacity, provenance); shared
helpers in data (reading and validating the file), decision_data (the /decision group), say
(the generated can-say / cannot-say sentences), palette (one colour per scenario), scale (what
a count is counted over), forest (forest plots), fmt (numbers), table (HTML + CSV), figures
(matplotlib) and page (HTML assembly). The entry point is scripts/report, which calls
cli.main(). No model logic here: every number shown is read from the file; the only arithmetic
is unit conversion, sums over years of per-year means, averages over replicates and years of
per-year counts, ratios stated as such on the page, and the paired difference in time to first
proven reoffence that /comparison does not hold (docs/report.md).
"""
