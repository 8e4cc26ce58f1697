"""The specification as a pytest test module.

``pytest -p p2c_kit.plugin --pyargs p2c_kit.conformance`` runs it; ``p2c certify`` builds that
command here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path


def pytest_arguments(tests: Sequence[str] = ()) -> list[str]:
    """The pytest arguments that run the suite the same way wherever it is run: the kit's own
    configuration and plugins, whatever the current directory and environment hold.

    ``tests``: only these scenario runs, by the node id a results file gives each (``test``);
    every one by default.
    """
    # A node id is relative to this folder, the run's root (its pytest.ini); --pyargs takes a
    # module's name where a path would be.
    targets = [f"{__name__}.{test.replace('.py::', '::', 1)}" for test in tests]
    return [
        "--pyargs",
        *(targets or [__name__]),
        "-c",
        str(Path(__file__).with_name("pytest.ini")),
        # only the kit's own plugins: a certification does not depend on what else is installed
        # (nor pays for importing it); more with `p2c certify -- -p NAME`
        "--disable-plugin-autoload",
        "-p",
        "pytest_bdd.plugin",
        "-p",
        "p2c_kit.plugin",
        "-p",
        "no:cacheprovider",
    ]


def pytest_environment() -> dict[str, str]:
    """This process's environment but for what would change which tests run, and how
    (``PYTEST_ADDOPTS``, ``PYTEST_PLUGINS``): what a certification runs is the kit's to decide."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS")
    }


def pytest_command(arguments: list[str]) -> list[str]:
    """A fresh interpreter running pytest with ``arguments`` (with the current directory first on
    the path, as ``python -m`` puts it, so that an adapter module there is found)."""
    return [sys.executable, "-m", "pytest", *arguments]
