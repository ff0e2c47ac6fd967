"""Plain-text tables and term display for the command line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox


def term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    return str(term.value) if isinstance(term, (ox.NamedNode, ox.BlankNode)) else str(term)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def format_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
