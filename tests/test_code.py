"""The code meets the house rules: ruff's lint and format, and mypy --strict on kit and rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_finds_nothing_to_fix():
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout


def test_the_code_is_formatted():
    result = run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout


def test_kit_and_rules_are_fully_typed():
    result = run("mypy")
    assert result.returncode == 0, result.stdout
