"""``p2c lint``: the specification's own hygiene, checked.

Every feature parses with the official Gherkin parser; every scenario has exactly one id tag,
unique across features, and tags from the documented vocabulary; titles state behaviour (no
"should", no "test that"); every scenario cites the source document, and every quotation is
verbatim; Examples tables start with a unique ``case`` column; every step has exactly one
definition, and every definition is used; and the requirements trace
(``features/requirements.toml``) has every requirement checked by scenarios that exist and
every scenario checking a requirement.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gherkin.errors import CompositeParserException, ParserError
from gherkin.parser import Parser
from gherkin.token_scanner import TokenScanner
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from kit import steps
from kit._features import ID_TAG
from kit._resources import features_dir
from kit.plugin import MARKERS

#: Tags a feature may use besides the scenario ids: the markers the plugin registers.
VOCABULARY = frozenset(marker.split("(")[0] for marker in MARKERS) - {"p2c_id"}

#: Quotations may shorten the product names, as the kit does everywhere.
_SHORT_NAMES = {"dynamics 365 supply chain management": "scm", "dynamics 365 sales": "sales"}
_STEP_TYPES = {"Context": "given", "Action": "when", "Outcome": "then"}


def normalise(text: str) -> str:
    """Lower case, Markdown emphasis and line breaks removed, whitespace collapsed, product names
    shortened: what a quotation is compared in."""
    text = re.sub(r"\s+", " ", text.replace("*", "").replace("\\>", ">")).strip().lower()
    for name, short in _SHORT_NAMES.items():
        text = text.replace(name, short)
    return text


def quotations(text: str) -> list[str]:
    """Every double-quoted fragment of ``text``, split at ellipses, normalised."""
    fragments = []
    for quote in re.findall(r'"([^"]+)"', normalise(text)):
        fragments += [part.strip(" .,") for part in quote.split("...") if part.strip(" .,")]
    return fragments


def source_text(folder: Path | None = None) -> str:
    """The source document, normalised."""
    folder = folder or features_dir()
    return normalise((folder / "source_document.md").read_text(encoding="utf-8"))


def lint(folder: Path | None = None) -> list[str]:
    """Every problem of the features in ``folder`` (default: the kit's), as ``file:line: what``."""
    folder = folder or features_dir()
    source = source_text(folder)
    problems: list[str] = []
    ids: dict[str, str] = {}
    definitions = _definitions()
    used: set[str] = set()
    for path in sorted(folder.glob("*.feature")):
        try:
            document: Any = Parser().parse(TokenScanner(path.read_text(encoding="utf-8")))
        except (CompositeParserException, ParserError) as error:
            problems.append(f"{path.name}: does not parse: {error}")
            continue
        feature = document["feature"]
        problems += _tags(path, feature["tags"], feature["location"])
        for child in feature["children"]:
            scenario = child.get("scenario")
            if scenario is None:
                continue
            where = f"{path.name}:{scenario['location']['line']}"
            problems += _scenario(where, path, scenario, source, ids)
            problems += _steps(where, scenario, definitions, used)
    for function in sorted({context.step_func.__name__ for context in definitions} - used):
        problems.append(f"kit/steps.py: the step definition {function} is used by no scenario")
    return problems + _trace(folder, source, set(ids))


def _trace(folder: Path, source: str, scenario_ids: set[str]) -> list[str]:
    """The requirements trace: every requirement is checked by scenarios that exist, every
    scenario checks a requirement, every quotation is verbatim."""
    where = "requirements.toml"
    try:
        entries = tomllib.loads((folder / where).read_text(encoding="utf-8"))["requirement"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        return [f"{where}: no readable [[requirement]] tables ({error})"]
    problems: list[str] = []
    seen: set[str] = set()
    traced: set[str] = set()
    for entry in entries:
        name = entry.get("id", "?")
        if set(entry) != {"id", "section", "quote", "differs_by_gab", "scenarios"}:
            problems.append(
                f"{where}: requirement {name} needs exactly id, section, quote, "
                f"differs_by_gab and scenarios; has {sorted(entry)}"
            )
            continue
        if name in seen:
            problems.append(f"{where}: requirement id {name} is used twice")
        seen.add(name)
        if normalise(entry["quote"]) not in source:
            problems.append(
                f'{where}: requirement {name}: the document does not say "{entry["quote"]}"'
            )
        if not entry["scenarios"]:
            problems.append(f"{where}: requirement {name} is checked by no scenario")
        for scenario_id in entry["scenarios"]:
            if scenario_id not in scenario_ids:
                problems.append(
                    f"{where}: requirement {name} is checked by {scenario_id}, which no feature has"
                )
        traced |= set(entry["scenarios"])
    for scenario_id in sorted(scenario_ids - traced):
        problems.append(f"{where}: scenario {scenario_id} checks no requirement of the trace")
    return problems


def _tags(path: Path, tags: list[dict[str, Any]], location: dict[str, int]) -> list[str]:
    names = [tag["name"].lstrip("@") for tag in tags]
    return [
        f"{path.name}:{location['line']}: tag @{name} is not in the vocabulary"
        for name in names
        if not ID_TAG.match(name) and name not in VOCABULARY
    ]


def _scenario(
    where: str, path: Path, scenario: dict[str, Any], source: str, ids: dict[str, str]
) -> list[str]:
    problems = _tags(path, scenario["tags"], scenario["location"])
    own = [t["name"].lstrip("@") for t in scenario["tags"] if ID_TAG.match(t["name"].lstrip("@"))]
    if len(own) != 1:
        problems.append(f"{where}: a scenario has exactly one id tag, this one {own or 'none'}")
    for scenario_id in own:
        if scenario_id in ids:
            problems.append(f"{where}: id @{scenario_id} is used already, at {ids[scenario_id]}")
        ids[scenario_id] = where
    if re.search(r"\bshould\b|\btest that\b", scenario["name"], re.IGNORECASE):
        problems.append(f"{where}: the title says 'should' or 'test that': state the behaviour")
    description = scenario["description"].strip()
    if not description.startswith("Source:"):
        problems.append(f"{where}: the scenario cites no source (a 'Source:' description)")
    elif not quotations(description):
        problems.append(f"{where}: the source citation quotes nothing of the document")
    for quote in quotations(description):
        if quote not in source:
            problems.append(f'{where}: the document does not say "{quote}"')
    cases: list[str] = []
    for examples in scenario["examples"]:
        problems += _tags(path, examples["tags"], examples["location"])
        if examples["tableHeader"]["cells"][0]["value"] != "case":
            problems.append(f"{where}: an Examples table starts with a 'case' column")
        cases += [row["cells"][0]["value"] for row in examples["tableBody"]]
    if len(cases) != len(set(cases)):
        problems.append(f"{where}: the 'case' column repeats a value")
    return problems


def _definitions() -> list[StepFunctionContext]:
    return [
        context
        for context in step_function_context_registry.values()
        if context.step_func.__module__ == steps.__name__
    ]


def _steps(
    where: str, scenario: dict[str, Any], definitions: list[StepFunctionContext], used: set[str]
) -> list[str]:
    problems = []
    for text, step_type, line in _rendered_steps(scenario):
        matching = {
            c.step_func.__name__
            for c in definitions
            if c.type in (step_type, None) and c.parser.is_matching(text)
        }
        if not matching:
            problems.append(
                f"{where.split(':')[0]}:{line}: no step definition for "
                f"{step_type.capitalize()} {text!r}"
            )
        elif len(matching) > 1:
            problems.append(
                f"{where.split(':')[0]}:{line}: {step_type.capitalize()} {text!r} "
                f"matches several definitions: {sorted(matching)}"
            )
        used |= matching
    return problems


def _rendered_steps(scenario: dict[str, Any]) -> Iterator[tuple[str, str, int]]:
    """Each step's text as pytest-bdd runs it (outline values filled in), its type and line."""
    rows = [
        {
            cell["value"]: value["value"]
            for cell, value in zip(examples["tableHeader"]["cells"], row["cells"], strict=True)
        }
        for examples in scenario["examples"]
        for row in examples["tableBody"]
    ] or [{}]
    for values in rows:
        step_type = "given"
        for step in scenario["steps"]:
            step_type = _STEP_TYPES.get(step["keywordType"], step_type)
            text = step["text"]
            for name, value in values.items():
                text = text.replace(f"<{name}>", value)
            yield text, step_type, step["location"]["line"]
