"""Number formatting for the page (the CSV files keep full precision)."""
import html
import math

from .csv_cells import neutralise

MINUS = "\u2212"


def esc(s):
    return html.escape(str(s), quote=True)


def isnan(x):
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def num(x, decimals=1, sign=False, thousands=True):
    """x with DECIMALS decimals, a proper minus sign, optional + sign; 'n/a' for NaN."""
    if isnan(x):
        return "n/a"
    x = float(x)
    if round(x, decimals) == 0:
        x = 0.0                              # no "-0.0"
    s = f"{abs(x):,.{decimals}f}" if thousands else f"{abs(x):.{decimals}f}"
    if x < 0:
        return MINUS + s
    return ("+" + s) if sign and x > 0 else s


def pct(fraction, decimals=1, sign=False):
    """A proportion (0.256) as a percentage string ('25.6%')."""
    return "n/a" if isnan(fraction) else num(100 * float(fraction), decimals, sign) + "%"


def gbp_m(x, decimals=1, sign=False):
    """An amount in GBP as '£12.3m'."""
    if isnan(x):
        return "n/a"
    s = num(float(x) / 1e6, decimals, sign)
    if s.startswith(MINUS) or s.startswith("+"):
        return s[0] + "£" + s[1:] + "m"
    return "£" + s + "m"


def interval(low, high, f):
    """'[low, high]' with formatter F, or '' when undefined (the page's
    intervals are 95% uncertainty intervals: percentiles over replicates)."""
    if isnan(low) or isnan(high):
        return ""
    return f"[{f(low)}, {f(high)}]"


def with_ci(mean, low, high, f):
    """'mean [low, high]' with formatter F."""
    if isnan(mean):
        return "n/a"
    ci = interval(low, high, f)
    return f"{f(mean)} {ci}" if ci else f(mean)


def fy_label(first_year, year_index):
    """Financial-year label for 1-based simulated year Y: 2013 -> '2013/14'."""
    start = first_year + year_index - 1
    return f"{start}/{(start + 1) % 100:02d}"


def csv_value(x, decimals=6):
    """Full-precision value for a CSV cell ('' for NaN); text that a spreadsheet would run as
    a formula gets a leading "'" (csv_cells.py), numbers stay numbers."""
    if isinstance(x, str):
        return neutralise(x)
    if isnan(x):
        return ""
    x = float(x)
    return repr(round(x, decimals)) if not x.is_integer() else str(int(x))
