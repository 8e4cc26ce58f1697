"""p2c kill-matrix: every mutant of the reference is caught, by the scenarios of what it breaks.

The full matrix takes over a minute on two cores: `.ci/run` runs it; the tests run a sample.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rules.mutants import MUTANTS

P2C = str(Path(sys.executable).parent / "p2c")
SAMPLE = (
    "invoice_address_synced_without_gab",
    "contact_placement_swapped",
    "address_lookup_without_gab",
)


def test_every_mutant_names_requirements_of_the_trace():
    from kit._kill_matrix import requirements

    ids = {requirement["id"] for requirement in requirements()}
    for mutant in MUTANTS.values():
        assert mutant.breaks and set(mutant.breaks) <= ids, mutant.name


def test_a_sample_of_mutants_is_killed_by_the_scenarios_of_the_requirements_they_break(tmp_path):
    arguments = [argument for name in SAMPLE for argument in ("--mutant", name)]
    result = subprocess.run(
        [P2C, "kill-matrix", *arguments, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
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


def test_an_unknown_mutant_is_a_usage_error(tmp_path):
    result = subprocess.run(
        [P2C, "kill-matrix", "--mutant", "no_such_mutant"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("p2c: error: no mutant no_such_mutant; known:")
