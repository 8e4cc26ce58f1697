"""The exploration: model-based testing of an implementation beyond the documented order, which
``p2c explore`` runs (through the test of :mod:`p2c_kit.conformance.explore`).

The features check the documented steps in the documented order. Exploration drives an adapter
through sequences Hypothesis draws from the user's actions (the features' own steps, on several
prospects at once, interleaved, with refused actions among them) and checks every explored
property (:mod:`p2c_kit._specification.properties`) after every action. A failure shrinks to a
shortest sequence and is written as a Gherkin scenario in the kit's step language, which
``p2c certify --features`` runs.

Every sequence starts from master data and incidental data drawn for a key Hypothesis chooses
(``explore:<n>``), one in four with the prospect and customer number sequences overlapping.
"""

from __future__ import annotations

import hashlib
import textwrap
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from faker import Faker
from hypothesis import HealthCheck, Phase, Verbosity, reject, seed, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from hypothesis.errors import Flaky, Unsatisfiable
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from p2c_kit import steps
from p2c_kit._contract.adapter import Configuration, Deployment, System
from p2c_kit._contract.errors import ContractError, KitError, Skipped, UsageError
from p2c_kit._options import MAX_EXAMPLES, STEPS
from p2c_kit._progress import advance
from p2c_kit._specification.assertions import Mismatch
from p2c_kit._specification.configuration import configuration
from p2c_kit._specification.properties import (
    CONVERSIONS,
    PROPERTIES,
    Property,
    check_all,
    owners,
    subject,
)
from p2c_kit._specification.world import Prospect, World
from p2c_kit._text import printable
from p2c_kit._transports.driver import Driver
from p2c_kit._transports.stdio import AdapterProcess
from p2c_kit.steps import SalesAddressPlace

if TYPE_CHECKING:
    from typing import Never

    from tqdm import tqdm

#: At most this many prospects in a sequence, and this many tries of what a reading refuses:
#: more of either would leave fewer actions for the prospects' flows.
PROSPECTS = 4
PROBES = 3
DUPLICATE_NUMBER_REFUSED = "assumption_duplicate_number_refused"
UNKNOWN_GROUP_REFUSED = "assumption_unknown_customer_group_refused"

#: Which of the step language's prospects the rules pick from: any index, reduced modulo the
#: candidates, so that shrinking goes to the first.
_PICK = st.integers(min_value=0, max_value=15)
_ROLE = st.sampled_from(("delivery", "invoice"))


#: The kinds of prospect the user creates: the capabilities each needs, and its step.
PROSPECT_KINDS: dict[str, tuple[set[str], str, Callable[..., None], *tuple[Any, ...]]] = {
    "organization in SCM": (
        set(),
        "the user creates a prospect of type organization in SCM",
        steps.scm_create_prospect,
        "organization",
    ),
    "person in SCM": (
        {"person_prospects"},
        "the user creates a prospect of type person in SCM",
        steps.scm_create_prospect,
        "person",
    ),
    "account in Sales": (
        {"prospects_from_sales"},
        "the user creates an account of relationship type Prospect in Sales with an account "
        "number of their choice",
        steps.sales_create_prospect_account,
    ),
    "contact in Sales": (
        {"prospects_from_sales", "person_prospects"},
        "the user creates a contact with Is Prospect set to Yes in Sales",
        steps.sales_create_prospect_contact,
    ),
}


#: The step an explored scenario ends with when a property does not hold: it checks that one.
THEN = (steps.explored_property_holds, 'the explored property "{name}" holds')


@dataclass(frozen=True)
class Options:
    """How an exploration goes; checked when made (one clear error for a bad value)."""

    max_examples: int = MAX_EXAMPLES
    steps: int = STEPS
    #: The sequences' seed; None: Hypothesis draws one (and ``derandomize`` fixes it).
    seed: int | None = None
    derandomize: bool = False
    #: Hypothesis' example database: the failures found, tried first next time (not with
    #: ``derandomize``); None for none.
    database: Path | None = None
    #: Which part of the deployment's sequences, and of how many (``-n``): each its own seed.
    shard: tuple[int, int] = (0, 1)

    def __post_init__(self) -> None:
        if self.max_examples < 1:
            raise UsageError(f"--max-examples {self.max_examples}: at least one sequence")
        if self.steps < 1:
            raise UsageError(f"--steps {self.steps}: at least one action per sequence")
        if self.derandomize and self.seed is not None:
            raise UsageError("--derandomize and --seed: give one, they both fix the sequences")

    def hypothesis_seed(self, deployment: Deployment) -> int | None:
        """The seed Hypothesis gets: the user's (or, derandomized, a fixed one), told apart by
        deployment and shard, so that each explores sequences of its own."""
        if self.seed is None and not self.derandomize:
            return None
        given = "derandomized" if self.seed is None else self.seed
        text = f"p2c explore {given} {deployment} {self.shard}"
        return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


@dataclass
class Failure:
    """A sequence that breaks the document or the contract, shrunk."""

    #: "property": an explored property does not hold; "step": a step failed (a documented
    #: action was refused, or the lookup did not offer the address to choose); "adapter": the
    #: adapter crashed, hung or answered outside the contract (never a property failure).
    kind: str
    message: str
    gherkin: str
    property: str | None = None
    implements: tuple[str, ...] = ()
    reading: str | None = None

    def as_json(self, reproduce: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "property": self.property,
            "implements": list(self.implements),
            "reading": self.reading,
            "message": self.message,
            "gherkin": self.gherkin,
            "reproduce": reproduce,
        }


@dataclass
class Tally:
    """What an exploration did, across all its sequences."""

    sequences: int = 0
    actions: int = 0
    checks: int = 0
    seconds: float = 0.0
    #: The steps the adapter skipped (a declared gap), with its reason: not taken again.
    skipped: dict[str, str] = field(default_factory=dict)


class _Found(Exception):
    """A failure in a sequence; Hypothesis shrinks the sequence and raises it again."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class _Failed(_Found, AssertionError):
    """A property that does not hold, or a step that fails."""


class _AdapterFailed(_Found):
    pass


class _AdapterRaised(Exception):
    """Whatever the adapter raised that is not one of the contract's exceptions: its own
    exceptions, SystemExit, pytest's skip, xfail or fail, Hypothesis' own signals. Never taken
    for a passing sequence, nor for a failure of the kit's own code."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(repr(error))
        self.error = error


class _Guarded:
    """The driver, with what the adapter raises told apart from the kit's own errors."""

    def __init__(self, driver: Driver) -> None:
        self._driver = driver

    def _guard(self, method: str, *arguments: Any) -> Any:
        try:
            return getattr(self._driver, method)(*arguments)
        except (KitError, KeyboardInterrupt):  # the contract's own, or the user's Ctrl-C
            raise
        except BaseException as error:
            raise _AdapterRaised(error) from error

    def reset(self, configuration: Configuration) -> None:
        self._guard("reset", configuration)

    def perform(self, action: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = self._guard("perform", action, arguments)
        return result

    def query(self, system: System) -> dict[str, Any]:
        records: dict[str, Any] = self._guard("query", system)
        return records


class _AdapterBroke(BaseException):
    """The adapter process died or was ended (it hung, or broke the protocol): no sequence can
    run any more, so none is shrunk. A BaseException, which Hypothesis does not take for a
    failure to shrink but lets through."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


@dataclass
class Exploration:
    """One deployment explored: the figures, and the failure found if any."""

    deployment: Deployment
    properties: list[Property]
    options: Options
    tally: Tally = field(default_factory=Tally)
    failure: Failure | None = None

    def as_json(self, reproduce: str, markexpr: str | None = None) -> dict[str, Any]:
        """The exploration as ``schemas/v2/explored.json`` has it; ``reproduce``: the command
        that explores the same sequences again."""
        return {
            "deployment": self.deployment,
            "shard": f"{self.options.shard[0] + 1}/{self.options.shard[1]}",
            "max_examples": self.options.max_examples,
            "steps": self.options.steps,
            "seed": self.options.seed,
            "skipped": dict(self.tally.skipped),
            "derandomize": self.options.derandomize,
            "markexpr": markexpr,
            "sequences": self.tally.sequences,
            "actions": self.tally.actions,
            "properties": [prop.name for prop in self.properties],
            "properties_checked": self.tally.checks,
            "seconds": round(self.tally.seconds, 3),
            "failure": self.failure.as_json(reproduce) if self.failure else None,
        }


def explore(
    driver: Driver,
    deployment: Deployment,
    properties: list[Property],
    options: Options,
    progress: tqdm[Never] | None = None,
) -> Exploration:
    """Explore ``driver``'s implementation in ``deployment``, checking ``properties`` after
    every action; the figures, and the shrunk failure if one was found. ``progress`` is
    advanced by one after every sequence."""
    exploration = Exploration(deployment, properties, options)
    machine = _machine(driver, deployment, properties, exploration.tally, progress)
    if options.hypothesis_seed(deployment) is not None:
        machine = seed(options.hypothesis_seed(deployment))(machine)
    database = (
        DirectoryBasedExampleDatabase(options.database)
        if options.database is not None and not options.derandomize
        else None
    )
    started = time.perf_counter()
    try:
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=options.max_examples,
                stateful_step_count=options.steps,
                database=database,
                deadline=None,
                verbosity=Verbosity.quiet,
                report_multiple_bugs=False,
                # slow adapters, sequences the adapter's skips cut short, long sequences
                suppress_health_check=[
                    HealthCheck.too_slow,
                    HealthCheck.filter_too_much,
                    HealthCheck.data_too_large,
                    HealthCheck.large_base_example,
                ],
                phases=[phase for phase in Phase if phase is not Phase.explain],
            ),
        )
    except (_Found, _AdapterBroke) as found:
        exploration.failure = found.failure
    except Flaky as flaky:  # found once, gone when Hypothesis ran the sequence again
        exploration.failure = Failure(
            "adapter",
            "a sequence failed, then passed when run again from a reset: the implementation "
            f"keeps state across reset, or answers at random ({type(flaky).__name__})",
            "",
        )
    except Unsatisfiable:  # every sequence began with a step the adapter skips
        exploration.failure = Failure(
            "adapter", "no sequence could run: the adapter skipped the first steps of all", ""
        )
    exploration.tally.seconds = time.perf_counter() - started
    return exploration


def _machine(
    driver: Driver,
    deployment: Deployment,
    properties: list[Property],
    tally: Tally,
    progress: tqdm[Never] | None,
) -> type[RuleBasedStateMachine]:
    """The state machine of one exploration: its rules are the user's actions the adapter's
    capabilities allow in ``deployment``."""
    capabilities = driver.capabilities
    guarded = _Guarded(driver)
    from_sales = "prospects_from_sales" in capabilities
    quotations = "quotations_from_scm" in capabilities
    quotes = from_sales and "quotes_from_sales" in capabilities
    #: The readings whose properties are checked: the refusals they read into the document are
    #: tried only then (else nothing would be expected of the attempt).
    readings = {prop.reading for prop in properties if prop.reading}
    gab = deployment == "gab"
    kinds = [kind for kind, (needs, *_) in PROSPECT_KINDS.items() if needs <= capabilities]
    faker = Faker("en_US")

    class Sequence(RuleBasedStateMachine):
        """One sequence of the user's actions, from empty systems."""

        def __init__(self) -> None:
            super().__init__()
            self.world: World | None = None
            self.lines: list[str] = []
            self.needs: set[str] = {deployment}
            #: The numbers of the prospects converted so far (a conversion accepted).
            self.converted: set[str] = set()
            #: How many tries of what a reading refuses so far: probes, not flows, kept few.
            self.probes = 0
            #: The prospects with a quotation or a quote; the latest quotation's and quote's
            #: prospect and stage (the steps act on the latest of each).
            self.quoted: set[str] = set()
            self.quotation: tuple[Prospect, str] | None = None
            self.quote: tuple[Prospect, str] | None = None
            tally.sequences += 1

        # -- the world and its Gherkin ----------------------------------------------------

        @initialize(
            key=st.integers(min_value=0, max_value=2**20),
            # one sequence in four: the first prospect in SCM cannot be converted
            overlap=st.integers(min_value=0, max_value=3).map(lambda n: n == 3),
            first=st.sampled_from(kinds),
        )
        def draw_the_data_and_create_a_prospect(self, key: int, overlap: bool, first: str) -> None:
            """Every sequence starts with a prospect: without one, most actions have nothing to
            act on (and Hypothesis' swarm testing would leave some sequences only leads)."""
            name = f"explore:{key}"
            self.world = World(guarded, faker, configuration(deployment))  # type: ignore[arg-type]
            self.world.under_test = True
            steps.data_drawn_for(self.world, name)
            self.lines.append(f'the master data and incidental data drawn for "{name}"')
            if overlap:
                steps.sequences_overlap(self.world)
                steps.legacy_customer_with_next_prospect_number(self.world)
                self.lines += [
                    "the prospect and customer number sequences in SCM overlap",
                    "SCM has a customer account from before the integration with the number "
                    "the prospect number sequence issues next",
                ]
            self.givens = len(self.lines)
            self.create_a_prospect(first)

        def teardown(self) -> None:
            if progress is not None:
                advance(progress, tally.sequences, f"{tally.actions:,} actions")

        def _stories(self, origin: str, **wanted: Any) -> list[Prospect]:
            """The prospects created in ``origin`` with these attributes (and ``converted``)."""
            world = self._world
            converted = self.converted
            chosen = []
            for prospect in world.prospects:
                if prospect.origin != origin:
                    continue
                if "converted" in wanted and (prospect.number in converted) != wanted["converted"]:
                    continue
                if "party_type" in wanted and prospect.party_type != wanted["party_type"]:
                    continue
                chosen.append(prospect)
            return chosen

        @property
        def _world(self) -> World:
            assert self.world is not None
            return self.world

        def _customers_from_before(self) -> set[str]:
            return {c["account"] for c in self._world.configuration["scm"]["customers"]}

        def _do(
            self, text: str, step: Callable[..., None], *arguments: Any, on: Prospect | None = None
        ) -> None:
            """Take one step of the step language, on prospect ``on``; then check every
            property."""
            world = self._world
            if text in tally.skipped:
                reject()  # a gap the adapter declared: no sequence takes the step
            if on is not None and world.prospect is not on:
                index = world.prospects.index(on) + 1
                steps.turn_to_prospect(world, index)
                self.lines.append(f"the user turns to prospect {index}, in the order created")
            self.lines.append(text)
            tally.actions += 1
            try:
                try:
                    step(world, *arguments)
                except Mismatch as mismatch:
                    if text.startswith("the user tries"):  # refused, yet something changed
                        prop = PROPERTIES["refused_action_changes_nothing"]
                        self._fail("property", str(mismatch), prop, then=False)
                    self._fail("step", str(mismatch), None, then=False)
                failing = next(check_all(world, properties), None)
            except _Found:
                raise
            except Skipped as skip:
                # a gap the adapter declares: the step is not taken again, and this sequence,
                # cut short, is dropped
                tally.skipped[text] = str(skip)
                reject()
            except KitError as error:
                if not isinstance(error, ContractError):
                    raise  # the kit's own error: no verdict
                self._adapter(f"{type(error).__name__}: {error}")
            except _AdapterRaised as raised:
                self._adapter(f"the adapter raised {raised.error!r}")
            finally:
                tally.checks += len(properties)
            last = world.history[-1] if world.history else None
            if last is not None and last.refusal is None and last.action in CONVERSIONS:
                self.converted.add(subject(last, owners(world.history)) or "")
            if failing is not None:
                prop, failure = failing
                self._fail("property", str(failure), prop, then=True)

        def _adapter(self, message: str) -> None:
            failure = Failure("adapter", message, self._gherkin("adapter", None, then=False))
            if isinstance(driver.adapter, AdapterProcess) and not driver.adapter.running:
                raise _AdapterBroke(failure)
            raise _AdapterFailed(failure)

        def _fail(self, kind: str, message: str, prop: Property | None, *, then: bool) -> None:
            gherkin = self._gherkin(kind, prop, then=then)
            raise _Failed(
                Failure(
                    kind,
                    message,
                    gherkin,
                    prop.name if prop else None,
                    prop.implements if prop else (),
                    prop.reading if prop else None,
                )
            )

        def _gherkin(self, kind: str, prop: Property | None, *, then: bool) -> str:
            return gherkin_scenario(
                self.lines, self.givens, deployment, self.needs, kind, prop, then
            )

        # -- creating prospects -------------------------------------------------------------

        @precondition(lambda self: len(self._world.prospects) < PROSPECTS)
        @rule(kind=st.sampled_from(kinds))
        def create_a_prospect(self, kind: str) -> None:
            """One rule for every kind: creating prospects is not drawn more often than the
            other actions because there are several kinds."""
            needs, text, step, *arguments = PROSPECT_KINDS[kind]
            self.needs |= needs
            self._do(text, step, *arguments)

        @precondition(
            lambda self: (
                self.probes < PROBES
                and from_sales
                and bool(readings & {DUPLICATE_NUMBER_REFUSED, UNKNOWN_GROUP_REFUSED})
            )
        )
        @rule(pick=_PICK, unknown_group=st.booleans())
        def try_what_a_reading_refuses(self, pick: int, unknown_group: bool) -> None:
            """One rule for the refusals the kit reads into the document, where their readings
            are checked: a second prospect account with a number in use, a conversion in Sales
            with a customer group SCM does not have."""
            self.probes += 1
            accounts = self._stories("Sales", converted=False, party_type="organization")
            if DUPLICATE_NUMBER_REFUSED not in readings:
                unknown_group = True
            if UNKNOWN_GROUP_REFUSED not in readings or not accounts:
                unknown_group = False
            if unknown_group:
                self._do(
                    "the user tries to change the relationship type of the account to Customer "
                    "with a customer group that does not exist in SCM",
                    steps.sales_try_convert_account,
                    on=accounts[pick % len(accounts)],
                )
                return
            prospects = self._world.prospects
            if DUPLICATE_NUMBER_REFUSED not in readings:
                return
            self._do(
                "the user tries to create another account of relationship type Prospect in "
                "Sales with the same account number",
                steps.sales_try_duplicate_prospect_account,
                on=prospects[pick % len(prospects)],
            )

        @rule()
        def create_lead(self) -> None:
            """Always possible: a sequence never runs out of actions."""
            self._do("the user creates a lead in Sales", steps.sales_create_lead)

        # -- in SCM ---------------------------------------------------------------------------

        @precondition(lambda self: bool(self._stories("SCM")))
        @rule(pick=_PICK, role=_ROLE)
        def add_address_in_scm(self, pick: int, role: str) -> None:
            chosen = self._stories("SCM")
            prospect = chosen[pick % len(chosen)]
            if prospect.number in self.converted:  # the document adds none to a customer
                self._do(
                    f"the user tries to add an address of role {role} to the customer in SCM",
                    steps.scm_try_add_address_to_customer,
                    role,
                    on=prospect,
                )
                return
            self._do(
                f"the user adds an address of role {role} to the prospect in SCM",
                steps.scm_add_address,
                role,
                on=prospect,
            )

        @precondition(lambda self: bool(self._stories("SCM")))
        @rule(pick=_PICK)
        def create_contact_in_scm(self, pick: int) -> None:
            chosen = self._stories("SCM")
            prospect = chosen[pick % len(chosen)]
            if prospect.number in self.converted:  # the document creates none for a customer
                self._do(
                    "the user tries to create a contact for the customer in SCM",
                    steps.scm_try_create_contact_for_customer,
                    on=prospect,
                )
                return
            self._do(
                "the user creates a contact for the prospect in SCM",
                steps.scm_create_contact,
                on=prospect,
            )

        def _convertible_in_scm(self) -> list[Prospect]:
            """The prospects created in SCM, those converted already only where the reading that
            a second conversion is refused is checked (else nothing is expected of one)."""
            again = "assumption_retired_prospect_not_converted_again" in readings
            return self._stories("SCM") if again else self._stories("SCM", converted=False)

        @precondition(lambda self: bool(self._convertible_in_scm()))
        @rule(pick=_PICK)
        def convert_in_scm(self, pick: int) -> None:
            chosen = self._convertible_in_scm()
            prospect = chosen[pick % len(chosen)]
            converted = prospect.number in self.converted
            if (
                prospect.number in self._customers_from_before() or converted
            ):  # the document's refusal, or a reading's
                self._do(
                    "the user tries to convert the prospect to a customer in SCM",
                    steps.scm_try_convert_prospect,
                    on=prospect,
                )
            else:
                self._do(
                    "the user converts the prospect to a customer in SCM",
                    steps.scm_convert_prospect,
                    on=prospect,
                )

        # -- in Sales -------------------------------------------------------------------------

        @precondition(lambda self: bool(self._stories("Sales", converted=False)))
        @rule(pick=_PICK, role=_ROLE)
        def add_address_on_the_addresses_tab(self, pick: int, role: str) -> None:
            chosen = self._stories("Sales", converted=False)
            if gab:
                text, step = (
                    f"the user adds an address of role {role} on the Addresses tab of the prospect "
                    "in Sales",
                    steps.sales_add_address,
                )
            else:  # "only possible ... when the dual write GAB solution is deployed"
                text, step = (
                    f"the user tries to add an address of role {role} on the Addresses tab of the "
                    "prospect in Sales",
                    steps.sales_try_add_address_with_role,
                )
            self._do(text, step, role, on=chosen[pick % len(chosen)])

        @precondition(lambda self: bool(self._stories("Sales", converted=False)))
        @rule(pick=_PICK)
        def add_address_without_a_role(self, pick: int) -> None:
            chosen = self._stories("Sales", converted=False)
            self._do(
                "the user adds an address without a role on the Addresses tab of the prospect in "
                "Sales",
                steps.sales_add_address_without_role,
                on=chosen[pick % len(chosen)],
            )

        @precondition(lambda self: not gab and bool(self._stories("Sales", converted=False)))
        @rule(pick=_PICK)
        def add_addresses_on_the_summary_tab(self, pick: int) -> None:
            chosen = self._stories("Sales", converted=False)
            self._do(
                "the user adds a delivery address and an invoice address to the prospect in Sales "
                "on the Summary tab",
                steps.sales_add_delivery_and_invoice_addresses,
                SalesAddressPlace.SUMMARY_TAB,
                on=chosen[pick % len(chosen)],
            )

        @precondition(lambda self: bool(self._stories("Sales", converted=False)))
        @rule(pick=_PICK)
        def create_contact_in_sales(self, pick: int) -> None:
            chosen = self._stories("Sales", converted=False)
            self._do(
                "the user creates a contact for the prospect in Sales",
                steps.sales_create_contact,
                on=chosen[pick % len(chosen)],
            )

        @precondition(lambda self: bool(self._stories("Sales", converted=False)))
        @rule(pick=_PICK)
        def convert_in_sales(self, pick: int) -> None:
            chosen = self._stories("Sales", converted=False)
            prospect = chosen[pick % len(chosen)]
            if prospect.party_type == "organization":
                text = (
                    "the user changes the relationship type of the account to Customer and "
                    "selects a customer group other than the prospect customer group"
                )
                self._do(text, steps.sales_convert_account, on=prospect)
            else:
                text = (
                    "the user changes Is Customer of the contact from No to Yes and selects a "
                    "customer group other than the prospect customer group"
                )
                self._do(text, steps.sales_convert_contact, on=prospect)

        # -- quotations in SCM (Scenario 5) ---------------------------------------------------

        def _quotable(self, origin: str) -> list[Prospect]:
            """Organization prospects created in ``origin``, not converted, without a quotation
            or quote yet."""
            return [
                prospect
                for prospect in self._stories(origin, converted=False, party_type="organization")
                if prospect.number not in self.quoted | self._customers_from_before()
            ]

        @precondition(lambda self: quotations and bool(self._quotable("SCM")))
        @rule(pick=_PICK)
        def create_a_quotation(self, pick: int) -> None:
            chosen = self._quotable("SCM")
            prospect = chosen[pick % len(chosen)]
            self.needs.add("quotations_from_scm")
            self._do(
                "the user creates a sales quotation in SCM for the prospect, with lines",
                steps.scm_create_quotation,
                on=prospect,
            )
            self.quoted.add(prospect.number)
            self.quotation = (prospect, "created")

        @precondition(lambda self: self.quotation is not None and self.quotation[1] != "done")
        @rule()
        def take_the_quotation_on(self) -> None:
            """The latest quotation's next step, in the document's order: send it, convert its
            prospect, confirm it; confirmed, the user tries to confirm it again."""
            assert self.quotation is not None
            prospect, stage = self.quotation
            if stage in ("created", "sent") and prospect.number in self.converted:
                self.quotation = (prospect, "done")  # converted another way: nothing documented
            elif stage == "created":
                self._do("the user sends the quotation in SCM", steps.scm_send_quotation)
                self.quotation = (prospect, "sent")
            elif stage == "sent" and prospect.number in self._customers_from_before():
                self._do(  # the document's refusal: the customer account exists
                    "the user tries to select Convert to customer on the quotation in SCM",
                    steps.scm_try_convert_quotation_prospect,
                )
                self.quotation = (prospect, "done")
            elif stage == "sent":
                self._do(
                    "the user selects Convert to customer on the quotation in SCM",
                    steps.scm_convert_quotation_prospect,
                )
                self.quotation = (prospect, "converted")
            elif stage == "converted":
                self._do("the user confirms the quotation in SCM", steps.scm_confirm_quotation)
                self.quotation = (prospect, "confirmed")
            elif "assumption_quotation_confirmed_once" not in readings:
                self.quotation = (prospect, "done")
            else:
                self._do(
                    "the user tries to confirm the quotation in SCM again",
                    steps.scm_try_confirm_quotation,
                )
                self.quotation = (prospect, "done")

        # -- quotes in Sales (Scenario 6) -------------------------------------------------------

        @precondition(lambda self: quotes and bool(self._quotable("Sales")))
        @rule(pick=_PICK)
        def create_a_quote(self, pick: int) -> None:
            chosen = self._quotable("Sales")
            prospect = chosen[pick % len(chosen)]
            self.needs.add("quotes_from_sales")
            self._do(
                "the user creates a quote in Sales with the prospect as potential customer, with "
                "lines",
                steps.sales_create_quote,
                on=prospect,
            )
            self.quoted.add(prospect.number)
            self.quote = (prospect, "created")

        @precondition(lambda self: self.quote is not None and self.quote[1] != "done")
        @rule(ship_to=st.booleans())
        def take_the_quote_on(self, ship_to: bool) -> None:
            """The latest quote's next step, in the document's order: choose its ship-to address
            (with GAB from the address lookup; without GAB, where there is none, the user tries
            to) or activate it; active, create an order from it."""
            assert self.quote is not None
            prospect, stage = self.quote
            if prospect.number in self.converted:
                self.quote = (prospect, "done")  # converted another way: nothing documented
            elif stage == "created" and ship_to and "delivery" in prospect.addresses:
                if gab:
                    self._do(
                        "the user opens the ship-to address lookup on the quote",
                        steps.sales_lookup_ship_to,
                        on=prospect,
                    )
                    self._do(
                        "the user chooses the prospect's delivery address in the lookup",
                        steps.sales_choose_ship_to,
                    )
                else:
                    self._do(
                        "the user tries to choose the prospect's delivery address as the quote's "
                        "ship-to address",
                        steps.sales_try_choose_ship_to,
                        on=prospect,
                    )
                self.quote = (prospect, "addressed")
            elif stage == "created" and ship_to:
                self._do(
                    "the user opens the ship-to address lookup on the quote",
                    steps.sales_lookup_ship_to,
                )
                self.quote = (prospect, "addressed")
            elif stage in ("created", "addressed"):
                self._do("the user activates the quote in Sales", steps.sales_activate_quote)
                self.quote = (prospect, "active")
            else:
                self._do(
                    "the user selects Create order on the quote in Sales", steps.sales_create_order
                )
                self.quote = (prospect, "done")

    Sequence.__name__ = Sequence.__qualname__ = f"Explore_{deployment}"
    return Sequence


def gherkin_scenario(
    lines: list[str],
    givens: int,
    deployment: Deployment,
    needs: set[str],
    kind: str,
    prop: Property | None,
    then: bool,
) -> str:
    """The sequence as a Gherkin scenario of the step language, with its own id, its
    deployment's tag, the capabilities it needs and the reading it rests on: ready to paste into a
    feature file and run with ``p2c certify --features``. ``then``: end with the property's
    step (where the last step does not check it itself)."""
    body = [
        *(
            ("Given" if index == 0 else "And") + " " + line
            for index, line in enumerate(lines[:givens])
        ),
        *(
            ("When" if index == 0 else "And") + " " + line
            for index, line in enumerate(lines[givens:])
        ),
    ]
    if then and prop is not None:
        body.append("Then " + THEN[1].format(name=prop.name))
    digest = hashlib.sha256("\n".join([deployment, *body]).encode()).hexdigest()[:8]
    tags = [
        f"@p2c_ex{digest}_01",
        f"@{deployment}",
        *(f"@requires_{need}" for need in sorted(needs - {deployment})),
        *([f"@{prop.reading}"] if prop is not None and prop.reading else []),
    ]
    what = {
        "property": f"{prop.name if prop else ''} does not hold",
        "step": "the last step fails",
        "adapter": "the adapter fails at the last step",
    }[kind]
    # the digest in the title too: pytest-bdd names a test by its title, and two scenarios
    # with one title in a file would be one test
    title = f"Explored {digest}: {what}"
    source = f'Source: {", ".join(prop.implements)}: "{prop.summary}"' if prop is not None else ""
    lines_out = [" ".join(tags), f"Scenario: {title}"]
    if source:
        lines_out += ["  " + line for line in textwrap.wrap(source, 96)]
        lines_out.append("")
    lines_out += ["  " + line for line in body]
    return "\n".join(lines_out) + "\n"


def failure_text(exploration: Exploration, reproduce: str) -> str:
    """A failure as pytest and ``p2c explore`` show it: what broke, the shortest sequence as a
    scenario, and the command that finds it again."""
    failure = exploration.failure
    if failure is None:
        raise KitError("the exploration found nothing")
    what = {
        "property": f"the explored property {failure.property} does not hold",
        "step": "a step failed: a documented action was refused, or what it needs was not there",
        "adapter": "an adapter error (not a conformance failure: the run cannot be judged)",
    }[failure.kind]
    return (
        f"p2c explore, {exploration.deployment}: {what}\n"
        f"{textwrap.indent(printable(failure.message), '  ')}\n\n"
        "The shortest sequence found, as a scenario: paste it into a .feature file and run it "
        "with p2c certify --features FILE:\n\n"
        f"{textwrap.indent(printable(failure.gherkin), '  ')}\n"
        f"reproduce: {reproduce}"
    )
