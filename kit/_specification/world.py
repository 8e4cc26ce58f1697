"""The scenario's world: what the user did and knows (the prospects, the actions performed, each
answer or refusal) and the records both systems hold, which the steps act on and check, and the
explored properties read (:mod:`p2c_kit._specification.properties`); and what both read of the
records: a record's key, a prospect's own records, a system unchanged by an action.

``p2c lint`` reads which systems a Then step looks at from the source of the steps and of this
module: a helper here that queries a system names it, as in the steps.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from p2c_kit._contract.adapter import Address, Configuration, PartyType
from p2c_kit._contract.errors import KitError, Refused
from p2c_kit._specification import incidental
from p2c_kit._specification.assertions import canonical, differences, fail
from p2c_kit._specification.configuration import free_initials

if TYPE_CHECKING:
    from faker import Faker

    from p2c_kit._transports.driver import Driver


@dataclass
class Prospect:
    """A prospect the scenario works with, as the user knows it."""

    number: str
    party_type: PartyType
    #: The system the user created it in, "SCM" or "Sales"; it is converted there too.
    origin: str
    first_name: str | None = None
    last_name: str | None = None
    addresses: dict[str, Address] = field(default_factory=dict)
    contact: dict[str, str] | None = None
    #: The customer group the user selected converting it in Sales.
    customer_group: str | None = None

    def __str__(self) -> str:
        return f"prospect {self.number} ({self.party_type} created in {self.origin})"


@dataclass(frozen=True)
class Performed:
    """One action the user took, and the implementation's answer: its result, or its refusal."""

    action: str
    arguments: dict[str, Any]
    result: dict[str, Any] | None
    refusal: Refused | None


class World:
    """One scenario: the driver, seeded fake data, the configuration it starts from, and what the
    user did so far. The implementation is reset lazily, before the first action or query, so that
    Given steps can change the configuration first."""

    def __init__(self, driver: Driver, fake: Faker, configuration: Configuration) -> None:
        self.driver = driver
        self.fake = fake
        self.configuration = configuration
        self.started = False
        #: Every prospect the user created, in order; ``prospect`` is the one steps act on.
        self.prospects: list[Prospect] = []
        self.prospect: Prospect | None = None
        self.entered_account: str | None = None
        self.quotation: str | None = None
        self.quote: str | None = None
        #: The lines the user added to the quotation or quote.
        self.lines_added: list[dict[str, Any]] = []
        self.lookup: list[dict[str, str]] | None = None
        self.attempted: str | None = None
        self.refusal: Refused | None = None
        self.before: dict[str, dict[str, Any]] = {}
        #: Every action performed, in order, refused or not (the explored properties read it).
        self.history: list[Performed] = []
        self._records: dict[str, dict[str, Any]] = {}
        self._last_names: set[str] = set()
        #: Whether the running step is a When: only the actions under test need a snapshot of
        #: both systems before them (set by the plugin before each step).
        self.under_test = True

    def _start(self) -> None:
        if not self.started:
            self.driver.reset(self.configuration)
            self.started = True

    def records(self, system: str) -> dict[str, Any]:
        """Every record of one system; queried once between two actions, since only actions
        change them."""
        self._start()
        if system not in self._records:
            self._records[system] = self.driver.query(system)  # type: ignore[arg-type]
        return self._records[system]

    def _perform(self, action: str, arguments: dict[str, Any]) -> dict[str, Any]:
        self._start()
        if self.under_test:  # "unchanged by the action" compares against this
            self.before = {"sales": self.records("sales"), "scm": self.records("scm")}
        try:
            result = self.driver.perform(action, arguments)
        except Refused as refusal:
            self.history.append(Performed(action, arguments, None, refusal))
            raise
        finally:
            self._records = {}
        self.history.append(Performed(action, arguments, result, None))
        return result

    def act(self, action: str, **arguments: Any) -> dict[str, Any]:
        """Perform an action the scenario expects to succeed."""
        __tracebackhide__ = True
        try:
            return self._perform(action, arguments)
        except Refused as refusal:
            fail(f"{action} accepted", f"refused: {refusal}", ("arguments", arguments))

    def attempt(self, action: str, **arguments: Any) -> None:
        """Perform an action the implementation may refuse; remember the refusal.

        The contract holds for every refusal: a refused action changes neither system.
        """
        __tracebackhide__ = True
        self.attempted = action
        if not self.under_test:  # a Given: the refusal is checked against a snapshot all the same
            self._start()
            self.before = {"sales": self.records("sales"), "scm": self.records("scm")}
        try:
            self._perform(action, arguments)
        except Refused as refusal:
            self.refusal = refusal
            unchanged(self, "sales")
            unchanged(self, "scm")

    @contextlib.contextmanager
    def one_step(self) -> Iterator[None]:
        """The actions of one step, taken as one: under test, both systems are compared with
        what they were before the first of them ("unchanged by the conversions")."""
        if self.under_test:
            self._start()
            self.before = {"sales": self.records("sales"), "scm": self.records("scm")}
        under_test, self.under_test = self.under_test, False
        try:
            yield
        finally:
            self.under_test = under_test

    def created(self, prospect: Prospect) -> None:
        """The user created ``prospect``: steps act on it from now on."""
        self.prospects.append(prospect)
        self.prospect = prospect

    @property
    def the_prospect(self) -> Prospect:
        if self.prospect is None:
            raise KitError("the scenario has no prospect yet: a Given step is missing")
        return self.prospect

    # incidental data, from the scenario's seeded Faker

    def address(self) -> Address:
        return incidental.address(self.fake)

    def person(self) -> dict[str, str]:
        """A person with a last name no other person of the scenario has: contacts are told
        apart by name, and a prospect contact created in Sales is numbered by its last name."""
        person = incidental.person(self.fake)
        while person["last_name"] in self._last_names:
            person = incidental.person(self.fake)
        self._last_names.add(person["last_name"])
        return person

    def account_number(self) -> str:
        """An account number the user chooses in Sales: unlike any number an SCM number sequence
        issues (it starts with a letter none of their formats starts with), and unlike the
        scenario's other prospects'."""
        initials = free_initials(self.configuration)
        return first_free(
            lambda: self.fake.bothify(self.fake.random_element(initials) + "??-####-??").upper(),
            {prospect.number for prospect in self.prospects},
        )

    def new_lines(self) -> list[dict[str, Any]]:
        """One or more lines of the configuration's items, with quantities and unit prices (in
        cents, so that every price is exact in JSON)."""
        items = self.configuration["items"]
        lines = [
            {
                "item": self.fake.random_element(items)["number"],
                "quantity": self.fake.random_int(1, 50),
                "unit_price": self.fake.random_int(1, 99_999) / 100,
            }
            for _ in range(self.fake.random_int(1, 3))
        ]
        self.lines_added = lines
        return lines


def first_free(draw: Callable[[], str], taken: Container[str]) -> str:
    """The first value ``draw`` gives that is not ``taken``."""
    while (value := draw()) in taken:
        pass
    return value


# -- what the steps and the properties read of the records ----------------------------------


def address_key(address: Any) -> tuple[str, str, str, str]:
    """What tells addresses apart: their four fields, roles aside."""
    return (address["street"], address["city"], address["postal_code"], address["country_region"])


def person_key(person: Any) -> tuple[str, str]:
    """What tells contact persons apart: their name."""
    return (person["first_name"], person["last_name"])


def sales_contacts(p2c: World, contact_ids: list[str | None]) -> list[dict[str, Any]]:
    """The Sales contacts these ids refer to (a tab of contacts, a primary contact)."""
    contacts = {contact["id"]: contact for contact in p2c.records("sales")["contacts"]}
    return [contacts[id_] for id_ in contact_ids if id_ is not None and id_ in contacts]


#: Which records of each list are a prospect's own: the field that holds its number.
OWN = {
    "sales": {
        "accounts": "number",
        "contacts": "number",
        "quotes": "potential_customer",
        "orders": "customer",
    },
    "scm": {
        "business_relations": "number",
        "customers": "account",
        "quotations": "account",
        "sales_orders": "customer_account",
    },
}
OTHERS = {"sales": ("leads",), "scm": ()}


def own_ids(
    records: dict[str, Any], system: str, number: str, person: dict[str, str] | None
) -> set[tuple[str, str]]:
    """A prospect's own records in one system's records, as (list, id): those its number keys,
    and in Sales the contact persons its account's or contact's tabs name, or that have the name
    of the contact the user created for it (where the document does not say which tab it is in).
    Ids are unique within a list only: a list's name goes with each."""
    own = {
        (name, record["id"])
        for name, key in OWN[system].items()
        for record in records[name]
        if record[key] == number
    }
    if system == "sales":
        own |= {
            ("contacts", contact["id"])
            for contact in records["contacts"]
            if person is not None and person_key(contact) == person_key(person)
        }
        for name in ("accounts", "contacts"):
            for record in records[name]:
                if record["number"] == number:
                    for tab in ("primary_contact", "associated_contacts", "contacts_for_party"):
                        value = record.get(tab)
                        own |= {
                            ("contacts", id_)
                            for id_ in (value if isinstance(value, list) else [value])
                            if id_
                        }
    return own


def unchanged(p2c: World, system: str) -> None:
    """Fail unless ``system``'s records are what they were before the action."""
    __tracebackhide__ = True
    if p2c.before[system] == p2c.records(system):
        return  # equal as they are: no need to sort their lists (sets) to compare them
    before, after = canonical(p2c.before[system]), canonical(p2c.records(system))
    if before != after:
        refused = f" (it was refused: {p2c.refusal})" if p2c.refusal else ""
        fail(
            f"{system} records unchanged by {p2c.attempted or 'the action'}{refused}",
            "changed:\n  " + "\n  ".join(differences(before, after, system)),
        )
