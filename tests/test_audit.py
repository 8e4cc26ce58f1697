"""The requirements trace as an audit: every system a requirement states a result for, in every
deployment it holds in, is looked at by a scenario that runs there; and the kit's readings stay
visible: without them the suite still passes, and leaves out exactly the scenarios tagged."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from p2c_kit import features_dir
from p2c_kit._commands.lint import looked_at
from p2c_kit._specification.features import ASSUMPTIONS, scenarios
from p2c_kit._specification.properties import PROPERTIES

P2C = str(Path(sys.executable).parent / "p2c")
ROOT = Path(__file__).resolve().parent.parent


def p2c_lint(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [P2C, "lint", *arguments], capture_output=True, text=True, check=False, cwd=ROOT
    )


def test_p2c_lint_counts_the_requirements_their_cells_and_those_covered():
    entries = tomllib.loads((features_dir() / "requirements.toml").read_text())["requirement"]
    cells = sum(len(entry["systems"]) * len(entry["deployments"]) for entry in entries)
    result = p2c_lint("--audit")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-2] == (
        f"p2c lint: the features are sound: {len(entries)} requirements, {cells} cells "
        f"(a system in a deployment), {cells} covered"
    )
    assert result.stdout.splitlines()[-1] == (
        f"p2c lint: {len(PROPERTIES)} explored properties (p2c explore); requirements none of "
        "them checks: none"
    )
    table = result.stdout.splitlines()
    assert table[0].split() == ["requirement", "sales.gab", "sales.no_gab", "scm.gab", "scm.no_gab"]
    listed = {line.split()[0] for line in table[2:] if line and not line.startswith(" ")}
    assert {entry["id"] for entry in entries} <= listed


def _with_cells(copy: Path, requirement: str, cells: str) -> None:
    """Give one requirement of the copied trace other cells."""
    path = copy / "requirements.toml"
    text = path.read_text()
    edited = re.sub(
        rf'(id = "{re.escape(requirement)}"\n(?:(?!\n\n).)*?\ncells = )[^\n]*',
        lambda match: match.group(1) + cells,
        text,
        count=1,
        flags=re.S,
    )
    assert edited != text, requirement
    path.write_text(edited)


@pytest.mark.parametrize(
    ("requirement", "cells", "problem"),
    [
        (  # a cell left out: the invoice address that reaches Sales at the conversion without GAB
            "S1.3-j",
            "{}",
            "requirement S1.3-j, cell sales.no_gab: covered by no scenario",
        ),
        (  # a cell listed with no scenario
            "S1.3-j",
            '{ "sales.no_gab" = [] }',
            "requirement S1.3-j, cell sales.no_gab: covered by no scenario",
        ),
        (  # p2c_s1_12 runs with GAB only
            "S1.3-j",
            '{ "sales.no_gab" = ["p2c_s1_12"] }',
            "requirement S1.3-j, cell sales.no_gab: p2c_s1_12 does not run in no_gab",
        ),
        (  # p2c_s1_01's Then steps look at SCM only
            "S1.1-b",
            '{ "sales.gab" = ["p2c_s1_01"], "sales.no_gab" = ["p2c_s1_02"] }',
            "requirement S1.1-b, cell sales.gab: no Then step of p2c_s1_01 looks at sales in gab",
        ),
    ],
    ids=["cell_left_out", "cell_listed_empty", "scenario_not_run_there", "system_not_looked_at"],
)
def test_p2c_lint_fails_a_cell_no_listed_scenario_covers(tmp_path, requirement, cells, problem):
    copy = tmp_path / "features"
    shutil.copytree(features_dir(), copy)
    _with_cells(copy, requirement, cells)
    result = p2c_lint(str(copy))
    assert result.returncode == 1, result.stdout
    assert f"requirements.toml: {problem}\n" in result.stdout


def test_the_systems_a_step_looks_at_are_followed_through_the_helpers_it_calls_or_passes_on():
    source = textwrap.dedent(
        """
        def _unchanged(p2c, system):
            return p2c.before[system] == p2c.records(system)

        def _relation(p2c):
            return p2c.records("scm")["business_relations"]

        def _each(p2c, check):
            for prospect in p2c.prospects:
                check(p2c)

        def scm_unchanged(p2c):
            _unchanged(p2c, "scm")

        def neither_changed(p2c):
            _unchanged(p2c, system="sales")
            _unchanged(p2c, "scm")

        def each_retired(p2c):
            _each(p2c, lambda p2c: _relation(p2c))

        def each_in_sales(p2c):
            _each(p2c, sales_account)

        def sales_account(p2c):
            return p2c.records("sales")["accounts"]

        def action_refused(p2c):
            assert p2c.refusal is not None
        """
    )
    assert looked_at(source) == {
        "_unchanged": frozenset(),  # which system is its caller's to say
        "_relation": {"scm"},
        "_each": frozenset(),
        "scm_unchanged": {"scm"},
        "neither_changed": {"sales", "scm"},
        "each_retired": {"scm"},
        "each_in_sales": {"sales"},
        "sales_account": {"sales"},
        "action_refused": frozenset(),
    }


def test_the_systems_a_step_looks_at_are_followed_into_the_world_s_helpers():
    """The steps' source and the world's (kit/_specification/world.py) are read as one: a step
    that hands a system to a helper of the world looks at that system."""
    steps = "def scm_unchanged(p2c):\n    unchanged(p2c, 'scm')\n"
    world = "def unchanged(p2c, system):\n    return p2c.before[system] == p2c.records(system)\n"
    assert looked_at(steps)["scm_unchanged"] == frozenset()
    assert looked_at(steps, world)["scm_unchanged"] == {"scm"}


def test_the_suite_passes_without_any_reading_and_leaves_out_exactly_the_scenarios_tagged(
    certify,
):
    """Every reading excluded with -m, the readings taken from their vocabulary: what the kit
    asserts of the document alone passes on the reference."""
    run = certify(m=" and ".join(f"not {tag}" for tag in sorted(ASSUMPTIONS)))
    kept = [info for info in scenarios().values() if not info.tags & set(ASSUMPTIONS)]
    assert len(kept) < len(scenarios())
    assert run.exit_status == 0
    assert {row["outcome"] for row in run.rows} == {"passed"}
    assert run.ids("passed") == {info.id for info in kept}
    assert len(run.rows) == sum(len(info.runs) for info in kept)


def test_the_readme_says_what_each_reading_left_out_leaves_unasserted():
    readme = (ROOT / "README.md").read_text()
    for tag in ASSUMPTIONS:
        assert re.search(rf"^- without `{tag}` \(p2c_\w+", readme, re.M), tag
