"""The progress bars of ``p2c load`` and ``p2c explore``: tqdm's, drawn on a terminal only."""

from __future__ import annotations

from typing import Never, Protocol

from tqdm import tqdm


class Stream(Protocol):
    """Where a bar is drawn: a terminal's stream, such as ``sys.stderr``."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> object: ...

    def isatty(self) -> bool: ...


def progress_bar(label: str, total: int, unit: str, stream: Stream | None) -> tqdm[Never]:
    """A bar of ``total`` ``unit`` on ``stream``, redrawn at most five times a second, and
    nothing at all where there is no stream or it is no terminal (a pipe, a file, CI's log)."""
    return tqdm(
        total=total,
        desc=label,
        unit=f" {unit}",
        file=stream,
        disable=stream is None or not stream.isatty(),
        mininterval=0.2,
        dynamic_ncols=True,
    )


def advance(bar: tqdm[Never], done: int, note: str) -> None:
    """Show ``done`` of the bar's total (never more: shrinking a failure runs past the budget),
    with ``note`` after it."""
    bar.set_postfix_str(note, refresh=False)
    bar.update(min(done, int(bar.total or done)) - bar.n)
