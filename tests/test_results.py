"""The results file: specified by a schema, honest about partial runs, the same serial or
parallel."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests_support import harness

from p2c_kit._contract.schemas import schema_errors

P2C = str(Path(sys.executable).parent / "p2c")


def certify(tmp_path: Path, name: str, *args: str) -> tuple[int, dict]:
    output = tmp_path / name
    result = subprocess.run(
        [P2C, "certify", "--output", str(output), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    return result.returncode, json.loads(output.read_text())


def comparable(results: dict) -> dict:
    """The document without what varies from run to run: durations and timestamps."""
    results = json.loads(json.dumps(results))
    del results["run"]["started_at"], results["run"]["finished_at"]
    for scenario in results["scenarios"]:
        del scenario["duration"]
        for step in scenario["steps"]:
            del step["duration"]
    return results


def test_a_full_run_writes_a_complete_results_file_that_conforms_to_its_schema(reference_run):
    # p2c certify --output reference.json, made once for the session
    status = reference_run.result.returncode
    results = json.loads(reference_run["reference.json"].read_text())
    assert status == 0
    assert schema_errors("results", results) == []
    assert results["run"]["partial"] is False
    assert results["implementation"]["name"] == "p2c-kit reference"
    assert results["totals"]["passed"] == len(results["scenarios"]) > 100
    assert len(results["kit"]["features_sha256"]) == 64


def test_a_parallel_run_writes_the_same_results_as_a_serial_one(tmp_path, reference_run):
    # the serial run: p2c certify --output reference.json, made once for the session
    serial = json.loads(reference_run["reference.json"].read_text())
    _, parallel = certify(tmp_path, "parallel.json", "-n", "2")
    assert comparable(parallel) == comparable(serial)


def test_a_failure_records_its_step_and_what_was_expected_and_found(tmp_path):
    status, results = certify(
        tmp_path,
        "results.json",
        "--adapter",
        "p2c_reference.mutants:quote_not_marked_won",
        "-k",
        "p2c_s5_07",
    )
    assert status == 1
    [gab, _] = results["scenarios"]
    assert gab["outcome"] == "failed"
    assert gab["step"] == {
        "keyword": "Then",
        "text": "the quote in Sales is Won",
        "file": "s5_quotation_from_scm.feature",
        "line": 82,
    }
    [quote] = gab["records"]["Sales quotes"]
    assert gab["expected"] == f"the quote for {quote['potential_customer']} won"
    assert gab["actual"] == "status active" and quote["status"] == "active"
    assert schema_errors("results", results) == []


def test_a_selection_is_a_partial_run(tmp_path):
    _, results = certify(tmp_path, "results.json", "-k", "p2c_s1_01")
    assert results["run"]["partial"] is True
    assert {scenario["id"] for scenario in results["scenarios"]} == {"p2c_s1_01"}


def test_a_selection_by_node_id_is_a_partial_run_that_passes(tmp_path):
    from p2c_kit import conformance

    test = "test_conformance.py::test_a_lead_is_not_a_prospect_and_produces_nothing_in_scm[gab]"
    output = tmp_path / "results.json"
    result = subprocess.run(
        conformance.pytest_command(
            [*conformance.pytest_arguments([test]), "--p2c-output", str(output)]
        ),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    results = json.loads(output.read_text())
    assert results["run"]["partial"] is True
    assert [scenario["test"] for scenario in results["scenarios"]] == [test]


def test_an_adapter_that_cannot_start_is_a_usage_error_that_writes_no_results(tmp_path):
    output = tmp_path / "results.json"
    for parallel in ([], ["-n", "2"]):
        result = subprocess.run(
            [
                P2C,
                "certify",
                "--output",
                str(output),
                "--adapter-cmd",
                harness("crash_on_start"),
                *parallel,
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert result.returncode == 2
        assert "cannot start" in result.stderr or "exited" in result.stderr, result.stderr
        assert "the run fails" not in result.stdout + result.stderr
        assert not output.exists()
