"""Number sequence formats, as SCM writes them: a constant part and a run of ``#`` for digits."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"#+")


def render_number(number_format: str, value: int) -> str | None:
    """``value`` in ``number_format`` (``render_number("PR-#####", 7) == "PR-00007"``); None when
    it has more digits than the format's run of ``#``."""
    digits = _DIGITS.search(number_format)
    if digits is None:
        raise ValueError(f"number sequence format {number_format!r} has no '#'")
    text = str(value).zfill(len(digits.group()))
    if len(text) > len(digits.group()):
        return None
    return number_format[: digits.start()] + text + number_format[digits.end() :]
