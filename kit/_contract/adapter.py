"""The adapter contract: how the kit drives an implementation of the prospect-to-cash sync.

An implementation plugs in through an object that has the methods of :class:`Adapter`. Nothing
needs to be subclassed: any object with these methods will do (a :class:`typing.Protocol`).

The lifecycle is: ``start()`` once, then for every scenario ``reset(configuration)`` followed by
actions and queries, and ``stop()`` at the end. Actions are the user's steps in the source document,
on either side; each takes keyword arguments and returns a JSON-compatible dict. ``query(system)``
returns every record of one system in the canonical shapes of ``schemas/v2/records.json``, each
with an ``id``: an opaque identity the implementation chooses, stable for the record's life.

Every argument and result shape is specified by JSON Schema in ``kit/schemas/v2/``; the kit
validates what it sends and what it gets back, so a record of the wrong shape is reported as a
:class:`~p2c_kit.ContractError` naming the field, not as a conformance failure.

An implementation refuses an action by raising :class:`~p2c_kit.Refused`, and a refused action must
leave both systems exactly as they were.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol, TypedDict, get_args

Deployment = Literal["gab", "no_gab"]
#: Both deployments: the dual-write GAB solution deployed, and not.
DEPLOYMENTS: tuple[Deployment, ...] = get_args(Deployment)
System = Literal["sales", "scm"]
#: Both systems an adapter answers queries for.
SYSTEMS: tuple[System, ...] = get_args(System)
PartyType = Literal["organization", "person"]
AddressRole = Literal["delivery", "invoice"]
AccountType = Literal["prospect", "customer"]
JSONObject = dict[str, Any]

#: Capabilities an implementation may declare. ``gab`` and ``no_gab`` are the deployments it runs
#: under (dual-write global address book solution deployed or not); the others are the optional
#: parts of the process. The organization prospect lifecycle from SCM (Scenario 1) and leads are
#: always required.
CAPABILITIES: tuple[str, ...] = (
    "gab",
    "no_gab",
    "person_prospects",
    "prospects_from_sales",
    "quotations_from_scm",
    "quotes_from_sales",
)

#: Every action of the contract, in the order of the source document.
ACTIONS: tuple[str, ...] = (
    "scm_create_prospect",
    "scm_add_address",
    "scm_create_contact",
    "scm_convert_prospect",
    "sales_create_prospect_account",
    "sales_create_prospect_contact",
    "sales_create_contact",
    "sales_add_address",
    "sales_set_summary_address",
    "sales_convert_account",
    "sales_convert_contact",
    "sales_create_lead",
    "scm_create_quotation",
    "scm_send_quotation",
    "scm_convert_quotation_prospect",
    "scm_confirm_quotation",
    "sales_create_quote",
    "sales_lookup_ship_to_address",
    "sales_set_quote_ship_to",
    "sales_activate_quote",
    "sales_create_order",
)


class Address(TypedDict):
    """A postal address; the kit compares addresses by these four fields."""

    street: str
    city: str
    postal_code: str
    country_region: str


class QuoteLine(TypedDict):
    """A line of a quotation, quote or order; lines are compared by these three fields."""

    item: str
    quantity: float
    unit_price: float


class Implementation(TypedDict, total=False):
    """What ``start()`` returns (``schemas/v2/implementation.json``)."""

    name: str
    version: str
    language: str
    homepage: str
    issues: str
    capabilities: list[str]


class Configuration(TypedDict):
    """What ``reset()`` receives (``schemas/v2/configuration.json``): the deployment and master
    data drawn for the scenario from ``fixtures/master_data.toml``, possibly changed by its Given
    steps."""

    deployment: Deployment
    scm: JSONObject
    sales: JSONObject
    items: list[JSONObject]


class Adapter(Protocol):
    """The methods through which the kit drives an implementation under test.

    Action methods take keyword arguments only. Methods for capabilities the implementation does
    not declare may be left out.
    """

    def start(self) -> Implementation:
        """Describe the implementation and declare its capabilities."""

    def reset(self, configuration: Configuration) -> None:
        """Start a scenario: empty both systems and load ``configuration``."""

    def query(self, system: System) -> JSONObject:
        """Return every record of ``system`` (``"sales"`` or ``"scm"``) in canonical shape."""

    def stop(self) -> None:
        """Release what ``start`` acquired."""

    # Supply Chain Management: prospects (Scenarios 1, 3 and 5).
    def scm_create_prospect(self, *, party_type: PartyType, **names: str) -> JSONObject:
        """Create a prospect of type organization (``name``) or person (``first_name``,
        ``last_name``); return ``{"number": ...}``."""

    def scm_add_address(
        self, *, number: str, roles: list[AddressRole], address: Address
    ) -> JSONObject:
        """Add an address with these roles (a set) to a prospect or customer."""

    def scm_create_contact(self, *, number: str, first_name: str, last_name: str) -> JSONObject:
        """Create a contact person for a prospect or customer."""

    def scm_convert_prospect(self, *, number: str, customer_account: str = ...) -> JSONObject:
        """Convert to customer; return ``{"customer_account": ...}``."""

    # Dynamics 365 Sales: prospects (Scenarios 2, 4 and 6).
    def sales_create_prospect_account(self, *, number: str, name: str) -> JSONObject:
        """Create an account of relationship type Prospect with a user-chosen number."""

    def sales_create_prospect_contact(self, *, first_name: str, last_name: str) -> JSONObject:
        """Create a contact with Is Prospect set to Yes; return ``{"number": ...}``."""

    def sales_create_contact(
        self, *, for_number: str, first_name: str, last_name: str
    ) -> JSONObject:
        """Create a contact person for an account or for a contact (Contacts for Party tab)."""

    def sales_add_address(
        self, *, number: str, roles: list[AddressRole], address: Address
    ) -> JSONObject:
        """Add an address on the Addresses tab, with these roles (a set, possibly empty)."""

    def sales_set_summary_address(
        self, *, number: str, slot: AddressRole, address: Address
    ) -> JSONObject:
        """Set the delivery or invoice address on the Summary tab."""

    def sales_convert_account(self, *, number: str, customer_group: str) -> JSONObject:
        """Change the account's relationship type to Customer, selecting a customer group."""

    def sales_convert_contact(self, *, number: str, customer_group: str) -> JSONObject:
        """Change the contact's Is Customer to Yes, selecting a customer group."""

    def sales_create_lead(
        self, *, topic: str, company: str, first_name: str, last_name: str
    ) -> JSONObject:
        """Create a lead."""

    # Quotations (Scenarios 5 and 6).
    def scm_create_quotation(
        self, *, account_type: AccountType, account: str, lines: list[QuoteLine]
    ) -> JSONObject:
        """Create a sales quotation; return ``{"number": ...}``."""

    def scm_send_quotation(self, *, quotation: str) -> JSONObject:
        """Send the quotation."""

    def scm_convert_quotation_prospect(self, *, quotation: str) -> JSONObject:
        """Follow up > Modify > Convert to customer; return ``{"customer_account": ...}``."""

    def scm_confirm_quotation(self, *, quotation: str) -> JSONObject:
        """Confirm the quotation; return ``{"sales_order": ...}``."""

    def sales_create_quote(self, *, potential_customer: str, lines: list[QuoteLine]) -> JSONObject:
        """Create a quote; return ``{"number": ...}``."""

    def sales_lookup_ship_to_address(self, *, quote: str) -> JSONObject:
        """Open the ship-to address lookup; return ``{"addresses": [...] or None}``."""

    def sales_set_quote_ship_to(self, *, quote: str, address: Address) -> JSONObject:
        """Choose the quote's ship-to address from the lookup."""

    def sales_activate_quote(self, *, quote: str) -> JSONObject:
        """Activate the quote."""

    def sales_create_order(self, *, quote: str) -> JSONObject:
        """Create an order from the quote; return ``{"order": ...}``."""
