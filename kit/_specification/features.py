"""An index of the specification: every scenario of ``features/`` by its stable id tag.

Parsed with the official Gherkin parser (the one pytest-bdd uses), so the index sees exactly what
pytest-bdd runs.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler
from gherkin.token_scanner import TokenScanner

from p2c_kit._contract.adapter import DEPLOYMENTS
from p2c_kit._contract.errors import UsageError
from p2c_kit._resources import features_dir

#: A scenario id tag: ``@p2c_`` + feature code + ``_`` + two digits, e.g. ``@p2c_s1_03``.
ID_TAG = re.compile(r"^p2c_[a-z0-9]+_\d{2}$")

#: The kit's readings where the document is silent or ambiguous: each is a tag on the scenarios
#: that rest on it, shown in the report and excludable with ``-m "not assumption_..."``.
ASSUMPTIONS: dict[str, str] = {
    "assumption_customer_sequence_untouched": (
        "conversion leaves the customer number sequence unchanged "
        '("irrespective of customer number sequence setup")'
    ),
    "assumption_prospect_sequence_untouched": (
        "a prospect created in Sales leaves the SCM prospect number sequence unchanged"
    ),
    "assumption_customer_group_chosen_in_sales": (
        "a customer converted in Sales gets the customer group the user selected there"
    ),
    "assumption_contact_placement_by_gab": (
        "with GAB the contact is in the Associated contacts tab, without GAB the primary contact"
    ),
    "assumption_retired_prospect_not_converted_again": (
        "converting a prospect that is retired already is refused"
    ),
    "assumption_unknown_customer_group_refused": (
        "converting with a customer group that does not exist is refused"
    ),
    "assumption_duplicate_number_refused": (
        "a second prospect account with the same number is refused"
    ),
    "assumption_quotation_confirmed_once": "confirming a confirmed quotation again is refused",
    "assumption_other_records_unchanged": (
        "an action on a prospect changes no record of other prospects, customers or leads, and "
        "makes none but the prospect's own"
    ),
    "assumption_order_lines_from_quote": (
        "the order Create order makes from a quote in Sales has the quote's lines"
    ),
}


#: How reports name the deployments.
DEPLOYMENT_NAMES = {"gab": "GAB", "no_gab": "no GAB"}


@dataclass(frozen=True)
class RunInfo:
    """One run of a scenario: an outline's Examples row (by its ``case`` column, None for a plain
    scenario) in one deployment, and the adapter capabilities it needs (the deployment among
    them)."""

    case: str | None
    deployment: str
    needs: frozenset[str]


@dataclass(frozen=True)
class StepInfo:
    """One step of a scenario run as pytest-bdd runs it: background steps first, an outline's
    placeholders filled from its Examples row. ``line``: the step's line in its feature file."""

    keyword: str
    text: str
    line: int


@dataclass(frozen=True)
class ScenarioInfo:
    """One scenario of the specification."""

    id: str
    title: str
    feature: str
    path: Path
    line: int
    tags: frozenset[str]
    description: str
    #: every run the suite makes of it, as pytest-bdd and the plugin generate them
    runs: tuple[RunInfo, ...]
    #: its steps, for each outline case (None for a plain scenario)
    steps: dict[str | None, tuple[StepInfo, ...]]


@cache
def scenarios() -> dict[str, ScenarioInfo]:
    """Every scenario of the specification, by id, in file order."""
    index: dict[str, ScenarioInfo] = {}
    for path in feature_files():
        document: Any = Parser().parse(TokenScanner(path.read_text(encoding="utf-8")))
        steps = _pickled_steps(document, path)
        feature = document["feature"]
        feature_tags = {tag["name"].lstrip("@") for tag in feature["tags"]}
        for child in feature["children"]:
            scenario = child.get("scenario")
            if scenario is None:
                continue
            tags = {tag["name"].lstrip("@") for tag in scenario["tags"]}
            ids = sorted(tag for tag in tags if ID_TAG.match(tag))
            if len(ids) != 1:
                raise ValueError(
                    f"{path.name}:{scenario['location']['line']}: scenario "
                    f"{scenario['name']!r} needs exactly one id tag, has {ids}"
                )
            index[ids[0]] = ScenarioInfo(
                id=ids[0],
                title=scenario["name"],
                feature=feature["name"],
                path=path,
                line=scenario["location"]["line"],
                tags=frozenset(tags | feature_tags),
                description=scenario["description"].strip(),
                runs=scenario_runs(scenario, tags | feature_tags),
                steps=steps[scenario["id"]],
            )
    return index


def _pickled_steps(document: Any, path: Path) -> dict[str, dict[str | None, tuple[StepInfo, ...]]]:
    """The steps of every scenario run of a parsed feature file, by the scenario's node id and
    outline case: Gherkin's own compiler (pickles) fills the placeholders."""
    nodes: dict[str, Any] = {}  # every step and Examples row of the file, by node id
    for child in document["feature"]["children"]:
        for node in (child.get("background"), child.get("scenario")):
            if node is None:
                continue
            nodes.update((step["id"], step) for step in node.get("steps", ()))
            for table in node.get("examples", ()):
                nodes.update((row["id"], row) for row in table["tableBody"])
    index: dict[str, dict[str | None, tuple[StepInfo, ...]]] = {}
    with_uri: Any = {**document, "uri": path.name}
    for pickle in Compiler().compile(with_uri):
        scenario_node, *row = pickle["astNodeIds"]
        case = nodes[row[0]]["cells"][0]["value"] if row else None
        index.setdefault(scenario_node, {})[case] = tuple(
            StepInfo(
                keyword=nodes[step["astNodeIds"][0]]["keyword"].strip(),
                text=step["text"],
                line=nodes[step["astNodeIds"][0]]["location"]["line"],
            )
            for step in pickle["steps"]
        )
    return index


def scenario_runs(scenario: Any, tags: set[str]) -> tuple[RunInfo, ...]:
    """The runs of a parsed Gherkin scenario with ``tags`` (its own and its feature's): each
    Examples row (or the scenario itself) in each deployment its tags allow, both when they name
    none."""
    tables = [
        ({tag["name"].lstrip("@") for tag in table["tags"]}, table["tableBody"])
        for table in scenario.get("examples", [])
    ]
    rows: list[tuple[str | None, set[str]]] = [
        (row["cells"][0]["value"], tags | table_tags) for table_tags, body in tables for row in body
    ] or [(None, tags)]
    return tuple(
        RunInfo(
            case=case,
            deployment=deployment,
            needs=frozenset(
                {deployment}
                | {tag.removeprefix("requires_") for tag in row_tags if tag.startswith("requires_")}
            ),
        )
        for case, row_tags in rows
        for deployment in ([name for name in DEPLOYMENTS if name in row_tags] or list(DEPLOYMENTS))
    )


#: Feature files a run adds to the specification's (``p2c certify --features``).
_ADDED: list[Path] = []


def add_features(path: Path) -> None:
    """Run the scenarios of ``path``, a feature file or a folder of them, with the
    specification's: a scenario ``p2c explore`` printed, pasted into a file."""
    files = sorted(path.glob("*.feature")) if path.is_dir() else [path]
    if not path.exists() or not files or files[0].suffix != ".feature":
        raise UsageError(f"--features {path}: no .feature file there")
    _ADDED.extend(file.resolve() for file in files if file.resolve() not in _ADDED)
    scenarios.cache_clear()
    features_digest.cache_clear()


def added_features() -> list[Path]:
    """The feature files this run added to the specification's."""
    return list(_ADDED)


def feature_files() -> list[Path]:
    """The specification's feature files, and those a run added."""
    return sorted(features_dir().glob("*.feature")) + _ADDED


def requirements() -> list[dict[str, Any]]:
    """The requirements trace (``features/requirements.toml``): every observable requirement of
    the source document, with its quote and the scenarios that check it."""
    text = (features_dir() / "requirements.toml").read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = tomllib.loads(text)["requirement"]
    return entries


@cache  # the verdict asks for it several times a command; the files do not change meanwhile
def features_digest() -> str:
    """SHA-256 over every feature file, names and contents: which specification was run."""
    digest = hashlib.sha256()
    for path in feature_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
