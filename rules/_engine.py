"""Runs the sync rules on durable-rules, one user action at a time, as one transaction.

How a user action flows, all of it on the thread that called :meth:`Engine.run`:

1. The adapter hands the engine a *command* (the action's name and arguments).
2. The engine adds to it what the rules see of the store with it: the fields its *view* returns,
   if it has one (``views``: what the rules decide on, such as whether the prospect a change
   names is retired, looked up when the change is asserted, so that conditions can test it). It
   asserts the whole as a durable-rules fact (``Ruleset.assert_fact``), then takes the actions
   of every rule whose condition matched and runs them (``Ruleset.do_actions``). Facts, unlike
   durable-rules events, are seen by every matching rule. The facts of an action are retracted
   together when it ends (one call to durable-rules, not one per fact: every condition is over one
   fact, so a fact that stays a little longer cannot make a rule fire again).
3. A rule's action reads and writes the store and may *emit* changes ("scm.prospect_created").
   Each emitted change is asserted the same way, depth first: the changes a rule emits are
   handled, with everything they trigger, before the next change in line, and the changes the
   rules matching one fact emit are handled in the order the rules are declared. So a rule can
   rely on what it emitted before having happened.
4. All of it runs in one SQLite transaction. If any rule refuses, or crashes, the transaction is
   rolled back and both systems are exactly as they were.

durable-rules catches exceptions raised inside an action and only records them in the session
state, where they stay; so the engine catches them itself, in the wrapper around every action,
and raises them from :meth:`Engine.run` once durable-rules has handed back the fact (the facts of
the action are retracted all the same).

The rulesets are never registered with durable-rules' host (``lang.get_host()``): the engine
builds each one as a ``durable.engine.Ruleset`` and calls it directly. The host dispatches every
ruleset it knows from its own ``threading.Timer`` threads every 0.2 s (``Host._run`` →
``Ruleset.dispatch`` → ``start_action``), and so takes any action that is pending: one asserted
but not yet taken by the caller. Such an action ran on the timer's thread, where the SQLite
connection cannot be used, and outside the caller's failure handling, where a refusal was lost and
the user's action went through (issue 12). No timer knows these rulesets, so every action runs on
the caller's thread, inside the transaction.

Rulesets are process-global by name in durable-rules and are never freed, so each variant of the
rules (the reference, each mutant) is declared once per process, and each engine is one session
(``sid``) of it, deleted when the engine closes.
"""

from __future__ import annotations

import threading
import traceback
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NoReturn

from p2c_kit import Refused
from p2c_reference._durable import EngineError, engine, lang
from p2c_reference._store import Store

Fact = Mapping[str, Any]
Action = Callable[["Sync", Fact], None]
Deployment = Literal["gab", "no_gab"]
#: What the rules see of the store with a change: more fields for its fact, from the store and
#: the change's own data.
View = Callable[[Store, Fact], dict[str, Any]]


class RuleCrashed(RuntimeError):
    """A rule's action raised something other than a refusal: a bug in the rules."""


@dataclass(frozen=True)
class Rule:
    """One documented behaviour: the change it reacts to, a durable-rules condition over that
    change (None: any), the deployment it holds in (None: both), what it does, and the
    requirements it implements (ids of ``features/requirements.toml``; none for a rule of the
    adapter contract)."""

    name: str
    change: str
    condition: Any
    action: Action
    deployment: Deployment | None = None
    implements: tuple[str, ...] = ()

    @property
    def when(self) -> Any:
        """The full durable-rules condition: the change, the rule's condition, its deployment."""
        expression = lang.m.change == self.change
        if self.condition is not None:
            expression = expression & self.condition
        if self.deployment is not None:
            expression = expression & (lang.m.gab == (self.deployment == "gab"))
        return expression

    @property
    def cites(self) -> str:
        """The source-document citation: the first line of the action's docstring."""
        return (self.action.__doc__ or "").strip().splitlines()[0]


class Sync:
    """What a rule's action works with: the store, the deployment, and the change loop."""

    def __init__(self, store: Store, configuration: Mapping[str, Any]) -> None:
        self.store = store
        self.configuration = configuration
        self.rule = ""
        self.emitted: list[tuple[str, dict[str, Any]]] = []
        self.answer: dict[str, Any] = {}

    @property
    def gab(self) -> bool:
        """Whether the dual-write GAB solution is deployed."""
        return bool(self.configuration.get("deployment") == "gab")

    def emit(self, change: str, **data: Any) -> None:
        """Announce a change for other rules to react to."""
        self.emitted.append((change, data))

    def reply(self, **result: Any) -> None:
        """Add to the result of the user's action."""
        self.answer.update(result)

    def refuse(self, reason: str, field: str | None = None) -> NoReturn:
        """Refuse the user's action: nothing of it, on either side, is kept."""
        raise Refused(rule=self.rule, reason=reason, field=field)


_declared: dict[str, tuple[dict[str, Rule], Any]] = {}  # name: (rules, durable-rules Ruleset)
_sessions: dict[str, Engine] = {}


def _declare(ruleset_name: str, rules: Mapping[str, Rule]) -> Any:
    """The durable-rules ruleset of these rules, created on first use (see the module docstring
    for why the host never sees it)."""
    declared = _declared.get(ruleset_name)
    if declared is not None:
        if declared[0] != dict(rules):
            raise ValueError(
                f"ruleset {ruleset_name!r} is declared already, with other rules: name each "
                "variant of the rules differently"
            )
        return declared[1]

    def definition() -> dict[str, Any]:
        # Outside a ``lang.ruleset`` block, ``when_all`` only builds the rule: nothing registers
        # it. Built anew for each try: durable-rules' Ruleset takes each rule's action out of
        # the definition it is given, even when its C engine then refuses it.
        return {
            f"r_{index}": lang.when_all(rule.when)(_durable_action(rule)).define()
            for index, rule in enumerate(rules.values())
        }

    # No host: a ruleset uses it only for an action that posts to another ruleset, which these
    # never do. Created now, so that a bad condition fails here, not mid-scenario.
    ruleset = _created(ruleset_name, definition)
    _declared[ruleset_name] = (dict(rules), ruleset)
    return ruleset


#: How often a ruleset's creation is tried: durable-rules 2.0.28's C engine now and then refuses
#: a definition it accepts on the next try ("Could not create ruleset, error code: 102", its
#: ERR_UNEXPECTED_TYPE): whether it does depends on what the process allocated before (measured:
#: about one creation in a thousand or two, the same one again under the same PYTHONHASHSEED,
#: created at the next try in every case seen). A definition refused every time is refused.
_CREATION_ATTEMPTS = 3


def _created(ruleset_name: str, definition: Callable[[], dict[str, Any]]) -> Any:
    for attempt in range(1, _CREATION_ATTEMPTS + 1):
        try:
            return engine.Ruleset(ruleset_name, None, definition())
        except EngineError as error:
            if "error code: 102" not in str(error) or attempt == _CREATION_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _durable_action(rule: Rule) -> Callable[[Any], None]:
    # durable-rules treats an action with two parameters as asynchronous: keep exactly one.
    def action(c: Any) -> None:
        # c.m: the fact the rule matched, a durable-rules Content; items() is its public reading
        fact = dict(c.m.items())
        _sessions[fact["sid"]].fire(rule, fact)

    action.__name__ = rule.name
    return action


class Engine:
    """One independent session of a ruleset over one store; ``views``: by change, what the rules
    see of the store with it."""

    def __init__(
        self,
        rules: Mapping[str, Rule],
        ruleset_name: str,
        store: Store,
        views: Mapping[str, View] | None = None,
    ) -> None:
        self._ruleset = _declare(ruleset_name, rules)
        self._views = views or {}
        self._sid = uuid.uuid4().hex
        self._facts: list[dict[str, Any]] = []
        self._facts_asserted = 0  # each fact's id in the session
        self.store = store
        self.configuration: Mapping[str, Any] = {}
        self._sync = Sync(store, self.configuration)
        self._failure: BaseException | None = None
        self._caller: int | None = None  # the thread in :meth:`run`, while it runs
        self._stray: RuleCrashed | None = None  # a rule durable-rules ran on another thread
        self._session_started = False
        self.fired: list[str] = []
        #: the changes the last action went through, in order, as (change, data): the data the
        #: rules saw, its view's fields included
        self.changes: list[tuple[str, dict[str, Any]]] = []
        _sessions[self._sid] = self

    def close(self) -> None:
        _sessions.pop(self._sid, None)
        if self._session_started:  # durable-rules has no state for a session it never saw
            self._ruleset.delete_state(self._sid)
            self._session_started = False

    def configure(self, configuration: Mapping[str, Any]) -> None:
        self.configuration = configuration
        self._sync = Sync(self.store, configuration)

    def run(self, command: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
        """Carry out one user action and all the sync it triggers, as one transaction.

        Returns the action's result; raises :class:`~p2c_kit.Refused` when a rule refused it (and
        :class:`RuleCrashed` when a rule broke), in both cases with nothing changed.
        """
        sync = self._sync
        sync.answer, sync.emitted, self.fired, self.changes = {}, [], [], []
        self._failure, self._caller = None, threading.get_ident()
        try:
            with self.store.transaction():
                if not self._assert(command, dict(arguments)):
                    raise RuleCrashed(f"no rule handles the action {command!r}")
                pending = deque(self._take_emitted())
                while pending:
                    change, data = pending.popleft()
                    self._assert(change, data)
                    pending.extendleft(reversed(self._take_emitted()))
                if self._stray is not None:
                    raise self._stray
        finally:
            sync.emitted = []  # what a refused action emitted must not reach the next one
            try:
                if self._facts:
                    self._take_actions(self._ruleset.retract_facts(self._facts))
            finally:
                self._facts, self._caller = [], None
        return sync.answer

    def _take_emitted(self) -> list[tuple[str, dict[str, Any]]]:
        emitted, self._sync.emitted = self._sync.emitted, []
        return emitted

    def _assert(self, change: str, data: dict[str, Any]) -> bool:
        """Fire every rule matching ``change``, seen with its view; whether any did."""
        view = self._views.get(change)
        if view is not None:
            data = {**data, **view(self.store, data)}
        self.changes.append((change, data))
        self._facts_asserted += 1
        fact = {
            **data,
            "sid": self._sid,
            "id": self._facts_asserted,
            "change": change,
            "gab": self._sync.gab,
        }
        try:
            state = self._ruleset.assert_fact(fact)
        except engine.MessageNotHandledException:
            # no rule reacts to this change: nothing to sync. Nor has durable-rules any state for
            # the session if this was its first fact, and deleting a state it does not have
            # crashes the interpreter (a segmentation fault in delete_state)
            return False
        self._session_started = True
        self._facts.append(fact)
        self._take_actions(state)
        if self._failure is not None:
            raise self._failure
        return True

    def _take_actions(self, state: Any) -> None:
        """Run the pending actions of the session, here (what ``Host._handle_function`` does);
        raise what durable-rules itself reports."""
        errors: list[BaseException] = []

        def complete(error: BaseException | None, _state: Any) -> None:
            if error:
                errors.append(error)

        self._ruleset.do_actions(state, complete)
        if errors:
            raise errors[0]

    def fire(self, rule: Rule, fact: Fact) -> None:
        """Called by durable-rules for each matching rule."""
        if threading.get_ident() != self._caller:
            # Cannot happen while no other thread knows the ruleset. Should it ever, the rule
            # stays off the store (bound to its thread), and every later action of this engine
            # fails with this error, rolled back.
            self._stray = RuleCrashed(
                f"rule {rule.name!r} was run on another thread than Engine.run's, on "
                f"{fact.get('change')!r}: the engine cannot be trusted any more"
            )
            return
        if self._failure is not None:
            return  # the action is refused already; the rest is rolled back anyway
        self.fired.append(rule.name)
        self._sync.rule = rule.name
        try:
            rule.action(self._sync, fact)
        except Refused as refusal:
            self._failure = refusal
        except Exception as error:
            self._failure = RuleCrashed(
                f"rule {rule.name!r} crashed on {fact.get('change')!r}: {error!r}\n"
                + traceback.format_exc()
            )
