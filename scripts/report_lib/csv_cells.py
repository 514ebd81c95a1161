"""CSV formula injection, neutralised: a text cell that a spreadsheet would run as a formula.

Scenario names, subgroup labels and units come from the results file (and so from whoever
wrote the configuration). Excel, LibreOffice and Google Sheets treat a cell that starts with
'=', '+', '-' or '@' (and, after a leading tab or carriage return, the same) as a formula, so a
name like =HYPERLINK("http://...","x") would become a live link or worse. As OWASP advises,
such a cell is written with a single quote in front ("'=HYPERLINK(...)"), which spreadsheets
show as text. A cell that is just a number ("-0.25", "+3", "1e-05") is data, not a formula, and
is left alone, so negative values stay numbers. Standard library only (scripts/export uses it).
"""
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")


def neutralise(cell):
    """CELL (str) with a leading "'" if a spreadsheet would read it as a formula."""
    if cell.startswith(FORMULA_START) and not NUMBER.match(cell):
        return "'" + cell
    return cell
