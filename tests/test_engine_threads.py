"""Every rule runs on the caller's thread, whatever durable-rules' host does in the background.

durable-rules' host dispatches its rulesets from its own timer threads every 0.2 s
(``Host._run`` → ``Ruleset.dispatch``), taking any action that is pending. These tests hold the
caller between asserting a fact and taking its actions, for up to a second, while the host's timer
threads run: if they can reach the reference's actions, they take them (and the hold ends as soon
as they do). Before the reference kept its rulesets out of the host, both tests failed every time.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from p2c_kit import Refused, render_number
from p2c_kit._specification.configuration import configuration
from p2c_reference import RULES, ReferenceAdapter, Rule, RuleCrashed
from p2c_reference._durable import engine as durable_engine
from p2c_reference._durable import lang
from p2c_reference._engine import Action, Fact, Sync

# also run on Python 3.12 and 3.13 by .ci/run
pytestmark = pytest.mark.smoke

HOLD = 1.0  # seconds: five rounds of the host's dispatch


class Threads:
    """Where each rule ran; ``elsewhere`` is set as soon as one runs off the caller's thread."""

    def __init__(self) -> None:
        self.caller = threading.get_ident()
        self.ran_on: list[tuple[str, int]] = []
        self.elsewhere = threading.Event()

    def watched(self, rule: Rule) -> Action:
        def action(sync: Sync, fact: Fact) -> None:
            self.ran_on.append((rule.name, threading.get_ident()))
            if threading.get_ident() != self.caller:
                self.elsewhere.set()
            rule.action(sync, fact)

        action.__doc__ = rule.action.__doc__
        return action

    def off_the_caller(self) -> list[str]:
        return [name for name, thread in self.ran_on if thread != self.caller]


THREADS = Threads()
# declared once per process, like every variant of the rules: one set of watched rules for all tests
WATCHED = {
    name: dataclasses.replace(rule, action=THREADS.watched(rule)) for name, rule in RULES.items()
}


@pytest.fixture
def watched() -> Iterator[tuple[ReferenceAdapter, Threads]]:
    lang.get_host()  # the host exists, and its timer threads are running
    adapter = ReferenceAdapter(rules=WATCHED, variant="test_threads")
    adapter.reset(configuration("gab"))
    THREADS.caller = threading.get_ident()
    THREADS.ran_on.clear()
    THREADS.elsewhere.clear()
    yield adapter, THREADS
    adapter.stop()


@pytest.fixture
def hold_the_caller(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Calling it holds the caller once, before it takes the actions of the next fact."""
    do_actions = durable_engine.Ruleset.do_actions
    holds = [0]

    def held(self: Any, state_handle: Any, complete: Any) -> None:
        if holds[0]:
            holds[0] -= 1
            THREADS.elsewhere.wait(HOLD)  # a rule run elsewhere ends the hold: the race is lost
        do_actions(self, state_handle, complete)

    monkeypatch.setattr(durable_engine.Ruleset, "do_actions", held)

    def hold() -> None:
        holds[0] = 1

    return hold


def test_an_action_held_while_the_host_dispatches_runs_every_rule_on_the_callers_thread(
    watched, hold_the_caller
):
    adapter, threads = watched
    hold_the_caller()
    result = adapter.scm_create_prospect(party_type="organization", name="Contoso")
    assert threads.off_the_caller() == []
    sequence = configuration("gab")["scm"]["number_sequences"]["prospect"]
    number = render_number(sequence["format"], sequence["next"])
    assert result == {"number": number}
    assert [name for name, _ in threads.ran_on] == [
        "scm_prospect_numbered_from_prospect_sequence",
        "scm_organization_prospect_becomes_sales_prospect_account",
    ]
    assert [a["number"] for a in adapter.query("sales")["accounts"]] == [number]


def test_a_refusal_held_while_the_host_dispatches_is_still_a_refusal_and_changes_nothing(
    watched, hold_the_caller
):
    adapter, threads = watched
    adapter.sales_create_prospect_account(number="ACC-1", name="Fabrikam")
    before = {"sales": adapter.query("sales"), "scm": adapter.query("scm")}
    hold_the_caller()
    with pytest.raises(Refused) as refusal:
        adapter.sales_convert_account(number="ACC-1", customer_group="NO-SUCH-GROUP")
    assert threads.off_the_caller() == []
    assert refusal.value.field == "customer_group"
    assert {"sales": adapter.query("sales"), "scm": adapter.query("scm")} == before


def test_a_rule_run_on_another_thread_during_an_action_is_not_carried_out_and_fails(
    monkeypatch: pytest.MonkeyPatch,
):
    """The engine's guard, should durable-rules ever run an action elsewhere again: while an
    action runs on the caller's thread, a rule fired from another thread is refused, and the
    action and every later one fail with nothing changed."""
    adapter = ReferenceAdapter()
    adapter.reset(configuration("gab"))
    engine = adapter._engine  # the engine itself: only it knows the thread of its action
    rule = RULES["scm_prospect_numbered_from_prospect_sequence"]
    do_actions = durable_engine.Ruleset.do_actions

    def with_a_stray_thread(self: Any, state_handle: Any, complete: Any) -> None:
        fact = {"sid": "any", "id": 1, "change": "scm_create_prospect", "gab": True}
        stray = threading.Thread(target=engine.fire, args=(rule, fact))
        stray.start()
        stray.join()
        do_actions(self, state_handle, complete)

    monkeypatch.setattr(durable_engine.Ruleset, "do_actions", with_a_stray_thread)
    before = {"sales": adapter.query("sales"), "scm": adapter.query("scm")}
    with pytest.raises(RuleCrashed, match="another thread"):
        adapter.scm_create_prospect(party_type="organization", name="Contoso")
    monkeypatch.undo()
    with pytest.raises(RuleCrashed, match="another thread"):
        adapter.scm_create_prospect(party_type="organization", name="Contoso")
    assert {"sales": adapter.query("sales"), "scm": adapter.query("scm")} == before
    adapter.stop()
