"""A contained adapter: nothing it writes extends the deadline of a response, the kit reads no
more of a line or of stderr than its documented limits, and when a run ends, every process the
adapter started is gone, wherever it went. Each test runs ``p2c`` as its users do, with a time
limit: a run that hangs fails the test instead of hanging the suite."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from tests_support import harness

from kit._subprocess import MAX_LINE, MAX_STDERR

P2C = Path(sys.executable).parent / "p2c"
TESTS = Path(__file__).resolve().parent
#: Far longer than any of these runs takes.
RUN_TIME_LIMIT = 120


def p2c(
    directory: Path, *arguments: str, sleeper: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``p2c`` in ``directory``, with the tests' fake adapters importable, and read its
    output to the end, as ``p2c ... | reader`` does."""
    environment = {**os.environ, "PYTHONPATH": str(TESTS)}
    if sleeper is not None:
        environment["P2C_TEST_SLEEPER"] = str(sleeper)
    with subprocess.Popen(
        [str(P2C), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=directory,
        env=environment,
        start_new_session=True,
    ) as run:
        try:
            stdout, stderr = run.communicate(timeout=RUN_TIME_LIMIT)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)  # the run and what it started: not left behind
            raise
    return subprocess.CompletedProcess(run.args, run.returncode, stdout, stderr)


def certify_rows(directory: Path, command: str, *options: str) -> list[dict[str, object]]:
    """Certify the adapter process ``command`` on Scenario 1's first scenario; its result rows."""
    p2c(
        directory,
        "certify",
        "--adapter-cmd",
        command,
        "-k",
        "p2c_s1_01",
        "--output",
        "r.json",
        *options,
    )
    rows: list[dict[str, object]] = json.loads((directory / "r.json").read_text())["scenarios"]
    return rows


def running(marker: Path) -> list[psutil.Process]:
    """The processes with ``marker`` in their command line that have not ended."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        named = str(marker) in (process.info["cmdline"] or ())
        if named and process.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(process)
    return found


@pytest.fixture
def marker(tmp_path: Path):
    """A path that names the processes of one test; any left when it ends are killed."""
    path = tmp_path / "sleeper"
    yield path
    for process in running(path):
        process.kill()


def test_an_adapter_process_that_writes_a_line_without_end_is_an_adapter_error_at_the_timeout(
    tmp_path, marker
):
    """Output that keeps coming does not extend the deadline of a response, and the run ends."""
    rows = certify_rows(tmp_path, harness("endless_line", str(marker)), "--timeout", "1")
    assert [row["outcome"] for row in rows] == ["adapter error", "adapter error"]
    assert all("did not answer perform" in str(row["message"]) for row in rows)
    assert all("within 1 s" in str(row["message"]) for row in rows)
    assert not running(marker)


def test_an_adapter_process_that_floods_stderr_is_an_adapter_error_naming_the_stderr_limit(
    tmp_path, marker
):
    rows = certify_rows(tmp_path, harness("floods_stderr", str(marker)))
    assert [row["outcome"] for row in rows] == ["adapter error", "adapter error"]
    limit = f"wrote more than {MAX_STDERR >> 10} KiB to stderr, the limit"
    assert all(limit in str(row["message"]) for row in rows)
    assert not running(marker)


def test_an_adapter_process_that_writes_a_line_too_long_is_an_adapter_error_naming_the_limit(
    tmp_path, marker
):
    rows = certify_rows(tmp_path, harness("long_line", str(marker)))
    assert [row["outcome"] for row in rows] == ["adapter error", "adapter error"]
    limit = f"wrote a line longer than {MAX_LINE >> 20} MiB, the limit"
    assert all(limit in str(row["message"]) for row in rows)
    assert not running(marker)


@pytest.mark.parametrize("mode", ["setsid_child", "daemon"])
def test_what_an_adapter_process_started_ends_with_the_run_even_if_it_left_its_group(
    tmp_path, marker, mode
):
    """A child that called setsid (out of the adapter's process group), a daemon that forked
    twice (out of its process tree too): both are gone when the run ends."""
    rows = certify_rows(tmp_path, harness(mode, str(marker)))
    assert [row["outcome"] for row in rows] == ["passed", "passed"]
    assert marker.exists()  # it ran
    assert not running(marker)


@pytest.mark.parametrize(
    "command",
    [
        ("certify", "-k", "p2c_s1_01"),
        ("smoke",),
        ("load", "--prospects", "1", "--samples", "0", "--deployment", "gab"),
    ],
    ids=["certify", "smoke", "load"],
)
def test_a_child_of_an_in_process_adapter_ends_with_the_run_and_lets_its_output_end(
    tmp_path, marker, command
):
    """The child sleeps holding the kit's stdout: the reader of ``p2c ... | reader`` gets the
    end of the output when the run ends, not when the child does."""
    run = p2c(tmp_path, *command, "--adapter", "fake_adapters:starts_a_sleeper", sleeper=marker)
    assert run.returncode == 0, run.stdout + run.stderr
    assert marker.exists()  # it ran
    assert not running(marker)
