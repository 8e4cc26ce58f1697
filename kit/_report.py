"""Scenario results and the tables that show them (made with tabulate)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from tabulate import tabulate

from kit._errors import ContractError, KitError, Refused

#: Every outcome a scenario can have, from best to worst.
OUTCOMES = ("passed", "not applicable", "skipped", "failed", "adapter error", "error")


@dataclass(frozen=True)
class Row:
    """One scenario run: which scenario, in which deployment, and what happened."""

    id: str
    title: str
    deployment: str
    outcome: str
    test: str
    step: str | None = None


def outcome_of(report: pytest.TestReport, error: BaseException | None) -> str:
    """Classify a test report. A conformance failure is the implementation's; an adapter error
    is its harness breaking the contract; an error is the kit's own."""
    if report.passed:
        return "passed"
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        return "not applicable" if "not applicable" in reason else "skipped"
    if isinstance(error, (AssertionError, pytest.fail.Exception, Refused)):
        return "failed"
    if isinstance(error, ContractError) or not isinstance(error, KitError):
        return "adapter error"
    return "error"


_DEPLOYMENTS = {"gab": "GAB", "no_gab": "no GAB"}


def scenario_table(rows: list[Row], tablefmt: str = "simple") -> str:
    """Scenario id, title, deployment and outcome, one line per scenario run, in id order."""
    ordered = sorted(rows, key=lambda row: (row.id, row.test))
    return tabulate(
        [
            (row.id, row.title, _DEPLOYMENTS.get(row.deployment, row.deployment), row.outcome)
            for row in ordered
        ],
        headers=("scenario", "title", "GAB", "outcome"),
        tablefmt=tablefmt,
        maxcolwidths=[None, 70, None, None],
    )
