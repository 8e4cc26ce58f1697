"""What the commands that drive an adapter or run pytest share: the adapter the options name,
pytest run in a fresh interpreter, and how a command says what went wrong."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from p2c_kit import conformance
from p2c_kit._contract.adapter import Adapter
from p2c_kit._contract.errors import UsageError
from p2c_kit._transports.driver import resolve_adapter
from p2c_kit._transports.processes import Containment
from p2c_kit._transports.stdio import AdapterProcess

#: Seconds an interrupted run is given to end before it is told to (see run_pytest).
_INTERRUPT_GRACE = 5.0

# pytest's documented exit statuses (pytest.ExitCode), without importing pytest into the command
PYTEST_INTERNAL_ERROR = 3
PYTEST_USAGE_ERROR = 4
PYTEST_NO_TESTS_COLLECTED = 5


def adapter_factory(options: argparse.Namespace) -> Callable[[], Adapter]:
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


def run_pytest(arguments: list[str], *, certification: bool) -> tuple[int, bool]:
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


def say(line: str) -> None:
    print(f"p2c: {line}", file=sys.stderr)


def check_writable(option: str, path: Path) -> None:
    if path.is_dir():
        raise UsageError(f"{option} {path}: a directory, not a file")
    folder = path.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: no writable folder {str(folder)!r} to write it in")
