"""The /decision group (written by sim/io_decision.c; docs/uncertainty.md "Decisions") read for
the decision page: every option's net monetary benefit, P(best), dominance, ICERs, offences
averted and cost, the null-effect scenario, the break-even effect, EVPI, EVPPI and the CEAC.

Nothing is recomputed: the ranking is /decision/rank_nmb (ties and a missing rank fall back to
the order of nmb_mean). A results file without /decision (or whose /decision lists other
scenarios) still gets a ranking, by /economics/npv_mean, with P(best), dominance and ICERs
marked as not in the file."""
import numpy as np

from .data import text

G = "decision"
SUMMARY_PARTS = ("mean", "p025", "p975")


def _nan(n):
    return np.full(n, np.nan)


class Decision:
    def __init__(self, r):
        self.r = r
        n = len(r.scenarios)
        names = r.optional_strings(f"{G}/scenario")
        self.present = r.has(G) and names == r.scenarios
        self.why_absent = ("" if self.present else
                           "the results file has no /decision group" if not r.has(G) else
                           "/decision/scenario does not list the scenarios of /results/scenario")
        if self.present:
            self.nmb = self._summary("nmb")
            self.cost = self._summary("incremental_cost")
            self.averted = self._summary("offences_averted")
            self.proven_averted = self._summary("proven_offences_averted")
        else:   # /economics has the same NPV (= NMB), cost and offences averted
            self.nmb = {k: self._economics(f"npv_{k}") for k in SUMMARY_PARTS}
            self.cost = {k: self._economics(f"incremental_cost_{k}") for k in SUMMARY_PARTS}
            self.averted = {k: self._economics(f"offences_averted_{k}") for k in SUMMARY_PARTS}
            self.proven_averted = {k: _nan(n) for k in SUMMARY_PARTS}
        self.p_best = self._floats("p_best")
        self.icer = self._floats("icer")
        self.icer_proven = self._floats("icer_proven")
        self.dominance = self._strings("dominance")
        self.vs_reference = self._strings("vs_reference")
        self.order = self._order(self._floats("rank_nmb"))
        self.null = self._null()
        self.break_even = self._break_even()

    # -- reading ------------------------------------------------------------------------
    def _floats(self, name):
        v = self.r.optional(f"{G}/{name}") if self.present else None
        return v if v is not None else _nan(len(self.r.scenarios))

    def _strings(self, name):
        v = self.r.optional_strings(f"{G}/{name}") if self.present else None
        return v if v is not None else [""] * len(self.r.scenarios)

    def _summary(self, name):
        return {k: self._floats(f"{name}_{k}") for k in SUMMARY_PARTS}

    def _economics(self, name):
        v = self.r.optional(f"economics/{name}")
        if v is None:
            v = _nan(len(self.r.scenarios))
        v = v.copy()
        v[self.r.ref_index] = 0.0   # the reference against itself
        return v

    def scalar(self, name):
        return self.r.optional_scalar(f"{G}/{name}") if self.present else None

    def attr(self, name):
        return self.r.attr(G, name) if self.present else None

    # -- derived views ------------------------------------------------------------------
    def _order(self, rank):
        """Scenario indices, best first: by rank_nmb, then by mean NMB, then file order."""
        nmb = self.nmb["mean"]
        key = lambda i: (rank[i] if np.isfinite(rank[i]) else np.inf,  # noqa: E731
                         -nmb[i] if np.isfinite(nmb[i]) else np.inf, i)
        return sorted(range(len(self.r.scenarios)), key=key)

    def _null(self):
        """{npv, offences_averted, incremental_cost} with every service effect at none, or None."""
        if not self.present:
            return None
        out = {k: self.r.optional(f"{G}/null_effect_{k}")
               for k in ("npv", "offences_averted", "incremental_cost")}
        return out if out["npv"] is not None else None

    def _break_even(self):
        theta = self.scalar("break_even_theta")
        note = self.attr("break_even_note")
        if theta is None and note is None:
            return None
        reps = self.attr("break_even_replicates")
        return {"theta": theta if theta is not None else float("nan"),
                "note": str(note or ""), "scenario": str(self.attr("break_even_scenario") or ""),
                "npv_none": self.scalar("break_even_npv_at_no_effect"),
                "npv_modelled": self.scalar("break_even_npv_at_modelled_effect"),
                "mcse": self.scalar("break_even_npv_mcse"),
                "replicates": int(reps) if reps is not None else None}

    def evppi(self):
        """[(group, EVPPI in GBP, its config keys)], or [] if the file has none."""
        groups, values = self.r.dataset(f"{G}/parameter_group"), self.r.dataset(f"{G}/evppi")
        if not self.present or groups is None or values is None or groups.shape != values.shape or groups.ndim != 1 \
                or values.dtype.kind not in "biuf":
            return []
        keys = {}
        for line in str(self.attr("parameter_group_keys") or "").splitlines():
            name, _, rest = line.partition(":")
            keys[name.strip()] = rest.split()
        names = [str(text(g)) for g in groups[()]]
        return [(g, float(v), keys.get(g, [])) for g, v in zip(names, np.asarray(values[()], dtype=float))]

    def ceac(self):
        """(wtp in GBP per offence averted, P(best) of shape wtp x scenario, EVPI by wtp) or None."""
        if not self.present:
            return None
        w, c = self.r.dataset(f"{G}/wtp"), self.r.dataset(f"{G}/ceac")
        if w is None or c is None or w.ndim != 1 or c.shape != (w.shape[0], len(self.r.scenarios)) \
                or w.dtype.kind not in "biuf" or c.dtype.kind not in "biuf" or w.shape[0] < 2:
            return None
        e = self.r.dataset(f"{G}/evpi_by_wtp")
        evpi = np.asarray(e[()], dtype=float) if e is not None and e.shape == w.shape and \
            e.dtype.kind in "biuf" else None
        return np.asarray(w[()], dtype=float), np.asarray(c[()], dtype=float), evpi
