"""The ``p2c`` command."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from tabulate import tabulate

from kit import CONTRACT_VERSION, SPEC_VERSION, __version__, conformance
from kit._driver import DEFAULT_ADAPTER, resolve_adapter
from kit._errors import KitError
from kit._features import scenarios

_CERTIFY_EPILOG = f"""\
examples:
  p2c certify                                   the reference implementation
  p2c certify --adapter my_sync.p2c:adapter     your implementation
  p2c certify -k p2c_s1_03                      one scenario, by id
  p2c certify -m "not assumption_customer_group_chosen_in_sales"
                                                leave out one of the kit's readings
  p2c certify -- -x -v                          anything after -- goes to pytest

The adapter factory is imported and called with no arguments; it returns an object with the
methods of kit.Adapter (see README, "Certify your implementation"). Exit status: 0 when every
applicable scenario passed, 1 when any failed, 2 for a usage error (a bad option, an adapter
that cannot be loaded or started, a selection that matches no scenario); other codes are
pytest's.
Default adapter: {DEFAULT_ADAPTER}."""


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
    certify.add_argument(
        "--adapter",
        "--p2c-adapter",
        default=DEFAULT_ADAPTER,
        metavar="MODULE:FACTORY",
        help="the adapter factory to certify (default: the reference implementation)",
    )
    certify.add_argument(
        "--seed",
        "--p2c-seed",
        type=int,
        default=0,
        metavar="N",
        help="seed of the incidental data; the same seed reproduces a run (default: 0)",
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


def certify_arguments(options: argparse.Namespace) -> list[str]:
    """The pytest command line of a certification run."""
    arguments = [
        "--pyargs",
        "kit.conformance",
        # the kit's own settings, whatever the current directory's pytest configuration says
        "-c",
        str(Path(conformance.__file__).with_name("pytest.ini")),
        "-p",
        "no:cacheprovider",
        "-q",
        "-rN",  # the kit's table and reproduce lines replace pytest's short summary
        "--p2c-adapter",
        options.adapter,
        "--p2c-seed",
        str(options.seed),
    ]
    if options.k:
        arguments += ["-k", options.k]
    if options.m:
        arguments += ["-m", options.m]
    extra = list(options.pytest_args)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    return arguments + extra


def _certify(options: argparse.Namespace) -> int:
    resolve_adapter(options.adapter)  # fail fast, with a one-line message, on a bad name
    # A fresh interpreter: pytest can rewrite the kit's assertions, and no engine state is shared.
    # -P: the current directory is not put first on the path, where a user's own `rules.py` or
    # `kit/` would shadow the kit; adapters are still found there (see resolve_adapter).
    command = [sys.executable, "-P", "-m", "pytest", *certify_arguments(options)]
    code = subprocess.run(command, check=False).returncode
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        print(
            "p2c: error: no scenario matches the -k/-m selection; `p2c scenarios` lists them",
            file=sys.stderr,
        )
        return 2
    return 2 if code == pytest.ExitCode.USAGE_ERROR else code


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
        if options.command == "certify":
            return _certify(options)
        return _scenarios(options)
    except KitError as error:
        print(f"p2c: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
