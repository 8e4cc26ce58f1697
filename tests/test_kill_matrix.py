"""p2c kill-matrix: every mutant of the reference is caught, by the scenarios of what it breaks,
in worker processes that reach the verdicts one process per mutant would.

The full matrix takes about a minute on two cores: `.ci/run` runs it; the tests run a sample.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from kit._errors import InternalError
from kit._kill_matrix import killers, requirements
from kit._mutant_worker import changed_rules
from kit._report import NOT_PASSED
from rules import RULES, ReferenceAdapter, Rule
from rules.mutants import FAILURE_MODES, MUTANTS, Mutant

P2C = str(Path(sys.executable).parent / "p2c")
SAMPLE = (
    "invoice_address_synced_without_gab",
    "contact_placement_swapped",
    "address_lookup_without_gab",
)


def p2c(cwd: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([P2C, *arguments], capture_output=True, text=True, cwd=cwd, check=False)


def test_every_mutant_names_requirements_of_the_trace():
    ids = {requirement["id"] for requirement in requirements()}
    for mutant in MUTANTS.values():
        assert mutant.breaks and set(mutant.breaks) <= ids, mutant.name


def test_a_mutant_of_an_unknown_failure_mode_cannot_be_declared():
    with pytest.raises(ValueError, match="mutant odd: unknown mode 'flaky'; one of not_done, "):
        Mutant("odd", breaks=("S1.1-a",), description="", mode="flaky")
    assert {mutant.mode for mutant in MUTANTS.values()} <= set(FAILURE_MODES)


def test_a_sample_of_mutants_is_killed_by_the_scenarios_of_the_requirements_they_break(tmp_path):
    arguments = [argument for name in SAMPLE for argument in ("--mutant", name)]
    result = p2c(tmp_path, "kill-matrix", *arguments, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    matrix = json.loads(result.stdout)
    assert matrix["mutants"] == 3 and matrix["killed"] == 3 and matrix["survivors"] == []
    killed_by = {row["mutant"]: row["killed_by"] for row in matrix["rows"]}
    assert killed_by["invoice_address_synced_without_gab"] == [
        "p2c_gen_06",
        "p2c_s1_03",
        "p2c_s3_03",
    ]
    assert killed_by["contact_placement_swapped"] == ["p2c_s1_15"]
    assert killed_by["address_lookup_without_gab"] == ["p2c_s6_02"]
    assert {row["mode"] for row in matrix["rows"]} == {"wrong_deployment"}
    assert matrix["modes"]["wrong_deployment"] == {"mutants": 3, "killed": 3}
    assert matrix["modes"]["not_done"] == {"mutants": 0, "killed": 0}


def test_the_workers_kill_with_the_same_scenarios_as_one_process_per_mutant(tmp_path):
    # Mutants whose changed rules fire in most scenario runs of the reference, and that most
    # pass (the first) or fail (the second): one worker certifies both, one after the other.
    mutants = ("overlapping_number_not_refused", "customer_account_from_customer_sequence")
    alone = {
        name: subprocess.Popen(
            [
                *(P2C, "certify", "--adapter", f"rules.mutants:{name}"),
                *("--output", f"{name}.json", "--", "--tb=no", "-q"),
            ],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
        )
        for name in mutants
    }
    selection = [argument for name in mutants for argument in ("--mutant", name)]
    matrix = p2c(tmp_path, "kill-matrix", "--workers", "1", "--format", "json", *selection)
    assert matrix.returncode == 0, matrix.stderr
    by_workers = {row["mutant"]: row["killed_by"] for row in json.loads(matrix.stdout)["rows"]}
    for name, process in alone.items():
        assert process.wait() == 1
        scenarios = json.loads((tmp_path / f"{name}.json").read_text())["scenarios"]
        assert len(scenarios) == 163
        killing = sorted({s["id"] for s in scenarios if s["outcome"] in NOT_PASSED})
        assert by_workers[name] == killing, name
    assert len(by_workers["customer_account_from_customer_sequence"]) > 20


def started_with_workers(
    tmp_path: Path, *arguments: str
) -> tuple[subprocess.Popen[str], list[psutil.Process]]:
    """``p2c kill-matrix`` with these arguments, once its workers are at work, and them."""
    matrix = subprocess.Popen(
        [P2C, "kill-matrix", *arguments, "--format", "json"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a shell starts a background job with SIGINT ignored, and children inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )

    def workers() -> list[psutil.Process]:
        return [
            child
            for child in psutil.Process(matrix.pid).children()
            if "kit._mutant_worker" in " ".join(child.cmdline())
        ]

    deadline = time.monotonic() + 30
    while not workers() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # into their work: importing, certifying the reference
    return matrix, workers()


def test_a_worker_killed_mid_run_is_a_kit_error_not_a_verdict(tmp_path):
    matrix, workers = started_with_workers(tmp_path, "--mutant", "quote_not_marked_won", "-n", "1")
    assert len(workers) == 1
    workers[0].send_signal(signal.SIGKILL)
    stdout, stderr = matrix.communicate(timeout=60)
    assert matrix.returncode == 3
    assert stdout == ""  # no matrix: neither killed nor survived
    assert re.fullmatch(
        r"p2c: error: the worker certifying (the reference|mutant quote_not_marked_won) ended "
        r"\(killed by signal 9\): no verdict, no kill matrix\n",
        stderr,
    ), stderr


def test_an_interrupted_kill_matrix_ends_its_workers_and_prints_no_matrix(tmp_path):
    matrix, workers = started_with_workers(tmp_path, "-n", "2")
    matrix.send_signal(signal.SIGINT)
    stdout, stderr = matrix.communicate(timeout=60)
    assert (matrix.returncode, stdout, stderr) == (130, "", "p2c: interrupted: no kill matrix\n")
    assert len(workers) == 2
    for worker in workers:
        assert not worker.is_running() or worker.status() == psutil.STATUS_ZOMBIE


def test_pytest_options_from_the_environment_do_not_change_the_killing_scenarios(tmp_path):
    result = subprocess.run(
        [P2C, "kill-matrix", "--mutant", "invoice_address_synced_without_gab", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "PYTEST_ADDOPTS": "-x"},  # -x would stop at the first failure
    )
    assert result.returncode == 0, result.stderr
    [row, _] = json.loads(result.stdout)["rows"]
    assert row["killed_by"] == ["p2c_gen_06", "p2c_s1_03", "p2c_s3_03"]


def test_a_mutant_a_worker_cannot_certify_has_no_verdict():
    with pytest.raises(
        InternalError, match=r"^mutant no_such_mutant: adapter 'rules\.mutants:no_s"
    ):
        killers(["no_such_mutant"], workers=1)


def test_a_variant_is_run_on_every_scenario_unless_it_only_removes_rules_or_changes_actions():
    names = list(RULES)
    first, second = names[0], names[1]

    def variant(label: str, rules: dict[str, Rule]) -> ReferenceAdapter:
        return ReferenceAdapter(rules=rules, variant=f"test_changed_rules_{label}")

    def action(sync: object, fact: object) -> None:
        """A new action."""

    assert changed_rules(ReferenceAdapter()) == frozenset()
    removed = {name: rule for name, rule in RULES.items() if name != first}
    assert changed_rules(variant("removed", removed)) == {first}
    replaced = {**RULES, second: Rule(second, RULES[second].condition, action)}
    assert changed_rules(variant("replaced", replaced)) == {second}
    other_condition = {**RULES, second: Rule(second, RULES[first].condition, action)}
    assert changed_rules(variant("condition", other_condition)) is None
    reordered = {second: RULES[second], **RULES}
    assert changed_rules(variant("reordered", reordered)) is None
    added = {
        **RULES,
        "a_rule_of_its_own": Rule("a_rule_of_its_own", RULES[first].condition, action),
    }
    assert changed_rules(variant("added", added)) is None

    class Subclass(ReferenceAdapter):
        pass

    assert changed_rules(Subclass()) is None


def test_mutants_are_selected_by_failure_mode_and_the_table_counts_each_mode(tmp_path):
    result = p2c(tmp_path, "kill-matrix", "--mode", "wrong_record")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    [mutant] = [name for name, mutant in MUTANTS.items() if mutant.mode == "wrong_record"]
    assert any(line.split()[1:3] == [mutant, "wrong_record"] for line in lines[2:] if line)
    counts = {line.split()[0]: line.split()[1:] for line in lines if line.split()[:1]}
    assert counts["wrong_record"] == ["1", "1", "0"] and counts["twice"] == ["0", "0", "0"]
    assert lines[-1].startswith("69 requirements, 1 mutants, 1 killed, 0 survived")


def test_an_unknown_mutant_or_failure_mode_is_a_usage_error(tmp_path):
    result = p2c(tmp_path, "kill-matrix", "--mutant", "no_such_mutant")
    assert result.returncode == 2
    assert result.stderr.startswith("p2c: error: no mutant no_such_mutant; known:")
    result = p2c(tmp_path, "kill-matrix", "--mode", "flaky")
    assert result.returncode == 2
    assert result.stderr == (
        "p2c: error: no failure mode flaky; one of not_done, wrong_value, wrong_record, "
        "wrong_deployment, extra_effect, twice\n"
    )
