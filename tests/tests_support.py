"""Helpers shared by the tests: the source document, normalised for checking quotations
against it, and the command lines of deliberately broken adapter processes."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from kit import features_dir

#: Quotations may shorten the product names, as the kit does everywhere.
_SHORT_NAMES = {
    "dynamics 365 supply chain management": "scm",
    "dynamics 365 sales": "sales",
}


def _normalise(text: str) -> str:
    """Lower case, markdown emphasis and line breaks removed, whitespace collapsed, product
    names shortened."""
    text = re.sub(r"\s+", " ", text.replace("*", "").replace("\\>", ">")).strip().lower()
    for name, short in _SHORT_NAMES.items():
        text = text.replace(name, short)
    return text


SOURCE = _normalise((features_dir() / "source_document.md").read_text(encoding="utf-8"))


def quotations(text: str) -> list[str]:
    """Every double-quoted fragment of ``text``, split at ellipses, normalised."""
    fragments = []
    for quote in re.findall(r'"([^"]+)"', _normalise(text)):
        fragments += [part.strip(" .,") for part in quote.split("...") if part.strip(" .,")]
    return fragments


HARNESS = Path(__file__).parent / "harnesses" / "broken_harness.py"


def harness(mode: str) -> str:
    """The command line of an adapter process that breaks the protocol in one way (its docstring
    lists them)."""
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(HARNESS))} {mode}"
