"""The one way the kit talks to an implementation: load an adapter, check every message.

Steps never call an adapter directly. The driver validates what the kit sends against the
contract's schemas (a kit bug otherwise), and what the adapter returns (a :class:`ContractError`
naming the offending field otherwise).
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import sys
from collections.abc import Callable, Mapping
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Any

from p2c_kit._contract.adapter import ACTIONS, Adapter, Configuration, Implementation, System
from p2c_kit._contract.errors import ContractError, KitError, UsageError
from p2c_kit._contract.schemas import schema_errors

#: The adapter certified when none is named: the reference, by the name the kit's package gives it.
DEFAULT_ADAPTER = "reference"


#: The entry-point group in which installed packages name their adapters (``p2c adapters``).
ADAPTER_ENTRY_POINTS = "p2c.adapters"


def installed_adapters() -> list[EntryPoint]:
    """The adapters installed packages name, by name (a name two packages give is listed twice)."""
    return sorted(entry_points(group=ADAPTER_ENTRY_POINTS), key=lambda point: point.name)


def resolve_adapter(spec: str) -> Callable[[], Adapter]:
    """The adapter factory named by ``package.module:factory``, or by the name an installed
    package gives it (``p2c adapters``), imported but not called."""
    if ":" not in spec:
        spec = _named_adapter(spec)
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise UsageError(
            f"adapter {spec!r}: expected 'package.module:factory', for example "
            "'p2c_reference:ReferenceAdapter', or a name `p2c adapters` lists"
        )
    module = _import_adapter_module(spec, module_name)
    factory = getattr(module, attribute, None)
    if not callable(factory):
        raise UsageError(f"adapter {spec!r}: module {module_name!r} has no callable {attribute!r}")
    checked: Callable[[], Adapter] = factory
    return checked


def _named_adapter(name: str) -> str:
    """The ``package.module:factory`` an installed package names ``name``."""
    installed = installed_adapters()
    named = [point for point in installed if point.name == name]
    if not named:
        known = ", ".join(dict.fromkeys(point.name for point in installed)) or "none"
        raise UsageError(
            f"adapter {name!r}: no installed package names an adapter so (installed: {known}; "
            "`p2c adapters` lists them), and it is no 'package.module:factory'"
        )
    if len({point.value for point in named}) > 1:
        raise UsageError(
            f"adapter {name!r}: installed packages give this name to "
            + " and ".join(sorted(repr(point.value) for point in named))
            + "; name the one to certify as 'package.module:factory'"
        )
    return named[0].value


def _import_adapter_module(spec: str, module_name: str) -> ModuleType:
    """Import an adapter's module from the Python path, else from the current directory.

    A console script such as ``p2c`` does not have the current directory on its path, as
    ``python -m`` has; an adapter module there is found all the same, after everything installed.
    """
    try:
        try:
            return importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            here = os.getcwd()
            if error.name != module_name.partition(".")[0] or here in sys.path:
                raise
            sys.path.append(here)
            return importlib.import_module(module_name)
    except ImportError as error:
        raise UsageError(
            f"adapter {spec!r}: cannot import {module_name!r} ({error}); is it installed in "
            "this environment, in the current directory, or on PYTHONPATH?"
        ) from error
    except Exception as error:  # a syntax error or a crash at import time, in the adapter's code
        raise UsageError(f"adapter {spec!r}: importing {module_name!r} raised {error!r}") from error


def load_adapter(spec: str) -> Adapter:
    """Import ``package.module:factory`` and call the factory with no arguments."""
    factory = resolve_adapter(spec)
    try:
        return factory()
    except Exception as error:
        raise ContractError(f"adapter {spec!r}: the factory raised {error!r}") from error


#: The lists of records of each system; in each, no two records have the same id.
_RECORD_LISTS = {
    "sales": ("accounts", "contacts", "leads", "quotes", "orders"),
    "scm": ("business_relations", "customers", "quotations", "sales_orders"),
}


def identity_errors(records: Mapping[str, Any]) -> list[str]:
    """What breaks the contract's identities in one system's records (valid by the schema): two
    records of a list with one id; one address or contact id with two different contents; a
    Sales tab of contacts naming an id that no Sales contact has. The kit compares ids across
    queries, so each must name one record."""
    errors: list[str] = []
    # an address's or contact's id: where it was first seen, and its content (roles are a set)
    parts: dict[tuple[str, str], tuple[str, Any]] = {}
    for name in _RECORD_LISTS[records["system"]]:
        seen: set[str] = set()
        for index, record in enumerate(records[name]):
            where = f"$.{name}[{index}]"
            if record["id"] in seen:
                errors.append(f"{where}.id: {record['id']!r} is the id of another of the {name}")
            seen.add(record["id"])
            for part in ("addresses", "contacts"):
                for position, item in enumerate(record.get(part, [])):
                    content = {
                        key: sorted(value) if key == "roles" else value
                        for key, value in item.items()
                        if key != "id"
                    }
                    here = f"{where}.{part}[{position}]"
                    first = parts.setdefault((part, item["id"]), (here, content))
                    if first[1] != content:
                        errors.append(
                            f"{here}.id: {item['id']!r} is also {first[0]}, with another content"
                        )
    if records["system"] == "sales":
        contact_ids = {contact["id"] for contact in records["contacts"]}
        for name in ("accounts", "contacts"):
            for index, record in enumerate(records[name]):
                for tab in ("primary_contact", "associated_contacts", "contacts_for_party"):
                    value = record.get(tab)
                    for id_ in value if isinstance(value, list) else [value]:
                        if id_ is not None and id_ not in contact_ids:
                            errors.append(
                                f"$.{name}[{index}].{tab}: no Sales contact has id {id_!r}"
                            )
    return errors


class Driver:
    """An adapter behind the contract's checks."""

    def __init__(self, adapter: Adapter) -> None:
        self.adapter = adapter
        # each method's signature, looked at once: inspecting it on every call costs more than
        # many an action
        self._signatures: dict[str, inspect.Signature | None] = {}
        # each system's last records found valid, as JSON text: the same answer again (the
        # system unchanged by an action) needs no second check
        self._valid: dict[str, str] = {}
        self.implementation = self._start()

    def _start(self) -> Implementation:
        try:
            implementation = self._call("start")
        except ContractError:
            raise
        except Exception as error:
            raise ContractError(f"start raised {error!r}") from error
        errors = schema_errors("implementation", implementation)
        if errors:
            raise ContractError("start returned an invalid implementation: " + "; ".join(errors))
        if not {"gab", "no_gab"} & set(implementation["capabilities"]):
            raise ContractError(
                "start declares neither 'gab' nor 'no_gab': an implementation "
                "runs in at least one deployment"
            )
        result: Implementation = implementation
        return result

    @property
    def capabilities(self) -> frozenset[str]:
        return frozenset(self.implementation["capabilities"])

    def reset(self, configuration: Configuration) -> None:
        errors = schema_errors("configuration", configuration)
        if errors:
            raise KitError("the kit built an invalid configuration: " + "; ".join(errors))
        self._call("reset", configuration)

    def perform(self, action: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
        """Carry out a contract action; :class:`~p2c_kit.Refused` passes through."""
        __tracebackhide__ = True
        if action not in ACTIONS:
            raise KitError(f"the kit asked for an unknown action {action!r}")
        errors = schema_errors(f"actions#/$defs/{action}/properties/arguments", dict(arguments))
        if errors:
            raise KitError(f"the kit sent invalid arguments to {action}: " + "; ".join(errors))
        result = self._call(action, **arguments)
        errors = schema_errors(f"actions#/$defs/{action}/properties/result", result)
        if errors:
            raise ContractError(f"{action} returned an invalid result: " + "; ".join(errors))
        checked: dict[str, Any] = result
        return checked

    def query(self, system: System) -> dict[str, Any]:
        __tracebackhide__ = True
        text = self._answer("query", system)
        records: dict[str, Any] = json.loads(text)
        if text != self._valid.get(system):
            errors = schema_errors(f"records#/$defs/{system}", records) or identity_errors(records)
            if errors:
                raise ContractError(
                    f"query({system!r}) returned records of the wrong shape: "
                    + "; ".join(errors[:5])
                )
            self._valid[system] = text
        return records

    def stop(self) -> None:
        self._call("stop")

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call the adapter; return a JSON copy of its answer, never the adapter's own objects
        (a snapshot must not change when the adapter's state does)."""
        __tracebackhide__ = True
        return json.loads(self._answer(method, *args, **kwargs))

    def _answer(self, method: str, *args: Any, **kwargs: Any) -> str:
        """Call the adapter; its answer as JSON text."""
        __tracebackhide__ = True
        function: Callable[..., Any] | None = getattr(self.adapter, method, None)
        if function is None:
            raise ContractError(
                f"the adapter {type(self.adapter).__name__} has no method {method!r}"
            )
        if method not in self._signatures:
            try:
                self._signatures[method] = inspect.signature(function)
            except ValueError:  # no signature to inspect (a builtin): let the call decide
                self._signatures[method] = None
        signature = self._signatures[method]
        try:
            if signature is not None:
                signature.bind(*args, **kwargs)
        except TypeError as error:
            raise ContractError(
                f"{method} does not take the contract's arguments ({error}); they are specified "
                "in kit/schemas/v2/actions.json"
            ) from error
        answer = function(*args, **kwargs)
        try:
            return json.dumps(answer)
        except (TypeError, ValueError) as error:
            raise ContractError(f"{method} returned a value that is not JSON: {error}") from error
