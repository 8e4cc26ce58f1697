"""``p2c lint``: the specification's own hygiene, checked.

Every feature parses with the official Gherkin parser; every scenario has exactly one id tag,
unique across features, and tags from the documented vocabulary; titles state behaviour (no
"should", no "test that"); every scenario cites the source document, and every quotation is
verbatim; Examples tables start with a unique ``case`` column; every step has exactly one
definition, and every definition is used; and the requirements trace
(``features/requirements.toml``) covers every cell of every requirement (each system its result
is stated for, in each deployment it holds in) with scenarios that exist, run in that deployment
and have a Then step that looks at that system, and every scenario covers a cell.

The reference's rules are traced too: every requirement id a rule says it implements
(``@rule(implements=...)`` in ``rules/_sync.py``) is one of ``requirements.toml``, and every
requirement is implemented by some rule. The reference is both systems, so every requirement is
its to implement, Sales side and SCM side alike: a user's choice the document quotes ("Select the
appropriate Customer group", the ship-to lookup) by the rule that acts on what the user chose,
and a result that must not happen ("leads are completely different", "no addresses are
created") by a rule that does nothing or refuses.

Which systems a Then step looks at is read from the source of ``kit/steps.py`` and of the world
it acts on (``kit/_specification/world.py``): the systems it queries (``records("scm")``, the
snapshot ``before["sales"]``), itself or through the functions of either it calls or passes on, a
system handed down as an argument included. A step that
queries nothing (one that checks a refusal, or an action's answer) looks at no system.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gherkin.errors import CompositeParserException, ParserError
from gherkin.parser import Parser
from gherkin.token_scanner import TokenScanner
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry
from tabulate import tabulate

from p2c_kit import steps
from p2c_kit._contract.adapter import DEPLOYMENTS, SYSTEMS
from p2c_kit._contract.errors import UsageError
from p2c_kit._resources import features_dir
from p2c_kit._specification import world
from p2c_kit._specification.features import ASSUMPTIONS, ID_TAG, scenario_runs
from p2c_kit._specification.properties import PROPERTIES
from p2c_kit._text import normalise
from p2c_kit.plugin import MARKERS

if TYPE_CHECKING:
    from p2c_reference import Rule

#: Tags a feature may use besides the scenario ids: the markers the plugin registers.
VOCABULARY = frozenset(marker.split("(")[0] for marker in MARKERS) - {"p2c_id"}

_STEP_TYPES = {"Context": "given", "Action": "when", "Outcome": "then"}

_FIELDS = ("id", "section", "quote", "differs_by_gab", "systems", "absent", "deployments", "cells")


#: What the scenarios look at: by scenario id, by each deployment it runs in, the systems its Then
#: steps query there.
Looks = dict[str, dict[str, set[str]]]


@dataclass(frozen=True)
class Cell:
    """One system a requirement's result is stated for, in one deployment it holds in."""

    requirement: str
    #: ``<system>.<deployment>``
    name: str
    #: the scenarios listed for it that cover it
    covered_by: tuple[str, ...]


@dataclass(frozen=True)
class Findings:
    """What ``p2c lint`` found: the problems, and every cell of the requirements trace."""

    problems: list[str]
    cells: list[Cell]


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
    return check(folder).problems


def check(folder: Path | None = None) -> Findings:
    """Every problem of the features in ``folder`` (default: the kit's), and the cells of its
    requirements trace."""
    folder = folder or features_dir()
    source = source_text(folder)
    problems: list[str] = []
    ids: dict[str, str] = {}
    definitions = _definitions()
    used: set[str] = set()
    looks: Looks = {}
    systems = looked_at(inspect.getsource(steps), inspect.getsource(world))
    for path in sorted(folder.glob("*.feature")):
        try:
            document: Any = Parser().parse(TokenScanner(path.read_text(encoding="utf-8")))
        except (CompositeParserException, ParserError) as error:
            problems.append(f"{path.name}: does not parse: {error}")
            continue
        feature = document["feature"]
        feature_tags = {tag["name"].lstrip("@") for tag in feature["tags"]}
        problems += _tags(path, feature["tags"], feature["location"])
        for child in feature["children"]:
            scenario = child.get("scenario")
            if scenario is None:
                continue
            where = f"{path.name}:{scenario['location']['line']}"
            tags = {tag["name"].lstrip("@") for tag in scenario["tags"]}
            own = sorted(tag for tag in tags if ID_TAG.match(tag))
            problems += _scenario(where, path, scenario, own, source, ids)
            then_looks: dict[str | None, set[str]] = {}
            problems += _steps(where, scenario, definitions, used, systems, then_looks)
            if len(own) == 1:
                looks[own[0]] = {}
                for run in scenario_runs(scenario, tags | feature_tags):
                    looks[own[0]].setdefault(run.deployment, set())
                    looks[own[0]][run.deployment] |= then_looks.get(run.case, set())
    used |= explored_steps()  # in the scenarios p2c explore prints
    for function in sorted({context.step_func.__name__ for context in definitions} - used):
        problems.append(f"kit/steps.py: the step definition {function} is used by no scenario")
    trace_problems, cells = _trace(folder, source, looks)
    return Findings(
        problems + trace_problems + property_problems(folder) + rule_problems(folder), cells
    )


def explored_steps() -> set[str]:
    """The step definitions ``p2c explore`` takes (``steps.<name>`` in ``kit/_exploration.py``),
    read from its source: the scenarios it prints use them."""
    source = (Path(__file__).parents[1] / "_exploration.py").read_text(encoding="utf-8")
    return {
        node.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "steps"
    }


def _requirements(folder: Path) -> dict[str, dict[str, Any]]:
    text = (folder / "requirements.toml").read_text(encoding="utf-8")
    return {entry["id"]: entry for entry in tomllib.loads(text)["requirement"]}


def property_problems(folder: Path | None = None) -> list[str]:
    """The explored properties' trace: each names requirements that exist, holds only where
    they hold, and rests on a reading the kit has, if any."""
    try:
        requirements = _requirements(folder or features_dir())
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return []  # the requirements trace says why
    problems = []
    for prop in PROPERTIES.values():
        where = f"kit/_specification/properties.py: property {prop.name}"
        if not prop.implements:
            problems.append(f"{where} names no requirement")
        for name in prop.implements:
            if name not in requirements:
                problems.append(f"{where} names {name}, which requirements.toml does not have")
            elif not set(prop.deployments) & set(requirements[name]["deployments"]):
                problems.append(f"{where} holds in none of the deployments {name} holds in")
        named = [requirements[name] for name in prop.implements if name in requirements]
        for deployment in prop.deployments:
            if named and not any(deployment in entry["deployments"] for entry in named):
                problems.append(f"{where} holds in {deployment}, where none of its requirements do")
        if prop.reading is not None and prop.reading not in ASSUMPTIONS:
            problems.append(f"{where} rests on {prop.reading}, which is not one of the readings")
    return problems


def rule_problems(folder: Path | None = None, rules: Mapping[str, Rule] | None = None) -> list[str]:
    """The reference's rules (``rules``: by default its own) against the requirements trace:
    every id a rule implements is a requirement's, and every requirement is some rule's."""
    try:
        requirements = _requirements(folder or features_dir())
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return []  # the requirements trace says why
    if rules is None:
        from p2c_reference import RULES  # the reference, with durable-rules: only when linting

        rules = RULES
    problems = [
        f"rules/_sync.py: rule {name} implements {id_}, which requirements.toml does not have"
        for name, rule in rules.items()
        for id_ in rule.implements
        if id_ not in requirements
    ]
    implemented = {id_ for rule in rules.values() for id_ in rule.implements}
    problems += [
        f"requirements.toml: requirement {id_} is implemented by no rule of the reference "
        "(rules/_sync.py)"
        for id_ in requirements
        if id_ not in implemented
    ]
    return problems


def uncovered_by_properties(folder: Path | None = None) -> list[str]:
    """The requirements no explored property checks, in the trace's order."""
    covered = {name for prop in PROPERTIES.values() for name in prop.implements}
    return [name for name in _requirements(folder or features_dir()) if name not in covered]


def _trace(folder: Path, source: str, looks: Looks) -> tuple[list[str], list[Cell]]:
    """The requirements trace: every quotation is verbatim, every cell of a requirement is
    covered, and every scenario covers a cell."""
    where = "requirements.toml"
    try:
        entries = tomllib.loads((folder / where).read_text(encoding="utf-8"))["requirement"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        return [f"{where}: no readable [[requirement]] tables ({error})"], []
    problems: list[str] = []
    cells: list[Cell] = []
    seen: set[str] = set()
    traced: set[str] = set()
    for entry in entries:
        name = entry.get("id", "?")
        if set(entry) != set(_FIELDS):
            problems.append(
                f"{where}: requirement {name} needs exactly {', '.join(_FIELDS)}; "
                f"has {sorted(entry)}"
            )
            continue
        if name in seen:
            problems.append(f"{where}: requirement id {name} is used twice")
        seen.add(name)
        if normalise(entry["quote"]) not in source:
            problems.append(
                f'{where}: requirement {name}: the document does not say "{entry["quote"]}"'
            )
        shape = _shape(entry)
        if shape:
            problems.append(f"{where}: requirement {name}: {shape}")
            continue
        for cell in _cells(entry):
            found, covered_by = _cell(entry, cell, looks)
            problems += [f"{where}: requirement {name}, cell {cell}: {what}" for what in found]
            cells.append(Cell(name, cell, covered_by))
            traced |= set(entry["cells"].get(cell, ()))
    for scenario_id in sorted(set(looks) - traced):
        problems.append(f"{where}: scenario {scenario_id} covers no cell of the trace")
    return problems, cells


def _shape(entry: dict[str, Any]) -> str | None:
    """What is wrong with the shape of a requirement's audit fields, if anything."""
    for field, allowed in (("systems", SYSTEMS), ("deployments", DEPLOYMENTS)):
        value = entry[field]
        if not (
            isinstance(value, list)
            and value
            and all(item in allowed for item in value)
            and len(set(value)) == len(value)
        ):
            return f"{field} is a non-empty list of distinct values of {list(allowed)}, not {value}"
    if not (isinstance(entry["absent"], list) and all(isinstance(a, str) for a in entry["absent"])):
        return f"absent is a list of what must be absent, not {entry['absent']!r}"
    if len(entry["deployments"]) == 1 and entry["differs_by_gab"] is not True:
        # a result of one deployment only is a result that GAB changes
        return "holds in one deployment only, so differs_by_gab = true"
    if not isinstance(entry["cells"], dict) or not all(
        isinstance(ids, list) for ids in entry["cells"].values()
    ):
        return "cells is a table of lists of scenario ids"
    unknown = sorted(set(entry["cells"]) - set(_cells(entry)))
    if unknown:
        return f"cells {unknown} are not among its cells, {_cells(entry)}"
    return None


def _cells(entry: dict[str, Any]) -> list[str]:
    return [
        f"{system}.{deployment}"
        for system in entry["systems"]
        for deployment in entry["deployments"]
    ]


def _cell(entry: dict[str, Any], cell: str, looks: Looks) -> tuple[list[str], tuple[str, ...]]:
    """The problems of one cell of a requirement, and the scenarios listed that cover it."""
    system, _, deployment = cell.partition(".")
    listed = entry["cells"].get(cell)
    if not listed:
        return ["covered by no scenario"], ()
    problems = []
    for scenario_id in listed:
        if scenario_id not in looks:
            problems.append(f"{scenario_id} is no scenario of the features")
        elif deployment not in looks[scenario_id]:
            problems.append(f"{scenario_id} does not run in {deployment}")
        elif system not in looks[scenario_id][deployment]:
            problems.append(f"no Then step of {scenario_id} looks at {system} in {deployment}")
    return problems, tuple(s for s in listed if system in looks.get(s, {}).get(deployment, ()))


def audit_table(cells: list[Cell]) -> str:
    """The cells of the trace, a requirement a row: the scenarios covering each of its cells,
    UNCOVERED for one none covers; blank where the requirement has no such cell."""
    columns = [f"{system}.{deployment}" for system in SYSTEMS for deployment in DEPLOYMENTS]
    by_requirement: dict[str, dict[str, Cell]] = {}
    for cell in cells:
        by_requirement.setdefault(cell.requirement, {})[cell.name] = cell
    rows = [
        (requirement, *(_shown(named.get(column)) for column in columns))
        for requirement, named in by_requirement.items()
    ]
    return tabulate(
        rows, headers=("requirement", *columns), maxcolwidths=[None] + [22] * len(columns)
    )


def _shown(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return " ".join(cell.covered_by) or "UNCOVERED"


def _tags(path: Path, tags: list[dict[str, Any]], location: dict[str, int]) -> list[str]:
    names = [tag["name"].lstrip("@") for tag in tags]
    return [
        f"{path.name}:{location['line']}: tag @{name} is not in the vocabulary"
        for name in names
        if not ID_TAG.match(name) and name not in VOCABULARY
    ]


def _scenario(
    where: str,
    path: Path,
    scenario: dict[str, Any],
    own: list[str],
    source: str,
    ids: dict[str, str],
) -> list[str]:
    problems = _tags(path, scenario["tags"], scenario["location"])
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
    # pytest-bdd's registry of step definitions, not public: it has no public way to list them
    # with their parsers, and the lint matches every step text against each as pytest-bdd would
    return [
        context
        for context in step_function_context_registry.values()
        if context.step_func.__module__ == steps.__name__
    ]


def _steps(
    where: str,
    scenario: dict[str, Any],
    definitions: list[StepFunctionContext],
    used: set[str],
    systems: dict[str, frozenset[str]],
    then_looks: dict[str | None, set[str]],
) -> list[str]:
    """The problems of a scenario's steps; notes the definitions used, and for each Examples row
    (by case) the systems its Then steps look at."""
    problems = []
    for case, text, step_type, line, from_row in _rendered_steps(scenario):
        matching = {
            c.step_func.__name__
            for c in definitions
            if c.type in (step_type, None) and c.parser.is_matching(text)
        }
        if not matching:
            problems.append(
                f"{where.split(':')[0]}:{line}: no step definition for "
                f"{step_type.capitalize()} {text!r}{from_row}"
            )
        elif len(matching) > 1:
            problems.append(
                f"{where.split(':')[0]}:{line}: {step_type.capitalize()} {text!r}{from_row} "
                f"matches several definitions: {sorted(matching)}"
            )
        elif step_type == "then":
            then_looks.setdefault(case, set()).update(systems.get(next(iter(matching)), ()))
        used |= matching
    return problems


def _rendered_steps(scenario: dict[str, Any]) -> Iterator[tuple[str | None, str, str, int, str]]:
    """Each step of each Examples row (by its case, None for a plain scenario) as pytest-bdd runs
    it (outline values filled in), its type and line, and the Examples values in it (the row's
    line and case, each placeholder and its value; empty for a step without one): a step that
    matches no definition may be a misspelt value."""
    rows: list[tuple[str | None, int, dict[str, str]]] = [
        (
            row["cells"][0]["value"],
            row["location"]["line"],
            {
                cell["value"]: value["value"]
                for cell, value in zip(examples["tableHeader"]["cells"], row["cells"], strict=True)
            },
        )
        for examples in scenario["examples"]
        for row in examples["tableBody"]
    ] or [(None, 0, {})]
    for case, row_line, values in rows:
        step_type = "given"
        for step in scenario["steps"]:
            step_type = _STEP_TYPES.get(step["keywordType"], step_type)
            text = step["text"]
            filled = [(name, value) for name, value in values.items() if f"<{name}>" in text]
            for name, value in filled:
                text = text.replace(f"<{name}>", value)
            values_in_it = ", ".join(f"<{name}> = {value!r}" for name, value in filled)
            from_row = f" (Examples row {case}, line {row_line}: {values_in_it})" if filled else ""
            yield case, text, step_type, step["location"]["line"], from_row


def looked_at(*sources: str) -> dict[str, frozenset[str]]:
    """For every function of the modules' ``sources`` (the steps, and the helpers they import),
    the systems it looks at: those it queries (``records("scm")``) or compares with their
    snapshot (``before["sales"]``), itself or through the functions it calls or passes on, with
    the systems it hands them."""
    functions = {
        node.name: node
        for source in sources
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef)
    }
    return {name: frozenset(_looks(functions, name, {}, set())) for name in functions}


def _looks(
    functions: dict[str, ast.FunctionDef],
    name: str,
    bound: dict[str, str],
    seen: set[tuple[str, tuple[tuple[str, str], ...]]],
) -> set[str]:
    """The systems function ``name`` looks at, its parameters ``bound`` to systems. Everything
    found joins one answer, so a function met again with the same bindings adds nothing new."""
    key = (name, tuple(sorted(bound.items())))
    if key in seen:
        return set()
    seen.add(key)
    found: set[str] = set()
    for node in ast.walk(functions[name]):
        if isinstance(node, ast.Call) and node.args:
            callee = node.func
            if isinstance(callee, ast.Attribute) and callee.attr == "records":
                found |= _system(node.args[0], bound)
            elif isinstance(callee, ast.Name) and callee.id in functions:
                arguments = _bind(functions[callee.id], node, bound)
                found |= _looks(functions, callee.id, arguments, seen)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
            if node.value.attr == "before":
                found |= _system(node.slice, bound)
        elif isinstance(node, ast.Name) and node.id in functions:  # called, or passed on
            found |= _looks(functions, node.id, {}, seen)
    return found


def _system(node: ast.expr, bound: dict[str, str]) -> set[str]:
    """The system an expression names: a literal, or a parameter bound to one."""
    if isinstance(node, ast.Constant) and node.value in SYSTEMS:
        return {node.value}
    if isinstance(node, ast.Name) and node.id in bound:
        return {bound[node.id]}
    return set()


def _bind(function: ast.FunctionDef, call: ast.Call, bound: dict[str, str]) -> dict[str, str]:
    """The parameters of ``function`` that ``call`` gives a system."""
    parameters = [argument.arg for argument in function.args.posonlyargs + function.args.args]
    given = [*zip(parameters, call.args, strict=False)]
    given += [(keyword.arg, keyword.value) for keyword in call.keywords if keyword.arg]
    return {parameter: system for parameter, value in given for system in _system(value, bound)}


def lint_command(options: argparse.Namespace) -> int:
    if options.features is not None and not (options.features / "source_document.md").is_file():
        raise UsageError(f"{options.features}: no folder with a source_document.md")
    findings = check(options.features)
    if options.audit:
        print(audit_table(findings.cells) + "\n")
    for problem in findings.problems:
        print(problem)
    if findings.problems:
        print(f"p2c lint: {len(findings.problems)} problems")
        return 1
    covered = sum(bool(cell.covered_by) for cell in findings.cells)
    print(
        f"p2c lint: the features are sound: {len({cell.requirement for cell in findings.cells})} "
        f"requirements, {len(findings.cells)} cells (a system in a deployment), {covered} covered"
    )
    unchecked = uncovered_by_properties(options.features)
    print(
        f"p2c lint: {len(PROPERTIES)} explored properties (p2c explore); requirements none of "
        f"them checks: {', '.join(unchecked) or 'none'}"
    )
    return 0
