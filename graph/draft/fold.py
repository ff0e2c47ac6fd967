"""Text folded for matching: one script (Simplified), one width (NFKC) and one case, with a map back.

Names, triggers and unit words are matched on folded text so that 軟銀, 软银 and full-width SoftBank find
their entry whatever the article's script; every match is mapped back to the article's own offsets,
so a quote is always the article's text verbatim. Folding is character by character (OpenCC's
phrase conversion could change lengths and lose the map).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
_S2T = OpenCC("s2t")


@cache
def fold_char(char: str) -> str:
    """One character folded: width and compatibility forms (NFKC), Simplified script, lower case."""
    return "".join(str(_T2S.convert(c)) for c in unicodedata.normalize("NFKC", char)).casefold()


@cache
def is_traditional(char: str) -> bool:
    """Whether a character is written differently in Simplified script."""
    return str(_T2S.convert(char)) != char


@cache
def is_simplified(char: str) -> bool:
    """Whether a character is written differently in Traditional script."""
    return str(_S2T.convert(char)) != char


def fold(text: str) -> str:
    return "".join(fold_char(c) for c in text)


@dataclass(frozen=True)
class Folded:
    """A text's folded form and, for each folded character, the offset of the character it came from."""

    original: str
    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> Folded:
        pieces: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(original):
            folded = fold_char(char)
            pieces.append(folded)
            origin.extend([index] * len(folded))
        return cls(original, "".join(pieces), tuple(origin))

    def at(self, offset: int) -> int:
        """The folded offset where the original character at `offset` begins."""
        return bisect_left(self.origin, offset)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the folded stretch [start, end)."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1
