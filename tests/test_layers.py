"""The layers of the kit, as import-linter contracts (``[tool.importlinter]`` in
pyproject.toml): the reference uses the kit's public API only; reports depend on results only
(no adapter, driver, step, transport, nor pytest); the commands over the plugin and the
conformance module, over the exploration, over the steps, over the specification; steps over the
driver over the transports over the contract; the options table imports no command, no
exploration, no report renderer and no pytest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def lint_imports(*config: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", *config],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_every_layer_contract_is_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(" KEPT") == 5 and "BROKEN" not in result.stdout


def test_a_contract_the_code_breaks_is_reported_broken(tmp_path):
    """The contracts are checked against the real import graph: one the code breaks fails."""
    config = tmp_path / "broken.toml"
    config.write_text(
        '[tool.importlinter]\nroot_packages = ["p2c_kit", "p2c_reference"]\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "pages without the report model"\n'
        'type = "forbidden"\n'
        'source_modules = ["p2c_kit._reports.html"]\n'
        'forbidden_modules = ["p2c_kit._reports.tables"]\n'
    )
    result = lint_imports(str(config))
    assert result.returncode == 1 and "BROKEN" in result.stdout
    assert "p2c_kit._reports.html is not allowed to import p2c_kit._reports.tables" in result.stdout
