"""Scenario results and the tables that show them (made with tabulate)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tabulate import tabulate

from kit import __version__
from kit._errors import UsageError
from kit._features import DEPLOYMENT_NAMES
from kit._schemas import schema_errors
from kit._text import clean, printable
from kit._verdict import inconsistencies, judge, kit_difference, run_failure

#: How the kit's skip reasons start: the only text the outcome is read from.
NOT_APPLICABLE = "not applicable: "
SKIPPED_BY_ADAPTER = "skipped by the adapter: "

#: Every outcome a scenario can have, from best to worst.
OUTCOMES = (
    "passed",
    "not applicable",
    "skipped by adapter",
    "skipped",
    "failed",
    "adapter error",
    "error",
)


@dataclass(frozen=True)
class Row:
    """One scenario run: which scenario (and outline case), in which deployment, what happened,
    and, for a failure, where and why. ``schemas/v2/results.json`` describes each field."""

    id: str
    feature: str
    title: str
    case: str | None
    deployment: str
    seed: int
    #: where the run came in the run's (shuffled) order of scenario runs, from 0
    position: int
    outcome: str
    reading: list[str]
    test: str
    duration: float
    step: dict[str, Any] | None = None
    #: every step of the run, each with its status (passed, failed, skipped, not reached)
    steps: list[dict[str, Any]] | None = None
    expected: str | None = None
    actual: str | None = None
    message: str | None = None
    records: dict[str, Any] | None = None
    known_failure: str | None = None

    @property
    def expectation(self) -> str:
        return expectation(self.outcome, self.known_failure)


def expectation(outcome: str, known_failure: str | None) -> str:
    """Whether what happened was expected: the known-failures list's say."""
    if known_failure is None:
        return ""
    # only a conformance failure is what the list expects; an error is no known failure
    return {"passed": "STALE known failure", "failed": "known failure"}.get(outcome, "")


def step_text(step: dict[str, Any] | None) -> str:
    """A failing step as a reader wants it: keyword, text, file and line."""
    if step is None:
        return ""
    return f"{step['keyword']} {step['text']}  ({step['file']}:{step['line']})"


_TITLE_WIDTH = 64


def scenario_table(rows: list[Row], *, show_not_applicable: bool = True) -> str:
    """Scenario id, outline case, title, deployment and outcome: one line per scenario run, in id
    order. Titles are shortened to keep one line each."""
    shown = [row for row in rows if show_not_applicable or row.outcome != "not applicable"]
    seeds = len({row.seed for row in rows}) > 1  # a certification run: say which seed
    known = any(row.known_failure for row in rows)  # a known-failures list: say what it expects
    return str(
        tabulate(
            [
                (
                    row.id,
                    row.case or "",
                    _shorten(row.title),
                    DEPLOYMENT_NAMES.get(row.deployment, row.deployment),
                    *([row.seed] if seeds else []),
                    row.outcome,
                    *([row.expectation] if known else []),
                    ", ".join(row.reading),
                )
                for row in sorted(
                    shown, key=lambda row: (row.id, row.case or "", row.deployment, row.seed)
                )
            ],
            headers=(
                "scenario",
                "case",
                "title",
                "deployment",
                *(["seed"] if seeds else []),
                "outcome",
                *(["expected"] if known else []),
                "reading",
            ),
        )
    )


def _shorten(title: str) -> str:
    return title if len(title) <= _TITLE_WIDTH else title[: _TITLE_WIDTH - 1] + "…"


# -- reports from results files (p2c report) ---------------------------------------------------

FORMATS = ("pretty", "markdown", "html", "json", "messages")
NOT_PASSED = ("failed", "adapter error", "error")


def load_results(path: Path) -> dict[str, Any]:
    """A results file, checked against ``schemas/v2/results.json`` and against itself: totals
    counted from its entries, each scenario run once (:func:`kit._verdict.inconsistencies`)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        errors = schema_errors("results", document)
    except OSError as error:
        raise UsageError(f"{path}: cannot read it ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from error
    except RecursionError as error:
        raise UsageError(f"{path}: not a p2c-kit results file: nested too deeply") from error
    except ValueError as error:
        raise UsageError(f"{path}: not JSON ({error})") from error
    if errors:
        made_by = document.get("kit", {}) if isinstance(document, dict) else {}
        version = made_by.get("version") if isinstance(made_by, dict) else None
        if isinstance(version, str) and version != __version__:
            raise UsageError(
                f"{path}: made by p2c-kit {printable(version)}, whose results files p2c-kit "
                f"{__version__} does not read ({errors[0]}); use that version of the kit"
            )
        raise UsageError(f"{path}: not a p2c-kit results file: {errors[0]}")
    problems = inconsistencies(document)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise UsageError(f"{path}: inconsistent results, refused: {problems[0]}{more}")
    checked: dict[str, Any] = document
    return checked


def implementation_name(document: dict[str, Any]) -> str:
    implementation = document["implementation"] or {"name": "(did not start)", "version": ""}
    return f"{implementation['name']} {implementation['version']}".strip()


def reproduce(document: dict[str, Any], scenario: dict[str, Any]) -> str:
    """The command that runs a scenario of a results document again, as it ran."""
    return f"p2c certify {document['adapter']} -k {scenario['id']} --seed {scenario['seed']}"


def _needs_attention(scenario: dict[str, Any]) -> bool:
    stale = scenario["known_failure"] is not None and scenario["outcome"] == "passed"
    return stale or (scenario["outcome"] in NOT_PASSED and scenario["known_failure"] is None)


def render_report(documents: list[dict[str, Any]], output_format: str) -> str:
    """One results file as a summary and its failures; several as a matrix of scenarios by
    implementation, worst first."""
    if output_format == "messages":
        from kit._messages import render_messages  # (it imports this module)

        if len(documents) > 1:
            raise UsageError("--format messages: one results file at a time")
        return render_messages(documents[0])
    if output_format == "json":
        return json.dumps([_summary(document) for document in documents], indent=2)
    tablefmt = {"pretty": "simple", "markdown": "github", "html": "html"}[output_format]
    parts = (
        _single(documents[0], output_format, tablefmt)
        if len(documents) == 1
        else _matrix(documents, output_format, tablefmt)
    )
    if output_format == "html":
        return _page(parts)
    if output_format == "markdown":
        return "\n\n".join(f"## {title}\n\n{table}" for title, table in parts) + "\n"
    return "\n\n".join(f"{title}\n{'=' * len(title)}\n{table}" for title, table in parts) + "\n"


def verdict_line(document: dict[str, Any]) -> str:
    """What the run is worth, in one line: its certification and scope, or why it fails."""
    if document["run"]["certification"]:
        verdict = judge(document)
        if verdict.full:
            return "certified: full conformance"
        if verdict.certified:
            return f"certified, partial conformance: {verdict.scope.short()}"
        return f"not certified: {verdict.reason}"
    failure = run_failure(document)
    return "passes (not a certification run)" if failure is None else f"fails: {failure}"


def _summary(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "implementation": document["implementation"],
        "adapter": document["adapter"],
        "kit": document["kit"],
        "verdict": verdict_line(document),
        "partial": document["run"]["partial"],
        "totals": document["totals"],
        "explored": document.get("explored", []),
        "attention": [
            {**scenario, "reproduce": reproduce(document, scenario)}
            for scenario in document["scenarios"]
            if _needs_attention(scenario)
        ],
    }


def _single(document: dict[str, Any], fmt: str, tablefmt: str) -> list[tuple[str, str]]:
    run, kit = document["run"], document["kit"]
    facts = [
        ("implementation", clean(implementation_name(document), fmt)),
        ("adapter", clean(document["adapter"], fmt)),
        (
            "kit",
            clean(
                f"{kit['version']} (specification {kit['specification']}, features "
                f"{kit['features_sha256'][:12]})",
                fmt,
            ),
        ),
        (
            "run",
            clean(
                f"seed {' and '.join(str(seed) for seed in run['seeds'])}, {run['started_at']}, "
                f"Python {run['python']}, pytest {run['pytest']}"
                + (", PARTIAL" if run["partial"] else ""),
                fmt,
            ),
        ),
        ("totals", ", ".join(f"{n} {outcome}" for outcome, n in document["totals"].items() if n)),
        ("verdict", clean(verdict_line(document), fmt)),
    ]
    difference = kit_difference(document)
    if difference is not None:
        facts.append(("note", clean(difference, fmt)))
    parts = [("p2c-kit results", tabulate(facts, tablefmt=tablefmt))]
    seeds = len(run["seeds"]) > 1
    known = any(s["known_failure"] is not None for s in document["scenarios"])
    rows = [
        (
            s["id"],
            clean(s["case"], fmt),
            clean(s["title"], fmt),
            DEPLOYMENT_NAMES[s["deployment"]],
            *([s["seed"]] if seeds else []),
            s["outcome"],
            # whether it was expected: the known-failures list's say, when there is one
            *([expectation(s["outcome"], s["known_failure"])] if known else []),
        )
        for s in document["scenarios"]
    ]
    parts.append(
        (
            "Scenarios",
            tabulate(
                rows,
                headers=(
                    "scenario",
                    "case",
                    "title",
                    "deployment",
                    *(["seed"] if seeds else []),
                    "what happened",
                    *(["was it expected"] if known else []),
                ),
                tablefmt=tablefmt,
            ),
        )
    )
    skipped = [s for s in document["scenarios"] if s["outcome"] == "skipped by adapter"]
    if skipped:
        parts.append(
            (
                "Skipped by the adapter",
                tabulate(
                    [
                        (
                            s["id"],
                            clean(s["case"], fmt),
                            DEPLOYMENT_NAMES[s["deployment"]],
                            clean(
                                (s["message"] or "").removeprefix("Skipped: " + SKIPPED_BY_ADAPTER),
                                fmt,
                            ),
                        )
                        for s in skipped
                    ],
                    headers=("scenario", "case", "deployment", "the adapter's reason"),
                    tablefmt=tablefmt,
                ),
            )
        )
    attention = [s for s in document["scenarios"] if _needs_attention(s)]
    if attention:
        failures = [
            (
                s["id"],
                DEPLOYMENT_NAMES[s["deployment"]],
                s["outcome"],
                clean(step_text(s["step"]), fmt),
                clean(s["expected"], fmt),
                clean(s["actual"], fmt),
                clean(s["message"] if s["expected"] is None else "", fmt),
                clean(reproduce(document, s), fmt),
            )
            for s in attention
        ]
        parts.append(
            (
                "Failures",
                tabulate(
                    failures,
                    headers=(
                        "scenario",
                        "deployment",
                        "what happened",
                        "step",
                        "expected",
                        "actual",
                        "message",
                        "reproduce",
                    ),
                    tablefmt=tablefmt,
                    maxcolwidths=None
                    if fmt != "pretty"
                    else [None, None, None, 40, 40, 40, 40, None],
                ),
            )
        )
    if document.get("explored"):
        from kit._explored import render_explored  # (it imports this module, through _results)

        parts.append(("Explored (p2c explore)", render_explored(document["explored"], fmt)))
    return parts


def _matrix(documents: list[dict[str, Any]], fmt: str, tablefmt: str) -> list[tuple[str, str]]:
    documents = sorted(documents, key=lambda d: d["totals"].get("passed", 0))  # worst first
    outcomes: dict[tuple[str, str, str], list[str]] = {}
    for column, document in enumerate(documents):
        # a run under several seeds (a certification) is one cell: its worst outcome, and the
        # seed it had it under when the seeds disagree
        worst: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for s in document["scenarios"]:
            worst.setdefault((s["id"], s["case"] or "", s["deployment"]), []).append(s)
        for key, entries in worst.items():
            s = max(entries, key=lambda entry: OUTCOMES.index(entry["outcome"]))
            disagree = len({entry["outcome"] for entry in entries}) > 1
            cells = outcomes.setdefault(key, [""] * len(documents))
            cells[column] = (
                s["outcome"]
                + (f" (seed {s['seed']})" if disagree else "")
                + (" (known)" if s["known_failure"] else "")
            )
    worst_first = sorted(
        outcomes.items(),
        key=lambda item: (-sum(cell.split(" (")[0] in NOT_PASSED for cell in item[1]), item[0]),
    )
    names = [
        f"{clean(implementation_name(document), fmt)} ({column})"
        for column, document in enumerate(documents, start=1)
    ]
    totals = [
        (
            name,
            document["totals"].get("passed", 0),
            sum(document["totals"].get(o, 0) for o in NOT_PASSED),
            "yes" if document["run"]["partial"] else "",
        )
        for name, document in zip(names, documents, strict=True)
    ]
    return [
        (
            "p2c-kit results by implementation",
            tabulate(
                totals,
                headers=("implementation", "passed", "not passed", "partial"),
                tablefmt=tablefmt,
            ),
        ),
        (
            "Scenarios by implementation, worst first",
            tabulate(
                [
                    (scenario_id, clean(case, fmt), DEPLOYMENT_NAMES[deployment], *cells)
                    for (scenario_id, case, deployment), cells in worst_first
                ],
                headers=("scenario", "case", "deployment", *names),
                tablefmt=tablefmt,
            ),
        ),
    ]


_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #1b1f24; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
tr:nth-child(even) td { background: #fbfcfd; }
"""


def _page(parts: list[tuple[str, str]]) -> str:
    """One self-contained page: no script, no external resource."""
    sections = "\n".join(
        (f"<h1>{html.escape(title)}</h1>" if index == 0 else f"<h2>{html.escape(title)}</h2>")
        + f"\n{table}"
        for index, (title, table) in enumerate(parts)
    )
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>p2c-kit results</title>\n<style>{_STYLE}</style></head>\n"
        f"<body>\n{sections}\n</body></html>\n"
    )
