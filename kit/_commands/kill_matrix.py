"""``p2c kill-matrix``: the evidence of what the kit catches.

Every mutant of the reference (``p2c_reference.mutants``) is certified with the features; it is
*killed* when some scenario does not pass against it. The matrix lists, for every requirement of
``features/requirements.toml``, the mutants that break it, killed or survived, their failure
mode, and the scenario that killed them first (every scenario that kills them with
``--all-killers``); and per failure mode, how many mutants it has and how many were killed. A
survivor, or a requirement that no mutant breaks, is a gap in the kit.

The mutants are certified by ``--workers`` long-lived worker processes
(``kit/_commands/mutant_worker.py``), each given the next mutant when it is done with one. One of
them first certifies the reference, and the others are told what it found (on a machine whose cores
are busy elsewhere, each finding it out again would cost more than a worker saves). A worker that
dies, or cannot tell, leaves its mutant without a verdict: the matrix is not made, and the command
says so (exit status 3).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import queue
import subprocess
import sys
import tempfile
import threading
from typing import IO, Any, cast

from tabulate import tabulate

from p2c_kit import conformance
from p2c_kit._commands.running import say
from p2c_kit._contract.errors import InternalError, UsageError
from p2c_kit._specification.features import requirements


class _Worker:
    """One worker process, certifying the mutants it is given one at a time."""

    def __init__(self, folder: str) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", "from p2c_kit._commands.mutant_worker import serve; serve()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            encoding="utf-8",
            cwd=folder,
            env=conformance.pytest_environment(),  # no -x from PYTEST_ADDOPTS, say
            # Ctrl-C at a terminal is for this process only, which ends its workers
            process_group=0,
        )
        # both pipes exist: asked for above
        self._requests = cast(IO[str], self._process.stdin)
        self._answers = cast(IO[str], self._process.stdout)

    def reference(self) -> dict[str, Any]:
        """What the reference does in each scenario run, for the other workers."""
        answer: dict[str, Any] = self._ask({"reference": None}, "the reference")["reference"]
        return answer

    def give(self, reference: dict[str, Any]) -> None:
        """Tell the worker what another found the reference to do."""
        with contextlib.suppress(OSError):  # it died: the first mutant it is given says so
            self._requests.write(json.dumps({"reference": reference}) + "\n")
            self._requests.flush()

    def killers(self, mutant: str, all_killers: bool) -> list[str]:
        """The ids of the scenarios that do not pass against ``mutant``, all or the first found
        (none: it survived)."""
        request = {"mutant": mutant, "all_killers": all_killers}
        killed_by: list[str] = self._ask(request, f"mutant {mutant}")["killed_by"]
        return killed_by

    def _ask(self, request: dict[str, Any], about: str) -> dict[str, Any]:
        try:
            self._requests.write(json.dumps(request) + "\n")
            self._requests.flush()
            line = self._answers.readline()
        except OSError:  # it died before reading the request
            line = ""
        if not line:
            code = self._process.wait()
            ended = f"exit status {code}" if code >= 0 else f"killed by signal {-code}"
            raise InternalError(
                f"the worker certifying {about} ended ({ended}): no verdict, no kill matrix"
            )
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise InternalError(f"{about}: {answer['error']}: no verdict, no kill matrix")
        return answer

    def end(self) -> None:
        # it keeps nothing worth a clean exit, and it may be in the middle of a mutant
        self._process.kill()
        self._process.wait()


def killers(mutants: list[str], workers: int, all_killers: bool = False) -> dict[str, list[str]]:
    """For each mutant, the ids of the scenarios that do not pass against it (all of them, or
    the first found), by ``workers`` worker processes. Raises :class:`InternalError` as soon as a
    mutant cannot get a verdict."""
    pending: queue.SimpleQueue[str] = queue.SimpleQueue()
    for name in mutants:
        pending.put(name)
    killed: dict[str, list[str]] = {}
    failures: list[InternalError] = []

    def drive(worker: _Worker) -> None:
        while not failures:
            try:
                name = pending.get_nowait()
            except queue.Empty:
                return
            try:
                killed[name] = worker.killers(name, all_killers)
            except InternalError as error:
                failures.append(error)
            except Exception as error:  # whatever it is, the mutant has no verdict
                failures.append(
                    InternalError(f"mutant {name}: {error!r}: no verdict, no kill matrix")
                )

    with tempfile.TemporaryDirectory(prefix="p2c-kill-matrix-") as folder:
        started = [_Worker(folder) for _ in range(min(workers, len(mutants)))]
        try:
            # one worker certifies the reference, the others are told what it found
            reference = started[0].reference()
            for worker in started[1:]:
                worker.give(reference)
            # daemons: on Ctrl-C, one waiting for a worker that is being ended must not hold
            # the exit
            threads = [threading.Thread(target=drive, args=(w,), daemon=True) for w in started]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            for worker in started:
                worker.end()
    if failures:
        raise failures[0]
    return killed


def kill_matrix(
    mutants: list[str] | None = None,
    workers: int = 2,
    modes: list[str] | None = None,
    all_killers: bool = False,
) -> dict[str, Any]:
    """Certify the mutants (all, or those named, or those of the failure ``modes``) and match them
    to the requirements they break. Each mutant's certification stops at the first scenario that
    kills it, unless ``all_killers``."""
    from p2c_reference.mutants import (  # the reference's mutants: only when asked
        FAILURE_MODES,
        MUTANTS,
    )

    unknown = sorted(set(mutants or ()) - set(MUTANTS))
    if unknown:
        raise UsageError(f"no mutant {', '.join(unknown)}; known: {', '.join(sorted(MUTANTS))}")
    unknown = sorted(set(modes or ()) - set(FAILURE_MODES))
    if unknown:
        raise UsageError(f"no failure mode {', '.join(unknown)}; one of {', '.join(FAILURE_MODES)}")
    if workers < 1:
        raise UsageError(f"--workers {workers}: at least one worker is needed")
    names = [
        name
        for name in (mutants or sorted(MUTANTS))
        if modes is None or MUTANTS[name].mode in modes
    ]
    if not names:
        among = " among those named" if mutants else ""
        raise UsageError(f"no mutant of mode {', '.join(modes or ())}{among}")
    killed = killers(names, workers, all_killers)
    every = mutants is None and modes is None
    rows = []
    for requirement in requirements():
        breaking = [name for name in names if requirement["id"] in MUTANTS[name].breaks]
        for name in breaking:
            rows.append(
                {
                    "requirement": requirement["id"],
                    "mutant": name,
                    "mode": MUTANTS[name].mode,
                    "killed": bool(killed[name]),
                    "killed_by": killed[name],
                }
            )
        if not breaking and every:
            rows.append(
                {
                    "requirement": requirement["id"],
                    "mutant": None,
                    "mode": None,
                    "killed": False,
                    "killed_by": [],
                }
            )
    return {
        "all_killers": all_killers,
        "requirements": len(requirements()),
        "mutants": len(names),
        "killed": sum(bool(killed[name]) for name in names),
        "survivors": sorted(name for name in names if not killed[name]),
        "without_mutant": sorted({r["requirement"] for r in rows if r["mutant"] is None}),
        "modes": {
            mode: {
                "mutants": sum(MUTANTS[name].mode == mode for name in names),
                "killed": sum(MUTANTS[name].mode == mode and bool(killed[name]) for name in names),
            }
            for mode in FAILURE_MODES
        },
        "rows": rows,
    }


def render(matrix: dict[str, Any], output_format: str) -> str:
    if output_format == "json":
        return json.dumps(matrix, indent=2)
    tablefmt = "github" if output_format == "markdown" else "simple"
    table = tabulate(
        [
            (
                row["requirement"],
                row["mutant"] or "(no mutant)",
                row["mode"] or "",
                "killed" if row["killed"] else ("SURVIVED" if row["mutant"] else "-"),
                " ".join(row["killed_by"]),
            )
            for row in matrix["rows"]
        ],
        headers=(
            "requirement",
            "mutant",
            "mode",
            "verdict",
            "killed by" if matrix["all_killers"] else "killed first by",
        ),
        tablefmt=tablefmt,
        maxcolwidths=[None, None, None, None, 60],
    )
    modes = tabulate(
        [
            (mode, counts["mutants"], counts["killed"], counts["mutants"] - counts["killed"])
            for mode, counts in matrix["modes"].items()
        ],
        headers=("mode", "mutants", "killed", "survived"),
        tablefmt=tablefmt,
    )
    summary = (
        f"{matrix['requirements']} requirements, {matrix['mutants']} mutants, "
        f"{matrix['killed']} killed, {len(matrix['survivors'])} survived, "
        f"{len(matrix['without_mutant'])} requirements without a mutant"
    )
    return f"{table}\n\n{modes}\n\n{summary}"


def kill_matrix_command(options: argparse.Namespace) -> int:
    try:
        matrix = kill_matrix(options.mutant, options.workers, options.mode, options.all_killers)
    except KeyboardInterrupt:
        say("interrupted: no kill matrix")
        return 130
    print(render(matrix, options.format))
    return 1 if matrix["survivors"] or matrix["without_mutant"] else 0
