"""The p2c command, run as a user runs it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from p2c_kit._specification.features import ASSUMPTIONS, scenarios

ROOT = Path(__file__).resolve().parent.parent


#: The installed console script, as a user runs it.
P2C = str(Path(sys.executable).parent / "p2c")


def p2c(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([P2C, *args], capture_output=True, text=True, cwd=cwd, check=False)


def test_help_names_the_commands_and_certify_help_explains_the_adapter():
    commands = re.findall(r"\b(certify|scenarios)\b", p2c("--help").stdout)
    assert {"certify", "scenarios"} <= set(commands)
    text = p2c("certify", "--help").stdout
    assert "MODULE:FACTORY" in text and "p2c_reference:ReferenceAdapter" in text
    assert "Exit status" in text and "p2c certify -k p2c_s1_03" in text


def test_version_names_kit_specification_and_contract():
    assert re.match(
        r"p2c-kit \S+ \(specification \S+, adapter contract v2\)", p2c("--version").stdout
    )


def test_an_adapter_that_does_not_import_is_a_one_line_usage_error():
    result = p2c("certify", "--adapter", "no_such_module:factory")
    assert result.returncode == 2
    assert result.stderr.startswith("p2c: error: adapter 'no_such_module:factory': cannot import")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_malformed_adapter_name_is_a_usage_error():
    result = p2c("certify", "--adapter", "rules")  # no name an installed package gives
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "it is no 'package.module:factory'" in result.stderr
    result = p2c("certify", "--adapter", "rules:")
    assert result.returncode == 2
    assert "expected 'package.module:factory'" in result.stderr


def test_certify_from_any_directory_ignores_that_directory_s_pytest_configuration(tmp_path):
    """The certification uses the kit's own pytest settings, whatever the current directory has."""
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = --no-such-option\n")
    result = p2c("certify", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "p2c-kit scenarios" in result.stdout
    table_ids = set(re.findall(r"^(p2c_\w+)\s", result.stdout, re.MULTILINE))
    assert table_ids == set(scenarios())
    assert "seed 0; reproduce with p2c certify --adapter reference --seed 0" in (result.stdout)


def test_a_failing_certification_exits_1_and_shows_how_to_reproduce(tmp_path):
    result = p2c(
        "certify",
        "--adapter",
        "p2c_reference.mutants:quote_not_marked_won",
        "-k",
        "p2c_s5_07",
        "--seed",
        "3",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert re.search(r"^p2c_s5_07\s.*\sfailed$", result.stdout, re.MULTILINE)
    assert "failing step: Then the quote in Sales is Won" in result.stdout
    assert "actual:   status active" in result.stdout
    assert (
        "reproduce:    p2c certify --adapter p2c_reference.mutants:quote_not_marked_won "
        "-k p2c_s5_07 --seed 3"
    ) in result.stdout


def test_the_readme_lists_every_scenario_as_p2c_scenarios_prints_them():
    listing = p2c("scenarios", "--format", "markdown").stdout.strip()
    assert listing in (ROOT / "README.md").read_text(), (
        "README's scenario list is stale: paste `p2c scenarios --format markdown`"
    )


def test_an_adapter_that_cannot_start_is_a_usage_error_naming_the_cause(tmp_path):
    result = p2c(
        "certify", "--adapter", "fake_adapters:crashes_on_start", cwd=Path(__file__).parent
    )
    assert result.returncode == 2
    assert "the factory raised ConnectionError('the middleware is not reachable')" in (
        result.stdout + result.stderr
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_an_adapter_version_that_names_no_release_is_a_usage_error():
    result = p2c("certify", "--adapter", "fake_adapters:bad_version", cwd=Path(__file__).parent)
    assert result.returncode == 2
    assert "start returned an invalid implementation: $.version" in result.stdout + result.stderr


def test_the_readme_lists_every_reading_of_the_kit():
    readme = (ROOT / "README.md").read_text()
    for tag, reading in ASSUMPTIONS.items():
        assert f"- `{tag}`: {reading}." in readme, tag


def test_an_adapter_with_a_syntax_error_is_a_one_line_usage_error(tmp_path):
    (tmp_path / "broken.py").write_text("def start(self)\n    pass\n")
    result = p2c("certify", "--adapter", "broken:Adapter", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("p2c: error: adapter 'broken:Adapter': importing 'broken'")
    assert "SyntaxError" in result.stderr and "Traceback" not in result.stderr


def test_a_rules_module_or_kit_package_in_the_current_directory_does_not_shadow_the_kit(tmp_path):
    (tmp_path / "rules.py").write_text("RULES = 'not the kit'\n")
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "__init__.py").write_text("")
    result = p2c("certify", "-k", "p2c_gen_03", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "p2c-kit: 2 passed" in result.stdout


def test_a_selection_that_matches_no_scenario_is_a_usage_error(tmp_path):
    result = p2c("certify", "-k", "p2c_nothing_99", cwd=tmp_path)
    assert result.returncode == 2
    assert "no scenario matches" in result.stderr


def test_certify_quiet_prints_the_kit_s_summary_lines_only(tmp_path):
    result = p2c("certify", "-q", "-k", "p2c_s1_01", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "p2c-kit scenarios" not in result.stdout
    summaries = [line for line in result.stdout.splitlines() if " passed" in line]
    assert summaries == [summaries[0]] and summaries[0].startswith("p2c-kit: 2 passed in ")


def test_certify_prints_one_summary_line_the_kit_s_with_its_time(tmp_path):
    result = p2c("certify", "-k", "p2c_s1_01", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "p2c-kit scenarios" in result.stdout  # the table, this time
    summaries = [
        line for line in result.stdout.splitlines() if re.search(r"passed.* in [\d.]+ ?s$", line)
    ]
    assert len(summaries) == 1 and re.fullmatch(r"p2c-kit: 2 passed in \d+\.\d\d s", summaries[0])
