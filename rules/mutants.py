"""Deliberately broken variants of the reference implementation ("mutants").

Each mutant is the reference's rules with one or a few named rules varied (``rules/_variations.py``:
removed, done twice, with a wrong value, to the wrong record, in the wrong deployment, with an
extra effect), and breaks requirements of the source document in one failure mode. The kit must
fail every one of them: that is the evidence that the features catch the breakage they claim to
catch. Mutants whose variation another rule undoes, or that break nothing the document states,
are not declared.

The mutants are declared rule by rule, in the order of the rules (``rules/_sync.py``), each under
the rule it varies (the first, when it varies several), with the action that replaces the rule's
where no generic variation expresses its failure. A mutant breaks the requirements the rules it
varies implement, unless it names them (``breaks``). They reach the reference through its public
names only: the rules by name, the store's named operations, and the writes the reference shares
with them (``create_customer`` and the like, whose arguments a mutant varies).

Every mutant is also an adapter factory: ``p2c certify --adapter p2c_reference.mutants:<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from p2c_reference._engine import Fact, Rule, Sync
from p2c_reference._store import roles_of
from p2c_reference._sync import (
    RULES,
    create_customer,
    create_sales_prospect_contact,
    create_scm_prospect,
    request_conversion,
    sales_account_becomes_customer,
    sync_address_to_sales,
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


MUTANTS: dict[str, Mutant] = {}


def mutant(
    name: str,
    mode: str,
    description: str,
    *,
    breaks: tuple[str, ...] | None = None,
    **variations: Variation,
) -> None:
    """Declare mutant ``name``: the reference with each rule named varied as given. It breaks
    ``breaks``, by default what the rules it varies implement. A mutant that varies one rule by
    a generic variation is named ``<behaviour>__<what varies>``."""
    if name in MUTANTS:
        raise ValueError(f"mutant {name} is declared twice")
    if breaks is None:
        breaks = tuple(dict.fromkeys(id_ for rule in variations for id_ in RULES[rule].implements))
    MUTANTS[name] = Mutant(name, mode, breaks, description, variations)


# -- sales_lead_created ----------------------------------------------------------------------------

mutant(
    "sales_lead_created__not_done",
    "not_done",
    "no lead is created in Sales",
    sales_lead_created=removed,
)

mutant("sales_lead_created__twice", "twice", "a lead is created twice", sales_lead_created=twice)


# -- leads_are_not_integrated ----------------------------------------------------------------------

mutant(
    "leads_are_not_integrated__stray_sales_account",
    "extra_effect",
    "a lead makes an account in Sales",
    leads_are_not_integrated=with_extra("stray_sales_account"),
)

mutant(
    "lead_creates_business_relation",
    "extra_effect",
    "a lead becomes a business relation of type Prospect",
    breaks=("DEF-03",),
    leads_are_not_integrated=with_extra("stray_scm_prospect"),
)


# -- scm_prospect_numbered_from_prospect_sequence --------------------------------------------------

mutant(
    "scm_prospect_numbered_from_prospect_sequence__wrong_party_type",
    "wrong_value",
    "the SCM prospect gets the other party type",
    scm_prospect_numbered_from_prospect_sequence=wrong_value("party_type"),
)

mutant(
    "scm_prospect_numbered_from_prospect_sequence__twice",
    "twice",
    "creating a prospect in SCM creates two",
    scm_prospect_numbered_from_prospect_sequence=twice,
)

mutant(
    "scm_prospect_numbered_from_prospect_sequence__stray_sales_account",
    "extra_effect",
    "creating a prospect in SCM also creates an unrelated Sales account",
    scm_prospect_numbered_from_prospect_sequence=with_extra("stray_sales_account"),
)

mutant(
    "scm_prospect_numbered_from_prospect_sequence__other_relations_retired",
    "extra_effect",
    "creating a prospect in SCM retires the other business relations",
    scm_prospect_numbered_from_prospect_sequence=with_extra("other_relations_retired"),
)


def _prospect_numbered_by_hand(sync: Sync, fact: Fact) -> None:
    """S1.1 broken: the prospect's number does not come from the prospect number sequence."""
    create_scm_prospect(sync, fact, f"MAN-{sync.store.count('scm_business_relation') + 1}")


mutant(
    "prospect_numbered_by_hand",
    "wrong_value",
    "the prospect's number does not come from the prospect sequence",
    breaks=("S1.1-a", "S3.1-a"),
    scm_prospect_numbered_from_prospect_sequence=replaced(_prospect_numbered_by_hand),
)

mutant(
    "prospect_of_type_customer",
    "wrong_value",
    "the SCM prospect is a business relation of type Customer",
    breaks=("DEF-01",),
    scm_prospect_numbered_from_prospect_sequence=wrong_value("relation_type"),
)


def _prospect_numbered_without_moving_the_sequence_on(sync: Sync, fact: Fact) -> None:
    """S1.1 broken: the prospect gets the sequence's next number, which stays next."""
    create_scm_prospect(sync, fact, sync.store.next_scm_number("prospect") or "")


mutant(
    "prospect_sequence_not_moved_on",
    "not_done",
    "the prospect number sequence does not move on past the number it gave",
    breaks=("S1.1-a", "S3.1-a"),
    scm_prospect_numbered_from_prospect_sequence=replaced(
        _prospect_numbered_without_moving_the_sequence_on
    ),
)


# -- scm_organization_prospect_becomes_sales_prospect_account --------------------------------------

mutant(
    "scm_organization_prospect_becomes_sales_prospect_account__not_done",
    "not_done",
    "the SCM prospect does not reach Sales",
    scm_organization_prospect_becomes_sales_prospect_account=removed,
)

mutant(
    "scm_organization_prospect_becomes_sales_prospect_account__stray_scm_prospect",
    "extra_effect",
    "the Sales account of an SCM prospect comes with a second business relation in SCM",
    scm_organization_prospect_becomes_sales_prospect_account=with_extra("stray_scm_prospect"),
)

mutant(
    "sales_prospect_account_of_type_customer",
    "wrong_value",
    "the SCM prospect appears in Sales as a customer account",
    breaks=("DEF-02", "S1.1-b"),
    scm_organization_prospect_becomes_sales_prospect_account=wrong_value("relationship_type"),
)

mutant(
    "sales_account_numbered_differently",
    "wrong_value",
    "the Sales account gets a number of its own",
    breaks=("NUM-01", "S1.1-c"),
    scm_organization_prospect_becomes_sales_prospect_account=wrong_value("number"),
)


# -- scm_address_added_to_prospect -----------------------------------------------------------------

mutant(
    "scm_address_added__not_done",
    "not_done",
    "an address added in SCM is lost",
    scm_address_added_to_prospect=removed,
    scm_address_added_to_customer_account=removed,
)

mutant(
    "scm_address_added__wrong_roles",
    "wrong_value",
    "an address added in SCM gets the other role",
    scm_address_added_to_prospect=wrong_value("roles"),
    scm_address_added_to_customer_account=wrong_value("roles"),
)

mutant(
    "scm_address_added__wrong_street",
    "wrong_value",
    "an address added in SCM is stored with another street",
    scm_address_added_to_prospect=wrong_value("street"),
    scm_address_added_to_customer_account=wrong_value("street"),
)

mutant(
    "scm_address_added__wrong_owner",
    "wrong_record",
    "an address added in SCM goes to another prospect",
    scm_address_added_to_prospect=wrong_record("owner"),
    scm_address_added_to_customer_account=wrong_record("owner"),
)

mutant(
    "scm_address_added__twice",
    "twice",
    "an address added in SCM is stored twice",
    scm_address_added_to_prospect=twice,
    scm_address_added_to_customer_account=twice,
)


# -- scm_address_synced_to_sales_with_gab ----------------------------------------------------------

mutant(
    "scm_address_synced_to_sales_with_gab__not_done",
    "not_done",
    "with GAB the SCM addresses do not reach Sales",
    scm_address_synced_to_sales_with_gab=removed,
)

mutant(
    "scm_address_synced_to_sales_with_gab__wrong_roles",
    "wrong_value",
    "with GAB an SCM address reaches Sales with the other role",
    scm_address_synced_to_sales_with_gab=wrong_value("roles"),
)

mutant(
    "scm_address_synced_to_sales_with_gab__wrong_city",
    "wrong_value",
    "with GAB an SCM address reaches Sales with another city",
    scm_address_synced_to_sales_with_gab=wrong_value("city"),
)

mutant(
    "scm_address_synced_to_sales_with_gab__wrong_owner",
    "wrong_record",
    "with GAB an SCM address reaches another Sales account",
    scm_address_synced_to_sales_with_gab=wrong_record("owner"),
)

mutant(
    "scm_address_synced_to_sales_with_gab__twice",
    "twice",
    "with GAB an SCM address reaches Sales twice",
    scm_address_synced_to_sales_with_gab=twice,
)

mutant(
    "scm_address_synced_to_sales_with_gab__other_deployment",
    "wrong_deployment",
    "the SCM addresses reach Sales with all their roles without GAB, and not with it",
    scm_address_synced_to_sales_with_gab=other_deployment,
)

mutant(
    "scm_address_synced_to_sales_with_gab__both_deployments",
    "wrong_deployment",
    "the SCM addresses reach Sales with all their roles without GAB too",
    scm_address_synced_to_sales_with_gab=both_deployments,
)


# -- scm_delivery_address_synced_to_sales_without_gab ----------------------------------------------

mutant(
    "scm_delivery_address_synced_to_sales_without_gab__not_done",
    "not_done",
    "without GAB the delivery address does not reach Sales",
    scm_delivery_address_synced_to_sales_without_gab=removed,
)

mutant(
    "scm_delivery_address_synced_to_sales_without_gab__wrong_roles",
    "wrong_value",
    "without GAB the delivery address reaches Sales as an invoice address",
    scm_delivery_address_synced_to_sales_without_gab=wrong_value("roles"),
)

mutant(
    "scm_delivery_address_synced_to_sales_without_gab__wrong_postal_code",
    "wrong_value",
    "without GAB the delivery address reaches Sales with another postal code",
    scm_delivery_address_synced_to_sales_without_gab=wrong_value("postal_code"),
)

mutant(
    "scm_delivery_address_synced_to_sales_without_gab__wrong_owner",
    "wrong_record",
    "without GAB the delivery address reaches another Sales record",
    scm_delivery_address_synced_to_sales_without_gab=wrong_record("owner"),
)

mutant(
    "scm_delivery_address_synced_to_sales_without_gab__other_deployment",
    "wrong_deployment",
    "the delivery-only sync of no GAB happens with GAB instead",
    scm_delivery_address_synced_to_sales_without_gab=other_deployment,
)

mutant(
    "scm_delivery_address_synced_to_sales_without_gab__both_deployments",
    "wrong_deployment",
    "the delivery-only sync of no GAB happens with GAB too",
    scm_delivery_address_synced_to_sales_without_gab=both_deployments,
)


# -- scm_prospect_invoice_address_not_synced_without_gab -------------------------------------------


def _invoice_address_synced_without_gab(sync: Sync, fact: Fact) -> None:
    """S1.2 broken: without GAB the prospect's invoice address reaches Sales."""
    sync_address_to_sales(sync, fact["number"], ["invoice"], fact["address"])


mutant(
    "invoice_address_synced_without_gab",
    "extra_effect",
    "without GAB the invoice address reaches Sales too",
    breaks=("S1.2-b", "S3.2-a"),
    scm_prospect_invoice_address_not_synced_without_gab=replaced(
        _invoice_address_synced_without_gab
    ),
)


# -- scm_contact_person_created_for_prospect -------------------------------------------------------

mutant(
    "scm_contact_person_created__not_done",
    "not_done",
    "an SCM contact is lost",
    scm_contact_person_created_for_prospect=removed,
    scm_contact_person_created_for_customer_account=removed,
)

mutant(
    "scm_contact_person_created__wrong_last_name",
    "wrong_value",
    "an SCM contact is stored with another last name",
    scm_contact_person_created_for_prospect=wrong_value("last_name"),
    scm_contact_person_created_for_customer_account=wrong_value("last_name"),
)

mutant(
    "scm_contact_person_created__wrong_owner",
    "wrong_record",
    "an SCM contact goes to another prospect",
    scm_contact_person_created_for_prospect=wrong_record("owner"),
    scm_contact_person_created_for_customer_account=wrong_record("owner"),
)

mutant(
    "scm_contact_person_created__twice",
    "twice",
    "an SCM contact is stored twice",
    scm_contact_person_created_for_prospect=twice,
    scm_contact_person_created_for_customer_account=twice,
)


# -- scm_contact_in_sales_associated_contacts_with_gab ---------------------------------------------

mutant(
    "scm_contact_in_sales_associated_contacts_with_gab__not_done",
    "not_done",
    "with GAB the contact does not reach Sales",
    scm_contact_in_sales_associated_contacts_with_gab=removed,
)

mutant(
    "scm_contact_in_sales_associated_contacts_with_gab__twice",
    "twice",
    "with GAB the contact reaches Sales twice",
    scm_contact_in_sales_associated_contacts_with_gab=twice,
)

mutant(
    "scm_contact_in_sales_associated_contacts_with_gab__wrong_first_name",
    "wrong_value",
    "with GAB the contact reaches Sales with another first name",
    scm_contact_in_sales_associated_contacts_with_gab=wrong_value("first_name"),
)

mutant(
    "scm_contact_in_sales_associated_contacts_with_gab__wrong_owner",
    "wrong_record",
    "with GAB the contact is associated with another account",
    scm_contact_in_sales_associated_contacts_with_gab=wrong_record("owner"),
)

mutant(
    "scm_contact_in_sales_associated_contacts_with_gab__other_deployment",
    "wrong_deployment",
    "the contact is an associated contact without GAB, and not with it",
    scm_contact_in_sales_associated_contacts_with_gab=other_deployment,
)

mutant(
    "scm_contact_in_sales_associated_contacts_with_gab__both_deployments",
    "wrong_deployment",
    "the contact is an associated contact without GAB too",
    scm_contact_in_sales_associated_contacts_with_gab=both_deployments,
)

mutant(
    "contact_not_synced_to_sales",
    "not_done",
    "the prospect's contact does not reach Sales",
    breaks=("S1.2-a",),
    scm_contact_in_sales_associated_contacts_with_gab=removed,
    scm_contact_is_sales_primary_contact_without_gab=removed,
)


def _contact_as_primary_contact(sync: Sync, fact: Fact) -> None:
    """S1.2 broken: with GAB the contact becomes the primary contact."""
    contact = sync.store.add_sales_contact_person(fact)
    sync.store.update_sales_account(fact["number"], primary_contact=contact)


mutant(
    "contact_placement_swapped",
    "wrong_record",
    "with GAB the contact is the primary contact, not an associated one",
    breaks=("S1.2-c",),
    scm_contact_in_sales_associated_contacts_with_gab=replaced(_contact_as_primary_contact),
)


# -- scm_contact_is_sales_primary_contact_without_gab ----------------------------------------------

mutant(
    "scm_contact_is_sales_primary_contact_without_gab__not_done",
    "not_done",
    "without GAB the contact does not reach Sales",
    scm_contact_is_sales_primary_contact_without_gab=removed,
)

mutant(
    "scm_contact_is_sales_primary_contact_without_gab__wrong_first_name",
    "wrong_value",
    "without GAB the contact reaches Sales with another first name",
    scm_contact_is_sales_primary_contact_without_gab=wrong_value("first_name"),
)

mutant(
    "scm_contact_is_sales_primary_contact_without_gab__wrong_account",
    "wrong_record",
    "without GAB the contact is the primary contact of another account",
    scm_contact_is_sales_primary_contact_without_gab=wrong_record("number"),
)

mutant(
    "scm_contact_is_sales_primary_contact_without_gab__other_deployment",
    "wrong_deployment",
    "the contact is the primary contact with GAB, and not without it",
    scm_contact_is_sales_primary_contact_without_gab=other_deployment,
)

mutant(
    "scm_contact_is_sales_primary_contact_without_gab__both_deployments",
    "wrong_deployment",
    "the contact is the primary contact with GAB too",
    scm_contact_is_sales_primary_contact_without_gab=both_deployments,
)


# -- scm_prospect_converted_from_all_prospects -----------------------------------------------------


def _customer_group_not_from_parameters(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: conversion takes the first customer group, not the parameters' one."""
    request_conversion(sync, fact["number"], sync.store.customer_groups()[0])
    sync.reply(customer_account=fact["number"])


mutant(
    "customer_group_not_from_parameters",
    "wrong_value",
    "conversion in SCM ignores the Sales and marketing parameters' group",
    breaks=("S1.3-d", "S3.3-c"),
    scm_prospect_converted_from_all_prospects=replaced(_customer_group_not_from_parameters),
)


def _number_changed_in_conversion(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: the number given in the converting process makes a customer account."""
    group = sync.store.prospect_customer_group()
    account = fact.get("customer_account", fact["number"])
    if account != fact["number"]:
        names = {"name": "converted", "first_name": None, "last_name": None}
        sync.store.add_customer(account, "organization", names, group)
    request_conversion(sync, fact["number"], group)
    sync.reply(customer_account=account)


mutant(
    "number_changed_in_conversion",
    "wrong_value",
    "the number given in the converting process makes a customer account",
    breaks=("S1.3-c", "S3.3-b"),
    scm_prospect_converted_from_all_prospects=replaced(_number_changed_in_conversion),
    customer_account_number_not_changed_in_conversion=removed,
)


# -- conversion_refused_when_the_customer_account_exists -------------------------------------------

mutant(
    "overlapping_number_not_refused",
    "not_done",
    "a conversion onto an existing customer account is not refused",
    breaks=("NUM-02",),
    conversion_refused_when_the_customer_account_exists=removed,
)


# -- scm_customer_created_with_prospect_number -----------------------------------------------------

#: What a variation of the customer's creation that keeps its number breaks: not the number's
#: requirements, which the rule implements too.
_CUSTOMER_CREATED_BUT_FOR_ITS_NUMBER = tuple(
    id_
    for id_ in RULES["scm_customer_created_with_prospect_number"].implements
    if id_ not in ("S1.3-b", "NUM-03")
)

mutant(
    "scm_customer_created_with_prospect_number__wrong_customer_group",
    "wrong_value",
    "the customer account gets another customer group than the conversion's",
    breaks=_CUSTOMER_CREATED_BUT_FOR_ITS_NUMBER,
    scm_customer_created_with_prospect_number=wrong_value("customer_group"),
)

mutant(
    "scm_customer_created_with_prospect_number__stray_sales_account",
    "extra_effect",
    "a conversion also creates an unrelated Sales account",
    breaks=_CUSTOMER_CREATED_BUT_FOR_ITS_NUMBER,
    scm_customer_created_with_prospect_number=with_extra("stray_sales_account"),
)

mutant(
    "scm_customer_created_with_prospect_number__other_relations_retired",
    "extra_effect",
    "a conversion retires every other business relation too",
    breaks=_CUSTOMER_CREATED_BUT_FOR_ITS_NUMBER,
    scm_customer_created_with_prospect_number=with_extra("other_relations_retired"),
)


def _customer_account_from_customer_sequence(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: the customer account number is taken from the customer number sequence."""
    account = sync.store.take_scm_number("customer")
    create_customer(sync, fact, account=account or "")


mutant(
    "customer_account_from_customer_sequence",
    "wrong_value",
    "the customer account number is taken from the customer sequence",
    breaks=("S1.3-b", "NUM-03", "S2.3-b", "S4.3-b", "S5.4-a", "S6.3-b"),
    scm_customer_created_with_prospect_number=replaced(_customer_account_from_customer_sequence),
)

mutant(
    "no_customer_account_created",
    "not_done",
    "conversion creates no customer account",
    breaks=("S1.3-a",),
    scm_customer_created_with_prospect_number=removed,
)


def _customer_always_organization(sync: Sync, fact: Fact) -> None:
    """S3.3 broken: a person prospect becomes a customer account of type organization."""
    create_customer(sync, fact, account=fact["number"], party_type="organization")


mutant(
    "customer_always_organization",
    "wrong_value",
    "a person prospect becomes a customer account of type organization",
    breaks=("S3.3-a",),
    scm_customer_created_with_prospect_number=replaced(_customer_always_organization),
)


# -- scm_prospect_retired_as_customer --------------------------------------------------------------

mutant(
    "scm_prospect_retired_as_customer__not_retired",
    "wrong_value",
    "the converted prospect is not retired",
    scm_prospect_retired_as_customer=wrong_value("retired"),
)

mutant(
    "scm_prospect_retired_as_customer__wrong_relation_type",
    "wrong_value",
    "the converted prospect keeps relation type Prospect",
    scm_prospect_retired_as_customer=wrong_value("relation_type"),
)

mutant(
    "scm_prospect_retired_as_customer__wrong_relation",
    "wrong_record",
    "the conversion retires another business relation than the prospect",
    scm_prospect_retired_as_customer=wrong_record("number"),
)

mutant(
    "scm_prospect_retired_as_customer__other_relations_retired",
    "extra_effect",
    "the conversion retires every other business relation too",
    scm_prospect_retired_as_customer=with_extra("other_relations_retired"),
)

mutant(
    "conversion_does_not_retire_prospect",
    "not_done",
    "the SCM prospect is neither retired nor of type Customer",
    breaks=("S1.3-e", "S1.3-f", "S2.3-a", "S3.3-d", "S4.3-a", "S5.4-c", "S6.3-d"),
    scm_prospect_retired_as_customer=removed,
)


# -- scm_addresses_and_contacts_related_to_new_customer --------------------------------------------

mutant(
    "scm_addresses_and_contacts_related_to_new_customer__copies",
    "wrong_value",
    "the customer gets copies of the prospect's addresses and contacts, not the same ones",
    scm_addresses_and_contacts_related_to_new_customer=wrong_value("party_record"),
)

mutant(
    "scm_addresses_and_contacts_related_to_new_customer__wrong_roles",
    "wrong_value",
    "the customer's addresses get the other roles",
    scm_addresses_and_contacts_related_to_new_customer=wrong_value("roles"),
)

mutant(
    "scm_addresses_and_contacts_related_to_new_customer__wrong_owner",
    "wrong_record",
    "the prospect's addresses and contacts are related to another customer",
    scm_addresses_and_contacts_related_to_new_customer=wrong_record("owner"),
)

mutant(
    "scm_addresses_and_contacts_related_to_new_customer__twice",
    "twice",
    "the prospect's addresses and contacts are related to the customer twice",
    scm_addresses_and_contacts_related_to_new_customer=twice,
)

mutant(
    "addresses_and_contacts_not_related_to_customer",
    "not_done",
    "the new customer account has none of the prospect's addresses and contacts",
    breaks=("S1.3-g", "S3.3-e"),
    scm_addresses_and_contacts_related_to_new_customer=removed,
)


# -- sales_account_becomes_customer ----------------------------------------------------------------

mutant(
    "sales_account_becomes_customer__wrong_relationship_type",
    "wrong_value",
    "the Sales account stays a prospect",
    sales_account_becomes_customer=wrong_value("relationship_type"),
)

mutant(
    "sales_account_becomes_customer__wrong_account",
    "wrong_record",
    "another Sales account becomes the customer",
    sales_account_becomes_customer=wrong_record("number"),
)

mutant(
    "sales_account_becomes_customer__other_accounts_renamed",
    "extra_effect",
    "a conversion renames every other Sales account",
    sales_account_becomes_customer=with_extra("other_accounts_renamed"),
)

mutant(
    "sales_account_stays_prospect",
    "not_done",
    "the Sales account stays of type Prospect after the conversion",
    breaks=("S1.3-h", "S5.4-d", "S6.3-a"),
    sales_account_becomes_customer=removed,
)


def _addresses_duplicated_at_conversion(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: with GAB the conversion writes the Sales addresses again."""
    sales_account_becomes_customer(sync, fact)
    if sync.gab:
        for row in sync.store.sales_addresses(fact["number"]):
            sync.store.add_sales_address(fact["number"], roles_of(row), row)


mutant(
    "addresses_duplicated_at_conversion",
    "twice",
    "with GAB the conversion changes the synchronized Sales addresses",
    breaks=("S1.3-i",),
    sales_account_becomes_customer=replaced(_addresses_duplicated_at_conversion),
)


def _sales_contact_renamed_at_conversion(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: with GAB the conversion changes the synchronized contact's name in Sales."""
    sales_account_becomes_customer(sync, fact)
    if sync.gab:
        for row in sync.store.linked_sales_contacts(fact["number"]):
            sync.store.update_sales_contact_person(row["id"], last_name=f"{row['last_name']}*")


mutant(
    "sales_contact_renamed_at_conversion",
    "extra_effect",
    "with GAB the conversion changes the synchronized contact in Sales",
    breaks=("S1.3-i",),
    sales_account_becomes_customer=replaced(_sales_contact_renamed_at_conversion),
)


def _sales_addresses_recreated_at_conversion(sync: Sync, fact: Fact) -> None:
    """S1.3 broken: with GAB the conversion deletes the synchronized Sales addresses and creates
    them again: the same contents, new records."""
    sales_account_becomes_customer(sync, fact)
    if sync.gab:
        rows = sync.store.sales_addresses(fact["number"])
        sync.store.delete_sales_addresses(fact["number"])
        for row in rows:
            sync.store.copy_sales_address(row)


mutant(
    "sales_addresses_recreated_at_conversion",
    "wrong_record",
    "with GAB the conversion replaces the synchronized Sales addresses by new records with the "
    "same contents",
    breaks=("S1.3-i",),
    sales_account_becomes_customer=replaced(_sales_addresses_recreated_at_conversion),
)


# -- invoice_address_synced_from_new_customer_without_gab ------------------------------------------

mutant(
    "invoice_address_synced_from_new_customer_without_gab__other_deployment",
    "wrong_deployment",
    "the invoice address reaches Sales at the conversion with GAB, and not without",
    invoice_address_synced_from_new_customer_without_gab=other_deployment,
)

mutant(
    "invoice_address_synced_from_new_customer_without_gab__both_deployments",
    "wrong_deployment",
    "the invoice address reaches Sales again at the conversion with GAB too",
    invoice_address_synced_from_new_customer_without_gab=both_deployments,
)

mutant(
    "invoice_address_synced_from_new_customer_without_gab__wrong_roles",
    "wrong_value",
    "without GAB the invoice address reaches Sales at the conversion as a delivery address",
    invoice_address_synced_from_new_customer_without_gab=wrong_value("roles"),
)

mutant(
    "invoice_address_synced_from_new_customer_without_gab__wrong_owner",
    "wrong_record",
    "without GAB the invoice address reaches another Sales record at the conversion",
    invoice_address_synced_from_new_customer_without_gab=wrong_record("owner"),
)

mutant(
    "invoice_address_not_synced_at_conversion",
    "not_done",
    "without GAB the new customer's invoice address does not reach Sales",
    breaks=("S1.3-j",),
    invoice_address_synced_from_new_customer_without_gab=removed,
)


# -- sales_prospect_account_created_with_user_number -----------------------------------------------

mutant(
    "sales_prospect_account_created_with_user_number__not_done",
    "not_done",
    "creating a prospect account in Sales does nothing",
    sales_prospect_account_created_with_user_number=removed,
)

mutant(
    "sales_prospect_account_created_with_user_number__wrong_number",
    "wrong_value",
    "the Sales account gets another number than the user selected",
    sales_prospect_account_created_with_user_number=wrong_value("number"),
)

mutant(
    "sales_prospect_account_created_with_user_number__wrong_relationship_type",
    "wrong_value",
    "the Sales prospect account is created as a customer",
    sales_prospect_account_created_with_user_number=wrong_value("relationship_type"),
)

mutant(
    "sales_prospect_account_created_with_user_number__stray_scm_prospect",
    "extra_effect",
    "a prospect account created in Sales also makes an unrelated SCM business relation",
    sales_prospect_account_created_with_user_number=with_extra("stray_scm_prospect"),
)


# -- sales_prospect_account_becomes_scm_organization_prospect --------------------------------------

mutant(
    "sales_prospect_account_becomes_scm_organization_prospect__not_done",
    "not_done",
    "a prospect account created in Sales does not reach SCM",
    sales_prospect_account_becomes_scm_organization_prospect=removed,
)

mutant(
    "sales_prospect_account_becomes_scm_organization_prospect__wrong_relation_type",
    "wrong_value",
    "a prospect account created in Sales reaches SCM as a customer relation",
    sales_prospect_account_becomes_scm_organization_prospect=wrong_value("relation_type"),
)

mutant(
    "sales_prospect_account_becomes_scm_organization_prospect__wrong_party_type",
    "wrong_value",
    "a prospect account created in Sales reaches SCM as a person",
    sales_prospect_account_becomes_scm_organization_prospect=wrong_value("party_type"),
)

mutant(
    "sales_prospect_account_becomes_scm_organization_prospect__stray_sales_account",
    "extra_effect",
    "a prospect account created in Sales makes a second Sales account",
    sales_prospect_account_becomes_scm_organization_prospect=with_extra("stray_sales_account"),
)

mutant(
    "scm_prospect_numbered_differently",
    "wrong_value",
    "the SCM business relation does not get the number selected in Sales",
    breaks=("S2.1-a", "S2.1-b"),
    sales_prospect_account_becomes_scm_organization_prospect=wrong_value("number"),
)


# -- sales_contact_person_created_for_account ------------------------------------------------------

mutant(
    "sales_contact_person_created__not_done",
    "not_done",
    "a Sales contact is lost",
    sales_contact_person_created_for_account=removed,
    sales_contact_person_created_for_person_prospect=removed,
)

mutant(
    "sales_contact_person_created__twice",
    "twice",
    "a Sales contact is created twice",
    sales_contact_person_created_for_account=twice,
    sales_contact_person_created_for_person_prospect=twice,
)

mutant(
    "sales_contact_person_created__wrong_owner",
    "wrong_record",
    "a Sales contact is linked to another account or contact",
    sales_contact_person_created_for_account=wrong_record("owner"),
    sales_contact_person_created_for_person_prospect=wrong_record("owner"),
)


# -- sales_account_contact_synced_to_scm_prospect --------------------------------------------------

mutant(
    "sales_account_contact_synced_to_scm_prospect__twice",
    "twice",
    "a Sales contact reaches SCM twice",
    sales_account_contact_synced_to_scm_prospect=twice,
    sales_account_contact_synced_to_scm_customer_account=twice,
)

mutant(
    "sales_account_contact_synced_to_scm_prospect__wrong_first_name",
    "wrong_value",
    "a Sales contact reaches SCM with another first name",
    sales_account_contact_synced_to_scm_prospect=wrong_value("first_name"),
    sales_account_contact_synced_to_scm_customer_account=wrong_value("first_name"),
)

mutant(
    "sales_account_contact_synced_to_scm_prospect__wrong_owner",
    "wrong_record",
    "a Sales contact reaches another prospect in SCM",
    sales_account_contact_synced_to_scm_prospect=wrong_record("owner"),
    sales_account_contact_synced_to_scm_customer_account=wrong_record("owner"),
)

mutant(
    "sales_contact_not_synced_to_scm",
    "not_done",
    "a contact created for the prospect in Sales does not reach SCM",
    breaks=("S2.1-c", "S2.3-d"),
    sales_account_contact_synced_to_scm_prospect=removed,
    sales_account_contact_synced_to_scm_customer_account=removed,
)


# -- address_role_refused_without_gab --------------------------------------------------------------

mutant(
    "address_role_refused_without_gab__not_done",
    "not_done",
    "without GAB an address added in Sales keeps the role chosen",
    address_role_refused_without_gab=removed,
)

mutant(
    "address_role_refused_without_gab__other_deployment",
    "wrong_deployment",
    "an address role is refused with GAB, and accepted without it",
    address_role_refused_without_gab=other_deployment,
)

mutant(
    "address_role_refused_without_gab__both_deployments",
    "wrong_deployment",
    "an address role is refused with GAB too",
    address_role_refused_without_gab=both_deployments,
)


# -- sales_address_added_on_addresses_tab ----------------------------------------------------------

mutant(
    "sales_address_added_on_addresses_tab__wrong_roles",
    "wrong_value",
    "an address added in Sales is stored with the other role",
    sales_address_added_on_addresses_tab=wrong_value("roles"),
)

mutant(
    "sales_address_added_on_addresses_tab__wrong_city",
    "wrong_value",
    "an address added in Sales is stored with another city",
    sales_address_added_on_addresses_tab=wrong_value("city"),
)

mutant(
    "sales_address_added_on_addresses_tab__twice",
    "twice",
    "an address added in Sales is stored twice",
    sales_address_added_on_addresses_tab=twice,
)

mutant(
    "sales_address_added_on_addresses_tab__wrong_owner",
    "wrong_record",
    "an address added in Sales goes to another account or contact",
    sales_address_added_on_addresses_tab=wrong_record("owner"),
)


# -- sales_address_with_role_synced_to_scm_prospect_with_gab ---------------------------------------

mutant(
    "sales_address_with_role_synced_to_scm_with_gab__twice",
    "twice",
    "with GAB an address added in Sales reaches SCM twice",
    sales_address_with_role_synced_to_scm_prospect_with_gab=twice,
    sales_address_with_role_synced_to_scm_customer_account_with_gab=twice,
)

mutant(
    "sales_address_with_role_synced_to_scm_with_gab__wrong_roles",
    "wrong_value",
    "with GAB an address added in Sales reaches SCM with the other role",
    sales_address_with_role_synced_to_scm_prospect_with_gab=wrong_value("roles"),
    sales_address_with_role_synced_to_scm_customer_account_with_gab=wrong_value("roles"),
)

mutant(
    "sales_address_with_role_synced_to_scm_with_gab__wrong_street",
    "wrong_value",
    "with GAB an address added in Sales reaches SCM with another street",
    sales_address_with_role_synced_to_scm_prospect_with_gab=wrong_value("street"),
    sales_address_with_role_synced_to_scm_customer_account_with_gab=wrong_value("street"),
)

mutant(
    "sales_address_with_role_synced_to_scm_with_gab__wrong_owner",
    "wrong_record",
    "with GAB an address added in Sales reaches another prospect in SCM",
    sales_address_with_role_synced_to_scm_prospect_with_gab=wrong_record("owner"),
    sales_address_with_role_synced_to_scm_customer_account_with_gab=wrong_record("owner"),
)

mutant(
    "sales_address_with_role_synced_to_scm_with_gab__other_deployment",
    "wrong_deployment",
    "an address with roles added in Sales reaches SCM only without GAB",
    sales_address_with_role_synced_to_scm_prospect_with_gab=other_deployment,
    sales_address_with_role_synced_to_scm_customer_account_with_gab=other_deployment,
)

mutant(
    "sales_addresses_not_synced_with_gab",
    "not_done",
    "with GAB the addresses added in Sales do not reach SCM",
    breaks=("S2.2-a", "S2.3-e", "S4.2-a", "S4.3-d"),
    sales_address_with_role_synced_to_scm_prospect_with_gab=removed,
    sales_address_with_role_synced_to_scm_customer_account_with_gab=removed,
)


# -- sales_address_without_role_not_synced ---------------------------------------------------------


def _role_less_address_synced(sync: Sync, fact: Fact) -> None:
    """S2.2 broken: an address without a role reaches SCM as a delivery address."""
    if sync.store.business_relation(fact["number"]) is not None:
        sync.store.add_scm_address(
            "business_relation", fact["number"], ["delivery"], fact["address"]
        )


mutant(
    "role_less_address_synced",
    "extra_effect",
    "an address without a role reaches SCM",
    breaks=("S2.2-c", "S4.2-c"),
    sales_address_without_role_not_synced=replaced(_role_less_address_synced),
)


def _role_less_address_synced_without_role(sync: Sync, fact: Fact) -> None:
    """S2.2 broken: an address without a role reaches SCM, without a role."""
    if sync.store.business_relation(fact["number"]) is not None:
        sync.store.add_scm_address("business_relation", fact["number"], [], fact["address"])


mutant(
    "role_less_address_synced_without_role",
    "extra_effect",
    "an address without a role reaches SCM, without a role",
    breaks=("S2.2-c", "S4.2-c"),
    sales_address_without_role_not_synced=replaced(_role_less_address_synced_without_role),
)


# -- sales_summary_address_set ---------------------------------------------------------------------

mutant(
    "sales_summary_address_set__not_done",
    "not_done",
    "an address set on the Summary tab is lost",
    sales_summary_address_set=removed,
)


# -- sales_summary_addresses_not_synced_to_scm -----------------------------------------------------


def _summary_addresses_synced(sync: Sync, fact: Fact) -> None:
    """S2.2 broken: without GAB the Summary tab's addresses reach SCM."""
    store = sync.store
    if store.business_relation(fact["number"]) is None:
        return
    store.delete_scm_addresses("business_relation", fact["number"])
    for row in store.sales_addresses(fact["number"], "summary"):
        store.add_scm_address("business_relation", fact["number"], roles_of(row), row)


mutant(
    "summary_addresses_synced",
    "extra_effect",
    "without GAB the Summary tab's addresses reach SCM",
    breaks=("S2.2-b", "S2.3-f", "S4.2-b", "S4.3-e"),
    sales_summary_addresses_not_synced_to_scm=replaced(_summary_addresses_synced),
)


# -- sales_account_relationship_type_changed_to_customer -------------------------------------------

mutant(
    "sales_account_relationship_type_changed_to_customer__wrong_account",
    "wrong_record",
    "another Sales account becomes a customer",
    sales_account_relationship_type_changed_to_customer=wrong_record("number"),
)

mutant(
    "sales_account_relationship_type_changed_to_customer__other_accounts_renamed",
    "extra_effect",
    "making an account a customer renames the other Sales accounts",
    sales_account_relationship_type_changed_to_customer=with_extra("other_accounts_renamed"),
)


# -- scm_prospect_converted_with_group_chosen_in_sales ---------------------------------------------

mutant(
    "scm_prospect_converted_with_group_chosen_in_sales__not_done",
    "not_done",
    "a conversion in Sales does not reach SCM",
    scm_prospect_converted_with_group_chosen_in_sales=removed,
)


def _group_from_parameters_not_chosen(sync: Sync, fact: Fact) -> None:
    """S2.3 broken: the customer group selected in Sales is ignored."""
    request_conversion(sync, fact["number"], sync.store.prospect_customer_group())


mutant(
    "customer_group_chosen_in_sales_ignored",
    "wrong_value",
    "the customer group selected in Sales is ignored",
    breaks=("S2.3-c", "S4.3-c"),
    scm_prospect_converted_with_group_chosen_in_sales=replaced(_group_from_parameters_not_chosen),
)


# -- scm_person_prospect_becomes_sales_prospect_contact --------------------------------------------

mutant(
    "scm_person_prospect_becomes_sales_prospect_contact__not_done",
    "not_done",
    "a person prospect created in SCM does not reach Sales",
    scm_person_prospect_becomes_sales_prospect_contact=removed,
)

mutant(
    "scm_person_prospect_becomes_sales_prospect_contact__wrong_number",
    "wrong_value",
    "a person prospect reaches Sales with another number",
    scm_person_prospect_becomes_sales_prospect_contact=wrong_value("number"),
)

mutant(
    "scm_person_prospect_becomes_sales_prospect_contact__wrong_is_customer",
    "wrong_value",
    "a person prospect reaches Sales as a customer",
    scm_person_prospect_becomes_sales_prospect_contact=wrong_value("is_customer"),
)

mutant(
    "scm_person_prospect_becomes_sales_prospect_contact__stray_sales_account",
    "extra_effect",
    "a person prospect reaches Sales as a contact and an unrelated account",
    scm_person_prospect_becomes_sales_prospect_contact=with_extra("stray_sales_account"),
)

mutant(
    "person_prospect_not_flagged",
    "wrong_value",
    "the person prospect's Sales contact has Is Prospect set to No",
    breaks=("S3.1-b",),
    scm_person_prospect_becomes_sales_prospect_contact=wrong_value("is_prospect"),
)


# -- scm_person_contact_in_sales_contacts_for_party_with_gab ---------------------------------------

mutant(
    "scm_person_contact_in_sales_contacts_for_party_with_gab__twice",
    "twice",
    "with GAB a person prospect's contact reaches Sales twice",
    scm_person_contact_in_sales_contacts_for_party_with_gab=twice,
)

mutant(
    "scm_person_contact_in_sales_contacts_for_party_with_gab__other_deployment",
    "wrong_deployment",
    "a person prospect's contact is in Contacts for Party only without GAB",
    scm_person_contact_in_sales_contacts_for_party_with_gab=other_deployment,
)

mutant(
    "scm_person_contact_in_sales_contacts_for_party_with_gab__wrong_owner",
    "wrong_record",
    "with GAB a person prospect's contact is in another contact's Contacts for Party tab",
    scm_person_contact_in_sales_contacts_for_party_with_gab=wrong_record("owner"),
)

mutant(
    "person_contact_not_in_contacts_for_party",
    "not_done",
    "with GAB the person prospect's contact is not in Contacts for Party",
    breaks=("S3.2-b",),
    scm_person_contact_in_sales_contacts_for_party_with_gab=removed,
)


# -- sales_contact_becomes_customer ----------------------------------------------------------------

mutant(
    "sales_contact_becomes_customer__wrong_is_customer",
    "wrong_value",
    "the converted person's Sales contact keeps Is Customer No",
    sales_contact_becomes_customer=wrong_value("is_customer"),
)

mutant(
    "sales_contact_becomes_customer__wrong_is_prospect",
    "wrong_value",
    "the converted person's Sales contact keeps Is Prospect Yes",
    sales_contact_becomes_customer=wrong_value("is_prospect"),
)

mutant(
    "sales_contact_becomes_customer__wrong_contact",
    "wrong_record",
    "another Sales contact becomes the customer",
    sales_contact_becomes_customer=wrong_record("number"),
)

mutant(
    "person_contact_flags_unchanged",
    "not_done",
    "the Sales contact keeps Is Prospect Yes and Is Customer No",
    breaks=("S3.3-f",),
    sales_contact_becomes_customer=removed,
)


# -- person_customer_contacts_in_sales_associated_contacts -----------------------------------------

mutant(
    "person_customer_contacts_in_sales_associated_contacts__twice",
    "twice",
    "the converted person's contact is in the Associated Contacts tab twice",
    person_customer_contacts_in_sales_associated_contacts=twice,
)

mutant(
    "person_customer_contacts_in_sales_associated_contacts__wrong_owner",
    "wrong_record",
    "the converted person's contact is in another contact's Associated Contacts tab",
    person_customer_contacts_in_sales_associated_contacts=wrong_record("owner"),
)

mutant(
    "person_contacts_not_associated",
    "not_done",
    "the person customer's contact is not in its Associated Contacts tab",
    breaks=("S3.3-g",),
    person_customer_contacts_in_sales_associated_contacts=removed,
)


# -- sales_prospect_contact_numbered_by_last_name --------------------------------------------------

mutant(
    "sales_prospect_contact_numbered_by_last_name__wrong_is_prospect",
    "wrong_value",
    "the contact created with Is Prospect Yes is stored with Is Prospect No",
    sales_prospect_contact_numbered_by_last_name=wrong_value("is_prospect"),
)


def _prospect_id_from_first_name(sync: Sync, fact: Fact) -> None:
    """S4.1 broken: the person prospect's ID is the contact's first name."""
    create_sales_prospect_contact(sync, fact, number=fact["first_name"])


mutant(
    "prospect_id_from_first_name",
    "wrong_value",
    "the person prospect's ID is the contact's first name",
    breaks=("S4.1-a",),
    sales_prospect_contact_numbered_by_last_name=replaced(_prospect_id_from_first_name),
)


# -- sales_prospect_contact_becomes_scm_person_prospect --------------------------------------------

mutant(
    "sales_prospect_contact_becomes_scm_person_prospect__not_done",
    "not_done",
    "a prospect contact created in Sales does not reach SCM",
    sales_prospect_contact_becomes_scm_person_prospect=removed,
)

mutant(
    "sales_prospect_contact_becomes_scm_person_prospect__wrong_number",
    "wrong_value",
    "a prospect contact reaches SCM with another prospect ID than its last name",
    sales_prospect_contact_becomes_scm_person_prospect=wrong_value("number"),
)

mutant(
    "sales_prospect_contact_becomes_scm_person_prospect__wrong_party_type",
    "wrong_value",
    "a prospect contact reaches SCM as an organization",
    sales_prospect_contact_becomes_scm_person_prospect=wrong_value("party_type"),
)


# -- sales_contact_is_customer_set_to_yes ----------------------------------------------------------

mutant(
    "sales_contact_is_customer_set_to_yes__wrong_contact",
    "wrong_record",
    "another Sales contact becomes a customer",
    sales_contact_is_customer_set_to_yes=wrong_record("number"),
)


# -- scm_quotation_created_for_prospect ------------------------------------------------------------

mutant(
    "scm_quotation_created_for_prospect__wrong_lines",
    "wrong_value",
    "the SCM quotation keeps other lines than the user added",
    scm_quotation_created_for_prospect=wrong_value("lines"),
)


# -- scm_quotation_synced_to_sales_quote -----------------------------------------------------------

mutant(
    "scm_quotation_synced_to_sales_quote__not_done",
    "not_done",
    "the SCM quotation does not reach Sales",
    scm_quotation_synced_to_sales_quote=removed,
)


# -- scm_quotation_prospect_converted_to_customer --------------------------------------------------

mutant(
    "scm_quotation_prospect_converted_to_customer__wrong_account_type",
    "wrong_value",
    "Convert to customer leaves the quotation for the prospect",
    scm_quotation_prospect_converted_to_customer=wrong_value("account_type"),
)


def _quotation_conversion_group_not_from_parameters(sync: Sync, fact: Fact) -> None:
    """S5.4 broken: Convert to customer on the quotation takes the first customer group."""
    quotation = sync.store.scm_quotation(fact["quotation"])
    sync.store.update_scm_quotation(fact["quotation"], account_type="customer")
    request_conversion(sync, quotation["account"], sync.store.customer_groups()[0])
    sync.reply(customer_account=quotation["account"])


mutant(
    "quotation_conversion_group_not_from_parameters",
    "wrong_value",
    "Convert to customer on the quotation ignores the parameters' group",
    breaks=("S5.4-b",),
    scm_quotation_prospect_converted_to_customer=replaced(
        _quotation_conversion_group_not_from_parameters
    ),
)


# -- scm_confirmed_quotation_creates_sales_order ---------------------------------------------------

mutant(
    "scm_confirmed_quotation_creates_sales_order__wrong_lines",
    "wrong_value",
    "the sales order created from the quotation has other lines",
    scm_confirmed_quotation_creates_sales_order=wrong_value("lines"),
)

mutant(
    "scm_confirmed_quotation_creates_sales_order__wrong_customer",
    "wrong_record",
    "the sales order created from the quotation is for another customer",
    scm_confirmed_quotation_creates_sales_order=wrong_record("customer_account"),
)


def _confirmation_without_sales_order(sync: Sync, fact: Fact) -> None:
    """S5.5 broken: confirming the quotation creates no sales order."""
    sync.store.update_scm_quotation(fact["quotation"], status="confirmed")
    sync.emit("scm.quotation_confirmed", number=fact["quotation"])
    sync.reply(sales_order="none")


mutant(
    "confirmation_without_sales_order",
    "not_done",
    "confirming the quotation creates no sales order, and is never refused",
    breaks=("S5.5-a",),
    scm_confirmed_quotation_creates_sales_order=replaced(_confirmation_without_sales_order),
    quotation_confirmed_only_once=removed,
    quotation_for_a_prospect_not_confirmed=removed,
)


# -- scm_sales_order_synced_to_sales ---------------------------------------------------------------

mutant(
    "scm_sales_order_synced_to_sales__wrong_lines",
    "wrong_value",
    "the sales order reaches Sales with other lines",
    scm_sales_order_synced_to_sales=wrong_value("lines"),
)

mutant(
    "scm_sales_order_synced_to_sales__wrong_customer",
    "wrong_record",
    "the sales order reaches Sales for another customer",
    scm_sales_order_synced_to_sales=wrong_record("customer"),
)

mutant(
    "sales_order_not_synced_to_sales",
    "not_done",
    "the SCM sales order does not reach Sales",
    breaks=("S5.5-b",),
    scm_sales_order_synced_to_sales=removed,
)


# -- sales_quote_won_when_quotation_confirmed ------------------------------------------------------

mutant(
    "sales_quote_won_when_quotation_confirmed__wrong_status",
    "wrong_value",
    "confirming the quotation leaves the Sales quote active",
    sales_quote_won_when_quotation_confirmed=wrong_value("status"),
)

mutant(
    "sales_quote_won_when_quotation_confirmed__wrong_quote",
    "wrong_record",
    "confirming the quotation marks another quote won",
    sales_quote_won_when_quotation_confirmed=wrong_record("number"),
)

mutant(
    "quote_not_marked_won",
    "not_done",
    "the Sales quote is not updated to Won",
    breaks=("S5.5-c",),
    sales_quote_won_when_quotation_confirmed=removed,
)


# -- sales_quote_created_for_prospect_account ------------------------------------------------------

mutant(
    "sales_quote_created_for_prospect_account__wrong_lines",
    "wrong_value",
    "the Sales quote keeps other lines than the user added",
    sales_quote_created_for_prospect_account=wrong_value("lines"),
)


# -- sales_quote_synced_to_scm_quotation -----------------------------------------------------------

mutant(
    "sales_quote_synced_to_scm_quotation__not_done",
    "not_done",
    "the Sales quote does not reach SCM",
    sales_quote_synced_to_scm_quotation=removed,
)


# -- quote_address_lookup_offers_delivery_addresses_with_gab ---------------------------------------

mutant(
    "quote_address_lookup_offers_delivery_addresses_with_gab__other_deployment",
    "wrong_deployment",
    "the quote's address lookup offers the delivery addresses without GAB, and not with it",
    quote_address_lookup_offers_delivery_addresses_with_gab=other_deployment,
)


def _no_address_lookup(sync: Sync, fact: Fact) -> None:
    """S6.2 broken: with GAB the quote has no address lookup."""
    sync.reply(addresses=None)


mutant(
    "no_address_lookup_with_gab",
    "wrong_value",
    "with GAB the quote has no address lookup",
    breaks=("S6.2-a",),
    quote_address_lookup_offers_delivery_addresses_with_gab=replaced(_no_address_lookup),
)


# -- quote_has_no_address_lookup_without_gab -------------------------------------------------------


def _address_lookup_without_gab(sync: Sync, fact: Fact) -> None:
    """S6.2 broken: without GAB the quote still has an (empty) address lookup."""
    sync.reply(addresses=[])


mutant(
    "address_lookup_without_gab",
    "wrong_deployment",
    "without GAB the quote still has an address lookup",
    breaks=("S6.2-b",),
    quote_has_no_address_lookup_without_gab=replaced(_address_lookup_without_gab),
)


# -- quote_ship_to_chosen_from_address_lookup ------------------------------------------------------

mutant(
    "quote_ship_to_chosen_from_address_lookup__not_done",
    "not_done",
    "the ship-to address chosen in the lookup is not kept",
    quote_ship_to_chosen_from_address_lookup=removed,
)

mutant(
    "quote_ship_to_chosen_from_address_lookup__wrong_ship_to",
    "wrong_value",
    "another ship-to address is kept than the one chosen",
    quote_ship_to_chosen_from_address_lookup=wrong_value("ship_to"),
)


# -- scm_prospect_converted_when_ordered_in_sales --------------------------------------------------

mutant(
    "scm_prospect_converted_when_ordered_in_sales__not_done",
    "not_done",
    "an order from a quote does not convert the prospect in SCM",
    scm_prospect_converted_when_ordered_in_sales=removed,
)


def _order_conversion_group_not_from_parameters(sync: Sync, fact: Fact) -> None:
    """S6.3 broken: an order from a Sales quote converts with the first customer group."""
    request_conversion(sync, fact["potential_customer"], sync.store.customer_groups()[0])


mutant(
    "order_conversion_group_not_from_parameters",
    "wrong_value",
    "an order from a Sales quote ignores the parameters' customer group",
    breaks=("S6.3-c",),
    scm_prospect_converted_when_ordered_in_sales=replaced(
        _order_conversion_group_not_from_parameters
    ),
)


# -- sales_order_created_from_active_quote ---------------------------------------------------------

mutant(
    "sales_order_created_from_active_quote__wrong_lines",
    "wrong_value",
    "the order created from the quote has other lines in Sales",
    sales_order_created_from_active_quote=wrong_value("lines"),
)


# -- scm_quotation_confirmed_when_order_created_in_sales -------------------------------------------

mutant(
    "scm_quotation_confirmed_when_order_created_in_sales__wrong_status",
    "wrong_value",
    "an order from the quote leaves the SCM quotation sent",
    scm_quotation_confirmed_when_order_created_in_sales=wrong_value("status"),
)

mutant(
    "scm_quotation_confirmed_when_order_created_in_sales__wrong_quotation",
    "wrong_record",
    "an order from the quote confirms another SCM quotation",
    scm_quotation_confirmed_when_order_created_in_sales=wrong_record("number"),
)

mutant(
    "scm_quotation_not_confirmed",
    "not_done",
    "an order created in Sales leaves the SCM quotation unconfirmed",
    breaks=("S6.3-e",),
    scm_quotation_confirmed_when_order_created_in_sales=removed,
)


# -- sales_order_synced_to_scm ---------------------------------------------------------------------

mutant(
    "sales_order_synced_to_scm__wrong_lines",
    "wrong_value",
    "the order created in Sales reaches SCM with other lines",
    sales_order_synced_to_scm=wrong_value("lines"),
)

mutant(
    "sales_order_synced_to_scm__wrong_customer",
    "wrong_record",
    "the order created in Sales reaches SCM for another customer",
    sales_order_synced_to_scm=wrong_record("customer_account"),
)

mutant(
    "sales_order_not_synced_to_scm",
    "not_done",
    "the order created in Sales does not reach SCM",
    breaks=("S6.3-f",),
    sales_order_synced_to_scm=removed,
)


def __getattr__(name: str) -> Any:
    """``p2c_reference.mutants.<name>`` is the adapter factory of mutant ``name``."""
    if name in MUTANTS:
        return MUTANTS[name].adapter
    raise AttributeError(
        f"module 'p2c_reference.mutants' has no mutant {name!r}; known: {sorted(MUTANTS)}"
    )
