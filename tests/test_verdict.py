"""What a results document is worth (p2c_kit._reports.verdict), on documents built here: no
run needed."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from p2c_kit import CAPABILITIES
from p2c_kit._contract.schemas import schema_errors
from p2c_kit._reports.verdict import (
    expected_runs,
    inconsistencies,
    installed_kit,
    judge,
    passed_runs,
    run_failure,
    run_seeds,
    second_seed,
)

SEED = 7


def document(
    capabilities: tuple[str, ...] = CAPABILITIES,
    *,
    certification: bool = True,
    outcome: dict[tuple[str, str, int], str] | None = None,
) -> dict[str, Any]:
    """A complete, consistent results document: every run passed or not applicable, but those
    ``outcome`` names by (scenario id, deployment, seed)."""
    seeds = run_seeds(SEED, certification)
    entries = []
    for position, ((scenario_id, case, deployment, seed), needs) in enumerate(
        expected_runs(seeds).items()
    ):
        default = "passed" if needs <= set(capabilities) else "not applicable"
        entries.append(
            {
                "id": scenario_id,
                "feature": "f",
                "title": "t",
                "case": case,
                "deployment": deployment,
                "seed": seed,
                "position": position,
                "outcome": (outcome or {}).get((scenario_id, deployment, seed), default),
                "reading": [],
                "test": f"test_{position}",
                "duration": 0.0,
                "step": None,
                "expected": None,
                "actual": None,
                "message": None if default == "passed" else "not applicable: ...",
                "known_failure": None,
                "records": None,
            }
        )
    built = {
        "kit": installed_kit(),
        "implementation": {
            "name": "n",
            "version": "1.0.0",
            "language": "python",
            "capabilities": list(capabilities),
        },
        "adapter": "--adapter a:b",
        "run": {
            "seed": SEED,
            "seeds": seeds,
            "selection": {"k": None, "m": None},
            "scheduled": len(entries),
            "started_at": "2026-11-30T00:00:00+00:00",
            "finished_at": "2026-11-30T00:00:01+00:00",
            "python": "3.11",
            "pytest": "9",
            "pytest_bdd": "9",
            "platform": "linux",
            "partial": False,
            "certification": certification,
        },
        "totals": dict(Counter(entry["outcome"] for entry in entries)),
        "scenarios": entries,
    }
    assert schema_errors("results", built) == []
    return built


RUNS = len(expected_runs([SEED]))


def test_a_complete_certification_of_every_capability_is_full_conformance():
    verdict = judge(document())
    assert verdict.full and verdict.scope.applicable == verdict.scope.total == RUNS
    assert inconsistencies(document()) == []


def test_a_certification_of_one_deployment_is_certified_but_partial():
    verdict = judge(document(("gab",)))
    assert verdict.certified and not verdict.full
    assert verdict.scope.short().startswith("GAB only, 4 capabilities not declared, ")
    assert verdict.scope.short().endswith(f"{verdict.scope.applicable} of {RUNS} runs")
    assert "capabilities not declared" in verdict.scope.long()


def test_a_run_failed_under_one_seed_only_is_not_passed_and_not_certified():
    failed = document(outcome={("p2c_s1_01", "gab", second_seed(SEED)): "failed"})
    assert passed_runs(failed) == RUNS - 1
    assert judge(failed).reason == "1 failed"


@pytest.mark.parametrize("outcome", ["skipped", "skipped by adapter", "error", "adapter error"])
def test_a_certification_accepts_nothing_but_passed_and_not_applicable(outcome):
    bad = document(outcome={("p2c_s1_01", "gab", SEED): outcome})
    assert judge(bad).reason == f"1 {outcome}"


def test_a_plain_run_tolerates_a_declared_gap_but_not_an_undeclared_skip():
    gap = document(certification=False, outcome={("p2c_s1_01", "gab", SEED): "skipped by adapter"})
    assert run_failure(gap) is None
    skip = document(certification=False, outcome={("p2c_s1_01", "gab", SEED): "skipped"})
    assert run_failure(skip) == "1 skipped"


def test_a_plain_run_that_ended_early_fails():
    short = document(certification=False)
    short["run"]["scheduled"] += 1
    assert run_failure(short).startswith("the run ended early: 1 of")


def test_a_known_failure_is_tolerated_only_as_a_failure():
    known = document(certification=False, outcome={("p2c_s1_01", "gab", SEED): "failed"})
    entry = next(e for e in known["scenarios"] if e["outcome"] == "failed")
    entry["known_failure"] = "reason"
    assert run_failure(known) is None
    entry["outcome"] = "passed"
    known["totals"] = dict(Counter(e["outcome"] for e in known["scenarios"]))
    assert run_failure(known) == "1 stale known failure"


def test_a_certification_missing_a_run_is_incomplete_and_inconsistent_if_it_claims_otherwise():
    missing = document()
    missing["scenarios"].pop()
    missing["totals"] = dict(Counter(e["outcome"] for e in missing["scenarios"]))
    assert any("have no entry" in problem for problem in inconsistencies(missing))
    missing["run"]["partial"] = True
    assert inconsistencies(missing) == []
    assert judge(missing).reason == f"incomplete: 1 of {2 * RUNS} scenario runs have no outcome"


def test_a_duplicated_run_and_a_run_under_an_unlisted_seed_are_inconsistent():
    duplicated = document()
    duplicated["scenarios"].append(dict(duplicated["scenarios"][0]))
    duplicated["scenarios"][-1]["seed"] = SEED + 1
    duplicated["scenarios"].append(dict(duplicated["scenarios"][0]))
    duplicated["totals"] = dict(Counter(e["outcome"] for e in duplicated["scenarios"]))
    problems = inconsistencies(duplicated)
    assert any("appears 2 times" in problem for problem in problems)
    assert any("a seed the run does not list" in problem for problem in problems)


def test_not_applicable_must_match_the_declared_capabilities():
    lying = document(("gab", "no_gab"))
    entry = next(e for e in lying["scenarios"] if e["outcome"] == "passed")
    entry["outcome"] = "not applicable"
    lying["totals"] = dict(Counter(e["outcome"] for e in lying["scenarios"]))
    assert any("declares every capability" in p for p in inconsistencies(lying))
    entry = next(
        e for e in lying["scenarios"] if e["outcome"] == "not applicable" and e is not entry
    )
    entry["outcome"] = "passed"
    assert any("does not declare" in p for p in inconsistencies(lying))


def test_the_second_seed_is_derived_and_differs():
    assert second_seed(SEED) == second_seed(SEED) != SEED
    assert run_seeds(SEED, certification=False) == [SEED]
