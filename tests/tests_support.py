"""Helpers shared by the tests: the source document, normalised for checking quotations against
it, the command lines of deliberately broken adapter processes, headless Chromium, and runs of
``p2c`` made once for the whole session."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from p2c_kit._commands.lint import quotations, source_text

SOURCE = source_text()
HARNESS = Path(__file__).parent / "harnesses" / "broken_harness.py"
#: The npm tools the tests run, pinned: ``npm ci --prefix tests/node`` (as .ci/run does).
NODE = Path(__file__).parent / "node"

P2C = str(Path(sys.executable).parent / "p2c")

__all__ = [
    "HARNESS",
    "NODE",
    "P2C",
    "SOURCE",
    "SharedRun",
    "chromium",
    "harness",
    "node_tool",
    "quotations",
    "shared_run",
]


def harness(mode: str, *arguments: str) -> str:
    """The command line of an adapter process that breaks the protocol in one way (its docstring
    lists them, and the arguments each takes)."""
    return shlex.join([sys.executable, str(HARNESS), mode, *arguments])


def chromium(*arguments: str, profile: Path, width: int = 1280) -> str:
    """Run headless Chromium on a page, ``width`` px wide, with no network of its own (the pages
    need none); what it printed."""
    return subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={width},900",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def node_tool(name: str) -> Path:
    """An npm package of tests/node: missing is a failure, never a skip."""
    path = NODE / "node_modules" / name
    assert path.exists(), f"{path} is missing: run `npm ci --prefix tests/node` (as .ci/run does)"
    return path


class SharedRun:
    """A run of ``p2c`` made once for the whole test session, whatever xdist worker asks first:
    what it printed, its exit status, and the folder it ran in (with what it wrote there)."""

    def __init__(self, folder: Path) -> None:
        recorded = json.loads((folder / "run.json").read_text())
        self.folder = folder
        self.result = subprocess.CompletedProcess(
            recorded["args"], recorded["returncode"], recorded["stdout"], recorded["stderr"]
        )

    def __getitem__(self, name: str) -> Path:
        """A file the run wrote (``--output NAME``, relative to its folder)."""
        path = self.folder / name
        assert path.exists(), f"{path}: the run wrote no such file:\n{self.result.stderr}"
        return path


def shared_run(
    shared: Path,
    *arguments: str,
    cwd: Path | None = None,
    files: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
) -> SharedRun:
    """``p2c *arguments`` run in a folder of its own under ``shared`` (the session's folder every
    worker sees), or in ``cwd`` with relative outputs written to that folder; the first worker
    to ask runs it, under a lock, and the others read what it left. The same command gives the
    same run: a test that reads it checks what a run of its own would give.

    ``files``: written into the folder first (name: text); ``env``: added to the environment,
    ``{folder}`` in a value standing for the folder."""
    files, env = files or {}, env or {}
    key = hashlib.sha256(json.dumps([arguments, str(cwd), files, env]).encode()).hexdigest()[:16]
    folder = shared / f"run-{key}"
    with (shared / f"run-{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "run.json").exists():
            folder.mkdir(exist_ok=True)
            for name, text in files.items():
                (folder / name).write_text(text)
            environment = {
                **os.environ,
                **{name: value.format(folder=folder) for name, value in env.items()},
            }
            # outputs named relative to the folder, wherever the command runs
            absolute = [
                str(folder / argument)
                if previous in ("--output", "--junit", "--messages")
                else argument
                for previous, argument in zip(("", *arguments), arguments, strict=False)
            ]
            done = subprocess.run(
                [P2C, *absolute],
                capture_output=True,
                text=True,
                cwd=cwd or folder,
                env=environment,
                check=False,
                timeout=600,
            )
            record = {
                "args": done.args,
                "returncode": done.returncode,
                "stdout": done.stdout,
                "stderr": done.stderr,
            }
            (folder / "run.json.part").write_text(json.dumps(record))
            (folder / "run.json.part").rename(folder / "run.json")
    return SharedRun(folder)
