"""Adapters by name: an installed package names its adapter in the entry-point group
``p2c.adapters``; ``p2c adapters`` lists them and ``--adapter NAME`` certifies one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# also run on Python 3.12 and 3.13 by .ci/run
pytestmark = pytest.mark.smoke

P2C = str(Path(sys.executable).parent / "p2c")
MINIMAL = Path(__file__).parent.parent / "examples" / "minimal_adapter.py"


def p2c(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``p2c`` with ``site`` on the Python path, as if its packages were installed."""
    environment = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [P2C, *args], capture_output=True, text=True, cwd=site, env=environment, check=False
    )


def install(site: Path, package: str, entry_points: dict[str, str]) -> None:
    """A package's metadata in ``site``, naming ``entry_points`` (name: module:factory) in the
    group p2c.adapters, as pip installs it; and the minimal example as its module."""
    shutil.copy(MINIMAL, site / "minimal_adapter.py")
    info = site / f"{package.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[p2c.adapters]\n" + "".join(f"{name} = {value}\n" for name, value in entry_points.items())
    )


def test_p2c_adapters_lists_the_reference_and_each_installed_package_s_adapter(tmp_path):
    install(tmp_path, "my-sync", {"minimal": "minimal_adapter:MinimalAdapter"})
    result = p2c(tmp_path, "adapters")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[2:] if line.strip()]
    assert ["minimal", "minimal_adapter:MinimalAdapter", "my-sync", "1.0"] in rows
    assert any(
        row[:3] == ["reference", "p2c_reference:ReferenceAdapter", "p2c-kit"] for row in rows
    )


def test_an_installed_package_s_adapter_is_certified_by_its_name(tmp_path):
    install(tmp_path, "my-sync", {"minimal": "minimal_adapter:MinimalAdapter"})
    result = p2c(tmp_path, "certify", "--adapter", "minimal", "-q", "-k", "p2c_s1_01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "p2c-kit: 1 passed, 1 not applicable in " in result.stdout  # it declares GAB only
    assert "reproduce with p2c certify --adapter minimal --seed 0" in result.stdout


def test_the_reference_is_certified_by_its_name(tmp_path):
    result = p2c(tmp_path, "certify", "--adapter", "reference", "-q", "-k", "p2c_s1_01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "p2c-kit: 2 passed in " in result.stdout


def test_a_name_no_package_gives_is_one_line_naming_those_installed(tmp_path):
    result = p2c(tmp_path, "certify", "--adapter", "refrence")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "adapter 'refrence': no installed package names an adapter so" in result.stderr
    assert "(installed: reference;" in result.stderr


def test_a_name_two_packages_give_to_different_adapters_must_be_given_as_a_factory(tmp_path):
    install(tmp_path, "my-sync", {"sync": "minimal_adapter:MinimalAdapter"})
    other = tmp_path / "other"
    other.mkdir()
    install(other, "their-sync", {"sync": "their_adapter:Adapter"})
    for entry in other.iterdir():  # both packages in one site
        if entry.suffix == ".dist-info":
            entry.rename(tmp_path / entry.name)
    result = p2c(tmp_path, "certify", "--adapter", "sync")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "installed packages give this name to 'minimal_adapter:MinimalAdapter' and" in (
        result.stderr
    )
    assert "name the one to certify as 'package.module:factory'" in result.stderr
