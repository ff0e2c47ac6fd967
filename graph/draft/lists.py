"""Mentions listed together (OpenAI、软银和甲骨文公司): parties acting together, or the group a
word such as 这些公司 refers back to. Shared by the claim rules and the referring words."""

from __future__ import annotations

from graph.draft.fold import Folded
from graph.draft.linking import Mention
from graph.draft.rules import Rules

QUOTE_MARKS = " \"'“”‘’「」『』《》()（）"  # noqa: RUF001 (full-width marks are the point)


def between(folded: Folded, start: int, end: int) -> str:
    """The folded text between two of the article's offsets, without spaces and quotation marks."""
    return folded.text[folded.at(start) : folded.at(end)].strip(QUOTE_MARKS)


def listed_together(folded: Folded, rules: Rules, first: Mention, second: Mention) -> bool:
    """Whether two mentions are listed together: 和, 、, 以及 + a short description, ", ", or one
    group word naming both (这些公司)."""
    if (first.start, first.end) == (second.start, second.end):
        return True
    text = between(folded, first.end, second.start)
    raw = folded.original[first.end : second.start].strip()
    if text in rules.conjunctions or raw in (",", ", and"):
        return True
    return any(
        text.startswith(word)
        and len(text) - len(word) <= rules.descriptor_chars
        and not any(end in text for end in rules.clause_ends)
        for word in rules.conjunctions
    )
