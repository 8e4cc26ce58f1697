"""The explored properties: what the source document states of every prospect, checked after
every action of an exploration (``p2c explore``) whatever came before it.

Each property names the requirements of ``features/requirements.toml`` it checks, holds in the
deployments those requirements hold in, and, where it rests on one of the kit's readings rather
than on a sentence, carries that reading's tag, so that ``-m "not <tag>"`` leaves it out as it
leaves out the scenarios resting on it. The oracle is the document: the properties read what the
user did (:attr:`World.history`) and the records of both systems, never the reference.

What the user did to a prospect after its conversion is not a subject of the document: nothing is
expected of it, though everything stated before must still hold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from p2c_kit._contract.adapter import DEPLOYMENTS, Address, Deployment
from p2c_kit._contract.errors import KitError, UsageError
from p2c_kit._contract.numbers import parse_number
from p2c_kit._specification.assertions import canonical, differences, fail
from p2c_kit._specification.world import (
    OTHERS,
    OWN,
    Performed,
    Prospect,
    World,
    address_key,
    own_ids,
    person_key,
    sales_contacts,
    unchanged,
)

#: The actions that create a prospect.
CREATIONS = (
    "scm_create_prospect",
    "sales_create_prospect_account",
    "sales_create_prospect_contact",
)


@dataclass(frozen=True)
class Property:
    """A statement of the document that holds after every action."""

    name: str
    implements: tuple[str, ...]
    deployments: tuple[Deployment, ...]
    reading: str | None
    summary: str
    check: Callable[[Evidence], None]

    @property
    def tags(self) -> frozenset[str]:
        """What ``-m`` matches: the reading's tag, and the deployments it holds in."""
        return frozenset({*self.deployments, *([self.reading] if self.reading else [])})


#: Every property, by name, in the order they are declared.
PROPERTIES: dict[str, Property] = {}


def prop(
    *,
    implements: tuple[str, ...],
    deployments: tuple[Deployment, ...] = DEPLOYMENTS,
    reading: str | None = None,
) -> Callable[[Callable[[Evidence], None]], Callable[[Evidence], None]]:
    """Declare a property: the requirements it checks, where it holds, the reading it rests on."""

    def register(check: Callable[[Evidence], None]) -> Callable[[Evidence], None]:
        summary = (check.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        PROPERTIES[check.__name__] = Property(
            check.__name__, implements, deployments, reading, " ".join(summary.split()), check
        )
        return check

    return register


# -- what the user did to each prospect ----------------------------------------------------------


@dataclass
class Story:
    """One prospect, and what the user did to it while it was a prospect, on its own side."""

    prospect: Prospect
    #: Addresses added in SCM: (roles, address).
    scm_addresses: list[tuple[frozenset[str], Address]] = field(default_factory=list)
    #: Addresses added in SCM after its conversion (to its customer account).
    later_scm_addresses: list[tuple[frozenset[str], Address]] = field(default_factory=list)
    #: Addresses added on the Sales Addresses tab, with the roles the user chose.
    tab_addresses: list[tuple[frozenset[str], Address]] = field(default_factory=list)
    #: Contacts created for it (in SCM or in Sales, on its side).
    contacts: list[dict[str, str]] = field(default_factory=list)
    #: How many times a conversion of it was accepted, and how the first was made: "scm" (All
    #: prospects), "quotation" (on its SCM quotation), "sales" (its Sales account or contact),
    #: "order" (Create order on its Sales quote).
    conversions: int = 0
    how: str | None = None
    #: The customer group the user selected converting it in Sales.
    customer_group: str | None = None
    #: Its sales quotation in SCM (Scenario 5) or quote in Sales (Scenario 6), with the lines the
    #: user added, and how many times each was confirmed or ordered.
    quotation: str | None = None
    quote: str | None = None
    lines: list[dict[str, Any]] = field(default_factory=list)
    confirmations: int = 0

    @property
    def converted(self) -> bool:
        return self.conversions > 0

    @property
    def number(self) -> str:
        return self.prospect.number

    @property
    def in_scm(self) -> bool:
        return self.prospect.origin == "SCM"

    @property
    def organization(self) -> bool:
        return self.prospect.party_type == "organization"


#: The conversions, and how each converts.
HOW = {
    "scm_convert_prospect": "scm",
    "scm_convert_quotation_prospect": "quotation",
    "sales_convert_account": "sales",
    "sales_convert_contact": "sales",
    "sales_create_order": "order",
}
#: The actions that convert a prospect.
CONVERSIONS = tuple(HOW)


def owners(history: list[Performed]) -> dict[str, str]:
    """The prospect each quotation and quote was created for, by its number."""
    found = {}
    for performed in history:
        if performed.result is not None and performed.action == "scm_create_quotation":
            found[performed.result["number"]] = performed.arguments["account"]
        if performed.result is not None and performed.action == "sales_create_quote":
            found[performed.result["number"]] = performed.arguments["potential_customer"]
    return found


def subject(performed: Performed, owner: dict[str, str]) -> str | None:
    """The number of the prospect an action is about, if any; ``owner``: :func:`owners`."""
    arguments = performed.arguments
    for key in ("number", "for_number", "account", "potential_customer"):
        if key in arguments:
            number: str = arguments[key]
            return number
    if "quotation" in arguments or "quote" in arguments:
        return owner.get(arguments.get("quotation") or arguments.get("quote") or "")
    if performed.result is not None and performed.action in CREATIONS:
        created: str = performed.result["number"]
        return created
    return None


def stories(world: World) -> list[Story]:
    """What the user did to each prospect, from the history: accepted actions only."""
    by_number = {prospect.number: Story(prospect) for prospect in world.prospects}
    owner = owners(world.history)
    for performed in world.history:
        story = by_number.get(subject(performed, owner) or "")
        if story is None or performed.refusal is not None:
            continue
        action, arguments = performed.action, performed.arguments
        if action == "scm_confirm_quotation":
            story.confirmations += 1
        elif action in HOW:
            story.conversions += 1
            story.how = story.how or HOW[action]
            story.customer_group = arguments.get("customer_group")
        elif story.converted:
            if action == "scm_add_address":
                story.later_scm_addresses.append(
                    (frozenset(arguments["roles"]), arguments["address"])
                )
            continue  # the document says nothing of what happens after
        elif action == "scm_add_address":
            story.scm_addresses.append((frozenset(arguments["roles"]), arguments["address"]))
        elif action == "sales_add_address":
            story.tab_addresses.append((frozenset(arguments["roles"]), arguments["address"]))
        elif action in ("scm_create_contact", "sales_create_contact"):
            story.contacts.append(
                {"first_name": arguments["first_name"], "last_name": arguments["last_name"]}
            )
        elif action in ("scm_create_quotation", "sales_create_quote") and performed.result:
            if action == "scm_create_quotation":
                story.quotation = performed.result["number"]
            else:
                story.quote = performed.result["number"]
            story.lines = arguments["lines"]
    return list(by_number.values())


@dataclass
class Evidence:
    """What a property looks at: what the user did, and both systems before and after the last
    action."""

    world: World

    @cached_property
    def stories(self) -> list[Story]:
        return stories(self.world)

    @property
    def deployment(self) -> Deployment:
        deployment: Deployment = self.world.configuration["deployment"]
        return deployment

    @property
    def gab(self) -> bool:
        return self.deployment == "gab"

    @property
    def last(self) -> Performed | None:
        return self.world.history[-1] if self.world.history else None

    @property
    def last_accepted(self) -> Performed | None:
        last = self.last
        return last if last is not None and last.refusal is None else None

    @cached_property
    def _after(self) -> dict[str, dict[str, Any]]:
        return {system: self.world.records(system) for system in ("sales", "scm")}

    def records(self, system: str) -> dict[str, Any]:
        return self._after[system]

    def before(self, system: str) -> dict[str, Any]:
        return self.world.before[system]

    @cached_property
    def _index(self) -> dict[tuple[int, str], dict[str, Any]]:
        """Each record list of both systems before and after, by number (the last wins: a
        duplicate number is another property's finding)."""
        lists = {
            "business_relations": ("scm", "number"),
            "customers": ("scm", "account"),
            "accounts": ("sales", "number"),
            "contacts": ("sales", "number"),
        }
        return {
            (id(records), name): {record[key]: record for record in records[name]}
            for records in (*self._after.values(), *self.world.before.values())
            for name, (system, key) in lists.items()
            if records["system"] == system
        }

    def _by_number(self, records: dict[str, Any], name: str, number: str) -> Any:
        return self._index[(id(records), name)].get(number)

    @cached_property
    def _owner(self) -> dict[str, str]:
        return owners(self.world.history)

    def story_of(self, performed: Performed) -> Story | None:
        number = subject(performed, self._owner)
        return next((story for story in self.stories if story.number == number), None)

    def relation(self, story: Story, system_records: dict[str, Any] | None = None) -> Any:
        scm = system_records if system_records is not None else self.records("scm")
        return self._by_number(scm, "business_relations", story.number)

    def customer(self, story: Story) -> Any:
        return self._by_number(self.records("scm"), "customers", story.number)

    def sales_record(self, story: Story, sales: dict[str, Any] | None = None) -> Any:
        sales = sales if sales is not None else self.records("sales")
        return self._by_number(
            sales, "accounts" if story.organization else "contacts", story.number
        )


def _has(items: list[dict[str, Any]], address: Address, roles: frozenset[str]) -> bool:
    """Whether ``items`` hold ``address`` (its four fields) with exactly these roles."""
    return any(
        address_key(item) == address_key(address) and set(item["roles"]) == roles for item in items
    )


def _named(people: list[dict[str, Any]], person: dict[str, str]) -> int:
    return [person_key(other) for other in people].count(person_key(person))


# -- prospects ---------------------------------------------------------------------------------


@prop(implements=("DEF-01", "S1.1-a", "S3.1-a", "S2.1-b", "S4.1-a"))
def prospect_is_a_business_relation_in_scm(e: Evidence) -> None:
    """Every prospect is a business relation in SCM with its number and party type, of type
    Prospect until it is converted."""
    for story in e.stories:
        relation = e.relation(story)
        if relation is None:
            fail(
                f"a business relation numbered {story.number} in SCM, for {story.prospect}",
                "none",
                ("SCM business relations", e.records("scm")["business_relations"]),
            )
        if relation["party_type"] != story.prospect.party_type:
            fail(
                f"party type {story.prospect.party_type}",
                relation["party_type"],
                ("relation", relation),
            )
        if not story.converted and relation["relation_type"] != "prospect":
            fail(
                f"{story.prospect}: relation type prospect",
                relation["relation_type"],
                ("relation", relation),
            )


@prop(implements=("DEF-02", "S1.1-b", "S1.1-c", "S3.1-b", "S2.1-a", "NUM-01"))
def prospect_is_in_sales_with_its_number(e: Evidence) -> None:
    """Every prospect of type organization is a Sales account with its number, of relationship
    type Prospect until it is converted; every person, a Sales contact with its number and Is
    Prospect Yes until it is converted."""
    for story in e.stories:
        record = e.sales_record(story)
        kind = "account" if story.organization else "contact"
        if record is None:
            fail(f"a Sales {kind} numbered {story.number}, for {story.prospect}", "none")
        if story.converted:
            continue
        if story.organization and record["relationship_type"] != "prospect":
            fail(
                "relationship type Prospect", record["relationship_type"], ("Sales account", record)
            )
        if not story.organization and not record["is_prospect"]:
            fail("Is Prospect Yes", "No", ("Sales contact", record))


@prop(implements=("S1.1-a", "S3.1-a"))
def scm_prospects_numbered_from_the_sequence(e: Evidence) -> None:
    """Every prospect created in SCM has a number of its own from SCM's prospect number
    sequence: of its format, none below its next number; the first, its next number."""
    sequence = e.world.configuration["scm"]["number_sequences"]["prospect"]
    created = [story for story in e.stories if story.in_scm]
    numbers = [story.number for story in e.stories]
    for position, story in enumerate(created):
        value = parse_number(sequence["format"], story.number)
        if (
            value is None
            or value < sequence["next"]
            or (position == 0 and value != sequence["next"])
            or numbers.count(story.number) > 1
        ):
            fail(
                f"{story.prospect}: a number of its own, of format {sequence['format']}, from "
                f"next number {sequence['next']}",
                story.number,
                ("the prospects' numbers, in the order created", numbers),
            )


@prop(implements=("S2.1-a", "S4.1-a"))
def sales_prospects_numbered_by_the_user(e: Evidence) -> None:
    """A prospect created in Sales has the number the user gave it: the account number
    selected, or the contact's last name."""
    for story in e.stories:
        if not story.in_scm and not story.organization and story.number != story.prospect.last_name:
            fail(f"number {story.prospect.last_name} (the last name)", story.number)


# -- addresses and contacts --------------------------------------------------------------------


@prop(implements=("S1.2-b", "S3.2-a", "S1.3-j"))
def scm_addresses_reach_sales(e: Evidence) -> None:
    """The delivery addresses of a prospect created in SCM are created in Sales for it, of role
    delivery; its invoice addresses too with GAB, of role invoice, and without GAB no address of
    role invoice until an organization is converted. Without GAB a Sales record's Summary tab
    has one address of each role: one of them is there. After a conversion, this is stated of an
    organization converted from All prospects only (Scenario 1, step 3)."""
    for story in e.stories:
        record = e.sales_record(story)
        after = story.converted and not (story.organization and story.how == "scm")
        if not story.in_scm or record is None or after:
            continue
        for role in ("delivery", "invoice"):
            added = [address for roles, address in story.scm_addresses if role in roles]
            if not added or not (role == "delivery" or e.gab or story.converted):
                continue
            # without GAB a later address of the role may take the Summary tab's place
            later = [address for roles, address in story.later_scm_addresses if role in roles]
            one = frozenset({role})
            there = [a for a in added + later if _has(record["addresses"], a, one)]
            if not there or (e.gab and not all(_has(record["addresses"], a, one) for a in added)):
                fail(
                    f"{story.prospect}: "
                    + (f"each of its {role} addresses" if e.gab else f"one of its {role} addresses")
                    + " from SCM in Sales",
                    f"{len(there)} of {len(added)}",
                    (f"{role} addresses added in SCM", added),
                    ("Sales record", record),
                )
        invoices = [a for a in record["addresses"] if "invoice" in a["roles"]]
        if not e.gab and not story.converted and invoices:
            fail(
                f"{story.prospect}: no address of role invoice in Sales without GAB before the "
                "conversion",
                f"{len(invoices)}",
                ("Sales record", record),
            )


@prop(implements=("S1.2-a", "S3.2-b"))
def scm_contacts_reach_sales(e: Evidence) -> None:
    """A contact created in SCM for an organization prospect is created in Sales, once, and
    associated with its account (in the Associated contacts tab or as primary contact; without
    GAB the primary contact is one, the latest); for a person prospect with GAB, in the
    Contacts for Party tab of its Sales contact."""
    sales = e.records("sales")
    for story in e.stories:
        record = e.sales_record(story)
        if not story.in_scm or story.converted or record is None or not story.contacts:
            continue
        if not story.organization and not e.gab:
            continue  # the document does not say where it appears
        for contact in story.contacts:
            if _named(sales["contacts"], contact) != 1:
                fail(
                    f"one Sales contact {contact['first_name']} {contact['last_name']}",
                    f"{_named(sales['contacts'], contact)}",
                    ("Sales contacts", sales["contacts"]),
                )
        if story.organization:
            tabs = [*record["associated_contacts"], record["primary_contact"]]
            expected = story.contacts if e.gab else story.contacts[-1:]
        else:
            tabs, expected = record["contacts_for_party"], story.contacts
        people = sales_contacts(e.world, tabs)
        for contact in expected:
            if not _named(people, contact):
                fail(
                    f"{story.prospect}: {contact['first_name']} {contact['last_name']} "
                    "associated with it in Sales",
                    "not associated",
                    ("Sales record", record),
                )


@prop(implements=("S1.2-c",), reading="assumption_contact_placement_by_gab")
def scm_contact_placement_by_gab(e: Evidence) -> None:
    """With GAB every contact of an organization prospect created in SCM is in its account's
    Associated contacts tab; without GAB the latest is its primary contact."""
    for story in e.stories:
        record = e.sales_record(story)
        if not (story.in_scm and story.organization) or story.converted or not story.contacts:
            continue
        if record is None:
            continue
        tab = record["associated_contacts"] if e.gab else [record["primary_contact"]]
        people = sales_contacts(e.world, tab)
        for contact in story.contacts if e.gab else story.contacts[-1:]:
            if not _named(people, contact):
                where = "Associated contacts tab" if e.gab else "primary contact"
                fail(
                    f"{contact['last_name']} in the {where}", "not there", ("Sales account", record)
                )


@prop(implements=("S2.1-c",))
def sales_account_contacts_reach_scm(e: Evidence) -> None:
    """A contact created in Sales for an account prospect is created in SCM, once, and
    associated with the prospect."""
    for story in e.stories:
        relation = e.relation(story)
        if story.in_scm or not story.organization or story.converted or relation is None:
            continue
        for contact in story.contacts:
            if _named(relation["contacts"], contact) != 1:
                fail(
                    f"{story.prospect}: {contact['first_name']} {contact['last_name']} once "
                    "among the contacts of its business relation in SCM",
                    f"{_named(relation['contacts'], contact)} times",
                    ("business relation", relation),
                )


@prop(implements=("S2.2-a", "S4.2-a"), deployments=("gab",))
def sales_addresses_with_roles_reach_scm(e: Evidence) -> None:
    """With GAB an address added with roles on the Addresses tab of a prospect created in Sales
    is created in SCM with those roles and associated with the prospect."""
    for story in e.stories:
        relation = e.relation(story)
        if story.in_scm or story.converted or relation is None:
            continue
        for roles, address in story.tab_addresses:
            found = [
                item for item in relation["addresses"] if address_key(item) == address_key(address)
            ]
            if roles and not any(set(item["roles"]) == roles for item in found):
                fail(
                    f"{story.prospect}: its address of roles {sorted(roles)} in SCM",
                    "not there",
                    ("address added in Sales", address),
                    ("business relation", relation),
                )


@prop(
    implements=("S2.2-b", "S4.2-b", "S2.2-d", "S4.2-d", "S2.3-f", "S4.3-e"),
    deployments=("no_gab",),
)
def sales_addresses_stay_in_sales_without_gab(e: Evidence) -> None:
    """Without GAB no address of a prospect created in Sales is created in SCM, for the
    prospect or for its customer account."""
    for story in e.stories:
        if story.in_scm:
            continue
        for owner in (e.relation(story), e.customer(story)):
            if owner is not None and owner["addresses"]:
                fail(
                    f"{story.prospect}: no address in SCM without GAB",
                    f"{len(owner['addresses'])}",
                    ("SCM record", owner),
                )


@prop(implements=("S2.2-d", "S4.2-d"), deployments=("no_gab",))
def no_role_on_a_sales_address_without_gab(e: Evidence) -> None:
    """Without GAB a role cannot be associated with an address on the Addresses tab in Sales:
    an address the user added there with a role is refused, or kept without a role."""
    for story in e.stories:
        record = e.sales_record(story)
        if story.in_scm or record is None:
            continue
        for roles, address in story.tab_addresses:
            kept = [
                item for item in record["addresses"] if address_key(item) == address_key(address)
            ]
            if roles and any(item["roles"] for item in kept):
                fail(
                    f"{story.prospect}: the address added with a role kept without one",
                    f"roles {[item['roles'] for item in kept]}",
                    ("Sales record", record),
                )


@prop(implements=("S2.2-c", "S4.2-c"))
def addresses_without_a_role_stay_in_sales(e: Evidence) -> None:
    """An address added in Sales without a role is not created in SCM: no address of a
    prospect created in Sales is in SCM without a role."""
    for story in e.stories:
        if story.in_scm:
            continue
        role_less = [address for roles, address in story.tab_addresses if not roles]
        for owner in (e.relation(story), e.customer(story)):
            for item in owner["addresses"] if owner is not None else []:
                if not item["roles"] or any(address_key(item) == address_key(a) for a in role_less):
                    fail(
                        f"{story.prospect}: no address without a role in SCM",
                        "one",
                        ("SCM record", owner),
                    )


# -- conversions -------------------------------------------------------------------------------


@prop(implements=("S1.3-a", "S1.3-b", "S3.3-a", "S2.3-b", "S4.3-b", "NUM-03", "S5.4-a", "S6.3-b"))
def converted_prospect_is_a_customer_account_with_its_number(e: Evidence) -> None:
    """A converted prospect has a customer account in SCM with its number and party type."""
    for story in e.stories:
        if not story.converted:
            continue
        customer = e.customer(story)
        if customer is None or customer["party_type"] != story.prospect.party_type:
            fail(
                f"{story.prospect}: a customer account {story.number} in SCM, of party type "
                f"{story.prospect.party_type}",
                "none" if customer is None else customer["party_type"],
                ("SCM customers", e.records("scm")["customers"]),
            )


@prop(implements=("S1.3-c", "S3.3-b"))
def scm_conversion_creates_no_other_customer_account(e: Evidence) -> None:
    """Converting in SCM creates one customer account, with the prospect's number, and returns
    that number: it cannot be changed in the converting process. (Of the prospect's first
    conversion: what a second one does is a reading's.)"""
    last = e.last_accepted
    story = e.story_of(last) if last is not None else None
    if last is None or last.action != "scm_convert_prospect" or (story and story.conversions > 1):
        return
    before = {customer["account"] for customer in e.before("scm")["customers"]}
    new = sorted({c["account"] for c in e.records("scm")["customers"]} - before)
    number = last.arguments["number"]
    if new != [number] or (last.result or {}).get("customer_account") != number:
        fail(
            f"one new customer account, {number}, returned by the conversion",
            f"new {new}, returned {(last.result or {}).get('customer_account')}",
        )


@prop(implements=("S1.3-e", "S1.3-f", "S3.3-d", "S2.3-a", "S4.3-a", "S5.4-c", "S6.3-d"))
def converted_prospect_relation_is_a_customer(e: Evidence) -> None:
    """A converted prospect's business relation in SCM is of type Customer; it is retired too
    unless it was converted in Sales (Scenarios 2 and 4 do not say so)."""
    for story in e.stories:
        relation = e.relation(story)
        if not story.converted or relation is None:
            continue
        retired = story.how != "sales"
        if relation["relation_type"] != "customer" or (retired and not relation["retired"]):
            fail(
                f"{story.prospect}: relation type customer" + (", retired" if retired else ""),
                f"{relation['relation_type']}, retired {relation['retired']}",
                ("business relation", relation),
            )


@prop(implements=("S1.3-d", "S3.3-c", "S5.4-b", "S6.3-c"))
def scm_customer_group_from_the_parameters(e: Evidence) -> None:
    """A prospect converted in SCM (from All prospects or its quotation), or by an order from
    its Sales quote, gets the prospect customer group of the Sales and marketing parameters."""
    parameters = e.world.configuration["scm"]["sales_and_marketing_parameters"]
    for story in e.stories:
        customer = e.customer(story)
        if (
            story.how in ("scm", "quotation", "order")
            and customer is not None
            and customer["customer_group"] != parameters["prospect_customer_group"]
        ):
            fail(
                f"{story.prospect}: customer group {parameters['prospect_customer_group']}",
                customer["customer_group"],
                ("SCM customer", customer),
            )


@prop(implements=("S2.3-c", "S4.3-c"), reading="assumption_customer_group_chosen_in_sales")
def customer_group_chosen_in_sales(e: Evidence) -> None:
    """A prospect converted in Sales gets the customer group the user selected."""
    for story in e.stories:
        customer = e.customer(story)
        if (
            story.how == "sales"
            and customer is not None
            and customer["customer_group"] != story.customer_group
        ):
            fail(
                f"{story.prospect}: customer group {story.customer_group}",
                customer["customer_group"],
                ("SCM customer", customer),
            )


@prop(implements=("S1.3-g", "S3.3-e"))
def scm_customer_has_the_prospects_addresses_and_contacts(e: Evidence) -> None:
    """The addresses and contacts of a prospect converted in SCM are related to its customer
    account: the same records, with the ids they had on the prospect."""
    last = e.last_accepted
    for story in e.stories:
        customer = e.customer(story)
        if story.how != "scm" or customer is None:
            continue
        for roles, address in story.scm_addresses:
            if not any(
                address_key(item) == address_key(address) and set(item["roles"]) == roles
                for item in customer["addresses"]
            ):
                fail(
                    f"{story.prospect}: its address in its customer account",
                    "not there",
                    ("customer", customer),
                )
        for contact in story.contacts:
            if not _named(customer["contacts"], contact):
                fail(
                    f"{story.prospect}: its contact {contact['last_name']} in its customer account",
                    "not there",
                    ("customer", customer),
                )
        if last is not None and last.action == "scm_convert_prospect" and e.story_of(last) is story:
            had = e.relation(story, e.before("scm"))
            if had is None:
                continue
            for part, content in (("addresses", address_key), ("contacts", person_key)):
                ids = {content(item): item["id"] for item in had[part]}
                for item in customer[part]:
                    if content(item) in ids and ids[content(item)] != item["id"]:
                        fail(
                            f"{story.prospect}: its own {part} related to the customer account",
                            f"{item['id']} instead of {ids[content(item)]}: a copy",
                            ("business relation before", had),
                            ("customer", customer),
                        )


@prop(implements=("S2.3-d", "S2.3-e", "S4.3-d"))
def sales_converted_customer_has_the_prospects_records(e: Evidence) -> None:
    """The contacts of an account prospect converted in Sales are associated with its customer
    account in SCM; with GAB, so are the addresses with roles of a prospect converted in Sales."""
    for story in e.stories:
        customer = e.customer(story)
        if story.how != "sales" or customer is None:
            continue
        for contact in story.contacts if story.organization else []:
            if not _named(customer["contacts"], contact):
                fail(
                    f"{story.prospect}: its contact {contact['last_name']} in its customer account",
                    "not there",
                    ("customer", customer),
                )
        for roles, address in story.tab_addresses if e.gab else []:
            if roles and not _has(customer["addresses"], address, roles):
                fail(
                    f"{story.prospect}: its address in its customer account",
                    "not there",
                    ("customer", customer),
                )


@prop(implements=("S1.3-h", "S3.3-f", "S3.3-g", "S5.4-d", "S6.3-a"))
def converted_prospect_is_a_customer_in_sales(e: Evidence) -> None:
    """A prospect converted in SCM (from All prospects or its quotation), or by an order from
    its Sales quote, is a customer in Sales: an account of relationship type Customer, or a
    contact with Is Prospect No and Is Customer Yes, whose contacts are in its Associated
    Contacts tab."""
    for story in e.stories:
        record = e.sales_record(story)
        if story.how not in ("scm", "quotation", "order") or record is None:
            continue
        if story.organization:
            if record["relationship_type"] != "customer":
                fail(
                    "relationship type Customer",
                    record["relationship_type"],
                    ("Sales account", record),
                )
            continue
        if record["is_prospect"] or not record["is_customer"]:
            fail(
                "Is Prospect No, Is Customer Yes",
                f"{record['is_prospect']}, {record['is_customer']}",
                ("Sales contact", record),
            )
        people = sales_contacts(e.world, record["associated_contacts"])
        for contact in story.contacts:
            if not _named(people, contact):
                fail(
                    f"{contact['last_name']} in the Associated Contacts tab",
                    "not there",
                    ("Sales contact", record),
                )


@prop(implements=("S1.3-i",), deployments=("gab",))
def sales_account_unchanged_by_the_conversion_with_gab(e: Evidence) -> None:
    """With GAB, converting an organization in SCM changes none of its Sales account's
    addresses and contact."""
    last = e.last_accepted
    story = e.story_of(last) if last is not None and last.action == "scm_convert_prospect" else None
    if story is None or not story.organization:
        return
    before = e.sales_record(story, e.before("sales"))
    after = e.sales_record(story)
    if before is None or after is None:
        return
    for name in ("addresses", "primary_contact", "associated_contacts"):
        if canonical(before[name]) != canonical(after[name]):
            fail(
                f"{story.prospect}: {name} unchanged",
                "changed",
                ("before", before[name]),
                ("after", after[name]),
            )
    named = {before["primary_contact"], *before["associated_contacts"]}
    old = [c for c in e.before("sales")["contacts"] if c["id"] in named]
    new = [c for c in e.records("sales")["contacts"] if c["id"] in named]
    if canonical(old) != canonical(new):
        fail(
            "the account's contacts unchanged",
            "changed:\n  " + "\n  ".join(differences(old, new, "sales.contacts")),
        )


@prop(implements=("S1.3-e", "S1.3-h", "S3.3-f", "S2.3-a", "S4.3-a", "S5.4-c", "S6.3-a"))
def converted_records_keep_their_ids(e: Evidence) -> None:
    """A conversion changes the prospect's records in place: its business relation and its
    Sales account or contact keep their ids."""
    last = e.last_accepted
    story = e.story_of(last) if last is not None and last.action in CONVERSIONS else None
    if story is None:
        return
    for title, before, after in (
        ("business relation", e.relation(story, e.before("scm")), e.relation(story)),
        ("Sales record", e.sales_record(story, e.before("sales")), e.sales_record(story)),
    ):
        if before is not None and after is not None and before["id"] != after["id"]:
            fail(
                f"{story.prospect}: its {title} changed in place, id {before['id']}",
                f"id {after['id']}",
            )


# -- quotations and quotes ------------------------------------------------------------------------


def _lines(lines: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter((line["item"], line["quantity"], line["unit_price"]) for line in lines)


@prop(implements=("S5.5-a", "S5.5-b"))
def confirmed_quotation_makes_a_sales_order(e: Evidence) -> None:
    """Confirming a prospect's sales quotation in SCM creates a sales order in SCM from it, for
    the customer account, with the quotation's lines; the sales order is synchronized to Sales,
    with its lines."""
    for story in e.stories:
        if not story.confirmations or story.quotation is None:
            continue
        orders = [o for o in e.records("scm")["sales_orders"] if o["quotation"] == story.quotation]
        if (
            len(orders) != 1
            or orders[0]["customer_account"] != story.number
            or _lines(orders[0]["lines"]) != _lines(story.lines)
        ):
            fail(
                f"one SCM sales order from quotation {story.quotation}, for {story.number}, with "
                f"the lines {story.lines}",
                f"{len(orders)}",
                ("SCM sales orders", e.records("scm")["sales_orders"]),
            )
        synced = [o for o in e.records("sales")["orders"] if o["customer"] == story.number]
        if not any(_lines(o["lines"]) == _lines(orders[0]["lines"]) for o in synced):
            fail(
                f"the sales order of {story.number} synchronized to Sales, with its lines",
                f"{len(synced)} Sales orders for it",
                ("Sales orders", e.records("sales")["orders"]),
            )


@prop(implements=("S5.5-c",))
def quote_won_when_the_quotation_is_confirmed(e: Evidence) -> None:
    """Confirming a prospect's sales quotation in SCM updates the sales quotation in Sales (its
    one quote there) to Won."""
    for story in e.stories:
        if not story.confirmations or story.quotation is None:
            continue
        quotes = [
            q for q in e.records("sales")["quotes"] if q["potential_customer"] == story.number
        ]
        if len(quotes) != 1 or quotes[0]["status"] != "won":
            fail(
                f"the quote in Sales for {story.number} Won",
                ", ".join(q["status"] for q in quotes) or "no quote",
                ("Sales quotes", quotes),
            )


@prop(implements=("S5.5-a",), reading="assumption_quotation_confirmed_once")
def quotation_confirmed_once(e: Evidence) -> None:
    """A sales quotation confirmed already is not confirmed again."""
    for story in e.stories:
        if story.confirmations > 1:
            fail(f"quotation {story.quotation} confirmed once", f"{story.confirmations} times")


@prop(implements=("S6.2-a",), deployments=("gab",))
def quote_address_lookup_offers_the_delivery_addresses(e: Evidence) -> None:
    """With GAB the quote's address lookup offers the prospect's delivery addresses, and the one
    the user chooses becomes the quote's ship-to address."""
    last = e.last_accepted
    story = e.story_of(last) if last is not None else None
    if last is None or story is None:
        return
    if last.action == "sales_lookup_ship_to_address":
        offered = (last.result or {}).get("addresses") or []
        for roles, address in story.tab_addresses:
            if "delivery" in roles and not any(
                address_key(a) == address_key(address) for a in offered
            ):
                fail(f"the lookup offers the delivery address {address_key(address)}", f"{offered}")
    if last.action == "sales_set_quote_ship_to":
        quote = next(
            (q for q in e.records("sales")["quotes"] if q["number"] == last.arguments["quote"]),
            None,
        )
        if (
            quote is None
            or quote["ship_to"] is None
            or address_key(quote["ship_to"]) != address_key(last.arguments["address"])
        ):
            fail("the chosen address as the quote's ship-to address", f"{quote}")


@prop(implements=("S6.2-b",), deployments=("no_gab",))
def quote_has_no_address_lookup_without_gab(e: Evidence) -> None:
    """Without GAB the quote has no address lookup: opening it offers none, and neither opening
    it nor choosing a ship-to address changes the quote."""
    last = e.last
    if last is None or last.action not in (
        "sales_lookup_ship_to_address",
        "sales_set_quote_ship_to",
    ):
        return
    if last.result is not None and last.result.get("addresses") is not None:
        fail("no address lookup (addresses: null)", f"a lookup offering {last.result['addresses']}")
    quote = last.arguments["quote"]
    before = [q for q in e.before("sales")["quotes"] if q["number"] == quote]
    after = [q for q in e.records("sales")["quotes"] if q["number"] == quote]
    if canonical(before) != canonical(after):
        fail(f"quote {quote} unchanged", f"{after}", ("before", before))


@prop(implements=("S6.3-e", "S6.3-f"))
def order_from_the_quote_confirms_the_quotation_and_reaches_scm(e: Evidence) -> None:
    """Create order on a prospect's quote in Sales processes its sales quotation in SCM to
    Confirmed, and its order is synchronized to SCM as a sales order for the customer account,
    with the order's lines."""
    for story in e.stories:
        if story.how != "order":
            continue
        quotations = [q for q in e.records("scm")["quotations"] if q["account"] == story.number]
        if len(quotations) != 1 or quotations[0]["status"] != "confirmed":
            fail(
                f"the sales quotation in SCM for {story.number} Confirmed",
                ", ".join(q["status"] for q in quotations) or "no quotation",
                ("SCM quotations", quotations),
            )
        orders = [o for o in e.records("sales")["orders"] if o["customer"] == story.number]
        scm_orders = [
            o for o in e.records("scm")["sales_orders"] if o["customer_account"] == story.number
        ]
        if len(orders) != 1 or not any(
            _lines(o["lines"]) == _lines(orders[0]["lines"]) for o in scm_orders
        ):
            fail(
                f"the order of {story.number} in Sales, synchronized to SCM with its lines",
                f"{len(orders)} Sales orders, {len(scm_orders)} SCM sales orders",
                ("SCM sales orders", scm_orders),
                ("Sales orders", orders),
            )


@prop(implements=("S6.3-f",), reading="assumption_order_lines_from_quote")
def order_has_the_quotes_lines(e: Evidence) -> None:
    """The order Create order makes from a quote has the quote's lines."""
    for story in e.stories:
        orders = [o for o in e.records("sales")["orders"] if o["customer"] == story.number]
        if story.how == "order" and not any(
            _lines(o["lines"]) == _lines(story.lines) for o in orders
        ):
            fail(f"the order of {story.number} with the quote's lines {story.lines}", f"{orders}")


# -- refusals ----------------------------------------------------------------------------------


@prop(implements=("NUM-02", "S2.2-d", "S4.2-d"))
def refused_action_changes_nothing(e: Evidence) -> None:
    """A refused action changes neither system."""
    if e.last is not None and e.last.refusal is not None:
        unchanged(e.world, "sales")
        unchanged(e.world, "scm")


@prop(implements=("NUM-02",))
def conversion_refused_when_the_number_is_a_customer_account(e: Evidence) -> None:
    """A prospect whose number is a customer account from before the integration cannot be
    converted to a customer, whichever way the user tries."""
    last = e.last_accepted
    story = e.story_of(last) if last is not None and last.action in CONVERSIONS else None
    existing = {customer["account"] for customer in e.world.configuration["scm"]["customers"]}
    if story is not None and story.number in existing:
        fail(f"converting {story.number}, a customer account already, refused", "accepted")


@prop(implements=("S2.1-a", "NUM-01"), reading="assumption_duplicate_number_refused")
def duplicate_prospect_account_refused(e: Evidence) -> None:
    """A second prospect account with the number of a prospect is refused."""
    created = [
        performed.arguments["number"]
        for performed in e.world.history
        if performed.action == "sales_create_prospect_account" and performed.refusal is None
    ]
    others = [story.number for story in e.stories if story.in_scm or not story.organization]
    for number in created:
        if created.count(number) > 1 or number in others:
            fail(f"a second prospect account {number} refused", "accepted")


@prop(implements=("S2.3-c",), reading="assumption_unknown_customer_group_refused")
def unknown_customer_group_refused(e: Evidence) -> None:
    """Converting in Sales with a customer group that does not exist in SCM is refused."""
    last = e.last_accepted
    codes = {group["code"] for group in e.world.configuration["scm"]["customer_groups"]}
    if (
        last is not None
        and last.action in ("sales_convert_account", "sales_convert_contact")
        and last.arguments["customer_group"] not in codes
    ):
        fail(
            f"converting with customer group {last.arguments['customer_group']} refused",
            "accepted",
        )


@prop(implements=("S1.3-e",), reading="assumption_retired_prospect_not_converted_again")
def retired_prospect_not_converted_again(e: Evidence) -> None:
    """A prospect converted already is not converted again."""
    for story in e.stories:
        if story.conversions > 1:
            fail(
                f"{story.prospect}: converted once, a second conversion refused",
                f"{story.conversions} conversions",
            )


# -- leads, and the records of others ------------------------------------------------------------


@prop(implements=("DEF-03",))
def leads_are_not_prospects(e: Evidence) -> None:
    """A lead changes nothing in SCM and makes no account or contact in Sales."""
    last = e.last_accepted
    if last is None or last.action != "sales_create_lead":
        return
    unchanged(e.world, "scm")
    for name in ("accounts", "contacts"):
        old, new = e.before("sales")[name], e.records("sales")[name]
        if canonical(old) != canonical(new):
            fail(
                f"Sales {name} unchanged by the lead",
                "changed:\n  " + "\n  ".join(differences(old, new, name)),
            )


@prop(implements=("DEF-03",), reading="assumption_other_records_unchanged")
def other_records_unchanged(e: Evidence) -> None:
    """An action on a prospect changes no record of another prospect, customer or lead, and
    makes none but the prospect's own."""
    last = e.last_accepted
    story = e.story_of(last) if last is not None else None
    if story is None:
        return
    for system in ("sales", "scm"):
        before, after = e.before(system), e.records(system)
        own = set()
        for person in [None, *story.contacts]:
            own |= own_ids(before, system, story.number, person)
            own |= own_ids(after, system, story.number, person)
        for name in (*OWN[system], *OTHERS[system]):
            old = {r["id"]: r for r in before[name] if (name, r["id"]) not in own}
            new = {r["id"]: r for r in after[name] if (name, r["id"]) not in own}
            # equal as they are, or once their lists (sets, in the contract) are sorted
            if old != new and canonical(old) != canonical(new):
                fail(
                    f"the {system} {name} that are not {story.prospect}'s own unchanged",
                    "changed:\n  "
                    + "\n  ".join(
                        differences(list(old.values()), list(new.values()), f"{system}.{name}")
                    ),
                )


# -- selection ---------------------------------------------------------------------------------


def selected(deployment: Deployment, markexpr: str | None = None) -> list[Property]:
    """The properties that hold in ``deployment`` and whose tags match ``markexpr``, a pytest
    ``-m`` expression (``"not assumption_other_records_unchanged"``), the same way a
    scenario's tags do in ``p2c certify -m``."""
    if not markexpr:
        return [prop for prop in PROPERTIES.values() if deployment in prop.deployments]
    # pytest's own evaluator: the one `-m` uses, so that an expression means the same here. It
    # is private (pytest has no public one); pytest 9 is pinned.
    from _pytest.mark.expression import Expression

    try:
        expression = Expression.compile(markexpr)
    except SyntaxError as error:
        raise UsageError(f"-m {markexpr!r}: {error.msg}") from error
    return [
        prop
        for prop in PROPERTIES.values()
        if deployment in prop.deployments and expression.evaluate(_has_tag(prop.tags))
    ]


def _has_tag(tags: frozenset[str]) -> Callable[..., bool]:
    return lambda name, /, **_: name in tags


def property_named(name: str) -> Property:
    if name not in PROPERTIES:
        raise KitError(f"no explored property {name!r}; `p2c explore --list` names them")
    return PROPERTIES[name]


def check_all(
    world: World, properties: list[Property]
) -> Iterator[tuple[Property, AssertionError]]:
    """Each property that does not hold, with its failure."""
    evidence = Evidence(world)
    for prop in properties:
        try:
            prop.check(evidence)
        except AssertionError as failure:
            yield prop, failure
