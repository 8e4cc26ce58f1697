"""Scenario results and the tables that show them (made with tabulate)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from tabulate import tabulate

from kit._errors import ContractError, KitError, Refused

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
    and, for a failure, where and why. ``schemas/v1/results.json`` describes each field."""

    id: str
    feature: str
    title: str
    case: str | None
    deployment: str
    outcome: str
    reading: list[str]
    test: str
    duration: float
    step: dict[str, Any] | None = None
    expected: str | None = None
    actual: str | None = None
    message: str | None = None
    known_failure: str | None = None

    @property
    def expectation(self) -> str:
        """Whether what happened was expected: the known-failures list's say."""
        if self.known_failure is None:
            return ""
        return "STALE known failure" if self.outcome == "passed" else "known failure"


def outcome_of(report: pytest.TestReport, error: BaseException | None, in_kit: bool) -> str:
    """Classify a test report. A conformance failure is the implementation's; an adapter error
    is its adapter breaking the contract or crashing; an error is the kit's own (``in_kit``: the
    exception was raised in the kit's code)."""
    if report.passed or (report.failed and error is None):  # the latter: a stale known failure
        return "passed"
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        if "not applicable" in reason:
            return "not applicable"
        return "skipped by adapter" if "skipped by the adapter" in reason else "skipped"
    if isinstance(error, (AssertionError, pytest.fail.Exception, Refused)):
        return "failed"
    if isinstance(error, ContractError):
        return "adapter error"
    if isinstance(error, KitError) or type(error).__module__.startswith("pytest_bdd") or in_kit:
        return "error"
    return "adapter error"


_DEPLOYMENTS = {"gab": "GAB", "no_gab": "no GAB"}
_TITLE_WIDTH = 64


def scenario_table(rows: list[Row], *, show_not_applicable: bool = True) -> str:
    """Scenario id, outline case, title, deployment and outcome: one line per scenario run, in id
    order. Titles are shortened to keep one line each."""
    shown = [row for row in rows if show_not_applicable or row.outcome != "not applicable"]
    return str(
        tabulate(
            [
                (
                    row.id,
                    row.case or "",
                    _shorten(row.title),
                    _DEPLOYMENTS.get(row.deployment, row.deployment),
                    row.outcome,
                    row.expectation,
                    ", ".join(row.reading),
                )
                for row in sorted(shown, key=lambda row: (row.id, row.case or "", row.test))
            ],
            headers=("scenario", "case", "title", "GAB", "outcome", "expected", "reading"),
        )
    )


def _shorten(title: str) -> str:
    return title if len(title) <= _TITLE_WIDTH else title[: _TITLE_WIDTH - 1] + "…"
