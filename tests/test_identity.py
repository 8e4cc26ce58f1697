"""Contract v2's identities: an adapter must keep each record's id for the record's life, and the
kit judges nothing it cannot tell apart."""

from __future__ import annotations


def test_an_adapter_giving_several_records_one_id_is_an_adapter_error_not_a_pass(certify):
    run = certify("fake_adapters:one_id_for_all", k="p2c_s1_10")
    assert run.count("adapter error") == len(run.rows) == 2
    assert run.exit_status != 0


def test_ids_that_change_from_query_to_query_fail_where_the_document_says_a_record_changes(
    certify,
):
    """A record that changes keeps its id; records related to the new customer keep theirs."""
    run = certify("fake_adapters:ids_of_the_query", k="p2c_s1_09 or p2c_s1_10 or p2c_s1_12")
    assert run.ids("failed") == {"p2c_s1_09", "p2c_s1_10", "p2c_s1_12"}
    assert run.count("passed") == 0


def test_ids_that_change_from_query_to_query_pass_where_no_record_changes(certify):
    """The kit compares ids only where the document says a record stays the same one."""
    run = certify("fake_adapters:ids_of_the_query", k="p2c_s1_01 or p2c_s1_02 or p2c_s1_03")
    assert run.count("passed") == len(run.rows) == 6


def test_a_tab_naming_no_sales_contact_is_an_adapter_error(certify):
    run = certify("fake_adapters:tab_names_no_contact", k="p2c_s1_02")
    assert run.outcomes("adapter error") == {("p2c_s1_02", "gab"), ("p2c_s1_02", "no_gab")}


def test_the_reference_keeps_the_prospects_addresses_as_the_customers_with_one_id(certify):
    """The same address on the retired prospect and on its customer account: one id, one
    content, which the kit accepts."""
    run = certify(k="p2c_s1_10")
    assert run.count("passed") == len(run.rows) == 2


def test_ids_repeated_across_lists_are_the_adapters_right(certify):
    """Unique per list is all the contract asks: bare row numbers certify."""
    run = certify("fake_adapters:bare_row_ids")
    assert run.count("passed") == len(run.rows) and run.exit_status == 0


def test_a_change_to_another_prospect_is_seen_even_when_its_id_is_the_prospects_customers(
    certify,
):
    """The prospect's own records are told apart list by list: business relation "1" of
    another prospect is not the prospect's own because its customer account is "1" too."""
    run = certify("fake_adapters:renames_by_row_id", k="p2c_gen_12")
    assert run.ids("failed") == {"p2c_gen_12"}


def test_a_contact_both_primary_and_associated_is_associated_with_the_account(certify):
    run = certify("fake_adapters:primary_and_associated", k="p2c_s1_04 or p2c_gen_06")
    assert run.count("passed") == len(run.rows) and run.rows
