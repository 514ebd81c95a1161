"""Open, validate and read a reoffsim results file."""
import os

import h5py
import numpy as np

from .memory import out_of_memory

TITLE = "reoffsim results"
# Schema 2: intervals are <x>_p025/<x>_p975 (uncertainty intervals) and
# <x>_mcse; schema 1's <x>_ci_low/<x>_ci_high were Monte Carlo intervals of
# the mean and must not be shown as uncertainty, so version 1 is refused.
SUPPORTED_SCHEMA_VERSIONS = (2,)

# Datasets every section needs; checked up front so a missing one is a clear
# error (exit 2) rather than a traceback half-way through the page.
REQUIRED = (
    "results/scenario", "results/subgroup", "results/year", "results/replicate",
    "summary/subgroup",
    "summary/proven_reoffending_rate_mean", "summary/proven_reoffending_rate_p025",
    "summary/proven_reoffending_rate_p975", "summary/offences_per_year_mean",
    "comparison/proven_reoffending_rate_difference_mean",
    "comparison/proven_reoffending_rate_difference_p025",
    "comparison/proven_reoffending_rate_difference_p975",
    "comparison/proven_reoffending_rate_difference_mcse",
    "comparison/offences_per_year_difference_mean",
    "comparison/offences_per_year_difference_p025",
    "comparison/offences_per_year_difference_p975",
    "comparison/offences_per_year_difference_mcse",
    "economics/year",
    "economics/saving_communities_mean", "economics/saving_cjs_mean",
    "economics/saving_total_mean",
    "economics/npv_mean", "economics/npv_p025", "economics/npv_p975", "economics/npv_mcse",
    "economics/bcr_mean", "economics/bcr_p025", "economics/bcr_p975",
    "economics/p_npv_positive",
    "economics/incremental_cost", "economics/offences_averted",
    "economics/incremental_cost_mean", "economics/incremental_cost_p025",
    "economics/incremental_cost_p975",
    "economics/total_savings_mean", "economics/total_savings_p025",
    "economics/total_savings_p975",
    "results/tri_keyworker_capacity", "results/tri_keyworker_starts",
    "results/tri_waitlist_joins", "results/tri_gave_up_waiting", "results/tri_ssp_eligible",
    "results/gto_tagged", "results/gto_tag_turned_away",
    "results/dip_tests", "results/dip_treatment_starts",
    "provenance/config_text",
)
# Of REQUIRED, the lists of names (HDF5 strings); every other one holds numbers.
STRINGS = ("results/scenario", "results/subgroup", "summary/subgroup", "provenance/config_text")
# Of REQUIRED, those not indexed by scenario on their first axis (the dimension scales).
NOT_BY_SCENARIO = STRINGS + ("results/year", "results/replicate", "economics/year")


class ReportError(Exception):
    """A problem with the input or the arguments: message for the user, exit 2."""


def text(value):
    """An HDF5 string (bytes, numpy bytes, str, or a 1-element array of them) as str."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            return ", ".join(text(v) for v in value.ravel())
        value = value.ravel()[0]
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.generic):
        return value.item()
    return value


class Results:
    """Read access to an open, validated results file."""

    def __init__(self, f, path):
        self.f = f
        self.path = path
        self.scenarios = self.strings("results/scenario")
        self.subgroups = self.strings("summary/subgroup")
        self.years = [int(y) for y in self.array("economics/year")]
        self.replicates = len(self.f["results/replicate"])
        prov = self.f["provenance"].attrs
        comp = self.f["comparison"].attrs
        self.reference = text(comp["reference"]) if "reference" in comp else \
            text(prov.get("reference_scenario", self.scenarios[0]))
        if self.reference not in self.scenarios:
            raise ReportError(f"{path}: reference scenario '{self.reference}' is not in /results/scenario")
        primary = text(prov.get("primary_scenario", ""))
        if primary not in self.scenarios or primary == self.reference:
            others = [s for s in self.scenarios if s != self.reference]
            primary = others[0] if others else self.reference
        self.primary = primary
        # Parameter draws (probabilistic sensitivity analysis): the uncertainty
        # intervals then cover parameter uncertainty as well as chance.
        uncertain = text(prov.get("uncertain_parameters", "(none)")).strip()
        self.psa = uncertain not in ("", "(none)") and int(prov.get("point_estimates", 0)) == 0
        self.ref_index = self.scenarios.index(self.reference)
        self.others = [i for i, s in enumerate(self.scenarios) if i != self.ref_index]
        self.descriptions = self._descriptions()

    def _descriptions(self):
        """Each scenario's description from its config (`scenarios: - description:`, written to
        /results/scenario_description), or its name where there is none."""
        desc = self.optional_strings("results/scenario_description")
        if desc is None:
            return list(self.scenarios)
        return [d.strip() or n for d, n in zip(desc, self.scenarios)]

    def label(self, index):
        """What the page calls scenario INDEX: its description, else its name."""
        return self.descriptions[index]

    def row_head(self, index):
        """A table's row heading for scenario INDEX: (description, name) shown on two lines, or
        the name alone when there is no description (table.Table)."""
        name = self.scenarios[index]
        return (self.descriptions[index], name) if self.descriptions[index] != name else name

    def dataset(self, path):
        """The dataset at PATH, or None if absent, a dangling link or a group."""
        return _dataset(self.f, path)

    def optional(self, path, ndim=1):
        """An optional per-scenario array of numbers (first axis = scenarios, NDIM axes), or None
        if PATH is absent, not numbers or of another shape: the section then says it is absent."""
        ds = self.dataset(path)
        if (ds is None or ds.dtype.kind not in "biuf" or ds.ndim != ndim
                or ds.shape[0] != len(self.scenarios)):
            return None
        return np.asarray(ds[()], dtype=float)

    def optional_strings(self, path):
        """An optional per-scenario list of strings, or None (absent, not strings, wrong length)."""
        ds = self.dataset(path)
        if (ds is None or h5py.check_string_dtype(ds.dtype) is None or ds.shape != (len(self.scenarios),)):
            return None
        return [str(text(v)) for v in ds[()]]

    def optional_scalar(self, path):
        """An optional single number, or None."""
        ds = self.dataset(path)
        if ds is None or ds.dtype.kind not in "biuf" or ds.size != 1:
            return None
        return float(np.asarray(ds[()]).ravel()[0])

    def has(self, path):
        return path in self.f

    def array(self, path):
        return np.asarray(self.f[path][()])

    def floats(self, path):
        try:
            return np.asarray(self.f[path][()], dtype=float)
        except (TypeError, ValueError) as exc:
            raise ReportError(f"{self.path}: /{path} does not hold numbers ({exc})") from None

    def strings(self, path):
        return [text(v) for v in self.f[path][()]]

    def attr(self, path, name, default=None):
        obj = self.f[path] if path else self.f
        return text(obj.attrs[name]) if name in obj.attrs else default

    def units(self, path):
        return self.attr(path, "units", "")

    def subgroup_index(self, name):
        return self.subgroups.index(name) if name in self.subgroups else None


def _check_readable(f, path):
    """Read every dataset once: a truncated or damaged file fails here, not mid-page."""
    problems = []

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and not problems:
            try:
                obj[()]
            except Exception as exc:  # h5py raises OSError, RuntimeError, KeyError...
                if out_of_memory(exc):
                    raise  # exit 1 "out of memory" (cli.py), not "corrupt"
                problems.append(f"/{name}: {exc}")

    try:
        f.visititems(visit)
    except Exception as exc:
        if out_of_memory(exc):
            raise
        problems.append(str(exc))
    if problems:
        raise ReportError(f"{path}: cannot read the results file (truncated or corrupt?): {problems[0]}")


def preflight(path):
    """Refuse (ReportError) a path that is missing, not HDF5, or cannot be opened."""
    if not os.path.exists(path):
        raise ReportError(f"{path}: no such file")
    if os.path.isdir(path):
        raise ReportError(f"{path}: is a directory, not a results file")
    try:
        is_hdf5 = h5py.is_hdf5(path)
    except Exception as exc:
        raise ReportError(f"{path}: cannot read: {exc}") from None
    if not is_hdf5:
        raise ReportError(f"{path}: not an HDF5 file (expected a reoffsim results file)")
    try:
        with h5py.File(path, "r"):
            pass
    except Exception as exc:
        raise ReportError(f"{path}: cannot open as HDF5 (truncated or corrupt?): {exc}") from None


def validate(f, path):
    """Check that open file F is a complete reoffsim results file of a supported schema."""
    try:
        title = text(f.attrs["title"]) if "title" in f.attrs else None
        version = f.attrs["schema_version"] if "schema_version" in f.attrs else None
    except Exception as exc:
        raise ReportError(f"{path}: cannot read root attributes (truncated or corrupt?): {exc}") from None
    if title != TITLE:
        raise ReportError(f"{path}: not a reoffsim results file (root attribute title is "
                          f"{title!r}, expected {TITLE!r})")
    if version is None:
        raise ReportError(f"{path}: not a reoffsim results file (no root attribute schema_version)")
    try:
        version = int(np.asarray(version).ravel()[0])
    except (TypeError, ValueError, IndexError):
        raise ReportError(f"{path}: schema_version {version!r} is not an integer") from None
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        raise ReportError(f"{path}: schema_version {version} is not supported by this report "
                          f"(supported: {', '.join(map(str, SUPPORTED_SCHEMA_VERSIONS))})")
    missing = [p for p in REQUIRED if _dataset(f, p) is None]
    if missing:
        raise ReportError(f"{path}: incomplete results file: missing /{missing[0]}"
                          + (f" and {len(missing) - 1} more" if len(missing) > 1 else ""))
    _check_types(f, path)
    _check_shapes(f, path)  # before reading anything: a mislabelled 10^9-long axis is refused here
    _check_readable(f, path)
    _check_subgroups(f, path)


def _dataset(f, name):
    """Dataset NAME of F, or None if absent, a dangling link or not a dataset."""
    try:
        obj = f[name]
    except (KeyError, ValueError, RuntimeError, OSError):
        return None
    return obj if isinstance(obj, h5py.Dataset) else None


def _check_types(f, path):
    """Names are strings and everything else numbers (a string in a summary made float() fail)."""
    for name in REQUIRED:
        ds = f[name]
        if name in STRINGS:
            if h5py.check_string_dtype(ds.dtype) is None:
                raise ReportError(f"{path}: /{name} holds {ds.dtype}, expected strings")
        elif ds.dtype.kind not in "biuf":
            raise ReportError(f"{path}: /{name} holds {ds.dtype}, expected numbers")


def _check_shapes(f, path):
    """Every per-scenario array has one row per scenario, and every axis with a dimension
    scale as many entries as the scale; read from the metadata only, before any data."""
    scenarios = f["results/scenario"].shape
    if len(scenarios) != 1 or scenarios[0] < 1:
        raise ReportError(f"{path}: /results/scenario has shape {scenarios}, expected a non-empty list")
    for name in REQUIRED:
        ds = f[name]
        if name not in NOT_BY_SCENARIO and (ds.ndim < 1 or ds.shape[0] != scenarios[0]):
            raise ReportError(f"{path}: /{name} has shape {ds.shape}, expected {scenarios[0]} "
                              "rows (one per scenario in /results/scenario)")
        for axis, length in enumerate(_scale_lengths(ds, path)):
            if length is not None and length != ds.shape[axis]:
                raise ReportError(f"{path}: /{name} axis {axis} has {ds.shape[axis]} entries but "
                                  f"its dimension scale has {length}")


def _scale_lengths(ds, path):
    """The length of the first dimension scale of each axis of DS (None: no scale)."""
    lengths = []
    for axis, dim in enumerate(ds.dims):
        try:
            lengths.append(dim[0].shape[0] if len(dim) else None)
        except Exception as exc:  # a dangling or damaged reference: h5py raises many kinds
            raise ReportError(f"{path}: {ds.name} axis {axis}: its dimension scale cannot be "
                              f"resolved (dangling reference?): {exc}") from None
    return lengths


def _check_subgroups(f, path):
    """The headline and the differences are for subgroup 'all': it must be there, in both lists."""
    for name in ("summary/subgroup", "results/subgroup"):
        try:
            groups = [text(v) for v in np.asarray(f[name][()]).ravel()]
        except Exception as exc:
            raise ReportError(f"{path}: cannot read /{name}: {exc}") from None
        if "all" not in groups:
            raise ReportError(f"{path}: /{name} has no 'all' subgroup (the headline and the "
                              f"differences are for all offenders); not a complete reoffsim results file")
