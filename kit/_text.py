"""Text that came from an adapter, made safe to print."""

from __future__ import annotations

import re

#: Terminal escape sequences, C0 and C1 control characters (but newline and tab), and the Unicode
#: direction overrides that can make text read other than it is.
_UNPRINTABLE = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]"  # terminal escape sequences
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # control characters, but tab and newline
    r"|[\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # direction marks and overrides
)


def printable(text: object) -> str:
    """``text`` as a string without control sequences: safe in a terminal, a log or a page."""
    return _UNPRINTABLE.sub("", "" if text is None else str(text))
