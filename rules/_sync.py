"""The reference prospect-to-cash sync, one rule per documented behaviour.

Each rule is named after the behaviour it implements and cites, in the first line of its
docstring, the section and step of the source document ("Work with prospects in prospect-to-cash
with Dynamics 365 Sales", ``features/source_document.md``; S1.3 = Scenario 1, step 3), quoting it
verbatim but for the product names, shortened to Sales and SCM (a test checks every quotation).
``implements`` names the requirements of ``features/requirements.toml`` it carries out; ``p2c
lint`` checks that each exists and that every requirement has a rule. Rules are in document order.

A rule reacts either to a user *action* (named like the adapter contract's action,
``scm_create_prospect``) or to a *change* another rule emitted (``scm.prospect_created``).
Conditions are durable-rules expressions over the change; a rule that holds in one deployment
only says which: ``deployment="gab"`` where the dual-write global address book (GAB) solution is
deployed, ``"no_gab"`` where it is not. What a rule decides on besides the change's own data is
looked up in the store when the change is asserted, by the change's *view* (``@view``), so that
conditions can test it: whether the prospect a change names is retired, whether a number is in
use, which record a contact is created for.

A refusal the document, one of the kit's readings or the adapter contract states is a rule of its
own, on the change it refuses, with a condition over what its view shows: a number in use, a quote
that is not active, a quotation for a customer. A refused action is rolled back whole, whenever the
refusal comes, so a rule carrying out the action needs no guard of the refusals on its change, and
the rules' order does not matter to them; a rule whose writes could not be made where a refusal
applies (a number in use, a customer account that exists) has the opposite condition. Two checks
stay with the rule that needs what they check. That a record or item the action names exists,
unless a view tells the records apart anyway (SCM's prospect, customer account, or none): a view
shows None for a record it does not find, and no condition on such a field, ``==`` or ``!=``,
holds of None, so the refusals of a record's state leave that case to the rule. And that a number
sequence is not exhausted, where the rule takes its number (``_issued``).

The order of the rules matters in one place, where the document states it: ordering a prospect's
quote in Sales converts the prospect before the order reaches SCM (Scenario 6, step 3). The changes
the rules matching one fact emit are handled in the order the rules are declared.

Where the document is silent the reference does nothing, and says so with a rule whose action is
empty: those non-behaviours are as much part of the specification as the behaviours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from p2c_reference._durable import item, m
from p2c_reference._engine import Action, Deployment, Fact, Rule, Sync, View
from p2c_reference._store import Store, address_of, lines_of, roles_of, stored_roles

RULES: dict[str, Rule] = {}
VIEWS: dict[str, View] = {}
#: The changes that carry a record for other rules to write, as the store keeps it: a mutant that
#: varies the rule emitting one varies the record as if that rule wrote it (``_variations.py``).
RECORDS_HANDED_ON = {"sales.address_synced": "sales_address"}


def rule(
    change: str,
    condition: Any = None,
    deployment: Deployment | None = None,
    *,
    implements: tuple[str, ...],
) -> Callable[[Action], Action]:
    """Register the decorated function as the rule of that name: it reacts to ``change`` (a user
    action or a change another rule emitted) when ``condition`` holds of it; with a
    ``deployment``, only where the dual-write GAB solution is deployed (``"gab"``) or not
    (``"no_gab"``). ``implements``: the ids of the requirements it carries out (none for a rule of
    the adapter contract, or a step the document states no result of)."""

    def register(action: Action) -> Action:
        RULES[action.__name__] = Rule(
            action.__name__, change, condition, action, deployment, implements
        )
        return action

    return register


def view(*changes: str) -> Callable[[View], View]:
    """Register the decorated function as what the rules see of the store with each of
    ``changes``: the fields it returns join the change's fact, for the rules' conditions."""

    def register(function: View) -> View:
        for change in changes:
            if change in VIEWS:
                raise ValueError(f"{change} has a view already: {VIEWS[change].__name__}")
            VIEWS[change] = function
        return function

    return register


ORGANIZATION = m.party_type == "organization"
PERSON = m.party_type == "person"

# What is added in SCM for a number goes to its business relation while that is not retired, then
# to its customer account (``scm_owners``).
TO_BUSINESS_RELATION = m.business_relation_open == True  # noqa: E712
TO_CUSTOMER_ACCOUNT = (m.business_relation_open == False) & (m.customer_account_exists == True)  # noqa: E712
TO_NO_RECORD = (m.business_relation_open == False) & (m.customer_account_exists == False)  # noqa: E712

SALES_NUMBER_FREE = m.sales_number_in_use == False  # noqa: E712
SALES_NUMBER_IN_USE = m.sales_number_in_use == True  # noqa: E712
SCM_NUMBER_FREE = m.scm_number_in_use == False  # noqa: E712
SCM_NUMBER_IN_USE = m.scm_number_in_use == True  # noqa: E712
UNKNOWN_CUSTOMER_GROUP = m.customer_group_exists == False  # noqa: E712


# -- What the rules see of the store -----------------------------------------------------------


@view(
    "scm_add_address", "scm_create_contact", "sales.contact_person_created", "sales.address_added"
)
def scm_owners(store: Store, fact: Fact) -> dict[str, Any]:
    """Which SCM records of the number can take an address or a contact: its business relation,
    while that is not retired; its customer account."""
    relation = store.business_relation(fact["number"])
    return {
        "business_relation_open": relation is not None and not relation["retired"],
        "customer_account_exists": store.customer(fact["number"]) is not None,
    }


@view("scm_convert_prospect")
def customer_account_entered(store: Store, fact: Fact) -> dict[str, Any]:
    """Whether the user entered a customer account number other than the prospect's: a view,
    like every other condition here that reads more than one field of the fact."""
    return {
        "customer_account_changed": fact.get("customer_account", fact["number"]) != fact["number"]
    }


@view("scm.conversion_requested")
def conversion_standing(store: Store, fact: Fact) -> dict[str, Any]:
    """Whether the number is a prospect that is not retired, whether a customer account has it
    already, and whether the customer group exists."""
    return {
        "prospect_open": store.open_prospect(fact["number"]) is not None,
        "customer_account_exists": store.customer(fact["number"]) is not None,
        "customer_group_exists": store.customer_group_exists(fact["customer_group"]),
    }


@view("scm_create_prospect")
def prospect_number_use(store: Store, fact: Fact) -> dict[str, Any]:
    """The number the prospect number sequence issues next (None when it is exhausted), and
    whether SCM has a business relation with it."""
    number = store.next_scm_number("prospect")
    return {
        "prospect_number": number,
        "scm_number_in_use": number is not None and store.business_relation(number) is not None,
    }


@view("scm.prospect_created", "sales_create_prospect_account")
def sales_number_use(store: Store, fact: Fact) -> dict[str, Any]:
    """Whether Sales has an account or contact with the number."""
    return {"sales_number_in_use": store.sales_record_kind(fact["number"]) is not None}


@view("sales_create_prospect_contact")
def sales_last_name_use(store: Store, fact: Fact) -> dict[str, Any]:
    """Whether Sales has an account or contact numbered with the contact's last name, its
    prospect ID."""
    return {"sales_number_in_use": store.sales_record_kind(fact["last_name"]) is not None}


@view("sales.prospect_account_created", "sales.prospect_contact_created")
def scm_number_use(store: Store, fact: Fact) -> dict[str, Any]:
    """Whether SCM has a business relation with the number."""
    return {"scm_number_in_use": store.business_relation(fact["number"]) is not None}


@view("sales_create_contact")
def contact_owner(store: Store, fact: Fact) -> dict[str, Any]:
    """What Sales has numbered as the record the contact is created for: "account", "contact",
    or None."""
    return {"for_kind": store.sales_record_kind(fact["for_number"])}


@view("sales_convert_account")
def sales_account_conversion_standing(store: Store, fact: Fact) -> dict[str, Any]:
    """Whether the number is an account of relationship type Prospect, and whether the customer
    group exists in SCM."""
    account = store.sales_account(fact["number"])
    return {
        "prospect_account": account is not None and account["relationship_type"] == "prospect",
        "customer_group_exists": store.customer_group_exists(fact["customer_group"]),
    }


@view("sales_convert_contact")
def sales_contact_conversion_standing(store: Store, fact: Fact) -> dict[str, Any]:
    """Whether the number is a contact with Is Prospect Yes, and whether the customer group
    exists in SCM."""
    contact = store.sales_contact(fact["number"])
    return {
        "prospect_contact": contact is not None and bool(contact["is_prospect"]),
        "customer_group_exists": store.customer_group_exists(fact["customer_group"]),
    }


@view("scm_create_quotation")
def quotation_account(store: Store, fact: Fact) -> dict[str, Any]:
    """Whether the account the quotation is for is a prospect that is not retired, and whether
    it is a customer account."""
    return {
        "prospect_open": store.open_prospect(fact["account"]) is not None,
        "customer_account_exists": store.customer(fact["account"]) is not None,
    }


@view("scm_send_quotation", "scm_convert_quotation_prospect", "scm_confirm_quotation")
def quotation_standing(store: Store, fact: Fact) -> dict[str, Any]:
    """The quotation's status and account type (None for a quotation SCM does not have)."""
    quotation = store.scm_quotation(fact["quotation"])
    return {
        "quotation_status": quotation["status"] if quotation else None,
        "quotation_account_type": quotation["account_type"] if quotation else None,
    }


@view("sales.order_created")
def order_customer(store: Store, fact: Fact) -> dict[str, Any]:
    """Whether SCM has a customer account for the order's customer."""
    return {"customer_account_exists": store.customer(fact["customer"]) is not None}


@view("sales_set_quote_ship_to")
def ship_to_offered(store: Store, fact: Fact) -> dict[str, Any]:
    """Whether the address is one of those the quote's address lookup offers (None for a quote
    Sales does not have)."""
    quote = store.sales_quote(fact["quote"])
    if quote is None:
        return {"ship_to_offered": None}
    offered = _delivery_addresses(store, quote["potential_customer"])
    return {"ship_to_offered": address_of(fact["address"]) in offered}


@view("sales_activate_quote", "sales_create_order")
def quote_standing(store: Store, fact: Fact) -> dict[str, Any]:
    """The quote's status, the account it is for, and that account's relationship type (None
    for a quote or account Sales does not have)."""
    quote = store.sales_quote(fact["quote"])
    account = store.sales_account(quote["potential_customer"]) if quote else None
    return {
        "quote_status": quote["status"] if quote else None,
        "potential_customer": account["number"] if account else None,
        "relationship_type": account["relationship_type"] if account else None,
    }


# -- Definition of a prospect, and leads -------------------------------------------------------


@rule("sales_create_lead", implements=("DEF-03",))
def sales_lead_created(sync: Sync, fact: Fact) -> None:
    """Definition: a lead is created in Sales."""
    sync.store.add_sales_lead(fact)
    sync.emit("sales.lead_created")


@rule("sales.lead_created", implements=("DEF-03",))
def leads_are_not_integrated(sync: Sync, fact: Fact) -> None:
    """Definition: "leads are completely different from prospects": nothing reaches SCM."""


# -- Scenario 1: prospect of type organization managed from SCM --------------------------------


@rule("scm_create_prospect", SCM_NUMBER_IN_USE, implements=("S1.1-a", "S3.1-a"))
def scm_prospect_refused_when_its_number_is_in_use(sync: Sync, fact: Fact) -> None:
    """S1.1, S3.1: "The new prospect is created using the number sequence setup for the prospect": not with a number SCM has given a business relation already."""
    sync.refuse(
        f"business relation {fact['prospect_number']} exists already: the prospect number "
        "sequence issued a number that is in use",
        field="number",
    )


@rule("scm_create_prospect", SCM_NUMBER_FREE, implements=("S1.1-a", "S3.1-a", "DEF-01"))
def scm_prospect_numbered_from_prospect_sequence(sync: Sync, fact: Fact) -> None:
    """S1.1, S3.1: "The new prospect is created using the number sequence setup for the prospect"."""
    number = _issued(sync, sync.store.take_scm_number("prospect"), "prospect number sequence")
    create_scm_prospect(sync, fact, number)


@rule("scm.prospect_created", SALES_NUMBER_IN_USE, implements=("NUM-01",))
def scm_prospect_refused_when_sales_has_its_number(sync: Sync, fact: Fact) -> None:
    """Number sequences: "prospect account numbers are the same in Dynamics 365 Sales and Dynamics 365 Supply Chain Management": not when Sales has the number."""
    sync.refuse(
        f"Sales has an account or contact numbered {fact['number']} already", field="number"
    )


@rule(
    "scm.prospect_created",
    ORGANIZATION & SALES_NUMBER_FREE,
    implements=("S1.1-b", "S1.1-c", "DEF-02", "NUM-01"),
)
def scm_organization_prospect_becomes_sales_prospect_account(sync: Sync, fact: Fact) -> None:
    """S1.1: "A new account of relationship type Prospect is created in Sales with same account number"."""
    sync.store.add_sales_account(fact["number"], fact["name"], "prospect")


@rule("scm_add_address", TO_BUSINESS_RELATION, implements=("S1.2-b", "S3.2-a"))
def scm_address_added_to_prospect(sync: Sync, fact: Fact) -> None:
    """S1.2, S3.2: "Add an address of role delivery to the prospect. Add an address of role invoice"."""
    relation = sync.store.business_relation(fact["number"])
    _add_scm_address(sync, fact, "business_relation", relation["party_type"])


@rule("scm_add_address", TO_CUSTOMER_ACCOUNT, implements=("S1.3-g", "S3.3-e"))
def scm_address_added_to_customer_account(sync: Sync, fact: Fact) -> None:
    """S1.3, S3.3: "Addresses and contacts in SCM are related to the new customer account created": once converted, an address added is the customer account's."""
    customer = sync.store.customer(fact["number"])
    _add_scm_address(sync, fact, "customer", customer["party_type"])


@rule("scm_add_address", TO_NO_RECORD, implements=())
def scm_address_refused_without_prospect_or_customer(sync: Sync, fact: Fact) -> None:
    """S1.2: "Add an address of role delivery to the prospect": the adapter contract refuses one for a number SCM does not have."""
    _refuse_no_scm_record(sync, fact["number"])


@rule(
    "scm.address_added",
    m.roles.anyItem((item == "delivery") | (item == "invoice")),
    deployment="gab",
    implements=("S1.2-b", "S3.2-a"),
)
def scm_address_synced_to_sales_with_gab(sync: Sync, fact: Fact) -> None:
    """S1.2, S3.2 notes: with the GAB solution "both the delivery address and invoice address is created in Sales"."""
    sync_address_to_sales(sync, fact["number"], fact["roles"], fact["address"])


@rule(
    "scm.address_added",
    m.roles.anyItem(item == "delivery"),
    deployment="no_gab",
    implements=("S1.2-b", "S3.2-a"),
)
def scm_delivery_address_synced_to_sales_without_gab(sync: Sync, fact: Fact) -> None:
    """S1.2, S3.2 notes: without the GAB solution "only the delivery address" is created in Sales."""
    sync_address_to_sales(sync, fact["number"], ["delivery"], fact["address"])


@rule(
    "scm.address_added",
    m.roles.anyItem(item == "invoice") & (m.owner_kind == "business_relation"),
    deployment="no_gab",
    implements=("S1.2-b", "S3.2-a"),
)
def scm_prospect_invoice_address_not_synced_without_gab(sync: Sync, fact: Fact) -> None:
    """S1.2, S3.2 notes: without the GAB solution "only the delivery address" is created in Sales."""


@rule("sales.address_synced", deployment="gab", implements=("S1.2-b", "S3.2-a"))
def synced_address_on_sales_addresses_tab_with_gab(sync: Sync, fact: Fact) -> None:
    """S2.2: with the GAB solution "on the Addresses tab of the account, add a new address with the role": an address synchronized to Sales is there, with its roles."""
    sync.store.add_sales_address(fact["owner"], roles_of(fact), fact)


@rule("sales.address_synced", deployment="no_gab", implements=("S2.2-d", "S4.2-d"))
def synced_address_on_sales_summary_tab_without_gab(sync: Sync, fact: Fact) -> None:
    """S2.2 note: "It is only possible to associate a role when creating an address on an account in Sales when the dual write GAB solution is deployed": without it, an address synchronized to Sales takes the Summary tab's place of its role."""
    for slot in roles_of(fact):
        sync.store.set_sales_summary_address(fact["owner"], slot, fact)


@rule("scm_create_contact", TO_BUSINESS_RELATION, implements=("S1.2-a",))
def scm_contact_person_created_for_prospect(sync: Sync, fact: Fact) -> None:
    """S1.2, S3.2: "Create a new contact for the prospect"."""
    relation = sync.store.business_relation(fact["number"])
    _add_scm_contact(sync, fact, "business_relation", relation["party_type"])


@rule("scm_create_contact", TO_CUSTOMER_ACCOUNT, implements=("S1.3-g", "S3.3-e"))
def scm_contact_person_created_for_customer_account(sync: Sync, fact: Fact) -> None:
    """S1.3, S3.3: "Addresses and contacts in SCM are related to the new customer account created": once converted, a contact created is the customer account's."""
    customer = sync.store.customer(fact["number"])
    _add_scm_contact(sync, fact, "customer", customer["party_type"])


@rule("scm_create_contact", TO_NO_RECORD, implements=())
def scm_contact_refused_without_prospect_or_customer(sync: Sync, fact: Fact) -> None:
    """S1.2: "Create a new contact for the prospect": the adapter contract refuses one for a number SCM does not have."""
    _refuse_no_scm_record(sync, fact["number"])


@rule("scm.contact_created", ORGANIZATION, deployment="gab", implements=("S1.2-a", "S1.2-c"))
def scm_contact_in_sales_associated_contacts_with_gab(sync: Sync, fact: Fact) -> None:
    """S1.2 note: with the GAB solution the contact surfaces in the Associated contacts tab."""
    contact = sync.store.add_sales_contact_person(fact)
    sync.store.link_sales_contact(contact, "associated_contacts", fact["number"])


@rule("scm.contact_created", ORGANIZATION, deployment="no_gab", implements=("S1.2-a", "S1.2-c"))
def scm_contact_is_sales_primary_contact_without_gab(sync: Sync, fact: Fact) -> None:
    """S1.2 note: without the GAB solution the contact is the Summary tab's primary contact."""
    contact = sync.store.add_sales_contact_person(fact)
    sync.store.update_sales_account(fact["number"], primary_contact=contact)


@rule(
    "scm_convert_prospect",
    m.customer_account_changed == True,  # noqa: E712
    implements=("S1.3-c", "S3.3-b"),
)
def customer_account_number_not_changed_in_conversion(sync: Sync, fact: Fact) -> None:
    """S1.3: "It is intentional that it cannot be changed in the converting process"."""
    sync.refuse(
        "the customer account number cannot be changed in the converting process: "
        f"it is the prospect number {fact['number']}",
        field="customer_account",
    )


@rule("scm_convert_prospect", implements=("S1.3-d", "S3.3-c"))
def scm_prospect_converted_from_all_prospects(sync: Sync, fact: Fact) -> None:
    """S1.3, S3.3: "Customer group is defaulted into the process from the setup in Sales and Marketing parameters for prospects"."""
    request_conversion(sync, fact["number"], sync.store.prospect_customer_group())
    sync.reply(customer_account=fact["number"])


@rule("scm.conversion_requested", m.prospect_open == False, implements=("S1.3-e",))  # noqa: E712
def conversion_refused_for_a_non_prospect(sync: Sync, fact: Fact) -> None:
    """S1.3: "The prospect in Dynamics 365 Supply Chain Management is retired": it is converted once."""
    sync.refuse(
        f"{fact['number']} is not a prospect: only a prospect can be converted to a customer",
        field="number",
    )


@rule(
    "scm.conversion_requested",
    m.customer_account_exists == True,  # noqa: E712
    implements=("NUM-02",),
)
def conversion_refused_when_the_customer_account_exists(sync: Sync, fact: Fact) -> None:
    """Number sequences: "If number sequences overlap, conflicts can occur when converting a prospect to a customer account disallowing the prospect to be converted"."""
    sync.refuse(
        f"customer account {fact['number']} exists already: the prospect and customer "
        "number sequences overlap",
        field="number",
    )


@rule("scm.conversion_requested", UNKNOWN_CUSTOMER_GROUP, implements=("S2.3-c", "S4.3-c"))
def conversion_refused_for_an_unknown_customer_group(sync: Sync, fact: Fact) -> None:
    """S2.3: "Select the appropriate Customer group": the group must exist in SCM."""
    _refuse_unknown_customer_group(sync, fact["customer_group"])


# A conversion none of the three refusals above applies to: the customer account can be created.
CONVERTIBLE = (
    (m.prospect_open == True)  # noqa: E712
    & (m.customer_account_exists == False)  # noqa: E712
    & (m.customer_group_exists == True)  # noqa: E712
)


@rule(
    "scm.conversion_requested",
    CONVERTIBLE,
    implements=(
        *("S1.3-a", "S1.3-b", "NUM-03", "S1.3-d", "S2.3-c", "S3.3-a", "S3.3-c", "S5.4-b"),
        "S6.3-c",
    ),
)
def scm_customer_created_with_prospect_number(sync: Sync, fact: Fact) -> None:
    """S1.3: "Customer account number is the same as prospect irrespective of customer number sequence"."""
    create_customer(sync, fact, account=fact["number"])


@rule(
    "scm.prospect_converted",
    implements=("S1.3-e", "S1.3-f", "S2.3-a", "S3.3-d", "S4.3-a", "S5.4-c", "S6.3-d"),
)
def scm_prospect_retired_as_customer(sync: Sync, fact: Fact) -> None:
    """S1.3: "The prospect in SCM is retired and the relationship type is changed from Prospect to Customer"."""
    sync.store.update_business_relation(fact["number"], relation_type="customer", retired=1)


@rule(
    "scm.prospect_converted",
    implements=("S1.3-g", "S3.3-e", "S2.3-d", "S2.3-e", "S4.3-d"),
)
def scm_addresses_and_contacts_related_to_new_customer(sync: Sync, fact: Fact) -> None:
    """S1.3: "Addresses and contacts in SCM are related to the new customer account created"."""
    sync.store.relate_to_customer(fact["number"], fact["account"])
    sync.emit(
        "scm.customer_records_related",
        number=fact["number"],
        account=fact["account"],
        party_type=fact["party_type"],
    )


@rule("scm.prospect_converted", ORGANIZATION, implements=("S1.3-h", "S5.4-d", "S6.3-a"))
def sales_account_becomes_customer(sync: Sync, fact: Fact) -> None:
    """S1.3, S5.4: "The account of relationship type Prospect in Sales is changed to account relationship type customer"."""
    sync.store.update_sales_account(
        fact["number"], relationship_type="customer", customer_group=fact["customer_group"]
    )


@rule(
    "scm.customer_records_related",
    ORGANIZATION,
    deployment="no_gab",
    implements=("S1.3-j", "S1.3-i"),
)
def invoice_address_synced_from_new_customer_without_gab(sync: Sync, fact: Fact) -> None:
    """S1.3 note: without GAB "the address of type invoice is synchronized from the newly created customer account"."""
    for row in sync.store.scm_addresses("customer", fact["account"]):
        if "invoice" in roles_of(row):
            sync_address_to_sales(sync, fact["number"], ["invoice"], row)


@rule("scm.customer_records_related", ORGANIZATION, deployment="gab", implements=("S1.3-i",))
def sales_account_records_unchanged_at_conversion_with_gab(sync: Sync, fact: Fact) -> None:
    """S1.3 note: "If the dual write GAB solution is deployed, then there are no changes to the already created and synchronized delivery and invoice addresses and contact"."""


# -- Scenario 2: prospect as account managed from Sales ----------------------------------------


@rule("sales_create_prospect_account", SALES_NUMBER_IN_USE, implements=("NUM-01",))
def prospect_account_refused_when_its_number_is_in_use(sync: Sync, fact: Fact) -> None:
    """S2.1: "A new prospect is created with the account number selected by the user": not with a number Sales has already."""
    sync.refuse(
        f"Sales has an account or contact numbered {fact['number']} already", field="number"
    )


@rule("sales_create_prospect_account", SALES_NUMBER_FREE, implements=("S2.1-a", "DEF-02"))
def sales_prospect_account_created_with_user_number(sync: Sync, fact: Fact) -> None:
    """S2.1: "A new prospect is created with the account number selected by the user"."""
    sync.store.add_sales_account(fact["number"], fact["name"], "prospect")
    sync.emit("sales.prospect_account_created", number=fact["number"], name=fact["name"])


@rule("sales.prospect_account_created", SCM_NUMBER_IN_USE, implements=("NUM-01",))
def sales_prospect_account_refused_when_scm_has_its_number(sync: Sync, fact: Fact) -> None:
    """S2.1: "A new business relation type Prospect (of type organization) is created in SCM with same number": not when SCM has the number."""
    _refuse_scm_number_in_use(sync, fact["number"])


@rule(
    "sales.prospect_account_created",
    SCM_NUMBER_FREE,
    implements=("S2.1-b", "NUM-01", "DEF-01"),
)
def sales_prospect_account_becomes_scm_organization_prospect(sync: Sync, fact: Fact) -> None:
    """S2.1: "A new business relation type Prospect (of type organization) is created in SCM with same number"."""
    names = names_of({"party_type": "organization", "name": fact["name"]})
    sync.store.add_business_relation(fact["number"], "organization", "prospect", names)


@rule("sales_create_contact", m.for_kind == "account", implements=("S2.1-c",))
def sales_contact_person_created_for_account(sync: Sync, fact: Fact) -> None:
    """S2.1: "Create a new contact for the prospect"."""
    _add_sales_contact_person(sync, fact, "associated_contacts", "account")


@rule("sales_create_contact", m.for_kind == "contact", implements=())
def sales_contact_person_created_for_person_prospect(sync: Sync, fact: Fact) -> None:
    """S4.1: "Create a new contact from the Contacts for Party tab"."""
    _add_sales_contact_person(sync, fact, "contacts_for_party", "contact")


@rule("sales_create_contact", m.for_kind == None, implements=())  # noqa: E711
def sales_contact_person_refused_without_account_or_contact(sync: Sync, fact: Fact) -> None:
    """S2.1: "Create a new contact for the prospect": the adapter contract refuses one for a number Sales does not have."""
    sync.refuse(
        f"Sales has no account or contact numbered {fact['for_number']}", field="for_number"
    )


SALES_ACCOUNT_CONTACT = m.owner_kind == "account"


@rule(
    "sales.contact_person_created",
    SALES_ACCOUNT_CONTACT & TO_BUSINESS_RELATION,
    implements=("S2.1-c",),
)
def sales_account_contact_synced_to_scm_prospect(sync: Sync, fact: Fact) -> None:
    """S2.1: "A contact is created in SCM and associated with the prospect"."""
    sync.store.add_scm_contact("business_relation", fact["number"], fact)


@rule(
    "sales.contact_person_created",
    SALES_ACCOUNT_CONTACT & TO_CUSTOMER_ACCOUNT,
    implements=("S2.3-d",),
)
def sales_account_contact_synced_to_scm_customer_account(sync: Sync, fact: Fact) -> None:
    """S2.3: "The contact is associated with the customer account in SCM"."""
    sync.store.add_scm_contact("customer", fact["number"], fact)


@rule("sales.contact_person_created", SALES_ACCOUNT_CONTACT & TO_NO_RECORD, implements=())
def sales_account_contact_refused_without_scm_record(sync: Sync, fact: Fact) -> None:
    """S2.1: "A contact is created in SCM and associated with the prospect": refused when SCM has no prospect or customer to associate it with."""
    _refuse_no_scm_record(sync, fact["number"])


@rule(
    "sales_add_address",
    m.roles.anyItem((item == "delivery") | (item == "invoice")),
    deployment="no_gab",
    implements=("S2.2-d", "S4.2-d"),
)
def address_role_refused_without_gab(sync: Sync, fact: Fact) -> None:
    """S2.2, S4.2 notes: "It is only possible to associate a role when creating an address on an account in Sales when the dual write GAB solution is deployed"."""
    sync.refuse(
        "an address role can only be chosen when the dual-write GAB solution is deployed",
        field="roles",
    )


@rule("sales_add_address", implements=("S2.2-a", "S4.2-a"))
def sales_address_added_on_addresses_tab(sync: Sync, fact: Fact) -> None:
    """S2.2, S4.2: "on the Addresses tab of the account, add a new address with the role of delivery"."""
    _refuse_no_sales_record(sync, fact["number"])
    sync.store.add_sales_address(fact["number"], fact["roles"], fact["address"])
    sync.emit(
        "sales.address_added",
        number=fact["number"],
        roles=fact["roles"],
        with_roles=bool(fact["roles"]),
        address=fact["address"],
    )


SALES_ADDRESS_WITH_ROLE = m.with_roles == True  # noqa: E712


@rule(
    "sales.address_added",
    SALES_ADDRESS_WITH_ROLE & TO_BUSINESS_RELATION,
    deployment="gab",
    implements=("S2.2-a", "S4.2-a"),
)
def sales_address_with_role_synced_to_scm_prospect_with_gab(sync: Sync, fact: Fact) -> None:
    """S2.2, S4.2 with GAB: "An address of role delivery and an address of role invoice is created in SCM and associated with the prospect"."""
    sync.store.add_scm_address("business_relation", fact["number"], fact["roles"], fact["address"])


@rule(
    "sales.address_added",
    SALES_ADDRESS_WITH_ROLE & TO_CUSTOMER_ACCOUNT,
    deployment="gab",
    implements=("S2.3-e", "S4.3-d"),
)
def sales_address_with_role_synced_to_scm_customer_account_with_gab(sync: Sync, fact: Fact) -> None:
    """S2.3 note: with GAB "delivery and invoice addresses already synchronized are associated with the customer account": so is one added afterwards."""
    sync.store.add_scm_address("customer", fact["number"], fact["roles"], fact["address"])


@rule(
    "sales.address_added",
    SALES_ADDRESS_WITH_ROLE & TO_NO_RECORD,
    deployment="gab",
    implements=(),
)
def sales_address_with_role_refused_without_scm_record(sync: Sync, fact: Fact) -> None:
    """S2.2 with GAB: "An address of role delivery and an address of role invoice is created in SCM and associated with the prospect": refused when SCM has no prospect or customer to associate it with."""
    _refuse_no_scm_record(sync, fact["number"])


@rule("sales.address_added", m.with_roles == False, implements=("S2.2-c", "S4.2-c"))  # noqa: E712
def sales_address_without_role_not_synced(sync: Sync, fact: Fact) -> None:
    """S2.2 note: "For addresses created on the account in Sales to synchronize to SCM, a role must be associated"."""


@rule("sales_set_summary_address", implements=("S2.2-b", "S4.2-b"))
def sales_summary_address_set(sync: Sync, fact: Fact) -> None:
    """S2.2, S4.2 without GAB: "on the Summary tab, add a delivery address and an invoice address"."""
    _refuse_no_sales_record(sync, fact["number"])
    sync.store.set_sales_summary_address(fact["number"], fact["slot"], fact["address"])
    sync.emit("sales.summary_address_set", number=fact["number"])


@rule(
    "sales.summary_address_set",
    implements=("S2.2-b", "S4.2-b", "S2.3-f", "S4.3-e"),
)
def sales_summary_addresses_not_synced_to_scm(sync: Sync, fact: Fact) -> None:
    """S2.2, S4.2: "It is intentional that no addresses are created in SCM and associated with the prospect"."""


@rule("sales_convert_account", UNKNOWN_CUSTOMER_GROUP, implements=("S2.3-c",))
def sales_account_conversion_refused_for_an_unknown_customer_group(sync: Sync, fact: Fact) -> None:
    """S2.3: "Select the appropriate Customer group": Sales offers the groups SCM has."""
    _refuse_unknown_customer_group(sync, fact["customer_group"])


@rule("sales_convert_account", m.prospect_account == False, implements=("S2.3-a",))  # noqa: E712
def sales_account_conversion_refused_for_a_non_prospect(sync: Sync, fact: Fact) -> None:
    """S2.3: "Change the relationship type to Customer": of an account of relationship type Prospect, refused for any other number."""
    sync.refuse(f"{fact['number']} is not an account of relationship type Prospect", field="number")


@rule("sales_convert_account", implements=("S2.3-a", "S2.3-b"))
def sales_account_relationship_type_changed_to_customer(sync: Sync, fact: Fact) -> None:
    """S2.3: "Change the relationship type to Customer. Select the appropriate Customer group"."""
    sync.store.update_sales_account(
        fact["number"], relationship_type="customer", customer_group=fact["customer_group"]
    )
    sync.emit(
        "sales.prospect_became_customer",
        number=fact["number"],
        customer_group=fact["customer_group"],
    )


@rule("sales.prospect_became_customer", implements=("S2.3-a", "S4.3-a"))
def scm_prospect_converted_with_group_chosen_in_sales(sync: Sync, fact: Fact) -> None:
    """S2.3, S4.3: "The business relation type for the prospect in SCM is changed from Prospect to Customer"."""
    request_conversion(sync, fact["number"], fact["customer_group"])


# -- Scenario 3: prospect of type person managed from SCM --------------------------------------


@rule("scm.prospect_created", PERSON & SALES_NUMBER_FREE, implements=("S3.1-b", "NUM-01"))
def scm_person_prospect_becomes_sales_prospect_contact(sync: Sync, fact: Fact) -> None:
    """S3.1: "The new prospect is created as a contact with the Is Prospect value set to Yes in Sales"."""
    sync.store.add_sales_prospect_contact(fact["number"], fact)


@rule("scm.contact_created", PERSON, deployment="gab", implements=("S3.2-b",))
def scm_person_contact_in_sales_contacts_for_party_with_gab(sync: Sync, fact: Fact) -> None:
    """S3.2 note: with GAB the contact is associated via the party relation, in the Contacts for Party tab."""
    contact = sync.store.add_sales_contact_person(fact)
    sync.store.link_sales_contact(contact, "contacts_for_party", fact["number"])


@rule("scm.prospect_converted", PERSON, implements=("S3.3-f",))
def sales_contact_becomes_customer(sync: Sync, fact: Fact) -> None:
    """S3.3: "The contact in Sales is changed from Is Prospect value Yes to No, and Is Customer value No to Yes"."""
    sync.store.update_sales_contact(
        fact["number"], is_prospect=0, is_customer=1, customer_group=fact["customer_group"]
    )


@rule("scm.customer_records_related", PERSON, implements=("S3.3-g",))
def person_customer_contacts_in_sales_associated_contacts(sync: Sync, fact: Fact) -> None:
    """S3.3: "The contact associated with the contact IS Customer Yes, can now be accessed from the Associated Contacts tab"."""
    store = sync.store
    for row in store.scm_contacts("customer", fact["account"]):
        # the Sales contact of this person that is not in the tab yet (two may share a name)
        existing = store.sales_contact_off_tab(fact["number"], row, "associated_contacts")
        contact = existing["id"] if existing else store.add_sales_contact_person(row)
        store.link_sales_contact(contact, "associated_contacts", fact["number"])


# -- Scenario 4: prospect of type person managed from Sales ------------------------------------


@rule("sales_create_prospect_contact", SALES_NUMBER_IN_USE, implements=("S4.1-a",))
def prospect_contact_refused_when_its_last_name_is_in_use(sync: Sync, fact: Fact) -> None:
    """S4.1: "with contact Last name as prospect ID": not when Sales has that number already."""
    sync.refuse(
        f"Sales has an account or contact numbered {fact['last_name']} already", field="number"
    )


@rule("sales_create_prospect_contact", SALES_NUMBER_FREE, implements=("S4.1-a",))
def sales_prospect_contact_numbered_by_last_name(sync: Sync, fact: Fact) -> None:
    """S4.1: "a new business relation type prospect (of type person) ... with contact Last name as prospect ID"."""
    create_sales_prospect_contact(sync, fact, number=fact["last_name"])


@rule("sales.prospect_contact_created", SCM_NUMBER_IN_USE, implements=("NUM-01",))
def sales_prospect_contact_refused_when_scm_has_its_number(sync: Sync, fact: Fact) -> None:
    """S4.1: "A new business relation type prospect (of type person) is created in SCM": not when SCM has the number."""
    _refuse_scm_number_in_use(sync, fact["number"])


@rule("sales.prospect_contact_created", SCM_NUMBER_FREE, implements=("S4.1-a", "NUM-01"))
def sales_prospect_contact_becomes_scm_person_prospect(sync: Sync, fact: Fact) -> None:
    """S4.1: "A new business relation type prospect (of type person) is created in SCM"."""
    names = names_of({"party_type": "person", **fact})
    sync.store.add_business_relation(fact["number"], "person", "prospect", names)


@rule("sales_convert_contact", UNKNOWN_CUSTOMER_GROUP, implements=("S4.3-c",))
def sales_contact_conversion_refused_for_an_unknown_customer_group(sync: Sync, fact: Fact) -> None:
    """S4.3: "Select the appropriate Customer group": Sales offers the groups SCM has."""
    _refuse_unknown_customer_group(sync, fact["customer_group"])


@rule("sales_convert_contact", m.prospect_contact == False, implements=("S4.3-a",))  # noqa: E712
def sales_contact_conversion_refused_for_a_non_prospect(sync: Sync, fact: Fact) -> None:
    """S4.3: "Change the IS Customer value from No to Yes": of a contact with Is Prospect Yes, refused for any other number."""
    sync.refuse(f"{fact['number']} is not a contact with Is Prospect set to Yes", field="number")


@rule("sales_convert_contact", implements=("S4.3-a", "S4.3-b"))
def sales_contact_is_customer_set_to_yes(sync: Sync, fact: Fact) -> None:
    """S4.3: "Change the IS Customer value from No to Yes. Select the appropriate Customer group"."""
    sync.store.update_sales_contact(
        fact["number"], is_customer=1, customer_group=fact["customer_group"]
    )
    sync.emit(
        "sales.prospect_became_customer",
        number=fact["number"],
        customer_group=fact["customer_group"],
    )


# -- Scenario 5: prospect on the sales quotation lifecycle from SCM ----------------------------


# A quotation whose account is not what its account type says: a prospect that is not retired, or
# a customer account.
FOR_NO_OPEN_PROSPECT = (m.account_type == "prospect") & (m.prospect_open == False)  # noqa: E712
FOR_NO_CUSTOMER_ACCOUNT = (m.account_type == "customer") & (m.customer_account_exists == False)  # noqa: E712


@rule("scm_create_quotation", FOR_NO_OPEN_PROSPECT, implements=())
def scm_quotation_refused_for_a_non_prospect(sync: Sync, fact: Fact) -> None:
    """S5.2: "Select account type Prospect and select the prospect": the adapter contract refuses a number that is no prospect of SCM's, or a retired one."""
    sync.refuse(f"{fact['account']} is not a prospect in SCM", field="account")


@rule("scm_create_quotation", FOR_NO_CUSTOMER_ACCOUNT, implements=())
def scm_quotation_refused_for_a_non_customer(sync: Sync, fact: Fact) -> None:
    """S5.2: "Create New quotation": of account type Customer, the adapter contract refuses a number that is no customer account of SCM's."""
    sync.refuse(f"{fact['account']} is not a customer account in SCM", field="account")


@rule("scm_create_quotation", implements=("S5.5-a",))
def scm_quotation_created_for_prospect(sync: Sync, fact: Fact) -> None:
    """S5.2: "Create New quotation. Select account type Prospect and select the prospect"."""
    store, account = sync.store, fact["account"]
    _refuse_unknown_items(sync, fact["lines"])
    number = _issued(
        sync, store.take_scm_number("sales_quotation"), "sales quotation number sequence"
    )
    store.add_scm_quotation(number, fact["account_type"], account, "scm", fact["lines"])
    sync.emit("scm.quotation_created", number=number, account=account, lines=fact["lines"])
    sync.reply(number=number)


@rule("scm.quotation_created", implements=("S5.5-c",))
def scm_quotation_synced_to_sales_quote(sync: Sync, fact: Fact) -> None:
    """S5.5: the quotation has a quote in Sales ("The sales quotation in Sales is updated to won")."""
    sync.store.add_sales_quote(fact["number"], fact["account"], fact["lines"])


@rule("scm_send_quotation", m.quotation_status == "confirmed", implements=())
def confirmed_quotation_not_sent(sync: Sync, fact: Fact) -> None:
    """S5.3: "Select Header ribbon action Quotation > Generate > Send quotation": of a quotation that is not confirmed yet."""
    sync.refuse(f"quotation {fact['quotation']} is confirmed: it cannot be sent", field="quotation")


@rule("scm_send_quotation", implements=())
def scm_quotation_sent(sync: Sync, fact: Fact) -> None:
    """S5.3: "Select Header ribbon action Quotation > Generate > Send quotation"."""
    _scm_quotation(sync, fact["quotation"])
    sync.store.update_scm_quotation(fact["quotation"], status="sent")
    sync.emit("scm.quotation_sent", number=fact["quotation"])


@rule("scm.quotation_sent", implements=())
def sales_quote_active_when_quotation_sent(sync: Sync, fact: Fact) -> None:
    """S5.3 states no result; the quote-to-cash integration pairs Sent in SCM with Active in Sales."""
    sync.store.update_sales_quote(fact["number"], status="active")


QUOTATION_FOR_A_CUSTOMER = m.quotation_account_type == "customer"


@rule("scm_convert_quotation_prospect", QUOTATION_FOR_A_CUSTOMER, implements=("S5.4-a",))
def quotation_for_a_customer_not_converted(sync: Sync, fact: Fact) -> None:
    """S5.4: "A customer account is created in SCM from the prospect": Convert to customer is for a quotation of a prospect."""
    sync.refuse(f"quotation {fact['quotation']} is not for a prospect", field="quotation")


@rule("scm_convert_quotation_prospect", implements=("S5.4-a", "S5.4-c"))
def scm_quotation_prospect_converted_to_customer(sync: Sync, fact: Fact) -> None:
    """S5.4: "Follow up > Modify > Convert to customer. It is intentional, that no dialogue is thrown": the quotation's prospect is converted, and the quotation is the customer account's."""
    quotation = _scm_quotation(sync, fact["quotation"])
    sync.store.update_scm_quotation(fact["quotation"], account_type="customer")
    request_conversion(sync, quotation["account"], sync.store.prospect_customer_group())
    sync.reply(customer_account=quotation["account"])


@rule(
    "scm_confirm_quotation",
    m.quotation_status == "confirmed",
    implements=("S5.5-a",),
)
def quotation_confirmed_only_once(sync: Sync, fact: Fact) -> None:
    """S5.5: "A sales order is created in SCM from the quotation confirmation": a quotation is confirmed once."""
    sync.refuse(f"quotation {fact['quotation']} is confirmed already", field="quotation")


@rule(
    "scm_confirm_quotation",
    m.quotation_account_type == "prospect",
    implements=("S5.5-a",),
)
def quotation_for_a_prospect_not_confirmed(sync: Sync, fact: Fact) -> None:
    """S5.4, S5.5: the quotation is converted to customer ("Convert to customer") before "A sales order is created in SCM from the quotation confirmation": a sales order needs a customer account."""
    sync.refuse(
        f"quotation {fact['quotation']} is for a prospect: a sales order needs a customer account",
        field="quotation",
    )


@rule("scm_confirm_quotation", implements=("S5.5-a",))
def scm_confirmed_quotation_creates_sales_order(sync: Sync, fact: Fact) -> None:
    """S5.5: "A sales order is created in SCM from the quotation confirmation"."""
    store = sync.store
    quotation = _scm_quotation(sync, fact["quotation"])
    number = _issued(sync, store.take_scm_number("sales_order"), "sales order number sequence")
    store.update_scm_quotation(fact["quotation"], status="confirmed")
    store.add_scm_sales_order(number, quotation["account"], fact["quotation"], lines_of(quotation))
    sync.emit(
        "scm.sales_order_created",
        number=number,
        customer=quotation["account"],
        quotation=fact["quotation"],
        lines=lines_of(quotation),
    )
    sync.emit("scm.quotation_confirmed", number=fact["quotation"])
    sync.reply(sales_order=number)


@rule("scm.sales_order_created", implements=("S5.5-b",))
def scm_sales_order_synced_to_sales(sync: Sync, fact: Fact) -> None:
    """S5.5: "The sales order is synchronized to Sales"."""
    quote = sync.store.sales_quote(fact["quotation"])
    sync.store.add_sales_order(
        fact["number"], fact["customer"], quote["number"] if quote else None, fact["lines"]
    )


@rule("scm.quotation_confirmed", implements=("S5.5-c",))
def sales_quote_won_when_quotation_confirmed(sync: Sync, fact: Fact) -> None:
    """S5.5: "The sales quotation in Sales is updated to won"."""
    sync.store.update_sales_quote(fact["number"], status="won")


# -- Scenario 6: prospect on the sales quotation lifecycle from Sales --------------------------


@rule("sales_create_quote", implements=("S6.3-f",))
def sales_quote_created_for_prospect_account(sync: Sync, fact: Fact) -> None:
    """S6.2: "Create a new quote, select the new account type prospect as potential customer"."""
    store = sync.store
    account = store.sales_account(fact["potential_customer"])
    if account is None:
        sync.refuse(
            f"Sales has no account numbered {fact['potential_customer']}",
            field="potential_customer",
        )
    _refuse_unknown_items(sync, fact["lines"])
    number = _issued(sync, store.take_sales_autonumber("quote"), "quote autonumber")
    store.add_sales_quote(number, fact["potential_customer"], fact["lines"])
    sync.emit(
        "sales.quote_created",
        number=number,
        account=fact["potential_customer"],
        account_type=account["relationship_type"],
        lines=fact["lines"],
    )
    sync.reply(number=number)


@rule("sales.quote_created", implements=("S6.3-e",))
def sales_quote_synced_to_scm_quotation(sync: Sync, fact: Fact) -> None:
    """S6.3: the quote has a sales quotation in SCM ("The sales quotation in SCM is processed to confirmed")."""
    sync.store.add_scm_quotation(
        fact["number"], fact["account_type"], fact["account"], "sales", fact["lines"]
    )


@rule("sales_lookup_ship_to_address", deployment="gab", implements=("S6.2-a",))
def quote_address_lookup_offers_delivery_addresses_with_gab(sync: Sync, fact: Fact) -> None:
    """S6.2 note: with GAB "use the address lookup to choose a delivery address by choosing ship to address"."""
    quote = _sales_quote(sync, fact["quote"])
    sync.reply(addresses=_delivery_addresses(sync.store, quote["potential_customer"]))


@rule("sales_lookup_ship_to_address", deployment="no_gab", implements=("S6.2-b",))
def quote_has_no_address_lookup_without_gab(sync: Sync, fact: Fact) -> None:
    """S6.2 note: "If the dual write GAB solution is not deployed, there is no address lookup"."""
    _sales_quote(sync, fact["quote"])
    sync.reply(addresses=None)


@rule(
    "sales_set_quote_ship_to",
    m.ship_to_offered == False,  # noqa: E712
    deployment="gab",
    implements=("S6.2-a",),
)
def quote_ship_to_refused_when_not_offered(sync: Sync, fact: Fact) -> None:
    """S6.2 note: "use the address lookup to choose a delivery address": one of the addresses it offers."""
    sync.refuse(
        "the address is not among the delivery addresses the lookup offers", field="address"
    )


@rule("sales_set_quote_ship_to", deployment="gab", implements=("S6.2-a",))
def quote_ship_to_chosen_from_address_lookup(sync: Sync, fact: Fact) -> None:
    """S6.2 note: "choose a delivery address by choosing ship to address in the Summary tab, Address section"."""
    _sales_quote(sync, fact["quote"])
    sync.store.set_sales_quote_ship_to(fact["quote"], address_of(fact["address"]))


@rule("sales_set_quote_ship_to", deployment="no_gab", implements=("S6.2-b",))
def quote_ship_to_refused_without_address_lookup(sync: Sync, fact: Fact) -> None:
    """S6.2 note: "If the dual write GAB solution is not deployed, there is no address lookup"."""
    sync.refuse(
        "there is no address lookup on a quote without the dual-write GAB solution", field="address"
    )


@rule("sales_activate_quote", m.quote_status != "draft", implements=())
def quote_activated_only_from_draft(sync: Sync, fact: Fact) -> None:
    """S6.3: "In Sales Activate the quote": a draft quote, not one that is active or won."""
    sync.refuse(
        f"quote {fact['quote']} is {fact['quote_status']}: only a draft quote can be activated",
        field="quote",
    )


@rule("sales_activate_quote", implements=())
def sales_quote_activated(sync: Sync, fact: Fact) -> None:
    """S6.3: "In Sales Activate the quote"."""
    _sales_quote(sync, fact["quote"])
    sync.store.update_sales_quote(fact["quote"], status="active")
    sync.emit("sales.quote_activated", number=fact["quote"])


@rule("sales.quote_activated", implements=())
def scm_quotation_sent_when_quote_activated(sync: Sync, fact: Fact) -> None:
    """S6.3 states no result here; the quote-to-cash integration pairs Active in Sales with Sent in SCM."""
    sync.store.update_scm_quotation(fact["number"], status="sent")


@rule("sales_create_order", m.quote_status != "active", implements=("S6.3-f",))
def order_refused_from_a_quote_not_active(sync: Sync, fact: Fact) -> None:
    """S6.3: "In Sales Activate the quote. Then select the action Create order": an order is created from an active quote."""
    sync.refuse(
        f"quote {fact['quote']} is {fact['quote_status']}: an order is created from an active quote",
        field="quote",
    )


@rule(
    "sales_create_order",
    m.relationship_type == "prospect",
    implements=("S6.3-a", "S6.3-b", "S6.3-d"),
)
def scm_prospect_converted_when_ordered_in_sales(sync: Sync, fact: Fact) -> None:
    """S6.3: "Customer group is defaulted into the process from SCM Sales and Marketing parameters": declared before the order is created, so that the customer account exists when the order reaches SCM."""
    request_conversion(sync, fact["potential_customer"], sync.store.prospect_customer_group())


@rule("sales_create_order", implements=("S6.3-f",))
def sales_order_created_from_active_quote(sync: Sync, fact: Fact) -> None:
    """S6.3: "Then select the action Create order"."""
    store = sync.store
    quote = _sales_quote(sync, fact["quote"])
    number = _issued(sync, store.take_sales_autonumber("order"), "order autonumber")
    store.add_sales_order(number, quote["potential_customer"], fact["quote"], lines_of(quote))
    sync.emit(
        "sales.order_created",
        number=number,
        customer=quote["potential_customer"],
        quote=fact["quote"],
        lines=lines_of(quote),
    )
    sync.reply(order=number)


@rule("sales.order_created", implements=())
def sales_quote_won_when_ordered(sync: Sync, fact: Fact) -> None:
    """S6.3 states no result for the Sales quote; an order created from it wins it, as in S5.5: "The sales quotation in Sales is updated to won"."""
    sync.store.update_sales_quote(fact["quote"], status="won")


@rule("sales.order_created", implements=("S6.3-e",))
def scm_quotation_confirmed_when_order_created_in_sales(sync: Sync, fact: Fact) -> None:
    """S6.3: "The sales quotation in SCM is processed to confirmed"."""
    sync.store.update_scm_quotation(fact["quote"], status="confirmed")


@rule("sales.order_created", implements=("S6.3-e",))
def scm_quotation_for_customer_when_order_created_in_sales(sync: Sync, fact: Fact) -> None:
    """S6.3: "The prospect in Dynamics 365 Supply Chain Management is retired and the type is changed from Prospect to Customer": its confirmed quotation is the customer account's."""
    sync.store.update_scm_quotation(fact["quote"], account_type="customer")


@rule("sales.order_created", m.customer_account_exists == False, implements=("S6.3-f",))  # noqa: E712
def sales_order_refused_in_scm_without_customer_account(sync: Sync, fact: Fact) -> None:
    """S6.3: "a customer account is created from the prospect" before "the sales order is synchronized from Sales and created in SCM": a sales order needs a customer account."""
    sync.refuse(
        f"{fact['customer']} is not a customer account in SCM: a sales order needs one",
        field="customer",
    )


@rule("sales.order_created", implements=("S6.3-f",))
def sales_order_synced_to_scm(sync: Sync, fact: Fact) -> None:
    """S6.3: "the sales order is synchronized from Sales and created in SCM"."""
    sync.store.add_scm_sales_order(fact["number"], fact["customer"], fact["quote"], fact["lines"])


# -- writes shared with the mutants, which vary one of their arguments -----------------------


def create_scm_prospect(
    sync: Sync, fact: Fact, number: str, relation_type: str = "prospect"
) -> None:
    """Insert the SCM business relation ``number`` the user asked for, and announce it."""
    names = names_of(fact)
    sync.store.add_business_relation(number, fact["party_type"], relation_type, names)
    sync.emit("scm.prospect_created", number=number, party_type=fact["party_type"], **names)
    sync.reply(number=number)


def create_sales_prospect_contact(sync: Sync, fact: Fact, *, number: str) -> None:
    """Insert the Sales contact with Is Prospect Yes the user created, numbered ``number``, and
    announce it."""
    sync.store.add_sales_prospect_contact(number, fact)
    sync.emit(
        "sales.prospect_contact_created",
        number=number,
        first_name=fact["first_name"],
        last_name=fact["last_name"],
    )
    sync.reply(number=number)


def create_customer(sync: Sync, fact: Fact, *, account: str, party_type: str | None = None) -> None:
    """The customer account of the prospect a conversion names, and its announcement."""
    store, number, group = sync.store, fact["number"], fact["customer_group"]
    relation = store.open_prospect(number)
    names = {key: relation[key] for key in ("name", "first_name", "last_name")}
    store.add_customer(account, party_type or relation["party_type"], names, group)
    sync.emit(
        "scm.prospect_converted",
        number=number,
        account=account,
        party_type=relation["party_type"],
        customer_group=group,
    )


def request_conversion(sync: Sync, number: str, customer_group: str) -> None:
    """Ask SCM to convert prospect ``number`` into a customer account of ``customer_group``."""
    sync.emit("scm.conversion_requested", number=number, customer_group=customer_group)


def sync_address_to_sales(sync: Sync, owner: str, roles: list[str], address: Any) -> None:
    """Hand an address with ``roles`` to Sales for account or contact ``owner``, where the rules
    on ``sales.address_synced`` place it. The change carries the address as the store keeps it,
    so that a mutant varying the rule that hands it on varies it as if that rule wrote it."""
    sync.emit("sales.address_synced", owner=owner, roles=stored_roles(roles), **address_of(address))


# -- lookups and refusals shared by the rules: a record's names, the refusals of a record or ----
# -- item that does not exist and of an exhausted sequence (the document decides nothing of these)


def names_of(fact: Fact) -> dict[str, Any]:
    """The name columns of a business relation or customer: a person's name is their first and
    last name."""
    if fact["party_type"] == "person":
        return {
            "name": f"{fact['first_name']} {fact['last_name']}",
            "first_name": fact["first_name"],
            "last_name": fact["last_name"],
        }
    return {"name": fact["name"], "first_name": None, "last_name": None}


def _add_scm_address(sync: Sync, fact: Fact, owner_kind: str, party_type: str) -> None:
    sync.store.add_scm_address(owner_kind, fact["number"], fact["roles"], fact["address"])
    sync.emit(
        "scm.address_added",
        number=fact["number"],
        owner_kind=owner_kind,
        party_type=party_type,
        roles=fact["roles"],
        address=fact["address"],
    )


def _add_scm_contact(sync: Sync, fact: Fact, owner_kind: str, party_type: str) -> None:
    sync.store.add_scm_contact(owner_kind, fact["number"], fact)
    sync.emit(
        "scm.contact_created",
        number=fact["number"],
        party_type=party_type,
        first_name=fact["first_name"],
        last_name=fact["last_name"],
    )


def _add_sales_contact_person(sync: Sync, fact: Fact, tab: str, owner_kind: str) -> None:
    contact = sync.store.add_sales_contact_person(fact)
    sync.store.link_sales_contact(contact, tab, fact["for_number"])
    sync.emit(
        "sales.contact_person_created",
        number=fact["for_number"],
        owner_kind=owner_kind,
        first_name=fact["first_name"],
        last_name=fact["last_name"],
    )


def _issued(sync: Sync, number: str | None, sequence: str) -> str:
    """``number`` as the number sequence or autonumber named ``sequence`` issued it: the action
    is refused when the sequence was exhausted (None)."""
    if number is None:
        sync.refuse(f"the {sequence} is exhausted", field="number")
    return number


def _refuse_no_scm_record(sync: Sync, number: str) -> None:
    sync.refuse(f"SCM has no prospect or customer numbered {number}", field="number")


def _refuse_no_sales_record(sync: Sync, number: str) -> None:
    if sync.store.sales_record_kind(number) is None:
        sync.refuse(f"Sales has no account or contact numbered {number}", field="number")


def _refuse_scm_number_in_use(sync: Sync, number: str) -> None:
    sync.refuse(f"SCM has a business relation numbered {number} already", field="number")


def _refuse_unknown_customer_group(sync: Sync, group: str) -> None:
    sync.refuse(f"customer group {group!r} does not exist", field="customer_group")


def _refuse_unknown_items(sync: Sync, lines: list[dict[str, Any]]) -> None:
    for index, line in enumerate(lines):
        if not sync.store.item_exists(line["item"]):
            sync.refuse(f"item {line['item']!r} does not exist", field=f"lines[{index}].item")


def _scm_quotation(sync: Sync, number: str) -> Any:
    quotation = sync.store.scm_quotation(number)
    if quotation is None:
        sync.refuse(f"SCM has no sales quotation numbered {number}", field="quotation")
    return quotation


def _sales_quote(sync: Sync, number: str) -> Any:
    quote = sync.store.sales_quote(number)
    if quote is None:
        sync.refuse(f"Sales has no quote numbered {number}", field="quote")
    return quote


def _delivery_addresses(store: Store, owner: str) -> list[dict[str, str]]:
    """The delivery addresses on the Addresses tab of account or contact ``owner``: what the
    address lookup of a quote for it offers."""
    rows = store.sales_addresses(owner, "addresses")
    return [address_of(row) for row in rows if "delivery" in roles_of(row)]
