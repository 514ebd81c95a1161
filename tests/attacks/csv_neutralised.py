#!/usr/bin/python3
"""reoffsim attacks — is a CSV file safe to open in a spreadsheet, with its numbers intact?

Usage: csv_neutralised.py FILE.csv
Exit 0 if: the scenario names craft_results.py planted (=HYPERLINK(...), +plus, -minus) appear
with a leading "'"; no cell starts with = + - @ tab or CR unless it is a plain number; and at
least one cell is a negative number written as a number (not quoted). Else exit 1, saying why."""
import csv
import re
import sys

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z|-Inf\Z")
PLANTED = ('=HYPERLINK("http://example.invalid/x","click")', "+plus", "-minus")


def problems(cells):
    """What is wrong with CELLS (every cell of the file), as a list of messages."""
    found = []
    for name in PLANTED:
        if "'" + name not in cells:
            found.append(f"planted scenario name {name!r} not written as {chr(39) + name!r}")
    live = sorted(c for c in cells if c.startswith(FORMULA_START) and not NUMBER.match(c))
    if live:
        found.append(f"{len(live)} cell(s) a spreadsheet would run as a formula, e.g. {live[0]!r}")
    if not any(NUMBER.match(c) and c.startswith("-") and c != "-Inf" for c in cells):
        found.append("no negative number left as a number (a value cell was quoted?)")
    return found


def main(path):
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            cells = {c for row in csv.reader(fh) for c in row}
    except OSError as exc:
        print(f"{path}: cannot read: {exc}")
        return 1
    found = problems(cells)
    for message in found:
        print(f"{path}: {message}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
