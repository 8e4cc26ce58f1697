"""What a results file certifies: a shields.io badge and a Markdown certificate page.

Both state their scope (:class:`p2c_kit._reports.verdict.Scope`): the deployments and capabilities
the implementation declares and how many of the specification's scenario runs apply to it. Only a
certification of every capability in both deployments is "full conformance", and only it is bright
green.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tabulate import tabulate

from p2c_kit._contract.errors import UsageError
from p2c_kit._reports.tables import NOT_PASSED, implementation_name
from p2c_kit._reports.verdict import judge, kit_difference, passed_runs
from p2c_kit._text import clean


def badge(document: dict[str, Any]) -> dict[str, Any]:
    """A shields.io endpoint badge: full conformance (bright green), partial conformance with
    its scope (blue), or passed over applicable runs, not certified (red with failures, else
    grey)."""
    verdict = judge(document)
    scope = verdict.scope
    if verdict.full:
        message, color = f"{scope.applicable}/{scope.total} runs", "brightgreen"
    elif verdict.certified:
        message, color = f"partial: {scope.short()}", "blue"
    else:
        failing = any(document["totals"].get(outcome) for outcome in NOT_PASSED)
        note = "partial run, not certified" if document["run"]["partial"] else "not certified"
        message = f"{passed_runs(document)}/{scope.applicable} ({note})"
        color = "red" if failing else "lightgrey"
    return {
        "schemaVersion": 1,
        "label": f"P2C spec {document['kit']['specification']}",
        "message": message,
        "color": color,
    }


def certificate(document: dict[str, Any], source: Path) -> str:
    """A Markdown page: what was certified and for what scope, by which kit, in which
    environment, with what. Refused (:class:`UsageError`) for results made by another kit."""
    difference = kit_difference(document)
    if difference is not None:
        raise UsageError(f"{source}: no certificate: {difference}")
    kit, run, totals = document["kit"], document["run"], document["totals"]
    implementation = document["implementation"] or {}
    verdict = judge(document)
    name = clean(implementation_name(document), "markdown")
    if verdict.full:
        heading = f"# Certificate of conformance: {name}"
        statement = (
            "Full conformance: every capability, in both deployments, every scenario run passed"
            " under both seeds. The prospect-to-cash integration between Dynamics 365 Sales and"
            " Supply Chain Management, as the p2c-kit specification states it."
        )
    elif verdict.certified:
        heading = f"# Certificate of partial conformance: {name}"
        statement = (
            f"Partial conformance, for this scope only: {verdict.scope.long()}. Every applicable"
            " scenario run passed under both seeds; the others were not run."
        )
    else:
        heading = f"# Results (not a certificate): {name}"
        statement = f"Not certified: {clean(verdict.reason, 'markdown')}."
    facts = [
        ("implementation", clean(implementation.get("name"), "markdown")),
        ("version", clean(implementation.get("version"), "markdown")),
        ("language", clean(implementation.get("language"), "markdown")),
        *(
            [("homepage", clean(implementation["homepage"], "markdown"))]
            if implementation.get("homepage")
            else []
        ),
        ("capabilities", clean(", ".join(implementation.get("capabilities", [])), "markdown")),
        ("scope", verdict.scope.long()),
        ("specification", kit["specification"]),
        ("kit", f"p2c-kit {kit['version']}, adapter contract v{kit['contract']}"),
        ("features (SHA-256)", f"`{kit['features_sha256']}`"),
        (
            "environment",
            clean(
                f"Python {run['python']}, pytest {run['pytest']}, "
                f"pytest-bdd {run['pytest_bdd']}, {run['platform']}",
                "markdown",
            ),
        ),
        (
            "run",
            clean(f"{run['started_at']} to {run['finished_at']}", "markdown")
            + ", seeds "
            + ", ".join(str(seed) for seed in run["seeds"]),
        ),
        (
            "totals",
            ", ".join(f"{n} {o}" for o, n in totals.items() if n)
            + (" (each run counted once per seed)" if len(run["seeds"]) > 1 else ""),
        ),
        ("results file", f"`{clean(source.name, 'markdown')}`, SHA-256 `{_sha256(source)}`"),
    ]
    lines = [
        heading,
        "",
        statement,
        "",
        tabulate(facts, headers=("", ""), tablefmt="github"),
        "",
        "The SHA-256 identifies the results file; it is not a signature. `p2c verify` re-runs the"
        " recorded run against an adapter and compares every outcome.",
        "",
    ]
    return "\n".join(lines)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def badge_json(document: dict[str, Any]) -> str:
    return json.dumps(badge(document), indent=2) + "\n"
