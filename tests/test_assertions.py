"""What a failing check shows of the records (p2c_kit._specification.assertions): lists compared
as sets, and each difference named by the record it is in."""

from __future__ import annotations

from p2c_kit._specification.assertions import canonical, differences


def customer(account: str, name: str, roles: list[str]) -> dict[str, object]:
    return {"account": account, "name": name, "addresses": [{"id": 1, "roles": roles}]}


def test_records_in_another_order_are_the_same_records():
    before = [customer("C1", "Ann", ["Business", "Invoice"]), customer("C2", "Bo", ["Delivery"])]
    after = [customer("C2", "Bo", ["Delivery"]), customer("C1", "Ann", ["Invoice", "Business"])]
    assert canonical(before) == canonical(after)
    assert differences(canonical(before), canonical(after), "scm.customers") == []


def test_a_difference_names_its_record_by_identity_and_leaves_out_what_did_not_change():
    before = [customer("C1", "Ann", ["Business", "Invoice"]), customer("C2", "Bo", ["Delivery"])]
    after = [customer("C2", "Bob", ["Delivery"]), customer("C1", "Ann", ["Delivery", "Invoice"])]
    assert differences(canonical(before), canonical(after), "scm.customers") == [
        'scm.customers[C1].addresses[1].roles[0]: "Business" -> "Delivery"',
        'scm.customers[C2].name: "Bo" -> "Bob"',
    ]


def test_a_record_added_or_removed_is_shown_whole_under_its_identity():
    before = [customer("C1", "Ann", ["Business"])]
    after = [customer("C2", "Bo", ["Business"])]
    lines = differences(canonical(before), canonical(after), "scm.customers")
    assert lines[0].startswith("scm.customers[C1]: {") and lines[0].endswith("-> null")
    assert lines[1].startswith("scm.customers[C2]: null -> {")
