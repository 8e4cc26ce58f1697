"""Installing the kit leaves other projects' pytest sessions alone: no markers, no options,
nothing of the kit imported; the plugin loads where it is asked for (``-p p2c_kit.plugin``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def pytest_in(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest in an unrelated project, with every installed plugin autoloaded as usual."""
    (project / "test_unrelated.py").write_text("def test_nothing():\n    pass\n")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
    )


def test_an_unrelated_project_s_pytest_shows_none_of_the_kit_s_markers_or_options(tmp_path):
    markers = pytest_in(tmp_path, "--markers").stdout
    assert "assumption_" not in markers and "requires_" not in markers
    assert "@pytest.mark.gab" not in markers and "@pytest.mark.negative" not in markers
    assert "--p2c" not in pytest_in(tmp_path, "--help").stdout


def test_an_unrelated_project_s_pytest_imports_nothing_of_the_kit(tmp_path):
    (tmp_path / "test_unrelated.py").write_text("def test_nothing():\n    pass\n")
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pytest", "-p", "no:cacheprovider", "-q"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 0, run.stdout
    imported = [line.split("|")[-1].strip() for line in run.stderr.splitlines() if "|" in line]
    assert "pytest" in imported  # -X importtime saw the session's imports
    assert not [name for name in imported if name.split(".")[0] in ("kit", "rules")]


def test_asking_for_the_plugin_gives_its_markers_and_options(tmp_path):
    assert "@pytest.mark.gab" in pytest_in(tmp_path, "-p", "p2c_kit.plugin", "--markers").stdout
    assert "--p2c-adapter" in pytest_in(tmp_path, "-p", "p2c_kit.plugin", "--help").stdout
