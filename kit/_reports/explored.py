"""What ``p2c explore`` did and found, as a document (``schemas/v2/explored.json``) and as a
table.

``p2c explore --output PATH`` writes the document; if PATH is a results file of ``p2c certify``
already, the exploration becomes its ``explored`` section instead, so that one file holds what
an implementation was put through. Light on imports: the pytest plugin reads the defaults here.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from tabulate import tabulate

from p2c_kit._contract.errors import KitError, UsageError
from p2c_kit._contract.schemas import schema_errors
from p2c_kit._reports.results import write_results
from p2c_kit._reports.verdict import installed_kit
from p2c_kit._text import clean, fence, printable


def explored_document(
    explorations: list[dict[str, Any]], implementation: dict[str, Any] | None, adapter: str
) -> dict[str, Any]:
    return {
        "kit": installed_kit(),
        "implementation": implementation,
        "adapter": adapter,
        "explored": sorted(explorations, key=lambda entry: (entry["deployment"], entry["shard"])),
    }


def existing_output(path: Path) -> dict[str, Any] | None:
    """What ``--output`` holds already: a results file to add an explored section to, an explored
    document to replace, or nothing; anything else is a usage error (said before the run)."""
    if not path.exists():
        return None
    try:
        existing: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(
            f"--output {path}: exists, and is not JSON ({error}); not overwritten"
        ) from error
    if schema_errors("results", existing) and schema_errors("explored", existing):
        raise UsageError(
            f"--output {path}: exists, and is neither a results file nor an explored document; "
            "not overwritten"
        )
    checked: dict[str, Any] = existing
    return checked


def _named(implementation: Any) -> str:
    return f"{implementation['name']} {implementation['version']}" if implementation else "none"


def write_explored(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` to ``path``; into its ``explored`` section if ``path`` is a results
    file of the same implementation. Whole or not at all."""
    errors = schema_errors("explored", document)
    if errors:  # the kit's own bug
        raise KitError("the kit made an invalid explored document: " + "; ".join(errors))
    existing = existing_output(path)
    if existing is None or not schema_errors("explored", existing):
        write_results(path, document)
        return
    if _named(existing["implementation"]) != _named(document["implementation"]):
        raise UsageError(
            f"--output {path}: the results of another implementation "
            f"({printable(_named(existing['implementation']))}); not written"
        )
    write_results(path, {**existing, "explored": document["explored"]})


def render_explored(explorations: list[dict[str, Any]], output_format: str) -> str:
    """The explorations as a table, and each failure with its scenario."""
    table = {"markdown": "github", "html": "html"}.get(output_format, "simple")
    rows = [
        (
            entry["deployment"],
            clean(entry["shard"], output_format),
            entry["sequences"],
            f"{entry['actions']:,}",
            f"{entry['properties_checked']:,}",
            f"{entry['seconds']:.1f}",
            clean(_verdict(entry), output_format),
        )
        for entry in explorations
    ]
    parts = [
        tabulate(
            rows,
            headers=("deployment", "shard", "sequences", "actions", "checks", "seconds", "found"),
            tablefmt=table,
            disable_numparse=True,
        )
    ]
    for entry in explorations:
        for step, reason in entry["skipped"].items():  # the adapter's words
            skipped = clean(
                f"{entry['deployment']} {entry['shard']}: skipped by the adapter, and not taken "
                f"again: {step} ({reason})",
                output_format,
            )
            parts.append(f"<p>{html.escape(skipped)}</p>" if output_format == "html" else skipped)
        failure = entry["failure"]
        if failure is None:
            continue
        title = f"{entry['deployment']} {entry['shard']}: {_verdict(entry)}"
        if output_format == "html":
            parts.append(
                f"<h3>{html.escape(title)}</h3>\n<pre>{html.escape(printable(failure['message']))}"
                f"</pre>\n<pre>{html.escape(printable(failure['gherkin']))}</pre>\n"
                f"<p>reproduce: <code>{html.escape(printable(failure['reproduce']))}</code></p>"
            )
        elif output_format == "markdown":
            parts.append(
                f"**{clean(title, output_format)}**\n\n"
                + fence(printable(failure["message"]), "text")
                + "\n"
                + fence(printable(failure["gherkin"]).rstrip("\n"), "gherkin")
                + "\nreproduce:\n\n"
                + fence(printable(failure["reproduce"]), "sh")
            )
        else:
            parts.append(
                f"{title}\n{printable(failure['message'])}\n\n{printable(failure['gherkin'])}"
                f"\nreproduce: {printable(failure['reproduce'])}"
            )
    return "\n\n".join(parts)


def _verdict(entry: dict[str, Any]) -> str:
    failure = entry["failure"]
    if failure is None:
        return "nothing"
    if failure["kind"] == "property":
        return f"{failure['property']} does not hold ({', '.join(failure['implements'])})"
    if failure["kind"] == "step":
        return "a step failed"
    return "an adapter error"
