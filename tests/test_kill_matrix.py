"""p2c kill-matrix: every mutant of the reference is caught, by the scenarios of what it breaks,
in worker processes that reach the verdicts one process per mutant would.

The full matrix takes about a minute on two cores: `.ci/run` runs it; the tests run a sample.
"""

from __future__ import annotations

import dataclasses
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

from p2c_kit._commands.kill_matrix import killers
from p2c_kit._commands.mutant_worker import triggers
from p2c_kit._contract.errors import InternalError
from p2c_kit._reports.tables import NOT_PASSED
from p2c_kit._specification.features import requirements
from p2c_kit._specification.features import scenarios as scenario_infos
from p2c_reference import RULES, ReferenceAdapter, Rule
from p2c_reference._durable import m
from p2c_reference._variations import other_deployment
from p2c_reference.mutants import MUTANTS

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


def test_a_sample_of_mutants_is_killed_by_the_scenarios_of_the_requirements_they_break(tmp_path):
    arguments = [argument for name in SAMPLE for argument in ("--mutant", name)]
    result = p2c(tmp_path, "kill-matrix", *arguments, "--all-killers", "--format", "json")
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
    modes = {row["mutant"]: row["mode"] for row in matrix["rows"]}
    assert modes == {name: MUTANTS[name].mode for name in SAMPLE}
    assert matrix["modes"]["wrong_deployment"] == {"mutants": 1, "killed": 1}
    assert matrix["modes"]["not_done"] == {"mutants": 0, "killed": 0}


def test_the_workers_kill_with_the_same_scenarios_as_one_process_per_mutant(tmp_path):
    # Mutants whose changed rules fire in most scenario runs of the reference, and that most
    # pass (the first) or fail (the second): one worker certifies both, one after the other.
    mutants = ("overlapping_number_not_refused", "customer_account_from_customer_sequence")
    alone = {
        name: subprocess.Popen(
            [
                *(P2C, "certify", "--adapter", f"p2c_reference.mutants:{name}"),
                *("--output", f"{name}.json", "--", "--tb=no", "-q"),
            ],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
        )
        for name in mutants
    }
    selection = [argument for name in mutants for argument in ("--mutant", name)]
    matrix = p2c(
        tmp_path, "kill-matrix", "--workers", "1", "--all-killers", "--format", "json", *selection
    )
    assert matrix.returncode == 0, matrix.stderr
    by_workers = {row["mutant"]: row["killed_by"] for row in json.loads(matrix.stdout)["rows"]}
    for name, process in alone.items():
        assert process.wait() == 1
        scenarios = json.loads((tmp_path / f"{name}.json").read_text())["scenarios"]
        assert len(scenarios) == sum(len(info.runs) for info in scenario_infos().values())
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
            if "p2c_kit._commands.mutant_worker" in " ".join(child.cmdline())
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
        [
            *(P2C, "kill-matrix", "--mutant", "invoice_address_synced_without_gab"),
            *("--all-killers", "--format", "json"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "PYTEST_ADDOPTS": "-x"},  # -x would stop at the first failure
    )
    assert result.returncode == 0, result.stderr
    [row, _] = json.loads(result.stdout)["rows"]
    assert row["killed_by"] == ["p2c_gen_06", "p2c_s1_03", "p2c_s3_03"]


def test_by_default_a_mutant_is_certified_until_the_first_scenario_that_kills_it(tmp_path):
    """One killer is the evidence; the others are what --all-killers is for."""
    mutant = "customer_account_from_customer_sequence"  # killed by some 70 scenarios
    first = p2c(tmp_path, "kill-matrix", "--mutant", mutant, "--format", "json")
    every = p2c(tmp_path, "kill-matrix", "--mutant", mutant, "--all-killers", "--format", "json")
    assert first.returncode == every.returncode == 0, first.stderr + every.stderr
    [first_row, *_] = json.loads(first.stdout)["rows"]
    [every_row, *_] = json.loads(every.stdout)["rows"]
    assert len(first_row["killed_by"]) == 1
    assert set(first_row["killed_by"]) < set(every_row["killed_by"])
    assert json.loads(first.stdout)["all_killers"] is False


def test_a_mutant_a_worker_cannot_certify_has_no_verdict():
    with pytest.raises(
        InternalError, match=r"^mutant no_such_mutant: adapter 'p2c_reference\.mutants:no_s"
    ):
        killers(["no_such_mutant"], workers=1)


def test_a_variant_is_run_where_what_it_changes_would_have_come_into_play():
    """Where the reference fired a rule the variant removes or gives another action; where the
    reference met the change a rule with another condition or deployment, or a rule of the
    variant's own, reacts to; everywhere for a variant that is not the reference's rules in
    their order."""
    names = list(RULES)
    first, second = names[0], names[1]

    def variant(label: str, rules: dict[str, Rule]) -> ReferenceAdapter:
        return ReferenceAdapter(rules=rules, variant=f"test_triggers_{label}")

    def action(sync: object, fact: object) -> None:
        """A new action."""

    assert triggers(ReferenceAdapter()) == frozenset()
    removed = {name: rule for name, rule in RULES.items() if name != first}
    assert triggers(variant("removed", removed)) == {first}
    replaced = {**RULES, second: dataclasses.replace(RULES[second], action=action)}
    assert triggers(variant("replaced", replaced)) == {second}
    other_condition = {**RULES, second: dataclasses.replace(RULES[second], condition=m.x == 1)}
    assert triggers(variant("condition", other_condition)) == {f"on {RULES[second].change}"}
    gab_only = next(name for name, rule in RULES.items() if rule.deployment == "gab")
    moved = {**RULES, gab_only: other_deployment(RULES[gab_only])}
    assert triggers(variant("moved", moved)) == {f"on {RULES[gab_only].change}"}
    added = {**RULES, "a_rule_of_its_own": dataclasses.replace(RULES[first], name="own")}
    assert triggers(variant("added", added)) == {f"on {RULES[first].change}"}
    reordered = {second: RULES[second], **RULES}
    assert triggers(variant("reordered", reordered)) is None

    class Subclass(ReferenceAdapter):
        pass

    assert triggers(Subclass()) is None


def test_mutants_are_selected_by_failure_mode_and_the_table_counts_each_mode(tmp_path):
    mutant = "contact_placement_swapped"
    selection = ("--mode", MUTANTS[mutant].mode, "--mutant", mutant, "--mutant", SAMPLE[0])
    result = p2c(tmp_path, "kill-matrix", *selection)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split()[1:3] == [mutant, "wrong_record"] for line in lines[2:] if line)
    assert not any(SAMPLE[0] in line for line in lines)
    counts = {line.split()[0]: line.split()[1:] for line in lines if line.split()[:1]}
    assert counts["wrong_record"] == ["1", "1", "0"] and counts["twice"] == ["0", "0", "0"]
    assert lines[-1].startswith(f"{len(requirements())} requirements, 1 mutants, 1 killed, 0 ")


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
