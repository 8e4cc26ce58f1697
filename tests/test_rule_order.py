"""The order of the reference's rules matters only where the rules say so.

durable-rules fires the rules matching a fact in the order they are declared. A refusal rolls the
whole action back whenever it comes, and a rule whose writes could not be made where a refusal
applies has the opposite condition, so the order of the rules on a change does not change what an
action does. The one order that matters is stated (``rules/_sync.py``): ordering a prospect's quote
in Sales converts the prospect before the order reaches SCM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from p2c_kit import CAPABILITIES, Refused
from p2c_kit._commands.load import Mix, load_configuration, prospects
from p2c_kit._specification.configuration import configuration
from p2c_reference import RULES, ReferenceAdapter, Rule

ADDRESS = {"street": "1 Main St", "city": "Oslo", "postal_code": "0150", "country_region": "NO"}
CONVERSION = "scm_prospect_converted_when_ordered_in_sales"
ORDER = "sales_order_created_from_active_quote"
Perform = Callable[[str, dict[str, Any]], dict[str, Any]]


def reordered(rules: list[tuple[str, Rule]]) -> dict[str, Rule]:
    """``rules`` in their order, but for the stated one: the conversion an order starts comes
    right before the order."""
    moved = [(name, rule) for name, rule in rules if name != CONVERSION]
    at = [name for name, _ in moved].index(ORDER)
    return dict([*moved[:at], (CONVERSION, RULES[CONVERSION]), *moved[at:]])


#: Declared once per process, like every variant of the rules.
REVERSED = reordered(list(reversed(RULES.items())))
ORDER_FIRST = {
    **{name: rule for name, rule in RULES.items() if name != CONVERSION},
    CONVERSION: RULES[CONVERSION],
}


def both_systems(adapter: ReferenceAdapter) -> dict[str, Any]:
    return {"sales": adapter.query("sales"), "scm": adapter.query("scm")}


def side_by_side(reference: ReferenceAdapter, variant: ReferenceAdapter) -> Perform:
    """Perform each action on both; both must answer alike (or both refuse) and leave both
    systems alike."""

    def perform(action: str, arguments: dict[str, Any]) -> dict[str, Any]:
        answers = []
        for adapter in (reference, variant):
            try:
                answers.append(adapter.perform(action, arguments))
            except Refused as refusal:
                answers.append({"refused": refusal.field})
        assert answers[0] == answers[1], (action, arguments)
        assert both_systems(reference) == both_systems(variant), (action, arguments)
        return answers[0]

    return perform


def refusals_and_afterthoughts(perform: Perform, lines: list[dict[str, Any]]) -> None:
    """Actions that refusals stop, and actions on records after their conversion."""
    number = perform("scm_create_prospect", {"party_type": "organization", "name": "Contoso"})[
        "number"
    ]
    perform("scm_add_address", {"number": number, "roles": ["delivery"], "address": ADDRESS})
    perform("scm_add_address", {"number": number, "roles": ["invoice"], "address": ADDRESS})
    perform("scm_create_contact", {"number": number, "first_name": "Ola", "last_name": "Berg"})
    perform("scm_convert_prospect", {"number": number, "customer_account": "CU-OTHER"})
    perform("scm_convert_prospect", {"number": number})
    perform("scm_convert_prospect", {"number": number})
    perform("scm_add_address", {"number": number, "roles": ["delivery"], "address": ADDRESS})
    perform("scm_create_contact", {"number": number, "first_name": "Kari", "last_name": "Dal"})
    perform("scm_add_address", {"number": "NOBODY", "roles": ["delivery"], "address": ADDRESS})
    perform("sales_create_prospect_account", {"number": "ACC-1", "name": "Fabrikam"})
    perform("sales_create_prospect_account", {"number": "ACC-1", "name": "Fabrikam again"})
    perform("sales_create_prospect_account", {"number": number, "name": "Contoso again"})
    perform("sales_create_contact", {"for_number": "ACC-1", "first_name": "Per", "last_name": "Li"})
    perform("sales_create_contact", {"for_number": "NOBODY", "first_name": "A", "last_name": "B"})
    perform("sales_add_address", {"number": "ACC-1", "roles": ["delivery"], "address": ADDRESS})
    perform("sales_add_address", {"number": "ACC-1", "roles": [], "address": ADDRESS})
    perform("sales_convert_account", {"number": "ACC-1", "customer_group": "NOPE"})
    person = perform("sales_create_prospect_contact", {"first_name": "Eva", "last_name": "Lund"})
    perform("sales_create_prospect_contact", {"first_name": "Ivar", "last_name": "Lund"})
    perform(
        "sales_create_contact",
        {"for_number": person["number"], "first_name": "Jo", "last_name": "Ek"},
    )
    perform("sales_convert_contact", {"number": person["number"], "customer_group": "NOPE"})
    quote = perform("sales_create_quote", {"potential_customer": "ACC-1", "lines": lines})
    perform("sales_lookup_ship_to_address", {"quote": quote["number"]})
    perform("sales_set_quote_ship_to", {"quote": quote["number"], "address": ADDRESS})
    perform("sales_create_order", {"quote": quote["number"]})
    perform("sales_activate_quote", {"quote": quote["number"]})
    perform("sales_create_order", {"quote": quote["number"]})
    perform("sales_create_order", {"quote": quote["number"]})
    other = perform(
        "scm_create_prospect", {"party_type": "person", "first_name": "Siv", "last_name": "Ås"}
    )
    quotation = perform(
        "scm_create_quotation",
        {"account_type": "prospect", "account": other["number"], "lines": lines},
    )
    perform("scm_confirm_quotation", {"quotation": quotation["number"]})
    perform("scm_send_quotation", {"quotation": quotation["number"]})
    perform("scm_convert_quotation_prospect", {"quotation": quotation["number"]})
    perform("scm_confirm_quotation", {"quotation": quotation["number"]})
    perform("scm_confirm_quotation", {"quotation": quotation["number"]})


@pytest.fixture(params=["gab", "no_gab"])
def deployment(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def reference_and_reversed(deployment: str) -> Iterator[tuple[ReferenceAdapter, ReferenceAdapter]]:
    pair = (ReferenceAdapter(), ReferenceAdapter(rules=REVERSED, variant="test_reversed_rules"))
    yield pair
    for adapter in pair:
        adapter.stop()


def test_the_rules_in_reverse_order_do_what_the_reference_does(reference_and_reversed, deployment):
    """Every rule reversed, but for the stated order: the same answers, refusals and records,
    action after action, over lifecycles from both sides and the refusals of each kind."""
    reference, reversed_rules = reference_and_reversed
    config = load_configuration(deployment, 8)  # type: ignore[arg-type]
    for adapter in reference_and_reversed:
        adapter.reset(config)
    perform = side_by_side(reference, reversed_rules)
    for prospect in prospects(8, Mix.for_capabilities(frozenset(CAPABILITIES)), config, 0):
        prospect.carry_out(perform)
    lines = [{"item": config["items"][0]["number"], "quantity": 1, "unit_price": 9.5}]
    refusals_and_afterthoughts(perform, lines)


def test_ordering_a_prospect_s_quote_converts_it_before_the_order_reaches_scm():
    """The stated order: declared after the order, the conversion comes too late for it, and
    the order is refused."""
    config = configuration("gab")
    lines = [{"item": config["items"][0]["number"], "quantity": 1, "unit_price": 9.5}]
    results = {}
    for variant, rules in (("reference", RULES), ("test_order_first", ORDER_FIRST)):
        adapter = ReferenceAdapter(rules=rules, variant=variant)
        adapter.reset(config)
        adapter.sales_create_prospect_account(number="ACC-1", name="Fabrikam")
        quote = adapter.sales_create_quote(potential_customer="ACC-1", lines=lines)["number"]
        adapter.sales_activate_quote(quote=quote)
        try:
            results[variant] = adapter.sales_create_order(quote=quote)
        except Refused as refusal:
            results[variant] = {"refused": refusal.rule}
        adapter.stop()
    assert "order" in results["reference"]
    assert results["test_order_first"] == {
        "refused": "sales_order_refused_in_scm_without_customer_account"
    }
