"""Known failures (--known-failing) and certification runs (--certify)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

P2C = str(Path(sys.executable).parent / "p2c")
JAVASCRIPT = Path(__file__).parent.parent / "examples" / "javascript" / "adapter.mjs"


def p2c(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [P2C, "certify", *args], capture_output=True, text=True, cwd=tmp_path, check=False
    )


def known(tmp_path: Path, text: str) -> str:
    path = tmp_path / "known.toml"
    path.write_text(text)
    return str(path)


QUOTE_WON = """
[[known_failing]]
id = "p2c_s5_07"
reason = "the quote status reaches Sales in release 2.1"
issue = "https://example.org/issues/12"
"""


def test_a_listed_scenario_that_fails_is_a_known_failure_and_the_run_passes(tmp_path):
    result = p2c(
        tmp_path,
        "--adapter",
        "p2c_reference.mutants:quote_not_marked_won",
        "-k",
        "p2c_s5",
        "--known-failing",
        known(tmp_path, QUOTE_WON),
        "--output",
        "r.json",
    )
    assert result.returncode == 0, result.stdout
    assert "2 known failures, 0 stale" in result.stdout
    rows = [
        s
        for s in json.loads((tmp_path / "r.json").read_text())["scenarios"]
        if s["id"] == "p2c_s5_07"
    ]
    assert {(row["outcome"], row["known_failure"]) for row in rows} == {
        ("failed", "the quote status reaches Sales in release 2.1 (https://example.org/issues/12)")
    }


def test_a_listed_scenario_that_passes_fails_the_run_as_stale(tmp_path):
    result = p2c(tmp_path, "-k", "p2c_s5_07", "--known-failing", known(tmp_path, QUOTE_WON))
    assert result.returncode == 1
    assert "0 known failures, 2 stale (listed, but passed)" in result.stdout
    assert "STALE known failure" in result.stdout


def test_a_known_failing_file_naming_no_scenario_is_a_usage_error(tmp_path):
    text = '[[known_failing]]\nid = "p2c_s9_99"\nreason = "typo"\n'
    result = p2c(tmp_path, "--known-failing", known(tmp_path, text))
    assert result.returncode == 2
    assert "entry 1: no scenario 'p2c_s9_99'" in result.stdout + result.stderr


def test_a_malformed_known_failing_file_is_a_usage_error(tmp_path):
    result = p2c(tmp_path, "--known-failing", known(tmp_path, "[[known_failing]\nid ="))
    assert result.returncode == 2
    assert "not valid TOML" in result.stdout + result.stderr


#: What a certification run refuses, as p2c certify and as the plugin name it.
REFUSED = [
    ("--known-failing", "--p2c-known-failing", "known.toml"),
    ("-k", "-k", "p2c_s1_01"),
    ("-m", "-m", "gab"),
    ("--features", "--p2c-features", "explored.feature"),
]


@pytest.mark.parametrize(("option", "_", "value"), REFUSED)
def test_a_certification_run_refuses_a_selection_in_one_line(tmp_path, option, _, value):
    result = p2c(tmp_path, "--certify", option, value)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "p2c: error: --certify: a certification run takes every scenario of the specification as "
        f"it is: no {option}"
    ]


@pytest.mark.parametrize(("_", "option", "value"), REFUSED)
def test_a_certification_through_plain_pytest_refuses_a_selection_in_one_line(
    tmp_path, _, option, value
):
    """The plugin refuses what p2c certify does, from the same check."""
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-p", "p2c_kit.plugin"),
            *("--pyargs", "p2c_kit.conformance", "--p2c-certify", option, value),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 4  # pytest's usage error
    assert result.stderr.strip().splitlines() == [
        "ERROR: p2c-kit: --p2c-certify: a certification run takes every scenario of the "
        f"specification as it is: no {option}"
    ]


def test_a_certification_run_fails_when_the_adapter_skips(tmp_path):
    result = p2c(tmp_path, "--certify", "--adapter-cmd", f"node {JAVASCRIPT}")
    assert result.returncode == 1
    assert "certification refused: 40 skipped by adapter" in result.stdout


def test_a_certification_run_of_the_reference_passes(reference_certified):
    # p2c certify --certify (--output certified.json), made once for the session
    assert reference_certified.result.returncode == 0, reference_certified.result.stdout


def test_a_known_failure_entry_does_not_hide_an_adapter_error(tmp_path):
    listed = known(tmp_path, '[[known_failing]]\nid = "p2c_s1_04"\nreason = "contacts"\n')
    result = subprocess.run(
        [
            P2C,
            "certify",
            "--adapter",
            "fake_adapters:raises_on_contacts",
            "-k",
            "p2c_s1_04",
            "--known-failing",
            listed,
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
        check=False,
    )
    assert result.returncode == 1, result.stdout
    assert "2 adapter error; 0 known failures" in result.stdout


def test_a_certification_run_fails_when_the_adapter_skips_in_words_of_not_applicable(tmp_path):
    result = subprocess.run(
        [P2C, "certify", "--certify", "--adapter", "fake_adapters:skips_contacts"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
        check=False,
    )
    assert result.returncode == 1
    assert "certification refused" in result.stdout


def test_a_missing_known_failing_file_is_a_usage_error(tmp_path):
    result = p2c(tmp_path, "--known-failing", str(tmp_path / "absent.toml"))
    assert result.returncode == 2
    assert "absent.toml: cannot read it (No such file or directory)" in (
        result.stdout + result.stderr
    )
    assert "Traceback" not in result.stdout + result.stderr
