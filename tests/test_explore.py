"""p2c explore: it finds what breaks only beyond the documented order, shrinks it to a scenario
p2c certify runs, and never takes an adapter's breakage for a conformance failure."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fake_adapters import _Wrapper
from tests_support import harness

from p2c_kit import Refused
from p2c_kit._commands.lint import property_problems, uncovered_by_properties
from p2c_kit._exploration import Exploration, Options, explore
from p2c_kit._specification.properties import PROPERTIES, Property, selected
from p2c_kit._transports.driver import Driver, load_adapter
from p2c_kit._transports.stdio import AdapterProcess

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
P2C = str(Path(sys.executable).parent / "p2c")


def run_explore(
    adapter: str | Any, deployment: str = "gab", markexpr: str | None = None, **options: Any
) -> Exploration:
    """Explore an adapter (a ``module:factory`` or an adapter object), derandomized, with the
    default budget unless ``options`` say otherwise, keeping nothing in the user's cache."""
    driver = Driver(load_adapter(adapter) if isinstance(adapter, str) else adapter)
    try:
        settings = {"derandomize": True, **options}
        return explore(driver, deployment, selected(deployment, markexpr), Options(**settings))
    finally:
        driver.stop()


@functools.cache
def explored(adapter: str, deployment: str = "gab") -> Exploration:
    """``run_explore(adapter, deployment)``: derandomized, the same exploration every time, so
    made once per worker for the tests that read it (``WORKER_GROUPS`` in conftest.py keeps them
    on one worker)."""
    return run_explore(adapter, deployment)


def p2c(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(TESTS), "XDG_CACHE_HOME": str(cwd / "cache")}
    return subprocess.run(
        [P2C, *args], capture_output=True, text=True, cwd=cwd, env=environment, check=False
    )


#: Adapters broken only beyond the documented order, and what explore finds in each: the
#: property that does not hold, or the step that fails.
BROKEN_BEYOND_THE_DOCUMENTED_ORDER = {
    "breaks_the_second_conversion": "converted_prospect_is_a_customer_account_with_its_number",
    "breaks_conversions_after_a_refusal_and_a_contact": (
        "converted_prospect_is_a_customer_account_with_its_number"
    ),
    # the stepped-back sequence issues a number a prospect has: SCM refuses the creation
    "reuses_a_number_after_a_refused_creation": "step",
    "ignores_configuration": "scm_prospects_numbered_from_the_sequence",
    "converts_only_fully_addressed": "converted_prospect_is_a_customer_account_with_its_number",
}


@pytest.mark.parametrize("fake", sorted(BROKEN_BEYOND_THE_DOCUMENTED_ORDER))
def test_explore_finds_within_the_default_budget_an_adapter_broken_beyond_the_documented_order(
    fake,
):
    exploration = explored(f"fake_adapters:{fake}")
    failure = exploration.failure
    assert failure is not None, f"{fake}: nothing found in {exploration.tally}"
    assert (failure.property or failure.kind) == BROKEN_BEYOND_THE_DOCUMENTED_ORDER[fake]
    assert exploration.options.max_examples == 200 and exploration.options.steps == 30


@pytest.mark.parametrize("deployment", ["gab", "no_gab"])
def test_explore_finds_nothing_against_the_reference(deployment):
    # the default budget's exploration, which the test of the steps taken records (once a worker)
    exploration = reference_explored()[0][deployment]
    assert exploration.options.max_examples >= 60
    assert exploration.failure is None, exploration.failure
    assert exploration.tally.actions > 60 * 5
    assert exploration.tally.checks >= exploration.tally.actions * 20


def test_a_shrunk_failure_is_a_scenario_that_p2c_certify_runs_and_fails(tmp_path):
    failure = explored("fake_adapters:breaks_the_second_conversion").failure
    assert failure is not None
    scenario_id = failure.gherkin.split()[0].lstrip("@")
    feature = tmp_path / "explored.feature"
    indented = "".join(f"  {line}\n" for line in failure.gherkin.splitlines())
    feature.write_text(f"Feature: Explored - pasted\n\n{indented}")
    broken = p2c(
        "certify",
        "--features",
        str(feature),
        "-k",
        scenario_id,
        "--adapter",
        "fake_adapters:breaks_the_second_conversion",
        cwd=tmp_path,
    )
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert f'failing step: Then the explored property "{failure.property}" holds' in broken.stdout
    assert f"--features {feature}" in broken.stdout  # the reproduce line runs it again
    reference = p2c("certify", "--features", str(feature), "-k", scenario_id, cwd=tmp_path)
    assert reference.returncode == 0, reference.stdout + reference.stderr
    assert "1 passed" in reference.stdout


def test_a_shrunk_failure_is_short_and_names_what_it_checks():
    failure = explored("fake_adapters:converts_only_fully_addressed").failure
    assert failure is not None and failure.property is not None
    steps = [line for line in failure.gherkin.splitlines() if line.startswith(("When", "And"))]
    assert len(steps) <= 3, failure.gherkin
    prop = PROPERTIES[failure.property]
    assert f"Source: {', '.join(prop.implements)}" in failure.gherkin
    assert failure.gherkin.rstrip().endswith(f'Then the explored property "{prop.name}" holds')


def test_an_adapter_that_raises_is_an_adapter_error_with_the_sequence_not_a_property_failure():
    failure = run_explore("fake_adapters:raises_on_contacts").failure
    assert failure is not None and failure.kind == "adapter" and failure.property is None
    assert "KeyError" in failure.message
    assert failure.gherkin.rstrip().endswith("the user creates a contact for the prospect in SCM")


def test_records_of_the_wrong_shape_are_an_adapter_error():
    failure = run_explore("fake_adapters:wrong_shape").failure
    assert failure is not None and failure.kind == "adapter"
    assert "number_sequences" in failure.message


def test_an_adapter_process_that_hangs_is_an_adapter_error_with_the_sequence_that_provoked_it():
    process = AdapterProcess(harness("hang"), timeout=0.5)
    exploration = run_explore(process, max_examples=5)
    failure = exploration.failure
    assert failure is not None and failure.kind == "adapter", failure
    assert "0.5" in failure.message
    assert exploration.tally.sequences == 1  # a dead adapter: nothing more to run, or shrink
    assert "When " in failure.gherkin


class _RefusesAfterCreatingALead(_Wrapper):
    """Creates a lead, then refuses, whenever the reference refuses."""

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.reference, name)
        if name in ("start", "query", "stop", "reset") or not callable(method):
            return method

        def refusing(**arguments: Any) -> Any:
            try:
                return method(**arguments)
            except Refused:
                self.reference.sales_create_lead(
                    topic="t", company="c", first_name="f", last_name="l"
                )
                raise

        return refusing


def test_a_refusal_that_changed_something_breaks_a_property():
    failure = run_explore(_RefusesAfterCreatingALead()).failure
    assert failure is not None and failure.property == "refused_action_changes_nothing"
    assert "the user tries" in failure.gherkin.splitlines()[-1]


class _AcceptsDuplicateAccounts(_Wrapper):
    """Says yes to a second prospect account with a number in use, and does nothing."""

    def sales_create_prospect_account(self, **arguments: Any) -> Any:
        numbers = {account["number"] for account in self.reference.query("sales")["accounts"]}
        if arguments["number"] in numbers:
            return {}
        return self.reference.sales_create_prospect_account(**arguments)


def test_a_property_resting_on_a_reading_is_left_out_by_m_as_certify_leaves_out_its_scenarios():
    found = run_explore(_AcceptsDuplicateAccounts()).failure
    assert found is not None and found.property == "duplicate_prospect_account_refused"
    assert found.reading == "assumption_duplicate_number_refused"
    assert "@assumption_duplicate_number_refused" in found.gherkin.splitlines()[0]
    without = run_explore(
        _AcceptsDuplicateAccounts(), markexpr="not assumption_duplicate_number_refused"
    )
    assert without.failure is None, without.failure
    assert "duplicate_prospect_account_refused" not in {p.name for p in without.properties}


def test_a_failure_found_is_replayed_first_next_time(tmp_path):
    fake = "fake_adapters:breaks_the_second_conversion"
    first = run_explore(fake, database=tmp_path, derandomize=False, seed=1)
    again = run_explore(fake, database=tmp_path, derandomize=False, seed=2)
    assert first.failure is not None and again.failure is not None
    assert again.tally.sequences < first.tally.sequences
    assert any(tmp_path.rglob("*"))


def test_each_adapter_has_an_example_database_of_its_own(tmp_path):
    for fake in ("converts_only_fully_addressed", "breaks_the_second_conversion"):
        result = p2c(
            "explore",
            "--adapter",
            f"fake_adapters:{fake}",
            "--deployment",
            "gab",
            "--max-examples",
            "30",
            "--seed",
            "1",
            cwd=tmp_path,
        )
        assert result.returncode == 1, result.stdout + result.stderr
    kept = sorted(path.parent.name for path in (tmp_path / "cache").rglob("gab"))
    assert len(kept) == 2 and kept[0] != kept[1]


def test_every_property_names_requirements_that_exist_and_holds_where_they_hold():
    assert property_problems() == []


def test_lint_rejects_a_property_that_names_no_real_requirement(monkeypatch):
    bogus = Property("bogus", ("S9.9-z",), ("gab",), "assumption_nonsense", "", lambda e: None)
    monkeypatch.setitem(PROPERTIES, "bogus", bogus)
    problems = property_problems()
    assert any("names S9.9-z, which requirements.toml does not have" in p for p in problems)
    assert any("rests on assumption_nonsense" in p for p in problems)


def test_the_readme_lists_the_requirements_no_property_checks_and_counts_the_properties():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    listed = ", ".join(uncovered_by_properties()) or "none"
    assert f"Requirements no explored property checks: {listed}." in readme
    assert f"records: {len(PROPERTIES)} statements of the document" in readme


def test_the_readme_s_worked_example_is_what_explore_finds():
    failure = run_explore("fake_adapters:breaks_the_second_conversion", "no_gab").failure
    assert failure is not None
    assert failure.gherkin in (ROOT / "README.md").read_text(encoding="utf-8")


def test_p2c_explore_prints_what_it_found_writes_it_and_exits_1(tmp_path):
    output = tmp_path / "explored.json"
    result = p2c(
        "explore",
        "--adapter",
        "fake_adapters:converts_only_fully_addressed",
        "--deployment",
        "no_gab",
        "--derandomize",
        "--output",
        str(output),
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "converted_prospect_is_a_customer_account_with_its_number does not hold" in result.stdout
    assert "reproduce: p2c explore --adapter fake_adapters:converts_only_fully_addressed" in (
        result.stdout
    )
    document = json.loads(output.read_text())
    (entry,) = document["explored"]
    assert entry["deployment"] == "no_gab" and entry["failure"]["kind"] == "property"
    assert entry["failure"]["gherkin"] in result.stdout


def test_p2c_explore_adds_an_explored_section_to_a_results_file_and_report_shows_it(tmp_path):
    results = tmp_path / "results.json"
    certified = p2c("certify", "-k", "p2c_s1_01", "--output", str(results), cwd=tmp_path)
    assert certified.returncode == 0, certified.stdout + certified.stderr
    explored = p2c(
        "explore", "--max-examples", "5", "--derandomize", "--output", str(results), cwd=tmp_path
    )
    assert explored.returncode == 0, explored.stdout + explored.stderr
    document = json.loads(results.read_text())
    assert document["scenarios"] and len(document["explored"]) == 2
    report = p2c("report", str(results), cwd=tmp_path)
    assert "Explored (p2c explore)" in report.stdout


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        (("--max-examples", "0"), "--max-examples: expected 1 or more, not 0"),
        (("--steps", "-1"), "--steps: expected 1 or more, not -1"),
        (("-m", "not ("), "-m 'not ('"),
        (("--seed", "1", "--derandomize"), "--derandomize and --seed"),
        (("--adapter", "nosuch:factory"), "cannot import 'nosuch'"),
    ],
)
def test_bad_explore_options_are_one_line_and_exit_2(tmp_path, arguments, complaint):
    result = p2c("explore", *arguments, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and complaint in result.stderr
    assert result.stdout == ""


def test_p2c_explore_list_names_every_property_with_its_requirements(tmp_path):
    result = p2c("explore", "--list", cwd=tmp_path)
    assert result.returncode == 0
    for prop in PROPERTIES.values():
        assert prop.name in result.stdout


def test_explore_as_a_pytest_test_splits_into_shards_for_xdist(tmp_path):
    output = tmp_path / "explored.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "p2c_kit.plugin",
            "--pyargs",
            "p2c_kit.conformance.explore",
            "-c",
            str(ROOT / "kit" / "conformance" / "pytest.ini"),
            "-p",
            "no:cacheprovider",
            "--p2c-max-examples",
            "6",
            "--p2c-derandomize",
            "--p2c-shards",
            "2",
            "--p2c-deployment",
            "gab",
            "-n",
            "2",
            "--p2c-explore-output",
            str(output),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    shards = sorted(entry["shard"] for entry in json.loads(output.read_text())["explored"])
    assert shards == ["1/2", "2/2"]


def test_the_cache_directory_is_not_written_with_derandomize(tmp_path):
    result = p2c("explore", "--max-examples", "3", "--derandomize", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("explore"))


@functools.cache
def reference_explored() -> tuple[dict[str, Exploration], frozenset[tuple[str, str]]]:
    """The reference explored with the default budget in both deployments (derandomized: the
    same every time, so once per worker), and each step taken: its line and the function of the
    step language explore called for it."""
    from p2c_kit import _exploration

    taken: set[tuple[str, str]] = set()
    make = _exploration._machine

    def recording(*args: Any, **kwargs: Any) -> Any:
        machine = make(*args, **kwargs)
        take = machine._do

        def do(self: Any, text: str, step: Any, *arguments: Any, on: Any = None) -> None:
            taken.add((text, step.__name__))
            take(self, text, step, *arguments, on=on)

        machine._do = do
        return machine

    _exploration._machine = recording  # type: ignore[assignment]
    try:
        explorations = {
            deployment: run_explore("p2c_reference:ReferenceAdapter", deployment)
            for deployment in ("gab", "no_gab")
        }
    finally:
        _exploration._machine = make  # type: ignore[assignment]
    return explorations, frozenset(taken)


def test_every_step_explore_takes_is_a_step_of_the_step_language_with_that_definition():
    """What explore prints is what it ran: each line it writes matches the definition of the
    step it called, in both deployments, over every rule of the state machine."""
    from p2c_kit import _exploration
    from p2c_kit._commands.lint import _definitions

    explorations, taken = reference_explored()
    for deployment in ("gab", "no_gab"):
        assert explorations[deployment].failure is None
        assert explorations[deployment].options.max_examples == 200  # the default budget
    definitions = _definitions()
    for text, function in sorted(taken):
        matching = {c.step_func.__name__ for c in definitions if c.parser.is_matching(text)}
        assert matching == {function}, (text, function, matching)
    called = {function for _, function in taken}
    kinds = {step.__name__ for _, _, step, *_ in _exploration.PROSPECT_KINDS.values()}
    assert kinds <= called
    for needed in ("scm_send_quotation", "sales_activate_quote", "sales_create_lead"):
        assert needed in called, needed


# -- hostile to explore: what a cold review tried ----------------------------------------------


@pytest.mark.parametrize(
    ("fake", "deployment", "found"),
    [
        ("keeps_roles_without_gab", "no_gab", "no_role_on_a_sales_address_without_gab"),
        (
            "swaps_roles_when_converted_in_sales",
            "gab",
            "sales_converted_customer_has_the_prospects_records",
        ),
    ],
)
def test_explore_checks_roles_exactly_where_the_document_states_them(fake, deployment, found):
    failure = run_explore(f"fake_adapters:{fake}", deployment).failure
    assert failure is not None and failure.property == found, failure


def test_an_adapter_raising_hypothesis_own_stop_signal_is_an_adapter_error_not_a_pass():
    failure = run_explore("fake_adapters:stops_hypothesis_at_the_second_conversion").failure
    assert failure is not None and failure.kind == "adapter"
    assert "StopTest" in failure.message


def test_an_adapter_that_xfails_a_deployment_fails_the_exploration_not_skips_it(tmp_path):
    result = p2c(
        "explore",
        "--adapter",
        "fake_adapters:xfails_without_gab",
        "--max-examples",
        "20",
        "--derandomize",
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no_gab: not explored (the adapter does not declare it)" not in result.stdout
    assert "an adapter error" in result.stdout or "did not finish" in result.stdout


def test_leaving_out_a_reading_leaves_out_the_attempts_it_judges():
    fake = "fake_adapters:converts_again_quietly"
    reading = "assumption_retired_prospect_not_converted_again"
    found = run_explore(fake, max_examples=100).failure
    assert found is not None and found.reading == reading, found
    assert run_explore(fake, markexpr=f"not {reading}", max_examples=100).failure is None


def test_no_quotation_is_sent_once_its_prospect_was_converted_another_way():
    fake = "fake_adapters:refuses_sending_for_a_converted_prospect"
    for deployment in ("gab", "no_gab"):
        assert run_explore(fake, deployment, max_examples=100).failure is None


def test_the_explore_benchmark_prints_its_figures_with_the_machine(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "explore.py"),
            "--rounds",
            "1",
            "--max-examples",
            "3",
            "--runs",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("machine: ")
    for figure in (
        "in-process, one core: actions/s",
        "two processes on two cores: actions/s",
        "stdio (p2c_kit.serve): actions/s",
        "seed 1, gab:",
        "seed 1, no_gab:",
    ):
        assert figure in result.stdout, figure


def test_each_deployment_and_shard_explores_sequences_of_its_own_seeded_or_derandomized():
    for given in ({"seed": 7}, {"derandomize": True}):
        seeds = {
            Options(shard=(shard, 2), **given).hypothesis_seed(deployment)
            for deployment in ("gab", "no_gab")
            for shard in (0, 1)
        }
        assert len(seeds) == 4 and None not in seeds
    assert Options(seed=7).hypothesis_seed("gab") == Options(seed=7).hypothesis_seed("gab")
    assert Options().hypothesis_seed("gab") is None  # Hypothesis draws one
