"""A worker process of ``p2c kill-matrix``: it certifies mutants one after another, in-process.

The kill matrix starts ``--workers`` of these and gives each mutant to the next one free, a JSON
line on the worker's standard input, answered by one on its standard output (see :func:`serve`).
Each mutant is a pytest session of its own, run with ``pytest.main`` in the worker's process: an
interpreter, pytest, the kit and the reference are started once per worker, not once per mutant
(and each variant's ruleset is declared once per process anyway, see ``rules/_engine.py``).
Nothing a session leaves behind changes the next one's outcomes: pytest-bdd's step definitions
and the kit's features index, Faker and compiled schemas are the same for every session, each
session gets a plugin state and a driver of its own, and the adapter is reset for every scenario
run. On 2026-11-30 the 39 mutants, each run on every scenario one after another in one process,
were killed by the same scenarios as with one process each.

**Which scenario runs certify a mutant.** One worker first certifies the reference, noting the
rules each scenario run fires and the changes it goes through, and the others are told. A mutant
of the reference removes some of its rules or gives them other actions, conditions or deployments,
and keeps the rest in their order. Until a changed rule would have fired (its action changed, or
it is gone), or the change a rule with another condition or deployment reacts to comes up, the
mutant does what the reference does: durable-rules runs the rules that match a fact in the order
they were declared (``src/rules/rete.c`` numbers each rule's action in that order), here the same
rules in the same order, and the rest is the same code. The kit asks an adapter nothing but what
the seed and the adapter's own answers make it ask. So a scenario run in which none of that
happened with the reference gets the reference's answers from the mutant, and the reference's
outcome (passed or not applicable). Only the other scenario runs are run against the mutant, and
of those, once a run of a scenario has not passed, its other runs (deployment, case) are skipped:
the scenario's id is what the matrix lists. The scenarios that do not pass are those of a run of
every scenario (``tests/test_kill_matrix.py`` compares the two). Any other kind of variant runs
every scenario.

**Why ``--tb=no``.** Formatting the traceback of a failure was most of a mutant's run (pytest shows
the arguments of every frame: the scenario's records, a tenth of a second each). The verdict is
read from the results file, which does not depend on it.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Generator, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from p2c_kit import conformance
from p2c_kit._contract.errors import KitError
from p2c_kit._reports.verdict import Outcome
from p2c_kit._transports.driver import load_adapter
from p2c_reference import RULES, ReferenceAdapter

#: What kills a mutant: a conformance failure, or the adapter's own error (a rule of the mutant
#: that crashes). An error of the kit is no evidence: it is reported, never a verdict.
_KILLING = (Outcome.FAILED, Outcome.ADAPTER_ERROR)

#: The outcomes of the reference's scenario runs that a mutant which changes nothing they ran
#: has too; a run with any other outcome is run against every mutant.
_INHERITED = (Outcome.PASSED, Outcome.NOT_APPLICABLE)


class NoVerdict(KitError):
    """A mutant's run ended without an outcome for every scenario run it was given."""


class _Coverage:
    """A pytest plugin: the rules the reference fired and the changes it met (``on <change>``) in
    each scenario run of the session, by the run's node id (what a results file calls its
    ``test``)."""

    def __init__(self) -> None:
        self.fired: dict[str, set[str]] = {}
        self._run: set[str] | None = None

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, object, object]:
        self._run = self.fired.setdefault(item.nodeid, set())
        try:
            return (yield)
        finally:
            self._run = None

    def note(self, rules: Iterable[str]) -> None:
        if self._run is not None:
            self._run.update(rules)


#: Where :class:`CoveredReference` notes what it fires: an adapter factory takes no argument.
_COVERAGE = _Coverage()


class CoveredReference(ReferenceAdapter):
    """The reference, noting the rules each action fires and the changes it goes through (only
    actions do: ``reset`` loads the store, ``query`` reads it)."""

    def perform(self, action: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
        try:
            return super().perform(action, arguments)
        finally:
            _COVERAGE.note([*self.fired, *(f"on {change}" for change, _ in self.changes)])


class _KilledOnce:
    """A pytest plugin: once a run of a scenario has not passed, the scenario's other runs (its
    other deployment, its other cases) are skipped, since the matrix needs only the scenario's
    id; unless ``all_killers``, every other run is skipped too, since one killer is the evidence.
    Runs go in order of ``ranking`` (how many mutants each scenario has killed so far, most
    first): the scenarios that kill most mutants are the likeliest to kill this one."""

    def __init__(self, all_killers: bool, ranking: Counter[str]) -> None:
        self._killers: set[str] = set()
        self._all_killers = all_killers
        self._ranking = ranking

    @pytest.hookimpl(wrapper=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> Generator[None]:
        yield  # after the kit's own order (shuffled by the seed): a stable sort keeps its ties
        items.sort(key=lambda item: -self._ranking[_scenario_of(item) or ""])

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        scenario = _scenario_of(item)
        if scenario in self._killers:
            pytest.skip(f"{scenario} has killed the mutant already")
        if self._killers and not self._all_killers:
            pytest.skip("the mutant is killed already")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:  # the kit's row of the scenario run
            if name == "p2c":
                row = json.loads(str(value))
                if row["outcome"] in _KILLING:
                    self._killers.add(row["id"])


def _scenario_of(item: pytest.Item) -> str | None:
    mark = item.get_closest_marker("p2c_id")
    return None if mark is None else str(mark.args[0])


def triggers(adapter: object) -> frozenset[str] | None:
    """What can make ``adapter``, a variant of the reference, answer otherwise than the reference
    in a scenario run: a rule it removes or gives another action, where the reference fired it
    (the rule's name); a rule it adds, or gives another condition or deployment, where the
    reference met the change the rule reacts to (``on <change>``). None when it is not the
    reference's rules so changed (another class, the reference's rules in another order), and so
    may do anything anywhere."""
    if type(adapter) is not ReferenceAdapter:
        return None
    rules = adapter.rules
    if [name for name in rules if name in RULES] != [name for name in RULES if name in rules]:
        return None
    found: set[str] = set()
    for name, rule in rules.items():
        known = RULES.get(name)
        if (
            known is None
            or rule.change != known.change
            # by identity: ``==`` on a durable-rules condition builds an expression
            or rule.condition is not known.condition
            or rule.deployment != known.deployment
        ):
            found.add(f"on {rule.change}")
    for name, reference in RULES.items():
        varied = rules.get(name)
        if (
            varied is None
            or varied.action is not reference.action
            or varied.change != reference.change
        ):
            found.add(name)
    return frozenset(found)


#: What a worker knows of the reference: each scenario run, by node id, with the rules it fired,
#: or None when its outcome is not one a mutant can inherit.
Reference = dict[str, frozenset[str] | None]


class Worker:
    """Certifies mutants one after another, in this process. ``reference``: what another worker
    found the reference to do; by default the worker finds out itself, when it first needs to."""

    def __init__(self, reference: Reference | None = None) -> None:
        self._reference = reference
        self._warm = False
        #: How many of the mutants certified so far each scenario killed.
        self._kills: Counter[str] = Counter()

    @property
    def reference(self) -> Reference:
        if self._reference is None:
            document = self._certify(f"{__name__}:CoveredReference", plugins=[_COVERAGE])
            self._reference = {
                entry["test"]: (
                    frozenset(_COVERAGE.fired.get(entry["test"], ()))
                    if entry["outcome"] in _INHERITED
                    else None
                )
                for entry in document["scenarios"]
            }
        return self._reference

    def killers(self, mutant: str, all_killers: bool = False) -> list[str]:
        """The ids of the scenarios that do not pass against ``mutant``, all of them or the first
        found (none: it survived)."""
        adapter_spec = f"p2c_reference.mutants:{mutant}"
        adapter = load_adapter(adapter_spec)
        changed = triggers(adapter)
        if isinstance(adapter, ReferenceAdapter):
            adapter.stop()  # its engine session is registered until it is closed
        tests = [
            test
            for test, fired in self.reference.items()
            if changed is None or fired is None or fired & changed
        ]
        if not tests:
            return []
        plugin = _KilledOnce(all_killers, self._kills)
        scenarios = self._certify(adapter_spec, tests, plugins=[plugin])["scenarios"]
        errors = sorted({entry["id"] for entry in scenarios if entry["outcome"] == Outcome.ERROR})
        if errors:
            raise NoVerdict(f"the kit failed in {', '.join(errors)}: an error is no kill")
        killed_by = sorted({entry["id"] for entry in scenarios if entry["outcome"] in _KILLING})
        self._kills.update(killed_by)
        return killed_by

    def _certify(
        self, adapter_spec: str, tests: Sequence[str] = (), plugins: Sequence[object] = ()
    ) -> dict[str, Any]:
        document = certify(adapter_spec, tests, plugins)
        if not self._warm:
            # What the first session loaded (pytest's plugins, the kit, the features) lives as
            # long as the worker: the full collections pytest makes at the end of every session
            # need not go through it again (they were a third of a short session).
            gc.collect()
            gc.freeze()
            self._warm = True
        return document


def certify(
    adapter_spec: str, tests: Sequence[str] = (), plugins: Sequence[object] = ()
) -> dict[str, Any]:
    """Run the scenario runs ``tests`` (every one by default) against an adapter, in this
    process; the results document, which has an outcome for each of them."""
    with tempfile.TemporaryDirectory(prefix="p2c-mutant-") as folder:
        output = Path(folder) / "results.json"
        code = pytest.main(
            [
                *conformance.pytest_arguments(tests),
                *("-q", "--tb=no", "--p2c-adapter", adapter_spec, "--p2c-output", str(output)),
            ],
            plugins=list(plugins),
        )
        if not output.exists():
            raise NoVerdict(f"its run ended before writing its results (pytest exit status {code})")
        document: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    done = {entry["test"] for entry in document["scenarios"]}
    complete = done == set(tests) if tests else not document["run"]["partial"]
    if not complete or code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise NoVerdict(
            f"its run ended with {len(done)} of {len(tests) or 'all'} scenario runs done (pytest "
            f"exit status {code})"
        )
    return document


def serve() -> None:
    """Answer the kill matrix until it closes this process's input. Each request is a JSON line:

    - ``{"reference": null}``: certify the reference; the answer is ``{"reference": {node id:
      [rules it fired] or null}}`` (see :data:`Reference`);
    - ``{"reference": {...}}``: what another worker answered to that; no answer;
    - ``{"mutant": NAME, "all_killers": BOOL}``: certify a mutant; the answer is ``{"killed_by":
      [scenario ids]}``, every scenario that kills it or the first found.

    An answer is ``{"error": WHY}`` when the worker cannot tell.
    """
    # pytest reports on standard output: the answers keep a channel of their own, and what
    # pytest writes goes nowhere
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    nowhere = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nowhere, 1)
    os.close(nowhere)
    worker = Worker()
    for line in sys.stdin:
        request = json.loads(line)
        answer: dict[str, Any]
        try:
            if "mutant" in request:
                killed_by = worker.killers(request["mutant"], request["all_killers"])
                answer = {"killed_by": killed_by}
            elif request["reference"] is None:
                runs = worker.reference.items()
                answer = {"reference": {test: _listed(fired) for test, fired in runs}}
            else:
                given = request["reference"].items()
                worker = Worker({test: _set(fired) for test, fired in given})
                continue
        except KitError as error:
            answer = {"error": str(error)}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def _listed(fired: frozenset[str] | None) -> list[str] | None:
    return None if fired is None else sorted(fired)


def _set(fired: list[str] | None) -> frozenset[str] | None:
    return None if fired is None else frozenset(fired)
