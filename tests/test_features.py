"""The specification's own hygiene: `p2c lint` finds nothing, and finds each kind of defect."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from p2c_kit import features_dir
from p2c_kit._features import feature_files, scenarios
from p2c_kit._lint import lint

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
