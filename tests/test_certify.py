"""The kit run as its users run it: the specification against the reference, broken
implementations, partial adapters, and broken adapters."""

from __future__ import annotations

import re
from pathlib import Path

import fake_adapters
import pytest

from p2c_kit._specification.features import scenarios
from p2c_reference.mutants import MUTANTS

ROOT = Path(__file__).resolve().parent.parent


def test_reference_passes_every_scenario_in_both_deployments(certify):
    """Every scenario of the specification passes on the reference, with and without GAB."""
    run = certify()
    assert run.rows, "no scenario ran"
    assert {row["outcome"] for row in run.rows} == {"passed"}
    assert run.ids("passed") == set(scenarios())
    deployments = {row["deployment"] for row in run.rows}
    assert deployments == {"gab", "no_gab"}


#: For each deliberately broken implementation, exactly the scenarios that must catch it.
CAUGHT_BY = {
    "customer_account_from_customer_sequence": {
        "p2c_gen_05",
        "p2c_gen_07",
        "p2c_gen_08",
        "p2c_gen_09",
        "p2c_gen_10",
        "p2c_gen_11",
        "p2c_gen_12",
        "p2c_s1_05",
        "p2c_s1_08",
        "p2c_s1_10",
        "p2c_s2_07",
        "p2c_s2_08",
        "p2c_s2_09",
        "p2c_s2_10",
        "p2c_s2_14",
        "p2c_s2_15",
        "p2c_s3_05",
        "p2c_s3_06",
        "p2c_s3_08",
        "p2c_s4_05",
        "p2c_s4_06",
        "p2c_s4_07",
        "p2c_s5_01",
        "p2c_s5_02",
        "p2c_s5_05",
        "p2c_s5_06",
        "p2c_s5_07",
        "p2c_s5_08",
        "p2c_s6_03",
        "p2c_s6_04",
        "p2c_s6_05",
        "p2c_s6_06",
        "p2c_s6_07",
        "p2c_s6_08",
        "p2c_s6_09",
    },
    "invoice_address_synced_without_gab": {"p2c_gen_06", "p2c_s1_03", "p2c_s3_03"},
    "lead_creates_business_relation": {"p2c_gen_03"},
    "conversion_does_not_retire_prospect": {
        "p2c_gen_07",
        "p2c_s1_09",
        "p2c_s2_06",
        "p2c_s3_07",
        "p2c_s4_04",
        "p2c_s5_03",
        "p2c_s6_06",
    },
    "quote_not_marked_won": {"p2c_s5_07"},
}


#: Mutants that break a requirement of one deployment only are caught in that deployment only.
CAUGHT_IN = {"invoice_address_synced_without_gab": {"no_gab"}}


def test_the_mutants_checked_scenario_by_scenario_exist():
    """These five are checked for exactly the scenarios they fail; the kill matrix covers all."""
    assert set(CAUGHT_BY) <= set(MUTANTS)


@pytest.mark.parametrize("mutant", sorted(CAUGHT_BY))
def test_broken_implementation_fails_the_scenarios_of_the_requirement_it_breaks(certify, mutant):
    """A mutant that breaks one requirement fails exactly the scenarios stating it."""
    run = certify(f"p2c_reference.mutants:{mutant}")
    not_passed = {(row["id"], row["deployment"]) for row in run.rows if row["outcome"] != "passed"}
    assert {scenario_id for scenario_id, _ in not_passed} == CAUGHT_BY[mutant]
    deployments = {deployment for _, deployment in not_passed}
    assert deployments == CAUGHT_IN.get(mutant, {"gab", "no_gab"})


def test_a_failure_among_several_prospects_names_the_prospect_and_its_kind(certify):
    run = certify("p2c_reference.mutants:conversion_does_not_retire_prospect", k="p2c_gen_07")
    failed = [row for row in run.rows if row["outcome"] == "failed"]
    assert len(failed) == len(run.rows) == 8
    for row in failed:
        named = r"prospect \S+ \((organization|person) created in (SCM|Sales)\): "
        assert re.fullmatch(named + "relation type customer", row["expected"]), row["expected"]
        assert row["records"]["business relation"]["relation_type"] == "prospect"


def test_undeclared_capabilities_make_scenarios_not_applicable_not_failed(certify):
    """An adapter declaring only GAB and the core runs those scenarios; the rest are reported
    as not applicable, never as failed or skipped."""
    run = certify("fake_adapters:gab_only_core")
    not_applicable = run.outcomes("not applicable")
    assert all(deployment == "no_gab" for _, deployment in run.outcomes("passed")) is False
    assert {deployment for _, deployment in run.outcomes("passed")} == {"gab"}
    assert ("p2c_s1_04", "no_gab") in not_applicable
    assert ("p2c_s3_01", "gab") in not_applicable  # needs person_prospects
    assert ("p2c_s6_03", "gab") in not_applicable  # needs quotes_from_sales
    assert not run.outcomes("failed") and not run.outcomes("skipped")
    assert run.ids("passed") >= {"p2c_gen_03", "p2c_gen_04", "p2c_s1_01", "p2c_s1_12"}


def test_records_of_the_wrong_shape_are_an_adapter_error_not_a_conformance_failure(certify):
    """An adapter whose SCM records miss a field gets 'adapter error', naming the field."""
    run = certify("fake_adapters:wrong_shape", k="p2c_s1_01 and not no_gab")
    assert run.outcomes("adapter error") == {("p2c_s1_01", "gab")}
    failed = [report for report in run.reports if report.failed]
    assert "'number_sequences' is a required property" in str(failed[0].longrepr)


def test_the_same_seed_reproduces_the_same_incidental_data(certify):
    """Two runs with seed 7 create identical prospects; seed 8 creates different ones."""

    def names(seed: int) -> list[dict[str, str]]:
        fake_adapters.RECORDED.clear()
        certify("fake_adapters:recording", seed=seed, k="p2c_s1_01 or p2c_s3_01")
        return list(fake_adapters.RECORDED)

    first = names(7)
    assert len(first) == 4
    assert names(7) == first
    assert names(8) != first


def test_scenario_ids_select_scenarios(certify):
    """-k with a scenario id runs that scenario, in every deployment it applies to."""
    run = certify(k="p2c_s1_13")
    assert run.outcomes("passed") == {("p2c_s1_13", "no_gab")}


def test_the_readme_adapter_example_is_the_example_file_and_passes_what_applies(certify, pytester):
    """The README's minimal adapter really runs: the applicable scenario runs it counts pass."""
    example = (ROOT / "examples" / "minimal_adapter.py").read_text()
    assert example.rstrip() in (ROOT / "README.md").read_text()
    pytester.syspathinsert(ROOT / "examples")
    run = certify("minimal_adapter:MinimalAdapter")
    readme = (ROOT / "README.md").read_text()
    passed, not_applicable = run.count("passed"), run.count("not applicable")
    assert passed + not_applicable == len(run.rows)
    assert (
        f"It passes the {passed} scenario runs that apply to it; the other {not_applicable}"
        in readme.replace("\n", " ")
    )


def test_a_refusal_that_changed_something_fails_the_scenario(certify):
    """Every refusal is checked: the kit compares both systems before and after it."""
    run = certify("fake_adapters:refuses_after_changing", k="p2c_s1_07")
    assert run.outcomes("failed") == {("p2c_s1_07", "gab"), ("p2c_s1_07", "no_gab")}
    failed = next(report for report in run.reports if report.failed)
    assert "sales.leads" in str(failed.longrepr)


def test_an_action_with_the_wrong_signature_is_an_adapter_error_pointing_to_the_schema(certify):
    run = certify("fake_adapters:wrong_signature", k="p2c_s1_01 and not no_gab")
    assert run.outcomes("adapter error") == {("p2c_s1_01", "gab")}
    failed = next(report for report in run.reports if report.failed)
    assert "does not take the contract's arguments" in str(failed.longrepr)
    assert "kit/schemas/v2/actions.json" in str(failed.longrepr)


def test_an_exception_that_says_nothing_is_an_adapter_error_all_the_same(certify):
    run = certify("fake_adapters:raises_without_a_message", k="p2c_s1_03")
    assert {row["outcome"] for row in run.rows} == {"adapter error"}
    assert {row["message"] for row in run.rows} == {""}


def test_an_adapter_skip_is_never_taken_for_not_applicable_whatever_its_words(certify):
    run = certify("fake_adapters:skips_contacts", k="p2c_s1_04")
    assert {row["outcome"] for row in run.rows} == {"skipped by adapter"}


def test_a_skip_of_the_adapters_own_is_never_taken_for_a_declared_gap_whatever_its_words(certify):
    """Only p2c_kit.Skipped declares a gap: pytest.skip, even in the words the kit gives a
    declared gap's reason, is a skip that fails the run."""
    run = certify("fake_adapters:skips_in_the_kits_words", k="p2c_s1_03")
    assert {row["outcome"] for row in run.rows} == {"skipped"}
    assert {row["message"] for row in run.rows} == {"skipped by the adapter: addresses come later"}
    assert run.exit_status == pytest.ExitCode.TESTS_FAILED
