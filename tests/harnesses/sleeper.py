"""A process that an adapter starts and leaves sleeping, to check that it ends with the run.

Its command line holds a marker, a path that names it (find it by that) and that it creates once
it runs.
"""

from __future__ import annotations

import os
import sys
import time

_PROGRAM = """\
import os, sys, time
if sys.argv[2] == "setsid":
    os.setsid()
open(sys.argv[1], "w").close()
time.sleep(600)
"""


def command(marker: str, *, setsid: bool = False) -> list[str]:
    """The sleeper's command line; with ``setsid`` it first leaves its session and group."""
    return [sys.executable, "-c", _PROGRAM, marker, "setsid" if setsid else "stay"]


def wait_until_started(marker: str) -> None:
    """Return once the sleeper runs (past its setsid), so that the run cannot end before."""
    deadline = time.monotonic() + 60
    while not os.path.exists(marker):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the sleeper {marker} did not start")
        time.sleep(0.01)
