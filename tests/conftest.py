"""Helpers for running the kit the way its users do, inside pytester."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from p2c_kit._commands.certify import certify_arguments
from p2c_kit._transports.driver import DEFAULT_ADAPTER

if TYPE_CHECKING:
    from tests_support import SharedRun

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


@pytest.fixture(scope="session")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test session that every xdist worker sees (each worker's temporary
    folder is a subfolder of the session's), for what the session makes once."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / "shared"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def reference_run(shared: Path) -> SharedRun:
    """``p2c certify --output reference.json``: every scenario against the reference."""
    from tests_support import shared_run  # (not at import: certify runs in tests/ load this file)

    return shared_run(shared, "certify", "--output", "reference.json")


@pytest.fixture(scope="session")
def reference_certified(shared: Path) -> SharedRun:
    """``p2c certify --certify --output certified.json``: the reference, certified."""
    from tests_support import shared_run

    return shared_run(shared, "certify", "--certify", "--output", "certified.json")


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


#: Tests that share what one of them makes (a module fixture, or an exploration cached in the
#: worker's process) run on one xdist worker: each group, by the start of its tests' node ids.
#: (``--dist loadgroup``, and this in place of its ``xdist_group`` marks: with pytest 9.2,
#: pytest-xdist 3.8 cannot rename a test's node id to carry its mark's group, and the marks
#: have no effect.)
WORKER_GROUPS = {
    "tests/test_messages.py::": "messages",
    "tests/test_junit.py::": "junit",
    "tests/test_report.py::": "report",
    "tests/test_packaging.py::": "packaging",
    "tests/test_explore.py::test_every_step_explore_takes": "explore-reference",
    "tests/test_explore.py::test_explore_finds_nothing_against_the_reference": "explore-reference",
    "tests/test_explore.py::test_explore_finds_within_the_default_budget_an_adapter_broken_"
    "beyond_the_documented_order[breaks_the_second_conversion]": "explore-second-conversion",
    "tests/test_explore.py::test_a_shrunk_failure_is_a_scenario": "explore-second-conversion",
    "tests/test_explore.py::test_explore_finds_within_the_default_budget_an_adapter_broken_"
    "beyond_the_documented_order[converts_only_fully_addressed]": "explore-fully-addressed",
    "tests/test_explore.py::test_a_shrunk_failure_is_short": "explore-fully-addressed",
}


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # certify runs in tests/ load no xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadgroup``, grouped by ``WORKER_GROUPS``."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class Grouped(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            groups = (group for start, group in WORKER_GROUPS.items() if nodeid.startswith(start))
            return next(groups, None) or super()._split_scope(nodeid)

    return Grouped(config, log)


#: The longest tests, started first so that no worker is left with one of them at the end (with
#: ``--dist loadgroup`` the groups go first, then these, then the rest in file order).
LONGEST_FIRST = (
    "tests/test_benchmarks.py::",
    "tests/test_explore.py::test_the_explore_benchmark",
    "tests/test_explore.py::test_explore_checks_roles_exactly_where",
    "tests/test_kill_matrix.py::test_the_workers_kill_with_the_same_scenarios",
    "tests/test_hostile.py::test_an_adapter_that_skips_or_xfails_fails_certification",
    "tests/test_explore.py::test_explore_finds_within_the_default_budget",
    "tests/test_hostile.py::test_verify_is_not_fooled",
    "tests/test_protocol.py::test_the_reference_through_the_protocol",
    "tests/test_protocol.py::test_a_broken_implementation_fails_the_same_scenarios",
    "tests/test_hostile.py::test_an_implementation_that",
    "tests/test_explore.py::test_a_property_resting_on_a_reading",
    "tests/test_stress.py::",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        found = (n for n, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix))
        return next(found, len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: the rest keep their order
