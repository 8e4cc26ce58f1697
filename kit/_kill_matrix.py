"""``p2c kill-matrix``: the evidence of what the kit catches.

Every mutant of the reference (``rules.mutants``) is certified with the features, in parallel;
it is *killed* when some scenario fails against it. The matrix lists, for every requirement of
``features/requirements.toml``, the mutants that break it, killed or survived, and the scenarios
that killed them. A survivor, or a requirement that no mutant breaks, is a gap in the kit.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tabulate import tabulate

from kit import conformance
from kit._report import NOT_PASSED
from kit._resources import features_dir


def requirements() -> list[dict[str, Any]]:
    text = (features_dir() / "requirements.toml").read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = tomllib.loads(text)["requirement"]
    return entries


def killers(mutant: str) -> list[str]:
    """The scenario ids that fail against a mutant (an empty list: it survived)."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "results.json"
        subprocess.run(
            conformance.pytest_command(
                [
                    *conformance.pytest_arguments(),
                    "-q",
                    "--p2c-adapter",
                    f"rules.mutants:{mutant}",
                    "--p2c-output",
                    str(output),
                ]
            ),
            capture_output=True,
            check=False,
            cwd=folder,
        )
        if not output.exists():
            return []
        scenarios = json.loads(output.read_text())["scenarios"]
    return sorted({s["id"] for s in scenarios if s["outcome"] in NOT_PASSED})


def kill_matrix(mutants: list[str] | None = None, workers: int = 2) -> dict[str, Any]:
    """Run the mutants (all, or those named) and match them to the requirements they break."""
    from rules.mutants import MUTANTS  # the reference's mutants: only when asked

    names = mutants or sorted(MUTANTS)
    unknown = sorted(set(names) - set(MUTANTS))
    if unknown:
        from kit._errors import UsageError

        raise UsageError(f"no mutant {', '.join(unknown)}; known: {', '.join(sorted(MUTANTS))}")
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        killed = dict(zip(names, pool.map(killers, names), strict=True))
    rows = []
    for requirement in requirements():
        breaking = [name for name in names if requirement["id"] in MUTANTS[name].breaks]
        for name in breaking:
            rows.append(
                {
                    "requirement": requirement["id"],
                    "mutant": name,
                    "killed": bool(killed[name]),
                    "killed_by": killed[name],
                }
            )
        if not breaking and mutants is None:
            rows.append(
                {"requirement": requirement["id"], "mutant": None, "killed": False, "killed_by": []}
            )
    return {
        "requirements": len(requirements()),
        "mutants": len(names),
        "killed": sum(bool(killed[name]) for name in names),
        "survivors": sorted(name for name in names if not killed[name]),
        "without_mutant": sorted({r["requirement"] for r in rows if r["mutant"] is None}),
        "rows": rows,
    }


def render(matrix: dict[str, Any], output_format: str) -> str:
    if output_format == "json":
        return json.dumps(matrix, indent=2)
    table = tabulate(
        [
            (
                row["requirement"],
                row["mutant"] or "(no mutant)",
                "killed" if row["killed"] else ("SURVIVED" if row["mutant"] else "-"),
                " ".join(row["killed_by"]),
            )
            for row in matrix["rows"]
        ],
        headers=("requirement", "mutant", "", "killed by"),
        tablefmt="github" if output_format == "markdown" else "simple",
        maxcolwidths=[None, None, None, 60],
    )
    summary = (
        f"{matrix['requirements']} requirements, {matrix['mutants']} mutants, "
        f"{matrix['killed']} killed, {len(matrix['survivors'])} survived, "
        f"{len(matrix['without_mutant'])} requirements without a mutant"
    )
    return f"{table}\n\n{summary}"
