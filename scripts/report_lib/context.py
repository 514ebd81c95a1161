"""What every section builder gets: the results, the output directory, and
helpers that write a table's CSV or a figure's PNG and return its HTML."""
from . import figures
from .decision_data import Decision

# The subgroups the commissioner asked for, in page order, with readable names.
KEY_SUBGROUPS = (
    ("all", "All offenders"),
    ("custody_short", "Short-sentence prisoners (SSP)"),
    ("gto_eligible", "GTO cohort"),
    ("female", "Women"),
    ("age_18_25", "Aged 18\u201325"),
)


class Context:
    def __init__(self, res, outdir, first_financial_year):
        self.res = res
        self.outdir = outdir
        self.first_fy = first_financial_year
        self.tables = []
        self.figures = []
        self._decision = None

    def decision(self):
        """The /decision group as read by decision_data (read once, shared by the sections)."""
        if self._decision is None:
            self._decision = Decision(self.res)
        return self._decision

    def table(self, t):
        t.write_csv(self.outdir)
        self.tables.append(t.csv_name)
        return t.html()

    def figure(self, fig, name, alt, caption):
        self.figures.append(name + ".png")
        return figures.save(fig, self.outdir, name, alt, caption)

    def key_subgroups(self):
        """(index in /summary/subgroup, name, label) for the key subgroups present."""
        out = []
        for name, label in KEY_SUBGROUPS:
            i = self.res.subgroup_index(name)
            if i is not None:
                out.append((i, name, label))
        return out
