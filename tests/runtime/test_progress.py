"""graph/runtime/progress.py: steps and counts on a terminal; on a pipe nothing, or the steps alone under -v."""

from __future__ import annotations

import io
import os
import pty
from collections.abc import Iterator
from contextlib import contextmanager

from graph.runtime.progress import CLEAR_LINE, Progress
from tests.terminal import read_terminal


@contextmanager
def terminal() -> Iterator[tuple[io.TextIOWrapper, list[str]]]:
    """A text stream onto a pseudo-terminal, and (after the block) what the terminal received."""
    main, side = pty.openpty()
    received: list[str] = []
    stream = os.fdopen(side, "w", encoding="utf-8")  # closed below, before reading
    try:
        yield stream, received
    finally:
        stream.close()
        received.append(read_terminal(main).decode("utf-8").replace("\r\n", "\n"))
        os.close(main)


def work(progress: Progress) -> list[int]:
    progress("reading")
    items = list(progress.counted(range(3000), "items", 3000))
    progress("done")
    return items


def test_a_terminal_sees_the_steps_and_a_count_that_is_erased() -> None:
    with terminal() as (stream, received):
        assert work(Progress(stream=stream)) == list(range(3000))
    shown = received[0]
    assert shown.startswith("reading\n")
    assert f"{CLEAR_LINE}items: 1,024 of 3,000 (34%)" in shown
    assert shown.endswith(f"{CLEAR_LINE}done\n")  # the count erased before the next step


def test_a_pipe_sees_nothing() -> None:
    pipe = io.StringIO()
    assert work(Progress(stream=pipe)) == list(range(3000))
    assert pipe.getvalue() == ""


def test_forced_onto_a_pipe_the_steps_come_without_counts() -> None:
    pipe = io.StringIO()
    work(Progress(force=True, stream=pipe))
    assert pipe.getvalue() == "reading\ndone\n"


def test_quiet_says_nothing_even_on_a_terminal() -> None:
    with terminal() as (stream, received):
        work(Progress(quiet=True, stream=stream))
    assert received == [""]


def test_off_a_terminal_counted_hands_back_the_items_themselves() -> None:
    items = [1, 2, 3]
    assert Progress(stream=io.StringIO()).counted(items, "items") is items


def test_counts_are_throttled() -> None:
    with terminal() as (stream, received):
        progress = Progress(stream=stream)
        for done in range(1, 1001):
            progress.count("items", done, 1000)
        progress.done()
    counts = received[0].count("items: ")
    assert 1 <= counts <= 5  # the first, the last (done == total), and few between
    assert "items: 1,000 of 1,000 (100%)" in received[0]
