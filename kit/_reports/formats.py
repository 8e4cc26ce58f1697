"""``p2c report``: every format a results file renders to, each from its own module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from p2c_kit._contract.errors import UsageError
from p2c_kit._reports.html import page
from p2c_kit._reports.junit import render_junit
from p2c_kit._reports.markdown import markdown
from p2c_kit._reports.messages import render_messages
from p2c_kit._reports.tables import implementation_name, pretty, summary_json
from p2c_kit._text import printable

#: Each format: what renders one or several results documents in it.
RENDERERS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "pretty": pretty,
    "markdown": markdown,
    "html": page,
    "json": summary_json,
    "junit": lambda documents: render_junit(documents[0]),
    "messages": lambda documents: render_messages(documents[0]),
}
#: The formats of one run's scenarios, with no comparison of several runs.
ONE_RUN = ("junit", "messages")
FORMATS = tuple(RENDERERS)


def render_report(documents: list[dict[str, Any]], output_format: str) -> str:
    """The results documents in ``output_format``: one file's report, or several compared, the
    implementation that passed fewest runs first (by name on a tie: the order given is not)."""
    if output_format in ONE_RUN and len(documents) > 1:
        raise UsageError(f"--format {output_format}: one results file at a time, not several")
    worst_first = sorted(
        documents, key=lambda d: (d["totals"].get("passed", 0), printable(implementation_name(d)))
    )
    return RENDERERS[output_format](worst_first)
