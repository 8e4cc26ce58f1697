"""The adapter contract: one list of actions, JSON Schemas that are themselves valid, and the
reference's output conforming to them."""

from __future__ import annotations

import inspect
import json

import jsonschema
import pytest

from kit import ACTIONS, CAPABILITIES, Adapter, schema_errors
from kit._configuration import configuration
from kit._resources import schemas_dir
from rules import ReferenceAdapter


def test_the_contract_lists_exactly_the_actions_the_schema_specifies():
    actions = json.loads((schemas_dir() / "v1" / "actions.json").read_text())["$defs"]
    assert list(ACTIONS) == list(actions)


def test_the_adapter_protocol_has_a_documented_method_for_every_action():
    for action in ACTIONS:
        method = getattr(Adapter, action)
        assert method.__doc__, action
        parameters = inspect.signature(method).parameters.values()
        assert all(p.kind is not p.POSITIONAL_OR_KEYWORD for p in parameters if p.name != "self")


SCHEMAS = sorted((schemas_dir() / "v1").glob("*.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda path: path.stem)
def test_every_schema_is_a_valid_draft_2020_12_schema(path):
    jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text()))


def test_the_reference_declares_every_capability():
    assert ReferenceAdapter().start()["capabilities"] == list(CAPABILITIES)


@pytest.mark.parametrize("deployment", ["gab", "no_gab"])
def test_the_kit_configuration_conforms_to_its_schema(deployment):
    assert schema_errors("configuration", configuration(deployment)) == []


def test_schema_errors_name_the_path_of_the_offending_value():
    records = {
        "system": "scm",
        "business_relations": [{"number": 7}],
        "customers": [],
        "quotations": [],
        "sales_orders": [],
        "number_sequences": {
            "prospect": {"format": "P-#", "next": 1},
            "customer": {"format": "C-#", "next": 1},
        },
    }
    errors = schema_errors("records#/$defs/scm", records)
    assert any(error.startswith("$.business_relations[0].number:") for error in errors)
