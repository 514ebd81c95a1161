"""What every count on the page is counted over, in words (README "Output file").

/results, /summary and /comparison count the simulated cohort (/provenance n_agents offenders),
per simulated year; /economics and /decision count the whole area the economics is scaled to
(/economics area_offenders offenders a year; attribute `scale`) over all simulated years. The
same number of offences is far larger for the area, so every count says which it is."""
from .fmt import num


def cohort(r):
    """'simulated cohort of 800 offenders' (or 'simulated cohort')."""
    agents = r.attr("provenance", "n_agents")
    return f"simulated cohort of {num(agents, 0)} offenders" if agents is not None else "simulated cohort"


def per_year_cohort(r):
    """Scale of /comparison and /summary counts per year."""
    return f"per simulated year, {cohort(r)}"


def area(r):
    """Scale of /economics and /decision counts: 'area of 7,500 offenders a year, 5 years'."""
    n = r.attr("economics", "area_offenders")
    who = f"area of {num(n, 0)} offenders a year" if n is not None else "the area"
    return f"{who}, over {len(r.years)} years"


def discounted(r):
    """'discounted at 3.5% a year, area of 7,500 offenders a year, over 5 years'."""
    rate = r.attr("economics", "discount_rate")
    disc = f"discounted at {num(100 * float(rate), 1)}% a year" if rate is not None else "discounted"
    return f"{disc}, {area(r)}"


def money(r):
    """Scale of /economics and /decision money, with the discounting."""
    return f"£m, {discounted(r)}"


def short_area(r):
    """A column heading's scale: 'area, 5 yrs'."""
    return f"area, {len(r.years)} yrs"
