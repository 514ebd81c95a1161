"""Out of memory, recognised: numpy, h5py and matplotlib often wrap a MemoryError in another
exception (RuntimeError from a class body, ValueError...). No imports beyond the standard
library, so scripts/report can use it when the heavy libraries themselves cannot load."""


import re

_NULL_WITHOUT_EXCEPTION = re.compile(r"without (setting an )?exception( set)?")


def out_of_memory(exc):
    """True if EXC is a MemoryError or was raised while handling, or because of, one."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError):
            return True
        # A C extension (h5py, matplotlib's Axis.get_tightbbox) whose allocation failed and
        # that returned NULL without setting an exception, seen under `ulimit -v` in the
        # report_bad_inputs test. CPython words it two ways: "error return without
        # exception set" and "<function ...> returned NULL without setting an exception".
        if isinstance(exc, SystemError) and _NULL_WITHOUT_EXCEPTION.search(str(exc)):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False
