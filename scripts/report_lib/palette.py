"""One colour per scenario, the same in every figure and every report.

The colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"; readable
with the common forms of colour blindness), yellow held back because it is faint on white, then
Paul Tol's "muted" scheme (Tol 2021, SRON/EPS/TN/09-002) when a run has more than seven
scenarios. A scenario's colour comes from its name, not its position: the name's CRC-32 picks
a preferred colour among the first seven; names are then placed in sorted order, and a name
whose colour is taken gets the next free one. So the colours depend only on the set of
scenario names, never on their order in the file or on the run, and a scenario keeps its
colour between reports unless another name in the same run wanted it first. Beyond the 17
colours, colours repeat (figures then also label every point by name)."""
import zlib

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000")
EXTRA = ("#F0E442",                                             # Okabe–Ito yellow
         "#332288", "#CC6677", "#117733", "#88CCEE", "#882255",  # Tol muted
         "#44AA99", "#999933", "#AA4499", "#DDCC77")
PALETTE = OKABE_ITO + EXTRA


def _preferred(name):
    return zlib.crc32(str(name).encode("utf-8", "replace")) % len(OKABE_ITO)


def scenario_colours(scenarios):
    """{scenario name: '#rrggbb'}; see the module comment for the rule."""
    names = sorted(set(scenarios), key=lambda s: str(s))
    size = min(len(PALETTE), max(len(OKABE_ITO), len(names)))
    taken, out = set(), {}
    for name in names:
        slot = _preferred(name)
        for step in range(size):
            candidate = (slot + step) % size
            if candidate not in taken or len(taken) >= size:
                break
        taken.add(candidate)
        out[name] = PALETTE[candidate]
    return out
