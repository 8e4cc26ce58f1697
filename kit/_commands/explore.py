"""``p2c explore``: the exploration (:mod:`p2c_kit._exploration`) run under pytest against an
implementation, in a fresh interpreter, one test per deployment (and per part of it, with
``-n``); what it found printed, and written with ``--output``."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import tempfile
from pathlib import Path

from tabulate import tabulate

from p2c_kit import conformance
from p2c_kit._commands.running import (
    PYTEST_NO_TESTS_COLLECTED,
    PYTEST_USAGE_ERROR,
    adapter_factory,
    check_writable,
    run_pytest,
    say,
)
from p2c_kit._commands.smoke import smoke
from p2c_kit._contract.errors import UsageError
from p2c_kit._exploration import Options
from p2c_kit._options import pytest_arguments
from p2c_kit._reports.explored import existing_output, render_explored, write_explored
from p2c_kit._specification.properties import PROPERTIES, selected
from p2c_kit._text import clean


def explore_command(options: argparse.Namespace) -> int:
    if options.list:
        rows = [
            (prop.name, ", ".join(prop.implements), prop.reading or "", " ".join(prop.deployments))
            for prop in PROPERTIES.values()
        ]
        headers = ("property", "requirements", "reading", "deployments")
        table = "github" if options.format == "markdown" else "simple"
        print(tabulate(rows, headers=headers, tablefmt=table))
        return 0
    factory = adapter_factory(options)  # fail fast, with a one-line message, on a bad name
    Options(options.max_examples, options.steps, options.seed, options.derandomize)  # checked
    run_seed = options.seed if options.seed is not None else secrets.randbits(32)
    selected("gab", options.m)  # a bad -m expression is one line, before anything runs
    if options.output is not None:
        check_writable("--output", options.output)
        existing_output(options.output)  # a file it must not overwrite: said before the run
    shards = (os.cpu_count() or 1) if options.n in ("auto", "logical") else int(options.n or 1)
    started = smoke(factory)[0]  # one clear line for an adapter that cannot start
    if not started.ok:
        raise UsageError(f"the adapter cannot start: {started.detail}")
    with tempfile.TemporaryDirectory(prefix="p2c-") as scratch:
        found = Path(scratch) / "explored.json"
        # what the command decides for the run: its seed, drawn; one part of the sequences per
        # process; where the run writes what it found
        run = argparse.Namespace(
            **{
                **vars(options),
                "seed": run_seed,
                "n": str(shards) if shards > 1 else None,
                "shards": shards,
                "explore_output": found,
            }
        )
        arguments = [
            *conformance.pytest_arguments(["explore"]),
            "-p",
            "no:terminal",  # the kit prints what was found
            *pytest_arguments("explore", run),
        ]
        code, interrupted = run_pytest(arguments, certification=True)
        document = json.loads(found.read_text(encoding="utf-8")) if found.exists() else None
    if interrupted:
        say("interrupted: nothing explored is kept")
        return 130
    if code == PYTEST_USAGE_ERROR:
        return 2
    if document is None:
        say(f"the exploration ended before writing what it found (exit status {code})")
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
        + ("derandomized" if options.derandomize else f"seed {run_seed}")
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
    return 1 if failed or code not in (0, PYTEST_NO_TESTS_COLLECTED) else 0
