"""The code meets the house rules: ruff's lint and format, and mypy --strict on kit and rules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_ruff_finds_nothing_to_fix():
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout


def test_the_code_is_formatted():
    result = run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout


def test_kit_and_rules_are_fully_typed(tmp_path):
    # mypy finds packages on a path, not through the import hook of an editable install that maps
    # p2c_kit to kit/ and p2c_reference to rules/: it is given the same mapping as links
    (tmp_path / "p2c_kit").symlink_to(ROOT / "kit")
    (tmp_path / "p2c_reference").symlink_to(ROOT / "rules")
    result = run("mypy", env={**os.environ, "MYPYPATH": str(tmp_path)})
    assert result.returncode == 0, result.stdout
    assert "Success: no issues found" in result.stdout
