"""Command line: scripts/report RESULTS.h5 --out DIR [--force]."""
import argparse
import os
import shutil
import signal
import sys
import tempfile

import h5py

from . import data, page
from .context import Context
from .memory import out_of_memory

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Interrupted(Exception):
    pass


def _on_signal(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="report",
        description="Write the commissioner's report (index.html, PNG figures, CSV tables) "
                    "for a reoffsim results file.",
        epilog="Exit codes: 0 ok; 1 runtime failure (e.g. cannot write, out of memory); 2 bad arguments or an "
               "input that is missing, not a reoffsim results file, truncated or corrupt, or of "
               "an unsupported schema version; 130 interrupted. See docs/report.md.")
    p.add_argument("results", metavar="RESULTS.h5", help="results file written by `reoffsim run`")
    p.add_argument("--out", metavar="DIR", required=True,
                   help="directory to create for the report (written to a temporary directory "
                        "beside it, then renamed)")
    p.add_argument("--force", action="store_true",
                   help="replace DIR if it exists and is not empty (only a previous report: "
                        "a directory with an index.html, not holding the input or the current "
                        "directory)")
    p.add_argument("--first-financial-year", type=int, default=None, metavar="YYYY",
                   help="calendar year in which simulated year 1's financial year starts "
                        "(default: the file's /economics attribute first_financial_year, else 2013, "
                        "i.e. year 1 = 2013/14)")
    return p.parse_args(argv)


def _inside(path, directory):
    """True if PATH is DIRECTORY or lies under it (after resolving symlinks)."""
    path, directory = os.path.realpath(path), os.path.realpath(directory)
    return os.path.commonpath([path, directory]) == directory


def check_destination(out, force, results):
    """Refuse before any work if OUT cannot or must not be replaced. --force only
    replaces a previous report (a directory with an index.html) and never a
    directory holding the input or the current directory."""
    if os.path.lexists(out) and not os.path.isdir(out):
        raise data.ReportError(f"{out}: exists and is not a directory")
    if not (os.path.isdir(out) and os.listdir(out)):
        return
    if not force:
        raise data.ReportError(f"{out}: exists and is not empty (use --force to replace it)")
    for what, path in (("the results file", results), ("the current directory", os.getcwd()),
                       ("this script", __file__)):
        if _inside(path, out):
            raise data.ReportError(f"{out}: holds {what}; refusing to replace it even with --force")
    if not os.path.isfile(os.path.join(out, "index.html")):
        raise data.ReportError(f"{out}: is not empty and has no index.html, so it is not a previous "
                               "report; refusing to replace it even with --force")


def install(tmp, out):
    """Move the finished report TMP to OUT: never a half-written OUT."""
    if os.path.isdir(out):
        if not os.listdir(out):
            os.rmdir(out)
        else:
            old = tempfile.mkdtemp(prefix=f".{os.path.basename(out)}.old-",
                                   dir=os.path.dirname(out))
            os.rename(out, os.path.join(old, "report"))
            os.rename(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
            return
    os.rename(tmp, out)


def build_report(path, workdir, first_fy_override):
    """Write the report for results file PATH (already preflighted) into WORKDIR."""
    with h5py.File(path, "r") as f:
        data.validate(f, path)
        res = data.Results(f, path)
        first_fy = first_fy_override
        if first_fy is None:
            attr = res.attr("economics", "first_financial_year")
            first_fy = int(attr) if attr is not None else 2013
        ctx = Context(res, workdir, first_fy)
        html = page.render(ctx)
    with open(os.path.join(workdir, "index.html"), "w", encoding="utf-8") as out:
        out.write(html)
        out.flush()
        os.fsync(out.fileno())


def _remove(tmp):
    """Remove the unfinished report directory TMP (if any): never a partial report. Returns None."""
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)
    return None


def failure(exc, results):
    """(exit code, message) for an exception no check foresaw: out of memory exit 1, an
    operating-system error (e.g. cannot write the report) exit 1, anything else is taken to be
    the input's fault (an inconsistent file that passed validation) and is exit 2."""
    if out_of_memory(exc):
        return EXIT_FAILURE, ("out of memory; no report written (raise the memory limit, "
                              "e.g. ulimit -v)")
    if isinstance(exc, OSError):
        return EXIT_FAILURE, f"{exc}; no report written"
    return EXIT_USAGE, (f"{results}: not a valid reoffsim results file "
                        f"({type(exc).__name__}: {exc}); no report written")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    out = os.path.abspath(args.out)
    tmp = None
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    try:
        check_destination(out, args.force, args.results)
        data.preflight(args.results)
        parent = os.path.dirname(out)
        os.makedirs(parent, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=f".{os.path.basename(out)}.tmp-", dir=parent)
        os.chmod(tmp, 0o755)
        build_report(args.results, tmp, args.first_financial_year)
        check_destination(out, args.force, args.results)  # again: something may have appeared meanwhile
        install(tmp, out)
        tmp = None
    except data.ReportError as exc:
        print(f"report: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (KeyboardInterrupt, Interrupted):
        print("report: interrupted; no report written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001  (the top-level guard: never a traceback)
        tmp = _remove(tmp)  # first free what can be freed, then say so
        code, message = failure(exc, args.results)
        print(f"report: error: {message}", file=sys.stderr)
        return code
    finally:
        _remove(tmp)
    print(os.path.join(out, "index.html"))
    return EXIT_OK
