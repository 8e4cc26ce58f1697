"""The published schemas (``kit/schemas/v2/bundled/``): each holds every schema it refers to, so
that any validator uses it alone, with nothing to register; checked with jsonschema and ajv."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from tests_support import NODE, node_tool

from p2c_kit._contract.schemas import bundled_schema

BUNDLED = Path(__file__).parent.parent / "kit" / "schemas" / "v2" / "bundled"
NAMES = sorted(path.stem for path in BUNDLED.glob("*.json"))
P2C = str(Path(sys.executable).parent / "p2c")


def references(node: Any, base: str = "") -> list[str]:
    """Every ``$ref`` in ``node``, made absolute against the resource it is in."""
    if isinstance(node, list):
        return [ref for item in node for ref in references(item, base)]
    if not isinstance(node, dict):
        return []
    base = node.get("$id", base)
    found = [ref for value in node.values() for ref in references(value, base)]
    reference = node.get("$ref")
    if isinstance(reference, str):
        found.append(base + reference if reference.startswith("#") else reference)
    return found


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A results file of a run, and the same made invalid in a schema that results refers to."""
    folder = tmp_path_factory.mktemp("schemas")
    subprocess.run(
        [P2C, "certify", "-q", "-k", "p2c_s1_01", "--output", "valid.json"], cwd=folder, check=True
    )
    document = json.loads((folder / "valid.json").read_text())
    document["implementation"]["capabilities"] = ["gab", "teleportation"]
    (folder / "invalid.json").write_text(json.dumps(document))
    return {"valid": folder / "valid.json", "invalid": folder / "invalid.json"}


def test_every_schema_of_the_contract_is_published_bundled():
    sources = sorted(path.stem for path in BUNDLED.parent.glob("*.json"))
    assert sources == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_the_published_bundle_is_the_schema_with_what_it_refers_to(name):
    published = json.loads((BUNDLED / f"{name}.json").read_text())
    assert published == bundled_schema(name), (
        f"kit/schemas/v2/bundled/{name}.json is stale: run "
        '`python -c "from p2c_kit._contract.schemas import write_bundled; write_bundled()"`'
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_reference_of_a_bundle_resolves_within_it(name):
    schema = json.loads((BUNDLED / f"{name}.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    # only the bundle is known: a reference to anything else would fail to resolve
    resolver = Registry().with_resource(schema["$id"], Resource.from_contents(schema)).crawl()
    resolver = resolver.resolver(base_uri=schema["$id"])
    for reference in references(schema):
        resolver.lookup(reference)


def test_jsonschema_validates_a_results_file_with_the_bundle_alone(results):
    validator = jsonschema.Draft202012Validator(json.loads((BUNDLED / "results.json").read_text()))
    assert list(validator.iter_errors(json.loads(results["valid"].read_text()))) == []
    errors = list(validator.iter_errors(json.loads(results["invalid"].read_text())))
    assert errors and errors[0].absolute_path[0] == "implementation"


@pytest.mark.parametrize("name", NAMES)
def test_ajv_compiles_each_bundle_with_nothing_registered(name, tmp_path):
    node_tool("ajv")
    empty = tmp_path / "empty.json"
    empty.write_text("{}")
    run = subprocess.run(
        ["node", str(NODE / "validate.mjs"), str(BUNDLED / f"{name}.json"), str(empty)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr  # compiling resolves every reference


def test_ajv_validates_a_results_file_with_the_bundle_alone(results):
    node_tool("ajv")
    run = subprocess.run(
        [
            "node",
            str(NODE / "validate.mjs"),
            str(BUNDLED / "results.json"),
            str(results["valid"]),
            str(results["invalid"]),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    valid, invalid = (json.loads(line) for line in run.stdout.splitlines())
    assert valid["valid"] is True and valid["error"] is None
    assert invalid["valid"] is False
    assert invalid["error"]["instancePath"] == "/implementation/capabilities/1"
