"""Adapters that are deliberately partial or broken, to prove the kit reports them right.

Each wraps the reference implementation and changes one thing. (The mutants that break the sync's
requirements live in ``p2c_reference.mutants``; these break the adapter's side of the contract.)
"""

from __future__ import annotations

import copy
import dataclasses
import os
import signal
import subprocess
import sys
import unittest
from typing import Any

import pytest
from harnesses import sleeper

from p2c_kit import Configuration, Implementation, Refused, Skipped
from p2c_kit._contract.numbers import sequence_setup
from p2c_reference import RULES, ReferenceAdapter, Rule
from p2c_reference._engine import Action, Fact, Sync
from p2c_reference._store import address_of, roles_of, stored_roles
from p2c_reference._sync import create_customer

#: Every ``scm_create_prospect`` call the recording adapter saw, in this process.
RECORDED: list[dict[str, Any]] = []


class _Wrapper:
    def __init__(self) -> None:
        self.reference = ReferenceAdapter()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reference, name)


class _GabOnlyCore(_Wrapper):
    def start(self) -> Implementation:
        return {**self.reference.start(), "name": "gab-only core", "capabilities": ["gab"]}


class _WrongShape(_Wrapper):
    def query(self, system: str) -> dict[str, Any]:
        records = self.reference.query(system)
        if system == "scm":
            del records["number_sequences"]
        return records


class _Recording(_Wrapper):
    def scm_create_prospect(self, **arguments: Any) -> dict[str, Any]:
        RECORDED.append(arguments)
        return self.reference.scm_create_prospect(**arguments)


class _BadVersion(_Wrapper):
    def start(self) -> Implementation:
        return {**self.reference.start(), "version": "main"}


def gab_only_core() -> _GabOnlyCore:
    """Declares only the GAB deployment and none of the optional capabilities."""
    return _GabOnlyCore()


def wrong_shape() -> _WrongShape:
    """Returns SCM records without their number sequences."""
    return _WrongShape()


def recording() -> _Recording:
    """The reference, remembering the prospects it was asked to create."""
    return _Recording()


def bad_version() -> _BadVersion:
    """Claims version 'main', which names no release."""
    return _BadVersion()


def crashes_on_start() -> _Wrapper:
    """An adapter whose factory itself fails."""
    raise ConnectionError("the middleware is not reachable")


class _RefusesAfterChanging(_Wrapper):
    def scm_convert_prospect(self, **arguments: Any) -> dict[str, Any]:
        if arguments.get("customer_account", arguments["number"]) != arguments["number"]:
            self.reference.sales_create_lead(topic="t", company="c", first_name="f", last_name="l")
            raise Refused("convert", "the number cannot be changed", field="customer_account")
        return self.reference.scm_convert_prospect(**arguments)


class _WrongSignature(_Wrapper):
    def scm_create_prospect(self, kind: str, title: str) -> dict[str, Any]:
        return self.reference.scm_create_prospect(party_type=kind, name=title)


def refuses_after_changing() -> _RefusesAfterChanging:
    """Refuses a conversion to another number, but only after writing a lead to Sales."""
    return _RefusesAfterChanging()


def wrong_signature() -> _WrongSignature:
    """Names the arguments of scm_create_prospect its own way."""
    return _WrongSignature()


class _RaisesOnContacts(_Wrapper):
    def scm_create_contact(self, **arguments: Any) -> dict[str, Any]:
        raise KeyError("contact persons table")


def raises_on_contacts() -> _RaisesOnContacts:
    """Crashes on scm_create_contact (through p2c_kit.serve, an errored response)."""
    return _RaisesOnContacts()


class _RaisesWithoutAMessage(_Wrapper):
    def scm_add_address(self, **arguments: Any) -> dict[str, Any]:
        raise RuntimeError


def raises_without_a_message() -> _RaisesWithoutAMessage:
    """Crashes on scm_add_address with an exception that says nothing."""
    return _RaisesWithoutAMessage()


class _SkipsContacts(_Wrapper):
    def scm_create_contact(self, **arguments: Any) -> dict[str, Any]:
        raise Skipped("contacts are not applicable to our tenant yet")


def skips_contacts() -> _SkipsContacts:
    """Declares contacts a gap, in words that mention "not applicable"."""
    return _SkipsContacts()


# -- hostile adapters: each tries to earn a pass it should not (tests/test_hostile.py) ---------


class _SkipsWithPytest(_Wrapper):
    def scm_add_address(self, **arguments: Any) -> dict[str, Any]:
        pytest.skip("addresses are not our problem")


def skips_with_pytest() -> _SkipsWithPytest:
    """Skips every scenario that adds an SCM address with pytest.skip, not p2c_kit.Skipped."""
    return _SkipsWithPytest()


class _SkipsInTheKitsWords(_Wrapper):
    def scm_add_address(self, **arguments: Any) -> dict[str, Any]:
        pytest.skip("skipped by the adapter: addresses come later")


def skips_in_the_kits_words() -> _SkipsInTheKitsWords:
    """Skips every scenario that adds an SCM address with pytest.skip, in the words the kit gives
    a declared gap's reason."""
    return _SkipsInTheKitsWords()


class _RaisesUnittestSkip(_Wrapper):
    def scm_add_address(self, **arguments: Any) -> dict[str, Any]:
        raise unittest.SkipTest("addresses are not our problem")


def raises_unittest_skip() -> _RaisesUnittestSkip:
    """Skips every scenario that adds an SCM address with unittest.SkipTest."""
    return _RaisesUnittestSkip()


class _Xfails(_Wrapper):
    def scm_add_address(self, **arguments: Any) -> dict[str, Any]:
        pytest.xfail("addresses are expected to fail")


def xfails() -> _Xfails:
    """Marks every scenario that adds an SCM address as an expected failure, with pytest.xfail."""
    return _Xfails()


class _ExitsEarly(_Wrapper):
    def scm_convert_prospect(self, **arguments: Any) -> dict[str, Any]:
        sys.stdout.flush()
        os._exit(0)  # the whole run stops here, with exit status 0


def exits_early() -> _ExitsEarly:
    """Ends the kit's process with exit status 0 at the first conversion in SCM."""
    return _ExitsEarly()


class _KillsItself(_Wrapper):
    def scm_convert_prospect(self, **arguments: Any) -> dict[str, Any]:
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("unreachable")


def kills_itself() -> _KillsItself:
    """Kills the kit's process at the first conversion in SCM."""
    return _KillsItself()


class _ExitsWithSystemExit(_Wrapper):
    def scm_convert_prospect(self, **arguments: Any) -> dict[str, Any]:
        sys.exit(0)


def exits_with_system_exit() -> _ExitsWithSystemExit:
    """Raises SystemExit(0) at every conversion in SCM."""
    return _ExitsWithSystemExit()


class _StartsASleeper(_Wrapper):
    def start(self) -> Implementation:
        # like a local server: started with the adapter, it inherits the kit's stdout (under
        # pytest's capture, a process started in a scenario would get a capture file instead)
        marker = os.environ["P2C_TEST_SLEEPER"]
        self.sleeper = subprocess.Popen(sleeper.command(marker))
        sleeper.wait_until_started(marker)
        return self.reference.start()


def starts_a_sleeper() -> _StartsASleeper:
    """The reference, which starts a child process when it starts, that sleeps holding the
    kit's stdout (``harnesses/sleeper.py``, named by $P2C_TEST_SLEEPER)."""
    return _StartsASleeper()


# -- 5. master data hard-coded (tests/test_hostile.py) -------------------------------------------

#: The master data every run used to send, which an implementation could take for constants.
OLD_PROSPECT_SEQUENCE = sequence_setup("PR-#####", 1)
OLD_CUSTOMER_SEQUENCE = sequence_setup("CU-#####", 1)
OLD_PROSPECT_CUSTOMER_GROUP = "90"


class _IgnoresConfiguration(ReferenceAdapter):
    def reset(self, configuration: Configuration) -> None:
        hard_coded = copy.deepcopy(configuration)
        scm = hard_coded["scm"]
        scm["number_sequences"]["prospect"] = dict(OLD_PROSPECT_SEQUENCE)
        scm["number_sequences"]["customer"] = dict(OLD_CUSTOMER_SEQUENCE)
        scm["sales_and_marketing_parameters"]["prospect_customer_group"] = (
            OLD_PROSPECT_CUSTOMER_GROUP
        )
        if all(group["code"] != OLD_PROSPECT_CUSTOMER_GROUP for group in scm["customer_groups"]):
            scm["customer_groups"].append(
                {"code": OLD_PROSPECT_CUSTOMER_GROUP, "description": "from prospects"}
            )
        super().reset(hard_coded)


def ignores_configuration() -> ReferenceAdapter:
    """Numbers prospects from ``PR-#####`` at 1 and converts them into customer group 90, as the
    old fixture had it, whatever the configuration says."""
    return _IgnoresConfiguration(variant="ignores_configuration")


# -- 6. conversions broken after the first (tests/test_hostile.py) ---------------------------

#: Successful conversions so far: in this scenario (reset by the adapter), in this process (never).
CONVERSIONS = {"scenario": 0, "process": 0}


def _counted_conversion(counter: str, broken: int | None) -> Action:
    """The reference's conversion rule, counting conversions that succeed; the ``broken``-th
    (every one after the first when None) creates no customer account, yet the user's action
    reports success: S1.3 "A customer account is created" broken."""

    def scm_customer_created_with_prospect_number(sync: Sync, fact: Fact) -> None:
        # the rule's condition holds: the conversion is one that succeeds
        CONVERSIONS[counter] += 1
        if CONVERSIONS[counter] == broken or (broken is None and CONVERSIONS[counter] > 1):
            return
        create_customer(sync, fact, account=fact["number"])

    return scm_customer_created_with_prospect_number


def _with_conversion(action: Action) -> dict[str, Rule]:
    name = "scm_customer_created_with_prospect_number"
    return {**RULES, name: dataclasses.replace(RULES[name], action=action)}


_EVERY_CONVERSION_AFTER_THE_FIRST = _with_conversion(_counted_conversion("scenario", None))
_SECOND_CONVERSION_OF_THE_PROCESS = _with_conversion(_counted_conversion("process", 2))


class _BreaksConversionsAfterTheFirst(ReferenceAdapter):
    def reset(self, configuration: Configuration) -> None:
        CONVERSIONS["scenario"] = 0
        super().reset(configuration)


def breaks_conversions_after_the_first() -> ReferenceAdapter:
    """Within each scenario, every conversion after the first creates no customer account."""
    return _BreaksConversionsAfterTheFirst(
        rules=_EVERY_CONVERSION_AFTER_THE_FIRST, variant="breaks_conversions_after_the_first"
    )


def breaks_the_second_conversion_of_the_run() -> ReferenceAdapter:
    """The second conversion this process carries out creates no customer account."""
    return ReferenceAdapter(
        rules=_SECOND_CONVERSION_OF_THE_PROCESS, variant="breaks_the_second_conversion_of_the_run"
    )


def _ids_rewritten(records: Any, new_id: Any) -> Any:
    """Every ``id`` in ``records``, and every contact a Sales tab names, rewritten by ``new_id``."""
    if isinstance(records, list):
        return [_ids_rewritten(item, new_id) for item in records]
    if not isinstance(records, dict):
        return records
    rewritten = {key: _ids_rewritten(value, new_id) for key, value in records.items()}
    for key in ("id", "primary_contact"):
        if isinstance(rewritten.get(key), str):
            rewritten[key] = new_id(rewritten[key])
    for tab in ("associated_contacts", "contacts_for_party"):
        if tab in rewritten:
            rewritten[tab] = [new_id(id_) for id_ in rewritten[tab]]
    return rewritten


class _OneIdForAll(_Wrapper):
    def query(self, system: str) -> dict[str, Any]:
        return _ids_rewritten(self.reference.query(system), lambda _: "1")


class _IdsOfTheQuery(_Wrapper):
    """Ids made up afresh at each query: nothing keeps its identity from one to the next."""

    def __init__(self) -> None:
        super().__init__()
        self.queries = 0

    def query(self, system: str) -> dict[str, Any]:
        self.queries += 1
        return _ids_rewritten(self.reference.query(system), lambda id_: f"{id_}@{self.queries}")


class _TabNamesNoContact(_Wrapper):
    def query(self, system: str) -> dict[str, Any]:
        records = self.reference.query(system)
        for account in records.get("accounts", []):
            account["associated_contacts"] = ["no-such-contact"]
        return records


def one_id_for_all() -> _OneIdForAll:
    """Gives every record the id "1"."""
    return _OneIdForAll()


def ids_of_the_query() -> _IdsOfTheQuery:
    """Makes up every record's id afresh at each query."""
    return _IdsOfTheQuery()


def tab_names_no_contact() -> _TabNamesNoContact:
    """Puts a contact id that no Sales contact has in every account's Associated contacts tab."""
    return _TabNamesNoContact()


class _BareRowIds(_Wrapper):
    """Ids as the bare row numbers ("1", "2", ...): the same id in several lists, which the
    contract allows (unique per list)."""

    def query(self, system: str) -> dict[str, Any]:
        return _ids_rewritten(self.reference.query(system), lambda id_: id_.rsplit("-", 1)[1])


class _RenamesByRowId(ReferenceAdapter):
    """Bare row ids, and a wrong-key bug: a conversion renames the business relation whose row id
    is the new customer's, another prospect's when the two differ."""

    def query(self, system: str) -> dict[str, Any]:
        return _ids_rewritten(super().query(system), lambda id_: id_.rsplit("-", 1)[1])

    def perform(self, action: str, arguments: Any) -> dict[str, Any]:
        store = self._store  # the reference's store: the bug writes to it directly
        before = {row["id"] for row in store.all("SELECT id FROM scm_customer")}
        result = super().perform(action, arguments)
        for customer in store.all("SELECT id FROM scm_customer"):
            if customer["id"] not in before:
                store.update("scm_business_relation", {"id": customer["id"]}, name="renamed")
        return result


class _PrimaryAndAssociated(ReferenceAdapter):
    """A contact created for an SCM prospect is its Sales account's primary contact and in its
    Associated contacts tab, in both deployments: one contact, named in both places."""

    def perform(self, action: str, arguments: Any) -> dict[str, Any]:
        result = super().perform(action, arguments)
        number = arguments.get("number")
        if action == "scm_create_contact" and self._store.one(
            "SELECT 1 FROM sales_account WHERE number = ?", number
        ):
            contact = self._store.one("SELECT MAX(id) AS id FROM sales_contact")["id"]
            if self._engine.configuration.get("deployment") == "gab":
                self._store.update("sales_account", {"number": number}, primary_contact=contact)
            else:
                self._store.insert(
                    "sales_contact_link", contact=contact, tab="associated_contacts", owner=number
                )
        return result


def bare_row_ids() -> _BareRowIds:
    return _BareRowIds()


def renames_by_row_id() -> _RenamesByRowId:
    return _RenamesByRowId(variant="renames_by_row_id")


def primary_and_associated() -> _PrimaryAndAssociated:
    return _PrimaryAndAssociated(variant="primary_and_associated")


# -- 8. broken only beyond the documented order: what p2c explore finds (tests/test_explore.py) -


class _BreaksTheSecondConversion(ReferenceAdapter):
    def reset(self, configuration: Configuration) -> None:
        CONVERSIONS["scenario"] = 0
        super().reset(configuration)


_SECOND_CONVERSION_OF_THE_SCENARIO = _with_conversion(_counted_conversion("scenario", 2))


def breaks_the_second_conversion() -> ReferenceAdapter:
    """Within each scenario, the second conversion in SCM creates no customer account, yet
    reports success; every other conversion is right."""
    return _BreaksTheSecondConversion(
        rules=_SECOND_CONVERSION_OF_THE_SCENARIO, variant="breaks_the_second_conversion"
    )


_CONVERSIONS = ("scm_convert_prospect", "sales_convert_account", "sales_convert_contact")


class _Remembering(_Wrapper):
    """The reference, with what the user did so far (since the last reset) at hand."""

    def reset(self, configuration: Configuration) -> None:
        self.refused_before = False
        self.marked: set[str] = set()
        self.roles: dict[str, set[str]] = {}
        self.last_scm_number: str | None = None
        self.reference.reset(configuration)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.reference, name)
        if not callable(method) or name in ("start", "query", "stop"):
            return method

        def remembering(**arguments: Any) -> Any:
            try:
                return self.act(name, method, arguments)
            except Refused:
                self.refused_before = True
                raise

        return remembering

    def act(self, name: str, method: Any, arguments: dict[str, Any]) -> Any:
        return method(**arguments)


class _BreaksConversionsAfterARefusalAndAContact(_Remembering):
    def act(self, name: str, method: Any, arguments: dict[str, Any]) -> Any:
        number = arguments.get("number") or arguments.get("for_number")
        if name in ("scm_create_contact", "sales_create_contact") and self.refused_before:
            self.marked.add(number)
        if name in _CONVERSIONS and number in self.marked:  # reports a conversion, makes none
            return {"customer_account": number} if name == "scm_convert_prospect" else {}
        return method(**arguments)


def breaks_conversions_after_a_refusal_and_a_contact() -> _Wrapper:
    """Converts nothing, though it says it did, for a prospect that got a contact after any
    action was refused; every other conversion is right."""
    return _BreaksConversionsAfterARefusalAndAContact()


class _ReusesANumberAfterARefusedCreation(_Remembering):
    def act(self, name: str, method: Any, arguments: dict[str, Any]) -> Any:
        if name == "scm_create_prospect" and self.refused_before and self.last_scm_number:
            # the number sequence stepped back, as if the refused creation had taken a number
            self.reference._store.update(
                "scm_number_sequence",
                {"code": "prospect"},
                next=self.reference._store.one(
                    "SELECT next FROM scm_number_sequence WHERE code = 'prospect'"
                )["next"]
                - 1,
            )
            self.refused_before = False
        result = method(**arguments)
        if name == "scm_create_prospect":
            self.last_scm_number = result["number"]
        return result


def reuses_a_number_after_a_refused_creation() -> _Wrapper:
    """After a refused action, the next prospect created in SCM gets the number of the one
    created before it: its number sequence stepped back."""
    return _ReusesANumberAfterARefusedCreation()


class _ConvertsOnlyFullyAddressed(_Remembering):
    def act(self, name: str, method: Any, arguments: dict[str, Any]) -> Any:
        number = arguments.get("number")
        if name in ("scm_add_address", "sales_add_address"):
            self.roles.setdefault(number, set()).update(arguments["roles"])
        if name == "sales_set_summary_address":
            self.roles.setdefault(number, set()).add(arguments["slot"])
        if name in _CONVERSIONS and self.roles.get(number, set()) != {"delivery", "invoice"}:
            return {"customer_account": number} if name == "scm_convert_prospect" else {}
        return method(**arguments)


def converts_only_fully_addressed() -> _Wrapper:
    """Converts a prospect only when it has a delivery and an invoice address; for any other it
    says it did, and does nothing."""
    return _ConvertsOnlyFullyAddressed()


# -- 9. hostile to p2c explore: what a cold review tried (tests/test_explore.py) ---------------


class _KeepsRolesWithoutGab(_Remembering):
    def reset(self, configuration: Configuration) -> None:
        self.gab = configuration["deployment"] == "gab"
        super().reset(configuration)

    def act(self, name: str, method: Any, arguments: dict[str, Any]) -> Any:
        if name == "sales_add_address" and arguments["roles"] and not self.gab:
            # kept with its roles, not synced: "It is only possible to associate a role ... when
            # the dual write GAB solution is deployed" broken on the Sales side only
            self.reference._store.insert(
                "sales_address",
                owner=arguments["number"],
                tab="addresses",
                roles=stored_roles(arguments["roles"]),
                **address_of(arguments["address"]),
            )
            return {}
        return method(**arguments)


def keeps_roles_without_gab() -> _Wrapper:
    """Without GAB, keeps the roles of an address added on the Sales Addresses tab."""
    return _KeepsRolesWithoutGab()


class _SwapsRolesWhenConvertedInSales(_Remembering):
    def act(self, name: str, method: Any, arguments: dict[str, Any]) -> Any:
        result = method(**arguments)
        if name in ("sales_convert_account", "sales_convert_contact"):
            store = self.reference._store
            swapped = {"delivery": "invoice", "invoice": "delivery"}
            for row in store.all("SELECT * FROM scm_address WHERE owner = ?", arguments["number"]):
                roles = sorted(swapped[role] for role in roles_of(row))
                store.update("scm_address", {"id": row["id"]}, roles=stored_roles(roles))
        return result


def swaps_roles_when_converted_in_sales() -> _Wrapper:
    """A conversion in Sales swaps the delivery and invoice roles of the prospect's SCM
    addresses, now its customer account's."""
    return _SwapsRolesWhenConvertedInSales()


class _XfailsWithoutGab(_Remembering):
    def reset(self, configuration: Configuration) -> None:
        self.gab = configuration["deployment"] == "gab"
        super().reset(configuration)

    def act(self, name: str, method: Any, arguments: dict[str, Any]) -> Any:
        if name == "scm_convert_prospect" and not self.gab:
            pytest.xfail("conversions without GAB are a known issue")
        return method(**arguments)


def xfails_without_gab() -> _Wrapper:
    """Marks the test xfailed at a conversion without GAB, hoping it goes unnoticed."""
    return _XfailsWithoutGab()


class _StopsHypothesisAtTheSecondConversion(_Remembering):
    def reset(self, configuration: Configuration) -> None:
        self.conversions = 0
        super().reset(configuration)

    def act(self, name: str, method: Any, arguments: dict[str, Any]) -> Any:
        if name == "scm_convert_prospect":
            self.conversions += 1
            if self.conversions == 2:  # where its break would show, Hypothesis' own signal
                from hypothesis.control import current_build_context
                from hypothesis.errors import StopTest

                raise StopTest(current_build_context().data.testcounter)
        return method(**arguments)


def stops_hypothesis_at_the_second_conversion() -> _Wrapper:
    """Raises Hypothesis' StopTest at the second conversion in SCM, so that the sequence
    would count as one that passed."""
    return _StopsHypothesisAtTheSecondConversion()


class _ConvertsAgainQuietly(_Remembering):
    def act(self, name: str, method: Any, arguments: dict[str, Any]) -> Any:
        store = self.reference._store
        if name == "scm_convert_prospect" and store.one(
            "SELECT 1 FROM scm_business_relation WHERE number = ? AND relation_type = 'customer'",
            arguments["number"],
        ):
            return {"customer_account": arguments["number"]}  # accepted, and nothing changes
        return method(**arguments)


def converts_again_quietly() -> _Wrapper:
    """Accepts converting a prospect converted already, and changes nothing: conforming but for
    the reading assumption_retired_prospect_not_converted_again."""
    return _ConvertsAgainQuietly()


class _RefusesSendingForAConvertedProspect(_Remembering):
    def act(self, name: str, method: Any, arguments: dict[str, Any]) -> Any:
        store = self.reference._store
        if name == "scm_send_quotation":
            quotation = store.one(
                "SELECT account FROM scm_quotation WHERE number = ?", arguments["quotation"]
            )
            if store.one("SELECT 1 FROM scm_customer WHERE account = ?", quotation["account"]):
                raise Refused("send", "the quotation's prospect is a customer now", "quotation")
        return method(**arguments)


def refuses_sending_for_a_converted_prospect() -> _Wrapper:
    """Refuses to send a prospect's quotation once the prospect is a customer: the document
    never sends one then, so this conforms."""
    return _RefusesSendingForAConvertedProspect()
