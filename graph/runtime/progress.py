"""Progress of long work, told to a person watching a terminal and to no one else.

Building and validating a large world, exporting, dumping, generating and benchmarking take
minutes. On a terminal they say what they are doing (a step, on a line of its own) and how far a
long loop is (a count that rewrites the terminal's last line, at most ten times a second). Piped
into a file or another program they stay quiet, so that stderr carries only what went wrong;
`force` (the CLI's -v) prints the steps anyway, but never counts: a log full of carriage returns
helps no one.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")

REFRESH_SECONDS = 0.1  # the shortest time between two counts on the terminal
CHECK_EVERY = 1024  # items of a counted loop between two looks at the clock
CLEAR_LINE = "\r\x1b[K"  # back to the line's start, erase to its end (ECMA-48 EL)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class Progress:
    """A callable progress sink: `progress("building quads")` reports a step."""

    def __init__(self, *, force: bool = False, quiet: bool = False, stream: TextIO | None = None) -> None:
        """`force`: steps even off a terminal (-v); `quiet`: nothing at all (a library's default)."""
        self.stream = sys.stderr if stream is None else stream
        self.terminal = not quiet and is_terminal(self.stream)
        self.enabled = not quiet and (force or self.terminal)
        self._count_shown = False  # a count is on the terminal's last line
        self._counted_at = 0.0

    def __call__(self, message: str) -> None:
        """A step of the work, on a line of its own."""
        if self.enabled:
            self._clear()
            print(message, file=self.stream, flush=True)

    def count(self, what: str, done: int, total: int | None = None) -> None:
        """How far a loop is ("quads: 120,000 of 514,651 (23%)"), on a terminal only."""
        if not self.terminal:
            return
        now = time.monotonic()
        if now - self._counted_at < REFRESH_SECONDS and done != total:
            return
        self._counted_at = now
        of = f" of {total:,} ({done * 100 // total}%)" if total else ""
        self.stream.write(f"{CLEAR_LINE}{what}: {done:,}{of}")
        self.stream.flush()
        self._count_shown = True

    def counted(self, items: Iterable[T], what: str, total: int | None = None) -> Iterable[T]:
        """The items, counted on the terminal as they are consumed (the count is cleared at the
        end); off a terminal, the items themselves, so that a C loop over them stays one."""
        return self._counting(items, what, total) if self.terminal else items

    def _counting(self, items: Iterable[T], what: str, total: int | None) -> Iterator[T]:
        try:
            for done, item in enumerate(items, 1):
                yield item
                if done % CHECK_EVERY == 0:
                    self.count(what, done, total)
        finally:
            self.done()

    def done(self) -> None:
        """Erase the count, if one is shown, so that what is printed next starts a clean line."""
        self._clear()

    def _clear(self) -> None:
        if self._count_shown:
            self.stream.write(CLEAR_LINE)
            self.stream.flush()
            self._count_shown = False


SILENT = Progress(quiet=True)  # for library functions whose caller asked for no progress
