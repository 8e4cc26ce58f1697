"""The embedded store of both systems' records: one SQLite database, in memory by default.

The store knows tables, keys and the canonical record shapes of the adapter contract, and offers
the rules, and the mutants that vary them (``mutants.py``, ``_variations.py``), named operations
on them: neither holds SQL. It holds no sync logic: what is written
when, and on which side, is decided by the rules in ``_sync.py``. The generic ``one``, ``all``,
``insert``, ``update`` and ``delete`` are what the named operations are made of (and what a
mutant's varied store alters, ``_variations.py``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from p2c_kit import render_number

_SCHEMA = """
-- Every record has an INTEGER id, AUTOINCREMENT so that it is never reused while the scenario
-- runs: it is the record's identity in the adapter contract (``Store.identity``).

-- Dynamics 365 Supply Chain Management
CREATE TABLE scm_number_sequence (
    code TEXT PRIMARY KEY, format TEXT NOT NULL, next INTEGER NOT NULL);
CREATE TABLE scm_customer_group (code TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE scm_parameter (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE scm_item (number TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE scm_business_relation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE, party_type TEXT NOT NULL, name TEXT NOT NULL,
    first_name TEXT, last_name TEXT,
    relation_type TEXT NOT NULL, retired INTEGER NOT NULL DEFAULT 0);
CREATE TABLE scm_customer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL UNIQUE, party_type TEXT NOT NULL, name TEXT NOT NULL,
    first_name TEXT, last_name TEXT,
    customer_group TEXT NOT NULL REFERENCES scm_customer_group (code));
-- An address or contact related to an owner (a business relation or a customer account). The
-- same address related to two owners is two rows with the same ``party_record``: the id of the
-- row it was first created as, and its identity.
CREATE TABLE scm_address (
    id INTEGER PRIMARY KEY AUTOINCREMENT, party_record INTEGER,
    owner_kind TEXT NOT NULL, owner TEXT NOT NULL, roles TEXT NOT NULL,
    street TEXT NOT NULL, city TEXT NOT NULL, postal_code TEXT NOT NULL,
    country_region TEXT NOT NULL);
CREATE INDEX scm_address_owner ON scm_address (owner_kind, owner);
CREATE TABLE scm_contact (
    id INTEGER PRIMARY KEY AUTOINCREMENT, party_record INTEGER,
    owner_kind TEXT NOT NULL, owner TEXT NOT NULL,
    first_name TEXT NOT NULL, last_name TEXT NOT NULL);
CREATE INDEX scm_contact_owner ON scm_contact (owner_kind, owner);
CREATE TABLE scm_quotation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE, account_type TEXT NOT NULL, account TEXT NOT NULL,
    status TEXT NOT NULL, origin TEXT NOT NULL, lines TEXT NOT NULL);
CREATE INDEX scm_quotation_account ON scm_quotation (account);
CREATE TABLE scm_sales_order (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE, customer_account TEXT NOT NULL, quotation TEXT,
    lines TEXT NOT NULL);

-- Dynamics 365 Sales
CREATE TABLE sales_autonumber (
    entity TEXT PRIMARY KEY, format TEXT NOT NULL, next INTEGER NOT NULL);
CREATE TABLE sales_account (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE, name TEXT NOT NULL, relationship_type TEXT NOT NULL,
    customer_group TEXT, primary_contact INTEGER REFERENCES sales_contact (id));
CREATE TABLE sales_contact (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT UNIQUE, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
    is_prospect INTEGER NOT NULL, is_customer INTEGER NOT NULL, customer_group TEXT);
CREATE TABLE sales_contact_link (
    contact INTEGER NOT NULL REFERENCES sales_contact (id), tab TEXT NOT NULL, owner TEXT NOT NULL,
    PRIMARY KEY (contact, tab, owner));
CREATE INDEX sales_contact_link_owner ON sales_contact_link (owner, tab);
CREATE TABLE sales_address (
    id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, tab TEXT NOT NULL,
    roles TEXT NOT NULL,
    street TEXT NOT NULL, city TEXT NOT NULL, postal_code TEXT NOT NULL,
    country_region TEXT NOT NULL);
CREATE INDEX sales_address_owner ON sales_address (owner);
CREATE TABLE sales_lead (
    id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, company TEXT NOT NULL,
    first_name TEXT NOT NULL, last_name TEXT NOT NULL);
CREATE TABLE sales_quote (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE, potential_customer TEXT NOT NULL, status TEXT NOT NULL,
    ship_to TEXT, lines TEXT NOT NULL);
CREATE INDEX sales_quote_customer ON sales_quote (potential_customer);
CREATE TABLE sales_order (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE, customer TEXT NOT NULL, quote TEXT, lines TEXT NOT NULL);
"""
_ADDRESS_FIELDS = ("street", "city", "postal_code", "country_region")
_LEAD_FIELDS = ("topic", "company", "first_name", "last_name")


class Store:
    """Both systems' tables in one SQLite database.

    ``path`` is ``":memory:"`` (the default) or a file. The store is used from the thread that
    created it.
    """

    def __init__(self, path: str = ":memory:") -> None:
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA foreign_keys = ON")
        self._create_schema()

    def _create_schema(self) -> None:
        exists = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'scm_business_relation'"
        ).fetchone()
        if not exists:
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together, or not at all."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- generic access ---------------------------------------------------------------------

    def one(self, sql: str, *args: Any) -> Any:
        """The first row (a :class:`sqlite3.Row`), or None."""
        return self._db.execute(sql, args).fetchone()

    def all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        return self._db.execute(sql, args).fetchall()

    def insert(self, table: str, **values: Any) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self._db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values())
        )
        return int(cursor.lastrowid or 0)

    def update(self, table: str, where: dict[str, Any], **values: Any) -> int:
        sets = ", ".join(f"{column} = ?" for column in values)
        conditions = " AND ".join(f"{column} = ?" for column in where)
        cursor = self._db.execute(
            f"UPDATE {table} SET {sets} WHERE {conditions}",
            (*values.values(), *where.values()),
        )
        return cursor.rowcount

    def delete(self, table: str, **where: Any) -> None:
        conditions = " AND ".join(f"{column} = ?" for column in where)
        self._db.execute(f"DELETE FROM {table} WHERE {conditions}", tuple(where.values()))

    def count(self, table: str) -> int:
        return int(self.one(f"SELECT COUNT(*) AS n FROM {table}")["n"])

    def wipe(self) -> None:
        """Empty every table (a new scenario)."""
        tables = [
            row["name"] for row in self.all("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        self._db.execute("PRAGMA defer_foreign_keys = ON")  # checked at commit, when all is gone
        for table in tables:
            self._db.execute(f"DELETE FROM {table}")

    def load(self, configuration: dict[str, Any]) -> None:
        """Load the master data of a configuration (``schemas/v2/configuration.json``)."""
        scm = configuration["scm"]
        for code, sequence in scm["number_sequences"].items():
            self.insert(
                "scm_number_sequence", code=code, format=sequence["format"], next=sequence["next"]
            )
        for group in scm["customer_groups"]:
            self.insert("scm_customer_group", code=group["code"], description=group["description"])
        for name, value in scm["sales_and_marketing_parameters"].items():
            self.insert("scm_parameter", name=name, value=value)
        for customer in scm["customers"]:
            self.insert(
                "scm_customer",
                account=customer["account"],
                party_type="organization",
                name=customer["name"],
                customer_group=customer["customer_group"],
            )
        for entity, number_format in configuration["sales"]["autonumbers"].items():
            self.insert("sales_autonumber", entity=entity, format=number_format, next=1)
        for item in configuration["items"]:
            self.insert("scm_item", number=item["number"], name=item["name"])

    # -- named operations: what the rules and the mutants read and write ---------------------
    # A lookup of one record returns its row (a sqlite3.Row) or None, like ``one``. Each write
    # inserts or updates the columns the rule means to write, with ``insert`` or ``update``, so
    # that a mutant's varied store (``rules/_variations.py``) sees the same writes the rule makes.

    # number sequences (SCM) and autonumbers (Sales)

    def next_scm_number(self, code: str) -> str | None:
        """The number the SCM number sequence ``code`` issues next; None when it is exhausted."""
        return self._next_number("scm_number_sequence", "code", code)[0]

    def take_scm_number(self, code: str) -> str | None:
        """The next number of the SCM number sequence ``code``, consumed; None when it is
        exhausted."""
        return self._take_number("scm_number_sequence", "code", code)

    def take_sales_autonumber(self, entity: str) -> str | None:
        """The next number of the Sales autonumber of ``entity``, consumed; None when it is
        exhausted."""
        return self._take_number("sales_autonumber", "entity", entity)

    def _next_number(self, table: str, key: str, value: str) -> tuple[str | None, int]:
        row = self.one(f"SELECT format, next FROM {table} WHERE {key} = ?", value)
        return render_number(row["format"], row["next"]), row["next"]

    def _take_number(self, table: str, key: str, value: str) -> str | None:
        number, position = self._next_number(table, key, value)
        if number is not None:
            self.update(table, {key: value}, next=position + 1)
        return number

    # SCM master data

    def prospect_customer_group(self) -> str:
        """The customer group for prospects of the Sales and marketing parameters."""
        row = self.one("SELECT value FROM scm_parameter WHERE name = 'prospect_customer_group'")
        return str(row["value"])

    def customer_group_exists(self, code: str) -> bool:
        return self.one("SELECT 1 FROM scm_customer_group WHERE code = ?", code) is not None

    def customer_groups(self) -> list[str]:
        """The codes of the customer groups, in order."""
        return [
            row["code"] for row in self.all("SELECT code FROM scm_customer_group ORDER BY code")
        ]

    def item_exists(self, number: str) -> bool:
        return self.one("SELECT 1 FROM scm_item WHERE number = ?", number) is not None

    # SCM business relations and customer accounts

    def business_relation(self, number: str) -> Any:
        return self.one("SELECT * FROM scm_business_relation WHERE number = ?", number)

    def open_prospect(self, number: str) -> Any:
        """The business relation ``number`` if it is a prospect that is not retired."""
        return self.one(
            "SELECT * FROM scm_business_relation"
            " WHERE number = ? AND relation_type = 'prospect' AND NOT retired",
            number,
        )

    def add_business_relation(
        self, number: str, party_type: str, relation_type: str, names: dict[str, Any]
    ) -> None:
        """``names``: ``name``, ``first_name`` and ``last_name`` (None for an organization)."""
        self.insert(
            "scm_business_relation",
            number=number,
            party_type=party_type,
            relation_type=relation_type,
            **names,
        )

    def update_business_relation(self, number: str, **values: Any) -> None:
        self.update("scm_business_relation", {"number": number}, **values)

    def business_relations(self) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM scm_business_relation ORDER BY id")

    def customer(self, account: str) -> Any:
        return self.one("SELECT * FROM scm_customer WHERE account = ?", account)

    def add_customer(
        self, account: str, party_type: str, names: dict[str, Any], customer_group: str
    ) -> None:
        self.insert(
            "scm_customer",
            account=account,
            party_type=party_type,
            **names,
            customer_group=customer_group,
        )

    # SCM addresses and contacts, related to an owner: a business relation or a customer account

    def add_scm_address(self, owner_kind: str, owner: str, roles: Any, address: Any) -> None:
        self.insert(
            "scm_address",
            owner_kind=owner_kind,
            owner=owner,
            roles=stored_roles(roles),
            **address_of(address),
        )

    def add_scm_contact(self, owner_kind: str, owner: str, person: Any) -> None:
        self.insert("scm_contact", owner_kind=owner_kind, owner=owner, **_person(person))

    def delete_scm_addresses(self, owner_kind: str, owner: str) -> None:
        self.delete("scm_address", owner_kind=owner_kind, owner=owner)

    def scm_addresses(self, owner_kind: str, owner: str) -> list[sqlite3.Row]:
        return self.all(
            "SELECT * FROM scm_address WHERE owner_kind = ? AND owner = ? ORDER BY id",
            owner_kind,
            owner,
        )

    def scm_contacts(self, owner_kind: str, owner: str) -> list[sqlite3.Row]:
        return self.all(
            "SELECT * FROM scm_contact WHERE owner_kind = ? AND owner = ? ORDER BY id",
            owner_kind,
            owner,
        )

    def relate_to_customer(self, number: str, account: str) -> None:
        """Relate the addresses and contacts of business relation ``number`` to customer account
        ``account`` too: the same records (their identity, ``party_record``), with a second
        owner."""
        for table in ("scm_address", "scm_contact"):
            for row in self.all(
                f"SELECT * FROM {table} WHERE owner_kind = 'business_relation' AND owner = ?"
                " ORDER BY id",
                number,
            ):
                values = {
                    key: row[key]
                    for key in row.keys()  # noqa: SIM118 - a sqlite3.Row
                    if key not in ("id", "party_record", "owner_kind", "owner")
                }
                self.insert(
                    table,
                    party_record=row["party_record"] or row["id"],
                    owner_kind="customer",
                    owner=account,
                    **values,
                )

    # SCM sales quotations and sales orders

    def scm_quotation(self, number: str) -> Any:
        return self.one("SELECT * FROM scm_quotation WHERE number = ?", number)

    def add_scm_quotation(
        self, number: str, account_type: str, account: str, origin: str, lines: Any
    ) -> None:
        self.insert(
            "scm_quotation",
            number=number,
            account_type=account_type,
            account=account,
            status="created",
            origin=origin,
            lines=_stored_lines(lines),
        )

    def update_scm_quotation(self, number: str, **values: Any) -> None:
        self.update("scm_quotation", {"number": number}, **values)

    def add_scm_sales_order(
        self, number: str, customer_account: str, quotation: str, lines: Any
    ) -> None:
        self.insert(
            "scm_sales_order",
            number=number,
            customer_account=customer_account,
            quotation=quotation,
            lines=_stored_lines(lines),
        )

    # Sales accounts and contacts

    def sales_account(self, number: str) -> Any:
        return self.one("SELECT * FROM sales_account WHERE number = ?", number)

    def sales_contact(self, number: str) -> Any:
        return self.one("SELECT * FROM sales_contact WHERE number = ?", number)

    def sales_record_kind(self, number: str) -> str | None:
        """What Sales has numbered ``number``: "account", "contact", or None."""
        if self.one("SELECT 1 FROM sales_account WHERE number = ?", number):
            return "account"
        if self.one("SELECT 1 FROM sales_contact WHERE number = ?", number):
            return "contact"
        return None

    def add_sales_account(self, number: str, name: str, relationship_type: str) -> None:
        self.insert("sales_account", number=number, name=name, relationship_type=relationship_type)

    def update_sales_account(self, number: str, **values: Any) -> None:
        self.update("sales_account", {"number": number}, **values)

    def sales_accounts(self) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM sales_account ORDER BY id")

    def add_sales_prospect_contact(self, number: str, person: Any) -> None:
        """A contact with Is Prospect Yes: a prospect of type person."""
        self.insert("sales_contact", number=number, **_person(person), is_prospect=1, is_customer=0)

    def add_sales_contact_person(self, person: Any) -> int:
        """A contact person (no number, neither prospect nor customer); its row id."""
        return self.insert("sales_contact", **_person(person), is_prospect=0, is_customer=0)

    def update_sales_contact(self, number: str, **values: Any) -> None:
        self.update("sales_contact", {"number": number}, **values)

    def update_sales_contact_person(self, contact: int, **values: Any) -> None:
        """The contact of row id ``contact`` (a contact person has no number)."""
        self.update("sales_contact", {"id": contact}, **values)

    def link_sales_contact(self, contact: int, tab: str, owner: str) -> None:
        """Show contact ``contact`` on a tab (``associated_contacts``, ``contacts_for_party``) of
        the account or contact ``owner``."""
        self.insert("sales_contact_link", contact=contact, tab=tab, owner=owner)

    def linked_sales_contacts(self, owner: str) -> list[sqlite3.Row]:
        """The contacts on any tab of account or contact ``owner``."""
        return self.all(
            "SELECT c.* FROM sales_contact c JOIN sales_contact_link l ON l.contact = c.id"
            " WHERE l.owner = ?",
            owner,
        )

    def sales_contact_off_tab(self, owner: str, person: Any, tab: str) -> Any:
        """A contact of ``owner``'s with the name of ``person`` that is not on its ``tab`` yet
        (two contacts may share a name)."""
        return self.one(
            "SELECT c.id FROM sales_contact c JOIN sales_contact_link l ON l.contact = c.id"
            " WHERE l.owner = ? AND c.first_name = ? AND c.last_name = ? AND c.id NOT IN"
            " (SELECT contact FROM sales_contact_link WHERE owner = ? AND tab = ?)",
            owner,
            person["first_name"],
            person["last_name"],
            owner,
            tab,
        )

    # Sales addresses: on the Addresses tab, each with its roles; or on the Summary tab, which
    # has one slot for a delivery address and one for an invoice address

    def add_sales_address(self, owner: str, roles: Any, address: Any) -> None:
        """An address on the Addresses tab of account or contact ``owner``."""
        self.insert(
            "sales_address",
            owner=owner,
            tab="addresses",
            roles=stored_roles(roles),
            **address_of(address),
        )

    def set_sales_summary_address(self, owner: str, slot: str, address: Any) -> None:
        """The address in the ``slot`` ("delivery" or "invoice") of ``owner``'s Summary tab,
        replacing the one there."""
        roles = stored_roles([slot])
        self.delete("sales_address", owner=owner, tab="summary", roles=roles)
        self.insert("sales_address", owner=owner, tab="summary", roles=roles, **address_of(address))

    def copy_sales_address(self, row: Any) -> None:
        """A new address like ``row`` (one of :meth:`sales_addresses`): the same owner, tab, roles
        and fields, another record."""
        self.insert(
            "sales_address",
            owner=row["owner"],
            tab=row["tab"],
            roles=row["roles"],
            **address_of(row),
        )

    def delete_sales_addresses(self, owner: str) -> None:
        """Every address of account or contact ``owner``, on either tab."""
        self.delete("sales_address", owner=owner)

    def sales_addresses(self, owner: str, tab: str | None = None) -> list[sqlite3.Row]:
        """The addresses of account or contact ``owner``, on ``tab`` or on either."""
        if tab is None:
            return self.all("SELECT * FROM sales_address WHERE owner = ? ORDER BY id", owner)
        return self.all(
            "SELECT * FROM sales_address WHERE owner = ? AND tab = ? ORDER BY id", owner, tab
        )

    # Sales leads, quotes and orders

    def add_sales_lead(self, lead: Any) -> None:
        self.insert("sales_lead", **{key: lead[key] for key in _LEAD_FIELDS})

    def sales_leads(self) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM sales_lead ORDER BY id")

    def delete_sales_lead(self, lead: int) -> None:
        """The lead of row id ``lead``."""
        self.delete("sales_lead", id=lead)

    def sales_quote(self, number: str) -> Any:
        return self.one("SELECT * FROM sales_quote WHERE number = ?", number)

    def add_sales_quote(self, number: str, potential_customer: str, lines: Any) -> None:
        self.insert(
            "sales_quote",
            number=number,
            potential_customer=potential_customer,
            status="draft",
            lines=_stored_lines(lines),
        )

    def update_sales_quote(self, number: str, **values: Any) -> None:
        self.update("sales_quote", {"number": number}, **values)

    def set_sales_quote_ship_to(self, number: str, address: dict[str, str]) -> None:
        self.update("sales_quote", {"number": number}, ship_to=json.dumps(address))

    def add_sales_order(self, number: str, customer: str, quote: str | None, lines: Any) -> None:
        self.insert(
            "sales_order", number=number, customer=customer, quote=quote, lines=_stored_lines(lines)
        )

    # other records than the one a write names: what a mutant writes to instead
    # (``rules/_variations.py``, ``wrong_record``)

    def other_party_number(self, number: Any) -> str | None:
        """The highest number of a prospect, customer, account or contact of either system other
        than ``number``; None when there is none."""
        row = self.one(
            "SELECT number FROM (SELECT number FROM scm_business_relation UNION"
            " SELECT account FROM scm_customer UNION SELECT number FROM sales_account UNION"
            " SELECT number FROM sales_contact WHERE number IS NOT NULL)"
            " WHERE number IS NOT ? ORDER BY number DESC",
            number,
        )
        return str(row["number"]) if row else None

    def other_record_key(self, table: str, column: str, value: Any) -> Any:
        """The ``column`` of the most recent record of ``table`` whose ``column`` is set and is
        not ``value``; None when there is none."""
        row = self.one(
            f"SELECT {column} AS key FROM {table} WHERE {column} IS NOT NULL AND {column} IS NOT ?"
            " ORDER BY rowid DESC",
            value,
        )
        return row["key"] if row else None

    # -- canonical records (schemas/v2/records.json) ----------------------------------------

    def sales_records(self) -> dict[str, Any]:
        # each table read once, grouped by owner here: a query per record would cost a
        # statement per record, and queries come after every action
        addresses = self._grouped(
            "SELECT * FROM sales_address ORDER BY id",
            lambda row: row["owner"],
            lambda row: {
                "id": identity("address", row["id"]),
                **address_of(row),
                "roles": roles_of(row),
            },
        )
        links = self._grouped(
            "SELECT owner, tab, contact FROM sales_contact_link ORDER BY contact",
            lambda row: (row["owner"], row["tab"]),
            lambda row: identity("contact", row["contact"]),
        )
        accounts = [
            {
                "id": identity("account", row["id"]),
                "number": row["number"],
                "name": row["name"],
                "relationship_type": row["relationship_type"],
                "customer_group": row["customer_group"],
                "addresses": addresses.get(row["number"], []),
                "primary_contact": identity("contact", row["primary_contact"])
                if row["primary_contact"] is not None
                else None,
                "associated_contacts": links.get((row["number"], "associated_contacts"), []),
            }
            for row in self.all("SELECT * FROM sales_account ORDER BY id")
        ]
        contacts = []
        for row in self.all("SELECT * FROM sales_contact ORDER BY id"):
            number = row["number"]
            contacts.append(
                {
                    "id": identity("contact", row["id"]),
                    "number": number,
                    "first_name": row["first_name"],
                    "last_name": row["last_name"],
                    "is_prospect": bool(row["is_prospect"]),
                    "is_customer": bool(row["is_customer"]),
                    "customer_group": row["customer_group"],
                    "addresses": addresses.get(number, []) if number else [],
                    "contacts_for_party": links.get((number, "contacts_for_party"), [])
                    if number
                    else [],
                    "associated_contacts": links.get((number, "associated_contacts"), [])
                    if number
                    else [],
                }
            )
        return {
            "system": "sales",
            "accounts": accounts,
            "contacts": contacts,
            "leads": [
                {
                    "id": identity("lead", row["id"]),
                    **{key: row[key] for key in ("topic", "company", "first_name", "last_name")},
                }
                for row in self.all("SELECT * FROM sales_lead ORDER BY id")
            ],
            "quotes": [
                {
                    "id": identity("quote", row["id"]),
                    "number": row["number"],
                    "potential_customer": row["potential_customer"],
                    "status": row["status"],
                    "ship_to": json.loads(row["ship_to"]) if row["ship_to"] else None,
                    "lines": lines_of(row),
                }
                for row in self.all("SELECT * FROM sales_quote ORDER BY id")
            ],
            "orders": [
                {
                    "id": identity("order", row["id"]),
                    "number": row["number"],
                    "customer": row["customer"],
                    "quote": row["quote"],
                    "lines": lines_of(row),
                }
                for row in self.all("SELECT * FROM sales_order ORDER BY id")
            ],
        }

    def _grouped(
        self, sql: str, key: Callable[[Any], Any], item: Callable[[Any], Any]
    ) -> dict[Any, list[Any]]:
        """The rows of ``sql``, made items, grouped by ``key``, each group in the rows' order."""
        groups: dict[Any, list[Any]] = {}
        for row in self.all(sql):
            groups.setdefault(key(row), []).append(item(row))
        return groups

    def scm_records(self) -> dict[str, Any]:
        addresses = self._grouped(
            "SELECT * FROM scm_address ORDER BY id",
            lambda row: (row["owner_kind"], row["owner"]),
            lambda row: {
                "id": _party_identity("address", row),
                **address_of(row),
                "roles": roles_of(row),
            },
        )
        contacts = self._grouped(
            "SELECT * FROM scm_contact ORDER BY id",
            lambda row: (row["owner_kind"], row["owner"]),
            lambda row: {"id": _party_identity("contact", row), **_person(row)},
        )
        relations = [
            {
                "id": identity("relation", row["id"]),
                "number": row["number"],
                "party_type": row["party_type"],
                "name": row["name"],
                "relation_type": row["relation_type"],
                "retired": bool(row["retired"]),
                "addresses": addresses.get(("business_relation", row["number"]), []),
                "contacts": contacts.get(("business_relation", row["number"]), []),
            }
            for row in self.all("SELECT * FROM scm_business_relation ORDER BY id")
        ]
        customers = [
            {
                "id": identity("customer", row["id"]),
                "account": row["account"],
                "party_type": row["party_type"],
                "name": row["name"],
                "customer_group": row["customer_group"],
                "addresses": addresses.get(("customer", row["account"]), []),
                "contacts": contacts.get(("customer", row["account"]), []),
            }
            for row in self.all("SELECT * FROM scm_customer ORDER BY id")
        ]
        sequences = {
            row["code"]: {"format": row["format"], "next": row["next"]}
            for row in self.all(
                "SELECT * FROM scm_number_sequence WHERE code IN ('prospect', 'customer')"
            )
        }
        return {
            "system": "scm",
            "business_relations": relations,
            "customers": customers,
            "quotations": [
                {
                    "id": identity("quotation", row["id"]),
                    **{key: row[key] for key in ("number", "account_type", "account", "status")},
                    "lines": lines_of(row),
                }
                for row in self.all("SELECT * FROM scm_quotation ORDER BY id")
            ],
            "sales_orders": [
                {
                    "id": identity("order", row["id"]),
                    **{key: row[key] for key in ("number", "customer_account", "quotation")},
                    "lines": lines_of(row),
                }
                for row in self.all("SELECT * FROM scm_sales_order ORDER BY id")
            ],
            "number_sequences": sequences,
        }


def identity(kind: str, row_id: int) -> str:
    """A record's id in the adapter contract: its kind and its row's AUTOINCREMENT id."""
    return f"{kind}-{row_id}"


def _party_identity(kind: str, row: Any) -> str:
    """An SCM address's or contact's id: the row it was first created as (see the schema)."""
    return identity(kind, row["party_record"] if row["party_record"] is not None else row["id"])


def roles_of(row: Any) -> list[str]:
    """An address row's roles, a set stored as a sorted JSON list."""
    roles: list[str] = json.loads(row["roles"])
    return roles


def stored_roles(roles: Any) -> str:
    """Roles as an address row stores them."""
    return json.dumps(sorted(set(roles)))


def address_of(row: Any) -> dict[str, str]:
    """The four address fields of a row or mapping."""
    return {field: row[field] for field in _ADDRESS_FIELDS}


def lines_of(row: Any) -> list[dict[str, Any]]:
    """A quote's, quotation's or order's lines, stored as JSON."""
    lines: list[dict[str, Any]] = json.loads(row["lines"])
    return lines


def _stored_lines(lines: list[dict[str, Any]]) -> str:
    return json.dumps(lines)


def _person(row: Any) -> dict[str, str]:
    return {"first_name": row["first_name"], "last_name": row["last_name"]}
