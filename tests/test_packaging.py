"""The wheel carries the features, the rules and the fixtures under the kit's two import names,
and works on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("p2c_kit-*.whl")
    return built


def test_the_wheel_carries_features_rules_fixtures_schemas_and_the_plugin(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    features = {name for name in names if name.startswith("p2c_kit/features/")}
    assert {Path(name).name for name in features} == {
        path.name for path in (ROOT / "features").iterdir()
    }
    assert "p2c_kit/fixtures/master_data.toml" in names
    assert {
        "p2c_reference/_sync.py",
        "p2c_reference/_engine.py",
        "p2c_reference/mutants.py",
        "p2c_reference/py.typed",
    } <= names
    assert {
        "p2c_kit/py.typed",
        "p2c_kit/plugin.py",
        "p2c_kit/steps.py",
        "p2c_kit/conformance/pytest.ini",
        "p2c_kit/schemas/v2/records.json",
        "p2c_kit/schemas/v2/actions.json",
        "p2c_kit/schemas/v2/bundled/results.json",
    } <= names
    # two import names, both distinctive: nothing called kit or rules to collide with
    assert {name.split("/")[0] for name in names if ".dist-info/" not in name} == {
        "p2c_kit",
        "p2c_reference",
    }
    assert any(name.startswith("p2c_reference/_pyeval_callobject.") for name in names)
    [entry_points] = [name for name in names if name.endswith("entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert (
        "p2c = p2c_kit._commands.cli:main" in text
        and "reference = p2c_reference:ReferenceAdapter" in text
    )
    assert "pytest11" not in text  # the plugin loads only where it is asked for


def test_the_installed_wheel_certifies_the_reference_from_an_unrelated_directory(wheel, tmp_path):
    """pip install of the wheel alone, then p2c certify elsewhere: every scenario passes."""
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [str(environment / "bin" / "p2c"), "certify"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "passed" in result.stdout and "failed" not in result.stdout
    assert str(ROOT) not in result.stdout  # ran the installed copy, not this checkout
