"""Scenario results and the tables that show them (made with tabulate)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tabulate import tabulate

from p2c_kit import __version__
from p2c_kit._contract.errors import UsageError
from p2c_kit._contract.schemas import schema_errors
from p2c_kit._reports.explored import render_explored
from p2c_kit._reports.results import (
    NOT_APPLICABLE_PREFIX,
    SKIPPED_BY_ADAPTER_PREFIX,
    Row,
    read_given,
)
from p2c_kit._reports.verdict import Outcome, inconsistencies, judge, kit_difference, run_failure
from p2c_kit._specification.features import ASSUMPTIONS, DEPLOYMENT_NAMES
from p2c_kit._text import clean, printable


def expectation(outcome: str, known_failure: str | None) -> str:
    """Whether what happened was expected: the known-failures list's say."""
    if known_failure is None:
        return ""
    # only a conformance failure is what the list expects; an error is no known failure
    expected: dict[str, str] = {
        Outcome.PASSED: "STALE known failure",
        Outcome.FAILED: "known failure",
    }
    return expected.get(outcome, "")


def step_text(step: dict[str, Any] | None) -> str:
    """A failing step as a reader wants it: keyword, text, file and line."""
    if step is None:
        return ""
    return f"{step['keyword']} {step['text']}  ({step['file']}:{step['line']})"


#: Titles wrap at this width: the table stays readable in a terminal, and no title is cut.
_TITLE_WIDTH = 64


def scenario_table(rows: list[Row], *, show_not_applicable: bool = True) -> str:
    """Scenario id, outline case, title, deployment and outcome: a row per scenario run, in id
    order. Long titles wrap."""
    shown = [row for row in rows if show_not_applicable or row.outcome != Outcome.NOT_APPLICABLE]
    seeds = len({row.seed for row in rows}) > 1  # a certification run: say which seed
    known = any(row.known_failure for row in rows)  # a known-failures list: say what it expects
    return str(
        tabulate(
            [
                (
                    row.id,
                    row.case or "",
                    row.title,
                    DEPLOYMENT_NAMES.get(row.deployment, row.deployment),
                    *([row.seed] if seeds else []),
                    row.outcome,
                    *([expectation(row.outcome, row.known_failure)] if known else []),
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
            # only the title wraps: the columns after it vary in number
            maxcolwidths=[None, None, _TITLE_WIDTH, *[None] * (3 + seeds + known)],
        )
    )


# -- reports from results files (p2c report) ---------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A scenario run in one deployment, over the run's seeds: its worst outcome, the entry that
    had it, and whether the seeds disagreed."""

    outcome: str
    entry: dict[str, Any]
    disagree: bool

    @property
    def needs_attention(self) -> bool:
        return needs_attention(self.entry)

    def text(self) -> str:
        """The outcome, the seed it came under when the seeds disagreed, and whether a
        known-failures list expects it."""
        seed = f" (seed {self.entry['seed']})" if self.disagree else ""
        known = " (known)" if self.entry["known_failure"] and self.outcome == Outcome.FAILED else ""
        return f"{self.outcome}{seed}{known}"


@dataclass(frozen=True)
class ScenarioRow:
    """One scenario (one outline case) of a results file, with a cell per deployment it ran in."""

    id: str
    case: str | None
    title: str
    feature: str
    reading: tuple[str, ...]
    cells: dict[str, Cell]

    @property
    def outcome(self) -> str:
        """The worst of its cells."""
        return max(
            (cell.outcome for cell in self.cells.values()),
            key=lambda outcome: Outcome(outcome).rank,
        )

    @property
    def anchor(self) -> str:
        """Its id in a page: scenario id and case, letters, digits, ``_`` and ``-`` only."""
        case = re.sub(r"[^A-Za-z0-9_-]", "-", self.case) if self.case else ""
        return f"s-{self.id}" + (f"-{case}" if case else "")

    def label(self) -> str:
        return f"{self.id} [{self.case}]" if self.case else self.id


def scenario_rows(document: dict[str, Any]) -> list[ScenarioRow]:
    """The results' scenario runs as rows: one per scenario and outline case, in id order, each
    deployment a cell holding its worst outcome over the seeds."""
    runs: dict[tuple[str, str | None], dict[str, list[dict[str, Any]]]] = {}
    for entry in document["scenarios"]:
        runs.setdefault((entry["id"], entry["case"]), {}).setdefault(
            entry["deployment"], []
        ).append(entry)
    rows = []
    for (scenario_id, case), by_deployment in sorted(
        runs.items(), key=lambda item: (item[0][0], item[0][1] or "")
    ):
        cells = {}
        for deployment in DEPLOYMENT_NAMES:
            entries = by_deployment.get(deployment)
            if entries:
                worst = max(entries, key=lambda entry: Outcome(entry["outcome"]).rank)
                cells[deployment] = Cell(
                    worst["outcome"], worst, len({entry["outcome"] for entry in entries}) > 1
                )
        first = next(iter(cells.values())).entry
        rows.append(
            ScenarioRow(
                id=scenario_id,
                case=case,
                title=first["title"],
                feature=first["feature"],
                reading=tuple(first["reading"]),
                cells=cells,
            )
        )
    return rows


def by_feature(rows: list[ScenarioRow]) -> dict[str, list[ScenarioRow]]:
    """The rows grouped by feature, features in the order of their first scenario id."""
    features: dict[str, list[ScenarioRow]] = {}
    for row in rows:
        features.setdefault(row.feature, []).append(row)
    return features


#: The comparison's count columns: every outcome is in one, so nothing that did not pass hides.
TOTAL_COLUMNS = {
    "passed": (Outcome.PASSED,),
    "failed": (Outcome.FAILED,),
    "errors": (Outcome.ADAPTER_ERROR, Outcome.ERROR),
    "skipped": (Outcome.SKIPPED_BY_ADAPTER, Outcome.SKIPPED),
    "not applicable": (Outcome.NOT_APPLICABLE,),
}


def comparison_rows(
    documents: list[dict[str, Any]],
) -> list[tuple[ScenarioRow, str, list[Cell | None]]]:
    """One row per scenario run (scenario, case, deployment): the scenario, the deployment and
    each implementation's cell (None: no such run). Worst first: the rows where the most
    implementations did not pass (failed, erred or skipped), then the worst outcome in them."""
    cells: dict[tuple[str, str, str], tuple[ScenarioRow, list[Cell | None]]] = {}
    for column, document in enumerate(documents):
        for row in scenario_rows(document):
            for deployment, cell in row.cells.items():
                key = (row.id, row.case or "", deployment)
                _, found = cells.setdefault(key, (row, [None] * len(documents)))
                found[column] = cell

    def worst_first(
        item: tuple[tuple[str, str, str], tuple[ScenarioRow, list[Cell | None]]],
    ) -> Any:
        key, (_, found) = item
        outcomes = [cell.outcome for cell in found if cell is not None]
        return (
            -sum(outcome not in (Outcome.PASSED, Outcome.NOT_APPLICABLE) for outcome in outcomes),
            -max(Outcome(outcome).rank for outcome in outcomes),
            key,
        )

    return [(row, key[2], found) for key, (row, found) in sorted(cells.items(), key=worst_first)]


def skip_reason(message: str | None) -> str:
    """Why a run was skipped, in the adapter's words (or the kit's), without the kit's prefix."""
    message = printable(message or "")
    return message.removeprefix(SKIPPED_BY_ADAPTER_PREFIX).removeprefix(NOT_APPLICABLE_PREFIX)


def readings_of(document: dict[str, Any]) -> dict[str, str]:
    """The kit's readings the run's scenarios rest on, each with what it reads the document as."""
    used = sorted({reading for entry in document["scenarios"] for reading in entry["reading"]})
    return {
        reading: ASSUMPTIONS.get(f"assumption_{reading}", "(a reading of another kit version)")
        for reading in used
    }


NOT_PASSED = (Outcome.FAILED, Outcome.ADAPTER_ERROR, Outcome.ERROR)


def load_results(path: Path) -> dict[str, Any]:
    """A results file, checked against ``schemas/v2/results.json`` and against itself: totals
    counted from its entries, each scenario run once
    (:func:`p2c_kit._reports.verdict.inconsistencies`)."""
    text = read_given(path, str(path))
    try:
        document = json.loads(text, parse_constant=_no_constant)
        errors = schema_errors("results", document)
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


def _no_constant(name: str) -> Any:
    """Python's JSON reader takes NaN and Infinity; JSON has no such number, and no report
    can say one (a duration of NaN is not below 0, so the schema takes it)."""
    raise ValueError(f"{name} is no JSON number")


def implementation_name(document: dict[str, Any]) -> str:
    implementation = document["implementation"] or {"name": "(did not start)", "version": ""}
    return f"{implementation['name']} {implementation['version']}".strip()


def reproduce_command(document: dict[str, Any], scenario: dict[str, Any]) -> str:
    """The one command that runs this scenario run again, as the run ran it."""
    return f"p2c certify {document['adapter']} -k {scenario['id']} --seed {scenario['seed']}"


def needs_attention(scenario: dict[str, Any]) -> bool:
    """Whether a run is what a reader must look at: a failure no known-failures list expects,
    or a stale known failure (listed, yet passed)."""
    stale = scenario["known_failure"] is not None and scenario["outcome"] == Outcome.PASSED
    return stale or (scenario["outcome"] in NOT_PASSED and scenario["known_failure"] is None)


def pretty(documents: list[dict[str, Any]]) -> str:
    """For a terminal: one results file as its facts, scenarios, skips and failures; several as
    totals and a matrix of scenario runs by implementation, worst first."""
    parts = _single(documents[0]) if len(documents) == 1 else _matrix(documents)
    return "\n\n".join(f"{title}\n{'=' * len(title)}\n{table}" for title, table in parts) + "\n"


def summary_json(documents: list[dict[str, Any]]) -> str:
    """For a program: each results file's verdict, totals and the runs that need attention."""
    return json.dumps([_summary(document) for document in documents], indent=2)


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
            {**scenario, "reproduce": reproduce_command(document, scenario)}
            for scenario in document["scenarios"]
            if needs_attention(scenario)
        ],
    }


def _single(document: dict[str, Any]) -> list[tuple[str, str]]:
    fmt, tablefmt = "pretty", "simple"
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
    skipped = [s for s in document["scenarios"] if s["outcome"] == Outcome.SKIPPED_BY_ADAPTER]
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
                                skip_reason(s["message"]),
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
    attention = [s for s in document["scenarios"] if needs_attention(s)]
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
                clean(reproduce_command(document, s), fmt),
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
                    maxcolwidths=[None, None, None, 40, 40, 40, 40, None],
                ),
            )
        )
    if document.get("explored"):
        parts.append(("Explored (p2c explore)", render_explored(document["explored"], fmt)))
    return parts


def _matrix(documents: list[dict[str, Any]]) -> list[tuple[str, str]]:
    fmt, tablefmt = "pretty", "simple"
    names = [
        f"{clean(implementation_name(document), fmt)} ({column})"
        for column, document in enumerate(documents, start=1)
    ]
    totals = [
        (
            name,
            *(
                sum(document["totals"].get(outcome, 0) for outcome in outcomes)
                for outcomes in TOTAL_COLUMNS.values()
            ),
            "yes" if document["run"]["partial"] else "no",
        )
        for name, document in zip(names, documents, strict=True)
    ]
    return [
        (
            "p2c-kit results by implementation",
            tabulate(
                totals,
                headers=("implementation", *TOTAL_COLUMNS, "partial"),
                tablefmt=tablefmt,
            ),
        ),
        (
            "Scenarios by implementation, worst first",
            tabulate(
                [
                    (
                        row.id,
                        clean(row.case, fmt),
                        DEPLOYMENT_NAMES[deployment],
                        *(cell.text() if cell else "" for cell in cells),
                    )
                    for row, deployment, cells in comparison_rows(documents)
                ],
                headers=("scenario", "case", "deployment", *names),
                tablefmt=tablefmt,
            ),
        ),
    ]
