"""Every option of the kit, defined once: the ``p2c`` command's parsers, the pytest plugin's
options (``--p2c-*``) and the pytest command line a ``p2c`` command runs are all built from
:data:`OPTIONS`.

An option the plugin defines (``plugin=True``) is the same option in both: one type, default,
choices and help, under its ``p2c`` spellings and its pytest name. An option of the command
only (``pytest=None``) is read by the command itself (``--junit``, ``--format``, ...). An
option that means something else to one command (``explore --seed``: drawn when not given) is
an option of its own there, passed on under the pytest name of the one the plugin defines.

Imported by the plugin in every pytest session of the kit, and by ``p2c --help``: it imports
no command's implementation, no report renderer and no pytest.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from p2c_kit._contract.adapter import DEPLOYMENTS
from p2c_kit._contract.errors import UsageError
from p2c_kit._reports.formats import FORMATS
from p2c_kit._transports.driver import DEFAULT_ADAPTER
from p2c_kit._transports.stdio import DEFAULT_TIMEOUT

#: The default budget of an exploration: sequences per deployment, and actions per sequence at
#: most. Within it, explore finds each of tests/test_explore.py's broken adapters.
MAX_EXAMPLES = 200
STEPS = 30


def workers(text: str) -> str:
    """-n: a number of processes, or auto or logical, as pytest-xdist takes them."""
    if text in ("auto", "logical") or (text.isdigit() and int(text) > 0):
        return text
    raise argparse.ArgumentTypeError(f"expected a number of processes, or auto; not {text!r}")


def at_least_one(text: str) -> int:
    """--max-examples, --steps, --shards: a whole number, one or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, not {value}")
    return value


def seconds(text: str) -> float:
    """--timeout: a finite, positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text!r}")
    return value


@dataclass(frozen=True)
class Option:
    """One option: how the ``p2c`` commands take it, and what it is in a pytest run."""

    #: The attribute of the parsed options that holds it.
    dest: str
    help: str
    #: Its spellings on the ``p2c`` command line (a positional's name alone); none for an
    #: option of the pytest run only, which the command sets itself.
    flags: tuple[str, ...] = ()
    #: The ``p2c`` commands that take it (or, for an option of the pytest run only, that set it).
    commands: tuple[str, ...] = ()
    #: The pytest option it is passed on as when the command runs pytest; None: the command
    #: reads it itself.
    pytest: str | None = None
    #: The kit's pytest plugin defines ``pytest`` from this option (else: pytest, or a plugin
    #: option defined by another).
    plugin: bool = False
    #: The pytest plugin the pytest option needs loaded (``-n``: pytest-xdist's).
    pytest_plugin: str | None = None
    action: Literal["store", "store_true", "append"] = "store"
    type: Callable[[str], Any] | None = None
    default: Any = None
    choices: tuple[str, ...] | None = None
    metavar: str | None = None
    nargs: Literal["?", "+", "..."] | None = None
    #: The options only one of which a command takes: the group's name.
    exclusive: str | None = None

    @property
    def positional(self) -> bool:
        return bool(self.flags) and not self.flags[0].startswith("-")

    def keywords(self) -> dict[str, Any]:
        """What argparse (and pytest's ``addoption``, which passes them on) is given for it."""
        given = {
            "action": self.action,
            "type": self.type,
            "default": self.default,
            "choices": self.choices,
            "metavar": self.metavar,
            "nargs": argparse.REMAINDER if self.nargs == "..." else self.nargs,
        }
        if self.action == "store_true":  # takes no value: none of these apply
            given = {"action": self.action}
        return {name: value for name, value in given.items() if value is not None}


#: The commands that take an adapter, the reference's by default; and with p2c verify, which
#: takes one named (never the results file's).
_ADAPTER_COMMANDS = ("certify", "smoke", "load", "explore")
_NAMED_ADAPTER_COMMANDS = (*_ADAPTER_COMMANDS, "verify")
#: The commands that run the specification under pytest.
_RUN_COMMANDS = ("certify", "verify", "explore")
#: The options of an exploration: said so in pytest's help, where they sit among the others.
_EXPLORATION = "p2c explore: "

ADAPTER = Option(
    "adapter",
    "a Python adapter: the name an installed package gives it (p2c adapters lists them), or "
    "the factory to import and call with no arguments (default: "
    f"{DEFAULT_ADAPTER}, the reference implementation)",
    flags=("--adapter", "--p2c-adapter"),
    commands=_ADAPTER_COMMANDS,
    pytest="--p2c-adapter",
    plugin=True,
    default=DEFAULT_ADAPTER,
    metavar="NAME|MODULE:FACTORY",
    exclusive="adapter",
)

#: The certification options after ``--`` that only change how the run is shown or write a
#: further report of it. Anything else could select, skip, stop, or change what runs
#: (``--co``, ``-x``, ``--lf``, ``-p``, ``-o``, ``--deselect``, ...), so a certification refuses
#: it. Flags, and options that take a value (``--tb=short`` or ``--tb short``).
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

OPTIONS: tuple[Option, ...] = (
    # -- the adapter: every command that drives one
    ADAPTER,
    # p2c verify never takes the adapter from the results file: it is named here
    dataclasses.replace(
        ADAPTER,
        help="a Python adapter: the name an installed package gives it (p2c adapters lists "
        "them), or the factory to import and call with no arguments",
        commands=("verify",),
        plugin=False,
        default=None,
    ),
    Option(
        "adapter_cmd",
        "an adapter process in any language: the command line that starts it, instead of an "
        "in-process adapter; it speaks the stdio protocol of docs/protocol.md",
        flags=("--adapter-cmd", "--p2c-adapter-cmd"),
        commands=_NAMED_ADAPTER_COMMANDS,
        pytest="--p2c-adapter-cmd",
        plugin=True,
        metavar="COMMAND",
        exclusive="adapter",
    ),
    Option(
        "timeout",
        "for an adapter process: how long to wait for each response (default: "
        f"{DEFAULT_TIMEOUT:g})",
        flags=("--timeout", "--p2c-timeout"),
        commands=_NAMED_ADAPTER_COMMANDS,
        pytest="--p2c-timeout",
        plugin=True,
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
    ),
    # -- how a run of the suite goes
    Option(
        "validate_protocol",
        "for an adapter process: check every message both ways against the protocol's JSON "
        "Schema and name the exact violation",
        flags=("--validate-protocol", "--p2c-validate-protocol"),
        commands=_RUN_COMMANDS,
        pytest="--p2c-validate-protocol",
        plugin=True,
        action="store_true",
    ),
    Option(
        "n",
        "run the scenarios in parallel: a number of processes, or auto (pytest-xdist)",
        flags=("-n",),
        commands=_RUN_COMMANDS,
        pytest="-n",
        pytest_plugin="xdist.plugin",
        type=workers,
        metavar="WORKERS",
    ),
    # -- certify
    Option(
        "output",
        "write the results of the run to this JSON file (kit/schemas/v2/results.json)",
        flags=("--output", "--p2c-output"),
        commands=("certify",),
        pytest="--p2c-output",
        plugin=True,
        type=Path,
        metavar="PATH",
    ),
    Option(
        "junit",
        "write the results as JUnit XML, for the test reports of CI tools (GitHub Actions "
        "reporters, GitLab, Jenkins, Azure Pipelines): a test suite per feature, a test case per "
        "scenario run named by its id, deployment and title, with its deployment, seed and "
        "readings as properties, and for a failure its step with file and line, expected and "
        "actual, and the command that reproduces it",
        flags=("--junit",),
        commands=("certify",),
        type=Path,
        metavar="FILE",
    ),
    Option(
        "messages",
        "write the run as Cucumber Messages (NDJSON) to this file, for Cucumber's own "
        "reporters (its HTML page: @cucumber/html-formatter), Allure and test-management tools",
        flags=("--messages",),
        commands=("certify",),
        type=Path,
        metavar="FILE",
    ),
    Option(
        "known_failing",
        "a TOML file of scenario ids the implementation is known to fail, with reasons (see "
        "README); a listed scenario that passes fails the run",
        flags=("--known-failing", "--p2c-known-failing"),
        commands=("certify",),
        pytest="--p2c-known-failing",
        plugin=True,
        type=Path,
        metavar="FILE",
    ),
    Option(
        "certify",
        "a certification run: every scenario under two seeds, no known-failing list, no -k or "
        "-m, only display options after --; anything but passed and not applicable fails it (a "
        "skip by the adapter too)",
        flags=("--certify", "--p2c-certify"),
        commands=("certify",),
        pytest="--p2c-certify",
        plugin=True,
        action="store_true",
    ),
    Option(
        "quiet",
        "no table of scenarios: the kit's summary lines, failures and reproduce lines only",
        flags=("-q", "--quiet"),
        commands=("certify",),
        action="store_true",
    ),
    Option(
        "features",
        "also run the scenarios of this feature file, or of the .feature files in this folder "
        "(repeatable): a scenario p2c explore printed, pasted into a file; not in a "
        "certification run",
        flags=("--features", "--p2c-features"),
        commands=("certify",),
        pytest="--p2c-features",
        plugin=True,
        action="append",
        type=Path,
        metavar="PATH",
    ),
    Option(
        "seed",
        "seed of the scenarios' master data, incidental data and order; the same seed "
        "reproduces a run, and a failure (default: 0)",
        flags=("--seed", "--p2c-seed"),
        commands=("certify",),
        pytest="--p2c-seed",
        plugin=True,
        type=int,
        default=0,
        metavar="N",
    ),
    Option(
        "k",
        "only scenarios whose id or test name matches, e.g. p2c_s1_03",
        flags=("-k",),
        commands=("certify",),
        pytest="-k",
        metavar="EXPRESSION",
    ),
    Option(
        "m",
        "only scenarios whose tags match, e.g. 'not no_gab'",
        flags=("-m",),
        commands=("certify",),
        pytest="-m",
        metavar="MARKEXPR",
    ),
    Option(
        "pytest_args",
        "further pytest options after --",
        flags=("pytest_args",),
        commands=("certify",),
        nargs="...",
        metavar="-- PYTEST_ARGS",
    ),
    # -- smoke
    Option(
        "format",
        "pretty (default), json, or markdown (a GitHub table)",
        flags=("--format",),
        commands=("smoke",),
        choices=("pretty", "json", "markdown"),
        default="pretty",
    ),
    Option(
        "quiet",
        "no output: the exit status only",
        flags=("-q", "--quiet"),
        commands=("smoke",),
        action="store_true",
    ),
    # -- the commands that read results files
    Option(
        "results",
        "results files of p2c certify --output",
        flags=("results",),
        commands=("report",),
        type=Path,
        nargs="+",
        metavar="RESULTS.json",
    ),
    Option(
        "format",
        "pretty (default), markdown (the page's structure, for GitHub), html (the conformance "
        "page, one self-contained file), json, junit (JUnit XML for CI test reports, as p2c "
        "certify --junit), messages (Cucumber Messages NDJSON, as p2c certify --messages); "
        "these two take one results file",
        flags=("--format",),
        commands=("report",),
        choices=FORMATS,
        default="pretty",
    ),
    Option(
        "results",
        "a results file of p2c certify --output",
        flags=("results",),
        commands=("badge", "certificate", "verify"),
        type=Path,
        metavar="RESULTS.json",
    ),
    # -- load
    Option(
        "prospects",
        "prospects per deployment (default: 1000)",
        flags=("--prospects",),
        commands=("load",),
        type=int,
        default=1000,
        metavar="N",
    ),
    Option(
        "deployment",
        "only this deployment (repeatable; default: every deployment the adapter declares)",
        flags=("--deployment",),
        commands=("load", "explore"),
        pytest="--p2c-deployment",
        plugin=True,
        action="append",
        choices=DEPLOYMENTS,
    ),
    Option(
        "samples",
        "prospects checked against the document per deployment (default: 10)",
        flags=("--samples",),
        commands=("load",),
        type=int,
        default=10,
        metavar="K",
    ),
    Option(
        "seed",
        "seed of the master data and incidental data (default: 0)",
        flags=("--seed",),
        commands=("load",),
        type=int,
        default=0,
        metavar="N",
    ),
    Option(
        "format",
        "pretty (default), json (kit/schemas/v2/load.json), or markdown (GitHub tables)",
        flags=("--format",),
        commands=("load",),
        choices=("pretty", "json", "markdown"),
        default="pretty",
    ),
    Option(
        "no_progress",
        "no progress bar, even on a terminal",
        flags=("--no-progress",),
        commands=("load",),
        action="store_true",
    ),
    # -- explore
    Option(
        "max_examples",
        f"sequences to try in each deployment (default: {MAX_EXAMPLES})",
        flags=("--max-examples",),
        commands=("explore",),
        pytest="--p2c-max-examples",
        plugin=True,
        type=at_least_one,
        default=MAX_EXAMPLES,
        metavar="N",
    ),
    Option(
        "steps",
        f"actions in a sequence, at most (default: {STEPS})",
        flags=("--steps",),
        commands=("explore",),
        pytest="--p2c-steps",
        plugin=True,
        type=at_least_one,
        default=STEPS,
        metavar="N",
    ),
    Option(
        "seed",
        "seed of the sequences; the same seed explores the same sequences (default: drawn, "
        "and printed)",
        flags=("--seed",),
        commands=("explore",),
        pytest="--p2c-seed",
        type=int,
        metavar="N",
    ),
    Option(
        "derandomize",
        "the same sequences on every run, whatever the seed (a fixed one, no example "
        "database): for CI",
        flags=("--derandomize",),
        commands=("explore",),
        pytest="--p2c-derandomize",
        plugin=True,
        action="store_true",
    ),
    Option(
        "m",
        "only the properties whose tags match, as -m selects scenarios (e.g. "
        "'not assumption_other_records_unchanged')",
        flags=("-m",),
        commands=("explore",),
        pytest="--p2c-markexpr",
        plugin=True,
        metavar="MARKEXPR",
    ),
    Option(
        "output",
        "write what was explored and found to this JSON file; into its explored section if it "
        "is a results file of p2c certify",
        flags=("--output",),
        commands=("explore",),
        type=Path,
        metavar="PATH",
    ),
    Option(
        "format",
        "pretty (default) or markdown (a GitHub table, failures in code blocks)",
        flags=("--format",),
        commands=("explore",),
        choices=("pretty", "markdown"),
        default="pretty",
    ),
    Option(
        "list",
        "list the explored properties, the requirements each checks and the reading it rests "
        "on, and exit",
        flags=("--list",),
        commands=("explore",),
        action="store_true",
    ),
    Option(
        "shards",
        "split each deployment's sequences into N tests, for pytest-xdist's -n (p2c explore -n)",
        commands=("explore",),
        pytest="--p2c-shards",
        plugin=True,
        type=at_least_one,
        default=1,
        metavar="N",
    ),
    Option(
        "explore_output",
        "write what the exploration did and found to this JSON file (what p2c explore prints "
        "and writes with --output)",
        commands=("explore",),
        pytest="--p2c-explore-output",
        plugin=True,
        type=Path,
        metavar="PATH",
    ),
    # -- kill-matrix
    Option(
        "mutant",
        "only this mutant (repeatable); then requirements without a mutant are not listed",
        flags=("--mutant",),
        commands=("kill-matrix",),
        action="append",
        metavar="NAME",
    ),
    Option(
        "mode",
        "only the mutants of this failure mode (repeatable; p2c_reference.mutants.FAILURE_MODES: "
        "not_done, wrong_value, ...); then requirements without a mutant are not listed",
        flags=("--mode",),
        commands=("kill-matrix",),
        action="append",
        metavar="MODE",
    ),
    Option(
        "all_killers",
        "certify each mutant with every scenario, and list every scenario that kills it "
        "(slower: by default a mutant's certification stops at the first)",
        flags=("--all-killers",),
        commands=("kill-matrix",),
        action="store_true",
    ),
    Option(
        "workers",
        "worker processes, each certifying one mutant after another (default: 2)",
        flags=("-n", "--workers"),
        commands=("kill-matrix",),
        type=int,
        default=2,
        metavar="N",
    ),
    Option(
        "format",
        "pretty (default), markdown (GitHub tables) or json",
        flags=("--format",),
        commands=("kill-matrix",),
        choices=("pretty", "markdown", "json"),
        default="pretty",
    ),
    # -- lint
    Option(
        "features",
        "a folder of features, source_document.md and requirements.toml (default: the kit's)",
        flags=("features",),
        commands=("lint",),
        type=Path,
        nargs="?",
    ),
    Option(
        "audit",
        "also print every requirement's cells (system.deployment) and the scenarios covering each",
        flags=("--audit",),
        commands=("lint",),
        action="store_true",
    ),
    # -- scenarios
    Option(
        "format",
        "pretty (default) or markdown (a GitHub table)",
        flags=("--format",),
        commands=("scenarios",),
        choices=("pretty", "markdown"),
        default="pretty",
    ),
)

#: The options the kit's pytest plugin defines, each under its pytest name.
PLUGIN_OPTIONS = tuple(option for option in OPTIONS if option.plugin)


def command_options(command: str) -> list[Option]:
    """The options of a ``p2c`` command, in the order of the table."""
    return [option for option in OPTIONS if command in option.commands]


#: What a certification run does not take, by the option's dest: it runs every scenario of the
#: specification as it is.
_NOT_IN_CERTIFICATION = ("known_failing", "k", "m", "features")


def check_certification(value: Callable[[str], object], *, pytest: bool) -> None:
    """Refuse, in one line, what a certification run does not take, however it is asked for
    (``p2c certify --certify`` or the plugin's ``--p2c-certify``): a known-failing list, a ``-k``
    or ``-m`` selection, features besides the specification's.

    ``value``: what an option was given, by its pytest name if ``pytest`` (as pytest's
    ``Config.getoption`` takes it), else by its dest (the command's parsed options); the message
    names each option as the one or the other takes it.
    """
    options = {option.dest: option for option in command_options("certify")}

    def name(dest: str) -> str:
        option = options[dest]
        return option.pytest if pytest and option.pytest else option.flags[0]

    def given(dest: str) -> object:
        return value(name(dest) if pytest else dest)

    if not given("certify"):
        return
    refused = [name(dest) for dest in _NOT_IN_CERTIFICATION if given(dest)]
    if refused:
        raise UsageError(
            f"{name('certify')}: a certification run takes every scenario of the specification "
            f"as it is: no {', no '.join(refused)}"
        )


def add_command_options(parser: argparse.ArgumentParser, command: str) -> None:
    """Give ``parser`` every option ``command`` takes on the ``p2c`` command line. Of a group
    of exclusive options one must be given when none has a default (``verify``'s adapter)."""
    taken = [option for option in command_options(command) if option.flags]
    groups: dict[str, Any] = {}
    for name in dict.fromkeys(option.exclusive for option in taken if option.exclusive):
        members = [option for option in taken if option.exclusive == name]
        required = all(option.default is None for option in members)
        groups[name] = parser.add_mutually_exclusive_group(required=required)
    for option in taken:
        target = groups[option.exclusive] if option.exclusive else parser
        keywords = option.keywords()
        if not option.positional:  # (a positional's name is its dest)
            keywords["dest"] = option.dest
        target.add_argument(*option.flags, help=option.help, **keywords)


def add_plugin_options(add: Callable[..., None]) -> None:
    """Define every option of the kit's pytest plugin with ``add``, pytest's
    ``OptionGroup.addoption``. An option of the exploration alone says so: pytest's help lists
    it among the certification's."""
    for option in PLUGIN_OPTIONS:
        text = ("" if "certify" in option.commands else _EXPLORATION) + option.help
        add(option.pytest, help=text, **option.keywords())


def pytest_arguments(command: str, options: argparse.Namespace) -> list[str]:
    """The pytest arguments that pass on what ``options`` give of ``command``'s options: each
    that has a value, under its pytest name; a path made absolute, as pytest may resolve it
    elsewhere."""
    arguments: list[str] = []
    for option in command_options(command):
        if option.pytest is None:
            continue
        value = getattr(options, option.dest)
        if value is None or value is False or value == []:
            continue
        if option.pytest_plugin is not None:
            arguments += ["-p", option.pytest_plugin]
        if option.action == "store_true":
            arguments.append(option.pytest)
            continue
        values = value if option.action == "append" else [value]
        for each in values:
            arguments += [option.pytest, str(each.resolve() if isinstance(each, Path) else each)]
    return arguments
