"""Helpers shared by the tests: the source document, normalised for checking quotations against
it, and the command lines of deliberately broken adapter processes."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from kit._lint import quotations, source_text

SOURCE = source_text()
HARNESS = Path(__file__).parent / "harnesses" / "broken_harness.py"

__all__ = ["HARNESS", "SOURCE", "harness", "quotations"]


def harness(mode: str, *arguments: str) -> str:
    """The command line of an adapter process that breaks the protocol in one way (its docstring
    lists them, and the arguments each takes)."""
    return shlex.join([sys.executable, str(HARNESS), mode, *arguments])
