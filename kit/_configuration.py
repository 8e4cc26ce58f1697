"""The configuration a scenario starts from: the master data of ``fixtures/master_data.toml``,
the deployment, and whatever the scenario's Given steps change."""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from typing import Any

from kit._contract import Configuration, Deployment
from kit._resources import fixtures_dir


@cache
def _master_data() -> dict[str, Any]:
    with (fixtures_dir() / "master_data.toml").open("rb") as file:
        return tomllib.load(file)


def configuration(deployment: Deployment) -> Configuration:
    """A fresh, mutable configuration for one scenario."""
    data = copy.deepcopy(_master_data())
    return {
        "deployment": deployment,
        "scm": {**data["scm"], "customers": []},
        "sales": data["sales"],
        "items": data["items"],
    }
