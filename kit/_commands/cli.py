"""The ``p2c`` command: its parser built from the commands' table and the options' table
(:mod:`.options`), and each command run by the handler its table row names, imported only then
(``p2c --help`` and ``p2c certify`` import none of the exploration, load, kill-matrix or report
machinery)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn

from p2c_kit import CONTRACT_VERSION, SPEC_VERSION, __version__
from p2c_kit._contract.errors import InternalError, KitError
from p2c_kit._options import (
    CERTIFICATION_FLAGS,
    CERTIFICATION_VALUED,
    add_command_options,
)
from p2c_kit._transports.driver import ADAPTER_ENTRY_POINTS, DEFAULT_ADAPTER

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


@dataclass(frozen=True)
class Command:
    """A ``p2c`` command: what runs it, and what its help says (its options: :mod:`.options`)."""

    #: ``module:function`` in this package, imported when the command runs.
    handler: str
    help: str
    description: str
    epilog: str | None = None
    #: Its description and epilog are laid out by hand (examples, paragraphs), not re-wrapped.
    preformatted: bool = False

    def load(self) -> Callable[[argparse.Namespace], int]:
        """The function that runs the command, its module imported now."""
        module, function = self.handler.split(":")
        handler: Callable[[argparse.Namespace], int] = getattr(
            importlib.import_module(f"{__package__}.{module}"), function
        )
        return handler


#: Every command, by name, in the order ``p2c --help`` lists them.
COMMANDS: dict[str, Command] = {
    "certify": Command(
        "certify:certify_command",
        help="run the specification against an implementation",
        description="Run every scenario of the specification against an implementation, in "
        "both deployments (GAB solution deployed and not), and print a table of "
        "scenario id, title, deployment and outcome.",
        epilog=_CERTIFY_EPILOG,
        preformatted=True,
    ),
    "smoke": Command(
        "smoke:smoke_command",
        help="check that an adapter's harness works, before certifying it",
        description="Probe an adapter: it starts and describes itself, resets and answers empty "
        "queries in each deployment it declares, and answers an action of each optional "
        "capability it declares. Exit status 0 when its harness is sound, 1 when it is broken "
        "(then a certification would only report adapter errors), 2 for a usage error.",
    ),
    "report": Command(
        "report:report_command",
        help="render results files: the conformance page, Markdown, JUnit XML, Cucumber Messages, "
        "or a comparison of several",
        description="Render one results file (p2c certify --output): its verdict and scope, its "
        "failures each with the command that reproduces it, its skips, and every scenario with "
        "its steps; or compare several: scenario runs by implementation, worst first. Every "
        "string that came from an adapter is escaped for the format.",
    ),
    "badge": Command(
        "report:badge_command",
        help="a shields.io endpoint badge from a results file",
        description="Print a shields.io endpoint JSON: the specification version, and passed "
        "over applicable scenario runs; green only for a complete certification run.",
    ),
    "certificate": Command(
        "report:certificate_command",
        help="a Markdown certificate page from a results file",
        description="Print a Markdown page: the implementation and its version, the "
        "specification, the kit and its features digest, the environment, the totals and the "
        "results file (with its SHA-256). It is a certificate only for a complete "
        "certification run (p2c certify --certify) without failures; otherwise it says why not.",
    ),
    "verify": Command(
        "certify:verify_command",
        help="re-run the run a results file records and compare it, outcome by outcome",
        description="Re-run the run a results file records (the same seeds, selection and "
        "kind of run) against the adapter named here, with the installed kit, and compare "
        "the implementation's description and every scenario run's outcome and place in the "
        "order with the file's. It proves that this adapter gives these results now; not that "
        "the file was made by the kit (it is not signed), nor by this adapter. The adapter is "
        "never taken from the file: name it here, as for p2c certify.",
        epilog="Exit status: 0 when every outcome is as recorded, 1 when any differs, 2 for a "
        "usage error (a bad file, or one made by another version of the kit).",
    ),
    "load": Command(
        "load:load_command",
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
        preformatted=True,
    ),
    "explore": Command(
        "explore:explore_command",
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
        preformatted=True,
    ),
    "kill-matrix": Command(
        "kill_matrix:kill_matrix_command",
        help="certify every mutant of the reference: the evidence of what the kit catches",
        description="Run the features against every deliberately broken variant of the "
        "reference (p2c_reference.mutants), in worker processes, and print for each requirement of "
        "features/requirements.toml the mutants that break it, killed or survived, their "
        "failure mode, and the scenario that killed them first; then, per failure mode, the "
        "mutants and kills. Exit status 1 when a mutant survives or a requirement has no "
        "mutant, 3 when a mutant could not be certified (a worker died): then there is no "
        "matrix.",
    ),
    "lint": Command(
        "lint:lint_command",
        help="check the specification's own hygiene",
        description="Check the features: they parse; every scenario has one unique id tag, "
        "tags from the vocabulary, a title that states behaviour, a source citation whose "
        "quotations are verbatim; Examples tables start with a unique case column; every step "
        "has exactly one definition and every definition is used; and the requirements trace "
        "covers each system every requirement states a result for, in each deployment it holds "
        "in, with scenarios that run there and have a Then step looking at that system. Exit "
        "status 1 lists each problem as file:line.",
    ),
    "adapters": Command(
        "listing:adapters_command",
        help="list the adapters installed packages name",
        description="List every adapter an installed package names in the entry-point group "
        f"{ADAPTER_ENTRY_POINTS!r}, with the factory the name stands for and the package: "
        "p2c certify --adapter NAME certifies it.",
    ),
    "scenarios": Command(
        "listing:scenarios_command",
        help="list the scenarios of the specification",
        description="List every scenario with its id, the document section it checks, its "
        "title and its tags.",
    ),
}


class _OneLineErrors(argparse.ArgumentParser):
    """argparse's parser, but a usage error is one line, as every bad input is to the kit; the
    usage itself is one ``--help`` away (its subcommands' parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command, its options from :mod:`.options`."""
    parser = _OneLineErrors(
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
    for name, command in COMMANDS.items():
        subparser = commands.add_parser(
            name,
            help=command.help,
            description=command.description,
            epilog=command.epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter
            if command.preformatted
            else argparse.HelpFormatter,
        )
        add_command_options(subparser, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    try:
        return _run(options)
    except BrokenPipeError:  # `p2c ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(options: argparse.Namespace) -> int:
    try:
        return COMMANDS[options.command].load()(options)
    except InternalError as error:  # the kit could not do its work: no verdict
        print(f"p2c: error: {error}", file=sys.stderr)
        return 3
    except KitError as error:
        print(f"p2c: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
