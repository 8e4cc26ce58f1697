"""``p2c smoke``: is the adapter's harness sound, before any conformance is judged?

A handful of probes: the adapter starts and describes itself; for each declared deployment it
resets and answers empty queries; for each declared optional capability it answers one action
of it in protocol (a result, a refusal or a declared skip: what it answers is not judged here).
A failing probe means "adapter harness broken", never "non-conformant".
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from tabulate import tabulate

from p2c_kit._commands.running import adapter_factory
from p2c_kit._contract.adapter import Adapter
from p2c_kit._contract.errors import KitError, Refused, Skipped
from p2c_kit._specification.configuration import configuration
from p2c_kit._text import clean, printable
from p2c_kit._transports.driver import Driver
from p2c_kit._transports.processes import contained

#: For each optional capability, the actions one probe performs, after a reset.
_CAPABILITY_PROBES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "person_prospects": [
        ("scm_create_prospect", {"party_type": "person", "first_name": "Ann", "last_name": "Lee"})
    ],
    "prospects_from_sales": [
        ("sales_create_prospect_account", {"number": "SMOKE-1", "name": "Smoke test"})
    ],
    "quotations_from_scm": [
        ("scm_create_prospect", {"party_type": "organization", "name": "Smoke test"}),
        (
            "scm_create_quotation",
            {
                "account_type": "prospect",
                "account": "{number}",
                "lines": [{"item": "{item}", "quantity": 1, "unit_price": 1.0}],
            },
        ),
    ],
    "quotes_from_sales": [
        ("sales_create_prospect_account", {"number": "SMOKE-1", "name": "Smoke test"}),
        (
            "sales_create_quote",
            {
                "potential_customer": "SMOKE-1",
                "lines": [{"item": "{item}", "quantity": 1, "unit_price": 1.0}],
            },
        ),
    ],
}


@dataclass(frozen=True)
class Probe:
    """One probe and how it went."""

    probe: str
    ok: bool
    detail: str


@contained()  # every process the adapter starts ends with the probes
def smoke(make_adapter: Callable[[], Adapter]) -> list[Probe]:
    """Run every probe against a fresh adapter; stop at the first that breaks the harness."""
    probes: list[Probe] = []
    try:
        driver = Driver(make_adapter())
    except Exception as error:  # whatever breaks, the harness is broken: say what, no traceback
        return [Probe("starts and describes itself", False, _describe(error))]
    implementation = driver.implementation
    probes.append(
        Probe(
            "starts and describes itself",
            True,
            f"{implementation['name']} {implementation['version']}, capabilities: "
            f"{', '.join(implementation['capabilities'])}",
        )
    )
    steps: list[tuple[str, Callable[[], str]]] = []
    for deployment in ("gab", "no_gab"):
        if deployment in driver.capabilities:
            steps += [
                (f"resets ({deployment})", partial(_reset, driver, deployment)),
                (
                    f"answers an empty query of Sales ({deployment})",
                    partial(_empty_query, driver, "sales"),
                ),
                (
                    f"answers an empty query of SCM ({deployment})",
                    partial(_empty_query, driver, "scm"),
                ),
            ]
    deployment = "gab" if "gab" in driver.capabilities else "no_gab"
    for capability, actions in _CAPABILITY_PROBES.items():
        if capability in driver.capabilities:
            steps.append(
                (
                    f"answers an action of {capability}",
                    partial(_perform, driver, deployment, actions),
                )
            )
    for name, step in steps:
        try:
            probes.append(Probe(name, True, step()))
        except Exception as error:
            probes.append(Probe(name, False, _describe(error)))
            break
    try:
        driver.stop()
        probes.append(Probe("stops", True, ""))
    except Exception as error:
        probes.append(Probe("stops", False, _describe(error)))
    return probes


def _describe(error: Exception) -> str:
    return str(error) if isinstance(error, KitError) else f"raised {error!r}"


def _reset(driver: Driver, deployment: str) -> str:
    driver.reset(configuration(deployment))  # type: ignore[arg-type]
    return ""


def _empty_query(driver: Driver, system: str) -> str:
    records = driver.query(system)  # type: ignore[arg-type]
    filled = sorted(key for key, value in records.items() if isinstance(value, list) and value)
    if filled:
        raise KitError(f"after reset, {system} still holds {', '.join(filled)}")
    return "valid and empty"


def _perform(driver: Driver, deployment: str, actions: list[tuple[str, dict[str, Any]]]) -> str:
    config = configuration(deployment)  # type: ignore[arg-type]
    driver.reset(config)
    item = str(config["items"][0]["number"])
    answers = []
    number = ""
    for action, arguments in actions:
        filled = json.loads(
            json.dumps(arguments).replace("{number}", number).replace("{item}", item)
        )
        try:
            result = driver.perform(action, filled)
            number = str(result.get("number", number))
            answers.append(f"{action}: result")
        except Refused as refusal:
            answers.append(f"{action}: refused ({refusal.reason})")
            break
        except Skipped as skip:
            answers.append(f"{action}: skipped ({skip})")
            break
    return "; ".join(answers)


def _shown(detail: str, output_format: str) -> str:
    """A probe's detail, which quotes the adapter: its first lines, made harmless (in Markdown,
    one cell of one line)."""
    lines = printable(detail).splitlines()[:6]
    if output_format == "markdown":
        return clean(" / ".join(lines), "markdown")
    return "\n".join(lines)


def render(probes: list[Probe], output_format: str) -> str:
    """The probes as a table (``pretty``, ``markdown``) or as JSON (``json``, specified by
    ``schemas/v2/smoke.json``)."""
    if output_format == "json":
        verdict = "adapter harness sound" if all(p.ok for p in probes) else "adapter harness broken"
        return json.dumps({"verdict": verdict, "probes": [asdict(p) for p in probes]}, indent=2)
    rows = [(p.probe, "ok" if p.ok else "BROKEN", _shown(p.detail, output_format)) for p in probes]
    table = tabulate(
        rows,
        headers=("probe", "", "detail"),
        tablefmt="github" if output_format == "markdown" else "simple",
        # wrapped, a Markdown cell would become rows of its own
        maxcolwidths=None if output_format == "markdown" else [None, None, 80],
    )
    verdict = (
        "adapter harness sound"
        if all(p.ok for p in probes)
        else "adapter harness broken: fix the adapter before certifying it"
    )
    return f"{table}\n\n{verdict}"


def smoke_command(options: argparse.Namespace) -> int:
    probes = smoke(adapter_factory(options))
    if not options.quiet:
        print(render(probes, options.format))
    return 0 if all(probe.ok for probe in probes) else 1
