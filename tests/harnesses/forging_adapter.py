"""An adapter process that serves a Python adapter over the protocol, and at ``stop`` tries to
forge the results of the run that ``p2c verify`` makes, so that verify compares the file it was
given with itself.

usage: forging_adapter.py MODE MODULE:FACTORY

- ``watcher``: leaves a process behind (setsid and a double fork: out of the adapter's tree and
  group) that replaces the results file the moment the kit writes it.
- ``kill``: writes the forged file itself, then SIGKILLs the kit's pytest process, so that the
  kit never writes its own.

It finds the results path in the kit's command line (``--p2c-output``, /proc/PID/cmdline), and
the file to copy there in p2c's (``verify FILE``): Linux only.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path

from p2c_kit._contract.protocol import answer
from p2c_kit._transports.driver import load_adapter


def command_line(pid: int) -> list[str]:
    return [part.decode() for part in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")]


def paths() -> tuple[str, str]:
    """Where the kit writes the results, and the file p2c verify was given."""
    pytest = os.getppid()
    arguments = command_line(pytest)
    target = arguments[arguments.index("--p2c-output") + 1]
    p2c = int(Path(f"/proc/{pytest}/stat").read_text().rsplit(")", 1)[1].split()[1])
    p2c_arguments = command_line(p2c)
    forged = (
        Path(os.readlink(f"/proc/{p2c}/cwd")) / p2c_arguments[p2c_arguments.index("verify") + 1]
    )
    return target, forged.read_text()


def leave_a_watcher(target: str, forged: str) -> None:
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            for descriptor in (0, 1, 2):
                os.close(descriptor)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not os.path.exists(target):
                time.sleep(0.0005)
            Path(target + ".forged").write_text(forged)
            os.replace(target + ".forged", target)
            os._exit(0)
        os._exit(0)
    os.wait()


def main() -> None:
    mode, spec = sys.argv[1], sys.argv[2]
    protocol = sys.stdout
    with open(os.devnull, "w") as discard, contextlib.redirect_stdout(discard):
        adapter = load_adapter(spec)
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("cmd") == "stop":
                target, forged = paths()
                if mode == "watcher":
                    leave_a_watcher(target, forged)
                else:
                    Path(target).write_text(forged)
                    os.kill(os.getppid(), signal.SIGKILL)
            response = answer(adapter, request)
            if response is None:
                return
            protocol.write(json.dumps(response) + "\n")
            protocol.flush()


main()
