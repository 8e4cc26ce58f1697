"""The lifecycle's sync written the plain way: dicts and if/else, no rules engine, no database.

What a user might write instead of the reference; the benchmark runs the same actions through it
for comparison. It implements only the actions of ``p2c load``'s lifecycle, and validates nothing.
"""

from __future__ import annotations

from typing import Any


class DictSync:
    def __init__(self, gab: bool) -> None:
        self.gab = gab
        self.prospect_next = 1
        self.relations: dict[str, dict[str, Any]] = {}  # SCM business relations
        self.customers: dict[str, dict[str, Any]] = {}  # SCM customer accounts
        self.sales: dict[str, dict[str, Any]] = {}  # Sales accounts and contacts, by number

    def perform(self, action: str, arguments: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = getattr(self, action)(**arguments)
        return result

    def _new_prospect(self, number: str, party_type: str, names: dict[str, Any]) -> None:
        self.relations[number] = {
            "party_type": party_type,
            "retired": False,
            "addresses": [],
            "contacts": [],
            **names,
        }
        self.sales[number] = {
            "kind": "account" if party_type == "organization" else "contact",
            "customer": False,
            "addresses": [],
            "contacts": [],
            **names,
        }

    def scm_create_prospect(self, party_type: str, **names: Any) -> dict[str, Any]:
        number = f"PR-{self.prospect_next:05d}"
        self.prospect_next += 1
        self._new_prospect(number, party_type, names)
        return {"number": number}

    def sales_create_prospect_account(self, number: str, name: str) -> dict[str, Any]:
        self._new_prospect(number, "organization", {"name": name})
        return {}

    def sales_create_prospect_contact(self, first_name: str, last_name: str) -> dict[str, Any]:
        self._new_prospect(last_name, "person", {"first_name": first_name, "last_name": last_name})
        return {"number": last_name}

    def scm_add_address(
        self, number: str, roles: list[str], address: dict[str, str]
    ) -> dict[str, Any]:
        self.relations[number]["addresses"].append({**address, "roles": roles})
        if "delivery" in roles or self.gab:
            self.sales[number]["addresses"].append({**address, "roles": roles})
        return {}

    def sales_add_address(
        self, number: str, roles: list[str], address: dict[str, str]
    ) -> dict[str, Any]:
        self.sales[number]["addresses"].append({**address, "roles": roles})
        self.relations[number]["addresses"].append({**address, "roles": roles})
        return {}

    def sales_set_summary_address(
        self, number: str, slot: str, address: dict[str, str]
    ) -> dict[str, Any]:
        self.sales[number][f"summary_{slot}"] = address
        return {}

    def scm_create_contact(self, number: str, **person: str) -> dict[str, Any]:
        self.relations[number]["contacts"].append(person)
        self.sales[number]["contacts"].append(person)
        return {}

    def sales_create_contact(self, for_number: str, **person: str) -> dict[str, Any]:
        self.sales[for_number]["contacts"].append(person)
        self.relations[for_number]["contacts"].append(person)
        return {}

    def _convert(self, number: str, group: str) -> None:
        relation = self.relations[number]
        relation["retired"] = True
        self.customers[number] = {**relation, "customer_group": group}
        self.sales[number]["customer"] = True
        if not self.gab:
            invoices = [a for a in relation["addresses"] if "invoice" in a["roles"]]
            self.sales[number]["addresses"].extend(invoices)

    def scm_convert_prospect(self, number: str) -> dict[str, Any]:
        self._convert(number, "90")
        return {"customer_account": number}

    def sales_convert_account(self, number: str, customer_group: str) -> dict[str, Any]:
        self._convert(number, customer_group)
        return {}

    sales_convert_contact = sales_convert_account
