"""A minimal implementation of Scenario 1 (GAB deployed), in memory, behind the p2c-kit contract."""

import copy
import itertools

from p2c_kit import Refused, render_number


class MinimalAdapter:
    def start(self):
        # Declares only the GAB deployment: every other scenario is reported as not applicable.
        return {
            "name": "minimal example",
            "version": "1.0.0",
            "language": "python",
            "capabilities": ["gab"],
        }

    def reset(self, configuration):
        scm = configuration["scm"]
        self.sequences = copy.deepcopy(scm["number_sequences"])
        self.prospect_group = scm["sales_and_marketing_parameters"]["prospect_customer_group"]
        self.relations, self.accounts, self.contacts, self.leads = {}, {}, [], []
        # every record's id: any string, the record's own for its whole life
        self.ids = (str(n) for n in itertools.count(1))
        self.customers = {
            c["account"]: {
                "id": next(self.ids),
                **c,
                "party_type": "organization",
                "addresses": [],
                "contacts": [],
            }
            for c in scm["customers"]
        }

    def stop(self):
        pass

    def query(self, system):
        if system == "sales":
            return {
                "system": "sales",
                "accounts": list(self.accounts.values()),
                "contacts": self.contacts,
                "leads": self.leads,
                "quotes": [],
                "orders": [],
            }
        return {
            "system": "scm",
            "business_relations": list(self.relations.values()),
            "customers": list(self.customers.values()),
            "quotations": [],
            "sales_orders": [],
            "number_sequences": {name: self.sequences[name] for name in ("prospect", "customer")},
        }

    def scm_create_prospect(self, *, party_type, name):
        sequence = self.sequences["prospect"]
        number = render_number(sequence["format"], sequence["next"])
        sequence["next"] += 1
        self.relations[number] = {
            "id": next(self.ids),
            "number": number,
            "party_type": party_type,
            "name": name,
            "relation_type": "prospect",
            "retired": False,
            "addresses": [],
            "contacts": [],
        }
        self.accounts[number] = {
            "id": next(self.ids),
            "number": number,
            "name": name,
            "relationship_type": "prospect",
            "customer_group": None,
            "addresses": [],
            "primary_contact": None,
            "associated_contacts": [],
        }
        return {"number": number}

    def _owner(self, number):
        relation = self.relations[number]
        return self.customers[number] if relation["retired"] else relation

    def scm_add_address(self, *, number, roles, address):
        self._owner(number)["addresses"].append({"id": next(self.ids), **address, "roles": roles})
        # GAB: the address reaches Sales with all its roles, as a Sales record of its own
        self.accounts[number]["addresses"].append({"id": next(self.ids), **address, "roles": roles})
        return {}

    def scm_create_contact(self, *, number, first_name, last_name):
        person = {"first_name": first_name, "last_name": last_name}
        self._owner(number)["contacts"].append({"id": next(self.ids), **person})
        sales_contact = next(self.ids)
        self.contacts.append(
            {
                "id": sales_contact,
                **person,
                "number": None,
                "is_prospect": False,
                "is_customer": False,
                "customer_group": None,
                "addresses": [],
                "contacts_for_party": [],
                "associated_contacts": [],
            }
        )
        self.accounts[number]["associated_contacts"].append(sales_contact)
        return {}

    def scm_convert_prospect(self, *, number, customer_account=None):
        relation = self.relations.get(number)
        if relation is None or relation["retired"]:
            raise Refused("convert", f"{number} is not a prospect", field="number")
        if number in self.customers:
            raise Refused("convert", f"customer account {number} exists", field="number")
        if customer_account not in (None, number):
            raise Refused("convert", "the number cannot be changed", field="customer_account")
        self.customers[number] = {
            "id": next(self.ids),
            "account": number,
            "party_type": relation["party_type"],
            "name": relation["name"],
            "customer_group": self.prospect_group,
            # the prospect's own addresses and contacts, related to the customer: the same ids
            "addresses": list(relation["addresses"]),
            "contacts": list(relation["contacts"]),
        }
        relation.update(relation_type="customer", retired=True)
        self.accounts[number]["relationship_type"] = "customer"
        return {"customer_account": number}

    def sales_create_lead(self, **lead):
        self.leads.append({"id": next(self.ids), **lead})
        return {}
