"""The reference implementation behind the adapter contract.

``ReferenceAdapter`` is what ``p2c certify`` checks when no adapter is named. Its sync is the
rules of ``rules/_sync.py``; its systems are one SQLite store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from p2c_kit import (
    ACTIONS,
    CAPABILITIES,
    Configuration,
    Implementation,
    Refused,
    UsageError,
    schema_errors,
)
from p2c_kit import __version__ as kit_version
from p2c_reference._engine import Engine, Rule
from p2c_reference._store import Store
from p2c_reference._sync import RULES, VIEWS


class ReferenceAdapter:
    """The reference sync, on an SQLite store (``database``: ``":memory:"`` or a file path).

    ``rules`` and ``variant`` select another set of rules, for the deliberately broken variants in
    :mod:`p2c_reference.mutants`; each variant is declared to durable-rules once per process.
    """

    def __init__(
        self,
        *,
        database: str = ":memory:",
        rules: Mapping[str, Rule] = RULES,
        variant: str = "reference",
    ) -> None:
        self.variant = variant
        self._rules = rules
        self._store = Store(database)
        self._engine = Engine(rules, f"p2c_{variant}", self._store, VIEWS)

    def start(self) -> Implementation:
        name = "p2c-kit reference" if self.variant == "reference" else f"mutant {self.variant}"
        return {
            "name": name,
            "version": kit_version,
            "language": "python",
            "homepage": "https://pypi.org/project/p2c-kit/",
            "capabilities": list(CAPABILITIES),
        }

    def reset(self, configuration: Configuration) -> None:
        errors = schema_errors("configuration", configuration)
        if errors:
            raise UsageError("invalid configuration: " + "; ".join(errors))
        with self._store.transaction():
            self._store.wipe()
            self._store.load(dict(configuration))
        # a fresh engine session per scenario: nothing of the last one can leak into this one
        self._engine.close()
        self._engine = Engine(self._rules, f"p2c_{self.variant}", self._store, VIEWS)
        self._engine.configure(configuration)

    def query(self, system: str) -> dict[str, Any]:
        if system == "sales":
            return self._store.sales_records()
        if system == "scm":
            return self._store.scm_records()
        raise UsageError(f"unknown system {system!r}: expected 'sales' or 'scm'")

    def stop(self) -> None:
        self._engine.close()
        self._store.close()

    def perform(self, action: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
        """Carry out one action of the contract; every action method calls this."""
        if action not in ACTIONS:
            raise UsageError(f"unknown action {action!r}")
        errors = schema_errors(f"actions#/$defs/{action}/properties/arguments", dict(arguments))
        if errors:
            raise Refused(rule="contract", reason="; ".join(errors), field=errors[0].split(":")[0])
        return self._engine.run(action, arguments)

    @property
    def rules(self) -> Mapping[str, Rule]:
        """The rules this adapter runs: the reference's, or a variant's."""
        return self._rules

    @property
    def fired(self) -> list[str]:
        """The rules that fired for the last action, in firing order."""
        return list(self._engine.fired)

    @property
    def changes(self) -> list[tuple[str, dict[str, Any]]]:
        """The changes the last action went through, in order: the action itself, then what
        the rules emitted; each is one durable-rules fact."""
        return list(self._engine.changes)


def _action_method(action: str) -> Callable[..., dict[str, Any]]:
    def method(self: ReferenceAdapter, **arguments: Any) -> dict[str, Any]:
        return self.perform(action, arguments)

    method.__name__ = method.__qualname__ = action
    method.__doc__ = f"The contract's action ``{action}`` (see ``kit/schemas/v2/actions.json``)."
    return method


for _action in ACTIONS:
    setattr(ReferenceAdapter, _action, _action_method(_action))
