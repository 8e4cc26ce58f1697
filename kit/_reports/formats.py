"""``p2c report``: every format a results file renders to, each from its own module."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from p2c_kit._contract.errors import UsageError
from p2c_kit._text import printable

#: Each format: the module of this package and its function that render it, imported only when
#: the format is asked for (``p2c`` names the formats in its help without paying for them).
RENDERERS: dict[str, tuple[str, str]] = {
    "pretty": ("tables", "pretty"),
    "markdown": ("markdown", "markdown"),
    "html": ("html", "page"),
    "json": ("tables", "summary_json"),
    "junit": ("junit", "render_junit"),
    "messages": ("messages", "render_messages"),
}
#: The formats of one run's scenarios, with no comparison of several runs: each renders one
#: results document.
ONE_RUN = ("junit", "messages")
FORMATS = tuple(RENDERERS)


def render_report(documents: list[dict[str, Any]], output_format: str) -> str:
    """The results documents in ``output_format``: one file's report, or several compared, the
    implementation that passed fewest runs first (by name on a tie: the order given is not)."""
    from p2c_kit._reports.tables import implementation_name  # (see RENDERERS)
    from p2c_kit._reports.verdict import Outcome

    if output_format in ONE_RUN and len(documents) > 1:
        raise UsageError(f"--format {output_format}: one results file at a time, not several")
    worst_first = sorted(
        documents,
        key=lambda d: (d["totals"].get(Outcome.PASSED, 0), printable(implementation_name(d))),
    )
    module, function = RENDERERS[output_format]
    render: Callable[[Any], str] = getattr(
        importlib.import_module(f"{__package__}.{module}"), function
    )
    return render(worst_first[0] if output_format in ONE_RUN else worst_first)
