"""The second transport: an adapter process speaking the protocol on stdin and stdout.

:class:`AdapterProcess` has the methods of :class:`p2c_kit.Adapter`, so the driver uses it like any
in-process adapter. Each call is one request and one response. Whatever goes wrong with the
process (it crashes, hangs past the timeout, writes a line that is not JSON, answers another
``seq``, breaks the protocol, writes to stderr, writes more than the limits below) raises
:class:`~p2c_kit.HarnessError` with what it wrote, and the process is killed with every process it
started; the next ``reset`` starts a new one, so the run goes on.

Each request has one deadline, the timeout after it is sent, for the whole exchange: sending it,
the response, what the process writes to stderr meanwhile. Nothing the process writes extends it.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import select
import shlex
import subprocess
import time
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

import psutil

from p2c_kit._contract.adapter import ACTIONS, Configuration, Implementation
from p2c_kit._contract.errors import (
    SHOWN_LINE,
    HarnessError,
    KitError,
    Refused,
    Skipped,
    UsageError,
)
from p2c_kit._contract.protocol import RESPONSE_KINDS
from p2c_kit._contract.schemas import CONTRACT_VERSION, schema_errors
from p2c_kit._transports.processes import end_process, tree_of

#: Seconds the kit waits for each response, unless told otherwise.
DEFAULT_TIMEOUT = 10.0

#: The longest line the kit reads from an adapter process, in bytes (its newline not counted).
#: The longest legitimate response is a query of a whole system: with the reference's records,
#: about 700 bytes a prospect, so this holds about 90,000 prospects (``p2c load`` queries whole
#: systems); the kit holds no more than this of a line that never ends.
MAX_LINE = 64 * 1024 * 1024

#: How much of an adapter process's stderr the kit reads, in bytes. Anything written there
#: while it answers a request is a protocol error; this is room for the longest stack trace.
MAX_STDERR = 64 * 1024

#: How much the kit reads from a pipe at once.
_CHUNK = 1 << 16


class AdapterProcess:
    """An adapter run as ``command`` (a shell-like command line, split with :mod:`shlex`; no
    shell is involved)."""

    def __init__(
        self, command: str, *, timeout: float = DEFAULT_TIMEOUT, validate_protocol: bool = False
    ) -> None:
        self.argv = shlex.split(command)
        if not self.argv:
            raise UsageError("--adapter-cmd is empty: give the command that starts the adapter")
        if not (math.isfinite(timeout) and timeout > 0):
            raise UsageError(f"the timeout must be a positive number of seconds, not {timeout}")
        self.timeout = timeout
        self.validate_protocol = validate_protocol
        self._seq = itertools.count(1)
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = bytearray()  # what the process wrote after the last complete line
        self._stderr = bytearray()
        self._greeted = False  # whether the running process was sent its start request
        self._implementation: Implementation | None = None  # what it said it is, the first time
        #: what the process had started when the kit last waited for it to exit: once it is
        #: reaped, its children leave its tree, and only this finds them
        self._started: set[psutil.Process] = set()

    # -- the adapter contract ------------------------------------------------------------------

    def start(self) -> Implementation:
        return self._launch()

    def reset(self, configuration: Configuration) -> None:
        if self._process is None:  # it broke in an earlier scenario: start a new one
            self._launch()
        self._request("reset", configuration=configuration)

    def query(self, system: str) -> dict[str, Any]:
        return self._request("query", system=system)

    def stop(self) -> None:
        process = self._process
        if process is None:
            return
        if not self._greeted:  # spawned, never used: it is owed no stop request
            self._kill()
            return
        deadline = time.monotonic() + self.timeout
        # what it started, found while it runs: when it exits, its children leave its tree
        started = tree_of(process, group=process.pid)
        try:
            self._send({"seq": next(self._seq), "cmd": "stop"}, deadline)
            process.wait(timeout=max(deadline - time.monotonic(), 0))
        except (OSError, subprocess.TimeoutExpired):
            pass
        finally:
            self._kill(also=started)

    def abort(self) -> None:
        """End the process at once, without a stop request: the run was interrupted, and a
        process that does not answer must not hold it for a timeout more."""
        self._kill()

    def __getattr__(self, action: str) -> Callable[..., dict[str, Any]]:
        if action not in ACTIONS:
            raise AttributeError(action)

        def perform(**arguments: Any) -> dict[str, Any]:
            return self._request("perform", action=action, arguments=arguments)

        perform.__name__ = action
        return perform

    @property
    def running(self) -> bool:
        """Whether the process is up: the kit kills one that breaks the protocol."""
        return self._process is not None

    # -- the process ---------------------------------------------------------------------------

    def spawn(self) -> None:
        """Start the process now, without waiting for it: it boots (an interpreter, its imports)
        while the kit goes on with other work, and ``start`` then only greets it."""
        if self._process is not None:
            return
        self._stderr = bytearray()
        self._buffer = bytearray()
        self._greeted = False
        try:
            self._process = subprocess.Popen(
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group: killed with all it started
            )
        except OSError as error:
            raise UsageError(
                f"--adapter-cmd {shlex.join(self.argv)!r} cannot start: {error}"
            ) from error
        assert self._process.stdin is not None
        # written as far as the deadline allows: a process that does not read must not block it
        os.set_blocking(self._process.stdin.fileno(), False)

    def _launch(self) -> Implementation:
        self.spawn()
        self._greeted = True
        started = self._request("start", version=CONTRACT_VERSION)
        if started.get("version") != CONTRACT_VERSION or "implementation" not in started:
            self._fail(
                f"start answered {started!r}: expected version {CONTRACT_VERSION} and "
                "the implementation"
            )
        implementation: Implementation = started["implementation"]
        if self._implementation is None:
            self._implementation = implementation
        elif implementation != self._implementation:
            # a restarted process is the same implementation, or the run's results credit one
            # implementation with another's
            self._fail(
                f"started again as {implementation!r}, having started as {self._implementation!r}"
            )
        return implementation

    def _kill(self, also: Iterable[psutil.Process] = ()) -> None:
        """End the process and everything it started (``also``: what it had started when it
        still ran); close its pipes."""
        process, self._process = self._process, None
        if process is None:
            return
        started, self._started = self._started, set()
        end_process(process, group=process.pid, also=started | set(also))
        for pipe in (process.stdin, process.stdout, process.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def _send(self, request: dict[str, Any], deadline: float) -> None:
        """Write one request; raise :class:`OSError` if the process closed its input, or
        :class:`TimeoutError` (one) if it does not read it by the deadline."""
        process = self._process
        assert process is not None and process.stdin is not None
        descriptor = process.stdin.fileno()
        data = memoryview(json.dumps(request).encode() + b"\n")
        while data:
            with contextlib.suppress(BlockingIOError):  # the pipe is full: wait below
                data = data[os.write(descriptor, data) :]
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([], [descriptor], [], remaining)[1]:
                raise TimeoutError

    def _request(self, command: str, **fields: Any) -> dict[str, Any]:
        """Send one request; return the result, or raise what the response says."""
        __tracebackhide__ = True
        if self._process is None:
            self._launch()
        seq = next(self._seq)
        request = {"seq": seq, "cmd": command, **fields}
        if self.validate_protocol:
            errors = schema_errors("protocol#/$defs/request", request)
            if errors:
                raise KitError(f"the kit sent a request that breaks the protocol: {errors[0]}")
        deadline = time.monotonic() + self.timeout
        try:
            self._send(request, deadline)
        except OSError:  # closed, or full past the deadline (a TimeoutError)
            process = self._process
            assert process is not None and process.stderr is not None
            self._drain_stderr(process.stderr.fileno(), deadline)
            code = self._exit_code(deadline)
            if code is not None:  # it died before the request reached it (it had been spawned)
                self._fail(f"exited (exit code {code}) instead of answering {command}")
            self._fail("stopped reading its input")
        line = self._receive(command, seq, deadline)
        response = self._parse(line, seq)
        if self._stderr:
            self._fail("wrote to stderr", line=None)
        if "refused" in response and command != "perform":
            self._fail(f"refused {command}: only an action can be refused", line=line)
        return _outcome(response)

    def _receive(self, command: str, seq: int, deadline: float) -> str:
        """The next line of the process's output, by the deadline. What the process writes to
        stderr meanwhile is collected, up to the moment the line is complete (an adapter writes
        its stderr before its answer, so none of it is missed)."""
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        output, errors = process.stdout.fileno(), process.stderr.fileno()
        watched = [output, errors]
        end = self._buffer.find(b"\n")
        while True:
            if (end if end >= 0 else len(self._buffer)) > MAX_LINE:
                self._fail(
                    f"wrote a line longer than {_size(MAX_LINE)}, the limit", line=self._partial()
                )
            if end >= 0:
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:  # checked on every turn: output keeps select from timing out
                self._fail(
                    f"did not answer {command} (seq {seq}) within {self.timeout:g} s",
                    line=self._partial() if self._buffer else None,
                )
            readable, _, _ = select.select(watched, [], [], remaining)
            if errors in readable and not self._read_stderr(errors):
                watched = [output]  # the process closed its stderr
            if output in readable:
                chunk = os.read(output, _CHUNK)
                if not chunk:
                    self._drain_stderr(errors, deadline)
                    code = self._exit_code(deadline)
                    ended = "closed its output" if code is None else f"exited (exit code {code})"
                    self._fail(f"{ended} instead of answering {command}")
                searched = len(self._buffer)
                self._buffer += chunk
                end = self._buffer.find(b"\n", searched)  # only the new part can hold it
        while (
            errors in watched
            and time.monotonic() < deadline
            and select.select([errors], [], [], 0)[0]
            and self._read_stderr(errors)
        ):
            pass
        line = self._buffer[:end].decode("utf-8", errors="replace")
        del self._buffer[: end + 1]
        return line

    def _partial(self) -> str:
        """The start of what the process wrote of the line it is writing: as much as a
        HarnessError shows, and a character more where there is more (a character takes four
        bytes at most), so that it ends the line shown with an ellipsis. Not all of it: the line
        may be megabytes long."""
        return self._buffer[: 4 * SHOWN_LINE + 1].decode("utf-8", errors="replace")

    def _drain_stderr(self, descriptor: int, deadline: float) -> None:
        """Collect what is left on stderr after the output closed, without waiting past the
        deadline (a process it started may hold stderr open)."""
        while (remaining := deadline - time.monotonic()) > 0:
            if not select.select([descriptor], [], [], min(0.2, remaining))[0]:
                return
            if not self._read_stderr(descriptor):
                return

    def _read_stderr(self, descriptor: int) -> bool:
        """Collect what the process wrote to stderr; whether there was anything. Past
        :data:`MAX_STDERR`, fail: writing there at all is a protocol error."""
        chunk = os.read(descriptor, _CHUNK)
        self._stderr += chunk
        if len(self._stderr) > MAX_STDERR:
            del self._stderr[MAX_STDERR:]
            self._fail(f"wrote more than {_size(MAX_STDERR)} to stderr, the limit")
        return bool(chunk)

    def _parse(self, line: str, seq: int) -> dict[str, Any]:
        try:
            response = json.loads(line)
        except ValueError:
            self._fail("wrote a line that is not JSON", line=line)
        if not isinstance(response, dict):
            self._fail("wrote JSON that is not an object", line=line)
        echoed = response.get("seq")
        if type(echoed) is not type(seq) or echoed != seq:  # 1.0 or true is not the seq 1
            self._fail(f"answered seq {echoed!r} to the request of seq {seq!r}", line=line)
        kinds = [kind for kind in RESPONSE_KINDS if kind in response]
        if (
            len(kinds) != 1
            or not isinstance(response[kinds[0]], dict)
            or set(response) != {"seq", kinds[0]}
        ):
            self._fail(
                f"answered with the keys {sorted(response)}: a response has seq and exactly one "
                f"of {', '.join(RESPONSE_KINDS)}, an object",
                line=line,
            )
        if self.validate_protocol:
            errors = schema_errors(f"protocol#/$defs/{kinds[0]}_response", response)
            if errors:
                self._fail(f"broke the protocol: {'; '.join(errors)}", line=line)
        return response

    def _exit_code(self, deadline: float) -> int | None:
        """Its exit code, if it exits within a second (by the deadline)."""
        process = self._process
        if process is None:
            return None
        self._started |= tree_of(process, group=process.pid)
        try:
            return process.wait(timeout=min(1.0, max(deadline - time.monotonic(), 0)))
        except subprocess.TimeoutExpired:
            return None

    def _fail(self, problem: str, line: str | None = None) -> NoReturn:
        """Kill the process (the next reset starts a new one) and raise what went wrong."""
        __tracebackhide__ = True
        self._kill()
        raise HarnessError(
            f"the adapter process {problem}",
            stderr=self._stderr.decode("utf-8", errors="replace"),
            line=line,
        )


def _size(limit: int) -> str:
    """A limit in bytes, as the documentation gives it."""
    return f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{limit >> 10} KiB"


def _outcome(response: dict[str, Any]) -> dict[str, Any]:
    __tracebackhide__ = True
    if "result" in response:
        result: dict[str, Any] = response["result"]
        return result
    if "refused" in response:
        refused = response["refused"]
        raise Refused(
            rule=str(refused.get("rule")),
            reason=str(refused.get("reason")),
            field=refused.get("field"),
        )
    if "skipped" in response:
        skipped = response["skipped"]
        raise Skipped(str(skipped.get("message")), skipped.get("issue_url"))
    errored = response["errored"]
    traceback = str(errored.get("traceback", "")).rstrip()
    raise HarnessError(
        f"the adapter reported an error: {errored.get('message')}"
        + (f"\nits traceback:\n{traceback}" if traceback else "")
    )
