"""Output file names that never come raw from the results file.

A scenario name is file data: '../a/b' or '=HYPERLINK("http://x")' must not become a path. A
name made only of letters, digits, '_', '.' and '-' (not starting with '.' or '-', at most 64
characters) is used as it is, so savings_triborough.csv keeps its name; any other becomes
scenario<N> (its position in /results/scenario)."""
import re

SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\Z")


def is_safe(stem):
    return bool(SAFE.match(stem))


def scenario_stem(name, index):
    """A file-name part for scenario NAME at INDEX in /results/scenario."""
    return name if isinstance(name, str) and is_safe(name) else f"scenario{index}"
