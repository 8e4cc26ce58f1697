"""The p2c-kit pytest plugin, loaded only where it is asked for (``-p p2c_kit.plugin``): no pytest11
entry point, so installing the kit adds nothing to other projects' pytest sessions.

``p2c certify`` asks for it; so does ``pytest -p p2c_kit.plugin --pyargs p2c_kit.conformance``. It
acts only when the specification's scenarios are collected. Then it:

- loads the adapter named by ``--p2c-adapter`` and asks it for its capabilities;
- runs every scenario that has no ``@gab``/``@no_gab`` tag in both deployments, and in a
  certification run under two seeds (the given one and one derived from it);
- reports scenarios that need a capability the adapter does not declare as *not applicable*;
- shuffles the scenario runs, in an order drawn from the seed;
- gives each scenario run its own data, seeded from its seed and its test id, so any run or
  subset reproduces the same data;
- prints a table of scenario id, title, deployment and outcome at the end, and decides the exit
  status from the results (:mod:`p2c_kit._reports.verdict`), not from pytest's outcomes alone:
  an undeclared skip, an xfail, or a run that ended early fails it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import random
import shlex
import time
from collections.abc import Generator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from faker import Faker

from p2c_kit import __version__
from p2c_kit._contract.adapter import CAPABILITIES, DEPLOYMENTS, Adapter, Deployment
from p2c_kit._contract.errors import ContractError, KitError, Refused, Skipped
from p2c_kit._options import add_plugin_options, check_certification
from p2c_kit._reports.explored import explored_document, write_explored
from p2c_kit._reports.known import KnownFailure, load_known_failing
from p2c_kit._reports.results import (
    NOT_APPLICABLE_PREFIX,
    SKIPPED_BY_ADAPTER_PREFIX,
    Row,
    results_document,
    write_results,
)
from p2c_kit._reports.tables import expectation, scenario_table, skip_reason, step_text
from p2c_kit._reports.verdict import (
    Outcome,
    StepStatus,
    expected_runs,
    run_failure,
    run_seeds,
)
from p2c_kit._specification import incidental
from p2c_kit._specification.assertions import Mismatch
from p2c_kit._specification.configuration import configuration
from p2c_kit._specification.features import (
    ASSUMPTIONS,
    ID_TAG,
    ScenarioInfo,
    add_features,
    added_features,
    scenarios,
)
from p2c_kit._specification.world import World
from p2c_kit._text import printable
from p2c_kit._transports.driver import DEFAULT_ADAPTER, Driver, load_adapter
from p2c_kit._transports.processes import Containment
from p2c_kit._transports.stdio import DEFAULT_TIMEOUT, AdapterProcess

#: The tag vocabulary of the features, registered as markers (the suite runs with strict markers).
MARKERS: dict[str, str] = {
    "gab": "runs with the dual-write GAB solution deployed",
    "no_gab": "runs with the dual-write GAB solution not deployed",
    "negative": "checks that the implementation refuses or does not do something",
    "p2c_id(id)": "the stable id of a specification scenario (from its @p2c_* tag)",
    **{
        f"requires_{capability}": f"needs the adapter capability '{capability}'"
        for capability in CAPABILITIES
        if capability not in DEPLOYMENTS
    },
    **{tag: f"the kit's reading: {reading}" for tag, reading in ASSUMPTIONS.items()},
}

_STATE = pytest.StashKey["_Certification"]()
_FAILING_STEP = pytest.StashKey[dict[str, Any]]()
#: What each step of a scenario run did, by its line in the feature file: status and seconds.
_STEP_RESULTS = pytest.StashKey[dict[int, tuple[StepStatus, float]]]()
#: The step running now: its line, and when it started.
_STEP_STARTED = pytest.StashKey[tuple[int, float]]()
_POSITION = pytest.StashKey[int]()
#: The skips the kit makes itself, by what each means: the implementation lacks what the run needs
#: (not applicable), or the adapter raised p2c_kit.Skipped (skipped by adapter). Only this mark
#: makes a skip either, never the words of a skip (an adapter can say anything, and skip anyhow).
_KIT_SKIP = pytest.StashKey[Outcome]()


@dataclass(eq=False)  # a plugin object must stay hashable
class _Certification:
    """What the plugin keeps for one pytest session; also a plugin, for the hooks that need it."""

    adapter_spec: str
    adapter_command: str | None
    timeout: float
    validate_protocol: bool
    seed: int
    output: Path | None
    known_failing: dict[str, KnownFailure]
    certification: bool
    driver: Driver | None = None
    #: The adapter process, started early (--adapter-cmd)
    spawned: AdapterProcess | None = None
    rows: list[Row] = field(default_factory=list)
    #: For the results file: what was started, how many scenario runs were due, when.
    implementation: dict[str, Any] | None = None
    scheduled: int = 0
    deselected: int = 0
    workers_lost: int = 0
    started_at: str = ""
    #: when the session started, for the summary line's time
    clock: float = 0.0
    selection: dict[str, str | None] = field(default_factory=dict)
    #: every process the adapter starts, ended with the session
    containment: Containment | None = None
    #: why the run fails, decided at its end from its results
    failure: str | None = None

    @property
    def seeds(self) -> list[int]:
        return run_seeds(self.seed, self.certification)

    def ensure_driver(self) -> Driver:
        if self.driver is None:
            if self.adapter_command is not None:
                adapter: Adapter = self._adapter_process()
            else:
                adapter = load_adapter(self.adapter_spec)
            self.driver = Driver(adapter)
        return self.driver

    def _adapter_process(self) -> AdapterProcess:
        if self.spawned is None:
            self.spawned = AdapterProcess(
                self.adapter_command or "",
                timeout=self.timeout,
                validate_protocol=self.validate_protocol,
            )
        return self.spawned

    @property
    def adapter_option(self) -> str:
        """How ``p2c certify`` names this adapter, and the feature files the run added, for
        reproduce lines."""
        added = "".join(f" --features {shlex.quote(str(path))}" for path in added_features())
        if self.adapter_command is None:
            return f"--adapter {self.adapter_spec}{added}"
        option = f"--adapter-cmd {shlex.quote(self.adapter_command)}"
        if self.timeout != DEFAULT_TIMEOUT:
            option += f" --timeout {self.timeout:g}"
        return option + (" --validate-protocol" if self.validate_protocol else "") + added

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        # Every process the adapter starts ends with the session (kit/_transports/processes.py):
        # before the results are written (so none can rewrite them), and in a cleanup, which pytest
        # runs even when a hook failed. Not for the reference by its default name, which starts
        # none: a session that runs no other adapter is left as it is.
        if self.adapter_command is not None or self.adapter_spec != DEFAULT_ADAPTER:
            self.containment = Containment()
            session.config.add_cleanup(self.containment.end)
        self.started_at = _now()
        self.clock = time.monotonic()
        if self.adapter_command is not None and not session.config.pluginmanager.hasplugin(
            "dsession"  # an xdist controller: its workers run the adapter
        ):
            # the adapter process boots while the scenarios are collected
            with contextlib.suppress(KitError):  # said when the driver starts it again
                self._adapter_process().spawn()

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += sum(_is_scenario(getattr(item, "fixturenames", ())) for item in items)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        scenario_items = [
            item for item in session.items if _is_scenario(getattr(item, "fixturenames", ()))
        ]
        self.scheduled = len(scenario_items)
        for position, item in enumerate(scenario_items):
            item.stash[_POSITION] = position

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if name == "p2c":
                fields = json.loads(str(value))
                self.rows.append(Row(**fields | {"outcome": Outcome(fields["outcome"])}))

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """Under pytest-xdist, on the controller: what a worker started and scheduled."""
        if error is not None:  # a worker died: its scenarios did not all run
            self.workers_lost += 1
        worker = json.loads(getattr(node, "workeroutput", {}).get("p2c", "{}"))
        self.implementation = self.implementation or worker.get("implementation")
        self.scheduled = max(self.scheduled, worker.get("scheduled", 0))
        self.deselected = max(self.deselected, worker.get("deselected", 0))

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.driver is not None:
            self.implementation = dict(self.driver.implementation)
        if self.spawned is not None and session.exitstatus == pytest.ExitCode.INTERRUPTED:
            self.spawned.abort()  # Ctrl-C: no stop request, no waiting for an answer
        elif self.driver is not None:
            with contextlib.suppress(Exception):  # the run's results matter more than its end
                self.driver.stop()
        elif self.spawned is not None:  # started early, for scenarios that were not selected
            self.spawned.stop()
        self.driver = None
        if self.containment is not None and not session.config.pluginmanager.hasplugin(
            "dsession"  # an xdist controller: its workers end theirs; it must not end them
        ):
            self.containment.end()
        workeroutput = getattr(session.config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller writes the results
            workeroutput["p2c"] = json.dumps(
                {
                    "implementation": self.implementation,
                    "scheduled": self.scheduled,
                    "deselected": self.deselected,
                }
            )
            return
        if not (self.rows or self.scheduled or self.deselected or self.certification):
            return  # a pytest session that ran no part of the specification
        partial = (
            self.deselected > 0
            or self.workers_lost > 0
            or len(self.rows) < self.scheduled
            # a selection by node id (as the kill matrix makes) deselects nothing
            or self.scheduled < len(expected_runs(self.seeds))
            or self.implementation is None
            or exitstatus
            in (
                pytest.ExitCode.INTERRUPTED,
                pytest.ExitCode.INTERNAL_ERROR,
                pytest.ExitCode.USAGE_ERROR,
            )
        )
        document = results_document(
            self.rows,
            implementation=self.implementation,
            adapter=self.adapter_option,
            seeds=self.seeds,
            selection=self.selection,
            scheduled=self.scheduled,
            started_at=self.started_at,
            finished_at=_now(),
            partial=partial,
            certification=self.certification,
        )
        # The verdict is the results', whatever pytest made of the outcomes (an adapter that
        # skips or xfails a scenario, a collection that runs none); but an adapter that cannot
        # start is a usage error, which pytest says: no verdict to add.
        if session.exitstatus != pytest.ExitCode.USAGE_ERROR:
            self.failure = run_failure(document)
        if self.failure is not None and session.exitstatus in (
            pytest.ExitCode.OK,
            pytest.ExitCode.NO_TESTS_COLLECTED,
        ):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if self.output is not None:
            write_results(self.output, document)


def pytest_addoption(parser: pytest.Parser) -> None:
    add_plugin_options(parser.getgroup("p2c", "p2c-kit conformance").addoption)


def _known_failing(config: pytest.Config) -> dict[str, KnownFailure]:
    path = config.getoption("p2c_known_failing")
    if path is None:
        return {}
    try:
        return load_known_failing(path)
    except KitError as error:
        raise pytest.UsageError(f"p2c-kit: {error}") from error


def pytest_configure(config: pytest.Config) -> None:
    for marker, description in MARKERS.items():
        config.addinivalue_line("markers", f"{marker}: {description}")
    try:
        check_certification(config.getoption, pytest=True)
        for path in config.getoption("p2c_features") or ():
            add_features(path)
    except KitError as error:
        raise pytest.UsageError(f"p2c-kit: {error}") from error
    state = _Certification(
        adapter_spec=config.getoption("p2c_adapter"),
        adapter_command=config.getoption("p2c_adapter_cmd"),
        timeout=config.getoption("p2c_timeout"),
        validate_protocol=config.getoption("p2c_validate_protocol"),
        seed=config.getoption("p2c_seed"),
        output=config.getoption("p2c_output"),
        known_failing=_known_failing(config),
        certification=config.getoption("p2c_certify"),
        selection={"k": config.option.keyword or None, "m": config.option.markexpr or None},
    )
    config.stash[_STATE] = state
    config.pluginmanager.register(state, "p2c-certification")
    config.pluginmanager.register(_Explorations(config), "p2c-explorations")


@dataclass(eq=False)
class _Explorations:
    """The explorations of a session (``p2c_kit.conformance.explore``), gathered from their test
    reports (which carry them from xdist workers) and written to ``--p2c-explore-output``."""

    config: pytest.Config
    explored: list[dict[str, Any]] = field(default_factory=list)
    implementation: dict[str, Any] | None = None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "teardown":  # it has the test's properties again
            return
        for name, value in report.user_properties:
            if name == "p2c_implementation" and isinstance(value, str):
                self.implementation = json.loads(value)
            if name == "p2c_explored" and isinstance(value, str):
                self.explored.append(json.loads(value))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        output = self.config.getoption("p2c_explore_output")
        if output is None or getattr(self.config, "workeroutput", None) is not None:
            return
        adapter = self.config.stash[_STATE].adapter_option
        write_explored(output, explored_document(self.explored, self.implementation, adapter))


@pytest.fixture
def p2c_driver(request: pytest.FixtureRequest) -> Driver:
    """The adapter under test, behind the contract's checks (started once per session)."""
    return request.config.stash[_STATE].ensure_driver()


@pytest.fixture
def p2c_adapter_option(request: pytest.FixtureRequest) -> str:
    """How ``p2c`` names the adapter under test (``--adapter ...``), for reproduce lines."""
    adapter_option: str = request.config.stash[_STATE].adapter_option
    return adapter_option


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Any) -> bool | None:
    """Scenario id tags become ``p2c_id`` marks; the rest are markers of their own name."""
    if ID_TAG.match(tag):
        pytest.mark.p2c_id(tag)(function)
        return True
    return None


def _is_scenario(fixturenames: Any) -> bool:
    return "p2c_deployment" in fixturenames


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every scenario that names no deployment in both deployments, and every scenario of a
    certification run under each of its seeds."""
    if not _is_scenario(metafunc.fixturenames):
        return
    if not _names_deployment(metafunc.definition):
        metafunc.parametrize(
            "p2c_deployment",
            [
                pytest.param("gab", marks=pytest.mark.gab, id="gab"),
                pytest.param("no_gab", marks=pytest.mark.no_gab, id="no_gab"),
            ],
        )
    seeds = metafunc.config.stash[_STATE].seeds
    if len(seeds) > 1:
        metafunc.parametrize("p2c_seed", seeds, ids=[f"seed{seed}" for seed in seeds])


def _names_deployment(definition: pytest.Function) -> bool:
    """Whether a scenario, or each of its Examples tables, is tagged @gab or @no_gab."""
    if any(mark.name in DEPLOYMENTS for mark in definition.iter_markers()):
        return True
    for mark in definition.iter_markers("parametrize"):
        for parameter in mark.args[1]:
            if isinstance(parameter, pytest.ParameterSet) and any(
                m.name in DEPLOYMENTS for m in parameter.marks
            ):
                return True
    return False


def _deployment_of(item: pytest.Item) -> Deployment:
    names = {mark.name for mark in item.iter_markers()} & set(DEPLOYMENTS)
    if len(names) != 1:
        raise KitError(f"{item.nodeid}: a scenario runs in exactly one deployment, has {names}")
    deployment: Deployment = "gab" if "gab" in names else "no_gab"
    return deployment


_KIT_DIR = Path(__file__).resolve().parent


def _raised_in_kit(call: pytest.CallInfo[None]) -> bool:
    """Whether the exception was raised in the kit's own code (a kit bug, not the adapter's)."""
    if call.excinfo is None or not call.excinfo.traceback:
        return False
    innermost = Path(str(call.excinfo.traceback[-1].path)).resolve()
    return bool(innermost.is_relative_to(_KIT_DIR))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _case_of(item: pytest.Item) -> str | None:
    """The Examples row of a Scenario Outline run, by its first ("case") column."""
    # pytest-bdd's name for the argument that takes an outline's Examples row: it has no public
    # way to tell which row a test runs (the scenario its hooks are given is rendered, without
    # the row), and the row's seed is drawn before the first step
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get("_pytest_bdd_example") if callspec else None
    return str(example["case"]) if example else None


def _seed_of(item: pytest.Item) -> int:
    callspec = getattr(item, "callspec", None)
    seed = callspec.params.get("p2c_seed") if callspec else None
    return item.config.stash[_STATE].seed if seed is None else int(seed)


def _scenario_id(item: pytest.Item) -> str:
    mark = item.get_closest_marker("p2c_id")
    if mark is None:
        raise KitError(f"{item.nodeid}: the scenario has no @p2c_* id tag")
    scenario_id: str = mark.args[0]
    return scenario_id


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark scenarios the adapter cannot run as not applicable; make ids selectable with -k;
    shuffle the scenario runs in an order drawn from the seed."""
    scenario_items = [item for item in items if _is_scenario(getattr(item, "fixturenames", ()))]
    if not scenario_items:
        return
    # An implementation must not depend on the order of scenarios (nor pass because of it). The
    # same seed gives the same order, so every xdist worker collects the same list.
    scenario_ids = {id(item) for item in scenario_items}
    places = [index for index, item in enumerate(items) if id(item) in scenario_ids]
    random.Random(f"p2c-kit order {config.stash[_STATE].seed}").shuffle(scenario_items)
    for index, item in zip(places, scenario_items, strict=True):
        items[index] = item
    try:
        driver = config.stash[_STATE].ensure_driver()
    except KitError as error:
        raise pytest.UsageError(f"p2c-kit: {error}") from error
    for item in scenario_items:
        item.extra_keyword_matches.add(_scenario_id(item))
        needed = {_deployment_of(item)} | {
            mark.name.removeprefix("requires_")
            for mark in item.iter_markers()
            if mark.name.startswith("requires_")
        }
        missing = sorted(needed - driver.capabilities)
        if missing:
            item.stash[_KIT_SKIP] = Outcome.NOT_APPLICABLE
            item.add_marker(
                pytest.mark.skip(
                    reason=f"{NOT_APPLICABLE_PREFIX}the implementation does not declare "
                    + ", ".join(missing)
                )
            )
            continue
        known = _known_for(item)
        if known is not None:
            # only a conformance failure is a known failure: adapter and kit errors stay errors
            item.add_marker(
                pytest.mark.xfail(strict=True, raises=AssertionError, reason=f"known: {known}")
            )


def _known_for(item: pytest.Item) -> KnownFailure | None:
    """The known failure listed for this run: its scenario, in its deployment; none for a run
    that does not apply."""
    known = item.config.stash[_STATE].known_failing.get(_scenario_id(item))
    if known is None or item.stash.get(_KIT_SKIP, None) is Outcome.NOT_APPLICABLE:
        return None
    return known if known.deployment in (None, _deployment_of(item)) else None


@pytest.fixture
def p2c_deployment(request: pytest.FixtureRequest) -> Deployment:
    """The deployment the scenario runs in (from its tags, or from parametrization)."""
    return _deployment_of(request.node)


@pytest.fixture
def p2c_seed(request: pytest.FixtureRequest) -> int:
    """The seed of the scenario run (a certification run parametrizes it with its seeds)."""
    return request.config.stash[_STATE].seed


@pytest.fixture
def p2c_scenario_key(request: pytest.FixtureRequest, p2c_seed: int, p2c_deployment: str) -> str:
    """What seeds a scenario run's data: its seed, the scenario's id, deployment and outline
    case. The same in any order, in any worker, and in a certification run as in the
    ``p2c certify -k ID --seed N`` that reproduces one of its runs."""
    return f"{p2c_seed}:{_scenario_id(request.node)}:{p2c_deployment}:{_case_of(request.node)}"


@pytest.fixture
def p2c_faker(p2c_scenario_key: str) -> Faker:
    """Incidental data for one scenario, seeded by its key."""
    # one Faker for the session, its random generator replaced by a freshly seeded one for each
    # scenario: the same data as a new Faker would give, without building its providers again
    return incidental.seed(_session_faker(), p2c_scenario_key)


@functools.cache
def _session_faker() -> Faker:
    return Faker("en_US")


@pytest.fixture
def p2c(
    request: pytest.FixtureRequest,
    p2c_deployment: Deployment,
    p2c_faker: Faker,
    p2c_scenario_key: str,
) -> World:
    """The scenario's world: the adapter behind the contract, master data and incidental data
    drawn for the scenario, and what the user did."""
    driver = request.config.stash[_STATE].ensure_driver()
    return World(driver, p2c_faker, configuration(p2c_deployment, p2c_scenario_key))


def pytest_bdd_before_step(
    request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, step_func: Any
) -> None:
    if _is_scenario(request.fixturenames):
        request.getfixturevalue("p2c").under_test = step.type == "when"
        request.node.stash[_STEP_STARTED] = (step.line_number, time.perf_counter())


def pytest_bdd_after_step(
    request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, step_func: Any
) -> None:
    _step_ended(request.node, StepStatus.PASSED)


def _step_ended(item: pytest.Item, status: StepStatus) -> None:
    """Record the status of the step that is running, if one is."""
    started = item.stash.get(_STEP_STARTED, None)
    if started is not None:
        line, at = started
        item.stash.setdefault(_STEP_RESULTS, {})[line] = (status, time.perf_counter() - at)
        del item.stash[_STEP_STARTED]


def pytest_bdd_step_error(
    request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, exception: Exception
) -> None:
    if isinstance(exception, Skipped):
        return  # a declared gap skips the step, and the run (pytest_runtest_call): no failure
    _step_ended(request.node, StepStatus.FAILED)
    request.node.stash[_FAILING_STEP] = {
        "keyword": step.keyword,
        "text": step.name,
        "file": Path(feature.filename).name,
        "line": step.line_number,
    }


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """An adapter's declared gap (p2c_kit.Skipped) skips the scenario run: it is neither passed
    nor failed. The kit marks the run so, and only its mark makes a skip one by the adapter."""
    try:
        return (yield)
    except Skipped as gap:
        if not _is_scenario(getattr(item, "fixturenames", ())):
            raise
        item.stash[_KIT_SKIP] = Outcome.SKIPPED_BY_ADAPTER
        pytest.skip(f"{SKIPPED_BY_ADAPTER_PREFIX}{gap}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach the scenario's result row to the report; it travels to the controller under xdist."""
    told = call.excinfo is not None and isinstance(call.excinfo.value, (Mismatch, ContractError))
    scenario = _is_scenario(getattr(item, "fixturenames", ()))
    said_in_full = told and call.when != "teardown" and scenario
    untold = said_in_full or _xfail_traceback_unshown(item, call)
    if untold:
        # The report's traceback is replaced by the error's own words below, or never shown:
        # pytest need not format it first (parsing each file it passes through, a tenth of a
        # second a failure). Item.repr_failure is public; _repr_failure_py, private, is what
        # pytest calls for a failure in setup or teardown, and it has no public hook.
        vars(item).update(repr_failure=_untold, _repr_failure_py=_untold)
    try:
        report = yield
    finally:
        if untold:
            del vars(item)["repr_failure"], vars(item)["_repr_failure_py"]
    if not scenario:
        return report
    if report.when == "call" or (report.when == "setup" and not report.passed):
        error = call.excinfo.value if call.excinfo else None
        # a skip, or what pytest-bdd does not hand to pytest_bdd_step_error, ended the step
        _step_ended(item, StepStatus.SKIPPED if report.skipped else StepStatus.FAILED)
        if isinstance(error, (Mismatch, ContractError)):
            # the implementation's or the adapter's fault, said in full: no kit traceback
            prefix = "adapter error: " if isinstance(error, ContractError) else ""
            report.longrepr = printable(f"{prefix}{error}")  # it quotes the adapter
        row = _row(item, report, error, _raised_in_kit(call))
        report.user_properties.append(("p2c", json.dumps(asdict(row))))
        if report.failed:
            state = item.config.stash[_STATE]
            report.sections.append(
                (
                    "p2c-kit",
                    "\n".join(
                        [
                            f"failing step: {step_text(row.step) or '(before the first step)'}",
                            f"reproduce:    p2c certify {state.adapter_option} -k {row.id} "
                            f"--seed {row.seed}",
                        ]
                    ),
                )
            )
    return report


def _xfail_traceback_unshown(item: pytest.Item, call: pytest.CallInfo[None]) -> bool:
    """Whether ``call`` ended in ``pytest.xfail()`` (an adapter's, say: the kit counts it a
    failure) whose traceback pytest never shows: it reports the run xfailed, by its reason, and
    shows an xfail's traceback only with ``--xfail-tb`` (with ``--runxfail`` it is a failure)."""
    return (
        call.excinfo is not None
        and isinstance(call.excinfo.value, pytest.xfail.Exception)
        and not item.config.getoption("runxfail")
        and not item.config.getoption("xfail_tb")
    )


def _untold(excinfo: pytest.ExceptionInfo[BaseException], style: str | None = None) -> str:
    """A failure's traceback, not formatted: the kit replaces it with the error's words."""
    return ""


def _row(
    item: pytest.Item, report: pytest.TestReport, error: BaseException | None, in_kit: bool
) -> Row:
    scenario = scenarios()[_scenario_id(item)]
    case = _case_of(item)
    skipped = report.skipped and not hasattr(report, "wasxfail")  # an xfail is reported skipped
    return Row(
        id=scenario.id,
        feature=scenario.feature,
        title=scenario.title,
        case=case,
        deployment=_deployment_of(item),
        seed=_seed_of(item),
        position=item.stash[_POSITION],
        outcome=outcome_of(report, error, in_kit, item.stash.get(_KIT_SKIP, None)),
        reading=sorted(
            mark.name.removeprefix("assumption_")
            for mark in item.iter_markers()
            if mark.name in ASSUMPTIONS
        ),
        test=item.nodeid,
        duration=round(report.duration, 6),
        step=item.stash.get(_FAILING_STEP, None),
        steps=_steps(item, scenario, case),
        expected=error.expected if isinstance(error, Mismatch) else None,
        actual=error.actual if isinstance(error, Mismatch) else None,
        records=error.records if isinstance(error, Mismatch) else None,
        message=_message(error, skipped),
        known_failure=str(known) if (known := _known_for(item)) else None,
    )


def _message(error: BaseException | None, skipped: bool) -> str | None:
    """What ended the run: a skip's whole reason, or the first line of what was raised."""
    if error is None:
        return None
    return str(error) if skipped else next(iter(str(error).splitlines()), "")


def _steps(item: pytest.Item, scenario: ScenarioInfo, case: str | None) -> list[dict[str, Any]]:
    """Each step of the run with what it did: passed, failed, skipped, or not reached."""
    results = item.stash.get(_STEP_RESULTS, {})
    recorded = []
    for step in scenario.steps[case]:
        status, seconds = results.get(step.line, (StepStatus.NOT_REACHED, 0.0))
        recorded.append(
            {
                "keyword": step.keyword,
                "text": step.text,
                "line": step.line,
                "status": status,
                "duration": round(seconds, 6),
            }
        )
    return recorded


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    state = config.stash[_STATE]
    if not state.rows:
        if state.failure is not None:
            terminalreporter.line(f"p2c-kit: {_failure_line(state)}", red=True)
        return
    verbose = config.get_verbosity() > 0
    if config.get_verbosity() > -3:  # p2c certify -q runs pytest -qqq: no table
        terminalreporter.section("p2c-kit scenarios")
        terminalreporter.line(scenario_table(state.rows, show_not_applicable=verbose))
    counts = {outcome: sum(row.outcome == outcome for row in state.rows) for outcome in Outcome}
    summary = ", ".join(f"{n} {outcome}" for outcome, n in counts.items() if n)
    expectations = [
        expectation(row.outcome, row.known_failure) for row in state.rows if row.known_failure
    ]
    if expectations:
        summary += (
            f"; {expectations.count('known failure')} known failures, "
            f"{expectations.count('STALE known failure')} stale (listed, but passed)"
        )
    summary += f" in {time.monotonic() - state.clock:.2f} s"
    if counts[Outcome.NOT_APPLICABLE] and not verbose:
        summary += " (not-applicable runs are listed with -- -v)"
    terminalreporter.line(f"p2c-kit: {summary}")
    _skip_reasons(terminalreporter, state.rows)
    if state.failure is not None:
        terminalreporter.line(f"p2c-kit: {_failure_line(state)}", red=True)
    seeds = " and ".join(str(seed) for seed in state.seeds)
    terminalreporter.line(
        f"p2c-kit {__version__}: seed{'s' if len(state.seeds) > 1 else ''} {seeds}; reproduce "
        f"with p2c certify {state.adapter_option} --seed {state.seed}"
        + (" --certify" if state.certification else "")
        + "".join(
            f" -{name} {shlex.quote(value)}" for name, value in state.selection.items() if value
        )
    )


def _skip_reasons(terminalreporter: Any, rows: list[Row]) -> None:
    """Each reason the adapter gave for skipping, once, with how many runs it skipped: its issue
    link shows where the gap is tracked."""
    reasons: dict[str, int] = {}
    for row in rows:
        if row.outcome == Outcome.SKIPPED_BY_ADAPTER:
            reason = skip_reason(row.message)
            reasons[reason] = reasons.get(reason, 0) + 1
    for reason, n in reasons.items():
        terminalreporter.line(f"p2c-kit: skipped by the adapter ({n} runs): {reason}")


def _failure_line(state: _Certification) -> str:
    kind = "certification refused" if state.certification else "the run fails"
    return f"{kind}: {state.failure}"


def outcome_of(
    report: pytest.TestReport, error: BaseException | None, in_kit: bool, kit_skip: Outcome | None
) -> Outcome:
    """Classify a test report. A conformance failure is the implementation's; an adapter error
    is its adapter breaking the contract or crashing; an error is the kit's own (``in_kit``: the
    exception was raised in the kit's code). ``kit_skip``: the kit skipped the run itself, and
    why."""
    if report.passed or (report.failed and error is None):  # the latter: a stale known failure
        return Outcome.PASSED
    if report.skipped and not hasattr(report, "wasxfail"):
        return kit_skip or Outcome.SKIPPED
    if isinstance(error, (AssertionError, pytest.fail.Exception, Refused)):
        return Outcome.FAILED
    if isinstance(error, ContractError):
        return Outcome.ADAPTER_ERROR
    if isinstance(error, KitError) or type(error).__module__.startswith("pytest_bdd") or in_kit:
        return Outcome.ERROR
    return Outcome.ADAPTER_ERROR
