"""The reference prospect-to-cash sync, one rule per documented behaviour.

Each rule is named after the behaviour it implements and cites, in the first line of its
docstring, the section and step of the source document ("Work with prospects in prospect-to-cash
with Dynamics 365 Sales", ``features/source_document.md``; S1.3 = Scenario 1, step 3), quoting it
verbatim but for the product names, shortened to Sales and SCM (a test checks every quotation).
Rules are in document order.

A rule reacts either to a user *action* (named like the adapter contract's action,
``scm_create_prospect``) or to a *change* another rule emitted (``scm.prospect_created``).
Conditions are durable-rules expressions over the change; a rule that holds in one deployment
only says which: ``deployment="gab"`` where the dual-write global address book (GAB) solution is
deployed, ``"no_gab"`` where it is not.

Where the document is silent the reference does nothing, and says so with a rule whose action is
empty: those non-behaviours are as much part of the specification as the behaviours.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from p2c_reference._durable import item, m
from p2c_reference._engine import Action, Deployment, Fact, Rule, Sync
from p2c_reference._store import Store, address_of, roles_of, stored_roles

RULES: dict[str, Rule] = {}


def rule(
    change: str, condition: Any = None, deployment: Deployment | None = None
) -> Callable[[Action], Action]:
    """Register the decorated function as the rule of that name: it reacts to ``change`` (a user
    action or a change another rule emitted) when ``condition`` holds of it; with a
    ``deployment``, only where the dual-write GAB solution is deployed (``"gab"``) or not
    (``"no_gab"``)."""

    def register(action: Action) -> Action:
        RULES[action.__name__] = Rule(action.__name__, change, condition, action, deployment)
        return action

    return register


ORGANIZATION = m.party_type == "organization"
PERSON = m.party_type == "person"


# -- Definition of a prospect, and leads -------------------------------------------------------


@rule("sales_create_lead")
def sales_lead_created(sync: Sync, fact: Fact) -> None:
    """Definition: a lead is created in Sales."""
    sync.store.insert("sales_lead", **_pick(fact, "topic", "company", "first_name", "last_name"))
    sync.emit("sales.lead_created")


@rule("sales.lead_created")
def leads_are_not_integrated(sync: Sync, fact: Fact) -> None:
    """Definition: "leads are completely different from prospects": nothing reaches SCM."""


# -- Scenario 1: prospect of type organization managed from SCM --------------------------------


@rule("scm_create_prospect")
def scm_prospect_numbered_from_prospect_sequence(sync: Sync, fact: Fact) -> None:
    """S1.1, S3.1: "The new prospect is created using the number sequence setup for the prospect"."""
    store = sync.store
    number = store.take_number("scm_number_sequence", "prospect")
    if number is None:
        sync.refuse("the prospect number sequence is exhausted", field="number")
    if _business_relation(store, number) is not None:
        sync.refuse(
            f"business relation {number} exists already: the prospect number sequence "
            "issued a number that is in use",
            field="number",
        )
    create_scm_prospect(sync, fact, number)


@rule("scm.prospect_created", ORGANIZATION)
def scm_organization_prospect_becomes_sales_prospect_account(sync: Sync, fact: Fact) -> None:
    """S1.1: "A new account of relationship type Prospect is created in Sales with same account number"."""
    _refuse_taken_sales_number(sync, fact["number"])
    sync.store.insert(
        "sales_account", number=fact["number"], name=fact["name"], relationship_type="prospect"
    )


@rule("scm_add_address")
def scm_address_added(sync: Sync, fact: Fact) -> None:
    """S1.2, S3.2: "Add an address of role delivery to the prospect. Add an address of role invoice"."""
    owner_kind, owner = _scm_owner(sync, fact["number"])
    sync.store.insert(
        "scm_address",
        owner_kind=owner_kind,
        owner=fact["number"],
        roles=stored_roles(fact["roles"]),
        **address_of(fact["address"]),
    )
    sync.emit(
        "scm.address_added",
        number=fact["number"],
        owner_kind=owner_kind,
        party_type=owner["party_type"],
        roles=fact["roles"],
        delivery="delivery" in fact["roles"],
        invoice="invoice" in fact["roles"],
        address=fact["address"],
    )


@rule("scm.address_added", ((m.delivery == True) | (m.invoice == True)), deployment="gab")  # noqa: E712
def scm_address_synced_to_sales_with_gab(sync: Sync, fact: Fact) -> None:
    """S1.2, S3.2 notes: with the GAB solution "both the delivery address and invoice address is created in Sales"."""
    _add_sales_address(sync, fact["number"], fact["roles"], fact["address"])


@rule("scm.address_added", (m.delivery == True), deployment="no_gab")  # noqa: E712
def scm_delivery_address_synced_to_sales_without_gab(sync: Sync, fact: Fact) -> None:
    """S1.2, S3.2 notes: without the GAB solution "only the delivery address" is created in Sales."""
    _add_sales_address(sync, fact["number"], ["delivery"], fact["address"])


@rule(
    "scm.address_added",
    (m.invoice == True) & (m.owner_kind == "business_relation"),  # noqa: E712
    deployment="no_gab",
)
def scm_prospect_invoice_address_not_synced_without_gab(sync: Sync, fact: Fact) -> None:
    """S1.2, S3.2 notes: without the GAB solution "only the delivery address" is created in Sales."""


@rule("scm_create_contact")
def scm_contact_person_created(sync: Sync, fact: Fact) -> None:
    """S1.2, S3.2: "Create a new contact for the prospect"."""
    owner_kind, owner = _scm_owner(sync, fact["number"])
    person = _pick(fact, "first_name", "last_name")
    sync.store.insert("scm_contact", owner_kind=owner_kind, owner=fact["number"], **person)
    sync.emit(
        "scm.contact_created", number=fact["number"], party_type=owner["party_type"], **person
    )


@rule("scm.contact_created", ORGANIZATION, deployment="gab")
def scm_contact_in_sales_associated_contacts_with_gab(sync: Sync, fact: Fact) -> None:
    """S1.2 note: with the GAB solution the contact surfaces in the Associated contacts tab."""
    contact = _new_sales_contact_person(sync.store, fact)
    _link_sales_contact(sync.store, contact, "associated_contacts", fact["number"])


@rule("scm.contact_created", ORGANIZATION, deployment="no_gab")
def scm_contact_is_sales_primary_contact_without_gab(sync: Sync, fact: Fact) -> None:
    """S1.2 note: without the GAB solution the contact is the Summary tab's primary contact."""
    contact = _new_sales_contact_person(sync.store, fact)
    sync.store.update("sales_account", {"number": fact["number"]}, primary_contact=contact)


@rule("scm_convert_prospect")
def scm_prospect_converted_from_all_prospects(sync: Sync, fact: Fact) -> None:
    """S1.3, S3.3: "select header ribbon action General > Convert > Convert to customer"."""
    # S1.3: "It is intentional that it cannot be changed in the converting process."
    if fact.get("customer_account", fact["number"]) != fact["number"]:
        sync.refuse(
            "the customer account number cannot be changed in the converting process: "
            f"it is the prospect number {fact['number']}",
            field="customer_account",
        )
    sync.emit(
        "scm.conversion_requested",
        number=fact["number"],
        customer_group=_prospect_customer_group(sync),
    )
    sync.reply(customer_account=fact["number"])


@rule("scm.conversion_requested")
def conversion_refused_for_a_non_prospect(sync: Sync, fact: Fact) -> None:
    """S1.3: "The prospect in Dynamics 365 Supply Chain Management is retired": it is converted once."""
    if not _open_prospect(sync.store, fact["number"]):
        sync.refuse(
            f"{fact['number']} is not a prospect: only a prospect can be converted to a customer",
            field="number",
        )


@rule("scm.conversion_requested")
def conversion_refused_when_the_customer_account_exists(sync: Sync, fact: Fact) -> None:
    """Number sequences: "If number sequences overlap, conflicts can occur when converting a prospect to a customer account disallowing the prospect to be converted"."""
    if _customer(sync.store, fact["number"]) is not None:
        sync.refuse(
            f"customer account {fact['number']} exists already: the prospect and customer "
            "number sequences overlap",
            field="number",
        )


@rule("scm.conversion_requested")
def conversion_refused_for_an_unknown_customer_group(sync: Sync, fact: Fact) -> None:
    """S1.3: "Customer group is defaulted into the process"; the group must exist in SCM."""
    _refuse_unknown_customer_group(sync, fact["customer_group"])


@rule("scm.conversion_requested")
def scm_customer_created_with_prospect_number(sync: Sync, fact: Fact) -> None:
    """S1.3: "Customer account number is the same as prospect irrespective of customer number sequence"."""
    create_customer(sync, fact, account=fact["number"])


@rule("scm.prospect_converted")
def scm_prospect_retired_as_customer(sync: Sync, fact: Fact) -> None:
    """S1.3: "The prospect in SCM is retired and the relationship type is changed from Prospect to Customer"."""
    sync.store.update(
        "scm_business_relation", {"number": fact["number"]}, relation_type="customer", retired=1
    )


@rule("scm.prospect_converted")
def scm_addresses_and_contacts_related_to_new_customer(sync: Sync, fact: Fact) -> None:
    """S1.3: "Addresses and contacts in SCM are related to the new customer account created"."""
    store = sync.store
    for table in ("scm_address", "scm_contact"):
        for row in store.all(
            f"SELECT * FROM {table} WHERE owner_kind = 'business_relation'"
            " AND owner = ? ORDER BY id",
            fact["number"],
        ):
            values = {
                key: row[key]
                for key in row.keys()  # noqa: SIM118 - a sqlite3.Row
                if key not in ("id", "party_record", "owner_kind", "owner")
            }
            # the same address or contact, now related to the customer too: the same identity
            store.insert(
                table,
                party_record=row["party_record"] or row["id"],
                owner_kind="customer",
                owner=fact["account"],
                **values,
            )
    sync.emit("scm.customer_records_related", **_pick(fact, "number", "account", "party_type"))


@rule("scm.prospect_converted", ORGANIZATION)
def sales_account_becomes_customer(sync: Sync, fact: Fact) -> None:
    """S1.3, S5.4: "The account of relationship type Prospect in Sales is changed to account relationship type customer"."""
    sync.store.update(
        "sales_account",
        {"number": fact["number"]},
        relationship_type="customer",
        customer_group=fact["customer_group"],
    )


@rule("scm.customer_records_related", ORGANIZATION, deployment="no_gab")
def invoice_address_synced_from_new_customer_without_gab(sync: Sync, fact: Fact) -> None:
    """S1.3 note: without GAB "the address of type invoice is synchronized from the newly created customer account"."""
    for row in sync.store.all(
        "SELECT * FROM scm_address WHERE owner_kind = 'customer' AND owner = ? ORDER BY id",
        fact["account"],
    ):
        if "invoice" in roles_of(row):
            _add_sales_address(sync, fact["number"], ["invoice"], address_of(row))


# -- Scenario 2: prospect as account managed from Sales ----------------------------------------


@rule("sales_create_prospect_account")
def sales_prospect_account_created_with_user_number(sync: Sync, fact: Fact) -> None:
    """S2.1: "A new prospect is created with the account number selected by the user"."""
    _refuse_taken_sales_number(sync, fact["number"])
    sync.store.insert(
        "sales_account", number=fact["number"], name=fact["name"], relationship_type="prospect"
    )
    sync.emit("sales.prospect_account_created", number=fact["number"], name=fact["name"])


@rule("sales.prospect_account_created")
def sales_prospect_account_becomes_scm_organization_prospect(sync: Sync, fact: Fact) -> None:
    """S2.1: "A new business relation type Prospect (of type organization) is created in SCM with same number"."""
    _insert_scm_prospect(sync, fact["number"], "organization", {"name": fact["name"]})


@rule("sales_create_contact")
def sales_contact_person_created(sync: Sync, fact: Fact) -> None:
    """S2.1, S4.1: "Create a new contact for the prospect" (S4.1: "from the Contacts for Party tab")."""
    store = sync.store
    owner_kind = _sales_owner_kind(store, fact["for_number"])
    if owner_kind is None:
        sync.refuse(
            f"Sales has no account or contact numbered {fact['for_number']}", field="for_number"
        )
    contact = _new_sales_contact_person(store, fact)
    tab = "associated_contacts" if owner_kind == "account" else "contacts_for_party"
    _link_sales_contact(store, contact, tab, fact["for_number"])
    sync.emit(
        "sales.contact_person_created",
        number=fact["for_number"],
        owner_kind=owner_kind,
        **_pick(fact, "first_name", "last_name"),
    )


@rule("sales.contact_person_created", (m.owner_kind == "account"))
def sales_account_contact_synced_to_scm_prospect(sync: Sync, fact: Fact) -> None:
    """S2.1: "A contact is created in SCM and associated with the prospect"."""
    owner_kind, _ = _scm_owner(sync, fact["number"])
    sync.store.insert(
        "scm_contact",
        owner_kind=owner_kind,
        owner=fact["number"],
        **_pick(fact, "first_name", "last_name"),
    )


@rule(
    "sales_add_address",
    m.roles.anyItem((item == "delivery") | (item == "invoice")),
    deployment="no_gab",
)
def address_role_refused_without_gab(sync: Sync, fact: Fact) -> None:
    """S2.2, S4.2 notes: "It is only possible to associate a role when creating an address on an account in Sales when the dual write GAB solution is deployed"."""
    sync.refuse(
        "an address role can only be chosen when the dual-write GAB solution is deployed",
        field="roles",
    )


@rule("sales_add_address")
def sales_address_added_on_addresses_tab(sync: Sync, fact: Fact) -> None:
    """S2.2, S4.2: "on the Addresses tab of the account, add a new address with the role of delivery"."""
    if _sales_owner_kind(sync.store, fact["number"]) is None:
        sync.refuse(f"Sales has no account or contact numbered {fact['number']}", field="number")
    sync.store.insert(
        "sales_address",
        owner=fact["number"],
        tab="addresses",
        roles=stored_roles(fact["roles"]),
        **address_of(fact["address"]),
    )
    sync.emit(
        "sales.address_added",
        number=fact["number"],
        roles=fact["roles"],
        with_roles=bool(fact["roles"]),
        address=fact["address"],
    )


@rule("sales.address_added", (m.with_roles == True), deployment="gab")  # noqa: E712
def sales_address_with_role_synced_to_scm_with_gab(sync: Sync, fact: Fact) -> None:
    """S2.2, S4.2 with GAB: "An address of role delivery and an address of role invoice is created in SCM"."""
    owner_kind, _ = _scm_owner(sync, fact["number"])
    sync.store.insert(
        "scm_address",
        owner_kind=owner_kind,
        owner=fact["number"],
        roles=stored_roles(fact["roles"]),
        **address_of(fact["address"]),
    )


@rule("sales.address_added", (m.with_roles == False))  # noqa: E712
def sales_address_without_role_not_synced(sync: Sync, fact: Fact) -> None:
    """S2.2 note: "For addresses created on the account in Sales to synchronize to SCM, a role must be associated"."""


@rule("sales_set_summary_address")
def sales_summary_address_set(sync: Sync, fact: Fact) -> None:
    """S2.2, S4.2 without GAB: "on the Summary tab, add a delivery address and an invoice address"."""
    if _sales_owner_kind(sync.store, fact["number"]) is None:
        sync.refuse(f"Sales has no account or contact numbered {fact['number']}", field="number")
    _add_sales_address(sync, fact["number"], [fact["slot"]], fact["address"], tab="summary")
    sync.emit("sales.summary_address_set", number=fact["number"])


@rule("sales.summary_address_set")
def sales_summary_addresses_not_synced_to_scm(sync: Sync, fact: Fact) -> None:
    """S2.2, S4.2: "It is intentional that no addresses are created in SCM and associated with the prospect"."""


@rule("sales_convert_account")
def sales_account_relationship_type_changed_to_customer(sync: Sync, fact: Fact) -> None:
    """S2.3: "Change the relationship type to Customer. Select the appropriate Customer group"."""
    store = sync.store
    account = store.one("SELECT * FROM sales_account WHERE number = ?", fact["number"])
    if account is None or account["relationship_type"] != "prospect":
        sync.refuse(
            f"{fact['number']} is not an account of relationship type Prospect", field="number"
        )
    _refuse_unknown_customer_group(sync, fact["customer_group"])
    store.update(
        "sales_account",
        {"number": fact["number"]},
        relationship_type="customer",
        customer_group=fact["customer_group"],
    )
    sync.emit(
        "sales.prospect_became_customer",
        number=fact["number"],
        customer_group=fact["customer_group"],
    )


@rule("sales.prospect_became_customer")
def scm_prospect_converted_with_group_chosen_in_sales(sync: Sync, fact: Fact) -> None:
    """S2.3, S4.3: "The business relation type for the prospect in SCM is changed from Prospect to Customer"."""
    sync.emit(
        "scm.conversion_requested", number=fact["number"], customer_group=fact["customer_group"]
    )


# -- Scenario 3: prospect of type person managed from SCM --------------------------------------


@rule("scm.prospect_created", PERSON)
def scm_person_prospect_becomes_sales_prospect_contact(sync: Sync, fact: Fact) -> None:
    """S3.1: "The new prospect is created as a contact with the Is Prospect value set to Yes in Sales"."""
    _refuse_taken_sales_number(sync, fact["number"])
    sync.store.insert(
        "sales_contact",
        number=fact["number"],
        first_name=fact["first_name"],
        last_name=fact["last_name"],
        is_prospect=1,
        is_customer=0,
    )


@rule("scm.contact_created", PERSON, deployment="gab")
def scm_person_contact_in_sales_contacts_for_party_with_gab(sync: Sync, fact: Fact) -> None:
    """S3.2 note: with GAB the contact is associated via the party relation, in the Contacts for Party tab."""
    contact = _new_sales_contact_person(sync.store, fact)
    _link_sales_contact(sync.store, contact, "contacts_for_party", fact["number"])


@rule("scm.prospect_converted", PERSON)
def sales_contact_becomes_customer(sync: Sync, fact: Fact) -> None:
    """S3.3: "The contact in Sales is changed from Is Prospect value Yes to No, and Is Customer value No to Yes"."""
    sync.store.update(
        "sales_contact",
        {"number": fact["number"]},
        is_prospect=0,
        is_customer=1,
        customer_group=fact["customer_group"],
    )


@rule("scm.customer_records_related", PERSON)
def person_customer_contacts_in_sales_associated_contacts(sync: Sync, fact: Fact) -> None:
    """S3.3: "The contact associated with the contact IS Customer Yes, can now be accessed from the Associated Contacts tab"."""
    store = sync.store
    for row in store.all(
        "SELECT * FROM scm_contact WHERE owner_kind = 'customer' AND owner = ? ORDER BY id",
        fact["account"],
    ):
        # the Sales contact of this person that is not in the tab yet (two may share a name)
        existing = store.one(
            "SELECT c.id FROM sales_contact c JOIN sales_contact_link l ON l.contact = c.id"
            " WHERE l.owner = ? AND c.first_name = ? AND c.last_name = ? AND c.id NOT IN"
            " (SELECT contact FROM sales_contact_link WHERE owner = ? AND tab = ?)",
            fact["number"],
            row["first_name"],
            row["last_name"],
            fact["number"],
            "associated_contacts",
        )
        contact = existing["id"] if existing else _new_sales_contact_person(store, row)
        _link_sales_contact(store, contact, "associated_contacts", fact["number"])


# -- Scenario 4: prospect of type person managed from Sales ------------------------------------


@rule("sales_create_prospect_contact")
def sales_prospect_contact_numbered_by_last_name(sync: Sync, fact: Fact) -> None:
    """S4.1: "a new business relation type prospect (of type person) ... with contact Last name as prospect ID"."""
    _refuse_taken_sales_number(sync, fact["last_name"])
    create_sales_prospect_contact(sync, fact, number=fact["last_name"])


@rule("sales.prospect_contact_created")
def sales_prospect_contact_becomes_scm_person_prospect(sync: Sync, fact: Fact) -> None:
    """S4.1: "A new business relation type prospect (of type person) is created in SCM"."""
    _insert_scm_prospect(sync, fact["number"], "person", _names({"party_type": "person", **fact}))


@rule("sales_convert_contact")
def sales_contact_is_customer_set_to_yes(sync: Sync, fact: Fact) -> None:
    """S4.3: "Change the IS Customer value from No to Yes. Select the appropriate Customer group"."""
    store = sync.store
    contact = store.one("SELECT * FROM sales_contact WHERE number = ?", fact["number"])
    if contact is None or not contact["is_prospect"]:
        sync.refuse(
            f"{fact['number']} is not a contact with Is Prospect set to Yes", field="number"
        )
    _refuse_unknown_customer_group(sync, fact["customer_group"])
    store.update(
        "sales_contact",
        {"number": fact["number"]},
        is_customer=1,
        customer_group=fact["customer_group"],
    )
    sync.emit(
        "sales.prospect_became_customer",
        number=fact["number"],
        customer_group=fact["customer_group"],
    )


# -- Scenario 5: prospect on the sales quotation lifecycle from SCM ----------------------------


@rule("scm_create_quotation")
def scm_quotation_created_for_prospect(sync: Sync, fact: Fact) -> None:
    """S5.2: "Create New quotation. Select account type Prospect and select the prospect"."""
    store, account = sync.store, fact["account"]
    if fact["account_type"] == "prospect":
        if _open_prospect(store, account) is None:
            sync.refuse(f"{account} is not a prospect in SCM", field="account")
    elif _customer(store, account) is None:
        sync.refuse(f"{account} is not a customer account in SCM", field="account")
    _refuse_unknown_items(sync, fact["lines"])
    number = store.take_number("scm_number_sequence", "sales_quotation")
    if number is None:
        sync.refuse("the sales quotation number sequence is exhausted", field="number")
    store.insert(
        "scm_quotation",
        number=number,
        account_type=fact["account_type"],
        account=account,
        status="created",
        origin="scm",
        lines=json.dumps(fact["lines"]),
    )
    sync.emit("scm.quotation_created", number=number, account=account, lines=fact["lines"])
    sync.reply(number=number)


@rule("scm.quotation_created")
def scm_quotation_synced_to_sales_quote(sync: Sync, fact: Fact) -> None:
    """S5.5: the quotation has a quote in Sales ("The sales quotation in Sales is updated to won")."""
    sync.store.insert(
        "sales_quote",
        number=fact["number"],
        potential_customer=fact["account"],
        status="draft",
        lines=json.dumps(fact["lines"]),
    )


@rule("scm_send_quotation")
def scm_quotation_sent(sync: Sync, fact: Fact) -> None:
    """S5.3: "Select Header ribbon action Quotation > Generate > Send quotation"."""
    quotation = _scm_quotation(sync, fact["quotation"])
    if quotation["status"] not in ("created", "sent"):
        sync.refuse(
            f"quotation {fact['quotation']} is {quotation['status']}: it cannot be sent",
            field="quotation",
        )
    sync.store.update("scm_quotation", {"number": fact["quotation"]}, status="sent")
    sync.emit("scm.quotation_sent", number=fact["quotation"])


@rule("scm.quotation_sent")
def sales_quote_active_when_quotation_sent(sync: Sync, fact: Fact) -> None:
    """S5.3 states no result; the quote-to-cash integration pairs Sent in SCM with Active in Sales."""
    sync.store.update("sales_quote", {"number": fact["number"]}, status="active")


@rule("scm_convert_quotation_prospect")
def scm_quotation_prospect_converted_to_customer(sync: Sync, fact: Fact) -> None:
    """S5.4: "Follow up > Modify > Convert to customer. It is intentional, that no dialogue is thrown"."""
    quotation = _scm_quotation(sync, fact["quotation"])
    if quotation["account_type"] != "prospect":
        sync.refuse(f"quotation {fact['quotation']} is not for a prospect", field="quotation")
    sync.store.update("scm_quotation", {"number": fact["quotation"]}, account_type="customer")
    sync.emit(
        "scm.conversion_requested",
        number=quotation["account"],
        customer_group=_prospect_customer_group(sync),
    )
    sync.reply(customer_account=quotation["account"])


@rule("scm_confirm_quotation")
def scm_confirmed_quotation_creates_sales_order(sync: Sync, fact: Fact) -> None:
    """S5.5: "A sales order is created in SCM from the quotation confirmation"."""
    store = sync.store
    quotation = _scm_quotation(sync, fact["quotation"])
    if quotation["status"] == "confirmed":
        sync.refuse(f"quotation {fact['quotation']} is confirmed already", field="quotation")
    if quotation["account_type"] != "customer":
        sync.refuse(
            f"quotation {fact['quotation']} is for prospect {quotation['account']}: "
            "a sales order needs a customer account",
            field="quotation",
        )
    number = store.take_number("scm_number_sequence", "sales_order")
    if number is None:
        sync.refuse("the sales order number sequence is exhausted", field="number")
    store.update("scm_quotation", {"number": fact["quotation"]}, status="confirmed")
    store.insert(
        "scm_sales_order",
        number=number,
        customer_account=quotation["account"],
        quotation=fact["quotation"],
        lines=quotation["lines"],
    )
    sync.emit(
        "scm.sales_order_created",
        number=number,
        customer=quotation["account"],
        quotation=fact["quotation"],
        lines=json.loads(quotation["lines"]),
    )
    sync.emit("scm.quotation_confirmed", number=fact["quotation"])
    sync.reply(sales_order=number)


@rule("scm.sales_order_created")
def scm_sales_order_synced_to_sales(sync: Sync, fact: Fact) -> None:
    """S5.5: "The sales order is synchronized to Sales"."""
    quote = sync.store.one("SELECT number FROM sales_quote WHERE number = ?", fact["quotation"])
    sync.store.insert(
        "sales_order",
        number=fact["number"],
        customer=fact["customer"],
        quote=quote["number"] if quote else None,
        lines=json.dumps(fact["lines"]),
    )


@rule("scm.quotation_confirmed")
def sales_quote_won_when_quotation_confirmed(sync: Sync, fact: Fact) -> None:
    """S5.5: "The sales quotation in Sales is updated to won"."""
    sync.store.update("sales_quote", {"number": fact["number"]}, status="won")


# -- Scenario 6: prospect on the sales quotation lifecycle from Sales --------------------------


@rule("sales_create_quote")
def sales_quote_created_for_prospect_account(sync: Sync, fact: Fact) -> None:
    """S6.2: "Create a new quote, select the new account type prospect as potential customer"."""
    store = sync.store
    account = store.one("SELECT * FROM sales_account WHERE number = ?", fact["potential_customer"])
    if account is None:
        sync.refuse(
            f"Sales has no account numbered {fact['potential_customer']}",
            field="potential_customer",
        )
    _refuse_unknown_items(sync, fact["lines"])
    number = store.take_number("sales_autonumber", "quote")
    if number is None:
        sync.refuse("the quote autonumber is exhausted", field="number")
    store.insert(
        "sales_quote",
        number=number,
        potential_customer=fact["potential_customer"],
        status="draft",
        lines=json.dumps(fact["lines"]),
    )
    sync.emit(
        "sales.quote_created",
        number=number,
        account=fact["potential_customer"],
        account_type=account["relationship_type"],
        lines=fact["lines"],
    )
    sync.reply(number=number)


@rule("sales.quote_created")
def sales_quote_synced_to_scm_quotation(sync: Sync, fact: Fact) -> None:
    """S6.3: the quote has a sales quotation in SCM ("The sales quotation in SCM is processed to confirmed")."""
    sync.store.insert(
        "scm_quotation",
        number=fact["number"],
        account_type=fact["account_type"],
        account=fact["account"],
        status="created",
        origin="sales",
        lines=json.dumps(fact["lines"]),
    )


@rule("sales_lookup_ship_to_address", deployment="gab")
def quote_address_lookup_offers_delivery_addresses_with_gab(sync: Sync, fact: Fact) -> None:
    """S6.2 note: with GAB "use the address lookup to choose a delivery address by choosing ship to address"."""
    sync.reply(addresses=_ship_to_options(sync, fact["quote"]))


@rule("sales_lookup_ship_to_address", deployment="no_gab")
def quote_has_no_address_lookup_without_gab(sync: Sync, fact: Fact) -> None:
    """S6.2 note: "If the dual write GAB solution is not deployed, there is no address lookup"."""
    _sales_quote(sync, fact["quote"])
    sync.reply(addresses=None)


@rule("sales_set_quote_ship_to", deployment="gab")
def quote_ship_to_chosen_from_address_lookup(sync: Sync, fact: Fact) -> None:
    """S6.2 note: "choose a delivery address by choosing ship to address in the Summary tab, Address section"."""
    address = address_of(fact["address"])
    if address not in _ship_to_options(sync, fact["quote"]):
        sync.refuse(
            "the address is not among the delivery addresses the lookup offers", field="address"
        )
    sync.store.update("sales_quote", {"number": fact["quote"]}, ship_to=json.dumps(address))


@rule("sales_set_quote_ship_to", deployment="no_gab")
def quote_ship_to_refused_without_address_lookup(sync: Sync, fact: Fact) -> None:
    """S6.2 note: "If the dual write GAB solution is not deployed, there is no address lookup"."""
    sync.refuse(
        "there is no address lookup on a quote without the dual-write GAB solution", field="address"
    )


@rule("sales_activate_quote")
def sales_quote_activated(sync: Sync, fact: Fact) -> None:
    """S6.3: "In Sales Activate the quote"."""
    quote = _sales_quote(sync, fact["quote"])
    if quote["status"] != "draft":
        sync.refuse(
            f"quote {fact['quote']} is {quote['status']}: only a draft quote can be activated",
            field="quote",
        )
    sync.store.update("sales_quote", {"number": fact["quote"]}, status="active")
    sync.emit("sales.quote_activated", number=fact["quote"])


@rule("sales.quote_activated")
def scm_quotation_sent_when_quote_activated(sync: Sync, fact: Fact) -> None:
    """S6.3 states no result here; the quote-to-cash integration pairs Active in Sales with Sent in SCM."""
    sync.store.update("scm_quotation", {"number": fact["number"]}, status="sent")


@rule("sales_create_order")
def sales_order_created_from_active_quote(sync: Sync, fact: Fact) -> None:
    """S6.3: "Then select the action Create order"."""
    store = sync.store
    quote = _sales_quote(sync, fact["quote"])
    if quote["status"] != "active":
        sync.refuse(
            f"quote {fact['quote']} is {quote['status']}: an order is created from an active quote",
            field="quote",
        )
    account = store.one("SELECT * FROM sales_account WHERE number = ?", quote["potential_customer"])
    if account["relationship_type"] == "prospect":
        # emitted first, so that the customer exists when the order reaches SCM
        sync.emit("sales.prospect_ordered", number=account["number"])
    number = store.take_number("sales_autonumber", "order")
    if number is None:
        sync.refuse("the order autonumber is exhausted", field="number")
    store.insert(
        "sales_order",
        number=number,
        customer=account["number"],
        quote=fact["quote"],
        lines=quote["lines"],
    )
    store.update("sales_quote", {"number": fact["quote"]}, status="won")
    sync.emit(
        "sales.order_created",
        number=number,
        customer=account["number"],
        quote=fact["quote"],
        lines=json.loads(quote["lines"]),
    )
    sync.reply(order=number)


@rule("sales.prospect_ordered")
def scm_prospect_converted_when_ordered_in_sales(sync: Sync, fact: Fact) -> None:
    """S6.3: "Customer group is defaulted into the process from SCM Sales and Marketing parameters"."""
    sync.emit(
        "scm.conversion_requested",
        number=fact["number"],
        customer_group=_prospect_customer_group(sync),
    )


@rule("sales.order_created")
def scm_quotation_confirmed_when_order_created_in_sales(sync: Sync, fact: Fact) -> None:
    """S6.3: "The sales quotation in SCM is processed to confirmed"."""
    sync.store.update(
        "scm_quotation", {"number": fact["quote"]}, status="confirmed", account_type="customer"
    )


@rule("sales.order_created")
def sales_order_synced_to_scm(sync: Sync, fact: Fact) -> None:
    """S6.3: "the sales order is synchronized from Sales and created in SCM"."""
    if _customer(sync.store, fact["customer"]) is None:
        sync.refuse(
            f"{fact['customer']} is not a customer account in SCM: a sales order needs one",
            field="customer",
        )
    sync.store.insert(
        "scm_sales_order",
        number=fact["number"],
        customer_account=fact["customer"],
        quotation=fact["quote"],
        lines=json.dumps(fact["lines"]),
    )


# -- writes shared with the mutants, which vary one of their arguments -----------------------


def create_scm_prospect(
    sync: Sync, fact: Fact, number: str, relation_type: str = "prospect"
) -> None:
    """Insert the SCM business relation ``number`` the user asked for, and announce it."""
    names = _names(fact)
    sync.store.insert(
        "scm_business_relation",
        number=number,
        party_type=fact["party_type"],
        relation_type=relation_type,
        **names,
    )
    sync.emit("scm.prospect_created", number=number, party_type=fact["party_type"], **names)
    sync.reply(number=number)


def create_sales_prospect_contact(sync: Sync, fact: Fact, *, number: str) -> None:
    """Insert the Sales contact with Is Prospect Yes the user created, numbered ``number``, and
    announce it."""
    person = _pick(fact, "first_name", "last_name")
    sync.store.insert("sales_contact", number=number, is_prospect=1, is_customer=0, **person)
    sync.emit("sales.prospect_contact_created", number=number, **person)
    sync.reply(number=number)


def create_customer(sync: Sync, fact: Fact, *, account: str, party_type: str | None = None) -> None:
    """The customer account of the prospect a conversion names, and its announcement; nothing
    when the conversion is refused (by the refusal rules on the same change)."""
    store, number, group = sync.store, fact["number"], fact["customer_group"]
    relation = _open_prospect(store, number)
    if (
        relation is None
        or _customer(store, number) is not None
        or not _customer_group(store, group)
    ):
        return
    store.insert(
        "scm_customer",
        account=account,
        party_type=party_type or relation["party_type"],
        name=relation["name"],
        first_name=relation["first_name"],
        last_name=relation["last_name"],
        customer_group=group,
    )
    sync.emit(
        "scm.prospect_converted",
        number=number,
        account=account,
        party_type=relation["party_type"],
        customer_group=group,
    )


# -- lookups shared by the rules (no decisions here) -------------------------------------------


def _pick(fact: Fact, *keys: str) -> dict[str, Any]:
    return {key: fact[key] for key in keys}


def _names(fact: Fact) -> dict[str, Any]:
    """The name columns of a business relation or customer."""
    if fact["party_type"] == "person":
        return {
            "name": f"{fact['first_name']} {fact['last_name']}",
            "first_name": fact["first_name"],
            "last_name": fact["last_name"],
        }
    return {"name": fact["name"], "first_name": None, "last_name": None}


def _open_prospect(store: Store, number: str) -> Any:
    """The business relation ``number`` if it is a prospect that is not retired, else None."""
    relation = _business_relation(store, number)
    if relation is None or relation["relation_type"] != "prospect" or relation["retired"]:
        return None
    return relation


def _customer(store: Store, account: str) -> Any:
    return store.one("SELECT * FROM scm_customer WHERE account = ?", account)


def _customer_group(store: Store, code: str) -> Any:
    return store.one("SELECT 1 FROM scm_customer_group WHERE code = ?", code)


def _business_relation(store: Store, number: str) -> Any:
    return store.one("SELECT * FROM scm_business_relation WHERE number = ?", number)


def _scm_owner(sync: Sync, number: str) -> tuple[str, Any]:
    """Whose record an address or contact for ``number`` belongs to in SCM: the prospect's
    business relation while it is a prospect, the customer account afterwards."""
    relation = _business_relation(sync.store, number)
    if relation is not None and not relation["retired"]:
        return "business_relation", relation
    customer = _customer(sync.store, number)
    if customer is not None:
        return "customer", customer
    sync.refuse(f"SCM has no prospect or customer numbered {number}", field="number")


def _sales_owner_kind(store: Store, number: str) -> str | None:
    if store.one("SELECT 1 FROM sales_account WHERE number = ?", number):
        return "account"
    if store.one("SELECT 1 FROM sales_contact WHERE number = ?", number):
        return "contact"
    return None


def _refuse_taken_sales_number(sync: Sync, number: str) -> None:
    if _sales_owner_kind(sync.store, number) is not None:
        sync.refuse(f"Sales has an account or contact numbered {number} already", field="number")


def _refuse_unknown_customer_group(sync: Sync, group: str) -> None:
    if not _customer_group(sync.store, group):
        sync.refuse(f"customer group {group!r} does not exist", field="customer_group")


def _refuse_unknown_items(sync: Sync, lines: list[dict[str, Any]]) -> None:
    for index, line in enumerate(lines):
        if not sync.store.one("SELECT 1 FROM scm_item WHERE number = ?", line["item"]):
            sync.refuse(f"item {line['item']!r} does not exist", field=f"lines[{index}].item")


def _insert_scm_prospect(sync: Sync, number: str, party_type: str, names: dict[str, Any]) -> None:
    if _business_relation(sync.store, number) is not None:
        sync.refuse(f"SCM has a business relation numbered {number} already", field="number")
    sync.store.insert(
        "scm_business_relation",
        number=number,
        party_type=party_type,
        relation_type="prospect",
        **{"first_name": None, "last_name": None, **names},
    )


def _prospect_customer_group(sync: Sync) -> str:
    row = sync.store.one("SELECT value FROM scm_parameter WHERE name = 'prospect_customer_group'")
    if row is None:
        sync.refuse(
            "the Sales and marketing parameters have no customer group for prospects",
            field="customer_group",
        )
    return str(row["value"])


def _new_sales_contact_person(store: Store, person: Any) -> int:
    return store.insert(
        "sales_contact",
        first_name=person["first_name"],
        last_name=person["last_name"],
        is_prospect=0,
        is_customer=0,
    )


def _link_sales_contact(store: Store, contact: int, tab: str, owner: str) -> None:
    store.insert("sales_contact_link", contact=contact, tab=tab, owner=owner)


def _add_sales_address(
    sync: Sync, owner: str, roles: list[str], address: Any, tab: str | None = None
) -> None:
    """An address on a Sales account or contact: on the Addresses tab with GAB, with its roles;
    else on the Summary tab, whose delivery and invoice slots hold one address each."""
    tab = tab or ("addresses" if sync.gab else "summary")
    if tab == "addresses":
        sync.store.insert(
            "sales_address", owner=owner, tab=tab, roles=stored_roles(roles), **address_of(address)
        )
        return
    for slot in roles:
        slot_roles = stored_roles([slot])
        sync.store.delete("sales_address", owner=owner, tab="summary", roles=slot_roles)
        sync.store.insert(
            "sales_address", owner=owner, tab=tab, roles=slot_roles, **address_of(address)
        )


def _scm_quotation(sync: Sync, number: str) -> Any:
    quotation = sync.store.one("SELECT * FROM scm_quotation WHERE number = ?", number)
    if quotation is None:
        sync.refuse(f"SCM has no sales quotation numbered {number}", field="quotation")
    return quotation


def _sales_quote(sync: Sync, number: str) -> Any:
    quote = sync.store.one("SELECT * FROM sales_quote WHERE number = ?", number)
    if quote is None:
        sync.refuse(f"Sales has no quote numbered {number}", field="quote")
    return quote


def _ship_to_options(sync: Sync, quote_number: str) -> list[dict[str, str]]:
    quote = _sales_quote(sync, quote_number)
    rows = sync.store.all(
        "SELECT * FROM sales_address WHERE owner = ? AND tab = 'addresses' ORDER BY id",
        quote["potential_customer"],
    )
    return [address_of(row) for row in rows if "delivery" in roles_of(row)]
