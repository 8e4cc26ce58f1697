"""Deliberately broken variants of the reference implementation ("mutants").

Each mutant is the reference's rules with a few named rules replaced or removed, and breaks one
requirement of the source document. The kit must fail every one of them: that is the evidence that
the features catch the breakage they claim to catch.

Every mutant is also an adapter factory: ``p2c certify --adapter rules.mutants:<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rules._engine import Action, Fact, Rule, Sync
from rules._store import address_of
from rules._sync import RULES
from rules.adapter import ReferenceAdapter


@dataclass(frozen=True)
class Mutant:
    """A variant of the reference: ``replaced`` rules get a new action, ``removed`` rules go."""

    name: str
    breaks: str
    replaced: Mapping[str, Action] = field(default_factory=dict)
    removed: tuple[str, ...] = ()

    def rules(self) -> dict[str, Rule]:
        unknown = (set(self.replaced) | set(self.removed)) - set(RULES)
        if unknown:
            raise KeyError(f"mutant {self.name} names unknown rules: {sorted(unknown)}")
        rules = {name: rule for name, rule in RULES.items() if name not in self.removed}
        for name, action in self.replaced.items():
            rules[name] = Rule(name, RULES[name].condition, action)
        return rules

    def adapter(self) -> ReferenceAdapter:
        return ReferenceAdapter(rules=self.rules(), variant=self.name)


def _customer_account_from_customer_sequence(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: the customer account number is taken from the customer number sequence."""
    relation = sync.store.one(
        "SELECT * FROM scm_business_relation WHERE number = ?", fact["number"]
    )
    account = sync.store.take_number("scm_number_sequence", "customer")
    sync.store.insert(
        "scm_customer",
        account=account,
        party_type=relation["party_type"],
        name=relation["name"],
        customer_group=fact["customer_group"],
    )
    sync.emit(
        "scm.prospect_converted",
        number=fact["number"],
        account=account,
        party_type=relation["party_type"],
        customer_group=fact["customer_group"],
    )


def _invoice_address_synced_without_gab(sync: Sync, fact: Fact) -> None:
    """S1.2 broken: without GAB the prospect's invoice address reaches Sales."""
    sync.store.insert(
        "sales_address",
        owner=fact["number"],
        tab="summary",
        role="invoice",
        **address_of(fact["address"]),
    )


def _lead_creates_business_relation(sync: Sync, fact: Fact) -> None:
    """Definition broken: a lead becomes a business relation of type Prospect in SCM."""
    count = sync.store.one("SELECT COUNT(*) AS n FROM scm_business_relation")["n"]
    sync.store.insert(
        "scm_business_relation",
        number=f"LEAD-{count + 1}",
        party_type="organization",
        name="lead",
        relation_type="prospect",
    )


MUTANTS: dict[str, Mutant] = {
    mutant.name: mutant
    for mutant in (
        Mutant(
            "customer_account_from_customer_sequence",
            breaks="S1.3: the customer account number is the same as the prospect number",
            replaced={
                "scm_customer_created_with_prospect_number": (
                    _customer_account_from_customer_sequence
                ),
            },
        ),
        Mutant(
            "invoice_address_synced_without_gab",
            breaks="S1.2: without GAB only the delivery address is created in Sales",
            replaced={
                "scm_prospect_invoice_address_not_synced_without_gab": (
                    _invoice_address_synced_without_gab
                ),
            },
        ),
        Mutant(
            "lead_creates_business_relation",
            breaks="Definition: leads are completely different from prospects",
            replaced={"leads_are_not_integrated": _lead_creates_business_relation},
        ),
        Mutant(
            "conversion_does_not_retire_prospect",
            breaks="S1.3: the SCM prospect is retired and its relationship type becomes Customer",
            removed=("scm_prospect_retired_as_customer",),
        ),
        Mutant(
            "quote_not_marked_won",
            breaks="S5.5: the sales quotation in Sales is updated to won",
            removed=("sales_quote_won_when_quotation_confirmed",),
        ),
    )
}


def __getattr__(name: str) -> Any:
    """``rules.mutants.<name>`` is the adapter factory of mutant ``name``."""
    if name in MUTANTS:
        return MUTANTS[name].adapter
    raise AttributeError(f"module 'rules.mutants' has no mutant {name!r}; known: {sorted(MUTANTS)}")
