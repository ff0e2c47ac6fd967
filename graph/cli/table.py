"""Plain-text tables and term display for the command line."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import pyoxigraph as ox


def term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    return str(term.value) if isinstance(term, (ox.NamedNode, ox.BlankNode)) else str(term)


def display_width(text: str) -> int:
    """The columns a terminal gives the text: two for wide and full-width characters (Unicode's
    East Asian Width W and F: Chinese, full-width punctuation, CJK beyond the BMP, emoji), none
    for combining marks, one for the rest (half-width forms and ambiguous ones included)."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
