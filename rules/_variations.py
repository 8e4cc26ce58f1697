"""How a mutant varies one rule of the reference: one function per failure mode.

A variation takes the reference's rule and returns the rule as the mutant has it (or None: the
mutant has no such rule). The varied action sees the same :class:`~p2c_reference._engine.Sync`,
except that its store writes may be altered on their way (:class:`_VariedStore`), and so may a
record it hands on to other rules to write (an address for Sales to place): the rule's own logic
is never copied, so a mutant stays a declared variation of the rule it names.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from p2c_reference._engine import Deployment, Fact, Rule, Sync
from p2c_reference._store import Store
from p2c_reference._sync import RECORDS_HANDED_ON

Variation = Callable[[Rule], Rule | None]
Columns = dict[str, Any]
#: Alters what one ``insert`` or ``update`` writes: (store, table, where, values) -> both, new.
Alter = Callable[[Store, str, Columns, Columns], tuple[Columns, Columns]]


class _VariedStore(Store):
    """The store as one varied rule writes to it: the same database, but every ``insert`` and
    ``update``, the named operations' included, goes through ``alter`` first."""

    def __init__(self, store: Store, alter: Alter) -> None:
        # not Store.__init__, which would open another database: this one shares the store's
        self.__dict__.update(vars(store))
        self._store = store
        self._alter = alter

    def insert(self, table: str, **values: Any) -> int:
        _, values = self._alter(self._store, table, {}, values)
        return super().insert(table, **values)

    def update(self, table: str, where: dict[str, Any], **values: Any) -> int:
        where, values = self._alter(self._store, table, where, values)
        return super().update(table, where, **values)


class _VariedSync:
    """The :class:`Sync` a varied rule's action sees: the same, but for its store, and for the
    records it hands on to other rules to write (``RECORDS_HANDED_ON``), altered the same way."""

    def __init__(self, sync: Sync, alter: Alter) -> None:
        self._sync = sync
        self._alter = alter
        self.store = _VariedStore(sync.store, alter)

    def emit(self, change: str, **data: Any) -> None:
        if change in RECORDS_HANDED_ON:
            _, data = self._alter(self._sync.store, RECORDS_HANDED_ON[change], {}, data)
        self._sync.emit(change, **data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sync, name)


def _with_store_altered(rule: Rule, alter: Alter) -> Rule:
    def action(sync: Sync, fact: Fact) -> None:
        rule.action(_VariedSync(sync, alter), fact)  # type: ignore[arg-type]

    action.__doc__ = rule.action.__doc__
    return dataclasses.replace(rule, action=action)


# -- not done, twice, wrong deployment ------------------------------------------------------


def removed(rule: Rule) -> None:
    """not_done: the behaviour does not happen."""
    return None


def twice(rule: Rule) -> Rule:
    """twice: the behaviour happens two times over."""

    def action(sync: Sync, fact: Fact) -> None:
        rule.action(sync, fact)
        rule.action(sync, fact)

    action.__doc__ = rule.action.__doc__
    return dataclasses.replace(rule, action=action)


def other_deployment(rule: Rule) -> Rule:
    """wrong_deployment: the behaviour of one deployment happens in the other one instead."""
    if rule.deployment is None:
        raise ValueError(f"rule {rule.name} holds in both deployments: it has no other one")
    flipped: Deployment = "no_gab" if rule.deployment == "gab" else "gab"
    return dataclasses.replace(rule, deployment=flipped)


def both_deployments(rule: Rule) -> Rule:
    """wrong_deployment: the behaviour of one deployment happens in both."""
    if rule.deployment is None:
        raise ValueError(f"rule {rule.name} holds in both deployments already")
    return dataclasses.replace(rule, deployment=None)


# -- wrong value, wrong record ---------------------------------------------------------------

_SWAPS = {
    "relationship_type": {"prospect": "customer", "customer": "prospect"},
    "relation_type": {"prospect": "customer", "customer": "prospect"},
    "account_type": {"prospect": "customer", "customer": "prospect"},
    "party_type": {"organization": "person", "person": "organization"},
    "status": {
        "draft": "active",
        "active": "draft",
        "won": "active",
        "created": "sent",
        "sent": "created",
        "confirmed": "sent",
    },
}


def _other_value(store: Store, column: str, value: Any) -> Any:
    """A value of ``column`` other than ``value``, of the right kind, so that the mutant writes
    something plausible (never something the store rejects)."""
    if column in _SWAPS:
        return _SWAPS[column][value]
    if column == "customer_group":
        return next(code for code in store.customer_groups() if code != value)
    if column == "roles":
        other = {"delivery": "invoice", "invoice": "delivery"}
        return json.dumps(sorted({other[role] for role in json.loads(value)} or {"delivery"}))
    if column == "lines":
        lines = json.loads(value)
        return json.dumps([{**lines[0], "quantity": lines[0]["quantity"] + 1}, *lines[1:]])
    if column in ("is_prospect", "is_customer", "retired"):
        return 1 - int(value)
    return f"{value}*"


def wrong_value(column: str) -> Variation:
    """wrong_value: what the behaviour writes to ``column`` is another value."""

    def alter(
        store: Store, table: str, where: dict[str, Any], values: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        if column in values:
            values = {**values, column: _other_value(store, column, values[column])}
        return where, values

    def variation(rule: Rule) -> Rule:
        return _with_store_altered(rule, alter)

    return variation


def _another_party(store: Store, number: Any) -> str:
    """The number of a prospect or customer other than ``number``: the most recently numbered
    one, else a number nobody has."""
    return store.other_party_number(number) or f"{number}*"


def _another_row(store: Store, table: str, column: str, value: Any) -> Any:
    """The ``column`` of another record of ``table`` than the one ``value`` names: the most
    recent one, else a value no record has."""
    other = store.other_record_key(table, column, value)
    return other if other is not None else f"{value}*"


def wrong_record(column: str) -> Variation:
    """wrong_record: the behaviour writes to another record than its own: an update changes
    another record of its table, an insert goes to another owner (the record ``column`` names is
    another prospect's)."""

    def alter(
        store: Store, table: str, where: dict[str, Any], values: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        if column in where:
            where = {**where, column: _another_row(store, table, column, where[column])}
        elif column in values:
            values = {**values, column: _another_party(store, values[column])}
        return where, values

    def variation(rule: Rule) -> Rule:
        return _with_store_altered(rule, alter)

    return variation


# -- extra effects ---------------------------------------------------------------------------


def _stray_scm_prospect(sync: Sync, fact: Fact) -> None:
    number = f"STRAY-{sync.store.count('scm_business_relation') + 1}"
    names = {"name": "stray", "first_name": None, "last_name": None}
    sync.store.add_business_relation(number, "organization", "prospect", names)


def _stray_sales_account(sync: Sync, fact: Fact) -> None:
    number = f"STRAY-{sync.store.count('sales_account') + 1}"
    sync.store.add_sales_account(number, "stray", "prospect")


def _other_accounts_renamed(sync: Sync, fact: Fact) -> None:
    for row in sync.store.sales_accounts():
        if row["number"] != fact.get("number"):
            sync.store.update_sales_account(row["number"], name=f"{row['name']}*")


def _other_relations_retired(sync: Sync, fact: Fact) -> None:
    for row in sync.store.business_relations():
        if row["number"] != fact.get("number"):
            sync.store.update_business_relation(row["number"], retired=1)


def _earlier_leads_removed(sync: Sync, fact: Fact) -> None:
    for row in sync.store.sales_leads()[:-1]:
        sync.store.delete_sales_lead(row["id"])


#: The extra effects a mutant may add to a behaviour: a record of the other system or the same
#: one created, or other records changed.
EXTRAS: dict[str, Callable[[Sync, Fact], None]] = {
    "stray_scm_prospect": _stray_scm_prospect,
    "stray_sales_account": _stray_sales_account,
    "other_accounts_renamed": _other_accounts_renamed,
    "other_relations_retired": _other_relations_retired,
    "earlier_leads_removed": _earlier_leads_removed,
}


def with_extra(extra: str) -> Variation:
    """extra_effect: the behaviour happens, and so does ``extra`` (one of :data:`EXTRAS`)."""
    effect = EXTRAS[extra]

    def variation(rule: Rule) -> Rule:
        def action(sync: Sync, fact: Fact) -> None:
            rule.action(sync, fact)
            effect(sync, fact)

        action.__doc__ = rule.action.__doc__
        return dataclasses.replace(rule, action=action)

    return variation


def replaced(function: Callable[[Sync, Fact], None]) -> Variation:
    """A variation written out: the rule's action is ``function`` (for a failure no generic
    variation expresses, such as a number taken from the wrong sequence)."""

    def variation(rule: Rule) -> Rule:
        return dataclasses.replace(rule, action=function)

    return variation
