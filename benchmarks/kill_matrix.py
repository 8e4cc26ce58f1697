"""The kill matrix: how long ``p2c kill-matrix`` takes, whole, with one worker and with two.

    python benchmarks/kill_matrix.py               every mutant, three rounds (about 5 minutes)
    python benchmarks/kill_matrix.py --rounds 1 --mutant quote_not_marked_won   a try

Each round runs the whole command (start-up, a worker's certification of the reference, every
mutant) with one worker, then with two; each time is the median of the rounds. Before each round,
two busy loops at once against one say how many cores were free: on a shared machine two workers
can go no faster than that. The fixed part,
what a matrix of one small mutant costs, gives the time per mutant. The target: the whole matrix,
at least 150 mutants, in at most 60 s with two workers on two cores. Every run must kill the same
mutants (the first killing scenario found may differ: each worker tries first the scenarios that
killed most mutants it certified so far): the exit status is 1 when they do not.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import Row, machine, met  # the benchmarks' table and machine: benchmarks/run.py
from tabulate import tabulate

P2C = str(Path(sys.executable).parent / "p2c")  # the p2c of this interpreter's environment
#: A mutant that a single scenario run certifies: its matrix is the fixed part of every matrix.
SMALLEST = "address_lookup_without_gab"
TARGET_MUTANTS, TARGET_SECONDS = 150, 60.0


def timed_matrix(workers: int, mutants: list[str]) -> tuple[float, dict[str, bool]]:
    """The wall time of ``p2c kill-matrix`` and whether it killed each mutant."""
    selection = [argument for name in mutants for argument in ("--mutant", name)]
    started = time.perf_counter()
    result = subprocess.run(
        [P2C, "kill-matrix", "-n", str(workers), "--format", "json", *selection],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if result.returncode not in (0, 1):  # 1: a survivor, or a requirement without a mutant
        status = f"exit status {result.returncode}"
        raise SystemExit(f"p2c kill-matrix -n {workers}: {status}\n{result.stderr}")
    rows = json.loads(result.stdout)["rows"]
    return wall, {row["mutant"]: row["killed"] for row in rows if row["mutant"]}


def free_cores() -> float:
    """How many busy processes the machine runs as fast as one, now: two CPU-bound loops at once
    against one alone (2.0 on two idle cores; about 1.0 when another job holds one of them)."""
    loop = [sys.executable, "-c", "for _ in range(20_000_000): pass"]
    started = time.perf_counter()
    subprocess.run(loop, check=True)
    alone = time.perf_counter() - started
    started = time.perf_counter()
    for process in [subprocess.Popen(loop), subprocess.Popen(loop)]:
        process.wait()
    return 2 * alone / (time.perf_counter() - started)


def kill_matrix_rows(mutants: list[str], rounds: int) -> list[Row]:
    """The figures of the kill matrix (every mutant, or those named), for the benchmarks' table."""
    times: dict[int, list[float]] = {1: [], 2: []}
    matrices = []
    cores = []
    for _ in range(rounds):
        cores.append(free_cores())
        for workers in (1, 2):
            wall, killed = timed_matrix(workers, mutants)
            times[workers].append(wall)
            matrices.append(killed)
    fixed = statistics.median(timed_matrix(1, [SMALLEST])[0] for _ in range(rounds))
    one, two = (statistics.median(times[workers]) for workers in (1, 2))
    count = len(matrices[0])
    what = f"{count} mutants" if mutants else f"every mutant ({count})"
    rows: list[Row] = [
        ("kill matrix", f"{what}, one worker", f"{one:.1f} s", "", ""),
        ("", f"{what}, two workers", f"{two:.1f} s", "", ""),
        ("", "speed-up with two workers", f"{one / two:.2f}", ">= 1.5", met(one / two >= 1.5)),
        (
            "",
            "cores free meanwhile: two busy loops at once ÷ one",
            " / ".join(f"{free:.2f}" for free in cores),
            "",
            "",
        ),
        ("", "fixed part: start-up, the reference, one small mutant", f"{fixed:.1f} s", "", ""),
    ]
    if not mutants:  # a few mutants say nothing of the whole matrix
        per_mutant = max(two - fixed, 0.0) / count
        rows += [
            ("", "two workers: seconds per further mutant", f"{per_mutant:.2f} s", "", ""),
            (
                "",
                f"the whole matrix (at least {TARGET_MUTANTS} mutants), two workers",
                f"{two:.1f} s",
                f"<= {TARGET_SECONDS:.0f} s",
                met(count >= TARGET_MUTANTS and two <= TARGET_SECONDS),
            ),
        ]
    agree = all(matrix == matrices[0] for matrix in matrices)
    verdicts = "the same" if agree else "DIFFERENT"
    return [*rows, ("", "mutants killed, every run", verdicts, "the same", met(agree))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each time a median (3)")
    parser.add_argument(
        "--mutant", action="append", default=[], help="only this mutant (repeatable)"
    )
    options = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    rows = kill_matrix_rows(options.mutant, options.rounds)
    print(tabulate(rows, headers=("benchmark", "figure", "value", "target", "met")))
    return 0 if rows[-1][2] == "the same" else 1  # a slow machine is no failure; a disagreement is


if __name__ == "__main__":
    sys.exit(main())
