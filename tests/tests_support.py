"""Helpers shared by the tests: the source document, normalised for checking quotations against
it, the command lines of deliberately broken adapter processes, and headless Chromium."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from p2c_kit._lint import quotations, source_text

SOURCE = source_text()
HARNESS = Path(__file__).parent / "harnesses" / "broken_harness.py"
#: The npm tools the tests run, pinned: ``npm ci --prefix tests/node`` (as .ci/run does).
NODE = Path(__file__).parent / "node"

__all__ = ["HARNESS", "NODE", "SOURCE", "chromium", "harness", "node_tool", "quotations"]


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
