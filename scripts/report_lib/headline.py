"""Section 1: the headline, primary scenario vs the reference, in plain English."""
from .fmt import esc, gbp_m, isnan, num, pct
from .uncertainty import MCSE, UI, note

TITLE = "Headline: the primary option against the reference"
ID = "headline"


def _direction(mean, low, high, lower_word, higher_word):
    """Plain-English verdict on a paired difference and its uncertainty interval."""
    if isnan(mean):
        return "could not be estimated"
    if isnan(low) or isnan(high):
        return f"{higher_word if mean > 0 else lower_word} (no interval: too few replicates)"
    if low > 0:
        return f"{higher_word} (the whole {UI} is above zero)"
    if high < 0:
        return f"{lower_word} (the whole {UI} is below zero)"
    return f"uncertain: the {UI} includes no change"


def build(ctx):
    r = ctx.res
    p, ref = r.scenarios.index(r.primary), r.ref_index
    if p == ref:
        return "<p>This run has only the reference scenario: there is nothing to compare.</p>"
    a = r.subgroup_index("all")
    d = {k: r.floats(f"comparison/proven_reoffending_rate_difference_{k}")[p, a]
         for k in ("mean", "p025", "p975")}
    rate = r.floats("summary/proven_reoffending_rate_mean")[:, a]
    npv = {k: r.floats(f"economics/npv_{k}")[p] for k in ("mean", "p025", "p975", "mcse")}
    p_pos = r.floats("economics/p_npv_positive")[p]
    off = {k: r.floats(f"comparison/offences_per_year_difference_{k}")[p]
           for k in ("mean", "p025", "p975")}
    off_ref = r.floats("summary/offences_per_year_mean")[ref]
    area = r.attr("economics", "area_offenders")
    rate_discount = r.attr("economics", "discount_rate")

    verdict = _direction(d["mean"], d["p025"], d["p975"], "lower", "higher")
    pp = lambda x: num(100 * x, 2, sign=True)  # noqa: E731
    reoff = (f"<strong>Proven reoffending:</strong> {pct(rate[p])} of offenders under "
             f"<em>{esc(r.primary)}</em> are proven to reoffend within the MoJ window, against "
             f"{pct(rate[ref])} under <em>{esc(r.reference)}</em>: a paired difference of "
             f"<strong>{pp(d['mean'])} percentage points</strong> ({UI} {pp(d['p025'])} to "
             f"{pp(d['p975'])}). Reoffending under {esc(r.primary)} is "
             f"<strong>{esc(verdict)}</strong>.")

    offences = ""
    if not isnan(off["mean"]):
        rel = (f" ({num(100 * off['mean'] / off_ref, 1, sign=True)}% of {esc(r.reference)}'s "
               f"{num(off_ref, 0)})") if off_ref else ""
        agents = r.attr("provenance", "n_agents")
        cohort = f" of {num(agents, 0)} offenders" if agents is not None else ""
        offences = (f"<li><strong>Offences:</strong> {num(off['mean'], 0, sign=True)} offences a year "
                    f"in the simulated cohort{cohort}{rel}, {UI} "
                    f"{num(off['p025'], 0, sign=True)} to {num(off['p975'], 0, sign=True)}.</li>")

    scale = []
    if area is not None:
        scale.append(f"for an area of {num(area, 0)} offenders a year")
    if rate_discount is not None:
        scale.append(f"discounted at {num(100 * float(rate_discount), 1)}% a year")
    scale = f" ({', '.join(scale)})" if scale else ""
    if isnan(npv["mean"]):
        money = "<strong>Net present value:</strong> not available in this file."
    else:
        gain = "benefits exceed costs" if npv["mean"] > 0 else "costs exceed benefits"
        money = (f"<strong>Net present value</strong> over {len(r.years)} years{scale}: "
                 f"<strong>{gbp_m(npv['mean'])}</strong>, the mean over replicates "
                 f'(<span class="ui">{UI} {gbp_m(npv["p025"])} to {gbp_m(npv["p975"])}</span>): '
                 f"on average {gain}. In {num(100 * p_pos, 0)}% of replicates the NPV is positive. "
                 f'<span class="mcse">The {MCSE} of the mean NPV is {gbp_m(npv["mcse"], 2)}</span>.')
    return (f'<p class="lead">What changes if the commissioner chooses <em>{esc(r.primary)}</em> '
            f"instead of the reference, <em>{esc(r.reference)}</em>? Both are simulated on the same "
            f"{r.replicates} replicates (same people, same random numbers), so the differences "
            f"below are paired.</p>"
            f'<ul class="headline"><li>{reoff}</li>{offences}<li>{money}</li></ul>'
            + note(r.replicates, r.psa))
