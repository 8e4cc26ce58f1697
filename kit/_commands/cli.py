"""The ``p2c`` command."""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from tabulate import tabulate

from p2c_kit import CONTRACT_VERSION, SPEC_VERSION, __version__, conformance
from p2c_kit._commands.smoke import render, smoke
from p2c_kit._contract.adapter import Adapter
from p2c_kit._contract.errors import InternalError, KitError, UsageError
from p2c_kit._reports.certificate import badge_json, certificate
from p2c_kit._reports.explored import (
    MAX_EXAMPLES,
    STEPS,
    existing_output,
    render_explored,
    write_explored,
)
from p2c_kit._reports.formats import FORMATS, render_report
from p2c_kit._reports.junit import render_junit
from p2c_kit._reports.known import load_known_failing
from p2c_kit._reports.messages import render_messages
from p2c_kit._reports.results import write_whole
from p2c_kit._reports.tables import load_results
from p2c_kit._reports.verdict import describe, kit_difference, run_failure, run_key
from p2c_kit._specification.features import add_features, scenarios
from p2c_kit._text import clean
from p2c_kit._transports.driver import (
    ADAPTER_ENTRY_POINTS,
    DEFAULT_ADAPTER,
    installed_adapters,
    resolve_adapter,
)
from p2c_kit._transports.processes import Containment
from p2c_kit._transports.stdio import DEFAULT_TIMEOUT, AdapterProcess

# pytest's documented exit statuses (pytest.ExitCode), without importing pytest into the command
#: Seconds an interrupted run is given to end before it is told to (see _run_pytest).
_INTERRUPT_GRACE = 5.0
_PYTEST_INTERNAL_ERROR = 3
_PYTEST_USAGE_ERROR = 4
_PYTEST_NO_TESTS_COLLECTED = 5

#: The pytest options a certification run passes on after ``--``: each changes only how the run
#: is shown or writes a further report of it. Anything else could select, skip, stop, or change
#: what runs (``--co``, ``-x``, ``--lf``, ``-p``, ``-o``, ``--deselect``, ...), so a certification
#: refuses it. Flags, and options that take a value (``--tb=short`` or ``--tb short``).
CERTIFICATION_FLAGS = (
    "-v",
    "-vv",
    "-vvv",
    "--verbose",
    "-q",
    "--quiet",
    "-s",
    "-l",
    "--showlocals",
    "--no-header",
)
#: Each with the values it may take (None: any path or number that is not an @file).
CERTIFICATION_VALUED: dict[str, tuple[str, ...] | None] = {
    "--tb": ("auto", "long", "short", "line", "native", "no"),
    "--color": ("yes", "no", "auto"),
    "--capture": ("fd", "sys", "no", "tee-sys"),
    "--durations": None,
    "--junitxml": None,
    "--junit-xml": None,
}

_CERTIFY_EPILOG = f"""\
examples:
  p2c certify                                   the reference implementation
  p2c certify --adapter my_sync.p2c:adapter     your implementation, in Python
  p2c certify --adapter-cmd "node adapter.mjs"  your implementation, in any language
  p2c certify -k p2c_s1_03                      one scenario, by id
  p2c certify -n auto --output results.json     in parallel, with a results file
  p2c certify -m "not assumption_customer_group_chosen_in_sales"
                                                leave out one of the kit's readings
  p2c certify -- -x -v                          anything after -- goes to pytest

The adapter factory is imported and called with no arguments; it returns an object with the
methods of p2c_kit.Adapter (see README, "Certify your implementation"). The run loads only the
kit's own pytest plugins (pytest-bdd, the kit's, pytest-xdist with -n), whatever else is
installed: add one with -- -p NAME. Give -n to p2c certify, not after --.

--certify makes a certification run: every scenario under two seeds (the given one and one
derived from it), no --known-failing, no -k or -m, and after -- only display options:
{textwrap.fill(", ".join((*CERTIFICATION_FLAGS, *CERTIFICATION_VALUED)), 96)}.
It passes only when every applicable scenario run passed; any skip, error, or a run that ends
early fails it.

Exit status: 0 when every applicable scenario that was due ran and passed, 1 when any failed,
was skipped without a declared gap, or did not run (the run ended early), 2 for a usage error
(a bad option or file, an adapter that cannot be loaded or started, a selection that matches no
scenario), 3 for an internal error of the kit, 130 when interrupted with Ctrl-C. A
certification run ignores PYTEST_ADDOPTS and PYTEST_PLUGINS.
Default adapter: {DEFAULT_ADAPTER}, the reference implementation
(p2c_reference:ReferenceAdapter)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="p2c",
        description="Conformance kit for prospect-to-cash between Dynamics 365 Sales and Supply "
        "Chain Management.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"p2c-kit {__version__} (specification {SPEC_VERSION}, "
        f"adapter contract v{CONTRACT_VERSION})",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    certify = commands.add_parser(
        "certify",
        help="run the specification against an implementation",
        description="Run every scenario of the specification against an implementation, in "
        "both deployments (GAB solution deployed and not), and print a table of "
        "scenario id, title, deployment and outcome.",
        epilog=_CERTIFY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _adapter_options(certify)
    _run_options(certify)
    certify.add_argument(
        "--output",
        "--p2c-output",
        type=Path,
        metavar="PATH",
        help="write the results of the run to this JSON file",
    )
    certify.add_argument(
        "--junit",
        type=Path,
        metavar="FILE",
        help="write the results as JUnit XML, for the test reports of CI tools (GitHub Actions "
        "reporters, GitLab, Jenkins, Azure Pipelines): a test suite per feature, a test case per "
        "scenario run named by its id, deployment and title, with its deployment, seed and "
        "readings as properties, and for a failure its step with file and line, expected and "
        "actual, and the command that reproduces it",
    )
    certify.add_argument(
        "--messages",
        type=Path,
        metavar="FILE",
        help="write the run as Cucumber Messages (NDJSON) to this file, for Cucumber's own "
        "reporters (its HTML page: @cucumber/html-formatter), Allure and test-management tools",
    )
    certify.add_argument(
        "--known-failing",
        "--p2c-known-failing",
        type=Path,
        metavar="FILE",
        help="a TOML file of scenario ids known to fail, with reasons (see README); a listed "
        "scenario that passes fails the run",
    )
    certify.add_argument(
        "--certify",
        "--p2c-certify",
        action="store_true",
        help="a certification run: every scenario under two seeds, no --known-failing, no -k "
        "or -m, only display options after --; anything but passed and not applicable fails it",
    )
    certify.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no table of scenarios: the kit's summary lines, failures and reproduce lines only",
    )
    certify.add_argument(
        "--features",
        "--p2c-features",
        type=Path,
        action="append",
        metavar="PATH",
        help="also run the scenarios of this feature file, or of the .feature files in this "
        "folder: a scenario p2c explore printed, pasted into a file (not with --certify)",
    )
    certify.add_argument(
        "--seed",
        "--p2c-seed",
        type=int,
        default=0,
        metavar="N",
        help="seed of the scenarios' master data, incidental data and order; the same seed "
        "reproduces a run (default: 0)",
    )
    certify.add_argument(
        "-k",
        metavar="EXPRESSION",
        help="only scenarios whose id or test name matches, e.g. p2c_s1_03",
    )
    certify.add_argument(
        "-m", metavar="MARKEXPR", help="only scenarios whose tags match, e.g. 'not no_gab'"
    )
    certify.add_argument(
        "pytest_args",
        nargs=argparse.REMAINDER,
        metavar="-- PYTEST_ARGS",
        help="further pytest options after --",
    )

    smoke = commands.add_parser(
        "smoke",
        help="check that an adapter's harness works, before certifying it",
        description="Probe an adapter: it starts and describes itself, resets and answers empty "
        "queries in each deployment it declares, and answers an action of each optional "
        "capability it declares. Exit status 0 when its harness is sound, 1 when it is broken "
        "(then a certification would only report adapter errors), 2 for a usage error.",
    )
    _adapter_options(smoke)
    smoke.add_argument(
        "--format",
        choices=("pretty", "json", "markdown"),
        default="pretty",
        help="pretty (default), json, or markdown (a GitHub table)",
    )
    smoke.add_argument("-q", "--quiet", action="store_true", help="no output: the exit status only")

    report = commands.add_parser(
        "report",
        help="render results files: the conformance page, Markdown, JUnit XML, Cucumber Messages, "
        "or a comparison of several",
        description="Render one results file (p2c certify --output): its verdict and scope, its "
        "failures each with the command that reproduces it, its skips, and every scenario with "
        "its steps; or compare several: scenario runs by implementation, worst first. Every "
        "string that came from an adapter is escaped for the format.",
    )
    report.add_argument("results", nargs="+", type=Path, metavar="RESULTS.json")
    report.add_argument(
        "--format",
        choices=FORMATS,
        default="pretty",
        help="pretty (default), markdown (the page's structure, for GitHub), html (the "
        "conformance page, one self-contained file), json, junit (JUnit XML for CI test "
        "reports, as p2c certify --junit), messages (Cucumber Messages NDJSON, as p2c certify "
        "--messages); these two take one results file",
    )

    badge_command = commands.add_parser(
        "badge",
        help="a shields.io endpoint badge from a results file",
        description="Print a shields.io endpoint JSON: the specification version, and passed "
        "over applicable scenario runs; green only for a complete certification run.",
    )
    badge_command.add_argument("results", type=Path, metavar="RESULTS.json")
    certificate_command = commands.add_parser(
        "certificate",
        help="a Markdown certificate page from a results file",
        description="Print a Markdown page: the implementation and its version, the "
        "specification, the kit and its features digest, the environment, the totals and the "
        "results file (with its SHA-256). It is a certificate only for a complete "
        "certification run (p2c certify --certify) without failures; otherwise it says why not.",
    )
    certificate_command.add_argument("results", type=Path, metavar="RESULTS.json")

    verify = commands.add_parser(
        "verify",
        help="re-run the run a results file records and compare it, outcome by outcome",
        description="Re-run the run a results file records (the same seeds, selection and "
        "kind of run) against the adapter named here, with the installed kit, and compare "
        "the implementation's description and every scenario run's outcome and place in the "
        "order with the file's. It proves that this adapter gives these results now; not that "
        "the file was made by the kit (it is not signed), nor by this adapter. The adapter is "
        "never taken from the file: name it here, as for p2c certify.",
        epilog="Exit status: 0 when every outcome is as recorded, 1 when any differs, 2 for a "
        "usage error (a bad file, or one made by another version of the kit).",
    )
    verify.add_argument("results", type=Path, metavar="RESULTS.json")
    _adapter_options(verify, default=None)  # never the file's: named here
    _run_options(verify)

    load = commands.add_parser(
        "load",
        help="drive the prospect lifecycle at volume: throughput, latency, errors",
        description="""\
A volume profile. For --prospects prospects in each deployment the adapter declares: create
the prospect (in SCM or Sales, an organization or a person, taking turns as far as the
adapter's capabilities go), add a delivery and an invoice address and a contact, and convert
it to a customer. --samples prospects, spread over the run and of every kind, are checked
against the document as it goes (each check queries both systems whole, untimed).

Prints throughput, p50/p95/p99 latency per kind of action, and the errors: a refused action,
a broken contract or the adapter's own exception is counted and ends that prospect's
lifecycle; an adapter process that breaks the protocol ends the deployment's run. A progress
bar runs on a terminal; Ctrl-C stops the run and prints what was measured.""",
        epilog="""\
examples:
  p2c load --prospects 10000                            the reference, in-process
  p2c load --adapter-cmd "node adapter.mjs" --prospects 1000
  p2c load --prospects 1000 --format json > load.json   figures to compare later

Exit status: 0 when every lifecycle completed and every check passed, 1 otherwise, 2 for a
usage error or an adapter that cannot be loaded or started.""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _adapter_options(load)
    load.add_argument(
        "--prospects",
        type=int,
        default=1000,
        metavar="N",
        help="prospects per deployment (default: 1000)",
    )
    _deployment_option(load)
    load.add_argument(
        "--samples",
        type=int,
        default=10,
        metavar="K",
        help="prospects checked against the document per deployment (default: 10)",
    )
    load.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="N",
        help="seed of the master data and incidental data (default: 0)",
    )
    load.add_argument(
        "--format",
        choices=("pretty", "json", "markdown"),
        default="pretty",
        help="pretty (default), json (kit/schemas/v2/load.json), or markdown (GitHub tables)",
    )
    load.add_argument(
        "--no-progress", action="store_true", help="no progress bar, even on a terminal"
    )

    explore = commands.add_parser(
        "explore",
        help="drive an implementation through random sequences of the user's actions, checking "
        "the document's properties after each; a failure shrinks to a Gherkin scenario",
        description="Model-based testing with Hypothesis: sequences of the user's actions on "
        "both systems (several prospects at once, interleaved, refused actions among them), "
        "drawn per deployment over master data drawn per sequence; after every action, each "
        "explored property (p2c explore --list: what the document states, traced to "
        "requirement ids) is checked. A failure shrinks to a shortest sequence, printed as a "
        "scenario of the step language to paste into a .feature file and run with p2c certify "
        "--features. Found failures are kept in the user's cache (Hypothesis' example "
        "database) and tried first next time. Exit status: 0 when nothing was found, 1 when a "
        "property failed, a documented action was refused, the adapter broke (an adapter "
        "error, never a property failure) or skipped a step (a gap it declares), 2 for a usage "
        "error.",
        epilog="""\
examples:
  p2c explore                                     the reference, both deployments
  p2c explore --adapter my_sync.p2c:adapter       your implementation
  p2c explore --derandomize                       the same sequences every run (CI)
  p2c explore --seed 7 --max-examples 1000 -n 2   a longer run, on two processes
  p2c explore -m "not assumption_other_records_unchanged"
                                                  leave out a reading's properties
  p2c explore --list                              the properties, and what they check

The same as a pytest test:
  pytest -p p2c_kit.plugin --pyargs p2c_kit.conformance.explore --p2c-adapter X""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _adapter_options(explore)
    _run_options(explore)
    explore.add_argument(
        "--max-examples",
        type=int,
        default=MAX_EXAMPLES,
        metavar="N",
        help=f"sequences to try in each deployment (default: {MAX_EXAMPLES})",
    )
    explore.add_argument(
        "--steps",
        type=int,
        default=STEPS,
        metavar="N",
        help=f"actions in a sequence, at most (default: {STEPS})",
    )
    explore.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help="seed of the sequences; the same seed explores the same sequences (default: "
        "drawn, and printed)",
    )
    explore.add_argument(
        "--derandomize",
        action="store_true",
        help="the same sequences on every run (a fixed seed, no example database): for CI",
    )
    _deployment_option(explore)
    explore.add_argument(
        "-m", metavar="MARKEXPR", help="only properties whose tags match, as in certify -m"
    )
    explore.add_argument(
        "--output",
        type=Path,
        metavar="PATH",
        help="write what was explored and found to this JSON file; into its explored section "
        "if it is a results file of p2c certify",
    )
    explore.add_argument(
        "--format",
        choices=("pretty", "markdown"),
        default="pretty",
        help="pretty (default) or markdown (a GitHub table, failures in code blocks)",
    )
    explore.add_argument(
        "--list",
        action="store_true",
        help="list the explored properties, the requirements each checks and the reading it "
        "rests on, and exit",
    )

    matrix = commands.add_parser(
        "kill-matrix",
        help="certify every mutant of the reference: the evidence of what the kit catches",
        description="Run the features against every deliberately broken variant of the "
        "reference (p2c_reference.mutants), in worker processes, and print for each requirement of "
        "features/requirements.toml the mutants that break it, killed or survived, their "
        "failure mode, and the scenario that killed them first; then, per failure mode, the "
        "mutants and kills. Exit status 1 when a mutant survives or a requirement has no "
        "mutant, 3 when a mutant could not be certified (a worker died): then there is no "
        "matrix.",
    )
    matrix.add_argument(
        "--mutant",
        action="append",
        metavar="NAME",
        help="only this mutant (repeatable); then requirements without a mutant are not listed",
    )
    matrix.add_argument(
        "--mode",
        action="append",
        metavar="MODE",
        help="only the mutants of this failure mode (repeatable; "
        "p2c_reference.mutants.FAILURE_MODES: not_done, wrong_value, ...); then requirements "
        "without a mutant are not listed",
    )
    matrix.add_argument(
        "--all-killers",
        action="store_true",
        help="certify each mutant with every scenario, and list every scenario that kills it "
        "(slower: by default a mutant's certification stops at the first)",
    )
    matrix.add_argument(
        "-n",
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="worker processes, each certifying one mutant after another (default: 2)",
    )
    matrix.add_argument("--format", choices=("pretty", "markdown", "json"), default="pretty")

    lint = commands.add_parser(
        "lint",
        help="check the specification's own hygiene",
        description="Check the features: they parse; every scenario has one unique id tag, "
        "tags from the vocabulary, a title that states behaviour, a source citation whose "
        "quotations are verbatim; Examples tables start with a unique case column; every step "
        "has exactly one definition and every definition is used; and the requirements trace "
        "covers each system every requirement states a result for, in each deployment it holds "
        "in, with scenarios that run there and have a Then step looking at that system. Exit "
        "status 1 lists each problem as file:line.",
    )
    lint.add_argument(
        "features",
        nargs="?",
        type=Path,
        help="a folder of features, source_document.md and requirements.toml (default: the kit's)",
    )
    lint.add_argument(
        "--audit",
        action="store_true",
        help="also print every requirement's cells (system.deployment) and the scenarios "
        "covering each",
    )

    commands.add_parser(
        "adapters",
        help="list the adapters installed packages name",
        description="List every adapter an installed package names in the entry-point group "
        f"{ADAPTER_ENTRY_POINTS!r}, with the factory the name stands for and the package: "
        "p2c certify --adapter NAME certifies it.",
    )
    listing = commands.add_parser(
        "scenarios",
        help="list the scenarios of the specification",
        description="List every scenario with its id, the document section it checks, its "
        "title and its tags.",
    )
    listing.add_argument(
        "--format",
        choices=("pretty", "markdown"),
        default="pretty",
        help="pretty (default) or markdown (a GitHub table)",
    )
    return parser


def _adapter_options(
    command: argparse.ArgumentParser, *, default: str | None = DEFAULT_ADAPTER
) -> None:
    which = command.add_mutually_exclusive_group(required=default is None)
    which.add_argument(
        "--adapter",
        "--p2c-adapter",
        default=default,
        metavar="NAME|MODULE:FACTORY",
        help="a Python adapter: the name an installed package gives it (p2c adapters lists "
        "them), or the factory to import and call"
        + (" (default: the reference implementation)" if default else ""),
    )
    which.add_argument(
        "--adapter-cmd",
        "--p2c-adapter-cmd",
        metavar="COMMAND",
        help="an adapter process in any language: the command line that starts it; it speaks "
        "the stdio protocol of docs/protocol.md",
    )
    command.add_argument(
        "--timeout",
        "--p2c-timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"with --adapter-cmd: how long to wait for each response (default: "
        f"{DEFAULT_TIMEOUT:g})",
    )


def _deployment_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--deployment",
        choices=("gab", "no_gab"),
        action="append",
        help="only this deployment (repeatable; default: every deployment the adapter declares)",
    )


def _run_options(command: argparse.ArgumentParser) -> None:
    """How a run of the suite goes, for ``certify`` and ``verify``."""
    command.add_argument(
        "--validate-protocol",
        "--p2c-validate-protocol",
        action="store_true",
        help="with --adapter-cmd: check every message both ways against the protocol's JSON "
        "Schema and name the exact violation",
    )
    command.add_argument(
        "-n",
        type=_workers,
        metavar="WORKERS",
        help="run the scenarios in parallel: a number of processes, or auto (pytest-xdist)",
    )


def _workers(text: str) -> str:
    """-n: a number of processes, or auto or logical, as pytest-xdist takes them."""
    if text in ("auto", "logical") or (text.isdigit() and int(text) > 0):
        return text
    raise argparse.ArgumentTypeError(f"expected a number of processes, or auto; not {text!r}")


def _seconds(text: str) -> float:
    """--timeout: a finite, positive number of seconds."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text!r}")
    return seconds


def _adapter_factory(options: argparse.Namespace) -> Callable[[], Adapter]:
    """What --adapter or --adapter-cmd names, checked now so that a bad name is one clear line."""
    if options.adapter_cmd is not None:
        argv = shlex.split(options.adapter_cmd)
        if not argv or shutil.which(argv[0]) is None:
            raise UsageError(
                f"--adapter-cmd {options.adapter_cmd!r}: no program {argv[0] if argv else ''!r} "
                "on the PATH"
            )
        return partial(AdapterProcess, options.adapter_cmd, timeout=options.timeout)
    return resolve_adapter(options.adapter)


def certify_arguments(options: argparse.Namespace) -> list[str]:
    """The pytest command line of a certification run."""
    extra = _after_dashes(options.pytest_args)
    verbose = any(argument in ("-v", "-vv", "-vvv", "--verbose") for argument in extra)
    arguments = [
        *conformance.pytest_arguments(),
        # The kit's table and summary line say what pytest's lines would: -qq leaves out pytest's
        # summary line (one summary, the kit's), -qqq the table too (p2c certify -q).
        *([] if verbose else ["-qqq"] if options.quiet else ["-qq"]),
        "-rN",  # the kit's table and reproduce lines replace pytest's short summary
        *(
            ["--p2c-adapter-cmd", options.adapter_cmd, "--p2c-timeout", str(options.timeout)]
            if options.adapter_cmd is not None
            else ["--p2c-adapter", options.adapter]
        ),
        "--p2c-seed",
        str(options.seed),
    ]
    for path in options.features or ():
        arguments += ["--p2c-features", str(path.resolve())]
    if options.validate_protocol:
        arguments.append("--p2c-validate-protocol")
    if options.output is not None:
        arguments += ["--p2c-output", str(options.output.resolve())]
    if options.known_failing is not None:
        arguments += ["--p2c-known-failing", str(options.known_failing.resolve())]
    if options.certify:
        arguments.append("--p2c-certify")
    if options.n:
        arguments += ["-p", "xdist.plugin", "-n", options.n]
    if options.k:
        arguments += ["-k", options.k]
    if options.m:
        arguments += ["-m", options.m]
    return arguments + extra


def check_certification_arguments(pytest_args: Sequence[str]) -> None:
    """Refuse any pytest option after ``--`` that a certification run does not pass on, and any
    value it does not expect (pytest reads ``@FILE`` as more arguments: none are taken)."""
    arguments = list(pytest_args)
    while arguments:
        argument = arguments.pop(0)
        name, equals, value = argument.partition("=")
        if argument in CERTIFICATION_FLAGS:
            continue
        if name in CERTIFICATION_VALUED and (equals or arguments):
            value = value if equals else arguments.pop(0)
            allowed = CERTIFICATION_VALUED[name]
            if value.startswith("@") or (allowed is not None and value not in allowed):
                raise UsageError(
                    f"--certify: {value!r} is not a value {name} takes in a certification run"
                    + (f" ({', '.join(allowed)})" if allowed else "")
                )
            continue
        raise UsageError(
            f"--certify: the pytest option {argument!r} is not allowed in a certification run "
            f"(after -- it takes only {', '.join((*CERTIFICATION_FLAGS, *CERTIFICATION_VALUED))})"
        )


#: The files a certification run can write, by option: each rendered from the run's results.
_CERTIFY_OUTPUTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "output": lambda document: json.dumps(document, indent=2) + "\n",
    "junit": render_junit,
    "messages": render_messages,
}


def _certify(options: argparse.Namespace) -> int:
    outputs = {
        name: path for name in _CERTIFY_OUTPUTS if (path := getattr(options, name)) is not None
    }
    for name, path in outputs.items():
        _check_writable(f"--{name}", path)  # before the run, not after it
    code, document = _run_suite(options)
    if document is not None:
        for name, path in outputs.items():
            try:
                write_whole(path, _CERTIFY_OUTPUTS[name](document))
            except OSError as error:
                raise UsageError(f"--{name} {path}: cannot write it ({error})") from error
    return code


def _check_writable(option: str, path: Path) -> None:
    if path.is_dir():
        raise UsageError(f"{option} {path}: a directory, not a file")
    folder = path.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: no writable folder {str(folder)!r} to write it in")


def _run_suite(options: argparse.Namespace) -> tuple[int, dict[str, Any] | None]:
    """Run the specification as ``options`` say, in a fresh interpreter; the exit status, and
    the results document when the run got as far as writing one.

    The exit status is decided again from that document: a run that ended early (whatever an
    in-process adapter did to the process: it may exit with status 0) leaves none, or an
    incomplete one, and fails.
    """
    factory = _adapter_factory(options)  # fail fast, with a one-line message, on a bad name
    if options.certify:
        if options.known_failing is not None or options.k or options.m:
            raise UsageError(
                "--certify: a certification run takes every scenario as it is: no "
                "--known-failing, no -k, no -m"
            )
        check_certification_arguments(_after_dashes(options.pytest_args))
    if options.certify and options.features:
        raise UsageError(
            "--certify: a certification run takes the specification's features only, no --features"
        )
    for path in options.features or ():
        add_features(path)  # a missing file is one line, before anything runs
    if options.known_failing is not None:
        load_known_failing(options.known_failing)  # a bad file is one line, before anything runs
    if options.n:
        # Parallel workers each start the adapter; one that cannot start is said here, once.
        broken = next((probe for probe in smoke(factory)[:1] if not probe.ok), None)
        if broken is not None:
            raise UsageError(f"the adapter cannot start: {broken.detail}")
    with tempfile.TemporaryDirectory(prefix="p2c-") as scratch:
        results = Path(scratch) / "results.json"
        arguments = certify_arguments(argparse.Namespace(**{**vars(options), "output": results}))
        code, interrupted = _run_pytest(arguments, certification=options.certify)
        ended = f"exit status {code}" if code >= 0 else f"killed by signal {-code}"
        document = None
        if results.exists():
            try:
                document = load_results(results)
            except UsageError as error:
                _say(f"the run left broken results ({ended}): {error}")
                return 1, None
    if interrupted:
        _say("interrupted: the run is partial and fails")
        return 130, document
    if code == _PYTEST_USAGE_ERROR:  # pytest said why (an adapter that cannot start, an option)
        return 2, None
    if document is None:
        _say(f"the run ended before writing its results ({ended}): it fails")
        return 1, None
    if code == _PYTEST_NO_TESTS_COLLECTED and document["run"]["scheduled"] == 0:
        raise UsageError("no scenario matches the -k/-m selection; `p2c scenarios` lists them")
    failure = run_failure(document)
    if failure is not None and code == 0:  # the run itself did not say so: it ended early
        kind = "certification refused" if options.certify else "the run fails"
        _say(f"{kind}: {failure}")
    # The results decide: pytest's own status may be 0 (nothing it saw failed), or one of its
    # own (2: something interrupted it; 5: nothing was collected) that the verdict covers.
    if code == _PYTEST_INTERNAL_ERROR:
        return code, document  # the kit's own bug: say so as pytest does
    return (1 if failure is not None or code != 0 else 0), document


def _run_pytest(arguments: list[str], *, certification: bool) -> tuple[int, bool]:
    """Run pytest with ``arguments`` in a fresh interpreter (pytest can rewrite the kit's
    assertions, and no engine state is shared); its exit status, and whether the user
    interrupted it. On Ctrl-C the run gets to end as pytest ends an interrupted run: with its
    partial results written and every process the adapter started ended."""
    environment = conformance.pytest_environment() if certification else dict(os.environ)
    # What the adapter started and pytest could not end (pytest killed, say) comes to this
    # process, a subreaper meanwhile, and ends here.
    containment = Containment()
    try:
        child = subprocess.Popen(conformance.pytest_command(arguments), env=environment)
        try:
            return child.wait(), False
        except KeyboardInterrupt:
            pass
        # A terminal sends Ctrl-C to both processes; `kill -INT` to this one only. Give pytest
        # the time to end the run it was told to end; tell it only if it was not (a second
        # interrupt would cut its ending short: no results, a traceback).
        try:
            return child.wait(timeout=_INTERRUPT_GRACE), True
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            child.send_signal(signal.SIGINT)
        while True:
            try:
                return child.wait(), True
            except KeyboardInterrupt:
                continue  # pytest is ending the run; let it
    finally:
        containment.end()


def _after_dashes(pytest_args: Sequence[str]) -> list[str]:
    extra = list(pytest_args)
    return extra[1:] if extra[:1] == ["--"] else extra


def _say(line: str) -> None:
    print(f"p2c: {line}", file=sys.stderr)


def _verify(options: argparse.Namespace) -> int:
    recorded = load_results(options.results)
    difference = kit_difference(recorded)
    if difference is not None:
        raise UsageError(f"{options.results}: cannot be verified here: {difference}")
    run = recorded["run"]
    adapter = (
        f"--adapter-cmd {shlex.quote(options.adapter_cmd)}"
        if options.adapter_cmd is not None
        else f"--adapter {options.adapter}"
    )
    print(
        f"p2c verify: re-running {options.results.name} (recorded with "
        f"{clean(recorded['adapter'], 'pretty')}) "
        f"with {adapter}, seed {run['seed']}"
        + (", a certification run" if run["certification"] else ""),
        flush=True,
    )
    rerun = argparse.Namespace(
        **vars(options),
        seed=run["seed"],
        certify=run["certification"],
        k=run["selection"]["k"],
        m=run["selection"]["m"],
        known_failing=None,
        features=None,
        quiet=False,
        output=None,
        pytest_args=[],
    )
    code, document = _run_suite(rerun)
    if document is None:
        print("p2c verify: the re-run left no results: not verified")
        return 1
    differences = compare_results(recorded, document)
    if (code == 0) != (run_failure(recorded) is None):
        # what the re-run's process said, beside its results file: they must tell one story
        differences.append(
            (
                "exit status of the run",
                "0" if run_failure(recorded) is None else "1",
                str(code),
            )
        )
    if differences:
        shown = [tuple(clean(cell, "pretty") for cell in row) for row in differences]
        print(tabulate(shown, headers=("what", "recorded", "now")))
        print(f"p2c verify: {len(differences)} differences: the results are not reproduced")
        return 1
    print(
        f"p2c verify: verified: {len(document['scenarios'])} scenario runs, each with the "
        "recorded outcome, in the recorded order"
    )
    return 0


def compare_results(recorded: dict[str, Any], now: dict[str, Any]) -> list[tuple[str, str, str]]:
    """What differs between a recorded run and its re-run: the implementation's description,
    and each scenario run's outcome and place in the order."""
    differences = []
    if recorded["implementation"] != now["implementation"]:
        differences.append(
            (
                "implementation",
                json.dumps(recorded["implementation"]),
                json.dumps(now["implementation"]),
            )
        )
    before = {run_key(entry): entry for entry in recorded["scenarios"]}
    after = {run_key(entry): entry for entry in now["scenarios"]}
    for key in sorted(set(before) | set(after), key=lambda key: tuple(map(str, key))):
        old, new = before.get(key), after.get(key)
        was = old["outcome"] if old else "(not run)"
        is_now = new["outcome"] if new else "(not run)"
        if was != is_now:
            differences.append((describe(key), was, is_now))
        elif old and new and old["position"] != new["position"]:
            differences.append(
                (f"{describe(key)}: place in the order", str(old["position"]), str(new["position"]))
            )
    return differences


def _smoke(options: argparse.Namespace) -> int:
    probes = smoke(_adapter_factory(options))
    if not options.quiet:
        print(render(probes, options.format))
    return 0 if all(probe.ok for probe in probes) else 1


def _report(options: argparse.Namespace) -> int:
    documents = [load_results(path) for path in options.results]
    sys.stdout.write(render_report(documents, options.format))
    return 0


def _explore(options: argparse.Namespace) -> int:
    from p2c_kit._commands.explore import Options  # Hypothesis: only when asked
    from p2c_kit._specification.properties import PROPERTIES, selected

    if options.list:
        rows = [
            (prop.name, ", ".join(prop.implements), prop.reading or "", " ".join(prop.deployments))
            for prop in PROPERTIES.values()
        ]
        headers = ("property", "requirements", "reading", "deployments")
        table = "github" if options.format == "markdown" else "simple"
        print(tabulate(rows, headers=headers, tablefmt=table))
        return 0
    factory = _adapter_factory(options)  # fail fast, with a one-line message, on a bad name
    Options(options.max_examples, options.steps, options.seed, options.derandomize)  # checked
    seed = options.seed if options.seed is not None else secrets.randbits(32)
    selected("gab", options.m)  # a bad -m expression is one line, before anything runs
    if options.output is not None:
        _check_writable("--output", options.output)
        existing_output(options.output)  # a file it must not overwrite: said before the run
    shards = (os.cpu_count() or 1) if options.n in ("auto", "logical") else int(options.n or 1)
    started = smoke(factory)[0]  # one clear line for an adapter that cannot start
    if not started.ok:
        raise UsageError(f"the adapter cannot start: {started.detail}")
    with tempfile.TemporaryDirectory(prefix="p2c-") as scratch:
        found = Path(scratch) / "explored.json"
        arguments = [
            *conformance.pytest_arguments(["explore"]),
            "-p",
            "no:terminal",  # the kit prints what was found
            *(
                ["--p2c-adapter-cmd", options.adapter_cmd, "--p2c-timeout", str(options.timeout)]
                if options.adapter_cmd is not None
                else ["--p2c-adapter", options.adapter]
            ),
            *(["--p2c-validate-protocol"] if options.validate_protocol else []),
            *(f"--p2c-deployment={deployment}" for deployment in options.deployment or ()),
            f"--p2c-max-examples={options.max_examples}",
            f"--p2c-steps={options.steps}",
            f"--p2c-seed={seed}",
            *(["--p2c-derandomize"] if options.derandomize else []),
            *([f"--p2c-markexpr={options.m}"] if options.m else []),
            *(
                ["-p", "xdist.plugin", "-n", str(shards), f"--p2c-shards={shards}"]
                if shards > 1
                else []
            ),
            f"--p2c-explore-output={found}",
        ]
        code, interrupted = _run_pytest(arguments, certification=True)
        document = json.loads(found.read_text(encoding="utf-8")) if found.exists() else None
    if interrupted:
        _say("interrupted: nothing explored is kept")
        return 130
    if code == _PYTEST_USAGE_ERROR:
        return 2
    if document is None:
        _say(f"the exploration ended before writing what it found (exit status {code})")
        return 1
    declared = set((document["implementation"] or {}).get("capabilities", ()))
    if options.deployment and not declared & set(options.deployment):
        raise UsageError(
            f"--deployment {' '.join(options.deployment)}: the adapter declares only "
            + " and ".join(sorted(declared & {"gab", "no_gab"}))
        )
    if options.output is not None:
        write_explored(options.output, document)
    implementation = document["implementation"] or {}
    print(
        f"p2c explore: {clean(implementation.get('name'), 'pretty')} "
        f"{clean(implementation.get('version'), 'pretty')}, "
        + ("derandomized" if options.derandomize else f"seed {seed}")
    )
    print(render_explored(document["explored"], options.format))
    failed = any(entry["failure"] or entry["skipped"] for entry in document["explored"])
    for deployment in dict.fromkeys(options.deployment or ("gab", "no_gab")):
        done = [entry for entry in document["explored"] if entry["deployment"] == deployment]
        if deployment not in declared:
            print(f"{deployment}: not explored (the adapter does not declare it)")
        elif len(done) != shards:  # a test that ended without its exploration (an xfail, ...)
            print(f"{deployment}: the exploration did not finish ({len(done)} of {shards} parts)")
            failed = True
    return 1 if failed or code not in (0, _PYTEST_NO_TESTS_COLLECTED) else 0


def _kill_matrix(options: argparse.Namespace) -> int:
    from p2c_kit._commands.kill_matrix import kill_matrix, render

    try:
        matrix = kill_matrix(options.mutant, options.workers, options.mode, options.all_killers)
    except KeyboardInterrupt:
        _say("interrupted: no kill matrix")
        return 130
    print(render(matrix, options.format))
    return 1 if matrix["survivors"] or matrix["without_mutant"] else 0


def _load(options: argparse.Namespace) -> int:
    from p2c_kit._commands.load import passed, render_load, run_load

    figures = run_load(
        _adapter_factory(options),
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


def _lint(options: argparse.Namespace) -> int:
    # imports the steps and pytest-bdd: only when asked
    from p2c_kit._commands.lint import audit_table, check, uncovered_by_properties
    from p2c_kit._specification.properties import PROPERTIES

    if options.features is not None and not (options.features / "source_document.md").is_file():
        raise UsageError(f"{options.features}: no folder with a source_document.md")
    findings = check(options.features)
    if options.audit:
        print(audit_table(findings.cells) + "\n")
    for problem in findings.problems:
        print(problem)
    if findings.problems:
        print(f"p2c lint: {len(findings.problems)} problems")
        return 1
    covered = sum(bool(cell.covered_by) for cell in findings.cells)
    print(
        f"p2c lint: the features are sound: {len({cell.requirement for cell in findings.cells})} "
        f"requirements, {len(findings.cells)} cells (a system in a deployment), {covered} covered"
    )
    unchecked = uncovered_by_properties(options.features)
    print(
        f"p2c lint: {len(PROPERTIES)} explored properties (p2c explore); requirements none of "
        f"them checks: {', '.join(unchecked) or 'none'}"
    )
    return 0


def _scenarios(options: argparse.Namespace) -> int:
    rows = [
        (
            info.id,
            info.feature.split(" - ")[0],
            info.title,
            " ".join(sorted(tag for tag in info.tags if tag != info.id)),
        )
        for info in scenarios().values()
    ]
    headers = ("id", "section", "title", "tags")
    if options.format == "markdown":
        print(tabulate(rows, headers=headers, tablefmt="github"))
    else:
        print(tabulate(rows, headers=headers, maxcolwidths=[None, None, 60, 30]))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    try:
        return _run(options)
    except BrokenPipeError:  # `p2c ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _badge(options: argparse.Namespace) -> int:
    sys.stdout.write(badge_json(load_results(options.results)))
    return 0


def _certificate(options: argparse.Namespace) -> int:
    sys.stdout.write(certificate(load_results(options.results), options.results))
    return 0


def _adapters(options: argparse.Namespace) -> int:
    rows = [
        (point.name, point.value, f"{point.dist.name} {point.dist.version}" if point.dist else "")
        for point in installed_adapters()
    ]
    print(tabulate(rows, headers=("name", "factory", "package")))
    print(
        f"\nCertify one with p2c certify --adapter NAME. A package names its own in the "
        f"entry-point group {ADAPTER_ENTRY_POINTS!r} (see README)."
    )
    return 0


#: Each command, by name: what runs it.
_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "certify": _certify,
    "smoke": _smoke,
    "report": _report,
    "badge": _badge,
    "certificate": _certificate,
    "verify": _verify,
    "load": _load,
    "explore": _explore,
    "kill-matrix": _kill_matrix,
    "lint": _lint,
    "scenarios": _scenarios,
    "adapters": _adapters,
}


def _run(options: argparse.Namespace) -> int:
    try:
        return _COMMANDS[options.command](options)
    except InternalError as error:  # the kit could not do its work: no verdict
        print(f"p2c: error: {error}", file=sys.stderr)
        return 3
    except KitError as error:
        print(f"p2c: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
