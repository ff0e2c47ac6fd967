"""Finding listed phrases (entity names, trigger words) in folded text: the longest at each place.

A phrase that begins or ends with a Latin letter or digit must not run on into another one in the
text ("Arm" is not found in "Army"). Chinese has no spaces, so Chinese phrases match anywhere.
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

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        by_length: dict[str, dict[int, dict[str, T]]] = defaultdict(lambda: defaultdict(dict))
        for phrase, payload in phrases:
            if phrase:
                by_length[phrase[0]][len(phrase)].setdefault(phrase, payload)
        # per first character, the phrases by length, longest first: one lookup per length at a place
        self.by_first = {
            first: sorted(lengths.items(), key=lambda item: -item[0]) for first, lengths in by_length.items()
        }

    def _fits(self, text: str, end: int) -> bool:
        """A phrase ending in a Latin letter or digit ends the text's word there."""
        return not (is_word_char(text[end - 1]) and end < len(text) and is_word_char(text[end]))

    def phrases(self) -> Iterator[tuple[str, T]]:
        for lengths in self.by_first.values():
            for _, phrases in lengths:
                yield from phrases.items()

    def at(self, text: str, start: int) -> Hit[T] | None:
        """The longest phrase starting at `start`, if one does."""
        if start > 0 and is_word_char(text[start]) and is_word_char(text[start - 1]):
            return None  # inside a Latin word, where no phrase may start
        for length, phrases in self.by_first.get(text[start], ()):
            end = start + length
            phrase = text[start:end]
            if phrase in phrases and self._fits(text, end):
                return Hit(start, end, phrase, phrases[phrase])
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
