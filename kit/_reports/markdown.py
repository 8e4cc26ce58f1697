"""The Markdown report (``p2c report --format markdown``): the conformance page's structure for a
GitHub job summary or a pull request, within GitHub's 1 MiB limit for a job summary.

The verdict and its scope, the counts, the failures (step, expected against actual as a diff, the
records, the reproduce command), the skips with their links, every scenario by feature with the
deployments side by side (the runs that do not apply folded away), the readings. Several results
files make a comparison: totals by implementation, and the scenario runs by implementation, worst
first. What does not fit in the limit is left out, most important last, and the report says how
much it left out.
"""

from __future__ import annotations

import json
from typing import Any

from tabulate import tabulate

from p2c_kit._reports.annotated import VERDICTS, requirement_verdicts
from p2c_kit._reports.explored import render_explored
from p2c_kit._reports.tables import (
    TOTAL_COLUMNS,
    Cell,
    ScenarioRow,
    by_feature,
    comparison_rows,
    expectation,
    implementation_name,
    readings_of,
    reproduce_command,
    scenario_rows,
    skip_reason,
    step_text,
    verdict_line,
)
from p2c_kit._reports.verdict import Outcome, judge, kit_difference
from p2c_kit._specification.features import DEPLOYMENT_NAMES
from p2c_kit._text import clean, fence, printable, with_links

#: GitHub's limit for one job summary (``$GITHUB_STEP_SUMMARY``), in bytes of UTF-8.
LIMIT = 1024 * 1024
#: Bytes kept free for the note that says what was left out.
_NOTE_ROOM = 400

_SIGNS: dict[str, str] = {
    Outcome.PASSED: "✅",
    Outcome.NOT_APPLICABLE: "⚪",
    Outcome.SKIPPED_BY_ADAPTER: "⏭️",
    Outcome.SKIPPED: "⏭️",
    Outcome.FAILED: "❌",
    Outcome.ADAPTER_ERROR: "❌",
    Outcome.ERROR: "⚠️",
}


def markdown(documents: list[dict[str, Any]], limit: int = LIMIT) -> str:
    """The report of one results file, or the comparison of several, within ``limit`` bytes."""
    blocks = _single(documents[0]) if len(documents) == 1 else _comparison(documents)
    return _fit(blocks, limit)


def _fit(blocks: list[tuple[str, str]], limit: int) -> str:
    """The blocks in order while they fit in ``limit`` bytes, with room for a closing note that
    says what was left out. Each block is (kind, text): the kind names a left-out block."""
    text, size, left = "", 0, list[str]()
    for kind, block in blocks:
        length = len(block.encode())
        if left or size + length + _NOTE_ROOM > limit:
            left.append(kind)
            continue
        text, size = text + block, size + length
    if left:
        counts = {kind: left.count(kind) for kind in dict.fromkeys(left)}
        text += (
            "\n> [!WARNING]\n> Left out to stay within GitHub's 1 MiB job summary limit: "
            + ", ".join(f"{n} {kind}" for kind, n in counts.items())
            + ". `p2c report --format html` and the results file hold everything.\n"
        )
    return text


def _md(text: object) -> str:
    """Text from a results file, safe in a Markdown paragraph or table cell; its web addresses
    are autolinks."""
    return "".join(
        f"<{piece}>" if link else clean(piece, "markdown")
        for piece, link in with_links(printable(text))
    )


def _single(document: dict[str, Any]) -> list[tuple[str, str]]:
    rows = scenario_rows(document)
    verdict = judge(document)
    head = [
        f"# p2c-kit conformance: {_md(implementation_name(document))}\n\n",
        f"**{_md(verdict_line(document))}**\n\n",
    ]
    if document["implementation"] is not None:
        head += [f"- {_md(line)}\n" for line in verdict.scope.long().splitlines()] + ["\n"]
    note = kit_difference(document)
    if note:
        head.append(f"> {_md(note)}\n\n")
    totals = document["totals"]
    head.append(
        " · ".join(
            f"{_SIGNS[outcome]} {totals[outcome]} {outcome}"
            for outcome in Outcome
            if totals.get(outcome)
        )
        + "\n\n"
    )
    blocks = [("header", "".join(head))]
    attention = [
        (row, deployment, cell)
        for row in rows
        for deployment, cell in row.cells.items()
        if cell.needs_attention
    ]
    if attention:
        blocks.append(("heading", f"## Failures ({len(attention)})\n\n"))
        for row, deployment, cell in attention:
            blocks.append(("failures", _failure(document, row, deployment, cell.entry)))
    skipped = [
        (row, deployment, cell.entry)
        for row in rows
        for deployment, cell in row.cells.items()
        if cell.outcome in (Outcome.SKIPPED_BY_ADAPTER, Outcome.SKIPPED)
    ]
    if skipped:
        reasons: dict[str, list[str]] = {}
        for row, deployment, entry in skipped:
            reasons.setdefault(skip_reason(entry["message"]), []).append(
                f"{row.label()} ({DEPLOYMENT_NAMES[deployment]})"
            )
        blocks.append(
            (
                "skip reasons",
                f"## Skipped ({len(skipped)})\n\n"
                + "".join(
                    f"- {_md(reason)}: {clean(', '.join(runs), 'markdown')}\n"
                    for reason, runs in reasons.items()
                )
                + "\n",
            )
        )
    if kit_difference(document) is None:  # only the kit that made them knows the requirements
        blocks.append(("requirements", _requirements(document)))
    blocks.append(("heading", "## Scenarios by feature\n\n"))
    for feature, feature_rows in by_feature(rows).items():
        blocks.append(("features", _feature(feature, feature_rows)))
    if document.get("explored"):
        blocks.append(
            (
                "explorations",
                "## Explored (p2c explore)\n\n"
                + render_explored(document["explored"], "markdown")
                + "\n\n",
            )
        )
    readings = readings_of(document)
    if readings:
        blocks.append(
            (
                "readings",
                "## The kit's readings the scenarios rest on\n\n"
                + "".join(f"- `{name}`: {_md(text)}\n" for name, text in readings.items())
                + "\n",
            )
        )
    run = document["run"]
    blocks.append(
        (
            "run facts",
            "## The run\n\n"
            + tabulate(
                [
                    ("adapter", clean(document["adapter"], "markdown")),
                    ("kit", clean(_kit_line(document), "markdown")),
                    ("seeds", " and ".join(str(seed) for seed in run["seeds"])),
                    ("partial", "yes" if run["partial"] else "no"),
                    ("started", clean(run["started_at"], "markdown")),
                    (
                        "environment",
                        clean(f"Python {run['python']}, pytest {run['pytest']}", "markdown"),
                    ),
                ],
                headers=("", ""),
                tablefmt="github",
            )
            + "\n",
        )
    )
    return blocks


def _requirements(document: dict[str, Any]) -> str:
    """What the run proved of each requirement of the source document: the counts, and the
    requirements that failed or were not run."""
    verdicts = list(requirement_verdicts(document).values())
    text = (
        "## Requirements of the source document\n\n"
        + " · ".join(
            f"{sum(v.verdict == verdict for v in verdicts)} {verdict}" for verdict in VERDICTS
        )
        + "\n\n"
    )
    for verdict in ("failed", "not run"):
        listed = [v for v in verdicts if v.verdict == verdict]
        if listed:
            text += (
                f"{verdict.capitalize()}:\n\n"
                + "".join(f"- {v.id} ({_md(v.section)}): {_md(v.quote)}\n" for v in listed)
                + "\n"
            )
    return text


def _kit_line(document: dict[str, Any]) -> str:
    kit = document["kit"]
    return (
        f"{kit['version']} (specification {kit['specification']}, features "
        f"{kit['features_sha256'][:12]})"
    )


def _failure(
    document: dict[str, Any], row: ScenarioRow, deployment: str, entry: dict[str, Any]
) -> str:
    seed = f", seed {entry['seed']}" if len(document["run"]["seeds"]) > 1 else ""
    what = expectation(entry["outcome"], entry["known_failure"]) or entry["outcome"]
    lines = [
        f"### {_SIGNS[entry['outcome']]} {clean(row.label(), 'markdown')} "
        f"({DEPLOYMENT_NAMES[deployment]}{seed}): {_md(row.title)}\n\n",
        f"{what}" + (f" at **{_md(step_text(entry['step']))}**" if entry["step"] else "") + "\n\n",
    ]
    if entry["expected"] is not None:
        expected = printable(entry["expected"]).splitlines() or [""]
        actual = printable(entry["actual"] or "").splitlines() or [""]
        lines.append(
            fence(
                "\n".join([*(f"- {line}" for line in expected), *(f"+ {line}" for line in actual)]),
                "diff",
            )
        )
        lines.append("\n(`-` expected, `+` actual)\n\n")
    elif entry["message"]:
        lines.append(fence(printable(entry["message"])) + "\n")
    if entry["records"]:
        records = json.dumps(entry["records"], indent=2, sort_keys=True, ensure_ascii=False)
        lines.append(
            "<details><summary>the records concerned</summary>\n\n"
            + fence(printable(records), "json")
            + "\n</details>\n\n"
        )
    lines.append(f"reproduce:\n\n{fence(printable(reproduce_command(document, entry)), 'sh')}\n")
    return "".join(lines)


def _shown(cell: Cell | None, missing: str) -> str:
    return f"{_SIGNS[cell.outcome]} {cell.text()}" if cell else missing


def _table(rows: list[ScenarioRow]) -> str:
    return (
        tabulate(
            [
                (
                    clean(row.label(), "markdown"),
                    _md(row.title),
                    *(
                        _shown(row.cells.get(deployment), "no run")
                        for deployment in DEPLOYMENT_NAMES
                    ),
                )
                for row in rows
            ],
            headers=("scenario", "title", *DEPLOYMENT_NAMES.values()),
            tablefmt="github",
        )
        + "\n"
    )


def _feature(feature: str, rows: list[ScenarioRow]) -> str:
    not_applicable = [
        row
        for row in rows
        if all(cell.outcome == Outcome.NOT_APPLICABLE for cell in row.cells.values())
    ]
    applicable = [row for row in rows if row not in not_applicable]
    text = f"### {_md(feature)}\n\n"
    if applicable:
        text += _table(applicable) + "\n"
    if not_applicable:
        text += (
            f"<details><summary>{len(not_applicable)} not applicable: the implementation does "
            "not declare what they need</summary>\n\n" + _table(not_applicable) + "\n</details>\n\n"
        )
    return text


def _comparison(documents: list[dict[str, Any]]) -> list[tuple[str, str]]:
    names = [
        f"{clean(implementation_name(document), 'markdown')} ({n})"
        for n, document in enumerate(documents, start=1)
    ]
    totals = tabulate(
        [
            (
                name,
                _md(verdict_line(document)),
                *(
                    sum(document["totals"].get(outcome, 0) for outcome in outcomes)
                    for outcomes in TOTAL_COLUMNS.values()
                ),
                "yes" if document["run"]["partial"] else "no",
            )
            for name, document in zip(names, documents, strict=True)
        ],
        headers=("implementation", "verdict", *TOTAL_COLUMNS, "partial"),
        tablefmt="github",
    )
    blocks = [
        (
            "header",
            f"# p2c-kit comparison of {len(documents)} implementations\n\n{totals}\n\n"
            "## Scenario runs by implementation, worst first\n\n",
        )
    ]
    table = tabulate(
        [
            (
                _md(f"{row.label()}: {row.title}"),
                DEPLOYMENT_NAMES[deployment],
                *(
                    f"{_SIGNS[cell.outcome]} {cell.text()}" if cell else "no such run"
                    for cell in cells
                ),
            )
            for row, deployment, cells in comparison_rows(documents)
        ],
        headers=("scenario", "deployment", *names),
        tablefmt="github",
    ).splitlines()
    blocks.append(("header", "\n".join(table[:2]) + "\n"))
    blocks += [("scenario runs", line + "\n") for line in table[2:]]
    return blocks
