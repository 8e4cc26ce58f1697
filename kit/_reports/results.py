"""The results file of a certification run (``p2c certify --output results.json``).

One JSON document, specified by ``schemas/v2/results.json``: what was run (kit, specification
and its digest, implementation, seed, environment), whether the run was partial, the totals, and
one entry per scenario run, in a stable order (each entry says where it came in the run's
shuffled order). Two runs of the same kit, implementation and seed give the same document but for
durations and timestamps, serial or parallel.
"""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from p2c_kit._contract.errors import UsageError
from p2c_kit._reports.verdict import Outcome, installed_kit

#: How the kit words the reason of the skips it makes; the outcome is never read from them (an
#: adapter can say anything).
NOT_APPLICABLE_PREFIX = "not applicable: "
SKIPPED_BY_ADAPTER_PREFIX = "skipped by the adapter: "


@dataclass(frozen=True)
class Row:
    """One scenario run: which scenario (and outline case), in which deployment, what happened,
    and, for a failure, where and why. ``schemas/v2/results.json`` describes each field."""

    id: str
    feature: str
    title: str
    case: str | None
    deployment: str
    seed: int
    #: where the run came in the run's (shuffled) order of scenario runs, from 0
    position: int
    outcome: Outcome
    reading: list[str]
    test: str
    duration: float
    step: dict[str, Any] | None = None
    #: every step of the run, each with its status (a StepStatus: passed, failed, skipped, ...)
    steps: list[dict[str, Any]] | None = None
    expected: str | None = None
    actual: str | None = None
    #: why the run did not pass, in a line; a skip's whole reason
    message: str | None = None
    records: dict[str, Any] | None = None
    known_failure: str | None = None


def results_document(
    rows: list[Row],
    *,
    implementation: dict[str, Any] | None,
    adapter: str,
    seeds: list[int],
    selection: dict[str, str | None],
    scheduled: int,
    started_at: str,
    finished_at: str,
    partial: bool,
    certification: bool,
) -> dict[str, Any]:
    """``seeds``: the run's seed first; ``selection``: its ``-k`` and ``-m``; ``scheduled``: how
    many scenario runs were due after the selection."""
    ordered = sorted(
        rows, key=lambda row: (row.id, row.case or "", row.deployment, row.seed, row.test)
    )
    return {
        "kit": installed_kit(),
        "implementation": implementation,
        "adapter": adapter,
        "run": {
            "seed": seeds[0],
            "seeds": seeds,
            "selection": selection,
            "scheduled": scheduled,
            "started_at": started_at,
            "finished_at": finished_at,
            "python": platform.python_version(),
            "pytest": version("pytest"),
            "pytest_bdd": version("pytest-bdd"),
            "platform": platform.platform(),
            "partial": partial,
            "certification": certification,
        },
        "totals": {outcome: sum(row.outcome == outcome for row in rows) for outcome in Outcome},
        "scenarios": [asdict(row) for row in ordered],
    }


def write_results(path: Path, document: dict[str, Any]) -> None:
    """Write the document where the user asked, whole or not at all."""
    write_whole(path, json.dumps(document, indent=2) + "\n")


def read_given(path: Path, where: str) -> str:
    """The text of a file the user gave the kit (a results file, a known-failing list); a
    :class:`UsageError` names it as ``where`` and says why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{where}: cannot read it ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{where}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from error


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` and nowhere else, whole or not at all: a temporary file beside
    it, renamed over it. Every file the kit writes for the user goes through here."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
