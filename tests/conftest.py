"""Helpers for running the kit the way its users do, inside pytester."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from p2c_kit._cli import certify_arguments
from p2c_kit._driver import DEFAULT_ADAPTER

TESTS = Path(__file__).resolve().parent


class Run:
    """The outcome of one pytester run of the specification."""

    def __init__(self, result: pytest.HookRecorder) -> None:
        self.exit_status = result.ret
        self.reports = result.getreports("pytest_runtest_logreport")
        self.rows = [
            json.loads(value)
            for report in self.reports
            for name, value in report.user_properties
            if name == "p2c"
        ]

    def outcomes(self, outcome: str) -> set[tuple[str, str]]:
        """(scenario id, deployment) of every scenario run with ``outcome``."""
        return {(row["id"], row["deployment"]) for row in self.rows if row["outcome"] == outcome}

    def count(self, outcome: str) -> int:
        """How many scenario runs (outline rows counted one by one) had ``outcome``."""
        return sum(row["outcome"] == outcome for row in self.rows)

    def ids(self, outcome: str) -> set[str]:
        return {scenario_id for scenario_id, _ in self.outcomes(outcome)}


@pytest.fixture
def certify(pytester: pytest.Pytester):
    """Run the specification in-process with pytester against an adapter, with the pytest
    command line of ``p2c certify``, and return the scenario rows."""
    pytester.syspathinsert(TESTS)

    def run(
        adapter: str = DEFAULT_ADAPTER,
        *,
        command: str | None = None,
        timeout: float = 10.0,
        validate_protocol: bool = False,
        seed: int = 0,
        k: str | None = None,
        m: str | None = None,
        output: Path | None = None,
        extra: tuple[str, ...] = (),
    ) -> Run:
        """``command``: certify an adapter process instead of the in-process ``adapter``."""
        options = argparse.Namespace(
            adapter=adapter,
            adapter_cmd=command,
            timeout=timeout,
            validate_protocol=validate_protocol,
            seed=seed,
            output=output,
            known_failing=None,
            features=None,
            quiet=False,
            n=None,
            certify=False,
            k=k,
            m=m,
            pytest_args=list(extra),
        )
        return Run(pytester.inline_run(*certify_arguments(options)))

    return run
