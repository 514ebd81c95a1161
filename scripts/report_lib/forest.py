"""Forest plots: one row per option, a point at the mean and a line over its 95% uncertainty
interval, and a line at zero (no difference). Used for every paired difference on the page, so
a small difference is never hidden on an axis that starts at zero."""
import numpy as np


def forest(ax, labels, mean, low, high, colours, xlabel, title):
    """Draw rows top to bottom on AX. COLOURS: one colour per row. NaN ends: the point alone."""
    y = np.arange(len(labels))[::-1]
    for yi, colour, m, lo, hi in zip(y, colours, mean, low, high):
        if not np.isfinite(m):
            continue
        if not (np.isfinite(lo) and np.isfinite(hi)):
            lo = hi = m
        ax.errorbar([m], [yi], xerr=[[max(m - lo, 0)], [max(hi - m, 0)]], fmt="o", color=colour,
                    capsize=4, markersize=6, elinewidth=1.8)
    ax.axvline(0, color="#444", linewidth=1)
    ax.set_yticks(y, labels)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.margins(x=0.12)


def fit_height(rows, panels_rows=1):
    """A figure height (inches) that gives each row room."""
    return min(7.0, max(2.6, 1.5 + 0.42 * rows * panels_rows))
