"""``p2c certify`` and ``p2c verify``: the specification run under pytest against an
implementation, in a fresh interpreter, and its results file written, or compared with a
recorded one."""

from __future__ import annotations

import argparse
import json
import shlex
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tabulate import tabulate

from p2c_kit import conformance
from p2c_kit._commands.running import (
    PYTEST_INTERNAL_ERROR,
    PYTEST_NO_TESTS_COLLECTED,
    PYTEST_USAGE_ERROR,
    adapter_factory,
    check_writable,
    run_pytest,
    say,
)
from p2c_kit._commands.smoke import smoke
from p2c_kit._contract.errors import UsageError
from p2c_kit._options import (
    CERTIFICATION_FLAGS,
    CERTIFICATION_VALUED,
    check_certification,
    pytest_arguments,
)
from p2c_kit._reports.formats import render_report
from p2c_kit._reports.known import load_known_failing
from p2c_kit._reports.results import write_whole
from p2c_kit._reports.tables import load_results
from p2c_kit._reports.verdict import describe, kit_difference, run_failure, run_key
from p2c_kit._specification.features import add_features
from p2c_kit._text import clean


def certify_arguments(options: argparse.Namespace) -> list[str]:
    """The pytest command line of a certification run."""
    extra = _after_dashes(options.pytest_args)
    verbose = any(argument in ("-v", "-vv", "-vvv", "--verbose") for argument in extra)
    return [
        *conformance.pytest_arguments(),
        # The kit's table and summary line say what pytest's lines would: -qq leaves out pytest's
        # summary line (one summary, the kit's), -qqq the table too (p2c certify -q).
        *([] if verbose else ["-qqq"] if options.quiet else ["-qq"]),
        "-rN",  # the kit's table and reproduce lines replace pytest's short summary
        *pytest_arguments("certify", options),
        *extra,
    ]


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
    "junit": lambda document: render_report([document], "junit"),
    "messages": lambda document: render_report([document], "messages"),
}


def certify_command(options: argparse.Namespace) -> int:
    outputs = {
        name: path for name in _CERTIFY_OUTPUTS if (path := getattr(options, name)) is not None
    }
    for name, path in outputs.items():
        check_writable(f"--{name}", path)  # before the run, not after it
    code, document = run_suite(options)
    if document is not None:
        for name, path in outputs.items():
            try:
                write_whole(path, _CERTIFY_OUTPUTS[name](document))
            except OSError as error:
                raise UsageError(f"--{name} {path}: cannot write it ({error})") from error
    return code


def run_suite(options: argparse.Namespace) -> tuple[int, dict[str, Any] | None]:
    """Run the specification as ``options`` say, in a fresh interpreter; the exit status, and
    the results document when the run got as far as writing one.

    The exit status is decided again from that document: a run that ended early (whatever an
    in-process adapter did to the process: it may exit with status 0) leaves none, or an
    incomplete one, and fails.
    """
    factory = adapter_factory(options)  # fail fast, with a one-line message, on a bad name
    check_certification(lambda dest: getattr(options, dest), pytest=False)
    if options.certify:
        check_certification_arguments(_after_dashes(options.pytest_args))
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
        code, interrupted = run_pytest(arguments, certification=options.certify)
        ended = f"exit status {code}" if code >= 0 else f"killed by signal {-code}"
        document = None
        if results.exists():
            try:
                document = load_results(results)
            except UsageError as error:
                say(f"the run left broken results ({ended}): {error}")
                return 1, None
    if interrupted:
        say("interrupted: the run is partial and fails")
        return 130, document
    if code == PYTEST_USAGE_ERROR:  # pytest said why (an adapter that cannot start, an option)
        return 2, None
    if document is None:
        say(f"the run ended before writing its results ({ended}): it fails")
        return 1, None
    if code == PYTEST_NO_TESTS_COLLECTED and document["run"]["scheduled"] == 0:
        raise UsageError("no scenario matches the -k/-m selection; `p2c scenarios` lists them")
    failure = run_failure(document)
    if failure is not None and code == 0:  # the run itself did not say so: it ended early
        kind = "certification refused" if options.certify else "the run fails"
        say(f"{kind}: {failure}")
    # The results decide: pytest's own status may be 0 (nothing it saw failed), or one of its
    # own (2: something interrupted it; 5: nothing was collected) that the verdict covers.
    if code == PYTEST_INTERNAL_ERROR:
        return code, document  # the kit's own bug: say so as pytest does
    return (1 if failure is not None or code != 0 else 0), document


def _after_dashes(pytest_args: Sequence[str]) -> list[str]:
    extra = list(pytest_args)
    return extra[1:] if extra[:1] == ["--"] else extra


def verify_command(options: argparse.Namespace) -> int:
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
        **{
            **vars(options),
            "seed": run["seed"],
            "certify": run["certification"],
            "k": run["selection"]["k"],
            "m": run["selection"]["m"],
            "known_failing": None,
            "features": None,
            "quiet": False,
            "output": None,
            "pytest_args": [],
        }
    )
    code, document = run_suite(rerun)
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
