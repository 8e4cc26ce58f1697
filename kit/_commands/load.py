"""``p2c load``: the prospect lifecycle at volume, against any adapter.

Implementers of this sync meet volume in their first initial sync of a whole customer base; a
conformance run, a few records per scenario, says nothing about it. The load profile drives the
documented lifecycle for many prospects: each is created on one side (both sides take turns when
the adapter can create prospects in Sales), as an organization or a person (both when it declares
person prospects), gets a delivery and an invoice address and a contact, and is converted to a
customer. Addresses are added where the document has the user add them: in Sales, on the
Addresses tab with roles with the GAB solution, on the Summary tab without it.

As it goes, it checks a sample of the prospects against the document, and at the end it reports
throughput, the latency of each kind of action (p50, p95, p99, as the kit sees it: the adapter's
time plus the kit's contract checks, a few microseconds) and every error.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from faker import Faker
from tabulate import tabulate

from p2c_kit._commands.running import adapter_factory
from p2c_kit._contract.adapter import Adapter, Address, Configuration, Deployment
from p2c_kit._contract.errors import ContractError, KitError, UsageError
from p2c_kit._contract.numbers import sequence_setup, widened
from p2c_kit._contract.schemas import schema_errors
from p2c_kit._progress import advance, progress_bar
from p2c_kit._specification import incidental
from p2c_kit._specification.configuration import configuration, free_initials
from p2c_kit._text import clean
from p2c_kit._transports.driver import Driver
from p2c_kit._transports.processes import contained
from p2c_kit._transports.stdio import AdapterProcess

#: The actions of one prospect's lifecycle, in the order they happen.
LIFECYCLE_ACTIONS = (
    "scm_create_prospect",
    "sales_create_prospect_account",
    "sales_create_prospect_contact",
    "scm_add_address",
    "sales_add_address",
    "sales_set_summary_address",
    "scm_create_contact",
    "sales_create_contact",
    "scm_convert_prospect",
    "sales_convert_account",
    "sales_convert_contact",
)

#: The customer group a prospect converted in Sales gets (the user selects one there).
SALES_CUSTOMER_GROUP_INDEX = 0

#: How many actions one prospect's lifecycle takes: create, two addresses, a contact, convert.
LIFECYCLE_LENGTH = 5

Step = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Mix:
    """Which kinds of prospect a run creates, from the adapter's capabilities."""

    origins: tuple[str, ...]
    party_types: tuple[str, ...]

    @classmethod
    def for_capabilities(cls, capabilities: frozenset[str]) -> Mix:
        origins = ("scm", "sales") if "prospects_from_sales" in capabilities else ("scm",)
        parties = (
            ("organization", "person") if "person_prospects" in capabilities else ("organization",)
        )
        return cls(origins, parties)

    @property
    def kinds(self) -> int:
        """How many kinds of prospect the mix takes turns between."""
        return len(self.origins) * len(self.party_types)

    def of(self, index: int) -> tuple[str, str]:
        """The origin and party type of the ``index``-th prospect: every combination in turn."""
        origin = self.origins[index % len(self.origins)]
        party_type = self.party_types[index // len(self.origins) % len(self.party_types)]
        return origin, party_type


@dataclass
class PlannedProspect:
    """One prospect's lifecycle, its incidental data drawn in advance."""

    index: int
    origin: str
    party_type: str
    deployment: Deployment
    customer_group: str
    create: Step
    addresses: dict[str, Address]
    contact: dict[str, str]

    @classmethod
    def draw(cls, index: int, mix: Mix, config: Configuration, fake: Faker) -> PlannedProspect:
        origin, party_type = mix.of(index)
        if origin == "scm":
            names = (
                {"name": fake.company()}
                if party_type == "organization"
                else incidental.person(fake)
            )
            create: Step = ("scm_create_prospect", {"party_type": party_type, **names})
        elif party_type == "organization":
            # an account number of the user's choice, unlike any number an SCM sequence issues
            create = (
                "sales_create_prospect_account",
                {"number": f"{free_initials(config)[0]}CC-{index:08d}", "name": fake.company()},
            )
        else:
            # S4.1 numbers the prospect by its contact's last name: made unique by the index
            create = (
                "sales_create_prospect_contact",
                {"first_name": fake.first_name(), "last_name": f"{fake.last_name()}-{index:08d}"},
            )
        return cls(
            index=index,
            origin=origin,
            party_type=party_type,
            deployment=config["deployment"],
            customer_group=config["scm"]["customer_groups"][SALES_CUSTOMER_GROUP_INDEX]["code"],
            create=create,
            addresses={role: incidental.address(fake) for role in ("delivery", "invoice")},
            contact=incidental.person(fake),
        )

    def carry_out(self, perform: Callable[[str, dict[str, Any]], dict[str, Any]]) -> str:
        """Perform every step of the lifecycle through ``perform``, in order; the prospect's
        number. What ``perform`` raises stops the lifecycle there."""
        created = perform(*self.create)
        # the number is the user's (an account in Sales), or the one the creation returned
        number: str = self.create[1].get("number") or created["number"]
        for action, arguments in self._after_creation(number):
            perform(action, arguments)
        return number

    def _after_creation(self, number: str) -> list[Step]:
        """The steps after the creation: addresses, a contact, the conversion."""
        if self.origin == "scm":
            return [
                *(
                    ("scm_add_address", {"number": number, "roles": [role], "address": address})
                    for role, address in self.addresses.items()
                ),
                ("scm_create_contact", {"number": number, **self.contact}),
                ("scm_convert_prospect", {"number": number}),
            ]
        if self.deployment == "gab":
            addresses: list[Step] = [
                ("sales_add_address", {"number": number, "roles": [role], "address": address})
                for role, address in self.addresses.items()
            ]
        else:
            addresses = [
                ("sales_set_summary_address", {"number": number, "slot": role, "address": address})
                for role, address in self.addresses.items()
            ]
        convert = (
            "sales_convert_account"
            if self.party_type == "organization"
            else "sales_convert_contact"
        )
        return [
            *addresses,
            ("sales_create_contact", {"for_number": number, **self.contact}),
            (convert, {"number": number, "customer_group": self.customer_group}),
        ]


def load_configuration(deployment: Deployment, prospects: int, seed: int = 0) -> Configuration:
    """The master data drawn for the run's ``seed``, with number sequences long enough for
    ``prospects`` more numbers."""
    config = configuration(deployment, f"p2c load:{seed}:{deployment}")
    sequences = config["scm"]["number_sequences"]
    for name, sequence in sequences.items():
        digits = len(str(sequence["next"] + prospects))
        sequences[name] = sequence_setup(widened(sequence["format"], digits), sequence["next"])
    return config


def prospects(count: int, mix: Mix, config: Configuration, seed: int) -> Iterator[PlannedProspect]:
    """The planned prospects of a run, drawn lazily: memory does not grow with ``count``."""
    fake = Faker("en_US")
    fake.seed_instance(f"{seed}:{config['deployment']}")
    for index in range(count):
        yield PlannedProspect.draw(index, mix, config, fake)


# -- the sample checks ---------------------------------------------------------------------


def check_converted(
    prospect: PlannedProspect, number: str, sales: dict[str, Any], scm: dict[str, Any]
) -> list[str]:
    """What the document says of a converted prospect that its records do not show."""
    problems = []
    customer = next((c for c in scm["customers"] if c["account"] == number), None)
    if customer is None:
        # S1.3: "Customer account number is the same as prospect"; S2/S4: converting in Sales
        # makes the SCM prospect a customer with the same number
        problems.append(f"SCM has no customer account {number}")
    elif customer["party_type"] != prospect.party_type:
        problems.append(
            f"SCM customer {number} is a {customer['party_type']}, not a {prospect.party_type}"
        )
    if prospect.party_type == "organization":
        account = next((a for a in sales["accounts"] if a["number"] == number), None)
        if account is None or account["relationship_type"] != "customer":
            problems.append(f"Sales has no account {number} of relationship type Customer")
        sales_addresses = account["addresses"] if account else []
    else:
        contact = next((c for c in sales["contacts"] if c["number"] == number), None)
        if contact is None or not contact["is_customer"]:
            problems.append(f"Sales has no contact {number} with Is Customer Yes")
        sales_addresses = contact["addresses"] if contact else []
    if prospect.origin == "scm":
        relation = next((r for r in scm["business_relations"] if r["number"] == number), None)
        if relation is None or not relation["retired"]:
            # S1.3: "The prospect in SCM is retired"
            problems.append(f"SCM prospect {number} is not retired after its conversion")
        delivery = prospect.addresses["delivery"]
        if not any(_same_address(address, delivery) for address in sales_addresses):
            # S1.2 note: "with or without" GAB the delivery address is created in Sales
            problems.append(f"Sales record {number} lacks the delivery address added in SCM")
    return problems


def _same_address(record: dict[str, Any], address: Address) -> bool:
    return all(record.get(key) == value for key, value in address.items())


# -- the run -------------------------------------------------------------------------------


@dataclass
class ActionFigures:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0


#: How many error messages and check failures a run keeps (all are counted).
KEPT = 20


@dataclass
class DeploymentRun:
    deployment: Deployment
    prospects: int
    seconds: float = 0.0
    actions: dict[str, ActionFigures] = field(default_factory=dict)
    completed: int = 0
    abandoned: int = 0
    aborted: str | None = None
    errors: list[str] = field(default_factory=list)
    sampled: int = 0
    checked: int = 0
    checks_failed: int = 0
    check_failures: list[str] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(len(figures.latencies) for figures in self.actions.values())


def sample_indices(count: int, samples: int, kinds: int) -> set[int]:
    """Which of ``count`` prospects are checked: ``samples`` of them (at most all), spread evenly
    over the run, and taking turns between the ``kinds`` of prospect the mix creates in turn, so
    that every kind is checked."""
    chosen: set[int] = set()
    for k in range(min(samples, count)):
        spot = (2 * k + 1) * count // (2 * samples)  # the middle of the k-th stretch
        wanted = spot - spot % kinds + k % kinds
        index = wanted if wanted < count and wanted not in chosen else spot
        while index in chosen:
            index = (index + 1) % count
        chosen.add(index)
    return chosen


@contained()  # every process the adapter starts ends with the run
def run_load(
    make_adapter: Callable[[], Adapter],
    *,
    prospects_per_deployment: int,
    deployments: tuple[Deployment, ...] | None = None,
    samples: int = 10,
    seed: int = 0,
    progress: TextIO | None = None,
) -> dict[str, Any]:
    """Drive the lifecycle for ``prospects_per_deployment`` prospects in each deployment (the
    adapter's, by default) and return the figures (``schemas/v2/load.json``). Ctrl-C stops the
    run; the figures say what was done until then."""
    if prospects_per_deployment < 1:
        raise UsageError(f"--prospects {prospects_per_deployment}: at least one prospect")
    if samples < 0:
        raise UsageError(f"--samples {samples}: a count, zero or more")
    try:
        adapter = make_adapter()
    except KitError:
        raise
    except Exception as error:
        raise ContractError(f"the adapter factory raised {error!r}") from error
    driver = Driver(adapter)
    runs: list[DeploymentRun] = []
    try:
        declared = tuple(d for d in ("gab", "no_gab") if d in driver.capabilities)
        for deployment in deployments or ():
            if deployment not in declared:
                raise UsageError(
                    f"--deployment {deployment}: the adapter declares only {', '.join(declared)}"
                )
        mix = Mix.for_capabilities(driver.capabilities)
        for deployment in dict.fromkeys(deployments or declared):  # each once, in order
            runs.append(DeploymentRun(deployment, prospects_per_deployment))
            try:
                _drive(driver, runs[-1], mix, samples, seed, progress)
            except KeyboardInterrupt:
                runs[-1].aborted = "interrupted (Ctrl-C)"
                break
    finally:
        driver.stop()
    return _figures(driver, mix, runs, seed)


def _drive(
    driver: Driver,
    run: DeploymentRun,
    mix: Mix,
    samples: int,
    seed: int,
    progress: TextIO | None,
) -> None:
    config = load_configuration(run.deployment, run.prospects, seed)
    try:
        driver.reset(config)
    except Exception as error:  # nothing can run in this deployment
        run.aborted = f"reset: {_first_line(error)}"
        return
    checked = sample_indices(run.prospects, samples, mix.kinds)
    run.sampled = len(checked)
    done = 0
    bar = progress_bar(f"load {run.deployment}", run.prospects, "prospects", progress)
    try:
        for prospect in prospects(run.prospects, mix, config, seed):
            number = _lifecycle(driver, prospect, run)
            done += 1
            if number is None:
                if not _adapter_alive(driver):  # nothing more can be measured
                    run.aborted = run.errors[-1] if run.errors else "the adapter process broke"
                    return
            elif prospect.index in checked:
                try:
                    problems = check_converted(
                        prospect, number, driver.query("sales"), driver.query("scm")
                    )
                except Exception as error:
                    if not _adapter_alive(driver):
                        run.aborted = f"query: {_first_line(error)}"
                        return
                    problems = [f"the records could not be queried: {_first_line(error)}"]
                run.checked += 1
                run.checks_failed += bool(problems)
                who = f"prospect {prospect.index} ({prospect.origin}, {prospect.party_type})"
                failures = [f"{who}: {problem}" for problem in problems]
                run.check_failures += failures[: KEPT - len(run.check_failures)]
            advance(bar, done, f"{_rate(run):,.0f} actions/s")
    finally:
        bar.close()


def _rate(run: DeploymentRun) -> float:
    return run.action_count / run.seconds if run.seconds else 0.0


def _adapter_alive(driver: Driver) -> bool:
    """Whether the adapter can go on: an adapter process that broke the protocol was killed."""
    return not isinstance(driver.adapter, AdapterProcess) or driver.adapter.running


class _ActionFailed(Exception):
    def __init__(self, action: str, error: Exception) -> None:
        super().__init__(action)
        self.action, self.error = action, error


def _lifecycle(driver: Driver, prospect: PlannedProspect, run: DeploymentRun) -> str | None:
    """Carry out one prospect's lifecycle, timing each action; the prospect's number, or None
    when an action failed (a refusal, a broken contract, the adapter's own exception): the
    failure is counted and the run goes on with the next prospect."""
    clock = time.perf_counter

    def timed(action: str, arguments: dict[str, Any]) -> dict[str, Any]:
        figures = run.actions.setdefault(action, ActionFigures())
        started = clock()
        try:
            result = driver.perform(action, arguments)
        except Exception as error:
            run.seconds += clock() - started
            figures.errors += 1
            raise _ActionFailed(action, error) from error
        elapsed = clock() - started
        run.seconds += elapsed
        figures.latencies.append(elapsed)
        return result

    try:
        number = prospect.carry_out(timed)
    except _ActionFailed as failure:
        run.abandoned += 1
        if len(run.errors) < KEPT:
            run.errors.append(
                f"prospect {prospect.index}, {failure.action}: {_first_line(failure.error)}"
            )
        return None
    run.completed += 1
    return number


def _checks(run: dict[str, Any]) -> str:
    passed = f"{run['checked'] - run['checks_failed']}/{run['checked']}"
    unchecked = run["sampled"] - run["checked"]
    return passed + (f" ({unchecked} sampled prospects failed earlier)" if unchecked else "")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"


def _percentiles(latencies: list[float]) -> dict[str, float]:
    if len(latencies) == 1:
        only = latencies[0] * 1000
        return {"p50": only, "p95": only, "p99": only}
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


def _figures(driver: Driver, mix: Mix, runs: list[DeploymentRun], seed: int) -> dict[str, Any]:
    implementation = driver.implementation
    figures = {
        "implementation": {"name": implementation["name"], "version": implementation["version"]},
        "seed": seed,
        "mix": {"origins": list(mix.origins), "party_types": list(mix.party_types)},
        "deployments": [
            {
                "deployment": run.deployment,
                "prospects": run.prospects,
                "actions": run.action_count,
                "seconds": run.seconds,
                "actions_per_second": run.action_count / run.seconds if run.seconds else 0.0,
                "per_action": [
                    {"action": action, "count": len(f.latencies), "errors": f.errors}
                    | (
                        _percentiles(f.latencies)
                        if f.latencies
                        else {"p50": None, "p95": None, "p99": None}
                    )
                    for action in LIFECYCLE_ACTIONS
                    if (f := run.actions.get(action)) is not None
                ],
                "completed": run.completed,
                "abandoned": run.abandoned,
                "aborted": run.aborted,
                "errors": run.errors,
                "sampled": run.sampled,
                "checked": run.checked,
                "checks_failed": run.checks_failed,
                "check_failures": run.check_failures,
            }
            for run in runs
        ],
    }
    errors = schema_errors("load", figures)
    if errors:  # a bug of the kit's, not of the adapter's
        raise AssertionError("the load figures break schemas/v2/load.json: " + "; ".join(errors))
    return figures


def passed(figures: dict[str, Any]) -> bool:
    """No error and no failed check in any deployment."""
    return not any(
        run["abandoned"] or run["aborted"] or run["checks_failed"] for run in figures["deployments"]
    )


def render_load(figures: dict[str, Any], output_format: str) -> str:
    """The figures as tables (``pretty`` or ``markdown``)."""
    table = "github" if output_format == "markdown" else "simple"
    implementation = figures["implementation"]
    name = clean(f"{implementation['name']} {implementation['version']}", output_format)
    parts = [
        f"p2c load: {name}, seed {figures['seed']}; "
        f"prospects from {' and '.join(figures['mix']['origins'])}, "
        + " and ".join(f"{party}s" for party in figures["mix"]["party_types"])
    ]
    summary = [
        (
            run["deployment"],
            f"{run['completed']:,}/{run['prospects']:,}",
            f"{run['actions']:,}",
            f"{run['seconds']:.3f}",
            f"{run['actions_per_second']:,.0f}",
            f"{run['abandoned']:,}",
            _checks(run),
        )
        for run in figures["deployments"]
    ]
    parts.append(
        tabulate(
            summary,
            headers=(
                "deployment",
                "prospects done",
                "actions",
                "seconds",
                "actions/s",
                "failed lifecycles",
                "checks passed",
            ),
            tablefmt=table,
            disable_numparse=True,  # the figures are formatted already
            colalign=("left", "right", "right", "right", "right", "right", "left"),
        )
    )
    for run in figures["deployments"]:
        rows = [
            (
                entry["action"],
                f"{entry['count']:,}",
                entry["errors"],
                *(
                    f"{entry[p]:.3f}" if entry[p] is not None else "-"
                    for p in ("p50", "p95", "p99")
                ),
            )
            for entry in run["per_action"]
        ]
        parts.append(
            f"latency per action, {run['deployment']} (ms):\n"
            + tabulate(
                rows,
                headers=("action", "done", "errors", "p50", "p95", "p99"),
                tablefmt=table,
                disable_numparse=True,
                colalign=("left", "right", "right", "right", "right", "right"),
            )
        )
        problems = [f"stopped early: {run['aborted']}"] if run["aborted"] else []
        problems += [f"error: {error}" for error in run["errors"]]
        if run["abandoned"] > len(run["errors"]):
            problems.append(f"... and {run['abandoned'] - len(run['errors']):,} more errors")
        problems += [f"check failed: {failure}" for failure in run["check_failures"]]
        if problems:  # each one line: what the adapter said cannot forge another
            parts.append("\n".join(clean(problem, output_format) for problem in problems))
    return "\n\n".join(parts)


def load_command(options: argparse.Namespace) -> int:
    figures = run_load(
        adapter_factory(options),
        prospects_per_deployment=options.prospects,
        deployments=tuple(options.deployment) if options.deployment else None,
        samples=options.samples,
        seed=options.seed,
        progress=None if options.no_progress else sys.stderr,
    )
    if options.format == "json":
        print(json.dumps(figures, indent=2))
    else:
        print(render_load(figures, options.format))
    return 0 if passed(figures) else 1
