"""Text that came from an adapter, made safe to print."""

from __future__ import annotations

import html
import re
from typing import Any

#: Terminal escape sequences, C0 and C1 control characters (but newline and tab), and the Unicode
#: direction overrides that can make text read other than it is.
_UNPRINTABLE = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]"  # terminal escape sequences
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # control characters, but tab and newline
    r"|[\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # direction marks and overrides
    r"|[\ud800-\udfff]"  # lone surrogates: valid JSON, but no UTF-8 can carry them
)


def printable(text: object) -> str:
    """``text`` as a string without control sequences: safe in a terminal, a log or a page."""
    return _UNPRINTABLE.sub("", "" if text is None else str(text))


def shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis ending it where it was longer (every
    character is kept up to there: an adapter's long word is cut, not dropped)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean(text: Any, output_format: str) -> str:
    """A string that may come from an adapter, made harmless for the format: no terminal
    control sequences anywhere, Markdown table breakers and HTML escaped where they matter."""
    cleaned = printable(text)
    if output_format == "pretty":  # a line break in a table cell could forge a row of its own
        cleaned = cleaned.replace("\n", " ⏎ ").replace("\t", " ")
    if output_format == "markdown":  # no raw HTML, no table breaks, no links or images
        # quotes stay: no adapter text goes into an attribute
        cleaned = html.escape(cleaned, quote=False).replace("|", "\\|").replace("\n", " ")
        cleaned = cleaned.replace("[", "\\[").replace("]", "\\]")
    return cleaned


#: A web address in a message, as an adapter writes one for an issue: http or https only, up to
#: whitespace or a closing bracket or quote (never ``javascript:`` or another scheme).
_LINK = re.compile(r"https?://[^\s<>()\[\]{}\"'`|\\]+[^\s<>()\[\]{}\"'`|\\.,;:!?]")


def with_links(text: str) -> list[tuple[str, bool]]:
    """``text`` (already printable) in pieces, each with whether it is a web address."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in _LINK.finditer(text):
        pieces += [(text[at : match.start()], False), (match.group(), True)]
        at = match.end()
    pieces.append((text[at:], False))
    return [(piece, link) for piece, link in pieces if piece]


def fence(text: str, language: str = "") -> str:
    """A fenced Markdown code block holding ``text``, that no run of backticks in it can close
    early, and that closes on a line of its own."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{language}\n{text}\n{ticks}\n"


#: Quotations may shorten the product names, as the kit does everywhere.
_SHORT_NAMES = {"dynamics 365 supply chain management": "scm", "dynamics 365 sales": "sales"}


def normalise(text: str) -> str:
    """Lower case, Markdown emphasis and line breaks removed, whitespace collapsed, product names
    shortened: what a quotation is compared in."""
    text = re.sub(r"\s+", " ", text.replace("*", "").replace("\\>", ">")).strip().lower()
    for name, short in _SHORT_NAMES.items():
        text = text.replace(name, short)
    return text
