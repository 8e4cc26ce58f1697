"""The adapter contract: one list of actions, JSON Schemas that are themselves valid, and the
reference's output conforming to them."""

from __future__ import annotations

import functools
import inspect
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from p2c_kit import ACTIONS, CAPABILITIES, CONTRACT_VERSION, Adapter, schema_errors
from p2c_kit._resources import schemas_dir
from p2c_kit._specification.configuration import configuration
from p2c_reference import ReferenceAdapter

# also run on Python 3.12 and 3.13 by .ci/run
pytestmark = pytest.mark.smoke


def test_the_contract_lists_exactly_the_actions_the_schema_specifies():
    actions = json.loads((schemas_dir() / f"v{CONTRACT_VERSION}" / "actions.json").read_text())[
        "$defs"
    ]
    assert list(ACTIONS) == list(actions)


def test_the_adapter_protocol_has_a_documented_method_for_every_action():
    for action in ACTIONS:
        method = getattr(Adapter, action)
        assert method.__doc__, action
        parameters = inspect.signature(method).parameters.values()
        assert all(p.kind is not p.POSITIONAL_OR_KEYWORD for p in parameters if p.name != "self")


SCHEMAS = sorted((schemas_dir() / f"v{CONTRACT_VERSION}").glob("*.json"))


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


# -- the fast check never accepts what jsonschema rejects ---------------------------------------


@functools.cache
def _valid_instances() -> list[tuple[str, object]]:
    """A valid instance of every schema a run checks often, from the reference at work."""
    from p2c_kit._commands.load import Mix, load_configuration, prospects

    every_kind = Mix.for_capabilities(frozenset(CAPABILITIES))

    adapter = ReferenceAdapter()
    instances: list[tuple[str, object]] = [("implementation", adapter.start())]

    def perform(action: str, arguments: dict[str, Any]) -> dict[str, Any]:
        result = adapter.perform(action, arguments)
        instances.append((f"actions#/$defs/{action}/properties/arguments", arguments))
        instances.append((f"actions#/$defs/{action}/properties/result", result))
        return result

    for deployment in ("gab", "no_gab"):
        config = load_configuration(deployment, 8)
        instances.append(("configuration", config))
        adapter.reset(config)
        for prospect in prospects(4, every_kind, config, seed=1):
            prospect.carry_out(perform)
        instances.extend((f"records#/$defs/{s}", adapter.query(s)) for s in ("sales", "scm"))
    return instances


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-2, 2)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", "gab", "delivery", "organization", "PR-00001"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["number", "name", "role", "extra"]), children, max_size=3
        )
    ),
    max_leaves=6,
)


def _mutated(data: st.DataObject, value: object) -> object:
    """``value`` with one change somewhere inside: replaced, a key dropped or added."""
    if isinstance(value, dict) and value and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(value)))
        change = data.draw(st.sampled_from(["descend", "drop", "add"]))
        if change == "drop":
            return {k: v for k, v in value.items() if k != key}
        if change == "add":
            return {
                **value,
                data.draw(st.sampled_from(["extra", "id", key + "_"])): data.draw(JSON),
            }
        return {**value, key: _mutated(data, value[key])}
    if isinstance(value, list) and value and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(value) - 1))
        return [*value[:index], _mutated(data, value[index]), *value[index + 1 :]]
    return data.draw(JSON)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_the_fast_check_never_accepts_what_jsonschema_rejects(data):
    """schema_errors trusts the fast check's "valid": it must never be more lenient."""
    from p2c_kit._contract.schemas import _fast_check, _validator

    ref, valid = data.draw(st.sampled_from(_valid_instances()))
    instance = _mutated(data, valid)
    if _fast_check(ref).is_valid(instance):  # else rejected: jsonschema decides and explains
        assert list(_validator(ref).iter_errors(instance)) == [], (ref, instance)


def test_every_valid_instance_passes_the_fast_check_too():
    """Otherwise every action would pay for jsonschema."""
    from p2c_kit._contract.schemas import _fast_check

    for ref, instance in _valid_instances():
        assert _fast_check(ref).is_valid(instance), ref


def test_the_fast_check_takes_no_boolean_or_fraction_for_a_numeric_const():
    """The protocol version is 2: not true (which Python compares equal to 1), not 2.5."""
    from p2c_kit._contract.schemas import _fast_check

    start = {"seq": 1, "cmd": "start", "version": 2}
    assert _fast_check("protocol#/$defs/request").is_valid(start)
    assert not _fast_check("protocol#/$defs/request").is_valid({**start, "version": 2.5})
    assert schema_errors("protocol#/$defs/request", {**start, "version": True}) != []


def test_what_is_no_json_value_is_explained_not_raised():
    errors = schema_errors("configuration", {"deployment": {"gab"}})
    assert errors and all(isinstance(error, str) for error in errors)
