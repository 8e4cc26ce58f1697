"""Stress: is every verdict on the reference the same under load? (issue 12, "No false verdicts")

    python benchmarks/stress.py                  4 concurrent p2c certify, 100 rounds (400 runs),
                                                 then the kill matrix 3 times
    python benchmarks/stress.py --stop-at-first  until the first outcome other than passed
    python benchmarks/stress.py -c 2 -r 1 --kill-matrix 0   a try

Each round starts ``--concurrent`` ``p2c certify --output FILE`` processes at once, on the
reference, and waits for them all: on a machine with fewer CPUs than processes, each run is
interrupted often, which is what made a rule run on durable-rules' own timer thread. Only the
results file is read: every scenario run whose outcome is other than passed or not applicable is
printed, with its id, deployment and message, and every exit status other than 0. Then
``p2c kill-matrix --format json`` runs ``--kill-matrix`` times, and the scenarios that kill each
mutant must be the same every time.

Exit status 1 when any scenario run did not pass, any run exited other than 0, or the kill
matrices disagree. No figure here is a timing target; the wall time is for information.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from run import machine  # the benchmarks' description of the machine: benchmarks/run.py

P2C = str(Path(sys.executable).parent / "p2c")  # the p2c of this interpreter's environment
FINE = ("passed", "not applicable")


@dataclass
class Run:
    round: int
    index: int
    exit_status: int
    not_passed: list[dict[str, Any]]  # scenario runs (of the results file) that did not pass
    problem: str = ""  # why there is no usable results file

    @property
    def label(self) -> str:
        return f"round {self.round}, run {self.index}"


def certify_round(number: int, concurrent: int) -> list[Run]:
    """Run ``concurrent`` certifications at once, each in its own folder; their results."""
    with tempfile.TemporaryDirectory(prefix="p2c-stress-") as folder:
        started = []
        for index in range(1, concurrent + 1):
            cwd = Path(folder) / str(index)
            cwd.mkdir()
            with open(cwd / "stderr.txt", "w") as stderr:  # a file: a pipe could fill and block
                process = subprocess.Popen(
                    [P2C, "certify", "--output", str(cwd / "results.json")],
                    cwd=cwd,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                )
            started.append((index, process, cwd))
        return [read_run(number, index, process.wait(), cwd) for index, process, cwd in started]


def read_run(number: int, index: int, status: int, cwd: Path) -> Run:
    try:
        scenarios = json.loads((cwd / "results.json").read_text(encoding="utf-8"))["scenarios"]
    except (OSError, ValueError, KeyError) as error:
        stderr = (cwd / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        tail = " | ".join(stderr.strip().splitlines()[-3:])
        return Run(number, index, status, [], f"no results file ({error!r}); stderr: {tail}")
    return Run(number, index, status, [s for s in scenarios if s["outcome"] not in FINE])


def describe(run: Run) -> list[str]:
    lines = []
    if run.problem:
        lines.append(f"  {run.label}: {run.problem}")
    for scenario in run.not_passed:
        message = (scenario.get("message") or "").strip().splitlines()
        lines.append(
            f"  {run.label}: {scenario['id']} ({scenario['deployment']}) {scenario['outcome']}: "
            + (message[0] if message else "(no message)")
        )
        lines += [f"      {line}" for line in message[1:10]]
        if len(message) > 10:
            lines.append(f"      ... ({len(message) - 10} more lines)")
    return lines


def kill_matrix(mutants: list[str]) -> dict[str, list[str]] | str:
    """Every scenario that kills each mutant (all, or those named), or what went wrong: every
    one, since the first found depends on the order each worker learnt to try them in."""
    selection = [argument for name in mutants for argument in ("--mutant", name)]
    result = subprocess.run(
        [P2C, "kill-matrix", "--all-killers", "--format", "json", *selection],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        rows = json.loads(result.stdout)["rows"]
    except (ValueError, KeyError):
        return f"exit status {result.returncode}, no matrix: {result.stderr.strip()[-500:]}"
    return {row["mutant"]: sorted(row["killed_by"]) for row in rows if row["mutant"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--concurrent", type=int, default=4, help="processes at once (4)")
    parser.add_argument("-r", "--rounds", type=int, default=100, help="rounds (100)")
    parser.add_argument(
        "--kill-matrix", type=int, default=3, metavar="N", help="kill matrix runs (3; 0: none)"
    )
    parser.add_argument(
        "--mutant", action="append", default=[], help="kill matrix of this mutant only (repeatable)"
    )
    parser.add_argument(
        "--stop-at-first",
        action="store_true",
        help="stop after the first round with an outcome other than passed (to reproduce)",
    )
    options = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    print(f"p2c: {P2C}", flush=True)
    started = time.perf_counter()
    runs: list[Run] = []
    first_bad_round = None
    for number in range(1, options.rounds + 1):
        results = certify_round(number, options.concurrent)
        runs += results
        bad = [run for run in results if run.not_passed or run.problem or run.exit_status]
        print(
            f"round {number}/{options.rounds}: {len(bad)} of {len(results)} runs did not pass",
            file=sys.stderr,
            flush=True,
        )
        if bad and first_bad_round is None:
            first_bad_round = number
            if options.stop_at_first:
                break
    wall = time.perf_counter() - started
    rounds = runs[-1].round if runs else 0
    not_passed = sum(len(run.not_passed) + bool(run.problem) for run in runs)
    statuses = [f"  {run.label}: exit status {run.exit_status}" for run in runs if run.exit_status]
    print(f"rounds: {rounds} of {options.concurrent} concurrent p2c certify")
    print(f"runs: {len(runs)}")
    print(f"wall time: {wall:.1f} s ({wall / max(rounds, 1):.1f} s per round)")
    print(
        f"outcomes other than passed (or not applicable): {not_passed}",
        *(line for run in runs for line in describe(run)),
        sep="\n",
    )
    print(f"exit codes other than 0: {len(statuses)}", *statuses, sep="\n")
    if first_bad_round is not None:
        print(f"first round with a run that did not pass: {first_bad_round}")
    agree = True
    if options.kill_matrix <= 0:
        print("kill matrix: not run")
    else:
        matrices = []
        started = time.perf_counter()
        for number in range(1, options.kill_matrix + 1):
            print(f"kill matrix {number}/{options.kill_matrix}...", file=sys.stderr, flush=True)
            matrices.append(kill_matrix(options.mutant))
        each = (time.perf_counter() - started) / len(matrices)
        problems = [m for m in matrices if isinstance(m, str)]
        mutants = sorted({name for m in matrices if isinstance(m, dict) for name in m})
        differing = [
            name
            for name in mutants
            if len({tuple(m.get(name, ["(absent)"])) for m in matrices if isinstance(m, dict)}) > 1
        ]
        agree = not problems and not differing
        print(
            f"kill matrix: {len(matrices)} runs, {len(mutants)} mutants, killing scenarios "
            f"per mutant {'agree' if agree else 'DISAGREE'} ({each:.0f} s each)"
        )
        for problem in problems:
            print(f"  {problem}")
        for name in differing:
            print(f"  {name}:")
            for number, matrix in enumerate(matrices, 1):
                if isinstance(matrix, dict):
                    print(f"    run {number}: {' '.join(matrix.get(name, ['(absent)']))}")
    return 1 if not_passed or statuses or not agree else 0


if __name__ == "__main__":
    sys.exit(main())
