"""The stress command keeps working: it prints its figures, and names what did not pass.

Tiny sizes only: the figures the README quotes come from the command's own full run, recorded with
the machine it ran on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import stress  # noqa: E402 - benchmarks/ is not a package


def test_the_stress_command_prints_its_figures_with_the_machine(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "stress.py"),
            *("--concurrent", "2", "--rounds", "1"),
            *("--kill-matrix", "2", "--mutant", "quote_not_marked_won"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("machine: ") and " CPUs, Python 3." in lines[0]
    for figure in (
        "rounds: 1 of 2 concurrent p2c certify",
        "runs: 2",
        "wall time: ",
        "outcomes other than passed (or not applicable): 0",
        "exit codes other than 0: 0",
        "kill matrix: 2 runs, 1 mutants, killing scenarios per mutant agree",
    ):
        assert any(line.startswith(figure) for line in lines), figure


def test_a_scenario_run_that_did_not_pass_is_named_with_its_deployment_and_message(tmp_path):
    scenarios = [
        {"id": "p2c_s1_01", "deployment": "gab", "outcome": "passed", "message": None},
        {"id": "p2c_s1_02", "deployment": "no_gab", "outcome": "not applicable", "message": None},
        {
            "id": "p2c_s2_11",
            "deployment": "gab",
            "outcome": "failed",
            "message": "expected: sales_convert_account refused\nactual: it was accepted",
        },
    ]
    (tmp_path / "results.json").write_text(json.dumps({"scenarios": scenarios}))
    run = stress.read_run(3, 2, 1, tmp_path)
    assert stress.describe(run) == [
        "  round 3, run 2: p2c_s2_11 (gab) failed: expected: sales_convert_account refused",
        "      actual: it was accepted",
    ]


def test_a_run_without_a_results_file_is_reported_with_its_errors(tmp_path):
    (tmp_path / "stderr.txt").write_text("Traceback (most recent call last):\nBoom: broken\n")
    run = stress.read_run(1, 1, 3, tmp_path)
    [line] = stress.describe(run)
    assert line.startswith("  round 1, run 1: no results file") and "Boom: broken" in line
