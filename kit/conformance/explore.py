"""``p2c explore`` as a pytest test: one test per deployment (and per shard of it, for
pytest-xdist's ``-n``).

Run it with ``p2c explore``, or ``pytest --pyargs kit.conformance.explore -p kit.plugin
--p2c-adapter module:factory`` (options: ``pytest --help``, group p2c-kit). It is not a
``test_*.py`` module: a certification run does not collect it.
"""

from __future__ import annotations

import hashlib
import json
import math
import shlex
import sys

import pytest

from kit._contract import DEPLOYMENTS, Deployment
from kit._driver import Driver
from kit._explore import Options, Progress, explore, failure_text
from kit._properties import selected


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "p2c_exploration" not in metafunc.fixturenames:
        return
    config = metafunc.config
    deployments = config.getoption("p2c_deployment") or list(DEPLOYMENTS)
    shards = config.getoption("p2c_shards")
    if shards < 1:
        raise pytest.UsageError(f"--p2c-shards {shards}: at least one")
    metafunc.parametrize(
        "p2c_exploration",
        [
            pytest.param(
                (deployment, shard, shards),
                marks=getattr(pytest.mark, deployment),
                id=f"{deployment}-{shard + 1}of{shards}",
            )
            for deployment in dict.fromkeys(deployments)
            for shard in range(shards)
        ],
    )


def _seed(seed: int, deployment: str, shard: int, shards: int) -> int:
    """The Hypothesis seed of one shard: the run's seed, told apart by deployment and shard."""
    text = f"p2c explore {seed} {deployment} {shard}/{shards}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def test_explore(
    p2c_exploration: tuple[Deployment, int, int],
    p2c_driver: Driver,
    p2c_adapter_option: str,
    request: pytest.FixtureRequest,
    record_property: object,
) -> None:
    deployment, shard, shards = p2c_exploration
    config = request.config
    if deployment not in p2c_driver.capabilities:
        pytest.skip(f"the adapter does not declare the {deployment} deployment")
    derandomize = config.getoption("p2c_derandomize")
    seed = config.getoption("p2c_seed")
    options = Options(
        max_examples=math.ceil(config.getoption("p2c_max_examples") / shards),
        steps=config.getoption("p2c_steps"),
        seed=None if derandomize else _seed(seed, deployment, shard, shards),
        derandomize=derandomize,
    )
    markexpr = config.getoption("p2c_markexpr")
    properties = selected(deployment, markexpr)
    shown = hasattr(config, "workerinput") is False and config.getoption("capture") != "no"
    # on the terminal itself: pytest captures sys.stderr
    terminal = sys.__stderr__
    shown = shown and terminal is not None
    progress = Progress(
        terminal or sys.stderr, shown, f"explore {deployment}", options.max_examples
    )
    exploration = explore(p2c_driver, deployment, properties, options, progress)
    reproduce = " ".join(
        [
            "p2c explore",
            p2c_adapter_option,
            f"--deployment {deployment}",
            "--derandomize" if derandomize else f"--seed {seed}",
            f"--max-examples {config.getoption('p2c_max_examples')}",
            f"--steps {options.steps}",
            *([f"-n {shards}"] if shards > 1 else []),
            *([f"-m {shlex.quote(markexpr)}"] if markexpr else []),
        ]
    )
    entry = exploration.as_json(reproduce, f"{shard + 1}/{shards}", markexpr)
    entry["implementation"] = dict(p2c_driver.implementation)
    record_property("p2c_explored", json.dumps(entry))  # type: ignore[operator]
    if exploration.failure is not None:
        pytest.fail(failure_text(exploration, reproduce), pytrace=False)
