"""What you can say and what you cannot say about each option, generated from its numbers.

In the style of the Ministry of Justice's Justice Data Lab reports, whose results pages say
"What you can say about …" and "What you cannot say about …" an intervention. A claim goes under "can say" only when its whole 95% uncertainty interval is on one side
of zero; otherwise the page says it cannot be said and why. No words here name a scenario: every
sentence is built from the option's numbers.

Detection, not offending. The MoJ proven-reoffending rate counts offenders proven to reoffend
within a window, so an option can move it by changing which offences are caught and proven in
time (e.g. more tagging, faster courts) without changing how much people offend. When proven
reoffending clearly changes but offences do not (their interval includes zero), move the other
way, or move by less than MOSTLY times as much in relative terms, the page says the change is
mostly detection timing. MOSTLY is a reading rule (assumption: "mostly" = more than half of the
relative change is not matched by offences), not a model parameter."""
import math
from dataclasses import dataclass, field

from .fmt import esc, gbp_m, num
from .uncertainty import UI

MOSTLY = 0.5


def side(low, high):
    """+1 if the interval is wholly above zero, -1 wholly below, 0 if it includes zero or is
    undefined."""
    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return 0
    return 1 if low > 0 else -1 if high < 0 else 0


@dataclass
class Option:
    """One option's numbers, as the page shows them (money in GBP, rates as proportions)."""
    label: str
    is_reference: bool = False
    nmb: tuple = (math.nan,) * 3               # mean, p025, p975 (GBP, area)
    averted: tuple = (math.nan,) * 3           # offences averted vs reference (area, all years)
    rate: tuple = (math.nan,) * 3              # proven reoffending difference (proportion)
    offences_rel: tuple = (math.nan,) * 3      # offences difference / reference's offences
    rate_reference: float = math.nan           # reference's proven reoffending rate
    p_best: float = math.nan
    dominance: str = ""
    dominated_by: str = ""                      # label of an option that dominates it
    icer: float = math.nan
    icer_against: str = ""                      # label of the next cheaper frontier option
    notes: list = field(default_factory=list)


def _pct(x, decimals=1):
    return num(100 * abs(x), decimals) + "%"


def _money(o, reference, area):
    m, lo, hi = o.nmb
    s = side(lo, hi)
    ui = f"{UI} {gbp_m(lo)} to {gbp_m(hi)}"
    if s > 0:
        return "can", (f"that it is expected to return a net benefit of {gbp_m(m)} against "
                       f"{reference} ({ui}, wholly above zero)")
    if s < 0:
        return "can", (f"that it costs more than it returns against {reference}: a net benefit of "
                       f"{gbp_m(m)} ({ui}, wholly below zero)")
    if math.isnan(m):
        return "cannot", "what it is worth: its net benefit is not in the results file"
    return "cannot", (f"whether it pays for itself against {reference}: the {ui} of its net "
                      f"benefit includes zero")


def _offences(o, area):
    m, lo, hi = o.averted
    s = side(lo, hi)
    ui = f"{UI} {num(lo, 0)} to {num(hi, 0)}"
    if s > 0:
        return "can", f"that it averts about {num(m, 0)} offences in the {area} ({ui})"
    if s < 0:
        return "can", f"that it leads to about {num(-m, 0)} more offences in the {area} ({ui})"
    if math.isnan(m):
        return "cannot", "how many offences it averts: not in the results file"
    return "cannot", f"that it changes the number of offences: the {ui} includes zero"


def _reoffending(o):
    """(kind, text) about proven reoffending, with the detection-timing reading."""
    m, lo, hi = o.rate
    if math.isnan(m):
        return "cannot", "how it changes proven reoffending: not in the results file"
    rs = side(lo, hi)
    om, olo, ohi = o.offences_rel
    os_ = side(olo, ohi)
    pp = f"{num(100 * m, 2, sign=True)} percentage points ({UI} {num(100 * lo, 2, sign=True)} to {num(100 * hi, 2, sign=True)})"
    if rs == 0:
        if os_ != 0:
            return "cannot", (f"that it changes proven reoffending: the difference, {pp}, includes "
                              f"zero, although offences {'fall' if os_ < 0 else 'rise'} by "
                              f"{_pct(om)}; the MoJ rate counts whether people are proven to "
                              f"reoffend, not how often, so it can miss a change in offending")
        return "cannot", f"that it changes proven reoffending: the difference, {pp}, includes zero"
    rel_rate = m / o.rate_reference if o.rate_reference and not math.isnan(o.rate_reference) else math.nan
    word = "falls" if rs < 0 else "rises"
    if os_ == 0 or os_ != rs or (not math.isnan(rel_rate) and abs(om) < MOSTLY * abs(rel_rate)):
        how = ("while offences do not clearly change" if os_ == 0 else
               f"while offences move the other way ({num(100 * om, 1, sign=True)}%)" if os_ != rs else
               f"while offences change by only {num(100 * om, 1, sign=True)}%")
        rel = f" ({_pct(rel_rate)} of the reference rate)" if not math.isnan(rel_rate) else ""
        return "cannot", (f"that it changes how much people reoffend: proven reoffending {word} by "
                          f"{pp}{rel} {how}, so the change is mostly in which offences are caught "
                          f"and proven inside the MoJ window, and when (detection timing)")
    return "can", (f"that proven reoffending {word} by {pp}, in line with "
                   f"{'fewer' if rs < 0 else 'more'} offences ({num(100 * om, 1, sign=True)}%)")


def _position(o):
    """(kind, text) about the option's place on the cost-effectiveness plane, or None."""
    d = o.dominance
    if d == "dominant":
        return "can", "that it costs less and averts more offences than every other option"
    if d == "dominated":
        by = f" ({o.dominated_by})" if o.dominated_by else ""
        return "can", (f"that it should not be chosen on cost and offences: another option{by} "
                       f"costs no more and averts at least as many offences (dominated)")
    if d == "extendedly dominated":
        return "can", ("that it should not be chosen on cost and offences: a mix of the options "
                       "either side of it on the efficient frontier averts more offences for the "
                       "same money (extended dominance)")
    if d == "on the frontier" and not math.isnan(o.icer):
        return "can", (f"that each extra offence it averts, compared with {o.icer_against or 'the next cheaper option on the frontier'}, "
                       f"costs £{num(o.icer, 0)} (its ICER)")
    if d == "on the frontier":
        return "can", "that it is the cheapest option on the efficient frontier"
    return None


def claims(o, reference, area):
    """([can say...], [cannot say...]) for option O against REFERENCE; AREA names the scale."""
    can, cannot = [], []
    if o.is_reference:
        return ["that it is the reference: every other option is measured against it"], []
    for item in (_money(o, reference, area), _offences(o, area), _reoffending(o), _position(o)):
        if item:
            (can if item[0] == "can" else cannot).append(item[1])
    if not math.isnan(o.p_best) and 0 < o.p_best < 0.5 and o.nmb[0] == o.nmb[0]:
        cannot.append(f"that it is the best option: it has the highest net benefit in only "
                      f"{num(100 * o.p_best, 0)}% of replicates")
    return can, cannot


def sentence_html(o, reference, area):
    """One paragraph: the option, then 'You can say … You cannot say …'."""
    can, cannot = claims(o, reference, area)
    parts = [f'<p class="say"><strong>{esc(o.label)}.</strong>']
    if can:
        parts.append(f' <span class="can">You can say {esc("; ".join(can))}.</span>')
    if cannot:
        parts.append(f' <span class="cannot">You cannot say {esc("; ".join(cannot))}.</span>')
    parts.append("</p>")
    return "".join(parts)
