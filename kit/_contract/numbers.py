"""Number sequence formats, as SCM writes them: a constant part and a run of ``#`` for digits,
possibly with more constant text after the run (``PRS-######-X``)."""

from __future__ import annotations

import re
from typing import Any

_DIGITS = re.compile(r"#+")


def _run(number_format: str) -> re.Match[str]:
    digits = _DIGITS.search(number_format)
    if digits is None:
        raise ValueError(f"number sequence format {number_format!r} has no '#'")
    return digits


def render_number(number_format: str, value: int) -> str | None:
    """``value`` in ``number_format`` (``render_number("PR-#####", 7) == "PR-00007"``); None when
    it has more digits than the format's run of ``#``."""
    digits = _run(number_format)
    text = str(value).zfill(len(digits.group()))
    if len(text) > len(digits.group()):
        return None
    return number_format[: digits.start()] + text + number_format[digits.end() :]


def parse_number(number_format: str, number: str) -> int | None:
    """The value ``number`` has in ``number_format`` (``parse_number("PR-#####", "PR-00007") ==
    7``); None when ``number`` is not a number of that format."""
    digits = _run(number_format)
    prefix, suffix = number_format[: digits.start()], number_format[digits.end() :]
    middle = number[len(prefix) : len(number) - len(suffix)]
    if (
        len(number) != len(number_format)
        or not number.startswith(prefix)
        or not number.endswith(suffix)
        or not (middle.isascii() and middle.isdigit())
    ):
        return None
    return int(middle)


def segments(number_format: str) -> list[dict[str, str | int]]:
    """``number_format`` as SCM's number sequence segments: its constant parts and its run of
    digits (``segments("KD/####-X") == [{"constant": "KD/"}, {"digits": 4}, {"constant":
    "-X"}]``), so that an implementation can set the sequence up as the product does."""
    run = _run(number_format)
    parts: list[dict[str, str | int]] = [
        {"constant": number_format[: run.start()]},
        {"digits": len(run.group())},
        {"constant": number_format[run.end() :]},
    ]
    return [part for part in parts if part.get("constant") != ""]


def sequence_setup(number_format: str, next_number: int) -> dict[str, Any]:
    """A number sequence of the configuration: its format, its segments and its next number."""
    return {"format": number_format, "segments": segments(number_format), "next": next_number}


def widened(number_format: str, digits: int) -> str:
    """``number_format`` with its run of ``#`` at least ``digits`` long."""
    run = _run(number_format)
    width = max(digits, len(run.group()))
    return number_format[: run.start()] + "#" * width + number_format[run.end() :]
