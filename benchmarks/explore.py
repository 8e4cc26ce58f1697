"""``p2c explore``: actions per second with every property checked, and what the default budget
finds against the reference.

    python benchmarks/explore.py                    speed, and 10 runs against the reference
    python benchmarks/explore.py --runs 0           speed only (about a minute)

Speed: the reference in-process (``p2c_reference:ReferenceAdapter``), then through the stdio
protocol (``python -m p2c_kit.serve``), alternately, each the median of the rounds; an action there
is one user action, with both systems queried after it and every explored property checked (the
contract's checks of every message included). The goal: at least 1,000 actions/s in-process on
two cores, that is with ``-n 2`` (two processes, each exploring half the sequences): the
figure for two cores is measured too, by running two explorations at once.

Evidence: ``--runs`` explorations of the reference with the default budget, each with a seed of
its own, in both deployments; each must find nothing (exit status 1 otherwise).
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from run import Row, machine, met  # the benchmarks' table and machine: benchmarks/run.py
from tabulate import tabulate

from p2c_kit._exploration import Options, explore
from p2c_kit._options import MAX_EXAMPLES
from p2c_kit._specification.properties import selected
from p2c_kit._transports.driver import Driver, load_adapter
from p2c_kit._transports.stdio import AdapterProcess

SERVE = f"{shlex.quote(sys.executable)} -m p2c_kit.serve"
GOAL = 1_000


def _rate(transport: str, deployment: str, max_examples: int, seed: int) -> tuple[int, float]:
    """Actions, and seconds, of one seeded exploration of the reference."""
    adapter = (
        load_adapter("p2c_reference:ReferenceAdapter")
        if transport == "in-process"
        else AdapterProcess(SERVE)
    )
    driver = Driver(adapter)
    try:
        options = Options(max_examples=max_examples, seed=seed)
        started = time.perf_counter()
        exploration = explore(driver, deployment, selected(deployment), options)
        seconds = time.perf_counter() - started
    finally:
        driver.stop()
    if exploration.failure is not None:
        raise SystemExit(f"the reference failed its exploration: {exploration.failure.message}")
    return exploration.tally.actions, seconds


def _found(seed: int) -> list[str]:
    """What the default budget finds against the reference with ``seed``, in each deployment."""
    driver = Driver(load_adapter("p2c_reference:ReferenceAdapter"))
    lines = []
    try:
        for deployment in ("gab", "no_gab"):
            exploration = explore(driver, deployment, selected(deployment), Options(seed=seed))
            failure = exploration.failure
            lines.append(
                f"seed {seed}, {deployment}: {exploration.tally.sequences} sequences, "
                f"{exploration.tally.actions:,} actions: "
                + (
                    "nothing found"
                    if failure is None
                    else f"FOUND {failure.kind}: {failure.message}"
                )
            )
    finally:
        driver.stop()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each speed figure")
    parser.add_argument("--max-examples", type=int, default=60, help="sequences per round")
    parser.add_argument(
        "--runs", type=int, default=10, help="default-budget runs against the reference"
    )
    options = parser.parse_args()
    print(f"machine: {machine()}")
    rates: dict[str, list[float]] = {"in-process": [], "stdio": []}
    for round_ in range(options.rounds):
        for transport in rates:
            actions, seconds = _rate(transport, "gab", options.max_examples, round_)
            rates[transport].append(actions / seconds)
    pair: list[float] = []
    for round_ in range(options.rounds):
        with ProcessPoolExecutor(2) as pool:
            started = time.perf_counter()
            results = list(
                pool.map(
                    _rate,
                    ["in-process"] * 2,
                    ["gab", "no_gab"],
                    [options.max_examples] * 2,
                    [round_, round_],
                )
            )
            wall = time.perf_counter() - started
        pair.append(sum(actions for actions, _ in results) / wall)
    in_process = statistics.median(rates["in-process"])
    two_cores = statistics.median(pair)
    rows: list[Row] = [
        ("explore", "in-process, one core: actions/s", f"{in_process:,.0f}", "", ""),
        (
            "explore",
            "in-process, two processes on two cores: actions/s",
            f"{two_cores:,.0f}",
            f">= {GOAL:,}",
            met(two_cores >= GOAL),
        ),
        (
            "explore",
            "stdio (p2c_kit.serve): actions/s",
            f"{statistics.median(rates['stdio']):,.0f}",
            "",
            "",
        ),
    ]
    print(tabulate(rows, headers=("benchmark", "figure", "value", "target", "met")))
    clean = True
    if options.runs:
        print(
            f"\nthe reference, the default budget ({MAX_EXAMPLES} sequences), {options.runs} seeds:"
        )
        with ProcessPoolExecutor(2) as pool:
            for lines in pool.map(_found, range(1, options.runs + 1)):
                for line in lines:
                    print(line)
                    clean = clean and line.endswith("nothing found")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
