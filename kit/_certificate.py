"""What a results file certifies: a shields.io badge and a Markdown certificate page."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from kit._report import NOT_PASSED, clean, implementation_name

_FAILING = (*NOT_PASSED, "skipped by adapter")


def verdict(document: dict[str, Any]) -> str | None:
    """None when the results certify the implementation, else why they do not."""
    run, totals = document["run"], document["totals"]
    if not run["certification"]:
        return "not a certification run (p2c certify --certify)"
    if run["partial"]:
        return "a partial run"
    failing = {outcome: totals.get(outcome, 0) for outcome in _FAILING if totals.get(outcome)}
    if failing:
        return ", ".join(f"{n} {outcome}" for outcome, n in failing.items())
    return None


def badge(document: dict[str, Any]) -> dict[str, Any]:
    """A shields.io endpoint badge: passed over applicable scenario runs."""
    totals = document["totals"]
    applicable = sum(totals.values()) - totals.get("not applicable", 0)
    passed = totals.get("passed", 0)
    color = "brightgreen" if verdict(document) is None else ("yellow" if passed else "red")
    return {
        "schemaVersion": 1,
        "label": f"P2C spec {document['kit']['specification']}",
        "message": f"{passed}/{applicable}"
        + ("" if verdict(document) is None else " (uncertified)"),
        "color": color,
    }


def certificate(document: dict[str, Any], source: Path) -> str:
    """A Markdown page: what was certified, by which kit, in which environment, with what."""
    kit, run, totals = document["kit"], document["run"], document["totals"]
    implementation = document["implementation"] or {}
    reason = verdict(document)
    heading = "Certificate of conformance" if reason is None else "Results (not a certificate)"
    lines = [
        f"# {heading}: {clean(implementation_name(document), 'markdown')}",
        "",
        "The prospect-to-cash integration between Dynamics 365 Sales and Supply Chain Management,"
        " as the p2c-kit specification states it."
        if reason is None
        else f"Not certified: {reason}.",
        "",
        "| | |",
        "|---|---|",
        f"| implementation | {clean(implementation.get('name'), 'markdown')} |",
        f"| version | {clean(implementation.get('version'), 'markdown')} |",
        f"| language | {clean(implementation.get('language'), 'markdown')} |",
        f"| homepage | {clean(implementation.get('homepage'), 'markdown')} |",
        "| capabilities | "
        + clean(", ".join(implementation.get("capabilities", [])), "markdown")
        + " |",
        f"| specification | {kit['specification']} |",
        f"| kit | p2c-kit {kit['version']}, adapter contract v{kit['contract']} |",
        f"| features (SHA-256) | `{kit['features_sha256']}` |",
        f"| environment | Python {run['python']}, pytest {run['pytest']}, pytest-bdd "
        f"{run['pytest_bdd']}, {clean(run['platform'], 'markdown')} |",
        f"| run | {run['started_at']} to {run['finished_at']}, seed {run['seed']} |",
        "| totals | " + ", ".join(f"{n} {o}" for o, n in totals.items() if n) + " |",
        f"| results file | `{source.name}`, SHA-256 `{_sha256(source)}` |",
        "",
    ]
    return "\n".join(lines)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def badge_json(document: dict[str, Any]) -> str:
    return json.dumps(badge(document), indent=2) + "\n"
