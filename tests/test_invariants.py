"""The invariants the source document implies for both systems together, checked after every step
of random sequences of the contract's actions on the reference, valid and invalid, with and
without GAB (a Hypothesis state machine).

Profiles: ``ci`` (the default, fast) and ``long`` (``HYPOTHESIS_PROFILE=long``).
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from p2c_kit import Refused
from p2c_kit._specification.configuration import configuration
from p2c_reference import ReferenceAdapter

settings.register_profile(
    "ci",
    max_examples=25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=1000,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ADDRESS = st.fixed_dictionaries(
    {
        "street": st.sampled_from(["1 Main St", "2 High St", "Åsveien 3"]),
        "city": st.sampled_from(["Oslo", "Bergen"]),
        "postal_code": st.sampled_from(["0150", "5003"]),
        "country_region": st.just("NO"),
    }
)
#: An address's roles: a set, possibly empty.
ROLES = st.lists(st.sampled_from(["delivery", "invoice"]), unique=True, max_size=2)


class BothSystems(RuleBasedStateMachine):
    """Random user actions on either side; a refusal must change nothing."""

    @initialize(deployment=st.sampled_from(["gab", "no_gab"]), seed=st.integers(0, 10_000))
    def start(self, deployment: str, seed: int) -> None:
        self.adapter = ReferenceAdapter()
        config = configuration(deployment, str(seed))  # type: ignore[arg-type]
        self.adapter.reset(config)
        # the master data's groups, and one that does not exist
        self.groups = [group["code"] for group in config["scm"]["customer_groups"]] + ["NOPE"]
        self.lines = [{"item": config["items"][0]["number"], "quantity": 1, "unit_price": 9.5}]
        self.gab = deployment == "gab"
        self.numbers: list[str] = ["UNKNOWN-1"]  # a number no record has, for invalid actions
        self.quotations: list[str] = ["QU-99999"]
        self.quotes: list[str] = ["QUO-99999"]
        self.leads = 0
        self.customer_sequence = self.scm()["number_sequences"]["customer"]

    def teardown(self) -> None:
        if hasattr(self, "adapter"):
            self.adapter.stop()

    def sales(self) -> dict[str, Any]:
        return self.adapter.query("sales")

    def scm(self) -> dict[str, Any]:
        return self.adapter.query("scm")

    def act(self, action: str, **arguments: Any) -> dict[str, Any] | None:
        """Perform; on a refusal, both systems must be exactly as before."""
        before = (self.sales(), self.scm())
        try:
            return self.adapter.perform(action, arguments)
        except Refused:
            assert (self.sales(), self.scm()) == before, f"refused {action} changed something"
            return None

    # -- actions -----------------------------------------------------------------------------

    @rule(person=st.booleans())
    def scm_create_prospect(self, person: bool) -> None:
        names = (
            {"party_type": "person", "first_name": "Ann", "last_name": "Lee"}
            if person
            else {"party_type": "organization", "name": "Contoso"}
        )
        result = self.act("scm_create_prospect", **names)
        if result:
            self.numbers.append(result["number"])

    @rule(suffix=st.integers(1, 5))
    def sales_create_prospect_account(self, suffix: int) -> None:
        number = f"ACC-{suffix}"
        if self.act("sales_create_prospect_account", number=number, name="Fabrikam") is not None:
            self.numbers.append(number)

    @rule(last_name=st.sampled_from(["Berg", "Dahl"]))
    def sales_create_prospect_contact(self, last_name: str) -> None:
        result = self.act("sales_create_prospect_contact", first_name="Kari", last_name=last_name)
        if result:
            self.numbers.append(result["number"])

    @rule(data=st.data(), roles=ROLES, address=ADDRESS)
    def scm_add_address(
        self, data: st.DataObject, roles: list[str], address: dict[str, str]
    ) -> None:
        self.act(
            "scm_add_address",
            number=data.draw(st.sampled_from(self.numbers)),
            roles=roles,
            address=address,
        )

    @rule(data=st.data(), roles=ROLES, address=ADDRESS)
    def sales_add_address(
        self, data: st.DataObject, roles: list[str], address: dict[str, str]
    ) -> None:
        self.act(
            "sales_add_address",
            number=data.draw(st.sampled_from(self.numbers)),
            roles=roles,
            address=address,
        )

    @rule(data=st.data())
    def scm_create_contact(self, data: st.DataObject) -> None:
        self.act(
            "scm_create_contact",
            number=data.draw(st.sampled_from(self.numbers)),
            first_name="Ola",
            last_name="Nordmann",
        )

    @rule(data=st.data())
    def scm_convert_prospect(self, data: st.DataObject) -> None:
        self.act("scm_convert_prospect", number=data.draw(st.sampled_from(self.numbers)))

    @rule(data=st.data())
    def sales_convert(self, data: st.DataObject) -> None:
        number = data.draw(st.sampled_from(self.numbers))
        group = data.draw(st.sampled_from(self.groups))
        action = "sales_convert_contact" if data.draw(st.booleans()) else "sales_convert_account"
        self.act(action, number=number, customer_group=group)

    @rule()
    def sales_create_lead(self) -> None:
        if (
            self.act("sales_create_lead", topic="t", company="c", first_name="f", last_name="l")
            is not None
        ):
            self.leads += 1

    @rule(data=st.data(), as_prospect=st.booleans())
    def scm_create_quotation(self, data: st.DataObject, as_prospect: bool) -> None:
        result = self.act(
            "scm_create_quotation",
            account_type="prospect" if as_prospect else "customer",
            account=data.draw(st.sampled_from(self.numbers)),
            lines=self.lines,
        )
        if result:
            self.quotations.append(result["number"])

    @rule(
        data=st.data(),
        step=st.sampled_from(
            ["scm_send_quotation", "scm_convert_quotation_prospect", "scm_confirm_quotation"]
        ),
    )
    def scm_quotation_step(self, data: st.DataObject, step: str) -> None:
        self.act(step, quotation=data.draw(st.sampled_from(self.quotations)))

    @rule(data=st.data())
    def sales_create_quote(self, data: st.DataObject) -> None:
        result = self.act(
            "sales_create_quote",
            potential_customer=data.draw(st.sampled_from(self.numbers)),
            lines=self.lines,
        )
        if result:
            self.quotes.append(result["number"])

    @rule(data=st.data(), step=st.sampled_from(["sales_activate_quote", "sales_create_order"]))
    def sales_quote_step(self, data: st.DataObject, step: str) -> None:
        self.act(step, quote=data.draw(st.sampled_from(self.quotes)))

    # -- invariants --------------------------------------------------------------------------

    @invariant()
    def a_prospect_has_the_same_number_on_both_sides(self) -> None:
        sales = self.sales()
        numbers = {a["number"] for a in sales["accounts"]} | {
            c["number"] for c in sales["contacts"] if c["number"]
        }
        for relation in self.scm()["business_relations"]:
            assert relation["number"] in numbers, relation

    @invariant()
    def no_number_is_an_open_prospect_and_a_customer(self) -> None:
        scm = self.scm()
        customers = {c["account"] for c in scm["customers"]}
        for relation in scm["business_relations"]:
            if relation["relation_type"] == "prospect" and not relation["retired"]:
                assert relation["number"] not in customers, relation

    @invariant()
    def a_customer_keeps_its_prospect_number_and_the_customer_sequence_is_untouched(self) -> None:
        scm = self.scm()
        retired = {r["number"] for r in scm["business_relations"] if r["retired"]}
        assert {c["account"] for c in scm["customers"]} == retired
        assert scm["number_sequences"]["customer"] == self.customer_sequence

    @invariant()
    def a_lead_never_reaches_scm(self) -> None:
        assert len(self.sales()["leads"]) == self.leads
        assert len(self.scm()["business_relations"]) == len(self.numbers) - 1

    @invariant()
    def a_sales_order_belongs_to_a_customer(self) -> None:
        scm = self.scm()
        customers = {c["account"] for c in scm["customers"]}
        for order in scm["sales_orders"]:
            assert order["customer_account"] in customers, order

    @invariant()
    def without_gab_no_invoice_address_of_a_prospect_reaches_sales(self) -> None:
        if self.gab:
            return
        open_prospects = {r["number"] for r in self.scm()["business_relations"] if not r["retired"]}
        for account in self.sales()["accounts"]:
            if account["number"] in open_prospects:  # roles cannot be entered in Sales here
                assert all("invoice" not in a["roles"] for a in account["addresses"]), account


TestBothSystems = BothSystems.TestCase
