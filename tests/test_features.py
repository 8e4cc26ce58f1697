"""The specification's own hygiene: `p2c lint` finds nothing, and finds each kind of defect."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from p2c_kit import features_dir
from p2c_kit._commands.lint import lint
from p2c_kit._specification.features import feature_files, scenarios

P2C = str(Path(sys.executable).parent / "p2c")


def test_there_is_one_feature_per_documented_scenario_and_one_for_the_general_rules():
    names = [path.name for path in feature_files()]
    assert len(names) == 7
    assert "general_rules.feature" in names
    for number in range(1, 7):
        assert any(name.startswith(f"s{number}_") for name in names)


def test_ids_carry_the_code_of_their_feature():
    for info in scenarios().values():
        code = info.id.split("_")[1]
        assert info.path.name.startswith("general" if code == "gen" else code), info.id


def test_p2c_lint_finds_the_features_sound():
    result = subprocess.run([P2C, "lint"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("p2c lint: the features are sound: ")


def test_lint_reports_each_kind_of_defect(tmp_path):
    """A copy of the features with one defect of each kind: each is named, with its line."""
    copy = tmp_path / "features"
    shutil.copytree(features_dir(), copy)
    s1 = copy / "s1_scm_organization_prospect.feature"
    text = s1.read_text()
    text = text.replace("@p2c_s1_02\n", "@p2c_s1_01\n")  # a duplicate id
    text = text.replace("@p2c_s1_05\n", "@p2c_s1_05 @slow\n")  # a tag outside the vocabulary
    text = text.replace(
        "Scenario: Converting the prospect retires it",
        "Scenario: Converting the prospect should retire it",
    )
    text = text.replace(
        "Customer group is defaulted into the process from the\n",
        "Customer group is chosen in the process from the\n",
    )  # a misquotation
    text = text.replace(
        "Then the prospect in SCM is retired\n", "Then the prospect in SCM is archived\n"
    )  # a step with no definition
    s1.write_text(text)
    (copy / "s5_quotation_from_scm.feature").write_text("Scenario: without a feature\n")
    problems = "\n".join(lint(copy))
    assert "id @p2c_s1_01 is used already" in problems
    assert "tag @slow is not in the vocabulary" in problems
    assert "the title says 'should'" in problems
    assert 'the document does not say "customer group is chosen' in problems
    assert "no step definition for Then 'the prospect in SCM is archived'" in problems
    assert "s5_quotation_from_scm.feature: does not parse" in problems
    assert "is used by no scenario" in problems  # the Then no scenario uses any more


@pytest.mark.parametrize(
    ("feature", "row", "misspelt", "step", "line"),
    [
        (  # one of a list of values
            "general_rules.feature",
            "| scm_orgs_gab | organizations in SCM |",
            "| scm_orgs_gab | organisations in SCM |",
            "When 'the user creates two prospects of each of these kinds, taking turns between "
            "them: organisations in SCM' (Examples row scm_orgs_gab, line 92: <kinds> = "
            "'organisations in SCM')",
            76,
        ),
        (  # a value some step would dispatch on at run time
            "s1_scm_organization_prospect.feature",
            "| gab  | Associated contacts tab of the account |",
            "| gab  | Associated contact tab of the account |",
            "Then 'the contact person surfaces in Sales in the Associated contact tab of the "
            "account' (Examples row gab, line 77: <place> = 'Associated contact tab of the "
            "account')",
            72,
        ),
        (  # a value in another case: the step language is case-sensitive
            "s2_sales_account_prospect.feature",
            "| no_gab | on the Summary tab | none          |",
            "| no_gab | on the summary tab | none          |",
            "When 'the user adds a delivery address and an invoice address to the prospect in "
            "Sales on the summary tab' (Examples row no_gab, line 61: <where> = 'on the summary "
            "tab')",
            50,
        ),
    ],
)
def test_p2c_lint_rejects_a_misspelt_examples_value(tmp_path, feature, row, misspelt, step, line):
    """A value outside the vocabulary of the placeholder it fills matches no step definition, so
    `p2c lint` names it, with the step's line, and the Examples row's line and value."""
    copy = tmp_path / "features"
    shutil.copytree(features_dir(), copy)
    path = copy / feature
    path.write_text(path.read_text().replace(row, misspelt, 1))  # the first Examples row so
    result = subprocess.run([P2C, "lint", str(copy)], capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout
    problems = result.stdout.splitlines()
    assert problems[0] == f"{feature}:{line}: no step definition for {step}"
    # and whatever else follows from a step that matches nothing (a Then that looks at nothing)
    assert problems[-1] == f"p2c lint: {len(problems) - 1} problems"


def _without(folder: Path, scenario_id: str) -> None:
    """Delete one scenario, tags to the next scenario's tags, from its feature file."""
    for path in folder.glob("*.feature"):
        text = path.read_text()
        start = text.find(f"  @{scenario_id}")
        if start >= 0:
            end = text.find("\n  @p2c_", start + 1)
            path.write_text(text[:start] + (text[end + 1 :] if end >= 0 else ""))
            return
    raise AssertionError(f"no scenario {scenario_id}")


@pytest.mark.parametrize("scenario_id", ["p2c_gen_03", "p2c_s1_09", "p2c_s5_07", "p2c_s6_02"])
def test_deleting_a_scenario_breaks_the_requirements_trace(tmp_path, scenario_id):
    copy = tmp_path / "features"
    shutil.copytree(features_dir(), copy)
    _without(copy, scenario_id)
    assert f"{scenario_id} is no scenario of the features" in "\n".join(lint(copy))


def test_every_requirement_of_the_trace_is_atomic_and_sourced():
    """Over sixty requirements, each quoting one sentence or less of the document."""
    import tomllib

    entries = tomllib.loads((features_dir() / "requirements.toml").read_text())["requirement"]
    assert len(entries) > 60
    assert all(len(entry["quote"]) < 250 for entry in entries)
