"""Finding listed phrases (entity names, trigger words) in folded text: the longest at each place.

A phrase that begins or ends with a Latin letter or digit must not run on into another one in the
text ("Arm" is not found in "Army"), unless `open_end` lets a phrase be a word's start (the
trigger "invest" finds "invested"). Chinese has no spaces, so Chinese phrases match anywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


def is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass(frozen=True)
class Hit(Generic[T]):
    start: int  # folded offsets, end exclusive
    end: int
    phrase: str
    payload: T


class PhraseIndex(Generic[T]):
    """Folded phrases, each with a payload, found longest first and without overlap."""

    def __init__(self, phrases: Iterable[tuple[str, T]], open_end: bool = False) -> None:
        self.open_end = open_end
        by_first: dict[str, list[tuple[str, T]]] = defaultdict(list)
        for phrase, payload in phrases:
            if phrase:
                by_first[phrase[0]].append((phrase, payload))
        self.by_first = {first: sorted(items, key=lambda item: -len(item[0])) for first, items in by_first.items()}

    def _fits(self, text: str, start: int, end: int) -> bool:
        if is_word_char(text[start]) and start > 0 and is_word_char(text[start - 1]):
            return False
        closed_end = not self.open_end and is_word_char(text[end - 1])
        return not (closed_end and end < len(text) and is_word_char(text[end]))

    def phrases(self) -> Iterator[tuple[str, T]]:
        for items in self.by_first.values():
            yield from items

    def at(self, text: str, start: int) -> Hit[T] | None:
        """The longest phrase starting at `start`, if one does."""
        for phrase, payload in self.by_first.get(text[start], ()):
            end = start + len(phrase)
            if text.startswith(phrase, start) and self._fits(text, start, end):
                return Hit(start, end, phrase, payload)
        return None

    def find(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Hit[T]]:
        stop = len(text) if end is None else end
        index = start
        while index < stop:
            hit = self.at(text, index)
            if hit is not None and hit.end <= stop:
                yield hit
                index = hit.end
            else:
                index += 1
