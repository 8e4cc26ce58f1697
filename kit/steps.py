"""The step definitions of the specification.

Every step drives the implementation through the adapter contract
(:class:`p2c_kit._transports.driver.Driver`) and asserts only what its words say. The state a
scenario carries from step to step (the prospect's number, the addresses the user entered, the
quotation) lives in its :class:`~p2c_kit._specification.world.World`, the ``p2c`` fixture.
Steps share what they do through this module's helpers and the world's, never by calling one
another. Each placeholder of a step takes the words of one vocabulary (:data:`WORDS`): a word
outside it matches no step definition, so ``p2c lint`` names a misspelt Examples value.

The conformance test module loads this module as a pytest plugin, which makes its step
definitions (pytest-bdd fixtures) available to the scenarios. PYTEST_DONT_REWRITE: its checks
raise :class:`~p2c_kit._specification.assertions.Mismatch`, with no ``assert`` for pytest to
rewrite, and the kit may have imported it before (pytest would warn that it cannot).
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar, get_args

from pytest_bdd import given, parsers, then, when

from p2c_kit._contract.adapter import AddressRole, PartyType
from p2c_kit._contract.errors import KitError
from p2c_kit._contract.numbers import parse_number, render_number
from p2c_kit._specification import incidental
from p2c_kit._specification.assertions import Mismatch, canonical, differences, fail
from p2c_kit._specification.configuration import configuration
from p2c_kit._specification.properties import Evidence, property_named
from p2c_kit._specification.world import (
    OTHERS,
    OWN,
    Prospect,
    World,
    address_key,
    first_free,
    own_ids,
    person_key,
    sales_contacts,
    unchanged,
)

# -- the step language's words ---------------------------------------------------------------

Word = TypeVar("Word")


@dataclass(frozen=True)
class Words(Generic[Word]):
    """A placeholder that takes one of these words, as parse's ``extra_types`` want it: a
    converter, with the ``pattern`` it matches."""

    meanings: Mapping[str, Word]

    @classmethod
    def of(cls, vocabulary: Iterable[Word]) -> Words[Word]:
        """The words of an enumeration (each member's value), or of a contract's literal type."""
        return cls({str(word): word for word in vocabulary})

    @property
    def pattern(self) -> str:
        return "|".join(re.escape(word) for word in self.meanings)

    def __call__(self, text: str) -> Word:
        return self.meanings[text]


@dataclass(frozen=True)
class ListOf(Generic[Word]):
    """A placeholder that takes a list of words, ``, ``-separated, or ``none``."""

    words: Words[Word]

    @property
    def pattern(self) -> str:
        return f"none|(?:{self.words.pattern})(?:, (?:{self.words.pattern}))*"

    def __call__(self, text: str) -> list[Word]:
        return [] if text == "none" else [self.words(word) for word in text.split(", ")]


class Roles(StrEnum):
    """Which of the prospect's addresses a record has, by their roles."""

    NONE = "none"
    DELIVERY_ONLY = "delivery only"
    INVOICE_ONLY = "invoice only"
    DELIVERY_AND_INVOICE = "delivery and invoice"

    @property
    def roles(self) -> list[AddressRole]:
        return [role for role in get_args(AddressRole) if role in self.split()]


class SalesAddressPlace(StrEnum):
    """Where in Sales the user enters a prospect's delivery and invoice addresses."""

    ADDRESSES_TAB = "on the Addresses tab with roles"
    SUMMARY_TAB = "on the Summary tab"


class Kind(StrEnum):
    """A kind of prospect: the system the user creates (and converts) it in, and its party
    type."""

    ORGANIZATIONS_IN_SCM = "organizations in SCM"
    PERSONS_IN_SCM = "persons in SCM"
    ACCOUNTS_IN_SALES = "accounts in Sales"
    CONTACTS_IN_SALES = "contacts in Sales"

    @property
    def origin(self) -> str:
        return self.rpartition(" in ")[2]

    @property
    def party_type(self) -> PartyType:
        organizations = (Kind.ORGANIZATIONS_IN_SCM, Kind.ACCOUNTS_IN_SALES)
        return "organization" if self in organizations else "person"


class Creation(StrEnum):
    """How a prospect is created, by its kind."""

    ORGANIZATION_IN_SCM = "in SCM as an organization"
    PERSON_IN_SCM = "in SCM as a person"
    ACCOUNT_IN_SALES = "in Sales as an account"
    CONTACT_IN_SALES = "in Sales as a contact"

    @property
    def kind(self) -> Kind:
        return {
            Creation.ORGANIZATION_IN_SCM: Kind.ORGANIZATIONS_IN_SCM,
            Creation.PERSON_IN_SCM: Kind.PERSONS_IN_SCM,
            Creation.ACCOUNT_IN_SALES: Kind.ACCOUNTS_IN_SALES,
            Creation.CONTACT_IN_SALES: Kind.CONTACTS_IN_SALES,
        }[self]


class Conversion(StrEnum):
    """Each way the document converts a prospect to a customer."""

    IN_SCM_ORGANIZATION = "from the All prospects page in SCM, as an organization"
    IN_SCM_PERSON = "from the All prospects page in SCM, as a person"
    SALES_ACCOUNT = "by changing the Sales account's relationship type"
    SALES_CONTACT = "by setting Is Customer on the Sales contact"
    SCM_QUOTATION = "from a sent quotation in SCM"
    SALES_QUOTE = "by creating an order from an active quote in Sales"


class ConversionOrder(StrEnum):
    """In which order the user converts the scenario's prospects."""

    AS_CREATED = "in the order they were created"
    LAST_CREATED_FIRST = "the last created first"


class SalesRecord(StrEnum):
    """The record a prospect is in Sales."""

    ACCOUNT = "an account of relationship type Prospect"
    CONTACT = "a contact with Is Prospect set to Yes"


class RelationshipType(StrEnum):
    """A Sales account's relationship type, as Sales shows it."""

    PROSPECT = "Prospect"
    CUSTOMER = "Customer"


class YesNo(StrEnum):
    """A Yes/No field, as Sales shows it."""

    YES = "Yes"
    NO = "No"


class ContactPlace(StrEnum):
    """Where in Sales a prospect's contact person can surface."""

    ACCOUNT_ASSOCIATED_CONTACTS = "Associated contacts tab of the account"
    ACCOUNT_PRIMARY_CONTACT = "primary contact section of the account's Summary tab"
    CONTACT_CONTACTS_FOR_PARTY = "Contacts for Party tab of the contact"
    CONTACT_ASSOCIATED_CONTACTS = "Associated Contacts tab of the contact"

    @property
    def where(self) -> tuple[str, str]:
        """The Sales record it is on (``account`` or ``contact``), and the field that holds it."""
        return {
            ContactPlace.ACCOUNT_ASSOCIATED_CONTACTS: ("account", "associated_contacts"),
            ContactPlace.ACCOUNT_PRIMARY_CONTACT: ("account", "primary_contact"),
            ContactPlace.CONTACT_CONTACTS_FOR_PARTY: ("contact", "contacts_for_party"),
            ContactPlace.CONTACT_ASSOCIATED_CONTACTS: ("contact", "associated_contacts"),
        }[self]


class NumberSequence(StrEnum):
    """An SCM number sequence a conversion could take a number from."""

    PROSPECT = "prospect"
    CUSTOMER = "customer"


class Each(StrEnum):
    """Which of the scenario's prospects a step checks, one by one."""

    PROSPECT = "each prospect"
    PROSPECT_CREATED_IN_SCM = "each prospect created in SCM"
    PROSPECT_CREATED_IN_SALES = "each prospect created in Sales"
    ORGANIZATION = "each organization"
    PERSON = "each person"
    ORGANIZATION_CREATED_IN_SCM = "each organization created in SCM"
    PERSON_CREATED_IN_SCM = "each person created in SCM"
    ACCOUNT_CREATED_IN_SALES = "each account created in Sales"
    CONTACT_CREATED_IN_SALES = "each contact created in Sales"

    def of(self, prospects: list[Prospect]) -> list[Prospect]:
        """The prospects it names, in the order they were created."""
        noun, _, origin = self.removeprefix("each ").partition(" created in ")
        party_type = _PARTY_TYPES.get(noun)
        return [
            prospect
            for prospect in prospects
            if origin in ("", prospect.origin) and party_type in (None, prospect.party_type)
        ]


_PARTY_TYPES: dict[str, PartyType] = {
    "organization": "organization",
    "account": "organization",
    "person": "person",
    "contact": "person",
}


#: The vocabularies of the steps' placeholders, by the type name a step gives (``{role:Role}``).
WORDS: dict[str, Words[Any] | ListOf[Any]] = {
    "PartyType": Words.of(get_args(PartyType)),
    "Role": Words.of(get_args(AddressRole)),
    "Roles": Words.of(Roles),
    "SalesAddressPlace": Words.of(SalesAddressPlace),
    "Kinds": ListOf(Words.of(Kind)),
    "Creation": Words.of(Creation),
    "Conversion": Words.of(Conversion),
    "ConversionOrder": Words.of(ConversionOrder),
    "SalesRecord": Words.of(SalesRecord),
    "RelationshipType": Words.of(RelationshipType),
    "YesNo": Words.of(YesNo),
    "ContactPlace": Words.of(ContactPlace),
    "NumberSequence": Words.of(NumberSequence),
    "Each": Words.of(Each),
}


def typed(text: str) -> parsers.cfparse:
    """A step text whose placeholders each take the words of a vocabulary of :data:`WORDS` (or a
    number, ``{index:d}``), matched exactly: case included, as the steps without placeholders
    are."""
    return parsers.cfparse(text, extra_types=WORDS, case_sensitive=True)


# -- records ----------------------------------------------------------------------------------


def _find(records: list[dict[str, Any]], key: str, value: Any) -> dict[str, Any] | None:
    return next((record for record in records if record[key] == value), None)


def _kept(p2c: World, system: str, records: str, key: str, record: dict[str, Any]) -> None:
    """Where the document says a record *is changed* (updated, retired, converted), it is the
    same record as before the action, not one deleted and created again: the same id. A record
    that did not exist before the action has nothing to keep."""
    __tracebackhide__ = True
    before = _find(p2c.before.get(system, {}).get(records, []), key, record[key])
    if before is not None and before["id"] != record["id"]:
        fail(
            f"the {system} record {record[key]} of {records} changed in place: id {before['id']}",
            f"a record with another id, {record['id']}: deleted and created again",
            ("before the action", before),
            ("after", record),
        )


def _related(p2c: World, part: str, record: dict[str, Any], title: str) -> None:
    """The prospect's addresses or contacts, "related to" (S1.3, S3.3) or "associated with" (S2,
    S4 notes: "already synchronized are associated with the customer account") its customer
    account in SCM: the same records (ids) its business relation had before the action, not
    copies; the document says "synchronized and created" where it means new records."""
    __tracebackhide__ = True
    number = p2c.the_prospect.number
    relation = _find(p2c.before.get("scm", {}).get("business_relations", []), "number", number)
    if relation is None:
        fail(
            f"SCM's business relation {number}, before the action, with its {part}",
            "none",
            ("SCM before the action", p2c.before.get("scm", {})),
        )
    content = address_key if part == "addresses" else person_key
    had = {content(item): item["id"] for item in relation[part]}
    # the customer's, and the retired relation's if it still shows them: the same records
    relation_after = _find(p2c.records("scm")["business_relations"], "number", number)
    for owner in (record, relation_after or {part: []}):
        for item in owner[part]:
            if content(item) in had and had[content(item)] != item["id"]:
                fail(
                    f"the prospect's own {part} related to the {title}: the ids its business "
                    "relation had",
                    f"{item['id']} instead of {had[content(item)]}: a copy, not the same record",
                    ("business relation before the action", relation),
                    ("after the action", owner),
                )


def _sales_prospect_record(world: World) -> tuple[str, dict[str, Any] | None]:
    """The prospect's record in Sales: an account, or for a person a contact."""
    sales = world.records("sales")
    number = world.the_prospect.number
    if world.the_prospect.party_type == "person":
        return "contact", _find(sales["contacts"], "number", number)
    return "account", _find(sales["accounts"], "number", number)


def _the_contact(world: World) -> dict[str, str]:
    if world.the_prospect.contact is None:
        raise KitError("the scenario has no contact person yet: a step creating it is missing")
    return world.the_prospect.contact


def _sales_contact(world: World) -> dict[str, Any]:
    contacts = world.records("sales")["contacts"]
    contact = _find(contacts, "number", world.the_prospect.number)
    if contact is None:
        fail(
            f"a Sales contact numbered {world.the_prospect.number}",
            f"contact numbers {[c['number'] for c in contacts]}",
        )
    return contact


def _scm_relation(world: World) -> dict[str, Any]:
    number = world.the_prospect.number
    relation = _find(world.records("scm")["business_relations"], "number", number)
    if relation is None:
        fail(
            f"a business relation numbered {number} in SCM",
            "none",
            ("SCM business relations", world.records("scm")["business_relations"]),
        )
    return relation


def _scm_customer(world: World) -> dict[str, Any]:
    number = world.the_prospect.number
    customers = world.records("scm")["customers"]
    customer = _find(customers, "account", number)
    if customer is None:
        fail(
            f"a customer account numbered {number} in SCM",
            f"customer accounts {[c['account'] for c in customers]}",
            ("SCM customers", customers),
        )
    return customer


# -- Given: configuration ----------------------------------------------------------------------


@given(typed('the master data and incidental data drawn for "{key}"'))
def data_drawn_for(p2c: World, key: str) -> None:
    """The data of an exploration's sequence (``p2c explore``), drawn again from its key: a
    sequence it prints reproduces with the same records."""
    if p2c.started:
        raise KitError("the data of a scenario is drawn before its first action")
    p2c.configuration = configuration(p2c.configuration["deployment"], key)
    incidental.seed(p2c.fake, key)


@given("the prospect and customer number sequences in SCM overlap")
def sequences_overlap(p2c: World) -> None:
    sequences = p2c.configuration["scm"]["number_sequences"]
    sequences["customer"] = dict(sequences["prospect"])


@given(
    "SCM has a customer account from before the integration with the number the prospect "
    "number sequence issues next"
)
def legacy_customer_with_next_prospect_number(p2c: World) -> None:
    scm = p2c.configuration["scm"]
    prospect_sequence = scm["number_sequences"]["prospect"]
    number = render_number(prospect_sequence["format"], prospect_sequence["next"])
    _customer_from_before(p2c, number)


def _customer_from_before(p2c: World, account: str | None) -> None:
    """A customer account that SCM has from before the integration, in the configuration."""
    scm = p2c.configuration["scm"]
    scm["customers"].append(
        {
            "account": account,
            "name": p2c.fake.company(),
            "customer_group": scm["customer_groups"][0]["code"],
        }
    )


# -- the user's actions ------------------------------------------------------------------------
# Each as a helper, since steps share them: a step is one action (a Given setting the scene, or
# the When under test), or several.


def _create_scm_prospect(p2c: World, party_type: PartyType) -> None:
    if party_type == "person":
        person = p2c.person()
        number = p2c.act("scm_create_prospect", party_type="person", **person)["number"]
        p2c.created(Prospect(number, "person", "SCM", person["first_name"], person["last_name"]))
    else:
        number = p2c.act("scm_create_prospect", party_type="organization", name=p2c.fake.company())[
            "number"
        ]
        p2c.created(Prospect(number, "organization", "SCM"))


def _add_scm_address(p2c: World, role: AddressRole) -> None:
    address = p2c.address()
    p2c.act("scm_add_address", number=p2c.the_prospect.number, roles=[role], address=address)
    p2c.the_prospect.addresses[role] = address


def _create_scm_contact(p2c: World) -> None:
    person = p2c.person()
    p2c.act("scm_create_contact", number=p2c.the_prospect.number, **person)
    p2c.the_prospect.contact = person


def _scm_prospect_with_addresses_and_contact(p2c: World, party_type: PartyType) -> None:
    _create_scm_prospect(p2c, party_type)
    _add_scm_address(p2c, "delivery")
    _add_scm_address(p2c, "invoice")
    _create_scm_contact(p2c)


def _convert_in_scm(p2c: World) -> None:
    p2c.act("scm_convert_prospect", number=p2c.the_prospect.number)


def _create_sales_prospect_account(p2c: World) -> None:
    # deliberately unlike the SCM prospect number sequence's format: "irrespective of" it
    number = p2c.account_number()
    p2c.act("sales_create_prospect_account", number=number, name=p2c.fake.company())
    p2c.created(Prospect(number, "organization", "Sales"))


def _create_sales_prospect_contact(p2c: World) -> None:
    person = p2c.person()
    number = p2c.act("sales_create_prospect_contact", **person)["number"]
    p2c.created(Prospect(number, "person", "Sales", person["first_name"], person["last_name"]))


def _create_sales_contact(p2c: World) -> None:
    person = p2c.person()
    p2c.act("sales_create_contact", for_number=p2c.the_prospect.number, **person)
    p2c.the_prospect.contact = person


def _add_sales_address(p2c: World, role: AddressRole) -> None:
    address = p2c.address()
    p2c.act("sales_add_address", number=p2c.the_prospect.number, roles=[role], address=address)
    p2c.the_prospect.addresses[role] = address


def _add_sales_delivery_and_invoice_addresses(p2c: World, where: SalesAddressPlace) -> None:
    roles: tuple[AddressRole, ...] = ("delivery", "invoice")
    for role in roles:
        if where == SalesAddressPlace.ADDRESSES_TAB:
            _add_sales_address(p2c, role)
        else:
            address = p2c.address()
            p2c.act(
                "sales_set_summary_address",
                number=p2c.the_prospect.number,
                slot=role,
                address=address,
            )
            p2c.the_prospect.addresses[role] = address


def _group_other_than_the_prospect_customer_group(p2c: World) -> str:
    """A customer group the user may select in Sales: any but the one SCM's parameters give
    converted prospects, so that the SCM customer's group tells which of the two it got."""
    scm = p2c.configuration["scm"]
    prospect_group = scm["sales_and_marketing_parameters"]["prospect_customer_group"]
    others = [group["code"] for group in scm["customer_groups"] if group["code"] != prospect_group]
    if not others:
        raise KitError("the master data has no customer group besides the prospect customer group")
    group: str = p2c.fake.random_element(others)
    p2c.the_prospect.customer_group = group
    return group


def _convert_sales_account(p2c: World) -> None:
    group = _group_other_than_the_prospect_customer_group(p2c)
    p2c.act("sales_convert_account", number=p2c.the_prospect.number, customer_group=group)


def _convert_sales_contact(p2c: World) -> None:
    group = _group_other_than_the_prospect_customer_group(p2c)
    p2c.act("sales_convert_contact", number=p2c.the_prospect.number, customer_group=group)


def _create_lead(p2c: World) -> None:
    p2c.act(
        "sales_create_lead",
        topic=p2c.fake.catch_phrase(),
        company=p2c.fake.company(),
        **p2c.person(),
    )


def _create(p2c: World, kind: Kind) -> None:
    """The user creates a prospect of ``kind``."""
    match kind:
        case Kind.ORGANIZATIONS_IN_SCM | Kind.PERSONS_IN_SCM:
            _create_scm_prospect(p2c, kind.party_type)
        case Kind.ACCOUNTS_IN_SALES:
            _create_sales_prospect_account(p2c)
        case Kind.CONTACTS_IN_SALES:
            _create_sales_prospect_contact(p2c)


def _convert_on_its_side(p2c: World) -> None:
    """The user converts the prospect to a customer on the side it was created on (selecting in
    Sales a customer group other than the prospect customer group)."""
    if p2c.the_prospect.origin == "SCM":
        _convert_in_scm(p2c)
    elif p2c.the_prospect.party_type == "organization":
        _convert_sales_account(p2c)
    else:
        _convert_sales_contact(p2c)


def _create_scm_quotation(p2c: World) -> None:
    p2c.quotation = p2c.act(
        "scm_create_quotation",
        account_type="prospect",
        account=p2c.the_prospect.number,
        lines=p2c.new_lines(),
    )["number"]


def _send_scm_quotation(p2c: World) -> None:
    p2c.act("scm_send_quotation", quotation=p2c.quotation)


def _sent_quotation_for_a_new_prospect(p2c: World) -> None:
    _create_scm_prospect(p2c, "organization")
    _create_scm_quotation(p2c)
    _send_scm_quotation(p2c)


def _convert_on_the_quotation(p2c: World) -> None:
    p2c.act("scm_convert_quotation_prospect", quotation=p2c.quotation)


def _create_sales_quote(p2c: World) -> None:
    p2c.quote = p2c.act(
        "sales_create_quote", potential_customer=p2c.the_prospect.number, lines=p2c.new_lines()
    )["number"]


def _activate_sales_quote(p2c: World) -> None:
    p2c.act("sales_activate_quote", quote=p2c.quote)


def _active_quote_for_a_new_prospect(p2c: World) -> None:
    _create_sales_prospect_account(p2c)
    _create_sales_quote(p2c)
    _activate_sales_quote(p2c)


def _create_order_from_the_quote(p2c: World) -> None:
    p2c.act("sales_create_order", quote=p2c.quote)


def _create_and_convert(p2c: World, how: Conversion) -> None:
    """The user creates a prospect, and converts it to a customer ``how``."""
    match how:
        case Conversion.IN_SCM_ORGANIZATION:
            _create_scm_prospect(p2c, "organization")
            _convert_in_scm(p2c)
        case Conversion.IN_SCM_PERSON:
            _create_scm_prospect(p2c, "person")
            _convert_in_scm(p2c)
        case Conversion.SALES_ACCOUNT:
            _create_sales_prospect_account(p2c)
            _convert_sales_account(p2c)
        case Conversion.SALES_CONTACT:
            _create_sales_prospect_contact(p2c)
            _convert_sales_contact(p2c)
        case Conversion.SCM_QUOTATION:
            _sent_quotation_for_a_new_prospect(p2c)
            _convert_on_the_quotation(p2c)
        case Conversion.SALES_QUOTE:
            _active_quote_for_a_new_prospect(p2c)
            _create_order_from_the_quote(p2c)


# -- actions in SCM (Scenarios 1, 3, 5) --------------------------------------------------------


@given(typed("the user creates a prospect of type {party_type:PartyType} in SCM"))
@when(typed("the user creates a prospect of type {party_type:PartyType} in SCM"))
def scm_create_prospect(p2c: World, party_type: PartyType) -> None:
    _create_scm_prospect(p2c, party_type)


@given(typed("the user adds an address of role {role:Role} to the prospect in SCM"))
@when(typed("the user adds an address of role {role:Role} to the prospect in SCM"))
def scm_add_address(p2c: World, role: AddressRole) -> None:
    _add_scm_address(p2c, role)


@given("the user creates a contact for the prospect in SCM")
@when("the user creates a contact for the prospect in SCM")
def scm_create_contact(p2c: World) -> None:
    _create_scm_contact(p2c)


@when(typed("the user tries to add an address of role {role:Role} to the customer in SCM"))
def scm_try_add_address_to_customer(p2c: World, role: AddressRole) -> None:
    """After the conversion: the document adds none to a customer; the implementation may
    refuse it, changing nothing, or add it."""
    p2c.attempt(
        "scm_add_address", number=p2c.the_prospect.number, roles=[role], address=p2c.address()
    )


@when("the user tries to create a contact for the customer in SCM")
def scm_try_create_contact_for_customer(p2c: World) -> None:
    """After the conversion: the document creates none for a customer; the implementation may
    refuse it, changing nothing, or create it."""
    p2c.attempt("scm_create_contact", number=p2c.the_prospect.number, **p2c.person())


@given(
    typed(
        "a prospect of type {party_type:PartyType} created in SCM with a delivery address, an "
        "invoice address and a contact"
    )
)
def scm_prospect_with_addresses_and_contact(p2c: World, party_type: PartyType) -> None:
    _scm_prospect_with_addresses_and_contact(p2c, party_type)


@given("the user converts the prospect to a customer in SCM")
@when("the user converts the prospect to a customer in SCM")
def scm_convert_prospect(p2c: World) -> None:
    _convert_in_scm(p2c)


@when("the user tries to convert the prospect to a customer in SCM")
def scm_try_convert_prospect(p2c: World) -> None:
    p2c.attempt("scm_convert_prospect", number=p2c.the_prospect.number)


@when(
    "the user tries to convert the prospect to a customer in SCM with a customer account number "
    "other than the prospect's"
)
def scm_try_convert_prospect_to_number(p2c: World) -> None:
    # a number such as the customer account number sequence issues, so never the prospect's; not
    # its next number, which a conversion that wrongly uses that sequence takes (p2c_s1_05's case)
    sequence = p2c.configuration["scm"]["number_sequences"]["customer"]
    account = render_number(sequence["format"], sequence["next"] + p2c.fake.random_int(1, 999))
    if account is None or account == p2c.the_prospect.number:
        raise KitError(f"no customer account number to enter besides {p2c.the_prospect}")
    p2c.entered_account = account
    p2c.attempt("scm_convert_prospect", number=p2c.the_prospect.number, customer_account=account)


# -- actions in Sales (Scenarios 2, 4, 6) ------------------------------------------------------


@given(
    "the user creates an account of relationship type Prospect in Sales with an account number "
    "of their choice"
)
@when(
    "the user creates an account of relationship type Prospect in Sales with an account number "
    "of their choice"
)
def sales_create_prospect_account(p2c: World) -> None:
    _create_sales_prospect_account(p2c)


@when(
    "the user tries to create another account of relationship type Prospect in Sales with the "
    "same account number"
)
def sales_try_duplicate_prospect_account(p2c: World) -> None:
    p2c.attempt(
        "sales_create_prospect_account", number=p2c.the_prospect.number, name=p2c.fake.company()
    )


@given("the user creates a contact with Is Prospect set to Yes in Sales")
@when("the user creates a contact with Is Prospect set to Yes in Sales")
def sales_create_prospect_contact(p2c: World) -> None:
    _create_sales_prospect_contact(p2c)


@given("the user creates a contact for the prospect in Sales")
@when("the user creates a contact for the prospect in Sales")
def sales_create_contact(p2c: World) -> None:
    _create_sales_contact(p2c)


@given(
    typed(
        "the user adds a delivery address and an invoice address to the prospect in Sales "
        "{where:SalesAddressPlace}"
    )
)
@when(
    typed(
        "the user adds a delivery address and an invoice address to the prospect in Sales "
        "{where:SalesAddressPlace}"
    )
)
def sales_add_delivery_and_invoice_addresses(p2c: World, where: SalesAddressPlace) -> None:
    _add_sales_delivery_and_invoice_addresses(p2c, where)


@given(
    typed(
        "the user adds an address of role {role:Role} on the Addresses tab of the prospect in Sales"
    )
)
@when(
    typed(
        "the user adds an address of role {role:Role} on the Addresses tab of the prospect in Sales"
    )
)
def sales_add_address(p2c: World, role: AddressRole) -> None:
    _add_sales_address(p2c, role)


@given("the user adds an address without a role on the Addresses tab of the prospect in Sales")
@when("the user adds an address without a role on the Addresses tab of the prospect in Sales")
def sales_add_address_without_role(p2c: World) -> None:
    p2c.act("sales_add_address", number=p2c.the_prospect.number, roles=[], address=p2c.address())


@given(
    typed(
        "the user tries to add an address of role {role:Role} on the Addresses tab of the "
        "prospect in Sales"
    )
)
@when(
    typed(
        "the user tries to add an address of role {role:Role} on the Addresses tab of the "
        "prospect in Sales"
    )
)
def sales_try_add_address_with_role(p2c: World, role: AddressRole) -> None:
    p2c.attempt(
        "sales_add_address", number=p2c.the_prospect.number, roles=[role], address=p2c.address()
    )


@given(
    "the user changes the relationship type of the account to Customer and selects a customer "
    "group other than the prospect customer group"
)
@when(
    "the user changes the relationship type of the account to Customer and selects a customer "
    "group other than the prospect customer group"
)
def sales_convert_account(p2c: World) -> None:
    _convert_sales_account(p2c)


@when(
    "the user tries to change the relationship type of the account to Customer with a customer "
    "group that does not exist in SCM"
)
def sales_try_convert_account(p2c: World) -> None:
    codes = {group["code"] for group in p2c.configuration["scm"]["customer_groups"]}
    group = first_free(lambda: p2c.fake.bothify("??##").upper(), codes)
    p2c.attempt("sales_convert_account", number=p2c.the_prospect.number, customer_group=group)


@given(
    "the user changes Is Customer of the contact from No to Yes and selects a customer group "
    "other than the prospect customer group"
)
@when(
    "the user changes Is Customer of the contact from No to Yes and selects a customer group "
    "other than the prospect customer group"
)
def sales_convert_contact(p2c: World) -> None:
    _convert_sales_contact(p2c)


@given(typed("the user turns to prospect {index:d}, in the order created"))
@when(typed("the user turns to prospect {index:d}, in the order created"))
def turn_to_prospect(p2c: World, index: int) -> None:
    """The steps that follow act on the ``index``-th prospect the user created (from 1)."""
    if not 1 <= index <= len(p2c.prospects):
        raise KitError(f"prospect {index}: the scenario has created {len(p2c.prospects)}")
    p2c.prospect = p2c.prospects[index - 1]


@given("the user creates a lead in Sales")
@when("the user creates a lead in Sales")
def sales_create_lead(p2c: World) -> None:
    _create_lead(p2c)


@when(typed("a prospect is created {origin:Creation}"))
def prospect_created(p2c: World, origin: Creation) -> None:
    _create(p2c, origin.kind)


@when(typed("a prospect is converted to a customer {how:Conversion}"))
def prospect_converted(p2c: World, how: Conversion) -> None:
    with p2c.one_step():  # "unchanged by the action" compares with before the prospect existed
        _create_and_convert(p2c, how)


# -- quotations (Scenarios 5 and 6) ------------------------------------------------------------


@given("the user creates a sales quotation in SCM for the prospect, with lines")
@when("the user creates a sales quotation in SCM for the prospect, with lines")
def scm_create_quotation(p2c: World) -> None:
    _create_scm_quotation(p2c)


@given("the user sends the quotation in SCM")
@when("the user sends the quotation in SCM")
def scm_send_quotation(p2c: World) -> None:
    _send_scm_quotation(p2c)


@given("a sent quotation in SCM for a prospect of type organization")
def scm_sent_quotation_for_prospect(p2c: World) -> None:
    _sent_quotation_for_a_new_prospect(p2c)


@given("the user selects Convert to customer on the quotation in SCM")
@when("the user selects Convert to customer on the quotation in SCM")
def scm_convert_quotation_prospect(p2c: World) -> None:
    _convert_on_the_quotation(p2c)


@when("the user tries to select Convert to customer on the quotation in SCM")
def scm_try_convert_quotation_prospect(p2c: World) -> None:
    p2c.attempt("scm_convert_quotation_prospect", quotation=p2c.quotation)


@given("the prospect was converted to a customer from the quotation in SCM")
def scm_quotation_prospect_converted(p2c: World) -> None:
    """The conversion the quotation's later steps rest on, with its documented result: "A
    customer account is created ... Customer account number is the same as prospect"."""
    _convert_on_the_quotation(p2c)
    _scm_customer(p2c)


@given("the user confirms the quotation in SCM")
@when("the user confirms the quotation in SCM")
def scm_confirm_quotation(p2c: World) -> None:
    p2c.act("scm_confirm_quotation", quotation=p2c.quotation)


@when("the user tries to confirm the quotation in SCM again")
def scm_try_confirm_quotation(p2c: World) -> None:
    p2c.attempt("scm_confirm_quotation", quotation=p2c.quotation)


@given("the user creates a quote in Sales with the prospect as potential customer, with lines")
@when("the user creates a quote in Sales with the prospect as potential customer, with lines")
def sales_create_quote(p2c: World) -> None:
    _create_sales_quote(p2c)


@given("the user activates the quote in Sales")
@when("the user activates the quote in Sales")
def sales_activate_quote(p2c: World) -> None:
    _activate_sales_quote(p2c)


@given("an active quote in Sales for a prospect account")
def sales_active_quote_for_prospect(p2c: World) -> None:
    _active_quote_for_a_new_prospect(p2c)


@when("the user opens the ship-to address lookup on the quote")
def sales_lookup_ship_to(p2c: World) -> None:
    p2c.lookup = p2c.act("sales_lookup_ship_to_address", quote=p2c.quote)["addresses"]


@when("the user chooses the prospect's delivery address in the lookup")
def sales_choose_ship_to(p2c: World) -> None:
    delivery = p2c.the_prospect.addresses["delivery"]
    offered = [
        address for address in p2c.lookup or [] if address_key(address) == address_key(delivery)
    ]
    if not offered:
        fail(
            "the lookup offers the prospect's delivery address",
            f"it offers {p2c.lookup}",
            ("delivery address", delivery),
        )
    p2c.act("sales_set_quote_ship_to", quote=p2c.quote, address=offered[0])


@when("the user tries to choose the prospect's delivery address as the quote's ship-to address")
def sales_try_choose_ship_to(p2c: World) -> None:
    p2c.attempt(
        "sales_set_quote_ship_to", quote=p2c.quote, address=p2c.the_prospect.addresses["delivery"]
    )


@when("the user selects Create order on the quote in Sales")
def sales_create_order(p2c: World) -> None:
    _create_order_from_the_quote(p2c)


# -- Then: prospects ---------------------------------------------------------------------------


def _scm_prospect(p2c: World, party_type: PartyType | None = None) -> None:
    """SCM has a business relation of type Prospect for the prospect (of ``party_type``)."""
    relation = _scm_relation(p2c)
    if relation["relation_type"] != "prospect":
        fail("relation type prospect", relation["relation_type"], ("business relation", relation))
    if party_type is not None and relation["party_type"] != party_type:
        fail(f"party type {party_type}", relation["party_type"], ("business relation", relation))


@then("SCM has a business relation of type Prospect for the prospect")
def scm_has_prospect(p2c: World) -> None:
    _scm_prospect(p2c)


@then(
    typed(
        "SCM has a business relation of type Prospect for the prospect, of party type "
        "{party_type:PartyType}"
    )
)
def scm_has_prospect_of_party_type(p2c: World, party_type: PartyType) -> None:
    _scm_prospect(p2c, party_type)


def _prospect_sequence(p2c: World) -> dict[str, Any]:
    """The prospect number sequence as it is set up: the configuration, not what the
    implementation reports of it."""
    sequence: dict[str, Any] = p2c.configuration["scm"]["number_sequences"]["prospect"]
    return sequence


@then("the prospect's number is the next number of the SCM prospect number sequence")
def prospect_numbered_from_sequence(p2c: World) -> None:
    if p2c.the_prospect is not p2c.prospects[0]:
        raise KitError("the step checks the scenario's first prospect: the sequence's next")
    sequence = _prospect_sequence(p2c)
    expected = render_number(sequence["format"], sequence["next"])
    if p2c.the_prospect.number != expected:
        fail(
            f"number {expected} (format {sequence['format']}, next {sequence['next']})",
            p2c.the_prospect.number,
        )


@then("the SCM prospect number sequence has moved on past the prospect's number")
def prospect_sequence_moved_on(p2c: World) -> None:
    """The number the prospect took is used: the sequence's next number is beyond it."""
    sequence = p2c.records("scm")["number_sequences"]["prospect"]
    taken = parse_number(_prospect_sequence(p2c)["format"], p2c.the_prospect.number)
    if taken is None or sequence["next"] <= taken:
        fail(
            f"the prospect number sequence past {p2c.the_prospect.number}",
            f"next number {sequence['next']}",
            ("SCM prospect number sequence", sequence),
        )


@then("the prospect's number is the account number the user selected")
def prospect_number_is_users(p2c: World) -> None:
    _scm_relation(p2c)  # found by the number the user typed


def _numbered_by_last_name(p2c: World) -> None:
    """The prospect's number is the last name of its Sales contact, and SCM has it."""
    if p2c.the_prospect.number != p2c.the_prospect.last_name:
        fail(
            f"prospect ID {p2c.the_prospect.last_name!r} (the contact's last name)",
            repr(p2c.the_prospect.number),
        )
    _scm_relation(p2c)


@then("the prospect's number is the last name of the Sales contact")
def prospect_number_is_last_name(p2c: World) -> None:
    _numbered_by_last_name(p2c)


def _sales_prospect_is(p2c: World, record: SalesRecord) -> None:
    """Sales has the prospect as ``record``."""
    if record == SalesRecord.ACCOUNT:
        _sales_account_is(p2c, RelationshipType.PROSPECT)
    else:
        contact = _sales_contact(p2c)
        if not contact["is_prospect"]:
            fail("Is Prospect Yes", "Is Prospect No", ("Sales contact", contact))


@then(typed("Sales has the prospect as {record:SalesRecord}"))
def sales_has_prospect_as(p2c: World, record: SalesRecord) -> None:
    _sales_prospect_is(p2c, record)


def _sales_account_is(p2c: World, relationship_type: RelationshipType) -> None:
    """Sales has an account of ``relationship_type`` with the prospect's number: the same
    account as before the action, if there was one."""
    accounts = p2c.records("sales")["accounts"]
    account = _find(accounts, "number", p2c.the_prospect.number)
    if account is None:
        fail(
            f"a Sales account numbered {p2c.the_prospect.number}",
            f"accounts {[a['number'] for a in accounts]}",
        )
    if account["relationship_type"] != relationship_type.lower():
        fail(
            f"relationship type {relationship_type}",
            account["relationship_type"],
            ("Sales account", account),
        )
    _kept(p2c, "sales", "accounts", "number", account)


@then(
    typed(
        "Sales has an account of relationship type {relationship_type:RelationshipType} with the "
        "same account number as the prospect"
    )
)
def sales_has_account(p2c: World, relationship_type: RelationshipType) -> None:
    _sales_account_is(p2c, relationship_type)


def _sales_contact_is(p2c: World, is_prospect: YesNo, is_customer: YesNo) -> None:
    """Sales has a contact with these flags and the prospect's number: the same contact as
    before the action, if there was one."""
    contact = _sales_contact(p2c)
    expected = (is_prospect == YesNo.YES, is_customer == YesNo.YES)
    if (contact["is_prospect"], contact["is_customer"]) != expected:
        fail(
            f"Is Prospect {is_prospect}, Is Customer {is_customer}",
            f"Is Prospect {contact['is_prospect']}, Is Customer {contact['is_customer']}",
            ("Sales contact", contact),
        )
    _kept(p2c, "sales", "contacts", "number", contact)


@then(
    typed(
        "Sales has a contact with Is Prospect {is_prospect:YesNo} and Is Customer "
        "{is_customer:YesNo} with the same number as the prospect"
    )
)
def sales_has_contact(p2c: World, is_prospect: YesNo, is_customer: YesNo) -> None:
    _sales_contact_is(p2c, is_prospect, is_customer)


@then("the prospect has the same number in Sales and SCM")
def same_number_on_both_sides(p2c: World) -> None:
    kind, record = _sales_prospect_record(p2c)
    if record is None:
        fail(f"a Sales {kind} numbered {p2c.the_prospect.number}", "none")
    _scm_relation(p2c)


def _sales_prospect_addresses_are(p2c: World, roles: Roles) -> None:
    kind, record = _sales_prospect_record(p2c)
    if record is None:
        fail(f"a Sales {kind} numbered {p2c.the_prospect.number}", "none")
    _addresses_are(p2c, record, roles, f"Sales {kind}")


@then(typed("the prospect's addresses in Sales are: {roles:Roles}"))
def sales_prospect_addresses(p2c: World, roles: Roles) -> None:
    _sales_prospect_addresses_are(p2c, roles)


@then("no address of the prospect in Sales has a role")
def sales_prospect_addresses_without_roles(p2c: World) -> None:
    kind, record = _sales_prospect_record(p2c)
    if record is None:
        fail(f"a Sales {kind} numbered {p2c.the_prospect.number}", "none")
    with_roles = [address for address in record["addresses"] if address["roles"]]
    if with_roles:
        fail("no address with a role", f"{len(with_roles)} with roles", (f"Sales {kind}", record))


def _sales_has_the_contact_person(p2c: World) -> None:
    """Sales has the prospect's contact person, once."""
    contact = _the_contact(p2c)
    contacts = p2c.records("sales")["contacts"]
    found = [c for c in contacts if person_key(c) == person_key(contact)]
    if len(found) != 1:
        fail(
            f"a Sales contact {contact['first_name']} {contact['last_name']}, one",
            f"{len(found)}",
            ("Sales contacts", contacts),
        )


@then("Sales has the contact person")
def sales_has_contact_person(p2c: World) -> None:
    _sales_has_the_contact_person(p2c)


def _contact_person_associated_with_the_account(p2c: World) -> None:
    contact = _the_contact(p2c)
    kind, account = _sales_prospect_record(p2c)
    if account is None or kind != "account":
        fail(f"a Sales account numbered {p2c.the_prospect.number}", "none")
    associated = sales_contacts(p2c, [*account["associated_contacts"], account["primary_contact"]])
    if person_key(contact) not in {person_key(p) for p in associated}:
        fail(
            f"{contact['first_name']} {contact['last_name']} associated with the account "
            "(Associated contacts tab or primary contact)",
            "not associated",
            ("Sales account", account),
        )


@then("the contact person is associated with the Sales account")
def contact_person_associated_with_account(p2c: World) -> None:
    _contact_person_associated_with_the_account(p2c)


def _contact_person_in(p2c: World, place: ContactPlace) -> None:
    """The contact person surfaces in Sales in ``place``: the one contact, not a copy of it."""
    _sales_has_the_contact_person(p2c)
    contact = _the_contact(p2c)
    kind, record = _sales_prospect_record(p2c)
    if record is None:
        fail(f"a Sales {kind} numbered {p2c.the_prospect.number}", "none")
    expected_kind, field_name = place.where
    if kind != expected_kind:
        raise KitError(f"{place} needs a prospect that is a Sales {expected_kind}")
    value = record[field_name]
    people = sales_contacts(p2c, value if isinstance(value, list) else [value])
    if [person_key(person) for person in people].count(person_key(contact)) != 1:
        fail(
            f"{contact['first_name']} {contact['last_name']} in the {place}",
            f"{field_name} = {value}",
            (f"Sales {kind}", record),
        )


@then(typed("the contact person surfaces in Sales in the {place:ContactPlace}"))
def contact_person_surfaces(p2c: World, place: ContactPlace) -> None:
    _contact_person_in(p2c, place)


def _sales_prospect_unchanged(p2c: World) -> None:
    """The prospect's addresses and contacts in Sales are unchanged by the action."""
    number = p2c.the_prospect.number
    before = _find(p2c.before["sales"]["accounts"], "number", number)
    after = _find(p2c.records("sales")["accounts"], "number", number)
    fields = ("addresses", "primary_contact", "associated_contacts")
    if before is None or after is None:
        fail(f"the Sales account {number} before and after", f"before {before}, after {after}")
    for name in fields:
        if canonical(before[name]) != canonical(after[name]):
            fail(f"{name} unchanged", "changed", ("before", before[name]), ("after", after[name]))
    # the contact itself, not only the account's reference to it
    named = [before["primary_contact"], *before["associated_contacts"]]
    contacts_before = {c["id"]: c for c in p2c.before["sales"]["contacts"] if c["id"] in named}
    contacts_after = {c["id"]: c for c in p2c.records("sales")["contacts"] if c["id"] in named}
    if canonical(contacts_before) != canonical(contacts_after):
        fail(
            "the account's contacts unchanged",
            "changed:\n  "
            + "\n  ".join(differences(contacts_before, contacts_after, "sales.contacts")),
        )


@then("the prospect's addresses and contacts in Sales are unchanged by the action")
def sales_prospect_unchanged(p2c: World) -> None:
    _sales_prospect_unchanged(p2c)


# -- Then: addresses and contacts in SCM -------------------------------------------------------


def _addresses_are(p2c: World, record: dict[str, Any], roles: Roles, title: str) -> None:
    """The record's addresses are exactly the prospect's addresses of these roles, each with its
    role and no other."""
    expected = Counter(
        ((role,), address_key(p2c.the_prospect.addresses[role])) for role in roles.roles
    )
    actual = Counter(
        (tuple(sorted(address["roles"])), address_key(address)) for address in record["addresses"]
    )
    if actual != expected:
        fail(
            f"exactly the prospect's addresses of roles: {roles}",
            f"{sum(actual.values())} addresses, with roles "
            f"{sorted('+'.join(roles) or 'none' for roles, _ in actual.elements())}",
            ("addresses entered", p2c.the_prospect.addresses),
            (title, record),
        )


def _scm_prospect_addresses_are(p2c: World, roles: Roles) -> None:
    _addresses_are(p2c, _scm_relation(p2c), roles, "SCM business relation")


@then(typed("SCM has these addresses for the prospect: {roles:Roles}"))
def scm_prospect_addresses(p2c: World, roles: Roles) -> None:
    _scm_prospect_addresses_are(p2c, roles)


def _scm_customer_addresses_are(p2c: World, roles: Roles) -> None:
    customer = _scm_customer(p2c)
    _addresses_are(p2c, customer, roles, "SCM customer")
    _related(p2c, "addresses", customer, "SCM customer")


@then(typed("the customer account in SCM has these addresses: {roles:Roles}"))
def scm_customer_addresses(p2c: World, roles: Roles) -> None:
    _scm_customer_addresses_are(p2c, roles)


def _has_contact(p2c: World, record: dict[str, Any], title: str) -> None:
    contact = _the_contact(p2c)
    if [person_key(person) for person in record["contacts"]].count(person_key(contact)) != 1:
        fail(
            f"contact {contact['first_name']} {contact['last_name']} on the {title}, once",
            f"contacts {record['contacts']}",
            (title, record),
        )


def _scm_prospect_has_the_contact(p2c: World) -> None:
    _has_contact(p2c, _scm_relation(p2c), "SCM business relation")


@then("the contact is related to the prospect in SCM")
def scm_prospect_has_contact(p2c: World) -> None:
    _scm_prospect_has_the_contact(p2c)


def _scm_customer_has_the_contact(p2c: World) -> None:
    customer = _scm_customer(p2c)
    _has_contact(p2c, customer, "SCM customer")
    _related(p2c, "contacts", customer, "SCM customer")


@then("the contact is related to the customer account in SCM")
def scm_customer_has_contact(p2c: World) -> None:
    _scm_customer_has_the_contact(p2c)


# -- Then: conversion --------------------------------------------------------------------------


@then("SCM has a customer account with the same number as the prospect")
def scm_has_customer_with_prospect_number(p2c: World) -> None:
    _scm_customer(p2c)


def _scm_customer_of_party_type(p2c: World, party_type: PartyType) -> None:
    customer = _scm_customer(p2c)
    if customer["party_type"] != party_type:
        fail(f"party type {party_type}", customer["party_type"], ("SCM customer", customer))


@then(
    typed(
        "SCM has a customer account with the same number as the prospect, of party "
        "type {party_type:PartyType}"
    )
)
def scm_has_customer(p2c: World, party_type: PartyType) -> None:
    _scm_customer_of_party_type(p2c, party_type)


@then(typed("the SCM {sequence:NumberSequence} number sequence is unchanged by the action"))
def scm_sequence_unchanged(p2c: World, sequence: NumberSequence) -> None:
    before = p2c.before["scm"]["number_sequences"][sequence]
    after = p2c.records("scm")["number_sequences"][sequence]
    if before != after:
        fail(f"the {sequence} number sequence at next {before['next']}", f"next {after['next']}")


@then("SCM has no customer account with the number the user entered")
def scm_has_no_customer_numbered(p2c: World) -> None:
    account = p2c.entered_account
    if account is None:
        raise KitError("the user entered no customer account number: a When step is missing")
    customers = p2c.records("scm")["customers"]
    if _find(customers, "account", account) is not None:
        fail(f"no customer account {account}", "it exists", ("SCM customers", customers))


def _customer_group_from_parameters(p2c: World) -> None:
    parameters = p2c.configuration["scm"]["sales_and_marketing_parameters"]
    _customer_group_is(p2c, parameters["prospect_customer_group"])


@then(
    "the customer group of the SCM customer is the prospect customer group of the Sales and "
    "marketing parameters"
)
def scm_customer_group_from_parameters(p2c: World) -> None:
    _customer_group_from_parameters(p2c)


@then("the customer group of the SCM customer is the one the user selected")
def scm_customer_group_selected(p2c: World) -> None:
    group = p2c.the_prospect.customer_group
    if group is None:
        raise KitError("the user selected no customer group: a When step is missing")
    _customer_group_is(p2c, group)


def _customer_group_is(p2c: World, group: str) -> None:
    customer = _scm_customer(p2c)
    if customer["customer_group"] != group:
        fail(f"customer group {group}", customer["customer_group"], ("SCM customer", customer))


def _retired(p2c: World) -> None:
    relation = _scm_relation(p2c)
    if not relation["retired"]:
        fail("the business relation retired", "it is active", ("business relation", relation))
    _kept(p2c, "scm", "business_relations", "number", relation)


@then("the prospect in SCM is retired")
def scm_prospect_retired(p2c: World) -> None:
    _retired(p2c)


def _relation_type_customer(p2c: World) -> None:
    relation = _scm_relation(p2c)
    if relation["relation_type"] != "customer":
        fail("relation type customer", relation["relation_type"], ("business relation", relation))
    _kept(p2c, "scm", "business_relations", "number", relation)


@then("the relationship type of the prospect in SCM is Customer")
def scm_relation_type_customer(p2c: World) -> None:
    _relation_type_customer(p2c)


# -- Then: quotations and orders ---------------------------------------------------------------


def _orders_for_customer(p2c: World, system: str) -> list[dict[str, Any]]:
    """The orders of the prospect's customer account in one system."""
    number = p2c.the_prospect.number
    if system == "scm":
        return [o for o in p2c.records("scm")["sales_orders"] if o["customer_account"] == number]
    return [o for o in p2c.records("sales")["orders"] if o["customer"] == number]


@then("SCM has a sales order for the customer account, created from the quotation")
def scm_has_sales_order_from_quotation(p2c: World) -> None:
    orders = _orders_for_customer(p2c, "scm")
    if not any(order["quotation"] == p2c.quotation for order in orders):
        fail(
            f"a sales order for {p2c.the_prospect.number} from quotation {p2c.quotation}",
            f"{orders}",
            ("SCM sales orders", p2c.records("scm")["sales_orders"]),
        )


@then("SCM has a sales order for the customer account")
def scm_has_sales_order(p2c: World) -> None:
    if not _orders_for_customer(p2c, "scm"):
        fail(
            f"a sales order for customer account {p2c.the_prospect.number}",
            "none",
            ("SCM sales orders", p2c.records("scm")["sales_orders"]),
        )


@then("Sales has an order for the customer account")
def sales_has_order(p2c: World) -> None:
    if not _orders_for_customer(p2c, "sales"):
        fail(
            f"a Sales order for account {p2c.the_prospect.number}",
            "none",
            ("Sales orders", p2c.records("sales")["orders"]),
        )


def _lines_are(expected: list[dict[str, Any]], record: dict[str, Any], title: str) -> None:
    """The record's lines are these: the same items, quantities and unit prices, in any order."""
    __tracebackhide__ = True

    def counted(lines: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
        return Counter((line["item"], line["quantity"], line["unit_price"]) for line in lines)

    if counted(record["lines"]) != counted(expected):
        fail(f"the {title} with the lines {expected}", f"lines {record['lines']}", (title, record))


def _one_order(p2c: World, system: str) -> dict[str, Any]:
    """The one order of the customer account in a system ("A sales order is created")."""
    orders = _orders_for_customer(p2c, system)
    if len(orders) != 1:
        fail(
            f"one {system} order for customer account {p2c.the_prospect.number}",
            f"{len(orders)} orders",
            (f"{system} orders", orders),
        )
    return orders[0]


@then("the sales order in SCM has the lines the user added to the quotation")
def scm_order_has_quotation_lines(p2c: World) -> None:
    _lines_are(p2c.lines_added, _one_order(p2c, "scm"), "SCM order")


@then("the order in Sales has the lines the user added to the quote")
def sales_order_has_quote_lines(p2c: World) -> None:
    _lines_are(p2c.lines_added, _one_order(p2c, "sales"), "Sales order")


@then("the order in Sales has the lines of the sales order in SCM")
def sales_order_has_scm_order_lines(p2c: World) -> None:
    _lines_are(_one_order(p2c, "scm")["lines"], _one_order(p2c, "sales"), "Sales order")


@then("the sales order in SCM has the lines of the order in Sales")
def scm_order_has_sales_order_lines(p2c: World) -> None:
    _lines_are(_one_order(p2c, "sales")["lines"], _one_order(p2c, "scm"), "SCM order")


def _the_one_with_status(
    p2c: World, system: str, records: str, key: str, status: str, title: str
) -> None:
    """The prospect's one quote or quotation has ``status``, changed in place: "the sales
    quotation … is updated to won", "is processed to confirmed"."""
    found = [r for r in p2c.records(system)[records] if r[key] == p2c.the_prospect.number]
    if len(found) != 1 or found[0]["status"] != status:
        fail(
            f"the {title} for {p2c.the_prospect.number} {status}",
            f"status {', '.join(r['status'] for r in found) or f'no {title}'}",
            (f"{'Sales' if system == 'sales' else 'SCM'} {records}", found),
        )
    _kept(p2c, system, records, "number", found[0])


@then("the quote in Sales is Won")
def sales_quote_won(p2c: World) -> None:
    _the_one_with_status(p2c, "sales", "quotes", "potential_customer", "won", "quote")


@then("the sales quotation in SCM is Confirmed")
def scm_quotation_confirmed(p2c: World) -> None:
    _the_one_with_status(p2c, "scm", "quotations", "account", "confirmed", "sales quotation")


@then("the quote's ship-to address is the prospect's delivery address")
def quote_ship_to_is_delivery(p2c: World) -> None:
    quote = _find(p2c.records("sales")["quotes"], "number", p2c.quote)
    delivery = p2c.the_prospect.addresses["delivery"]
    if (
        quote is None
        or quote["ship_to"] is None
        or address_key(quote["ship_to"]) != address_key(delivery)
    ):
        fail("ship-to address = the delivery address", f"{quote}", ("delivery address", delivery))


@then("the quote in Sales is unchanged by the action")
def quote_unchanged(p2c: World) -> None:
    """Without GAB "there is no address lookup": opening it, or choosing from it, changes nothing
    of the quote (its ship-to address included)."""
    before = _find(p2c.before["sales"]["quotes"], "number", p2c.quote)
    after = _find(p2c.records("sales")["quotes"], "number", p2c.quote)
    if before is None or canonical(before) != canonical(after):
        fail(f"quote {p2c.quote} unchanged", f"{after}", ("before the action", before))


@then("the quote has no address lookup")
def quote_has_no_lookup(p2c: World) -> None:
    if p2c.lookup is not None:
        fail("no address lookup (addresses: null)", f"a lookup offering {p2c.lookup}")


# -- several prospects in one scenario ----------------------------------------------------------


@contextlib.contextmanager
def _on(p2c: World, prospect: Prospect) -> Iterator[None]:
    """Steps act on ``prospect`` meanwhile; a failure names it."""
    __tracebackhide__ = True
    current, p2c.prospect = p2c.prospect, prospect
    try:
        yield
    except Mismatch as mismatch:
        raise Mismatch(
            f"{prospect}: {mismatch.expected}", mismatch.actual, mismatch.records
        ) from None
    finally:
        p2c.prospect = current


def _check_each(p2c: World, prospects: list[Prospect], check: Callable[[World], object]) -> None:
    __tracebackhide__ = True
    for prospect in prospects:
        with _on(p2c, prospect):
            check(p2c)


def _of_kinds(p2c: World, kinds: list[Kind]) -> list[Prospect]:
    """The prospects of these kinds, in the order they were created."""
    chosen = {(kind.origin, kind.party_type) for kind in kinds}
    return [p for p in p2c.prospects if (p.origin, p.party_type) in chosen]


@given(
    typed(
        "the user creates two prospects of each of these kinds, taking turns between them: "
        "{kinds:Kinds}"
    )
)
@when(
    typed(
        "the user creates two prospects of each of these kinds, taking turns between them: "
        "{kinds:Kinds}"
    )
)
def create_prospects_in_turns(p2c: World, kinds: list[Kind]) -> None:
    with p2c.one_step():
        for _ in range(2):
            for kind in kinds:
                _create(p2c, kind)


@given(
    typed(
        "the user adds a delivery address and an invoice address to each prospect on the side it "
        "was created on, in Sales {where:SalesAddressPlace}, the last created first"
    )
)
@when(
    typed(
        "the user adds a delivery address and an invoice address to each prospect on the side it "
        "was created on, in Sales {where:SalesAddressPlace}, the last created first"
    )
)
def add_addresses_to_each_prospect(p2c: World, where: SalesAddressPlace) -> None:
    with p2c.one_step():
        for prospect in reversed(p2c.prospects):
            with _on(p2c, prospect):
                if prospect.origin == "SCM":
                    _add_scm_address(p2c, "delivery")
                    _add_scm_address(p2c, "invoice")
                else:
                    _add_sales_delivery_and_invoice_addresses(p2c, where)


@given(
    "the user creates a contact for each prospect on the side it was created on, in the order "
    "they were created"
)
@when(
    "the user creates a contact for each prospect on the side it was created on, in the order "
    "they were created"
)
def create_a_contact_for_each_prospect(p2c: World) -> None:
    with p2c.one_step():
        for prospect in p2c.prospects:
            with _on(p2c, prospect):
                if prospect.origin == "SCM":
                    _create_scm_contact(p2c)
                else:
                    _create_sales_contact(p2c)


@when(
    typed(
        "the user converts each prospect to a customer on the side it was created on, "
        "{order:ConversionOrder}, selecting in Sales a customer group other than the prospect "
        "customer group"
    )
)
def convert_each_prospect(p2c: World, order: ConversionOrder) -> None:
    prospects = p2c.prospects if order == ConversionOrder.AS_CREATED else p2c.prospects[::-1]
    with p2c.one_step():
        for prospect in prospects:
            with _on(p2c, prospect):
                _convert_on_its_side(p2c)


@then(
    "the prospects created in SCM are numbered from the SCM prospect number sequence, each with "
    "a number of its own"
)
def prospects_numbered_from_sequence(p2c: World) -> None:
    """Each a number of the configured format, none below its next number, no two the same:
    numbers the sequence issues. Not necessarily consecutive nor in creation order: the document
    says neither (and whether prospects created in Sales in between consume numbers is a reading
    of the kit's, p2c_s2_02)."""
    sequence = _prospect_sequence(p2c)
    created = Each.PROSPECT_CREATED_IN_SCM.of(p2c.prospects)
    numbers = [prospect.number for prospect in created]
    for prospect in created:
        value = parse_number(sequence["format"], prospect.number)
        if value is None or value < sequence["next"] or numbers.count(prospect.number) > 1:
            fail(
                f"{prospect}: a number of its own, of format {sequence['format']}, from next "
                f"number {sequence['next']}",
                prospect.number,
                ("numbers of the prospects created in SCM", numbers),
            )


@then(
    "the number of each prospect created in Sales is the one the user gave it: the account "
    "number selected, or the contact's last name"
)
def prospects_created_in_sales_numbered_by_the_user(p2c: World) -> None:
    _check_each(p2c, Each.ACCOUNT_CREATED_IN_SALES.of(p2c.prospects), _scm_relation)
    _check_each(p2c, Each.CONTACT_CREATED_IN_SALES.of(p2c.prospects), _numbered_by_last_name)


@then(typed("SCM has a business relation of type Prospect for {which:Each}, of its party type"))
def scm_has_each_prospect(p2c: World, which: Each) -> None:
    _check_each(
        p2c,
        which.of(p2c.prospects),
        lambda p2c: _scm_prospect(p2c, p2c.the_prospect.party_type),
    )


@then(
    "Sales has each organization prospect as an account of relationship type Prospect and each "
    "person prospect as a contact with Is Prospect set to Yes"
)
def sales_has_each_prospect(p2c: World) -> None:
    _check_each(
        p2c,
        Each.ORGANIZATION.of(p2c.prospects),
        lambda p2c: _sales_prospect_is(p2c, SalesRecord.ACCOUNT),
    )
    _check_each(
        p2c,
        Each.PERSON.of(p2c.prospects),
        lambda p2c: _sales_prospect_is(p2c, SalesRecord.CONTACT),
    )


@then(typed("the addresses in Sales of {which:Each} are: {roles:Roles}"))
def sales_addresses_of_each(p2c: World, which: Each, roles: Roles) -> None:
    _check_each(p2c, which.of(p2c.prospects), lambda p2c: _sales_prospect_addresses_are(p2c, roles))


@then(typed("the addresses in SCM of {which:Each} are: {roles:Roles}"))
def scm_addresses_of_each(p2c: World, which: Each, roles: Roles) -> None:
    _check_each(p2c, which.of(p2c.prospects), lambda p2c: _scm_prospect_addresses_are(p2c, roles))


@then(typed("the contact of {which:Each} is associated with its Sales account"))
def contact_of_each_associated_with_sales_account(p2c: World, which: Each) -> None:
    def check(p2c: World) -> None:
        _sales_has_the_contact_person(p2c)
        _contact_person_associated_with_the_account(p2c)

    _check_each(p2c, which.of(p2c.prospects), check)


@then(typed("the contact of {which:Each} is related to its prospect in SCM"))
def contact_of_each_related_to_scm_prospect(p2c: World, which: Each) -> None:
    _check_each(p2c, which.of(p2c.prospects), _scm_prospect_has_the_contact)


@then(
    typed(
        "the contact of each prospect of these kinds surfaces in the Contacts for Party tab of "
        "its Sales contact: {kinds:Kinds}"
    )
)
def contact_of_each_in_contacts_for_party(p2c: World, kinds: list[Kind]) -> None:
    _check_each(
        p2c,
        _of_kinds(p2c, kinds),
        lambda p2c: _contact_person_in(p2c, ContactPlace.CONTACT_CONTACTS_FOR_PARTY),
    )


@then(
    typed("SCM has a customer account for {which:Each}, with the prospect's number and party type")
)
def scm_has_customer_for_each(p2c: World, which: Each) -> None:
    _check_each(
        p2c,
        which.of(p2c.prospects),
        lambda p2c: _scm_customer_of_party_type(p2c, p2c.the_prospect.party_type),
    )


@then(typed("the relationship type of {which:Each} in SCM is Customer"))
def relation_type_of_each_customer(p2c: World, which: Each) -> None:
    _check_each(p2c, which.of(p2c.prospects), _relation_type_customer)


@then(typed("the business relation in SCM of {which:Each} is retired"))
def each_prospect_retired(p2c: World, which: Each) -> None:
    _check_each(p2c, which.of(p2c.prospects), _retired)


@then(
    typed(
        "the customer group of the customer account of {which:Each} is the prospect customer "
        "group of the Sales and marketing parameters"
    )
)
def customer_group_of_each_from_parameters(p2c: World, which: Each) -> None:
    _check_each(p2c, which.of(p2c.prospects), _customer_group_from_parameters)


@then(typed("the customer account in SCM of {which:Each} has these addresses: {roles:Roles}"))
def customer_addresses_of_each(p2c: World, which: Each, roles: Roles) -> None:
    _check_each(p2c, which.of(p2c.prospects), lambda p2c: _scm_customer_addresses_are(p2c, roles))


@then(typed("the contact of {which:Each} is related to its customer account in SCM"))
def contact_of_each_related_to_customer(p2c: World, which: Each) -> None:
    _check_each(p2c, which.of(p2c.prospects), _scm_customer_has_the_contact)


@then(typed("Sales has {which:Each} as an account of relationship type Customer"))
def sales_account_of_each_customer(p2c: World, which: Each) -> None:
    _check_each(
        p2c, which.of(p2c.prospects), lambda p2c: _sales_account_is(p2c, RelationshipType.CUSTOMER)
    )


@then(typed("Sales has {which:Each} as a contact with Is Prospect No and Is Customer Yes"))
def sales_contact_of_each_customer(p2c: World, which: Each) -> None:
    _check_each(
        p2c, which.of(p2c.prospects), lambda p2c: _sales_contact_is(p2c, YesNo.NO, YesNo.YES)
    )


@then(
    typed(
        "the contact of {which:Each} surfaces in the Associated Contacts tab of its Sales contact"
    )
)
def contact_of_each_in_associated_contacts(p2c: World, which: Each) -> None:
    _check_each(
        p2c,
        which.of(p2c.prospects),
        lambda p2c: _contact_person_in(p2c, ContactPlace.CONTACT_ASSOCIATED_CONTACTS),
    )


@then(
    typed(
        "the addresses and contacts in Sales of each prospect of these kinds are unchanged by the "
        "conversions: {kinds:Kinds}"
    )
)
def sales_records_of_each_unchanged(p2c: World, kinds: list[Kind]) -> None:
    _check_each(p2c, _of_kinds(p2c, kinds), _sales_prospect_unchanged)


# -- other records: what an action on one prospect leaves alone ----------------------------


@given(
    "other prospects in SCM with addresses and a contact, one of them converted to a customer, "
    "a customer account from before the integration and a lead in Sales"
)
def other_records(p2c: World) -> None:
    """Records of others, in both systems, for an action on a prospect to leave alone."""
    scm = p2c.configuration["scm"]
    sequence = scm["number_sequences"]["customer"]
    # a number such as the customer number sequence issues, beyond what any scenario takes
    account = render_number(sequence["format"], sequence["next"] + p2c.fake.random_int(500, 999))
    if account is None:
        raise KitError("the customer number sequence has no room for a customer from before")
    _customer_from_before(p2c, account)
    _scm_prospect_with_addresses_and_contact(p2c, "organization")
    _convert_in_scm(p2c)
    # the customer the scene rests on, with the conversion's documented result: "A customer
    # account is created ... Customer account number is the same as prospect"
    _scm_customer(p2c)
    _scm_prospect_with_addresses_and_contact(p2c, "organization")
    _create_lead(p2c)


@given(
    "other prospects in Sales, an account and a contact with Is Prospect set to Yes, each with a "
    "contact, and a lead in Sales"
)
def other_records_in_sales(p2c: World) -> None:
    """Prospects of others created in Sales, for an action in Sales to leave alone."""
    _create_sales_prospect_account(p2c)
    _create_sales_contact(p2c)
    _create_sales_prospect_contact(p2c)
    _create_sales_contact(p2c)
    _create_lead(p2c)


@then("no record but the prospect's own changed or appeared in either system")
def only_the_prospects_own_records_changed(p2c: World) -> None:
    number = p2c.the_prospect.number
    both = {"sales": p2c.records("sales"), "scm": p2c.records("scm")}
    for system, after in both.items():
        before = p2c.before[system]
        person = p2c.the_prospect.contact
        own = own_ids(before, system, number, person) | own_ids(after, system, number, person)
        for name in (*OWN[system], *OTHERS[system]):
            old = [record for record in before[name] if (name, record["id"]) not in own]
            new = [record for record in after[name] if (name, record["id"]) not in own]
            if canonical(old) != canonical(new):
                fail(
                    f"the {system} {name} that are not {p2c.the_prospect}'s own unchanged, and "
                    "no new one",
                    "changed:\n  " + "\n  ".join(differences(old, new, f"{system}.{name}")),
                )


# -- Then: leads, refusals ---------------------------------------------------------------------


@then("SCM is unchanged by the action")
def scm_unchanged(p2c: World) -> None:
    unchanged(p2c, "scm")


@then("Sales has the lead and no account or contact for it")
def sales_has_lead_only(p2c: World) -> None:
    sales = p2c.records("sales")
    if len(sales["leads"]) != 1:
        fail("one lead in Sales", f"{len(sales['leads'])} leads", ("Sales leads", sales["leads"]))
    if sales["accounts"] or sales["contacts"]:
        fail(
            "no account or contact for the lead",
            "some",
            ("Sales accounts", sales["accounts"]),
            ("Sales contacts", sales["contacts"]),
        )


@then(typed('the explored property "{name}" holds'))
def explored_property_holds(p2c: World, name: str) -> None:
    """One of ``p2c explore``'s properties, after the scenario's last action (its scenarios end
    with this step)."""
    # a property's name is checked here (property_named) rather than be a vocabulary of WORDS
    property_named(name).check(Evidence(p2c))


@then("the action is refused")
def action_refused(p2c: World) -> None:
    if p2c.refusal is None:
        fail(f"{p2c.attempted} refused (the adapter raises p2c_kit.Refused)", "it was accepted")


@then("neither system changed")
def neither_system_changed(p2c: World) -> None:
    unchanged(p2c, "sales")
    unchanged(p2c, "scm")
