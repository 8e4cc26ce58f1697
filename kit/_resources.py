"""Where the kit's data lives: the features, the master data and the JSON Schemas.

In a source checkout ``features/`` and ``fixtures/`` sit beside ``kit/``; the wheel carries them
inside ``kit/`` (see ``pyproject.toml``). Every other module asks here.
"""

from __future__ import annotations

import os
from pathlib import Path

_KIT = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    for candidate in (_KIT / name, _KIT.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"p2c-kit is installed without its {name}/ folder (looked in {_KIT})")


def features_dir() -> Path:
    """The folder of the Gherkin features."""
    return _data_dir("features")


def fixtures_dir() -> Path:
    """The folder of the master data."""
    return _data_dir("fixtures")


def schemas_dir() -> Path:
    """The folder of the JSON Schemas, one subfolder per contract version."""
    return _KIT / "schemas"


def cache_dir() -> Path:
    """The kit's folder in the user's cache directory (``$XDG_CACHE_HOME``, else ``~/.cache``)."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "p2c-kit"
