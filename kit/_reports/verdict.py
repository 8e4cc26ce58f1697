"""What a run's results are worth: one place decides it, for every command.

The plugin asks at the end of a run (its exit status), ``p2c certify`` asks again of the
results file the run left (a run that ended early leaves none, or an incomplete one), and
``report``, ``badge``, ``certificate`` and ``verify`` ask of the file they are given. They all
ask here:

- :func:`inconsistencies`: whether a results document is consistent: its totals are counted from
  its entries, each scenario run appears once, "not applicable" exactly where the implementation
  lacks a capability the run needs, and a run that says it is complete is.
- :func:`kit_difference`: whether the installed kit made it (version, specification, contract,
  features digest). Only then can the installed features say what a complete run is.
- :func:`run_failure`: why a run fails (exit status 1), or None.
- :func:`judge`: whether it certifies the implementation, and for what scope.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from p2c_kit import SPEC_VERSION, __version__
from p2c_kit._contract.adapter import CAPABILITIES, DEPLOYMENTS
from p2c_kit._contract.schemas import CONTRACT_VERSION
from p2c_kit._specification.features import DEPLOYMENT_NAMES, features_digest, scenarios
from p2c_kit._text import printable, shortened


class Outcome(StrEnum):
    """What a scenario run came to, from best to worst; results files and reports name it by its
    value."""

    PASSED = "passed"
    #: the scenario needs a capability the adapter does not declare
    NOT_APPLICABLE = "not applicable"
    #: the adapter raised p2c_kit.Skipped: a gap it declares
    SKIPPED_BY_ADAPTER = "skipped by adapter"
    #: anything else skipped it (pytest.skip, unittest.SkipTest from an adapter)
    SKIPPED = "skipped"
    #: a conformance failure, or the adapter called pytest.xfail
    FAILED = "failed"
    #: the adapter broke the contract or crashed
    ADAPTER_ERROR = "adapter error"
    #: the kit's own bug
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Its place from best (0) to worst."""
        return list(Outcome).index(self)


class StepStatus(StrEnum):
    """What a step of a scenario run did; results files and reports name it by its value."""

    PASSED = "passed"
    #: the step that ended the run: a check that failed, or what it raised
    FAILED = "failed"
    #: the step the run was skipped at (by the adapter, or by the kit)
    SKIPPED = "skipped"
    #: a step after the one that ended the run
    NOT_REACHED = "not reached"


#: The only outcomes a certification run accepts.
ACCEPTED = (Outcome.PASSED, Outcome.NOT_APPLICABLE)
#: What a plain run accepts besides: an adapter's declared gap (p2c_kit.Skipped).
TOLERATED = (*ACCEPTED, Outcome.SKIPPED_BY_ADAPTER)

#: One scenario run: scenario id, outline case (None for a plain scenario), deployment, seed.
RunKey = tuple[str, str | None, str, int]

#: What an entry says of a run that did not pass, and a passed one leaves empty.
_FAILURE = ("step", "expected", "actual", "message", "records")


def second_seed(seed: int) -> int:
    """The seed a certification run adds to the given one, derived from it so that the run
    reproduces from the given seed alone."""
    digest = hashlib.sha256(f"p2c-kit certification seed {seed}".encode()).digest()
    derived = int.from_bytes(digest[:4], "big")
    return derived if derived != seed else derived + 1  # two seeds, however unlikely the clash


def run_seeds(seed: int, certification: bool) -> list[int]:
    """The seeds a run uses: the given one, and for a certification run a second."""
    return [seed, second_seed(seed)] if certification else [seed]


def run_key(entry: dict[str, Any]) -> RunKey:
    return (entry["id"], entry["case"], entry["deployment"], entry["seed"])


def describe(key: RunKey) -> str:
    scenario_id, case, deployment, seed = key
    return f"{scenario_id}{f' [{case}]' if case else ''} ({deployment}, seed {seed})"


def expected_runs(seeds: Iterable[int]) -> dict[RunKey, frozenset[str]]:
    """Every scenario run of the installed specification under these seeds, with the
    capabilities it needs."""
    return {
        (info.id, run.case, run.deployment, seed): run.needs
        for seed in seeds
        for info in scenarios().values()
        for run in info.runs
    }


def installed_kit() -> dict[str, Any]:
    """What identifies the installed kit in a results file: versions and the features' digest."""
    return {
        "version": __version__,
        "specification": SPEC_VERSION,
        "contract": CONTRACT_VERSION,
        "features_sha256": features_digest(),
    }


def kit_difference(document: dict[str, Any]) -> str | None:
    """How the kit that wrote the document differs from the installed one, or None."""
    recorded = document["kit"]
    differences = [
        f"{name} {_recorded(recorded[name])} (installed: {value})"
        for name, value in installed_kit().items()
        if recorded[name] != value
    ]
    if not differences:
        return None
    return "made by another p2c-kit than the installed one: " + ", ".join(differences)


def _recorded(value: object, limit: int = 80) -> str:
    """What a file says of the kit that made it (anyone's words): printable, and short enough
    for one line of every report."""
    return shortened(printable(value), limit)


def inconsistencies(document: dict[str, Any]) -> list[str]:
    """What in a results document contradicts the rest of it (a file edited by hand, or broken)."""
    entries = document["scenarios"]
    problems = []
    counted = Counter(entry["outcome"] for entry in entries)
    for outcome in sorted(set(counted) | set(document["totals"])):
        stated = document["totals"].get(outcome, 0)
        if stated != counted[outcome]:
            problems.append(
                f"the totals say {stated} {outcome}, the scenario entries {counted[outcome]}"
            )
    problems += [
        f"{describe(run_key(entry))} passed, yet records a failure"
        for entry in entries
        if entry["outcome"] == Outcome.PASSED and any(entry[name] is not None for name in _FAILURE)
    ]
    problems += [
        f"{describe(run_key(entry))} passed, yet a step of it did not"
        for entry in entries
        if entry["outcome"] == Outcome.PASSED
        and any(step["status"] != StepStatus.PASSED for step in entry.get("steps") or ())
    ]
    keys = Counter(run_key(entry) for entry in entries)
    problems += [f"{describe(key)} appears {n} times" for key, n in keys.items() if n > 1]
    seeds = document["run"]["seeds"]
    if document["run"]["seed"] not in seeds:
        problems.append(f"the run's seed {document['run']['seed']} is not among its seeds {seeds}")
    problems += [
        f"{describe(key)} was run under a seed the run does not list"
        for key in keys
        if key[3] not in seeds
    ]
    if kit_difference(document) is not None:
        return problems  # only the kit that wrote it knows its scenarios
    expected = expected_runs(seeds)
    problems += [
        f"{describe(key)}: no such scenario run in the specification"
        for key in keys
        if key not in expected
    ]
    problems += [
        f"{describe(run_key(entry))}: its steps are not its scenario's"
        for entry in entries
        if run_key(entry) in expected and not _steps_of_its_scenario(entry)
    ]
    implementation = document["implementation"]
    if implementation is not None:
        declared = set(implementation["capabilities"])
        for entry in entries:
            needs = expected.get(run_key(entry))
            if needs is None:
                continue
            missing = sorted(needs - declared)
            if missing and entry["outcome"] != Outcome.NOT_APPLICABLE:
                problems.append(
                    f"{describe(run_key(entry))} is {entry['outcome']}, but the implementation "
                    f"does not declare {', '.join(missing)}"
                )
            if not missing and entry["outcome"] == Outcome.NOT_APPLICABLE:
                problems.append(
                    f"{describe(run_key(entry))} is not applicable, but the implementation "
                    "declares every capability it needs"
                )
    if not document["run"]["partial"] and set(keys) != set(expected):
        problems.append(
            f"the run says it is complete, but {len(set(expected) - set(keys))} of "
            f"{len(expected)} scenario runs have no entry"
        )
    return problems


def _steps_of_its_scenario(entry: dict[str, Any]) -> bool:
    """Whether the steps an entry records (when it records them) are its scenario's, in order."""
    if "steps" not in entry:  # a results file of p2c-kit 0.2: another kit's, not checked here
        return True
    wanted = scenarios()[entry["id"]].steps.get(entry["case"], ())
    recorded = [(step["keyword"], step["text"], step["line"]) for step in entry["steps"]]
    return recorded == [(step.keyword, step.text, step.line) for step in wanted]


def run_failure(document: dict[str, Any]) -> str | None:
    """Why the run fails, or None when every applicable scenario that was due ran and passed.

    Outside certification an adapter's declared gap (skipped by adapter) and a known failure are
    tolerated; a stale known failure (listed, but passed) is not. A certification run accepts
    only passed and not applicable, for every run of the specification under both its seeds.
    """
    if document["run"]["certification"]:
        return certification_failure(document)
    problems = inconsistencies(document)
    if problems:
        return "inconsistent results: " + problems[0]
    run = document["run"]
    entries = document["scenarios"]
    if len(entries) < run["scheduled"]:
        missing = run["scheduled"] - len(entries)
        return f"the run ended early: {missing} of {run['scheduled']} scenario runs have no outcome"
    bad = Counter(
        ("stale known failure" if entry["outcome"] == Outcome.PASSED else entry["outcome"])
        for entry in entries
        if _counts_against(entry)
    )
    return _counted(bad) or None


def _counts_against(entry: dict[str, Any]) -> bool:
    outcome: str = entry["outcome"]
    if entry["known_failure"] is not None:  # listed: only a conformance failure was expected
        return outcome != Outcome.FAILED
    return outcome not in TOLERATED


def certification_failure(document: dict[str, Any]) -> str | None:
    """Why the document does not certify the implementation (whatever the scope), or None."""
    run = document["run"]
    if not run["certification"]:
        return "not a certification run (p2c certify --certify)"
    difference = kit_difference(document)
    if difference is not None:
        return difference
    problems = inconsistencies(document)
    if problems:
        return "inconsistent results: " + problems[0]
    if document["implementation"] is None:
        return "the adapter never started"
    if run["seeds"] != run_seeds(run["seed"], certification=True):
        return f"not run under the certification seeds {run_seeds(run['seed'], True)}"
    expected = expected_runs(run["seeds"])
    missing = set(expected) - {run_key(entry) for entry in document["scenarios"]}
    if missing:
        return f"incomplete: {len(missing)} of {len(expected)} scenario runs have no outcome"
    if run["partial"]:
        return "a partial run"
    if scope(document).applicable == 0:
        return "no scenario run applies to what the implementation declares"
    bad = Counter(e["outcome"] for e in document["scenarios"] if e["outcome"] not in ACCEPTED)
    return _counted(bad) or None


def _counted(counts: Counter[str]) -> str:
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))


@dataclass(frozen=True)
class Scope:
    """What a run covers: the deployments and capabilities the implementation declares, and how
    many of the specification's scenario runs (per seed) apply to it."""

    declared: tuple[str, ...]
    applicable: int
    total: int

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c for c in CAPABILITIES if c not in self.declared)

    @property
    def full(self) -> bool:
        return not self.missing

    def deployments(self) -> str:
        declared = [name for key, name in DEPLOYMENT_NAMES.items() if key in self.declared]
        return " and ".join(declared) + (" only" if len(declared) == 1 else "")

    def short(self) -> str:
        """For a badge: ``partial: GAB only, 4 capabilities not declared, 20 of 163 runs``."""
        parts = []
        if not set(DEPLOYMENTS) <= set(self.declared):
            parts.append(self.deployments())
        optional = [c for c in self.missing if c not in DEPLOYMENTS]
        if optional:
            parts.append(f"{len(optional)} capabilities not declared")
        parts.append(f"{self.applicable} of {self.total} runs")
        return ", ".join(parts)

    def long(self) -> str:
        """For a certificate: the deployments, the capabilities left out, the runs covered."""
        lines = [f"deployments: {self.deployments()}"]
        optional = [c for c in self.missing if c not in DEPLOYMENTS]
        if optional:
            lines.append(
                "capabilities not declared (their scenarios were not run): "
                + ", ".join(c.replace("_", " ") for c in optional)
            )
        lines.append(f"{self.applicable} of the specification's {self.total} scenario runs apply")
        return "; ".join(lines)


@dataclass(frozen=True)
class Verdict:
    """What a results document certifies: ``reason`` says why not, when it does not."""

    reason: str | None
    scope: Scope

    @property
    def certified(self) -> bool:
        return self.reason is None

    @property
    def full(self) -> bool:
        """Full conformance: certified, every capability, both deployments."""
        return self.certified and self.scope.full


def judge(document: dict[str, Any]) -> Verdict:
    return Verdict(certification_failure(document), scope(document))


def scope(document: dict[str, Any]) -> Scope:
    implementation = document["implementation"] or {"capabilities": []}
    declared = tuple(c for c in CAPABILITIES if c in implementation["capabilities"])
    if kit_difference(document) is None:
        runs = [run.needs for info in scenarios().values() for run in info.runs]
        applicable = sum(needs <= set(declared) for needs in runs)
        return Scope(declared, applicable, len(runs))
    # another kit's specification: the entries are all there is to count
    runs_seen = {run_key(entry)[:3]: entry["outcome"] for entry in document["scenarios"]}
    applicable = sum(outcome != Outcome.NOT_APPLICABLE for outcome in runs_seen.values())
    return Scope(declared, applicable, len(runs_seen))


def passed_runs(document: dict[str, Any]) -> int:
    """Scenario runs (per seed) that passed under every seed they ran under."""
    outcomes: dict[tuple[str, str | None, str], set[str]] = {}
    for entry in document["scenarios"]:
        outcomes.setdefault(run_key(entry)[:3], set()).add(entry["outcome"])
    return sum(seen == {Outcome.PASSED} for seen in outcomes.values())
