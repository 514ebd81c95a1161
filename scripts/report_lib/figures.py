"""Shared matplotlib set-up: Agg backend, sizes. Scenario colours: palette.py."""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

from .fmt import esc  # noqa: E402

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.5, 120

plt.rcParams.update({
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "savefig.facecolor": "white",
    "figure.facecolor": "white",
    # Labels are scenario and subgroup names from the results file: text, never TeX. With math
    # parsing on, a '$' in a name (e.g. "cut_$1m") made matplotlib raise mid-report.
    "text.parse_math": False,
})


def new_figure(ncols=1, width=WIDTH_IN, height=HEIGHT_IN, nrows=1, **kw):
    return plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained", **kw)


def save(fig, directory, name, alt, caption):
    """Write FIG as NAME.png in DIRECTORY; return the <figure> HTML."""
    filename = name + ".png"
    fig.savefig(os.path.join(directory, filename), dpi=DPI)
    w, h = fig.get_size_inches() * DPI
    plt.close(fig)
    return (f'<figure><img src="{esc(filename)}" alt="{esc(alt)}" width="{int(round(w))}" '
            f'height="{int(round(h))}"><figcaption>{esc(caption)}</figcaption></figure>')
