"""The second transport: an adapter process speaking the protocol on stdin and stdout.

:class:`AdapterProcess` has the methods of :class:`kit.Adapter`, so the driver uses it like any
in-process adapter. Each call is one request and one response. Whatever goes wrong with the
process (it crashes, hangs past the timeout, writes a line that is not JSON, answers another
``seq``, breaks the protocol, writes to stderr) raises :class:`~kit.HarnessError` with what it
wrote, and the process is killed; the next ``reset`` starts a new one, so the run goes on.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import select
import shlex
import signal
import subprocess
import time
from collections.abc import Callable
from typing import Any, NoReturn

from kit._contract import ACTIONS, Configuration, Implementation
from kit._errors import HarnessError, KitError, Refused, Skipped, UsageError
from kit._protocol import RESPONSE_KINDS
from kit._schemas import CONTRACT_VERSION, schema_errors

#: Seconds the kit waits for each response, unless told otherwise.
DEFAULT_TIMEOUT = 10.0


class AdapterProcess:
    """An adapter run as ``command`` (a shell-like command line, split with :mod:`shlex`; no
    shell is involved)."""

    def __init__(
        self, command: str, *, timeout: float = DEFAULT_TIMEOUT, validate_protocol: bool = False
    ) -> None:
        self.argv = shlex.split(command)
        if not self.argv:
            raise UsageError("--adapter-cmd is empty: give the command that starts the adapter")
        if timeout <= 0:
            raise UsageError(f"the timeout must be positive, not {timeout}")
        self.timeout = timeout
        self.validate_protocol = validate_protocol
        self._seq = itertools.count(1)
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._stderr: list[str] = []
        self._greeted = False  # whether the running process was sent its start request

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
        try:
            self._send({"seq": next(self._seq), "cmd": "stop"})
            process.wait(timeout=self.timeout)
        except (OSError, subprocess.TimeoutExpired):
            pass
        finally:
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
        self._stderr = []
        self._buffer = b""
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
        return implementation

    def _kill(self) -> None:
        """End the process and everything it started; close its pipes."""
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for pipe in (process.stdin, process.stdout, process.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def _send(self, request: dict[str, Any]) -> None:
        process = self._process
        assert process is not None and process.stdin is not None
        process.stdin.write(json.dumps(request).encode() + b"\n")
        process.stdin.flush()

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
        try:
            self._send(request)
        except OSError:
            process = self._process
            assert process is not None and process.stderr is not None
            self._drain_stderr(process.stderr.fileno(), time.monotonic() + self.timeout)
            code = self._exit_code()
            if code is not None:  # it died before the request reached it (it had been spawned)
                self._fail(f"exited (exit code {code}) instead of answering {command}")
            self._fail("stopped reading its input")
        line = self._receive(command, seq)
        response = self._parse(line, seq)
        if self._stderr:
            self._fail("wrote to stderr", line=None)
        if "refused" in response and command != "perform":
            self._fail(f"refused {command}: only an action can be refused", line=line)
        return _outcome(response)

    def _receive(self, command: str, seq: int) -> str:
        """The next line of the process's output, waiting at most the timeout for it. What the
        process writes to stderr meanwhile is collected, up to the moment the line is complete
        (an adapter writes its stderr before its answer, so none of it is missed)."""
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        output, errors = process.stdout.fileno(), process.stderr.fileno()
        watched = [output, errors]
        deadline = time.monotonic() + self.timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            readable, _, _ = select.select(watched, [], [], max(remaining, 0))
            if not readable:
                self._fail(f"did not answer {command} (seq {seq}) within {self.timeout:g} s")
            if errors in readable and not self._read_stderr(errors):
                watched = [output]  # the process closed its stderr
            if output in readable:
                chunk = os.read(output, 1 << 16)
                if not chunk:
                    self._drain_stderr(errors, deadline)
                    code = self._exit_code()
                    ended = "closed its output" if code is None else f"exited (exit code {code})"
                    self._fail(f"{ended} instead of answering {command}")
                self._buffer += chunk
        while errors in watched and select.select([errors], [], [], 0)[0]:
            if not self._read_stderr(errors):
                break
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode("utf-8", errors="replace")

    def _drain_stderr(self, descriptor: int, deadline: float) -> None:
        """Collect what is left on stderr after the output closed, without waiting past the
        deadline (a process it started may hold stderr open)."""
        while time.monotonic() < deadline:
            if not select.select([descriptor], [], [], min(0.2, deadline - time.monotonic()))[0]:
                return
            if not self._read_stderr(descriptor):
                return

    def _read_stderr(self, descriptor: int) -> bool:
        """Collect what the process wrote to stderr; whether there was anything."""
        chunk = os.read(descriptor, 1 << 16)
        if chunk:
            self._stderr.append(chunk.decode("utf-8", errors="replace"))
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

    def _exit_code(self) -> int | None:
        process = self._process
        if process is None:
            return None
        try:
            return process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return None

    def _fail(self, problem: str, line: str | None = None) -> NoReturn:
        """Kill the process (the next reset starts a new one) and raise what went wrong."""
        __tracebackhide__ = True
        self._kill()
        raise HarnessError(
            f"the adapter process {problem}", stderr="".join(self._stderr), line=line
        )


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
