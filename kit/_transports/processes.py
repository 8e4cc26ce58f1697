"""Ending every process an adapter started, wherever it went.

An adapter may start processes of its own: a server, a child that calls ``setsid`` to leave its
process group, a daemon that forks twice so that its parent can exit, a child that an in-process
adapter forks from the kit itself. None of them may outlive the run: they hold ports and files the
next run needs, and one that holds the kit's output keeps ``p2c certify | tail`` waiting.

A process is found by its parent links (psutil) and, for an adapter process, by its process group.
When a process's parent ends, the kernel gives it to the nearest ancestor that is a *child
subreaper*, or to init: on Linux, the kit makes itself a subreaper while a run is
:func:`contained`, so that a daemon that forked twice stays in its tree. Elsewhere such a daemon
escapes to init (only what is still linked to the kit by parents or process group is found).

Ending a set of processes: find them all, stop each (SIGSTOP, so that none forks while the rest are
found), find them again until no new one turns up, then kill them all (SIGKILL) and reap the ones
the kit adopted on the way.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

import psutil

#: How many times a set of processes is searched for processes that forked while it was stopped.
_MAX_SEARCHES = 100
#: Seconds the kit waits for killed processes to be dead (SIGKILL acts at once; a process in an
#: uninterruptible system call dies when it returns).
_DEATH_WAIT = 5.0

_PR_SET_CHILD_SUBREAPER = 36
_PR_GET_CHILD_SUBREAPER = 37


def tree_of(process: subprocess.Popen[Any], *, group: int | None = None) -> set[psutil.Process]:
    """``process``, which the kit started, and every process it started that can be found now:
    its descendants, and the members of process ``group`` (its own, when it was started in a
    session of its own) with theirs."""
    if process.returncode is not None:  # reaped: its pid, and so its group's id, may be reused
        return set()
    try:
        tree = _trees([psutil.Process(process.pid)])
    except psutil.NoSuchProcess:
        return set()
    return tree | _trees(_group_members(group) - tree)


def end_process(
    process: subprocess.Popen[Any],
    *,
    group: int | None = None,
    also: Iterable[psutil.Process] = (),
) -> None:
    """End ``process``, which the kit started, with everything it started (:func:`tree_of`), and
    ``also``: processes found in its tree before it exited (its children then left the tree),
    with theirs. Its Popen object reaps ``process``."""
    earlier = set(also)

    def search() -> tuple[set[psutil.Process], set[psutil.Process]]:
        found = tree_of(process, group=group)
        found |= _trees(earlier - found)
        return found, {each for each in found if each.pid == process.pid}

    _end(search)
    process.wait()


class Containment:
    """Every process started, from now on, by this process or by a process it starts.

    :meth:`end` ends them all. Processes that this process had started before are not touched,
    nor what they start (while it stays in their tree). On Linux this process is a child
    subreaper in between (see the module's documentation); :meth:`end` restores what it was.
    """

    def __init__(self) -> None:
        self._kit = psutil.Process()
        self._before = set(self._kit.children())
        self._was_subreaper = _subreaper()
        if self._was_subreaper is False:
            _set_subreaper(True)
        self._ended = False

    def end(self) -> None:
        """End every process started since this containment began, and what they started.

        A child of this process is killed but not reaped: it may be an in-process adapter's,
        whose exit status is its owner's, or an orphan it adopted, and which one cannot be told
        afterwards. Either way it has ended; its entry goes when its owner or this process does.
        """
        if self._ended:
            return
        self._ended = True
        try:

            def search() -> tuple[set[psutil.Process], set[psutil.Process]]:
                children = set(self._kit.children()) - self._before
                return _trees(children), children

            _end(search)
        finally:
            if self._was_subreaper is False:
                _set_subreaper(False)


@contextlib.contextmanager
def contained() -> Iterator[None]:
    """A :class:`Containment` for the duration of a ``with`` block, or of a call of the function
    it decorates."""
    containment = Containment()
    try:
        yield
    finally:
        containment.end()


def _trees(roots: Iterable[psutil.Process]) -> set[psutil.Process]:
    """The roots and their descendants. Finding a process's descendants reads the whole
    process table: a root found under another is not searched again."""
    found: set[psutil.Process] = set()
    for root in roots:
        if root not in found:
            with contextlib.suppress(psutil.NoSuchProcess):
                found |= {root, *root.children(recursive=True)}
    return found


def _group_members(group: int | None) -> set[psutil.Process]:
    """The processes of process group ``group``."""
    if group is None:
        return set()
    members = set()
    for pid in psutil.pids():
        with contextlib.suppress(OSError, psutil.NoSuchProcess):
            if os.getpgid(pid) == group:
                members.add(psutil.Process(pid))
    return members


def _end(search: Callable[[], tuple[set[psutil.Process], set[psutil.Process]]]) -> None:
    """Stop, then kill, every process ``search`` finds, searching again until it finds no new
    one. ``search`` returns what it found, and which of those the kit must not reap: their exit
    status is another owner's (a Popen object's; a child that an in-process adapter forked)."""
    kit = psutil.Process()
    stopped: set[psutil.Process] = set()
    not_ours: set[psutil.Process] = set()
    try:
        for _ in range(_MAX_SEARCHES):
            found, owned = search()
            found.discard(kit)
            new = found - stopped
            if not new:
                break
            # Which of the new ones are owned is decided when first seen: a process that becomes
            # the kit's child later was adopted, when its parent ended.
            not_ours |= new & owned
            for process in new:
                _signal(process, signal.SIGSTOP)
            stopped |= new
    finally:  # whatever interrupted the search (Ctrl-C, a process table error): none stays stopped
        for process in stopped:
            _signal(process, signal.SIGKILL)
    _wait_dead(stopped, time.monotonic() + _DEATH_WAIT)
    # Each is dead now, and a dead process's children went to their new parent as it died: those
    # the kit adopted are its zombies to reap. Never waitpid(-1), which would reap others' too.
    for process in stopped - not_ours:
        with contextlib.suppress(psutil.NoSuchProcess, ChildProcessError):
            if process.is_running() and process.ppid() == kit.pid:
                os.waitpid(process.pid, os.WNOHANG)


def _signal(process: psutil.Process, number: int) -> None:
    with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
        process.send_signal(number)


def _wait_dead(processes: Collection[psutil.Process], deadline: float) -> None:
    alive = set(processes)
    while alive and time.monotonic() < deadline:
        for process in list(alive):
            try:
                if process.status() == psutil.STATUS_ZOMBIE:
                    alive.discard(process)
            except psutil.NoSuchProcess:
                alive.discard(process)
        if alive:
            time.sleep(0.005)


def _prctl() -> Callable[..., int] | None:
    """libc's prctl, on Linux; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return prctl


def _subreaper() -> bool | None:
    """Whether this process is a child subreaper; None where that cannot be known or set."""
    prctl = _prctl()
    if prctl is None:
        return None
    value = ctypes.c_int(0)
    if prctl(_PR_GET_CHILD_SUBREAPER, ctypes.byref(value), *[ctypes.c_ulong(0)] * 3) != 0:
        return None
    return bool(value.value)


def _set_subreaper(on: bool) -> None:
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_CHILD_SUBREAPER, ctypes.c_ulong(int(on)), *[ctypes.c_ulong(0)] * 3)
