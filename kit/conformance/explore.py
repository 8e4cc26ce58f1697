"""``p2c explore`` as a pytest test: one test per deployment (and per shard of it, for
pytest-xdist's ``-n``).

Run it with ``p2c explore``, or ``pytest --pyargs p2c_kit.conformance.explore -p p2c_kit.plugin
--p2c-adapter module:factory`` (options: ``pytest --help``, group p2c-kit). It is not a
``test_*.py`` module: a certification run does not collect it.
"""

from __future__ import annotations

import hashlib
import json
import math
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from p2c_kit._contract.adapter import DEPLOYMENTS, Deployment
from p2c_kit._exploration import Options, explore, failure_text
from p2c_kit._progress import progress_bar
from p2c_kit._resources import cache_dir
from p2c_kit._specification.properties import selected
from p2c_kit._transports.driver import Driver

if TYPE_CHECKING:
    from typing import Never

    from tqdm import tqdm


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "p2c_exploration" not in metafunc.fixturenames:
        return
    config = metafunc.config
    deployments = config.getoption("p2c_deployment") or list(DEPLOYMENTS)
    shards = config.getoption("p2c_shards")
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


def _database(adapter_option: str, driver: Driver, deployment: str) -> Path:
    """Where the failures found for this adapter and implementation are kept: an example
    database of their own in the user's cache, not one any other adapter's failures replay in."""
    implementation = driver.implementation
    name = f"{adapter_option}\n{implementation['name']}\n{implementation['version']}"
    return cache_dir() / "explore" / hashlib.sha256(name.encode()).hexdigest()[:16] / deployment


class _PastCapture:
    """stderr as pytest's own live logging writes to it: past the capture."""

    # CaptureManager's global_and_fixture_disabled, not public: how pytest's own live logging
    # writes past the capture. The public capsys.disabled() does the same, but requesting capsys
    # would capture what an in-process adapter prints into the fixture, out of the test's report.

    def __init__(self, capture: Any) -> None:  # pytest's CaptureManager: not in its public API
        self._capture = capture

    def write(self, text: str) -> None:
        with self._capture.global_and_fixture_disabled():
            sys.stderr.write(text)

    def flush(self) -> None:
        with self._capture.global_and_fixture_disabled():
            sys.stderr.flush()

    def isatty(self) -> bool:
        with self._capture.global_and_fixture_disabled():
            return sys.stderr.isatty()


def _progress(config: pytest.Config, label: str, total: int) -> tqdm[Never]:
    """A progress bar on the terminal, outside pytest's capture; none drawn in an xdist worker or
    when stderr is no terminal."""
    capture = config.pluginmanager.getplugin("capturemanager")
    in_worker = hasattr(config, "workerinput")
    stream = None if capture is None or in_worker else _PastCapture(capture)
    return progress_bar(label, total, "sequences", stream)


def test_explore(
    p2c_exploration: tuple[Deployment, int, int],
    p2c_driver: Driver,
    p2c_adapter_option: str,
    request: pytest.FixtureRequest,
    record_property: object,
) -> None:
    deployment, shard, shards = p2c_exploration
    config = request.config
    record_property("p2c_implementation", json.dumps(p2c_driver.implementation))  # type: ignore[operator]
    if deployment not in p2c_driver.capabilities:
        pytest.skip(f"the adapter does not declare the {deployment} deployment")
    derandomize = config.getoption("p2c_derandomize")
    seed = None if derandomize else config.getoption("p2c_seed")
    options = Options(
        max_examples=math.ceil(config.getoption("p2c_max_examples") / shards),
        steps=config.getoption("p2c_steps"),
        seed=seed,
        derandomize=derandomize,
        database=_database(p2c_adapter_option, p2c_driver, deployment),
        shard=(shard, shards),
    )
    markexpr = config.getoption("p2c_markexpr")
    properties = selected(deployment, markexpr)
    with _progress(config, f"explore {deployment}", options.max_examples) as progress:
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
    entry = exploration.as_json(reproduce, markexpr)
    record_property("p2c_explored", json.dumps(entry))  # type: ignore[operator]
    if exploration.failure is not None:
        pytest.fail(failure_text(exploration, reproduce), pytrace=False)
