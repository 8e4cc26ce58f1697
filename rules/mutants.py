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
from rules._sync import (
    RULES,
    _add_sales_address,
    _business_relation,
    _new_sales_contact_person,
    _prospect_customer_group,
    create_customer,
    create_sales_prospect_contact,
    create_scm_prospect,
    sales_account_becomes_customer,
)
from rules.adapter import ReferenceAdapter

#: How a mutant breaks the document: every mutant has one of these modes.
FAILURE_MODES = (
    # not_done: a documented effect does not happen (a sync, a conversion step, a status).
    "not_done",
    # wrong_value: the effect happens with a wrong value (a number, a type, a group, a flag).
    "wrong_value",
    # wrong_record: the effect lands on another record than the documented one.
    "wrong_record",
    # wrong_deployment: one deployment does what the document says of the other (GAB / no GAB).
    "wrong_deployment",
    # extra_effect: something the document does not say happens, happens.
    "extra_effect",
    # twice: an effect the document allows once happens again (written again, a number reused).
    "twice",
)


@dataclass(frozen=True)
class Mutant:
    """A variant of the reference: ``replaced`` rules get a new action, ``removed`` rules go."""

    name: str
    #: The requirements (ids of ``features/requirements.toml``) the mutant breaks.
    breaks: tuple[str, ...]
    description: str
    #: How it breaks them: one of :data:`FAILURE_MODES`.
    mode: str
    replaced: Mapping[str, Action] = field(default_factory=dict)
    removed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.mode not in FAILURE_MODES:
            raise ValueError(
                f"mutant {self.name}: unknown mode {self.mode!r}; one of {', '.join(FAILURE_MODES)}"
            )

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
    account = sync.store.take_number("scm_number_sequence", "customer")
    create_customer(sync, fact, account=account or "")


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


def _sales_account_of_type_customer(sync: Sync, fact: Fact) -> None:
    """S1.1 broken: the SCM prospect appears in Sales as an account of type Customer."""
    sync.store.insert(
        "sales_account", number=fact["number"], name=fact["name"], relationship_type="customer"
    )


def _sales_account_numbered_differently(sync: Sync, fact: Fact) -> None:
    """S1.1 broken: the Sales account gets a number of its own."""
    sync.store.insert(
        "sales_account",
        number="S-" + fact["number"],
        name=fact["name"],
        relationship_type="prospect",
    )


def _prospect_numbered_by_hand(sync: Sync, fact: Fact) -> None:
    """S1.1 broken: the prospect's number does not come from the prospect number sequence."""
    count = sync.store.one("SELECT COUNT(*) AS n FROM scm_business_relation")["n"]
    create_scm_prospect(sync, fact, f"MAN-{count + 1}")


def _contact_as_primary_contact(sync: Sync, fact: Fact) -> None:
    """S1.2 broken: with GAB the contact becomes the primary contact."""
    contact = _new_sales_contact_person(sync.store, fact)
    sync.store.update("sales_account", {"number": fact["number"]}, primary_contact=contact)


def _customer_group_not_from_parameters(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: conversion takes the first customer group, not the parameters' one."""
    sync.emit(
        "scm.conversion_requested",
        number=fact["number"],
        customer_group=_first_customer_group(sync),
    )
    sync.reply(customer_account=fact["number"])


def _role_less_address_synced(sync: Sync, fact: Fact) -> None:
    """S2.2 broken: an address without a role reaches SCM as a delivery address."""
    if _business_relation(sync.store, fact["number"]) is not None:
        sync.store.insert(
            "scm_address",
            owner_kind="business_relation",
            owner=fact["number"],
            role="delivery",
            **address_of(fact["address"]),
        )


def _no_address_lookup(sync: Sync, fact: Fact) -> None:
    """S6.2 broken: with GAB the quote has no address lookup."""
    sync.reply(addresses=None)


def _address_lookup_without_gab(sync: Sync, fact: Fact) -> None:
    """S6.2 broken: without GAB the quote still has an (empty) address lookup."""
    sync.reply(addresses=[])


def _prospect_of_type_customer(sync: Sync, fact: Fact) -> None:
    """Definition broken: the SCM prospect is a business relation of type Customer."""
    number = sync.store.take_number("scm_number_sequence", "prospect")
    create_scm_prospect(sync, fact, number or "", relation_type="customer")


def _number_changed_in_conversion(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: the number given in the converting process makes a customer account."""
    group = _prospect_customer_group(sync)
    account = fact.get("customer_account", fact["number"])
    if account != fact["number"]:
        sync.store.insert(
            "scm_customer",
            account=account,
            party_type="organization",
            name="converted",
            customer_group=group,
        )
    sync.emit("scm.conversion_requested", number=fact["number"], customer_group=group)
    sync.reply(customer_account=account)


def _addresses_duplicated_at_conversion(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: with GAB the conversion writes the Sales addresses again."""
    sales_account_becomes_customer(sync, fact)
    if sync.gab:
        for row in sync.store.all("SELECT * FROM sales_address WHERE owner = ?", fact["number"]):
            _add_sales_address(sync, fact["number"], row["role"], row, tab="addresses")


def _scm_prospect_numbered_differently(sync: Sync, fact: Fact) -> None:
    """S2.1 broken: the SCM business relation does not get the number selected in Sales."""
    sync.store.insert(
        "scm_business_relation",
        number="B-" + fact["number"],
        party_type="organization",
        name=fact["name"],
        relation_type="prospect",
    )


def _summary_addresses_synced(sync: Sync, fact: Fact) -> None:
    """S2.2 broken: without GAB the Summary tab's addresses reach SCM."""
    if _business_relation(sync.store, fact["number"]) is None:
        return
    sync.store.delete("scm_address", owner_kind="business_relation", owner=fact["number"])
    for row in sync.store.all(
        "SELECT * FROM sales_address WHERE owner = ? AND tab = 'summary'", fact["number"]
    ):
        sync.store.insert(
            "scm_address",
            owner_kind="business_relation",
            owner=fact["number"],
            role=row["role"],
            **address_of(row),
        )


def _group_from_parameters_not_chosen(sync: Sync, fact: Fact) -> None:
    """S2.3 broken: the customer group selected in Sales is ignored."""
    sync.emit(
        "scm.conversion_requested",
        number=fact["number"],
        customer_group=_prospect_customer_group(sync),
    )


def _person_prospect_not_flagged(sync: Sync, fact: Fact) -> None:
    """S3.1 broken: the person prospect's Sales contact has Is Prospect set to No."""
    sync.store.insert(
        "sales_contact",
        number=fact["number"],
        first_name=fact["first_name"],
        last_name=fact["last_name"],
        is_prospect=0,
        is_customer=0,
    )


def _customer_always_organization(sync: Sync, fact: Fact) -> None:
    """S3.3 broken: a person prospect becomes a customer account of type organization."""
    create_customer(sync, fact, account=fact["number"], party_type="organization")


def _prospect_id_from_first_name(sync: Sync, fact: Fact) -> None:
    """S4.1 broken: the person prospect's ID is the contact's first name."""
    create_sales_prospect_contact(sync, fact, number=fact["first_name"])


def _confirmation_without_sales_order(sync: Sync, fact: Fact) -> None:
    """S5.5 broken: confirming the quotation creates no sales order."""
    sync.store.update("scm_quotation", {"number": fact["quotation"]}, status="confirmed")
    sync.emit("scm.quotation_confirmed", number=fact["quotation"])
    sync.reply(sales_order="none")


def _quotation_conversion_group_not_from_parameters(sync: Sync, fact: Fact) -> None:
    """S5.4 broken: Convert to customer on the quotation takes the first customer group."""
    quotation = sync.store.one("SELECT * FROM scm_quotation WHERE number = ?", fact["quotation"])
    sync.store.update("scm_quotation", {"number": fact["quotation"]}, account_type="customer")
    sync.emit(
        "scm.conversion_requested",
        number=quotation["account"],
        customer_group=_first_customer_group(sync),
    )
    sync.reply(customer_account=quotation["account"])


def _order_conversion_group_not_from_parameters(sync: Sync, fact: Fact) -> None:
    """S6.3 broken: an order from a Sales quote converts with the first customer group."""
    sync.emit(
        "scm.conversion_requested",
        number=fact["number"],
        customer_group=_first_customer_group(sync),
    )


def _first_customer_group(sync: Sync) -> str:
    """The customer group that sorts first: not the one the parameters name."""
    return str(sync.store.one("SELECT code FROM scm_customer_group ORDER BY code")["code"])


MUTANTS: dict[str, Mutant] = {
    mutant.name: mutant
    for mutant in (
        Mutant(
            "customer_account_from_customer_sequence",
            breaks=("S1.3-b", "NUM-03", "S2.3-b", "S4.3-b", "S5.4-a", "S6.3-b"),
            description="the customer account number is taken from the customer sequence",
            mode="wrong_value",
            replaced={
                "scm_customer_created_with_prospect_number": (
                    _customer_account_from_customer_sequence
                ),
            },
        ),
        Mutant(
            "invoice_address_synced_without_gab",
            breaks=("S1.2-b", "S3.2-a"),
            description="without GAB the invoice address reaches Sales too",
            mode="wrong_deployment",
            replaced={
                "scm_prospect_invoice_address_not_synced_without_gab": (
                    _invoice_address_synced_without_gab
                ),
            },
        ),
        Mutant(
            "lead_creates_business_relation",
            breaks=("DEF-03",),
            description="a lead becomes a business relation of type Prospect",
            mode="extra_effect",
            replaced={"leads_are_not_integrated": _lead_creates_business_relation},
        ),
        Mutant(
            "conversion_does_not_retire_prospect",
            breaks=("S1.3-e", "S1.3-f", "S2.3-a", "S3.3-d", "S4.3-a", "S5.4-c", "S6.3-d"),
            description="the SCM prospect is neither retired nor of type Customer",
            mode="not_done",
            removed=("scm_prospect_retired_as_customer",),
        ),
        Mutant(
            "quote_not_marked_won",
            breaks=("S5.5-c",),
            description="the Sales quote is not updated to Won",
            mode="not_done",
            removed=("sales_quote_won_when_quotation_confirmed",),
        ),
        Mutant(
            "sales_prospect_account_of_type_customer",
            breaks=("DEF-02", "S1.1-b"),
            description="the SCM prospect appears in Sales as a customer account",
            mode="wrong_value",
            replaced={
                "scm_organization_prospect_becomes_sales_prospect_account": (
                    _sales_account_of_type_customer
                )
            },
        ),
        Mutant(
            "sales_account_numbered_differently",
            breaks=("NUM-01", "S1.1-c"),
            description="the Sales account gets a number of its own",
            mode="wrong_value",
            replaced={
                "scm_organization_prospect_becomes_sales_prospect_account": (
                    _sales_account_numbered_differently
                )
            },
        ),
        Mutant(
            "prospect_numbered_by_hand",
            breaks=("S1.1-a", "S3.1-a"),
            description="the prospect's number does not come from the prospect sequence",
            mode="wrong_value",
            replaced={"scm_prospect_numbered_from_prospect_sequence": _prospect_numbered_by_hand},
        ),
        Mutant(
            "contact_not_synced_to_sales",
            breaks=("S1.2-a",),
            description="the prospect's contact does not reach Sales",
            mode="not_done",
            removed=(
                "scm_contact_in_sales_associated_contacts_with_gab",
                "scm_contact_is_sales_primary_contact_without_gab",
            ),
        ),
        Mutant(
            "contact_placement_swapped",
            breaks=("S1.2-c",),
            description="with GAB the contact is the primary contact, not an associated one",
            mode="wrong_deployment",
            replaced={
                "scm_contact_in_sales_associated_contacts_with_gab": (_contact_as_primary_contact)
            },
        ),
        Mutant(
            "customer_group_not_from_parameters",
            breaks=("S1.3-d", "S3.3-c"),
            description="conversion in SCM ignores the Sales and marketing parameters' group",
            mode="wrong_value",
            replaced={
                "scm_prospect_converted_from_all_prospects": (_customer_group_not_from_parameters)
            },
        ),
        Mutant(
            "addresses_and_contacts_not_related_to_customer",
            breaks=("S1.3-g", "S3.3-e"),
            description="the new customer account has none of the prospect's addresses and "
            "contacts",
            mode="not_done",
            removed=("scm_addresses_and_contacts_related_to_new_customer",),
        ),
        Mutant(
            "sales_account_stays_prospect",
            breaks=("S1.3-h", "S5.4-d", "S6.3-a"),
            description="the Sales account stays of type Prospect after the conversion",
            mode="not_done",
            removed=("sales_account_becomes_customer",),
        ),
        Mutant(
            "invoice_address_not_synced_at_conversion",
            breaks=("S1.3-j",),
            description="without GAB the new customer's invoice address does not reach Sales",
            mode="not_done",
            removed=("invoice_address_synced_from_new_customer_without_gab",),
        ),
        Mutant(
            "sales_contact_not_synced_to_scm",
            breaks=("S2.1-c", "S2.3-d"),
            description="a contact created for the prospect in Sales does not reach SCM",
            mode="not_done",
            removed=("sales_account_contact_synced_to_scm_prospect",),
        ),
        Mutant(
            "role_less_address_synced",
            breaks=("S2.2-c", "S4.2-c"),
            description="an address without a role reaches SCM",
            mode="extra_effect",
            replaced={"sales_address_without_role_not_synced": _role_less_address_synced},
        ),
        Mutant(
            "sales_addresses_not_synced_with_gab",
            breaks=("S2.2-a", "S2.3-e", "S4.2-a", "S4.3-d"),
            description="with GAB the addresses added in Sales do not reach SCM",
            mode="not_done",
            removed=("sales_address_with_role_synced_to_scm_with_gab",),
        ),
        Mutant(
            "person_contact_flags_unchanged",
            breaks=("S3.3-f",),
            description="the Sales contact keeps Is Prospect Yes and Is Customer No",
            mode="not_done",
            removed=("sales_contact_becomes_customer",),
        ),
        Mutant(
            "person_contacts_not_associated",
            breaks=("S3.3-g",),
            description="the person customer's contact is not in its Associated Contacts tab",
            mode="not_done",
            removed=("person_customer_contacts_in_sales_associated_contacts",),
        ),
        Mutant(
            "person_contact_not_in_contacts_for_party",
            breaks=("S3.2-b",),
            description="with GAB the person prospect's contact is not in Contacts for Party",
            mode="not_done",
            removed=("scm_person_contact_in_sales_contacts_for_party_with_gab",),
        ),
        Mutant(
            "sales_order_not_synced_to_sales",
            breaks=("S5.5-b",),
            description="the SCM sales order does not reach Sales",
            mode="not_done",
            removed=("scm_sales_order_synced_to_sales",),
        ),
        Mutant(
            "scm_quotation_not_confirmed",
            breaks=("S6.3-e",),
            description="an order created in Sales leaves the SCM quotation unconfirmed",
            mode="not_done",
            removed=("scm_quotation_confirmed_when_order_created_in_sales",),
        ),
        Mutant(
            "no_address_lookup_with_gab",
            breaks=("S6.2-a",),
            description="with GAB the quote has no address lookup",
            mode="wrong_deployment",
            replaced={
                "quote_address_lookup_offers_delivery_addresses_with_gab": (_no_address_lookup)
            },
        ),
        Mutant(
            "address_lookup_without_gab",
            breaks=("S6.2-b",),
            description="without GAB the quote still has an address lookup",
            mode="wrong_deployment",
            replaced={"quote_has_no_address_lookup_without_gab": _address_lookup_without_gab},
        ),
        Mutant(
            "prospect_of_type_customer",
            breaks=("DEF-01",),
            description="the SCM prospect is a business relation of type Customer",
            mode="wrong_value",
            replaced={"scm_prospect_numbered_from_prospect_sequence": _prospect_of_type_customer},
        ),
        Mutant(
            "overlapping_number_not_refused",
            breaks=("NUM-02",),
            description="a conversion onto an existing customer account is not refused",
            mode="twice",
            removed=("conversion_refused_when_the_customer_account_exists",),
        ),
        Mutant(
            "no_customer_account_created",
            breaks=("S1.3-a",),
            description="conversion creates no customer account",
            mode="not_done",
            removed=("scm_customer_created_with_prospect_number",),
        ),
        Mutant(
            "number_changed_in_conversion",
            breaks=("S1.3-c", "S3.3-b"),
            description="the number given in the converting process makes a customer account",
            mode="wrong_record",
            replaced={"scm_prospect_converted_from_all_prospects": (_number_changed_in_conversion)},
        ),
        Mutant(
            "addresses_duplicated_at_conversion",
            breaks=("S1.3-i",),
            description="with GAB the conversion changes the synchronized Sales addresses",
            mode="twice",
            replaced={"sales_account_becomes_customer": _addresses_duplicated_at_conversion},
        ),
        Mutant(
            "scm_prospect_numbered_differently",
            breaks=("S2.1-a", "S2.1-b"),
            description="the SCM business relation does not get the number selected in Sales",
            mode="wrong_value",
            replaced={
                "sales_prospect_account_becomes_scm_organization_prospect": (
                    _scm_prospect_numbered_differently
                )
            },
        ),
        Mutant(
            "summary_addresses_synced",
            breaks=("S2.2-b", "S2.3-f", "S4.2-b", "S4.3-e"),
            description="without GAB the Summary tab's addresses reach SCM",
            mode="extra_effect",
            replaced={"sales_summary_addresses_not_synced_to_scm": _summary_addresses_synced},
        ),
        Mutant(
            "customer_group_chosen_in_sales_ignored",
            breaks=("S2.3-c", "S4.3-c"),
            description="the customer group selected in Sales is ignored",
            mode="wrong_value",
            replaced={
                "scm_prospect_converted_with_group_chosen_in_sales": (
                    _group_from_parameters_not_chosen
                )
            },
        ),
        Mutant(
            "person_prospect_not_flagged",
            breaks=("S3.1-b",),
            description="the person prospect's Sales contact has Is Prospect set to No",
            mode="wrong_value",
            replaced={
                "scm_person_prospect_becomes_sales_prospect_contact": (_person_prospect_not_flagged)
            },
        ),
        Mutant(
            "customer_always_organization",
            breaks=("S3.3-a",),
            description="a person prospect becomes a customer account of type organization",
            mode="wrong_value",
            replaced={"scm_customer_created_with_prospect_number": _customer_always_organization},
        ),
        Mutant(
            "prospect_id_from_first_name",
            breaks=("S4.1-a",),
            description="the person prospect's ID is the contact's first name",
            mode="wrong_value",
            replaced={
                "sales_prospect_contact_numbered_by_last_name": (_prospect_id_from_first_name)
            },
        ),
        Mutant(
            "confirmation_without_sales_order",
            breaks=("S5.5-a",),
            description="confirming the quotation creates no sales order",
            mode="not_done",
            replaced={
                "scm_confirmed_quotation_creates_sales_order": (_confirmation_without_sales_order)
            },
        ),
        Mutant(
            "quotation_conversion_group_not_from_parameters",
            breaks=("S5.4-b",),
            description="Convert to customer on the quotation ignores the parameters' group",
            mode="wrong_value",
            replaced={
                "scm_quotation_prospect_converted_to_customer": (
                    _quotation_conversion_group_not_from_parameters
                )
            },
        ),
        Mutant(
            "order_conversion_group_not_from_parameters",
            breaks=("S6.3-c",),
            description="an order from a Sales quote ignores the parameters' customer group",
            mode="wrong_value",
            replaced={
                "scm_prospect_converted_when_ordered_in_sales": (
                    _order_conversion_group_not_from_parameters
                )
            },
        ),
        Mutant(
            "sales_order_not_synced_to_scm",
            breaks=("S6.3-f",),
            description="the order created in Sales does not reach SCM",
            mode="not_done",
            removed=("sales_order_synced_to_scm",),
        ),
    )
}


def __getattr__(name: str) -> Any:
    """``rules.mutants.<name>`` is the adapter factory of mutant ``name``."""
    if name in MUTANTS:
        return MUTANTS[name].adapter
    raise AttributeError(f"module 'rules.mutants' has no mutant {name!r}; known: {sorted(MUTANTS)}")
