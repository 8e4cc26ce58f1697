"""The progress bars of p2c load and p2c explore: on a terminal only, never past their total."""

from __future__ import annotations

from io import StringIO

from p2c_kit._progress import advance, progress_bar


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_shows_its_count_and_note_on_a_terminal_and_never_more_than_its_total():
    terminal = Terminal()
    with progress_bar("explore gab", 4, "sequences", terminal) as bar:
        advance(bar, 3, "12 actions")
        advance(bar, 9, "40 actions")  # shrinking a failure runs past the budget
        assert bar.n == 4
    drawn = terminal.getvalue()
    assert "explore gab" in drawn and "4/4" in drawn and "40 actions" in drawn
    assert "9/4" not in drawn


def test_no_bar_is_drawn_in_a_pipe_or_without_a_stream():
    pipe = StringIO()
    for stream in (pipe, None):
        with progress_bar("load gab", 2, "prospects", stream) as bar:
            advance(bar, 2, "1 actions/s")
    assert pipe.getvalue() == ""
