"""durable-rules, importable on every Python the kit supports: import it from here.

durable-rules 2.0.28's C extension calls ``PyEval_CallObject``, which Python 3.13 removed, so on
3.13 it fails to load ("undefined symbol"). The kit's extension ``_pyeval_callobject`` defines that
function; loaded into the global symbol scope (``RTLD_GLOBAL``) before durable-rules, it is where
the dynamic linker finds the symbol. On 3.11 and 3.12 nothing is loaded.
"""

from __future__ import annotations

import os
import sys

if sys.version_info >= (3, 13):
    _flags = sys.getdlopenflags()
    sys.setdlopenflags(_flags | os.RTLD_GLOBAL)
    try:
        import p2c_reference._pyeval_callobject  # noqa: F401  (its symbol is what is used)
    finally:
        sys.setdlopenflags(_flags)

from durable import engine, lang
from durable.lang import item, m
from durable_rules_engine import error as EngineError  # what durable-rules' C engine raises

__all__ = ["EngineError", "engine", "item", "lang", "m"]
