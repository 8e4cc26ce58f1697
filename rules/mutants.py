"""Deliberately broken variants of the reference implementation ("mutants").

Each mutant is the reference's rules with one or a few named rules varied (``rules/_variations.py``:
removed, done twice, with a wrong value, to the wrong record, in the wrong deployment, with an
extra effect), and breaks requirements of the source document in one failure mode. The kit must
fail every one of them: that is the evidence that the features catch the breakage they claim to
catch. Mutants whose variation another rule undoes, or that break nothing the document states,
are not declared.

Every mutant is also an adapter factory: ``p2c certify --adapter p2c_reference.mutants:<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from p2c_kit import render_number
from p2c_reference._engine import Fact, Rule, Sync
from p2c_reference._store import address_of, roles_of, stored_roles
from p2c_reference._sync import (
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
from p2c_reference._variations import (
    Variation,
    both_deployments,
    other_deployment,
    removed,
    replaced,
    twice,
    with_extra,
    wrong_record,
    wrong_value,
)
from p2c_reference.adapter import ReferenceAdapter

#: The ways a requirement can break, each a failure mode of the mutants:
FAILURE_MODES = (
    "not_done",  # what the document says happens does not
    "wrong_value",  # it happens, with a wrong value
    "wrong_record",  # it happens to another record than the one it concerns
    "wrong_deployment",  # it happens in the deployment it does not hold in
    "extra_effect",  # it happens, and something else happens too, on another record or system
    "twice",  # it happens two times over
)

_rules_of: dict[str, dict[str, Rule]] = {}  # a mutant's rules, built once: see Mutant.rules


@dataclass(frozen=True)
class Mutant:
    """A variant of the reference: each rule ``variations`` names is varied (or removed)."""

    name: str
    mode: str
    #: The requirements (ids of ``features/requirements.toml``) the mutant breaks.
    breaks: tuple[str, ...]
    description: str
    variations: Mapping[str, Variation]

    def __post_init__(self) -> None:
        if self.mode not in FAILURE_MODES:
            raise ValueError(f"mutant {self.name}: unknown failure mode {self.mode!r}")
        unknown = sorted(set(self.variations) - set(RULES))
        if unknown:
            raise ValueError(f"mutant {self.name} names unknown rules: {unknown}")
        if not self.breaks:
            raise ValueError(f"mutant {self.name} names no requirement it breaks")

    def rules(self) -> dict[str, Rule]:
        """The reference's rules, varied. Built once per process: durable-rules declares a
        ruleset once, and the same mutant must always be the same rules."""
        if self.name not in _rules_of:
            rules = dict(RULES)
            for name, vary in self.variations.items():
                varied = vary(RULES[name])
                if varied is None:
                    del rules[name]
                else:
                    rules[name] = varied
            _rules_of[self.name] = rules
        return _rules_of[self.name]

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
        roles=stored_roles(["invoice"]),
        **address_of(fact["address"]),
    )


def _prospect_numbered_by_hand(sync: Sync, fact: Fact) -> None:
    """S1.1 broken: the prospect's number does not come from the prospect number sequence."""
    count = sync.store.one("SELECT COUNT(*) AS n FROM scm_business_relation")["n"]
    create_scm_prospect(sync, fact, f"MAN-{count + 1}")


def _prospect_numbered_without_moving_the_sequence_on(sync: Sync, fact: Fact) -> None:
    """S1.1 broken: the prospect gets the sequence's next number, which stays next."""
    row = sync.store.one("SELECT format, next FROM scm_number_sequence WHERE code = 'prospect'")
    create_scm_prospect(sync, fact, render_number(row["format"], row["next"]) or "")


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
            roles=stored_roles(["delivery"]),
            **address_of(fact["address"]),
        )


def _role_less_address_synced_without_role(sync: Sync, fact: Fact) -> None:
    """S2.2 broken: an address without a role reaches SCM, without a role."""
    if _business_relation(sync.store, fact["number"]) is not None:
        sync.store.insert(
            "scm_address",
            owner_kind="business_relation",
            owner=fact["number"],
            roles=stored_roles([]),
            **address_of(fact["address"]),
        )


def _no_address_lookup(sync: Sync, fact: Fact) -> None:
    """S6.2 broken: with GAB the quote has no address lookup."""
    sync.reply(addresses=None)


def _address_lookup_without_gab(sync: Sync, fact: Fact) -> None:
    """S6.2 broken: without GAB the quote still has an (empty) address lookup."""
    sync.reply(addresses=[])


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
            _add_sales_address(sync, fact["number"], roles_of(row), row, tab="addresses")


def _sales_contact_renamed_at_conversion(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: with GAB the conversion changes the synchronized contact's name in Sales."""
    sales_account_becomes_customer(sync, fact)
    if sync.gab:
        for row in sync.store.all(
            "SELECT c.id, c.last_name FROM sales_contact c JOIN sales_contact_link l"
            " ON l.contact = c.id WHERE l.owner = ?",
            fact["number"],
        ):
            sync.store.update("sales_contact", {"id": row["id"]}, last_name=f"{row['last_name']}*")


def _sales_addresses_recreated_at_conversion(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: with GAB the conversion deletes the synchronized Sales addresses and creates
    them again: the same contents, new records."""
    sales_account_becomes_customer(sync, fact)
    if sync.gab:
        rows = sync.store.all(
            "SELECT * FROM sales_address WHERE owner = ? ORDER BY id", fact["number"]
        )
        sync.store.delete("sales_address", owner=fact["number"])
        for row in rows:
            sync.store.insert(
                "sales_address",
                owner=row["owner"],
                tab=row["tab"],
                roles=row["roles"],
                **address_of(row),
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
            roles=row["roles"],
            **address_of(row),
        )


def _group_from_parameters_not_chosen(sync: Sync, fact: Fact) -> None:
    """S2.3 broken: the customer group selected in Sales is ignored."""
    sync.emit(
        "scm.conversion_requested",
        number=fact["number"],
        customer_group=_prospect_customer_group(sync),
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


#: The requirements each rule of the reference implements (ids of features/requirements.toml):
#: what a variation of the rule breaks, unless the variation says otherwise.
IMPLEMENTS: dict[str, tuple[str, ...]] = {
    "sales_lead_created": ("DEF-03",),
    "leads_are_not_integrated": ("DEF-03",),
    "scm_prospect_numbered_from_prospect_sequence": ("S1.1-a", "S3.1-a", "DEF-01"),
    "scm_organization_prospect_becomes_sales_prospect_account": (
        "S1.1-b",
        "S1.1-c",
        "DEF-02",
        "NUM-01",
    ),
    "scm_address_added": ("S1.2-b", "S3.2-a", "S1.3-g", "S3.3-e"),
    "scm_address_synced_to_sales_with_gab": ("S1.2-b", "S3.2-a"),
    "scm_delivery_address_synced_to_sales_without_gab": ("S1.2-b", "S3.2-a"),
    "scm_contact_person_created": ("S1.2-a", "S1.3-g", "S3.3-e"),
    "scm_contact_in_sales_associated_contacts_with_gab": ("S1.2-a", "S1.2-c"),
    "scm_contact_is_sales_primary_contact_without_gab": ("S1.2-a", "S1.2-c"),
    "scm_customer_created_with_prospect_number": (
        "S1.3-a",
        "S1.3-d",
        "S2.3-c",
        "S3.3-a",
        "S3.3-c",
        "S5.4-b",
        "S6.3-c",
    ),
    "scm_prospect_retired_as_customer": (
        "S1.3-e",
        "S1.3-f",
        "S2.3-a",
        "S3.3-d",
        "S4.3-a",
        "S5.4-c",
        "S6.3-d",
    ),
    "scm_addresses_and_contacts_related_to_new_customer": (
        "S1.3-g",
        "S3.3-e",
        "S2.3-d",
        "S2.3-e",
        "S4.3-d",
    ),
    "sales_account_becomes_customer": ("S1.3-h", "S5.4-d", "S6.3-a"),
    # without GAB only: with GAB, the note's "no changes to the already created and synchronized
    # delivery and invoice addresses" is this rule's not holding there
    "invoice_address_synced_from_new_customer_without_gab": ("S1.3-j", "S1.3-i"),
    "sales_prospect_account_created_with_user_number": ("S2.1-a", "DEF-02"),
    "sales_prospect_account_becomes_scm_organization_prospect": ("S2.1-b", "NUM-01", "DEF-01"),
    "sales_contact_person_created": ("S2.1-c",),
    "sales_account_contact_synced_to_scm_prospect": ("S2.1-c", "S2.3-d"),
    "address_role_refused_without_gab": ("S2.2-d", "S4.2-d"),
    "sales_address_added_on_addresses_tab": ("S2.2-a", "S4.2-a"),
    "sales_address_with_role_synced_to_scm_with_gab": ("S2.2-a", "S4.2-a", "S2.3-e", "S4.3-d"),
    "sales_summary_address_set": ("S2.2-b", "S4.2-b"),
    "sales_account_relationship_type_changed_to_customer": ("S2.3-a", "S2.3-b"),
    "scm_prospect_converted_with_group_chosen_in_sales": ("S2.3-a", "S4.3-a"),
    "scm_person_prospect_becomes_sales_prospect_contact": ("S3.1-b", "NUM-01"),
    "scm_person_contact_in_sales_contacts_for_party_with_gab": ("S3.2-b",),
    "sales_contact_becomes_customer": ("S3.3-f",),
    "person_customer_contacts_in_sales_associated_contacts": ("S3.3-g",),
    "sales_prospect_contact_numbered_by_last_name": ("S4.1-a",),
    "sales_prospect_contact_becomes_scm_person_prospect": ("S4.1-a", "NUM-01"),
    "sales_contact_is_customer_set_to_yes": ("S4.3-a", "S4.3-b"),
    "scm_quotation_created_for_prospect": ("S5.5-a",),
    "scm_quotation_synced_to_sales_quote": ("S5.5-c",),
    "scm_quotation_prospect_converted_to_customer": ("S5.4-a", "S5.4-c"),
    "scm_confirmed_quotation_creates_sales_order": ("S5.5-a",),
    "scm_sales_order_synced_to_sales": ("S5.5-b",),
    "sales_quote_won_when_quotation_confirmed": ("S5.5-c",),
    "sales_quote_created_for_prospect_account": ("S6.3-f",),
    "sales_quote_synced_to_scm_quotation": ("S6.3-e",),
    "quote_address_lookup_offers_delivery_addresses_with_gab": ("S6.2-a",),
    "quote_ship_to_chosen_from_address_lookup": ("S6.2-a",),
    "sales_order_created_from_active_quote": ("S6.3-a", "S6.3-f"),
    "scm_prospect_converted_when_ordered_in_sales": ("S6.3-b", "S6.3-d"),
    "scm_quotation_confirmed_when_order_created_in_sales": ("S6.3-e",),
    "sales_order_synced_to_scm": ("S6.3-f",),
}

#: Variations of one rule each, by failure mode: (rule, what varies, mode, variation, what the
#: mutant does). The mutant is named ``<rule>__<what varies>``.
_VARIED: tuple[tuple[str, str, str, Variation, str], ...] = (
    ("sales_lead_created", "not_done", "not_done", removed, "no lead is created in Sales"),
    ("sales_lead_created", "twice", "twice", twice, "a lead is created twice"),
    (
        "leads_are_not_integrated",
        "stray_sales_account",
        "extra_effect",
        with_extra("stray_sales_account"),
        "a lead makes an account in Sales",
    ),
    (
        "scm_prospect_numbered_from_prospect_sequence",
        "wrong_party_type",
        "wrong_value",
        wrong_value("party_type"),
        "the SCM prospect gets the other party type",
    ),
    (
        "scm_prospect_numbered_from_prospect_sequence",
        "twice",
        "twice",
        twice,
        "creating a prospect in SCM creates two",
    ),
    (
        "scm_prospect_numbered_from_prospect_sequence",
        "stray_sales_account",
        "extra_effect",
        with_extra("stray_sales_account"),
        "creating a prospect in SCM also creates an unrelated Sales account",
    ),
    (
        "scm_prospect_numbered_from_prospect_sequence",
        "other_relations_retired",
        "extra_effect",
        with_extra("other_relations_retired"),
        "creating a prospect in SCM retires the other business relations",
    ),
    (
        "scm_organization_prospect_becomes_sales_prospect_account",
        "not_done",
        "not_done",
        removed,
        "the SCM prospect does not reach Sales",
    ),
    (
        "scm_organization_prospect_becomes_sales_prospect_account",
        "stray_scm_prospect",
        "extra_effect",
        with_extra("stray_scm_prospect"),
        "the Sales account of an SCM prospect comes with a second business relation in SCM",
    ),
    ("scm_address_added", "not_done", "not_done", removed, "an address added in SCM is lost"),
    (
        "scm_address_added",
        "wrong_roles",
        "wrong_value",
        wrong_value("roles"),
        "an address added in SCM gets the other role",
    ),
    (
        "scm_address_added",
        "wrong_street",
        "wrong_value",
        wrong_value("street"),
        "an address added in SCM is stored with another street",
    ),
    (
        "scm_address_added",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "an address added in SCM goes to another prospect",
    ),
    ("scm_address_added", "twice", "twice", twice, "an address added in SCM is stored twice"),
    (
        "scm_address_synced_to_sales_with_gab",
        "not_done",
        "not_done",
        removed,
        "with GAB the SCM addresses do not reach Sales",
    ),
    (
        "scm_address_synced_to_sales_with_gab",
        "wrong_roles",
        "wrong_value",
        wrong_value("roles"),
        "with GAB an SCM address reaches Sales with the other role",
    ),
    (
        "scm_address_synced_to_sales_with_gab",
        "wrong_city",
        "wrong_value",
        wrong_value("city"),
        "with GAB an SCM address reaches Sales with another city",
    ),
    (
        "scm_address_synced_to_sales_with_gab",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "with GAB an SCM address reaches another Sales account",
    ),
    (
        "scm_address_synced_to_sales_with_gab",
        "twice",
        "twice",
        twice,
        "with GAB an SCM address reaches Sales twice",
    ),
    (
        "scm_address_synced_to_sales_with_gab",
        "other_deployment",
        "wrong_deployment",
        other_deployment,
        "the SCM addresses reach Sales with all their roles without GAB, and not with it",
    ),
    (
        "scm_address_synced_to_sales_with_gab",
        "both_deployments",
        "wrong_deployment",
        both_deployments,
        "the SCM addresses reach Sales with all their roles without GAB too",
    ),
    (
        "scm_delivery_address_synced_to_sales_without_gab",
        "not_done",
        "not_done",
        removed,
        "without GAB the delivery address does not reach Sales",
    ),
    (
        "scm_delivery_address_synced_to_sales_without_gab",
        "wrong_roles",
        "wrong_value",
        wrong_value("roles"),
        "without GAB the delivery address reaches Sales as an invoice address",
    ),
    (
        "scm_delivery_address_synced_to_sales_without_gab",
        "wrong_postal_code",
        "wrong_value",
        wrong_value("postal_code"),
        "without GAB the delivery address reaches Sales with another postal code",
    ),
    (
        "scm_delivery_address_synced_to_sales_without_gab",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "without GAB the delivery address reaches another Sales record",
    ),
    (
        "scm_delivery_address_synced_to_sales_without_gab",
        "other_deployment",
        "wrong_deployment",
        other_deployment,
        "the delivery-only sync of no GAB happens with GAB instead",
    ),
    (
        "scm_delivery_address_synced_to_sales_without_gab",
        "both_deployments",
        "wrong_deployment",
        both_deployments,
        "the delivery-only sync of no GAB happens with GAB too",
    ),
    ("scm_contact_person_created", "not_done", "not_done", removed, "an SCM contact is lost"),
    (
        "scm_contact_person_created",
        "wrong_last_name",
        "wrong_value",
        wrong_value("last_name"),
        "an SCM contact is stored with another last name",
    ),
    (
        "scm_contact_person_created",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "an SCM contact goes to another prospect",
    ),
    ("scm_contact_person_created", "twice", "twice", twice, "an SCM contact is stored twice"),
    (
        "scm_contact_in_sales_associated_contacts_with_gab",
        "not_done",
        "not_done",
        removed,
        "with GAB the contact does not reach Sales",
    ),
    (
        "scm_contact_in_sales_associated_contacts_with_gab",
        "twice",
        "twice",
        twice,
        "with GAB the contact reaches Sales twice",
    ),
    (
        "scm_contact_in_sales_associated_contacts_with_gab",
        "wrong_first_name",
        "wrong_value",
        wrong_value("first_name"),
        "with GAB the contact reaches Sales with another first name",
    ),
    (
        "scm_contact_in_sales_associated_contacts_with_gab",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "with GAB the contact is associated with another account",
    ),
    (
        "scm_contact_in_sales_associated_contacts_with_gab",
        "other_deployment",
        "wrong_deployment",
        other_deployment,
        "the contact is an associated contact without GAB, and not with it",
    ),
    (
        "scm_contact_in_sales_associated_contacts_with_gab",
        "both_deployments",
        "wrong_deployment",
        both_deployments,
        "the contact is an associated contact without GAB too",
    ),
    (
        "scm_contact_is_sales_primary_contact_without_gab",
        "not_done",
        "not_done",
        removed,
        "without GAB the contact does not reach Sales",
    ),
    (
        "scm_contact_is_sales_primary_contact_without_gab",
        "wrong_first_name",
        "wrong_value",
        wrong_value("first_name"),
        "without GAB the contact reaches Sales with another first name",
    ),
    (
        "scm_contact_is_sales_primary_contact_without_gab",
        "wrong_account",
        "wrong_record",
        wrong_record("number"),
        "without GAB the contact is the primary contact of another account",
    ),
    (
        "scm_contact_is_sales_primary_contact_without_gab",
        "other_deployment",
        "wrong_deployment",
        other_deployment,
        "the contact is the primary contact with GAB, and not without it",
    ),
    (
        "scm_contact_is_sales_primary_contact_without_gab",
        "both_deployments",
        "wrong_deployment",
        both_deployments,
        "the contact is the primary contact with GAB too",
    ),
    (
        "scm_customer_created_with_prospect_number",
        "wrong_customer_group",
        "wrong_value",
        wrong_value("customer_group"),
        "the customer account gets another customer group than the conversion's",
    ),
    (
        "scm_customer_created_with_prospect_number",
        "stray_sales_account",
        "extra_effect",
        with_extra("stray_sales_account"),
        "a conversion also creates an unrelated Sales account",
    ),
    (
        "scm_customer_created_with_prospect_number",
        "other_relations_retired",
        "extra_effect",
        with_extra("other_relations_retired"),
        "a conversion retires every other business relation too",
    ),
    (
        "scm_prospect_retired_as_customer",
        "not_retired",
        "wrong_value",
        wrong_value("retired"),
        "the converted prospect is not retired",
    ),
    (
        "scm_prospect_retired_as_customer",
        "wrong_relation_type",
        "wrong_value",
        wrong_value("relation_type"),
        "the converted prospect keeps relation type Prospect",
    ),
    (
        "scm_prospect_retired_as_customer",
        "wrong_relation",
        "wrong_record",
        wrong_record("number"),
        "the conversion retires another business relation than the prospect",
    ),
    (
        "scm_prospect_retired_as_customer",
        "other_relations_retired",
        "extra_effect",
        with_extra("other_relations_retired"),
        "the conversion retires every other business relation too",
    ),
    (
        "scm_addresses_and_contacts_related_to_new_customer",
        "copies",
        "wrong_value",
        wrong_value("party_record"),
        "the customer gets copies of the prospect's addresses and contacts, not the same ones",
    ),
    (
        "scm_addresses_and_contacts_related_to_new_customer",
        "wrong_roles",
        "wrong_value",
        wrong_value("roles"),
        "the customer's addresses get the other roles",
    ),
    (
        "scm_addresses_and_contacts_related_to_new_customer",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "the prospect's addresses and contacts are related to another customer",
    ),
    (
        "scm_addresses_and_contacts_related_to_new_customer",
        "twice",
        "twice",
        twice,
        "the prospect's addresses and contacts are related to the customer twice",
    ),
    (
        "sales_account_becomes_customer",
        "wrong_relationship_type",
        "wrong_value",
        wrong_value("relationship_type"),
        "the Sales account stays a prospect",
    ),
    (
        "sales_account_becomes_customer",
        "wrong_account",
        "wrong_record",
        wrong_record("number"),
        "another Sales account becomes the customer",
    ),
    (
        "sales_account_becomes_customer",
        "other_accounts_renamed",
        "extra_effect",
        with_extra("other_accounts_renamed"),
        "a conversion renames every other Sales account",
    ),
    (
        "invoice_address_synced_from_new_customer_without_gab",
        "other_deployment",
        "wrong_deployment",
        other_deployment,
        "the invoice address reaches Sales at the conversion with GAB, and not without",
    ),
    (
        "invoice_address_synced_from_new_customer_without_gab",
        "both_deployments",
        "wrong_deployment",
        both_deployments,
        "the invoice address reaches Sales again at the conversion with GAB too",
    ),
    (
        "invoice_address_synced_from_new_customer_without_gab",
        "wrong_roles",
        "wrong_value",
        wrong_value("roles"),
        "without GAB the invoice address reaches Sales at the conversion as a delivery address",
    ),
    (
        "invoice_address_synced_from_new_customer_without_gab",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "without GAB the invoice address reaches another Sales record at the conversion",
    ),
    (
        "sales_prospect_account_created_with_user_number",
        "not_done",
        "not_done",
        removed,
        "creating a prospect account in Sales does nothing",
    ),
    (
        "sales_prospect_account_created_with_user_number",
        "wrong_number",
        "wrong_value",
        wrong_value("number"),
        "the Sales account gets another number than the user selected",
    ),
    (
        "sales_prospect_account_created_with_user_number",
        "wrong_relationship_type",
        "wrong_value",
        wrong_value("relationship_type"),
        "the Sales prospect account is created as a customer",
    ),
    (
        "sales_prospect_account_created_with_user_number",
        "stray_scm_prospect",
        "extra_effect",
        with_extra("stray_scm_prospect"),
        "a prospect account created in Sales also makes an unrelated SCM business relation",
    ),
    (
        "sales_prospect_account_becomes_scm_organization_prospect",
        "not_done",
        "not_done",
        removed,
        "a prospect account created in Sales does not reach SCM",
    ),
    (
        "sales_prospect_account_becomes_scm_organization_prospect",
        "wrong_relation_type",
        "wrong_value",
        wrong_value("relation_type"),
        "a prospect account created in Sales reaches SCM as a customer relation",
    ),
    (
        "sales_prospect_account_becomes_scm_organization_prospect",
        "wrong_party_type",
        "wrong_value",
        wrong_value("party_type"),
        "a prospect account created in Sales reaches SCM as a person",
    ),
    (
        "sales_prospect_account_becomes_scm_organization_prospect",
        "stray_sales_account",
        "extra_effect",
        with_extra("stray_sales_account"),
        "a prospect account created in Sales makes a second Sales account",
    ),
    ("sales_contact_person_created", "not_done", "not_done", removed, "a Sales contact is lost"),
    ("sales_contact_person_created", "twice", "twice", twice, "a Sales contact is created twice"),
    (
        "sales_contact_person_created",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "a Sales contact is linked to another account or contact",
    ),
    (
        "sales_account_contact_synced_to_scm_prospect",
        "twice",
        "twice",
        twice,
        "a Sales contact reaches SCM twice",
    ),
    (
        "sales_account_contact_synced_to_scm_prospect",
        "wrong_first_name",
        "wrong_value",
        wrong_value("first_name"),
        "a Sales contact reaches SCM with another first name",
    ),
    (
        "sales_account_contact_synced_to_scm_prospect",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "a Sales contact reaches another prospect in SCM",
    ),
    (
        "address_role_refused_without_gab",
        "not_done",
        "not_done",
        removed,
        "without GAB an address added in Sales keeps the role chosen",
    ),
    (
        "address_role_refused_without_gab",
        "other_deployment",
        "wrong_deployment",
        other_deployment,
        "an address role is refused with GAB, and accepted without it",
    ),
    (
        "address_role_refused_without_gab",
        "both_deployments",
        "wrong_deployment",
        both_deployments,
        "an address role is refused with GAB too",
    ),
    (
        "sales_address_added_on_addresses_tab",
        "wrong_roles",
        "wrong_value",
        wrong_value("roles"),
        "an address added in Sales is stored with the other role",
    ),
    (
        "sales_address_added_on_addresses_tab",
        "wrong_city",
        "wrong_value",
        wrong_value("city"),
        "an address added in Sales is stored with another city",
    ),
    (
        "sales_address_added_on_addresses_tab",
        "twice",
        "twice",
        twice,
        "an address added in Sales is stored twice",
    ),
    (
        "sales_address_added_on_addresses_tab",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "an address added in Sales goes to another account or contact",
    ),
    (
        "sales_address_with_role_synced_to_scm_with_gab",
        "twice",
        "twice",
        twice,
        "with GAB an address added in Sales reaches SCM twice",
    ),
    (
        "sales_address_with_role_synced_to_scm_with_gab",
        "wrong_roles",
        "wrong_value",
        wrong_value("roles"),
        "with GAB an address added in Sales reaches SCM with the other role",
    ),
    (
        "sales_address_with_role_synced_to_scm_with_gab",
        "wrong_street",
        "wrong_value",
        wrong_value("street"),
        "with GAB an address added in Sales reaches SCM with another street",
    ),
    (
        "sales_address_with_role_synced_to_scm_with_gab",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "with GAB an address added in Sales reaches another prospect in SCM",
    ),
    (
        "sales_address_with_role_synced_to_scm_with_gab",
        "other_deployment",
        "wrong_deployment",
        other_deployment,
        "an address with roles added in Sales reaches SCM only without GAB",
    ),
    (
        "sales_summary_address_set",
        "not_done",
        "not_done",
        removed,
        "an address set on the Summary tab is lost",
    ),
    (
        "sales_account_relationship_type_changed_to_customer",
        "wrong_account",
        "wrong_record",
        wrong_record("number"),
        "another Sales account becomes a customer",
    ),
    (
        "sales_account_relationship_type_changed_to_customer",
        "other_accounts_renamed",
        "extra_effect",
        with_extra("other_accounts_renamed"),
        "making an account a customer renames the other Sales accounts",
    ),
    (
        "scm_prospect_converted_with_group_chosen_in_sales",
        "not_done",
        "not_done",
        removed,
        "a conversion in Sales does not reach SCM",
    ),
    (
        "scm_person_prospect_becomes_sales_prospect_contact",
        "not_done",
        "not_done",
        removed,
        "a person prospect created in SCM does not reach Sales",
    ),
    (
        "scm_person_prospect_becomes_sales_prospect_contact",
        "wrong_number",
        "wrong_value",
        wrong_value("number"),
        "a person prospect reaches Sales with another number",
    ),
    (
        "scm_person_prospect_becomes_sales_prospect_contact",
        "wrong_is_customer",
        "wrong_value",
        wrong_value("is_customer"),
        "a person prospect reaches Sales as a customer",
    ),
    (
        "scm_person_prospect_becomes_sales_prospect_contact",
        "stray_sales_account",
        "extra_effect",
        with_extra("stray_sales_account"),
        "a person prospect reaches Sales as a contact and an unrelated account",
    ),
    (
        "scm_person_contact_in_sales_contacts_for_party_with_gab",
        "twice",
        "twice",
        twice,
        "with GAB a person prospect's contact reaches Sales twice",
    ),
    (
        "scm_person_contact_in_sales_contacts_for_party_with_gab",
        "other_deployment",
        "wrong_deployment",
        other_deployment,
        "a person prospect's contact is in Contacts for Party only without GAB",
    ),
    (
        "scm_person_contact_in_sales_contacts_for_party_with_gab",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "with GAB a person prospect's contact is in another contact's Contacts for Party tab",
    ),
    (
        "sales_contact_becomes_customer",
        "wrong_is_customer",
        "wrong_value",
        wrong_value("is_customer"),
        "the converted person's Sales contact keeps Is Customer No",
    ),
    (
        "sales_contact_becomes_customer",
        "wrong_is_prospect",
        "wrong_value",
        wrong_value("is_prospect"),
        "the converted person's Sales contact keeps Is Prospect Yes",
    ),
    (
        "sales_contact_becomes_customer",
        "wrong_contact",
        "wrong_record",
        wrong_record("number"),
        "another Sales contact becomes the customer",
    ),
    (
        "person_customer_contacts_in_sales_associated_contacts",
        "twice",
        "twice",
        twice,
        "the converted person's contact is in the Associated Contacts tab twice",
    ),
    (
        "person_customer_contacts_in_sales_associated_contacts",
        "wrong_owner",
        "wrong_record",
        wrong_record("owner"),
        "the converted person's contact is in another contact's Associated Contacts tab",
    ),
    (
        "sales_prospect_contact_numbered_by_last_name",
        "wrong_is_prospect",
        "wrong_value",
        wrong_value("is_prospect"),
        "the contact created with Is Prospect Yes is stored with Is Prospect No",
    ),
    (
        "sales_prospect_contact_becomes_scm_person_prospect",
        "not_done",
        "not_done",
        removed,
        "a prospect contact created in Sales does not reach SCM",
    ),
    (
        "sales_prospect_contact_becomes_scm_person_prospect",
        "wrong_number",
        "wrong_value",
        wrong_value("number"),
        "a prospect contact reaches SCM with another prospect ID than its last name",
    ),
    (
        "sales_prospect_contact_becomes_scm_person_prospect",
        "wrong_party_type",
        "wrong_value",
        wrong_value("party_type"),
        "a prospect contact reaches SCM as an organization",
    ),
    (
        "sales_contact_is_customer_set_to_yes",
        "wrong_contact",
        "wrong_record",
        wrong_record("number"),
        "another Sales contact becomes a customer",
    ),
    (
        "scm_quotation_created_for_prospect",
        "wrong_lines",
        "wrong_value",
        wrong_value("lines"),
        "the SCM quotation keeps other lines than the user added",
    ),
    (
        "scm_quotation_synced_to_sales_quote",
        "not_done",
        "not_done",
        removed,
        "the SCM quotation does not reach Sales",
    ),
    (
        "scm_quotation_prospect_converted_to_customer",
        "wrong_account_type",
        "wrong_value",
        wrong_value("account_type"),
        "Convert to customer leaves the quotation for the prospect",
    ),
    (
        "scm_confirmed_quotation_creates_sales_order",
        "wrong_lines",
        "wrong_value",
        wrong_value("lines"),
        "the sales order created from the quotation has other lines",
    ),
    (
        "scm_confirmed_quotation_creates_sales_order",
        "wrong_customer",
        "wrong_record",
        wrong_record("customer_account"),
        "the sales order created from the quotation is for another customer",
    ),
    (
        "scm_sales_order_synced_to_sales",
        "wrong_lines",
        "wrong_value",
        wrong_value("lines"),
        "the sales order reaches Sales with other lines",
    ),
    (
        "scm_sales_order_synced_to_sales",
        "wrong_customer",
        "wrong_record",
        wrong_record("customer"),
        "the sales order reaches Sales for another customer",
    ),
    (
        "sales_quote_won_when_quotation_confirmed",
        "wrong_status",
        "wrong_value",
        wrong_value("status"),
        "confirming the quotation leaves the Sales quote active",
    ),
    (
        "sales_quote_won_when_quotation_confirmed",
        "wrong_quote",
        "wrong_record",
        wrong_record("number"),
        "confirming the quotation marks another quote won",
    ),
    (
        "sales_quote_created_for_prospect_account",
        "wrong_lines",
        "wrong_value",
        wrong_value("lines"),
        "the Sales quote keeps other lines than the user added",
    ),
    (
        "sales_quote_synced_to_scm_quotation",
        "not_done",
        "not_done",
        removed,
        "the Sales quote does not reach SCM",
    ),
    (
        "quote_address_lookup_offers_delivery_addresses_with_gab",
        "other_deployment",
        "wrong_deployment",
        other_deployment,
        "the quote's address lookup offers the delivery addresses without GAB, and not with it",
    ),
    (
        "quote_ship_to_chosen_from_address_lookup",
        "not_done",
        "not_done",
        removed,
        "the ship-to address chosen in the lookup is not kept",
    ),
    (
        "quote_ship_to_chosen_from_address_lookup",
        "wrong_ship_to",
        "wrong_value",
        wrong_value("ship_to"),
        "another ship-to address is kept than the one chosen",
    ),
    (
        "sales_order_created_from_active_quote",
        "wrong_lines",
        "wrong_value",
        wrong_value("lines"),
        "the order created from the quote has other lines in Sales",
    ),
    (
        "scm_prospect_converted_when_ordered_in_sales",
        "not_done",
        "not_done",
        removed,
        "an order from a quote does not convert the prospect in SCM",
    ),
    (
        "scm_quotation_confirmed_when_order_created_in_sales",
        "wrong_status",
        "wrong_value",
        wrong_value("status"),
        "an order from the quote leaves the SCM quotation sent",
    ),
    (
        "scm_quotation_confirmed_when_order_created_in_sales",
        "wrong_quotation",
        "wrong_record",
        wrong_record("number"),
        "an order from the quote confirms another SCM quotation",
    ),
    (
        "sales_order_synced_to_scm",
        "wrong_lines",
        "wrong_value",
        wrong_value("lines"),
        "the order created in Sales reaches SCM with other lines",
    ),
    (
        "sales_order_synced_to_scm",
        "wrong_customer",
        "wrong_record",
        wrong_record("customer_account"),
        "the order created in Sales reaches SCM for another customer",
    ),
)

MUTANTS: dict[str, Mutant] = {
    mutant.name: mutant
    for mutant in (
        Mutant(
            "customer_account_from_customer_sequence",
            mode="wrong_value",
            breaks=("S1.3-b", "NUM-03", "S2.3-b", "S4.3-b", "S5.4-a", "S6.3-b"),
            description="the customer account number is taken from the customer sequence",
            variations={
                "scm_customer_created_with_prospect_number": replaced(
                    _customer_account_from_customer_sequence
                ),
            },
        ),
        Mutant(
            "invoice_address_synced_without_gab",
            mode="extra_effect",
            breaks=("S1.2-b", "S3.2-a"),
            description="without GAB the invoice address reaches Sales too",
            variations={
                "scm_prospect_invoice_address_not_synced_without_gab": replaced(
                    _invoice_address_synced_without_gab
                ),
            },
        ),
        Mutant(
            "lead_creates_business_relation",
            mode="extra_effect",
            breaks=("DEF-03",),
            description="a lead becomes a business relation of type Prospect",
            variations={"leads_are_not_integrated": with_extra("stray_scm_prospect")},
        ),
        Mutant(
            "conversion_does_not_retire_prospect",
            mode="not_done",
            breaks=("S1.3-e", "S1.3-f", "S2.3-a", "S3.3-d", "S4.3-a", "S5.4-c", "S6.3-d"),
            description="the SCM prospect is neither retired nor of type Customer",
            variations={"scm_prospect_retired_as_customer": removed},
        ),
        Mutant(
            "quote_not_marked_won",
            mode="not_done",
            breaks=("S5.5-c",),
            description="the Sales quote is not updated to Won",
            variations={"sales_quote_won_when_quotation_confirmed": removed},
        ),
        Mutant(
            "sales_prospect_account_of_type_customer",
            mode="wrong_value",
            breaks=("DEF-02", "S1.1-b"),
            description="the SCM prospect appears in Sales as a customer account",
            variations={
                "scm_organization_prospect_becomes_sales_prospect_account": wrong_value(
                    "relationship_type"
                )
            },
        ),
        Mutant(
            "sales_account_numbered_differently",
            mode="wrong_value",
            breaks=("NUM-01", "S1.1-c"),
            description="the Sales account gets a number of its own",
            variations={
                "scm_organization_prospect_becomes_sales_prospect_account": wrong_value("number")
            },
        ),
        Mutant(
            "prospect_numbered_by_hand",
            mode="wrong_value",
            breaks=("S1.1-a", "S3.1-a"),
            description="the prospect's number does not come from the prospect sequence",
            variations={
                "scm_prospect_numbered_from_prospect_sequence": replaced(_prospect_numbered_by_hand)
            },
        ),
        Mutant(
            "contact_not_synced_to_sales",
            mode="not_done",
            breaks=("S1.2-a",),
            description="the prospect's contact does not reach Sales",
            variations={
                "scm_contact_in_sales_associated_contacts_with_gab": removed,
                "scm_contact_is_sales_primary_contact_without_gab": removed,
            },
        ),
        Mutant(
            "contact_placement_swapped",
            mode="wrong_record",
            breaks=("S1.2-c",),
            description="with GAB the contact is the primary contact, not an associated one",
            variations={
                "scm_contact_in_sales_associated_contacts_with_gab": replaced(
                    _contact_as_primary_contact
                )
            },
        ),
        Mutant(
            "customer_group_not_from_parameters",
            mode="wrong_value",
            breaks=("S1.3-d", "S3.3-c"),
            description="conversion in SCM ignores the Sales and marketing parameters' group",
            variations={
                "scm_prospect_converted_from_all_prospects": replaced(
                    _customer_group_not_from_parameters
                )
            },
        ),
        Mutant(
            "addresses_and_contacts_not_related_to_customer",
            mode="not_done",
            breaks=("S1.3-g", "S3.3-e"),
            description="the new customer account has none of the prospect's addresses and "
            "contacts",
            variations={"scm_addresses_and_contacts_related_to_new_customer": removed},
        ),
        Mutant(
            "sales_account_stays_prospect",
            mode="not_done",
            breaks=("S1.3-h", "S5.4-d", "S6.3-a"),
            description="the Sales account stays of type Prospect after the conversion",
            variations={"sales_account_becomes_customer": removed},
        ),
        Mutant(
            "invoice_address_not_synced_at_conversion",
            mode="not_done",
            breaks=("S1.3-j",),
            description="without GAB the new customer's invoice address does not reach Sales",
            variations={"invoice_address_synced_from_new_customer_without_gab": removed},
        ),
        Mutant(
            "sales_contact_not_synced_to_scm",
            mode="not_done",
            breaks=("S2.1-c", "S2.3-d"),
            description="a contact created for the prospect in Sales does not reach SCM",
            variations={"sales_account_contact_synced_to_scm_prospect": removed},
        ),
        Mutant(
            "role_less_address_synced",
            mode="extra_effect",
            breaks=("S2.2-c", "S4.2-c"),
            description="an address without a role reaches SCM",
            variations={
                "sales_address_without_role_not_synced": replaced(_role_less_address_synced)
            },
        ),
        Mutant(
            "sales_addresses_not_synced_with_gab",
            mode="not_done",
            breaks=("S2.2-a", "S2.3-e", "S4.2-a", "S4.3-d"),
            description="with GAB the addresses added in Sales do not reach SCM",
            variations={"sales_address_with_role_synced_to_scm_with_gab": removed},
        ),
        Mutant(
            "person_contact_flags_unchanged",
            mode="not_done",
            breaks=("S3.3-f",),
            description="the Sales contact keeps Is Prospect Yes and Is Customer No",
            variations={"sales_contact_becomes_customer": removed},
        ),
        Mutant(
            "person_contacts_not_associated",
            mode="not_done",
            breaks=("S3.3-g",),
            description="the person customer's contact is not in its Associated Contacts tab",
            variations={"person_customer_contacts_in_sales_associated_contacts": removed},
        ),
        Mutant(
            "person_contact_not_in_contacts_for_party",
            mode="not_done",
            breaks=("S3.2-b",),
            description="with GAB the person prospect's contact is not in Contacts for Party",
            variations={"scm_person_contact_in_sales_contacts_for_party_with_gab": removed},
        ),
        Mutant(
            "sales_order_not_synced_to_sales",
            mode="not_done",
            breaks=("S5.5-b",),
            description="the SCM sales order does not reach Sales",
            variations={"scm_sales_order_synced_to_sales": removed},
        ),
        Mutant(
            "scm_quotation_not_confirmed",
            mode="not_done",
            breaks=("S6.3-e",),
            description="an order created in Sales leaves the SCM quotation unconfirmed",
            variations={"scm_quotation_confirmed_when_order_created_in_sales": removed},
        ),
        Mutant(
            "no_address_lookup_with_gab",
            mode="wrong_value",
            breaks=("S6.2-a",),
            description="with GAB the quote has no address lookup",
            variations={
                "quote_address_lookup_offers_delivery_addresses_with_gab": replaced(
                    _no_address_lookup
                )
            },
        ),
        Mutant(
            "address_lookup_without_gab",
            mode="wrong_deployment",
            breaks=("S6.2-b",),
            description="without GAB the quote still has an address lookup",
            variations={
                "quote_has_no_address_lookup_without_gab": replaced(_address_lookup_without_gab)
            },
        ),
        Mutant(
            "prospect_of_type_customer",
            mode="wrong_value",
            breaks=("DEF-01",),
            description="the SCM prospect is a business relation of type Customer",
            variations={
                "scm_prospect_numbered_from_prospect_sequence": wrong_value("relation_type")
            },
        ),
        Mutant(
            "overlapping_number_not_refused",
            mode="not_done",
            breaks=("NUM-02",),
            description="a conversion onto an existing customer account is not refused",
            variations={"conversion_refused_when_the_customer_account_exists": removed},
        ),
        Mutant(
            "no_customer_account_created",
            mode="not_done",
            breaks=("S1.3-a",),
            description="conversion creates no customer account",
            variations={"scm_customer_created_with_prospect_number": removed},
        ),
        Mutant(
            "number_changed_in_conversion",
            mode="wrong_value",
            breaks=("S1.3-c", "S3.3-b"),
            description="the number given in the converting process makes a customer account",
            variations={
                "scm_prospect_converted_from_all_prospects": replaced(_number_changed_in_conversion)
            },
        ),
        Mutant(
            "addresses_duplicated_at_conversion",
            mode="twice",
            breaks=("S1.3-i",),
            description="with GAB the conversion changes the synchronized Sales addresses",
            variations={
                "sales_account_becomes_customer": replaced(_addresses_duplicated_at_conversion)
            },
        ),
        Mutant(
            "scm_prospect_numbered_differently",
            mode="wrong_value",
            breaks=("S2.1-a", "S2.1-b"),
            description="the SCM business relation does not get the number selected in Sales",
            variations={
                "sales_prospect_account_becomes_scm_organization_prospect": wrong_value("number")
            },
        ),
        Mutant(
            "summary_addresses_synced",
            mode="extra_effect",
            breaks=("S2.2-b", "S2.3-f", "S4.2-b", "S4.3-e"),
            description="without GAB the Summary tab's addresses reach SCM",
            variations={
                "sales_summary_addresses_not_synced_to_scm": replaced(_summary_addresses_synced)
            },
        ),
        Mutant(
            "customer_group_chosen_in_sales_ignored",
            mode="wrong_value",
            breaks=("S2.3-c", "S4.3-c"),
            description="the customer group selected in Sales is ignored",
            variations={
                "scm_prospect_converted_with_group_chosen_in_sales": replaced(
                    _group_from_parameters_not_chosen
                )
            },
        ),
        Mutant(
            "person_prospect_not_flagged",
            mode="wrong_value",
            breaks=("S3.1-b",),
            description="the person prospect's Sales contact has Is Prospect set to No",
            variations={
                "scm_person_prospect_becomes_sales_prospect_contact": wrong_value("is_prospect")
            },
        ),
        Mutant(
            "customer_always_organization",
            mode="wrong_value",
            breaks=("S3.3-a",),
            description="a person prospect becomes a customer account of type organization",
            variations={
                "scm_customer_created_with_prospect_number": replaced(_customer_always_organization)
            },
        ),
        Mutant(
            "prospect_id_from_first_name",
            mode="wrong_value",
            breaks=("S4.1-a",),
            description="the person prospect's ID is the contact's first name",
            variations={
                "sales_prospect_contact_numbered_by_last_name": replaced(
                    _prospect_id_from_first_name
                )
            },
        ),
        Mutant(
            "confirmation_without_sales_order",
            mode="not_done",
            breaks=("S5.5-a",),
            description="confirming the quotation creates no sales order",
            variations={
                "scm_confirmed_quotation_creates_sales_order": replaced(
                    _confirmation_without_sales_order
                )
            },
        ),
        Mutant(
            "quotation_conversion_group_not_from_parameters",
            mode="wrong_value",
            breaks=("S5.4-b",),
            description="Convert to customer on the quotation ignores the parameters' group",
            variations={
                "scm_quotation_prospect_converted_to_customer": replaced(
                    _quotation_conversion_group_not_from_parameters
                )
            },
        ),
        Mutant(
            "order_conversion_group_not_from_parameters",
            mode="wrong_value",
            breaks=("S6.3-c",),
            description="an order from a Sales quote ignores the parameters' customer group",
            variations={
                "scm_prospect_converted_when_ordered_in_sales": replaced(
                    _order_conversion_group_not_from_parameters
                )
            },
        ),
        *(
            Mutant(
                f"{rule}__{what}",
                mode=mode,
                breaks=IMPLEMENTS[rule],
                description=description,
                variations={rule: variation},
            )
            for rule, what, mode, variation, description in _VARIED
        ),
        Mutant(
            "sales_contact_renamed_at_conversion",
            mode="extra_effect",
            breaks=("S1.3-i",),
            description="with GAB the conversion changes the synchronized contact in Sales",
            variations={
                "sales_account_becomes_customer": replaced(_sales_contact_renamed_at_conversion)
            },
        ),
        Mutant(
            "sales_addresses_recreated_at_conversion",
            mode="wrong_record",
            breaks=("S1.3-i",),
            description="with GAB the conversion replaces the synchronized Sales addresses by "
            "new records with the same contents",
            variations={
                "sales_account_becomes_customer": replaced(_sales_addresses_recreated_at_conversion)
            },
        ),
        Mutant(
            "prospect_sequence_not_moved_on",
            mode="not_done",
            breaks=("S1.1-a", "S3.1-a"),
            description="the prospect number sequence does not move on past the number it gave",
            variations={
                "scm_prospect_numbered_from_prospect_sequence": replaced(
                    _prospect_numbered_without_moving_the_sequence_on
                )
            },
        ),
        Mutant(
            "role_less_address_synced_without_role",
            mode="extra_effect",
            breaks=("S2.2-c", "S4.2-c"),
            description="an address without a role reaches SCM, without a role",
            variations={
                "sales_address_without_role_not_synced": replaced(
                    _role_less_address_synced_without_role
                )
            },
        ),
        Mutant(
            "sales_order_not_synced_to_scm",
            mode="not_done",
            breaks=("S6.3-f",),
            description="the order created in Sales does not reach SCM",
            variations={"sales_order_synced_to_scm": removed},
        ),
    )
}


def __getattr__(name: str) -> Any:
    """``p2c_reference.mutants.<name>`` is the adapter factory of mutant ``name``."""
    if name in MUTANTS:
        return MUTANTS[name].adapter
    raise AttributeError(
        f"module 'p2c_reference.mutants' has no mutant {name!r}; known: {sorted(MUTANTS)}"
    )
